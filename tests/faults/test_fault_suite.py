"""Each fault against the real window: the GUI loop is never blocked (late by a second), no event is
lost, the message names the cause. Rows go to the table printed after the run; bench/run.py reads
the worst lateness from it as ``gui_stall_ms`` (target 200 ms)."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import Qt

from operator_assist.core.clock import FakeClock
from operator_assist.core.journal import Journal

from .conftest import STALL_LIMIT_MS, StallMeter, settle
from .test_hostile_files import alias_bomb

CALL = ["call_started", "hold_started", "hold_ended", "call_ended"]


def lost_events(paths) -> int:
    with Journal.open(paths.journal_file) as journal:
        kinds = [e.kind.value for e in journal.events() if e.kind.value in CALL]
    return len(CALL) - len(kinds) if kinds == CALL[: len(kinds)] else len(CALL)


def window_with(qtbot, paths, offer_spec=None):
    from operator_assist.ui.app import build_window
    from tests.conftest import show_active

    clock = FakeClock()
    start = time.monotonic()
    window = build_window(paths, clock=clock, audio=False, offer_spec=offer_spec)
    build_ms = (time.monotonic() - start) * 1000
    show_active(qtbot, window)
    settle()
    return window, clock, build_ms


def call_with(qtbot, window, clock, fault, meter: StallMeter | None = None) -> str:
    """F5, F7, the fault, 30 s of hold, F7, F8; returns the message the fault produced.
    With ``meter``, the loop runs after each key (see :meth:`StallMeter.settle`)."""

    def press(key) -> None:
        qtbot.keyClick(window, key)
        if meter is not None:
            meter.settle(qtbot)

    press(Qt.Key.Key_F5)
    press(Qt.Key.Key_F7)
    message = fault()
    clock.advance(30)
    press(Qt.Key.Key_F7)
    press(Qt.Key.Key_F8)
    return message


def finish(qtbot, window, meter, paths, fault_row, case, message, cause_words):
    stall = meter.measure_now()
    window.close()
    lost = lost_events(paths)
    fault_row(case, stall, lost, message.replace("\n", " "))
    assert stall < STALL_LIMIT_MS
    assert lost == 0
    assert any(words in message for words in cause_words), message


def test_fifo_saved_as_a_phrase_file_during_a_hold(qtbot, paths, fifo, fault_row):
    window, clock, _ = window_with(qtbot, paths)
    meter = StallMeter()

    def fault():
        paths.phrases_dir.mkdir(exist_ok=True)
        fifo(paths.phrases_dir / "new.yaml")
        window.phrase_files.reload()
        qtbot.waitUntil(lambda: "new.yaml" in window.phrases.problems.text(), timeout=5000)
        return window.phrases.problems.text()

    message = call_with(qtbot, window, clock, fault)
    finish(qtbot, window, meter, paths, fault_row, "FIFO saved into phrases/ mid-hold", message, ["канал"])


def test_a_50_mb_phrase_file_saved_during_a_hold(qtbot, paths, fault_row):
    window, clock, _ = window_with(qtbot, paths)
    meter = StallMeter()

    def fault():
        paths.phrases_dir.mkdir(exist_ok=True)
        with (paths.phrases_dir / "big.yaml").open("w", encoding="utf-8") as stream:
            stream.write("category: big\nphrases:\n" + "  - {id: big.x, text: ааааааааааа}\n" * (50 * 1024 * 1024 // 40))
        meter.restart()  # writing the file is the test's own work, not the app's
        window.phrase_files.reload()
        qtbot.waitUntil(lambda: "big.yaml" in window.phrases.problems.text(), timeout=5000)
        return window.phrases.problems.text()

    message = call_with(qtbot, window, clock, fault)
    finish(qtbot, window, meter, paths, fault_row, "50 MB phrase file mid-hold", message, ["слишком большой"])


@pytest.mark.parametrize("kind", ["fifo", "alias bomb 9 levels", "symlink loop"])
def test_a_bad_settings_yaml_at_start(qtbot, paths, fifo, fault_row, kind):
    pipe = None
    if kind == "fifo":
        pipe = fifo(paths.settings_file)
    elif kind == "symlink loop":
        paths.settings_file.symlink_to(paths.settings_file)
    else:
        paths.settings_file.write_text(alias_bomb(9), encoding="utf-8")
    window, clock, build_ms = window_with(qtbot, paths)
    meter = StallMeter()
    message = call_with(qtbot, window, clock, lambda: window.notices.banner.text())
    assert pipe is None or not pipe.opened_by_a_reader  # never waited on: the build did not block on it
    finish(qtbot, window, meter, paths, fault_row, f"settings.yaml: {kind} (start {build_ms:.0f} ms)", message,
           ["канал", "alias", "по кругу"])  # fmt: skip


def test_a_20_mb_and_a_fifo_offer_file(qtbot, paths, fifo, fault_row, tmp_path):
    offer = tmp_path / "offer.json"
    offer.write_text('{"id": "x", "title": "t", "text": "' + "a" * (20 * 1024 * 1024) + '"}', encoding="utf-8")
    window, clock, _ = window_with(qtbot, paths, offer_spec=f"file:{offer}")
    meter = StallMeter()

    def fault():
        qtbot.waitUntil(lambda: window.session.offers.source_error is not None, timeout=5000)
        return window.offer_indicator.status_label.text() + " — " + window.session.offers.source_error

    message = call_with(qtbot, window, clock, fault)
    finish(qtbot, window, meter, paths, fault_row, "20 MB offer file", message, ["слишком большой"])


def test_a_journal_locked_by_another_program(qtbot, paths, exclusive_lock, fault_row):
    window, clock, _ = window_with(qtbot, paths)
    qtbot.waitUntil(lambda: window.session.journal.writer.opened, timeout=5000)
    lock = exclusive_lock(paths.journal_file)
    meter = StallMeter()

    def fault():
        return ""

    call_with(qtbot, window, clock, fault)
    qtbot.waitUntil(lambda: window.notices.journal_line.isVisible(), timeout=5000)
    message = window.notices.journal_line.text()
    lock.release()
    qtbot.waitUntil(lambda: not window.notices.journal_line.isVisible(), timeout=10000)
    finish(qtbot, window, meter, paths, fault_row, "journal BEGIN EXCLUSIVE by another process", message,
           ["журнал занят другой программой"])  # fmt: skip
