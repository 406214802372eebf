"""A real app process ended by real signals: nothing under way is lost."""

from __future__ import annotations

import signal
import time

import pytest

from operator_assist.core.journal import Journal


def wait_for_events(path, kinds, timeout=15):
    """Polls the journal (read-only) until ``kinds`` were recorded in order."""
    deadline = time.monotonic() + timeout
    seen = []
    while time.monotonic() < deadline:
        if path.exists():
            try:
                with Journal.open_readonly(path) as journal:
                    seen = [e.kind.value for e in journal.events()]
            except Exception:
                seen = []
            if [k for k in seen if k in kinds] == list(kinds):
                return seen
        time.sleep(0.1)  # bounded poll of a real process's file
    raise AssertionError(f"journal has {seen}, wanted {kinds}")


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_mid_hold_ends_the_app_cleanly_and_keeps_the_hold(tmp_path, app_process, signum):
    app = app_process(tmp_path, "F5,F7")
    wait_for_events(tmp_path / "journal.sqlite3", ["call_started", "hold_started"])
    time.sleep(1.0)  # a hold of about a second, in real time
    app.signal(signum)
    code, err = app.wait()
    assert code == 128 + signum and "Traceback" not in err, err
    with Journal.open_readonly(tmp_path / "journal.sqlite3") as journal:
        events = journal.events()
        (call_id,) = {e.call_id for e in events if e.call_id}
        assert journal.call_status(call_id) == "interrupted"  # set by the app's own close, not by recovery
        hold_ended = [e for e in events if e.kind.value == "hold_ended"]
        assert len(hold_ended) == 1 and 1.0 <= hold_ended[0].data["duration"] < 10


def test_a_killed_hold_keeps_its_duration_up_to_the_last_heartbeat(tmp_path, app_process):
    from datetime import date

    from operator_assist.core.stats import compute_stats

    app = app_process(tmp_path, "F5,F7")
    seen = wait_for_events(tmp_path / "journal.sqlite3", ["call_started", "hold_started", "call_heartbeat"], timeout=20)
    app.signal(signal.SIGKILL)
    app.wait()
    assert "hold_ended" not in seen
    stats = compute_stats(tmp_path / "journal.sqlite3", date.today(), date.today())
    (row,) = stats.rows
    assert row.status == "interrupted" and row.duration >= 4.5
    assert row.hold_n == 1 and row.longest_hold >= 4.5


def test_the_data_dir_is_private_and_the_journal_lock_and_preferences_too(tmp_path, app_process):
    import os
    import stat

    data = tmp_path / "new" / "data"
    old = os.umask(0o022)  # the usual umask: the app must not rely on a stricter one
    try:
        app = app_process(data, "F5,F8")
        wait_for_events(data / "journal.sqlite3", ["call_started", "call_ended"])
        app.signal(signal.SIGTERM)
        app.wait()
    finally:
        os.umask(old)
    mode = lambda p: stat.S_IMODE(p.stat().st_mode)  # noqa: E731
    assert mode(data) == 0o700 and mode(data.parent) == 0o700
    for name in ("journal.sqlite3", "journal.sqlite3.lock", "preferences.json"):
        assert mode(data / name) == 0o600, name
