"""Injected time sources.

The core never reads the system time itself: it takes a clock, so timing rules
are exact and testable. ``now()`` is monotonic seconds; ``wall(at)`` maps such a
reading to Unix time for records that need a calendar date.
"""

from __future__ import annotations

import time
from typing import Protocol


class Clock(Protocol):
    @property
    def speed(self) -> float:
        """How many seconds of this clock pass per real second (a demo runs faster)."""

    @property
    def paused(self) -> bool:
        """A paused clock stands still (a demo's pause): nothing is due until it runs again."""

    def now(self) -> float:
        """Monotonic seconds."""

    def wall(self, at: float) -> float:
        """Unix time (seconds) of the monotonic reading ``at``."""


class MonotonicClock:
    """The real clock."""

    speed = 1.0
    paused = False

    def now(self) -> float:
        return time.monotonic()

    def wall(self, at: float) -> float:
        return time.time() - (time.monotonic() - at)


class FakeClock:
    """A clock that moves only when told to (tests, previews)."""

    speed = 1.0
    paused = False  # it stands still between advances, but nothing waits on it in real time

    def __init__(self, start: float = 1000.0, epoch: float = 1_790_000_000.0):
        self._now = start
        self._epoch = epoch - start

    def now(self) -> float:
        return self._now

    def wall(self, at: float) -> float:
        return self._epoch + at

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("a monotonic clock cannot go back")
        self._now += seconds

    def set(self, now: float) -> None:
        if now < self._now:
            raise ValueError("a monotonic clock cannot go back")
        self._now = now


class ScaledClock:
    """Runs ``speed`` times faster than ``base`` and can be paused (demo mode).

    Elapsed scaled time is derived from base readings, never from tick counts,
    so a demo at 30x is exactly 30x however busy the event loop is.
    """

    def __init__(self, base: Clock, speed: float = 1.0, start: float = 0.0):
        if speed <= 0:
            raise ValueError("speed must be positive")
        self._base = base
        self._speed = speed
        self._anchor_base = base.now()
        self._anchor_scaled = start
        self._paused = False

    @property
    def speed(self) -> float:
        return self._speed

    @property
    def paused(self) -> bool:
        return self._paused

    def now(self) -> float:
        if self._paused:
            return self._anchor_scaled
        return self._anchor_scaled + (self._base.now() - self._anchor_base) * self._speed

    def wall(self, at: float) -> float:
        # Demo events are dated "now" on the calendar; only durations are scaled.
        return self._base.wall(self._base.now()) - (self.now() - at)

    def _rebase(self) -> None:
        self._anchor_scaled = self.now()
        self._anchor_base = self._base.now()

    def pause(self) -> None:
        if not self._paused:
            self._rebase()
            self._paused = True

    def resume(self) -> None:
        if self._paused:
            self._anchor_base = self._base.now()
            self._paused = False

    def jump(self, seconds: float) -> None:
        """Move scaled time forward (demo 'step')."""
        if seconds < 0:
            raise ValueError("a monotonic clock cannot go back")
        self._rebase()
        self._anchor_scaled += seconds
