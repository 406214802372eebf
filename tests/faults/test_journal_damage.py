"""A journal damaged in the wrong place (issue 28 #3) and what recovery keeps (#9): a corrupt page in an
otherwise openable file, found at start by ``PRAGMA quick_check`` or by a write while the app runs, is
moved aside with its -wal/-shm; a new journal takes what can be read of it, the install's identity
included, and the events waiting in memory; the operator is told once; the PC still ships."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from operator_assist.core.events import Event, EventKind
from operator_assist.core.journal import Journal
from operator_assist.core.journal_sink import JournalWriter
from tests.builders import Builder

from .conftest import STALL_LIMIT_MS, StallMeter
from .test_fault_suite import CALL, call_with, window_with

T0 = time.time() - 3600


def checkpoint(path: Path) -> None:
    db = sqlite3.connect(path)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()


def corrupt_index(path: Path, index: str = "events_call") -> None:
    """Overwrites the root page of ``index`` in place: the tables stay readable, the file opens."""
    checkpoint(path)
    db = sqlite3.connect(path)
    root, page_size = db.execute(f"SELECT rootpage, (SELECT page_size FROM pragma_page_size) FROM sqlite_master "
                                 f"WHERE name = '{index}'").fetchone()  # fmt: skip
    db.close()
    with open(path, "r+b") as stream:
        stream.seek(page_size * (root - 1))
        stream.write(os.urandom(page_size))


def old_calls(path: Path, count: int = 3) -> None:
    with Journal.open(path) as journal:
        builder = Builder(journal)
        for n in range(count):
            builder.call(T0 + n * 300, holds=(20.0,))


def last_call_kinds(path: Path) -> list[str]:
    with Journal.open_readonly(path) as journal:
        kinds = [e.kind.value for e in journal.events() if e.kind.value in CALL]
    start = len(kinds) - 1 - kinds[::-1].index("call_started")
    return kinds[start:]


def notices_saying(window, words: str) -> int:
    return sum(words in text for text, _ in window.notices.shown)


def test_a_corrupt_index_page_found_at_start_is_moved_aside_and_nothing_is_lost(qtbot, paths, fault_row):
    old_calls(paths.journal_file)
    corrupt_index(paths.journal_file)
    window, clock, _ = window_with(qtbot, paths)
    meter = StallMeter()

    def fault() -> str:
        qtbot.waitUntil(lambda: notices_saying(window, "сохранён как") == 1, timeout=10000)
        return window.notices.banner.text()

    call_with(qtbot, window, clock, fault, meter)
    stall = meter.measure_now()
    qtbot.waitUntil(lambda: window.session.journal.writer.pending == 0, timeout=10000)  # the loop runs meanwhile
    message = window.notices.banner.text()
    window.close()
    lost = len(CALL) - len(last_call_kinds(paths.journal_file))
    fault_row("journal: corrupt index page, found at start (quick_check)", stall, lost, message)
    assert stall < STALL_LIMIT_MS and lost == 0
    assert notices_saying(window, "сохранён как") == 1 and "звонков: 3" in message
    (aside,) = paths.data_dir.glob("journal.sqlite3.corrupt-*[0-9]")
    with Journal.open(paths.journal_file) as journal:
        assert journal.execute("SELECT count(*) FROM calls").fetchone()[0] == 4  # the 3 before it, and this one
        assert journal.execute("PRAGMA quick_check").fetchone()[0] == "ok"


def test_a_journal_damaged_while_the_app_runs_is_replaced_and_the_call_kept(qtbot, paths, fault_row):
    old_calls(paths.journal_file, 2)
    window, clock, _ = window_with(qtbot, paths)
    qtbot.waitUntil(lambda: window.session.journal.writer.opened, timeout=10000)
    meter = StallMeter()
    qtbot.keyClick(window, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: window.session.journal.writer.pending == 0, timeout=10000)
    corrupt_index(paths.journal_file)  # overwritten in place under the running app
    checkpoint(paths.journal_file)  # another connection: the app's cached pages are dropped
    meter.measure_now()
    meter.longest_ms = 0.0  # damaging the file is the test's own work on this thread, not the app's
    for key in (Qt.Key.Key_F7, Qt.Key.Key_F7, Qt.Key.Key_F8):
        qtbot.keyClick(window, key)
        meter.settle(qtbot)
        if key == Qt.Key.Key_F7:
            clock.advance(15)
    qtbot.waitUntil(lambda: notices_saying(window, "сохранён как") == 1, timeout=10000)
    stall = meter.measure_now()
    qtbot.waitUntil(lambda: window.session.journal.writer.pending == 0, timeout=10000)
    message = window.notices.banner.text()
    window.close()
    lost = len(CALL) - len(last_call_kinds(paths.journal_file))
    fault_row("journal: overwritten in place mid-call", stall, lost, message)
    assert stall < STALL_LIMIT_MS and lost == 0
    assert "не потеряны" in message
    with Journal.open(paths.journal_file) as journal:
        (status,) = journal.execute(
            "SELECT status FROM calls ORDER BY started DESC LIMIT 1"
        ).fetchone()
    assert status == "normal"  # the call went on in the new journal, never «прерван»


def test_the_writer_keeps_the_events_in_order_through_a_recovery(tmp_path):
    path = tmp_path / "journal.sqlite3"
    statuses = []
    writer = JournalWriter(path, lambda kind, text: statuses.append((kind, text)))
    writer.record(Event(EventKind.CALL_STARTED, 1.0, T0, "c" * 32, {"role": "specialist"}))
    assert writer.flush(10)
    corrupt_index(path)
    checkpoint(path)
    for n in range(5):
        writer.record(Event(EventKind.PHRASE_COPIED, 2.0 + n, T0 + 1 + n, "c" * 32, {"phrase_id": f"p.n{n}"}))
    writer.record(Event(EventKind.CALL_ENDED, 9.0, T0 + 9, "c" * 32, {"duration": 8.0}))
    assert writer.flush(10)
    assert writer.close()
    assert [kind for kind, _ in statuses].count("notice") == 1
    with Journal.open_readonly(path) as journal:
        kinds = [e.kind.value for e in journal.events()]
        assert kinds == ["call_started"] + ["phrase_copied"] * 5 + ["call_ended"]
        assert journal.call_status("c" * 32) == "normal"


# --- #9: the PC still ships after a recovery ------------------------------------------------------


@pytest.mark.parametrize("damage", ["index page", "whole file"])
def test_after_an_automatic_recovery_the_pc_still_ships(team_server, tmp_path, damage, fault_row):
    from operator_assist.team.client import TeamConfig
    from operator_assist.team.enrol import join
    from operator_assist.team.shipper import Shipper

    login, team, token = team_server.enrol()
    path = tmp_path / "journal.sqlite3"
    old_calls(path, 2)
    assert join(team_server.url, token, tmp_path).connected
    config = TeamConfig.load(tmp_path)
    first = Shipper(path, config).ship()
    assert first.sent > 0 and first.install_id == config.install_id
    if damage == "index page":
        corrupt_index(path)
    else:
        checkpoint(path)
        path.write_bytes(b"\0garbage" * 5000)  # nothing of it readable: not even the install's id
    writer = JournalWriter(path)
    for kind, at, data in ((EventKind.CALL_STARTED, 0.0, {"role": "specialist"}), (EventKind.CALL_ENDED, 60.0, {"duration": 60.0})):
        writer.record(Event(kind, at, time.time() + at - 120, "d" * 32, data))
    assert writer.flush(10) and writer.close()
    assert writer.notice and "сохранён как" in writer.notice
    second = Shipper(path, TeamConfig.load(tmp_path)).ship()  # no new token, no new enrolment
    assert second.sent >= 2 and second.pending == 0 and second.install_id == config.install_id
    assert second.last_seq > first.last_seq
    rows = team_server.sql("SELECT call_id FROM call_rows WHERE install_id = %s", (config.install_id,))
    fault_row(f"journal recovered ({damage} damaged), then shipped", None, 0 if ("d" * 32,) in rows else 2,
              f"shipped {second.sent} event(s) as install {second.install_id[:8]}…, up to №{second.last_seq}")  # fmt: skip
    assert ("d" * 32,) in rows
