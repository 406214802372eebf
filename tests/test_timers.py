"""The widgets' timer factory: real QTimers in the app, fakes that tests advance."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer

from operator_assist.ui import timers


def test_the_app_gets_real_qtimers(qapp):
    owner = QObject()
    blink = timers.timer(owner, 500)
    once = timers.timer(owner, 0, single_shot=True, precise=True)
    assert type(blink) is QTimer and blink.parent() is owner
    assert blink.interval() == 500 and not blink.isSingleShot() and not blink.isActive()
    assert once.isSingleShot() and once.timerType() is Qt.TimerType.PreciseTimer


def test_fake_timers_fire_in_order_when_advanced(fake_timers, qapp):
    owner = QObject()
    fired = []
    blink = timers.timer(owner, 500)
    blink.timeout.connect(lambda: fired.append(("blink", fake_timers.now)))
    timers.later(owner, 1200, lambda: fired.append(("later", fake_timers.now)))
    blink.start()
    fake_timers.advance(1499)
    assert fired == [("blink", 500), ("blink", 1000), ("later", 1200)]
    assert blink.remainingTime() == 1
    blink.stop()
    fake_timers.advance(10_000)
    assert len(fired) == 3
