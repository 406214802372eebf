"""The real CallSession with a memory of what it did, and test helpers."""

from __future__ import annotations

import os
import shutil

from operator_assist.core.commands import Command
from operator_assist.core.engine import CallEngine
from operator_assist.core.journal_sink import JournalSink
from operator_assist.ui.call.session import CallSession


class RecordingSession(CallSession):
    """The real call session, remembering each action it did: (action, origin, at)."""

    def __init__(self, clock, settings, journal: JournalSink | None = None):
        super().__init__(CallEngine(clock, settings), journal)
        self.done: list[tuple[str, str, float | None]] = []

    def perform(self, command: Command, origin: str = "window", at: float | None = None) -> str | None:
        refused = super().perform(command, origin, at)
        if refused is None:
            self.done.append((command, origin, at))
        return refused

    def actions(self, origin: str | None = None) -> list[str]:
        return [a for a, o, _ in self.done if origin is None or o == origin]


def require_binary(name: str, apt_package: str) -> str:
    """The binary's path; a skip with the install command, a failure under CI=true (tests/components.py)."""
    from .components import require

    return require(name, apt_package)


INNER = "OPERATOR_ASSIST_TEST_NETNS"
"""Set in a test run re-executed inside a private network namespace."""


def can_unshare() -> bool:
    import subprocess

    if shutil.which("unshare") is None or shutil.which("ip") is None:
        return False
    try:
        return subprocess.run(["unshare", "-n", "true"], capture_output=True, timeout=10).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def rerun_in_private_network(test_file: str, selection: str, passed: int, timeout: float = 180) -> None:
    """Runs ``pytest test_file -k selection`` inside ``unshare -n`` (loopback only) and asserts ``passed`` passed."""
    import subprocess
    import sys
    from pathlib import Path

    script = 'ip link set lo up && exec "$0" -m pytest -q -p no:cacheprovider "$1" -k "$2"'
    done = subprocess.run(
        ["unshare", "-n", "sh", "-c", script, sys.executable, test_file, selection],
        capture_output=True, text=True, timeout=timeout, cwd=Path(__file__).resolve().parent.parent,
        env={**os.environ, INNER: "1"},
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert f"{passed} passed" in done.stdout, done.stdout[-2000:]


def journaled_events(sink: JournalSink):
    """What the sink's writer thread has written, read back once it is flushed."""
    from operator_assist.core.journal import Journal

    sink.start()  # a no-op when the session already started it
    assert sink.flush(5.0), "the journal writer did not catch up"
    with Journal.open_readonly(sink.path) as journal:
        return journal.events()
