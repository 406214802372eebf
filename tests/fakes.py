"""Test doubles for the UI's timers: started and fired by the test, never waited on."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QObject, Signal


class FakeTimer(QObject):
    """What the widgets use of a QTimer; ``fire()`` is the moment it would time out.

    Made alone (``FakeTimer(parent)``, as the call session's ``timer_factory``) it fires only
    when the test calls ``fire()``; made by :class:`FakeTimers` it also fires when they advance.
    """

    timeout = Signal()

    def __init__(self, parent=None, interval_ms: int = 0, single_shot: bool = True, timeline: FakeTimers | None = None) -> None:
        super().__init__(parent)
        self.period = interval_ms
        self.single_shot = single_shot
        self.timeline = timeline
        self.interval: int | None = None
        """The running period in ms; None while stopped."""
        self.due: int | None = None
        self.starts: list[int] = []

    def start(self, msec: int | None = None) -> None:
        if msec is not None:
            self.period = msec
        self.interval = self.period
        self.starts.append(self.period)
        self.due = None if self.timeline is None else self.timeline.now + self.period

    def stop(self) -> None:
        self.interval = self.due = None

    def isActive(self) -> bool:  # noqa: N802 - Qt's name
        return self.interval is not None

    def remainingTime(self) -> int:  # noqa: N802 - Qt's name
        if self.interval is None:
            return -1
        return self.interval if self.due is None else self.due - self.timeline.now

    def fire(self) -> None:
        assert self.interval is not None, "the timer is not running"
        if self.single_shot:
            self.stop()
        elif self.timeline is not None:
            self.due = self.timeline.now + self.interval
        self.timeout.emit()


class FakeTimers:
    """The UI's timer factory in tests (see ``operator_assist/ui/timers.py``): one fake time line.

    ``advance(ms)`` moves it on, firing every timer that falls due on the way, in order.
    """

    def __init__(self) -> None:
        self.now = 0
        self.made: list[FakeTimer] = []

    def __call__(self, parent, interval_ms: int, *, single_shot: bool = False, precise: bool = False) -> FakeTimer:
        timer = FakeTimer(parent, interval_ms, single_shot, timeline=self)
        self.made.append(timer)
        return timer

    def active(self) -> list[FakeTimer]:
        """The running timers whose owner (a closed window's widget) still exists."""
        self.made = [t for t in self.made if shiboken6.isValid(t)]
        return [t for t in self.made if t.due is not None]

    def advance(self, ms: int) -> None:
        end = self.now + ms
        while True:
            due = [t for t in self.active() if t.due <= end]
            if not due:
                break
            first = min(due, key=lambda t: t.due)
            self.now = first.due
            first.fire()
        self.now = end
