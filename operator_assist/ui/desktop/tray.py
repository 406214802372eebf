"""The tray icon: its colour follows the call (neutral / amber / red), the time is in its tooltip."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from ...core.engine import Level, Snapshot
from .. import texts

ICON_COLOURS = {Level.NEUTRAL: "#5b7083", Level.AMBER: "#ffb300", Level.RED: "#d32f2f"}


def level_icon(level: Level) -> QIcon:
    pixmap = QPixmap(32, 32)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor(ICON_COLOURS[level]))
    painter.setPen(QColor("#ffffff"))
    painter.drawEllipse(2, 2, 28, 28)
    painter.end()
    return QIcon(pixmap)


class Tray(QObject):
    show_requested = Signal()
    quit_requested = Signal()

    def __init__(self, compact_action: QAction, mute_action: QAction, parent=None) -> None:
        super().__init__(parent)
        self.icon = QSystemTrayIcon(self)
        self._icons = {level: level_icon(level) for level in Level}
        self.menu = QMenu()
        self.show_action = self.menu.addAction(self.tr("Показать окно"))
        self.show_action.triggered.connect(self.show_requested.emit)
        self.menu.addAction(compact_action)
        self.menu.addAction(mute_action)
        self.menu.addSeparator()
        self.quit_action = self.menu.addAction(self.tr("Выход"))
        self.quit_action.triggered.connect(self.quit_requested.emit)
        self.icon.setContextMenu(self.menu)
        self.icon.activated.connect(self._activated)
        self.level: Level | None = Level.NEUTRAL
        self.icon.setIcon(self._icons[Level.NEUTRAL])  # before show(): Qt warns about an icon-less tray
        self.icon.show()

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason == QSystemTrayIcon.ActivationReason.Trigger:
            self.show_requested.emit()

    def show_snapshot(self, snap: Snapshot) -> None:
        if snap.level is not self.level:
            self.level = snap.level
            self.icon.setIcon(self._icons[snap.level])
        meaning, number = texts.compact_time(snap)
        self.icon.setToolTip(" ".join(filter(None, (f"{texts.state_title(snap)} —", meaning, number))))

    def message(self, title: str, text: str) -> None:
        """A desktop notification from the tray (the lead's alerts)."""
        self.icon.showMessage(title, text, QSystemTrayIcon.MessageIcon.Warning, 10_000)

    def close(self) -> None:
        self.icon.hide()
