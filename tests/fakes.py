"""Test doubles for the UI's timers: started and fired by the test, never waited on."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class FakeTimer(QObject):
    """What the call session needs of a QTimer; ``fire()`` is the moment it would time out."""

    timeout = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.interval: int | None = None
        self.starts: list[int] = []

    def start(self, msec: int) -> None:
        self.interval = msec
        self.starts.append(msec)

    def stop(self) -> None:
        self.interval = None

    def isActive(self) -> bool:  # noqa: N802 - Qt's name
        return self.interval is not None

    def remainingTime(self) -> int:  # noqa: N802 - Qt's name
        return -1 if self.interval is None else self.interval

    def fire(self) -> None:
        assert self.interval is not None, "the timer is not running"
        self.interval = None
        self.timeout.emit()
