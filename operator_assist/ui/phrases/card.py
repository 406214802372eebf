"""One phrase in the panel: its title, the full text (wrapped, never cut) and a note.

A single QLabel per phrase (title, text and note as escaped rich text): the
panel holds every phrase of the library, and fewer widgets start faster.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel

from ...core.phrases import Phrase
from .. import timers
from ..texts import escape

# Set once on the panel's list, not per card: a style sheet per widget costs startup time.
FLASH_MS = 700  # green after a copy
STYLE = """
PhraseCard { border: 1px solid #d0d4da; border-radius: 5px; background: #ffffff; color: #101418; padding: 4px 7px; }
PhraseCard[rule="true"] { background: #f4f6f8; }
PhraseCard[child="true"] { margin-left: 22px; }
PhraseCard[selected="true"] { border: 2px solid #2a6fdb; }
PhraseCard[highlighted="true"] { background: #fff3b0; border: 2px solid #e0a000; }
PhraseCard[copied="true"] { background: #dff5e1; border: 2px solid #2e9e45; }
QLabel#phraseHeading { color: #1d3f7a; font-weight: bold; padding-top: 4px; }
"""


class PhraseCard(QLabel):
    clicked = Signal(str)

    def __init__(self, phrase: Phrase, parent=None) -> None:
        super().__init__(parent)
        self.phrase = phrase
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)  # built from escaped parts only
        if phrase.sayable:
            self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setProperty("rule", not phrase.sayable)
        self._flash_end: QTimer | None = None
        self.number: int | None = None
        self.rendered = phrase.text

    def set_text(self, text: str) -> None:
        self.rendered = text
        self._update()

    def set_number(self, number: int | None) -> None:
        if number != self.number:
            self.number = number
            self._update()

    def _update(self) -> None:
        phrase = self.phrase
        title = phrase.title
        if not phrase.sayable:
            title = self.tr("Правило · {title}").format(title=title) if title else self.tr("Правило")
        if self.number:
            title = f"Ctrl+{self.number} · {title}" if title else f"Ctrl+{self.number}"
        parts = []
        if title:
            parts.append(f'<span style="color:#4a5563; font-weight:bold">{escape(title)}</span><br>')
        parts.append(escape(self.rendered))
        if phrase.wrong:
            parts.append(' <span style="color:#9a2a00">{}</span>'.format(escape(self.tr("(не «{wrong}»)").format(wrong=phrase.wrong))))
        if phrase.note:
            parts.append(f'<br><i style="color:#6b7280">{escape(phrase.note)}</i>')
        self.setText("".join(parts))

    def set_indent(self, indent: bool) -> None:
        """A follow-up (a branch the operator picks) sits under its phrase."""
        self._set_flag("child", indent)

    def _set_flag(self, name: str, on: bool) -> None:
        if bool(self.property(name)) != on:
            self.setProperty(name, on)
            self.style().unpolish(self)
            self.style().polish(self)

    def set_selected(self, on: bool) -> None:
        self._set_flag("selected", on)

    def set_highlighted(self, on: bool) -> None:
        self._set_flag("highlighted", on)

    def flash(self) -> None:
        """Green for a moment: the operator sees which phrase went to the clipboard."""
        if self._flash_end is None:
            self._flash_end = timers.timer(self, FLASH_MS, single_shot=True)  # dies with the card
            self._flash_end.timeout.connect(lambda: self._set_flag("copied", False))
        self._set_flag("copied", True)
        self._flash_end.start()

    def mouseReleaseEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.phrase.sayable:
            self.clicked.emit(self.phrase.id)
        super().mouseReleaseEvent(event)
