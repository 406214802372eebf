"""The line above the phrase list that says what was just copied or said.

One line, always there (empty when nothing was copied): a notice never moves the list.
A long text is cut to the line's width; the whole of it is in the tooltip.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from .. import timers

CONFIRM_MS = 3000  # «✓ Скопировано» stays this long


class CopyConfirmation(QLabel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("copyConfirmation")
        self.setStyleSheet("#copyConfirmation { color: #1f7a35; font-weight: bold; }")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setMinimumWidth(1)  # a long text is elided, never widens the panel
        self._notice = ""
        self._timer = timers.timer(self, CONFIRM_MS, single_shot=True)
        self._timer.timeout.connect(lambda: self._show(""))

    def say(self, text: str) -> None:
        """Shows ``text`` for ``CONFIRM_MS``."""
        self._show(text)
        self._timer.start()

    def dismiss(self) -> None:
        self._timer.stop()
        self._show("")

    def _show(self, text: str) -> None:
        self._notice = text
        self._elide()

    def _elide(self) -> None:
        metrics = self.fontMetrics()
        self.setText(metrics.elidedText(self._notice, Qt.TextElideMode.ElideRight, self.width()) if self._notice else "")
        self.setToolTip(self._notice)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self._notice:
            self._elide()
