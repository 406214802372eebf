"""The glanceable block: state in words, a large mm:ss and what to do now."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout

from ...core.engine import Level

# Background, text colour. Amber and red are the standard's "act now" signals;
# neutral stays calm so a change catches the corner of the eye.
LEVEL_COLOURS = {
    Level.NEUTRAL: ("#e8edf3", "#1b2733"),
    Level.AMBER: ("#ffc83d", "#1b1b1b"),
    Level.RED: ("#d32f2f", "#ffffff"),
}


TIME_SCALE = (4.2, 2.3)
"""The big time's size against the window's font: in a window of ordinary height, and in a short one."""


class TimerDisplay(QFrame):
    height_changed = Signal()
    """The wrapped message needs another height (a stacked window gives the column room for it)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("timerDisplay")
        self.setFrameShape(QFrame.Shape.NoFrame)

        self.state_label = QLabel()
        state_font = QFont(self.font())
        state_font.setPointSizeF(state_font.pointSizeF() * 1.4)
        state_font.setBold(True)
        self.state_label.setFont(state_font)

        self.time_label = QLabel()
        time_font = QFont(self.font())
        self._base_points = time_font.pointSizeF()
        time_font.setPointSizeF(self._base_points * TIME_SCALE[0])
        time_font.setBold(True)
        time_font.setStyleHint(QFont.StyleHint.Monospace)
        time_font.setFamilies(["DejaVu Sans Mono", "Consolas", "Menlo", "monospace"])
        self.time_label.setFont(time_font)

        self.caption_label = QLabel()
        self.caption_label.setObjectName("timeCaption")
        self.caption_label.setMinimumHeight(self.caption_label.fontMetrics().height())  # no jump when it empties

        self.message_label = QLabel(wordWrap=True)
        message_font = QFont(self.font())
        message_font.setPointSizeF(message_font.pointSizeF() * 1.1)
        self.message_label.setFont(message_font)
        self._message_lines_height = self._reserved_lines = self.message_label.fontMetrics().lineSpacing() * 4
        self.message_label.setMinimumHeight(self._message_lines_height)
        for label in (self.state_label, self.time_label, self.caption_label, self.message_label):
            label.setTextFormat(Qt.TextFormat.PlainText)  # a role's label from settings.yaml is words, never markup
        for label in (self.state_label, self.time_label, self.caption_label):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message_label.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)

        layout = self.column = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.setSpacing(2)
        layout.addWidget(self.state_label)
        layout.addWidget(self.time_label)
        layout.addWidget(self.caption_label)
        layout.addWidget(self.message_label)
        self.level: Level | None = None
        self.set_level(Level.NEUTRAL)

    def set_level(self, level: Level) -> None:
        if level is self.level:
            return
        self.level = level
        background, text = LEVEL_COLOURS[level]
        self.setStyleSheet(
            f"#timerDisplay {{ background: {background}; border-radius: 8px; }}"
            f"#timerDisplay QLabel {{ color: {text}; background: transparent; }}"
        )

    def show_values(self, state: str, time_text: str, message: str, level: Level, caption: str = "") -> None:
        """``caption``: what the big number means («осталось до возврата»), so its direction is never a guess."""
        self.state_label.setText(state)
        self.time_label.setText(time_text)
        self.caption_label.setText(caption)
        if message != self.message_label.text():
            self.message_label.setText(message)
            self._fit_message()
        self.set_level(level)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_message()

    def _fit_message(self) -> None:
        # What to do now must never be cut off: in a narrow or short window the message
        # claims the lines its wrapped text needs (the column's spare space gives them).
        label = self.message_label
        needed = label.heightForWidth(label.width()) if label.width() > 0 else 0
        height = max(self._message_lines_height, needed)
        if height != label.minimumHeight():
            label.setMinimumHeight(height)
            self.height_changed.emit()

    def set_short(self, short: bool) -> None:
        """A short window: a smaller time and no lines reserved beyond what the message needs."""
        font = QFont(self.time_label.font())
        font.setPointSizeF(self._base_points * TIME_SCALE[1 if short else 0])
        if font.pointSizeF() != self.time_label.font().pointSizeF():
            self.time_label.setFont(font)
            self._message_lines_height = 0 if short else self._reserved_lines
            self.column.setContentsMargins(12, 4 if short else 10, 12, 4 if short else 10)
            self._fit_message()
