"""SIGINT and SIGTERM end the app cleanly, delivered through Qt's event loop.

Python runs a signal handler only when the interpreter gets control, and Qt's
event loop (C++) may sleep for a long time. ``signal.set_wakeup_fd`` makes the C
handler write the signal number to a socket; a QSocketNotifier wakes the loop
on it. No polling timer: nothing wakes up while no signal comes.
"""

from __future__ import annotations

import logging
import signal
import socket
from typing import Callable

from PySide6.QtCore import QObject, QSocketNotifier

log = logging.getLogger(__name__)

HANDLED = (signal.SIGINT, signal.SIGTERM)


class SignalBridge(QObject):
    """Calls ``on_signal(signum)`` on the GUI thread for each SIGINT/SIGTERM; :meth:`close` undoes it."""

    def __init__(self, on_signal: Callable[[int], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.on_signal = on_signal
        self._reader, self._writer = socket.socketpair()
        for sock in (self._reader, self._writer):
            sock.setblocking(False)
        self._previous_fd = signal.set_wakeup_fd(self._writer.fileno(), warn_on_full_buffer=False)
        # The Python-level handler does nothing: the work happens when the notifier fires.
        self._previous = {sig: signal.signal(sig, lambda *_: None) for sig in HANDLED}
        self.notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read, self)
        self.notifier.activated.connect(self._readable)

    def _readable(self) -> None:
        try:
            data = self._reader.recv(64)
        except (BlockingIOError, InterruptedError):
            return
        for signum in data:
            if signum in HANDLED:
                log.info("signal %d: quitting", signum)
                self.on_signal(signum)

    def close(self) -> None:
        self.notifier.setEnabled(False)
        signal.set_wakeup_fd(self._previous_fd)
        for sig, handler in self._previous.items():
            signal.signal(sig, handler)
        self._reader.close()
        self._writer.close()
