"""The widgets' timers, made in one place: a real QTimer in the app, a fake in tests.

Tests install a factory (``tests/fakes.py`` FakeTimers) whose timers fire when the test
advances them, so no test waits for a blink, a debounce or a confirmation to time out.
Zero-delay ``QTimer.singleShot(0, …)`` calls are not timers in this sense (they run the
callable after the current event) and stay as they are.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QObject, Qt, QTimer


class TimerFactory(Protocol):
    def __call__(self, parent: QObject, interval_ms: int, *, single_shot: bool = False, precise: bool = False) -> QTimer: ...


def _real(parent: QObject, interval_ms: int, *, single_shot: bool = False, precise: bool = False) -> QTimer:
    timer = QTimer(parent)
    timer.setInterval(interval_ms)
    timer.setSingleShot(single_shot)
    if precise:
        timer.setTimerType(Qt.TimerType.PreciseTimer)
    return timer


_factory: TimerFactory = _real


def timer(parent: QObject, interval_ms: int = 0, *, single_shot: bool = False, precise: bool = False) -> QTimer:
    """A stopped timer owned by ``parent``; ``start()`` runs it for ``interval_ms`` (``start(ms)`` for another)."""
    return _factory(parent, interval_ms, single_shot=single_shot, precise=precise)


def later(parent: QObject, interval_ms: int, slot: Callable[[], object]) -> None:
    """``slot`` once, ``interval_ms`` from now, unless ``parent`` is gone by then."""
    once = timer(parent, interval_ms, single_shot=True)
    once.timeout.connect(slot)
    once.timeout.connect(once.deleteLater)
    once.start()


def install(factory: TimerFactory | None) -> TimerFactory:
    """Makes every timer from now on with ``factory`` (None: real ones again); returns the previous one."""
    global _factory
    previous, _factory = _factory, factory or _real
    return previous
