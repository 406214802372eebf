"""What the wrap-up box (F9) says: which summary to use (or to skip it) and the composed farewell.

The box (:class:`~.wrapup_box.WrapUpBox`) is hidden until needed, so it is built when first
used; this object chooses its texts from the panel's library, fills them as the panel does,
and has the box keep the room of the longest of them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...core.phrases import (
    RESOLVED,
    SKIP_SUMMARY,
    UNRESOLVED,
    Phrase,
    PhraseLibrary,
    advised_summary,
    compose_farewell,
    wrap_up,
)

if TYPE_CHECKING:
    from ...core.keymap import Keymap
    from .panel import PhrasePanel
    from .wrapup_box import WrapUpBox


class WrapUpAdvice:
    """The panel's wrap-up: reads the panel's library, moment and texts' filling; copies through the panel."""

    def __init__(self, panel: PhrasePanel, keys: Keymap) -> None:
        self._panel = panel
        self._keys = keys
        self._box: WrapUpBox | None = None
        self._creative_index = 0
        self.farewell: list[Phrase] = []
        """The farewell's phrases, in the order they are said."""
        self.summary: Phrase | None = None
        self._reserved: tuple[PhraseLibrary, int] | None = None
        """The library and texts' filling the box last reserved its room for."""

    @property
    def box(self) -> WrapUpBox:
        """The wrap-up box, between the copy confirmation and the list (built on first use)."""
        if self._box is None:
            from .wrapup_box import WrapUpBox

            box = self._box = WrapUpBox(self._keys.key("wrapup"), self._keys.key("copy_farewell"))
            box.hide()
            box.changed.connect(self.update)
            box.other_creative.connect(self._next_creative)
            box.copy_farewell.connect(self._panel.copy_farewell)
            box.copy_summary.connect(lambda: self.summary and self._panel.copy_phrase(self.summary.id))
            self._panel.add_above_list(box)
        return self._box

    def toggled(self, on: bool) -> None:
        """The panel's «Итоги» button."""
        if on or self._box is not None:
            self.box.setVisible(on)
        if on:
            self._creative_index = 0
            self.update()
        # The window recomputes the call context (call_context's wrapup) and calls the panel's set_context.

    def update(self) -> None:
        """The advice again (another library, filling, toggle or farewell), while the box is open."""
        panel = self._panel
        if not panel.wrapup_button.isChecked():
            return
        import datetime as dt  # the wrap-up's time of day: not on the way to the window

        box = self.box
        library = panel.library
        advice = wrap_up(library, box.resolved.isChecked(), box.skip.isChecked(), dt.datetime.now())
        summary = advice.summary[0] if advice.summary else None
        reorder = panel.context == "wrapup" and (summary and summary.id) != (self.summary and self.summary.id)
        self.summary = summary
        creative = advice.creative[self._creative_index % len(advice.creative)] if advice.creative else None
        self.farewell = compose_farewell(library, creative)
        box.show_advice(str(advice.advice), panel.render_phrase(summary) if summary else "", self.farewell_text())
        if self._reserved is None or self._reserved[0] is not library or self._reserved[1] != panel.rows.generation:
            self._reserve(box)
        if reorder:
            panel.relayout()

    def _reserve(self, box: WrapUpBox) -> None:
        """The box keeps the height of its longest variant: «Другая фраза» and the toggles move nothing."""
        library = self._panel.library
        self._reserved = (library, self._panel.rows.generation)
        summaries = [library.get(i) for i in (advised_summary(library, True), advised_summary(library, False)) if i]
        box.reserve(
            [str(text) for text in (RESOLVED, UNRESOLVED, SKIP_SUMMARY)],
            [self._panel.render_phrase(p) for p in summaries if p is not None],
            [self._farewell_text(compose_farewell(library, c)) for c in (*library.in_category("creative"), None)],
        )

    def _next_creative(self) -> None:
        self._creative_index += 1
        self.update()

    def farewell_text(self) -> str:
        return self._farewell_text(self.farewell)

    def _farewell_text(self, parts: list[Phrase]) -> str:
        return " ".join(self._panel.render_phrase(p) for p in parts)

    def reset(self) -> None:
        """The call ended: the box's toggles as at the start of a call."""
        if self._box is not None:
            self._box.reset()
