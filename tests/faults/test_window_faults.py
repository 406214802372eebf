"""The real window under faults: the event loop never stalls, every event reaches the journal."""

from __future__ import annotations

from PySide6.QtCore import Qt

from operator_assist.core.clock import FakeClock
from operator_assist.core.journal import Journal

from .conftest import STALL_LIMIT_MS, settle


def journal_kinds(paths):
    with Journal.open(paths.journal_file) as journal:
        return [e.kind.value for e in journal.events()]


def test_a_fifo_saved_into_the_phrase_dir_during_a_hold_freezes_nothing(qtbot, make_window, paths, fifo, stall_meter):
    clock = FakeClock()
    window = make_window(clock)
    settle()
    stall_meter.restart()  # the fault's, not the window's start
    qtbot.keyClick(window, Qt.Key.Key_F5)
    qtbot.keyClick(window, Qt.Key.Key_F7)
    paths.phrases_dir.mkdir(exist_ok=True)
    pipe = fifo(paths.phrases_dir / "new.yaml")
    window.phrase_files.reload()  # what the directory watcher does 300 ms after the change
    qtbot.waitUntil(lambda: "new.yaml" in window.phrases.problems.text(), timeout=5000)
    assert "канал" in window.phrases.problems.text() and str(pipe) in window.phrases.problems.toolTip()
    clock.advance(30)
    qtbot.keyClick(window, Qt.Key.Key_F7)
    qtbot.keyClick(window, Qt.Key.Key_F8)
    assert stall_meter.measure_now() < STALL_LIMIT_MS
    window.close()
    assert journal_kinds(paths) == ["call_started", "hold_started", "hold_ended", "call_ended"]


def test_a_journal_locked_by_another_program_freezes_nothing_and_loses_nothing(
    qtbot, make_window, paths, exclusive_lock, stall_meter
):
    clock = FakeClock()
    window = make_window(clock)
    qtbot.waitUntil(lambda: window.session.journal.writer.opened, timeout=5000)
    lock = exclusive_lock(paths.journal_file)
    stall_meter.restart()  # from here on
    qtbot.keyClick(window, Qt.Key.Key_F5)
    qtbot.keyClick(window, Qt.Key.Key_F7)
    clock.advance(30)
    qtbot.keyClick(window, Qt.Key.Key_F7)
    qtbot.keyClick(window, Qt.Key.Key_F8)
    qtbot.waitUntil(lambda: window.notices.journal_line.isVisible(), timeout=5000)
    assert "журнал занят другой программой" in window.notices.journal_line.text()
    qtbot.wait(300)  # the writer retries meanwhile
    assert stall_meter.measure_now() < STALL_LIMIT_MS
    assert window.session.journal.writer.pending == 4
    lock.release()
    qtbot.waitUntil(lambda: not window.notices.journal_line.isVisible(), timeout=10000)
    assert window.session.journal.flush(5)
    assert stall_meter.measure_now() < STALL_LIMIT_MS
    window.close()
    assert journal_kinds(paths) == ["call_started", "hold_started", "hold_ended", "call_ended"]


class WallJumpClock(FakeClock):
    """A fake clock whose wall time can be set back (NTP, a user fixing the clock) mid-call."""

    def jump_wall(self, seconds: float) -> None:
        self._epoch += seconds


def test_a_wall_clock_set_back_mid_call_never_stores_an_end_before_the_start(qtbot, make_window, paths):
    clock = WallJumpClock()
    window = make_window(clock)
    qtbot.keyClick(window, Qt.Key.Key_F5)
    clock.advance(40)
    clock.jump_wall(-3600)  # the wall clock is set back an hour mid-call
    clock.advance(20)
    qtbot.keyClick(window, Qt.Key.Key_F8)
    window.close()
    with Journal.open(paths.journal_file) as journal:
        started, ended, duration = journal.execute("SELECT started, ended, duration FROM calls").fetchone()
    assert duration == 60 and ended == started + 60
