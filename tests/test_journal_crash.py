"""Crash safety with a real process killed by SIGKILL in the middle of a call."""

from __future__ import annotations

import subprocess
import sys
import threading
from datetime import date

import pytest

from operator_assist.core.events import EventKind as K
from operator_assist.core.journal import Journal
from operator_assist.core.stats import compute_stats

CALL = "c" * 32
T0 = 1_790_000_000.0

# Writes a call's events as fast as it can, printing each index once its commit
# has returned; "ready" after READY of them. In "block" mode it then waits forever.
CHILD = r"""
import sys
from operator_assist.core.events import Event, EventKind as K
from operator_assist.core.journal import Journal

path, ready, mode = sys.argv[1], int(sys.argv[2]), sys.argv[3]
CALL, T0 = "c" * 32, 1_790_000_000.0
journal = Journal.open(path)
journal.record(Event(K.CALL_STARTED, 0.0, T0, CALL, {"role": "specialist", "offer_source": "none"}))
print("committed 0", flush=True)
i = 0
while True:
    i += 1
    if i % 3 == 0:
        journal.record(Event(K.HOLD_STARTED, float(i), T0 + i, CALL, {"limit": 120.0, "role": "specialist", "index": i}))
    else:
        journal.record(Event(K.PHRASE_COPIED, float(i), T0 + i, CALL, {"phrase_id": f"p{i}"}))
    print(f"committed {i}", flush=True)
    if i == ready:
        print("ready", flush=True)
        if mode == "block":
            sys.stdin.read()
"""


def _run_and_kill(path, ready: int, mode: str, extra_lines: int) -> int:
    """Returns the highest event index the child reported as committed before it died."""
    proc = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(path), str(ready), mode],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    watchdog = threading.Timer(60, proc.kill)  # a hung child must not hang the suite
    watchdog.start()
    try:
        committed = -1
        seen_ready = False
        after = 0
        for line in proc.stdout:
            if line.startswith("committed "):
                committed = int(line.split()[1])
                after += seen_ready
            elif line.strip() == "ready":
                seen_ready = True
            if seen_ready and after >= extra_lines:
                break
        assert seen_ready, proc.stderr.read()
        proc.kill()  # SIGKILL on POSIX: no atexit, no finally, no close()
        proc.wait(timeout=30)
        # Lines the child flushed before it died are still in the pipe.
        for line in proc.stdout.read().splitlines():
            if line.startswith("committed ") and line.endswith(tuple("0123456789")):
                committed = max(committed, int(line.split()[1]))
        return committed
    finally:
        watchdog.cancel()
        proc.stdout.close()
        proc.stderr.close()
        proc.stdin.close()


@pytest.mark.parametrize(
    "ready, mode, extra_lines",
    [(20, "block", 0), (50, "write", 0), (200, "write", 37), (1000, "write", 500)],
    ids=["blocked", "writing-early", "writing-mid", "writing-late"],
)
def test_sigkill_mid_call_loses_no_committed_event(tmp_path, ready, mode, extra_lines):
    path = tmp_path / "journal.sqlite3"
    committed = _run_and_kill(path, ready, mode, extra_lines)
    assert committed >= ready
    if mode == "block":
        assert committed == ready

    # A report before the app starts again already counts the call as cut short, holds included.
    day = date.fromtimestamp(T0)
    report = compute_stats(path, day, day)
    assert (report.calls, report.interrupted, report.in_progress) == (1, 1, 0) and report.holds > 0
    with Journal.open_readonly(path) as reader:
        assert reader.call_status(CALL) == "open"  # the report wrote nothing

    journal = Journal.open(path)
    try:
        assert journal.interrupted_on_open == 1
        *events, cut = journal.events(CALL)
        # Recovery says so in an event of its own, at the call's last recorded moment.
        assert cut.kind is K.CALL_INTERRUPTED and (cut.at, cut.wall) == (events[-1].at, events[-1].wall)
        assert cut.data == {"duration": events[-1].wall - T0}
        indices = [int(e.at) for e in events]
        # Every event reported committed is there, in order, with nothing missing in between;
        # at most the one being committed at the moment of the kill is extra.
        assert indices == list(range(len(indices)))
        assert committed + 1 <= len(indices) <= committed + 2
        assert events[0].kind is K.CALL_STARTED
        last = events[-1]
        status, ended, duration = journal.execute(
            "SELECT status, ended, duration FROM calls WHERE id = ?", (CALL,)
        ).fetchone()
        assert (status, ended, duration) == ("interrupted", last.wall, last.wall - T0)

        stats = compute_stats(journal, day, day)
        assert (stats.calls, stats.interrupted, stats.in_progress) == (1, 1, 0)
        assert stats.rows == report.rows and stats.holds == report.holds  # the same as after recovery
    finally:
        journal.close()

    # Opening again finds nothing left to recover.
    with Journal.open(path) as again:
        assert again.interrupted_on_open == 0
        assert again.call_status(CALL) == "interrupted"


def test_readonly_report_during_a_live_call_does_not_interrupt_it(tmp_path):
    """The stats CLI may run while the app is mid-call in another process."""
    path = tmp_path / "journal.sqlite3"
    proc = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(path), "5", "block"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    watchdog = threading.Timer(60, proc.kill)
    watchdog.start()
    try:
        for line in proc.stdout:
            if line.strip() == "ready":
                break
        day = date.fromtimestamp(T0)
        stats = compute_stats(path, day, day)
        assert (stats.calls, stats.in_progress) == (0, 1)
        assert "Идёт звонок" in stats.message
        reader = Journal.open_readonly(path)
        assert reader.call_status(CALL) == "open"
        reader.close()
    finally:
        watchdog.cancel()
        proc.kill()
        proc.wait(timeout=30)
        for stream in (proc.stdout, proc.stderr, proc.stdin):
            stream.close()
