"""The demo/practice strip: a banner that is always visible, the transcript and the controls."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

WHO_COLOURS = {"client": "#0d47a1", "operator": "#1b5e20", "note": "#616161", "expect": "#e65100"}


class DemoPanel(QWidget):
    pause_toggled = Signal(bool)
    step_clicked = Signal()
    restart_clicked = Signal()

    def __init__(self, title: str, practice: bool, speed: float, parent=None) -> None:
        super().__init__(parent)
        self.banner = QLabel()
        self.banner.setObjectName("demoBanner")
        self.banner.setWordWrap(True)
        self.banner.setTextFormat(Qt.TextFormat.PlainText)  # the scenario's title
        mode = self.tr("ПРАКТИКА") if practice else self.tr("ДЕМО")
        speed_text = "" if speed == 1 else f" · ×{speed:g}"
        self.banner.setText(f"{mode} · {title}{speed_text}")
        colour = "#6a1b9a" if practice else "#ad1457"
        self.banner.setStyleSheet(
            f"#demoBanner {{ background: {colour}; color: white; font-weight: bold; font-size: 13pt;"
            " padding: 4px 8px; border-radius: 4px; }"
        )
        self.transcript = QListWidget()
        self.transcript.setWordWrap(True)
        self.transcript.setMinimumHeight(110)
        self.pause_button = QPushButton(self.tr("Пауза"))
        self.pause_button.setCheckable(True)
        self.step_button = QPushButton(self.tr("Шаг ▶"))
        self.restart_button = QPushButton(self.tr("Заново"))
        self.pause_button.toggled.connect(self._on_pause)
        self.step_button.clicked.connect(self.step_clicked.emit)
        self.restart_button.clicked.connect(self.restart_clicked.emit)
        controls = QHBoxLayout()
        controls.setContentsMargins(0, 0, 0, 0)
        for button in (self.pause_button, self.step_button, self.restart_button):
            controls.addWidget(button)
        if practice:
            self.step_button.hide()  # the trainee sets the pace
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.banner)
        layout.addWidget(self.transcript)
        layout.addLayout(controls)

    def _on_pause(self, paused: bool) -> None:
        self.pause_button.setText(self.tr("Продолжить") if paused else self.tr("Пауза"))
        self.pause_toggled.emit(paused)

    def add_line(self, who: str, text: str) -> None:
        prefix = {
            "client": self.tr("Клиент: "),
            "operator": self.tr("Оператор: "),
            "note": "",
            "expect": self.tr("Ваш ход: "),
        }[who]
        item = QListWidgetItem(prefix + text)
        item.setForeground(QBrush(QColor(WHO_COLOURS[who])))
        if who == "note":
            font = item.font()
            font.setItalic(True)
            item.setFont(font)
        self.transcript.addItem(item)
        self.transcript.scrollToBottom()

    def lines(self) -> list[str]:
        return [self.transcript.item(i).text() for i in range(self.transcript.count())]

    def clear(self) -> None:
        self.transcript.clear()
