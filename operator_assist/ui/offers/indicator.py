"""The «Преврати звонок в плюс» indicator: grey = no offer, red and blinking = offer.

Colour is never the only signal: the caption and tooltip say the same in words.
The blink timer runs only while the indicator is red, so a grey indicator
costs nothing.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from .. import timers
from ..texts import plain_tooltip

# name: (background, text, border)
STYLES = {
    "grey": ("#c9ced4", "#3d4650", "#aeb4bb"),
    "red_on": ("#e53935", "#ffffff", "#b71c1c"),
    "red_off": ("#fbe3e3", "#b71c1c", "#e53935"),
    "suppressed": ("#eceff1", "#5d4037", "#8d6e63"),
    "unavailable": ("#c9ced4", "#3d4650", "#aeb4bb"),
}
BLINK_MS = 500  # half period: about 1 Hz


class OfferIndicator(QWidget):
    clicked = Signal()

    def __init__(self, parent=None, compact: bool = False) -> None:
        """``compact``: one line, no status line under it (the compact window)."""
        super().__init__(parent)
        self.compact = compact
        self.button = QPushButton()
        self.button.setObjectName("offerLamp")
        self.button.setMinimumHeight(26 if compact else 40)
        # A long offer title must not widen the column: each line is elided to the
        # width there is (the full caption stays in the tooltip and accessible name).
        self.button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.caption = ""
        self.button.clicked.connect(self.clicked.emit)
        self.status_label = QLabel()
        self.status_label.setObjectName("offerStatus")
        self.status_label.setWordWrap(True)
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        # Two lines kept even when empty: the ticks below must not move under the mouse
        # when a reminder comes or goes.
        self.status_label.setMinimumHeight(2 * self.status_label.fontMetrics().lineSpacing())
        self.status_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.button)
        layout.addWidget(self.status_label)
        if compact:
            self.status_label.hide()
            self.status_label.setMinimumHeight(0)
        self._blink = timers.timer(self, BLINK_MS)
        self._blink.timeout.connect(self._toggle_phase)
        self.kind = ""
        self.phase_on = True
        self.set_state("grey", self.tr("Преврати звонок в плюс — предложения нет"))

    def set_state(self, kind: str, caption: str, tooltip: str = "", status: str = "") -> None:
        """kind: grey | red | suppressed | unavailable.

        The status line keeps its two lines even when empty, in a call or not: the ticks below stay put.
        """
        self.caption = caption
        self._fit_caption()
        self.button.setToolTip(plain_tooltip(tooltip or caption))
        self.button.setAccessibleName(caption)
        self.status_label.setText(status)
        if kind == self.kind:
            return
        self.kind = kind
        if kind == "red":
            self.phase_on = True
            self._blink.start()
        else:
            self._blink.stop()
        self._apply_style()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_caption()

    def _fit_caption(self) -> None:
        metrics = self.button.fontMetrics()
        width = max(40, self.button.width() - 24)  # padding and border of the style below
        caption = self.caption.split("\n")
        if self.compact:  # one line: the offer's title when there is one
            caption = caption[-1:]
        self.button.setText("\n".join(metrics.elidedText(line, Qt.TextElideMode.ElideRight, width) for line in caption))

    def _toggle_phase(self) -> None:
        self.phase_on = not self.phase_on
        self._apply_style()

    def style_name(self) -> str:
        if self.kind == "red":
            return "red_on" if self.phase_on else "red_off"
        return self.kind

    def _apply_style(self) -> None:
        background, text, border = STYLES[self.style_name()]
        self.button.setStyleSheet(
            f"#offerLamp {{ background: {background}; color: {text}; border: 2px solid {border};"
            f" border-radius: 6px; font-weight: bold; padding: 4px 8px; }}"
        )
