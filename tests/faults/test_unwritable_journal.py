"""A journal the app cannot write (issue 28 #10, #11), against the real app in its own process:
a read-only journal or data folder (a real read-only mount) and a journal another program holds
locked. What the app could not write is set aside in an unsaved file (beside the journal, or in
the user's cache) and the next start writes it into the journal: nothing is lost, quitting is not
held up, and a SIGKILL loses at most the heartbeat's five seconds."""

from __future__ import annotations

import signal
import time
from datetime import date
from pathlib import Path

import pytest

from operator_assist.core.journal import Journal
from operator_assist.core.journal_sink import JournalWriter
from operator_assist.core.stats import compute_stats
from operator_assist.paths import UserPaths

from .conftest import STALL_LIMIT_MS, require_mount_namespace
from .test_signals import wait_for_events

READ_ONLY = 'mount --bind "$0" "$0" && mount -o remount,ro,bind "$0" && exec "$@"'
"""Run under ``unshare -m sh -c READ_ONLY TARGET app…``: TARGET (a folder or a file) read-only for the app alone."""


def unsaved_files(folder: Path) -> list[Path]:
    return sorted(folder.rglob("journal.sqlite3*.unsaved-*.jsonl")) if folder.exists() else []


def wait_for_unsaved(folders: list[Path], kind: str, timeout: float = 20.0) -> Path:
    """The unsaved file that holds an event of ``kind`` (the app set it aside)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for folder in folders:
            for path in unsaved_files(folder):
                if f'"kind":"{kind}"' in path.read_text(encoding="utf-8", errors="replace"):
                    return path
        time.sleep(0.1)  # bounded poll of a real process's files
    raise AssertionError(f"no unsaved file with {kind} in {folders}")


def next_start(data: Path) -> list[str]:
    """What the next start does first: the writer opens the journal and replays the unsaved files."""
    writer = JournalWriter(data / "journal.sqlite3", spare_dirs=UserPaths.resolve(data).spare_dirs)
    writer.start()
    deadline = time.monotonic() + 20
    while not writer.opened and time.monotonic() < deadline:
        time.sleep(0.05)
    assert writer.opened and writer.close()
    assert writer.replayed > 0 and "сохранённые отдельно события" in (writer.notice or "")
    with Journal.open_readonly(data / "journal.sqlite3") as journal:
        return [e.kind.value for e in journal.events()]


@pytest.mark.parametrize("target", ["data folder", "journal file"])
def test_a_read_only_journal_loses_nothing_on_quit_and_quits_at_once(tmp_path, app_process, fault_row, target):
    require_mount_namespace()
    data = tmp_path / "data"
    with Journal.open(data / "journal.sqlite3"):
        pass  # the journal exists, as on any day after the first
    read_only = data if target == "data folder" else data / "journal.sqlite3"
    app = app_process(data, "F5,F7", wrap=["unshare", "-m", "sh", "-c", READ_ONLY, str(read_only)])
    spare = UserPaths.resolve(data).spare_dirs()
    where = wait_for_unsaved([data, *spare], "hold_started")
    assert (where.parent == data) == (target == "journal file")  # a read-only folder: the user's cache
    time.sleep(1.0)  # a second of a hold with the journal read-only, in real time (the app's meter runs)
    start = time.monotonic()
    app.signal(signal.SIGTERM)
    code, err = app.wait()
    quit_s = time.monotonic() - start
    assert code == 128 + signal.SIGTERM and "Traceback" not in err, err
    kinds = next_start(data)
    emitted = ["call_started", "hold_started", "hold_ended", "call_interrupted"]  # the quit ends the hold, recovery the call
    lost = len([k for k in emitted if k not in kinds])
    fault_row(f"read-only {target} (quit {quit_s * 1000:.0f} ms, after SIGTERM)", app.stall_ms, lost,
              err.strip()[-90:])  # fmt: skip
    assert lost == 0 and kinds.count("call_started") == 1 and app.stall_ms < STALL_LIMIT_MS
    assert unsaved_files(data) == [] and all(unsaved_files(folder) == [] for folder in spare)
    assert quit_s < 2.5  # the close waits 1.2 s at most; the rest is the interpreter and Qt ending


def test_sigkill_while_another_program_holds_the_journal_loses_at_most_the_heartbeat(tmp_path, app_process,
                                                                                     exclusive_lock, fault_row):  # fmt: skip
    """About 8 s: the heartbeat comes 5 s into the hold."""
    data = tmp_path
    app = app_process(data, "F5,F7")
    wait_for_events(data / "journal.sqlite3", ["call_started", "hold_started"])
    lock = exclusive_lock(data / "journal.sqlite3")
    wait_for_unsaved([data], "call_heartbeat")
    app.signal(signal.SIGKILL)
    app.wait()
    lock.release()
    kinds = next_start(data)
    assert "call_heartbeat" in kinds
    (row,) = compute_stats(data / "journal.sqlite3", date.today(), date.today()).rows
    fault_row("SIGKILL mid-hold, journal locked by another program", app.stall_ms, 0,
              f"hold kept up to its last heartbeat: {row.longest_hold:.1f} s")  # fmt: skip
    assert row.status == "interrupted" and row.hold_n == 1 and row.longest_hold >= 4.5 and app.stall_ms < STALL_LIMIT_MS
