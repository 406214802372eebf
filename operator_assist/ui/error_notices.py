"""The Qt side of the app's log: Qt's own messages into it, and one notice for an uncaught exception."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QMessageLogContext, QObject, QtMsgType, Signal, qInstallMessageHandler

from ..logs import AppLog

qt_log = logging.getLogger("operator_assist.qt")

QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def _qt_message(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    category = context.category
    if category and category != "default":
        qt_log.log(QT_LEVELS.get(kind, logging.WARNING), "%s: %s", category, message)
    else:
        qt_log.log(QT_LEVELS.get(kind, logging.WARNING), "%s", message)


def install_qt_messages() -> Callable[[], None]:
    """Qt's warnings (and the rest) go to the log, not to stderr alone; returns the undo."""
    previous = qInstallMessageHandler(_qt_message)

    def undo() -> None:
        qInstallMessageHandler(previous)

    return undo


class ErrorNotices(QObject):
    """The first uncaught exception of the run, on any thread, is a notice in ``window``."""

    happened = Signal(str, str)
    """(the notice, its details), emitted on the failing thread, shown on the GUI thread."""

    def __init__(self, app_log: AppLog, window) -> None:
        super().__init__(window)
        self.app_log = app_log
        self.happened.connect(window.add_notice)  # queued from a worker thread
        app_log.on_error(self._on_error)
        self.destroyed.connect(lambda *_: self._forget())

    def _forget(self) -> None:
        if self._on_error in self.app_log.listeners:
            self.app_log.listeners.remove(self._on_error)

    def _on_error(self, thread: str, exc: BaseException) -> None:
        text = self.tr("Внутренняя ошибка помощника — он продолжает работу. Подробности в файле {path}").format(
            path=self.app_log.path
        )
        self.happened.emit(text, f"{type(exc).__name__}: {exc} ({thread})")
