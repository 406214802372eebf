"""Where a window was: saved when it moves or is resized (a crash keeps it), restored fully on a screen."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QByteArray, QEvent, QObject, QRect
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from .. import timers

SAVE_AFTER_MS = 1000
"""A drag or a resize moves the window many times: saved once, after it has stopped."""


def encoded(window: QWidget) -> str:
    return window.saveGeometry().toBase64().toStdString()


def restore(window: QWidget, saved: str) -> None:
    """``saved`` (:func:`encoded`), then moved and if need be shrunk onto the screen nearest to it."""
    window.restoreGeometry(QByteArray.fromBase64(saved.encode("ascii")))
    fit_on_screen(window)


def fit_on_screen(window: QWidget) -> None:
    """The whole window, its frame and status bar included, inside one screen's available area."""
    frame = window.frameGeometry()
    screen = QGuiApplication.screenAt(frame.center()) or window.screen() or QGuiApplication.primaryScreen()
    area = screen.availableGeometry()
    if area.contains(frame):
        return
    border_w, border_h = frame.width() - window.width(), frame.height() - window.height()
    width, height = min(window.width(), area.width() - border_w), min(window.height(), area.height() - border_h)
    if (width, height) != (window.width(), window.height()):
        window.resize(max(width, window.minimumWidth()), max(height, window.minimumHeight()))
    frame = QRect(frame.topLeft(), window.frameGeometry().size())
    x = min(max(frame.left(), area.left()), area.right() + 1 - frame.width())
    y = min(max(frame.top(), area.top()), area.bottom() + 1 - frame.height())
    window.move(max(x, area.left()), max(y, area.top()))


class GeometryKeeper(QObject):
    """Calls ``save(encoded geometry)`` a moment after ``window`` stops moving or being resized."""

    def __init__(self, window: QWidget, save: Callable[[str], None]) -> None:
        super().__init__(window)
        self.window = window
        self._save = save
        self._timer = timers.timer(self, SAVE_AFTER_MS, single_shot=True)
        self._timer.timeout.connect(self.save_now)
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Move, QEvent.Type.Resize) and self.window.isVisible():
            self._timer.start()
        elif event.type() == QEvent.Type.Show:  # its frame is known now
            fit_on_screen(self.window)
        return False

    def save_now(self) -> None:
        self._timer.stop()
        if self.window.isVisible() and not self.window.isMinimized():
            self._save(encoded(self.window))
