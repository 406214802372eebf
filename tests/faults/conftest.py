"""Helpers of the fault suite: a GUI stall meter and hostile files that release themselves."""

from __future__ import annotations

import errno
import os
import threading
import time
from pathlib import Path

import pytest

STALL_LIMIT_MS = 200.0


class StallMeter:
    """A repeating 10 ms QTimer; ``longest_ms`` is the worst lateness of a tick (a blocked loop)."""

    def __init__(self, interval_ms: int = 10) -> None:
        from PySide6.QtCore import Qt, QTimer

        self.interval = interval_ms / 1000
        self.longest_ms = 0.0
        self._last = time.monotonic()
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self._tick)
        self.timer.start()

    def _tick(self) -> None:
        now = time.monotonic()
        self.longest_ms = max(self.longest_ms, (now - self._last - self.interval) * 1000)
        self._last = now

    def measure_now(self) -> float:
        """Counts the time since the last tick too (a block that has not ended yet)."""
        self._tick()
        return self.longest_ms

    def stop(self) -> None:
        self.timer.stop()


@pytest.fixture
def stall_meter(qtbot):
    meter = StallMeter()
    yield meter
    meter.stop()


def release_fifo_later(path: Path, after: float = 2.0) -> threading.Thread:
    """If anything blocks reading the FIFO ``path``, it is released after ``after`` s.

    Code that waits on the FIFO then shows as an ``after``-second stall (a failed
    test) instead of a hang; code that never opens it for reading is unaffected.
    """
    stop = threading.Event()

    def run() -> None:
        if stop.wait(after):
            return
        deadline = time.monotonic() + 30
        while not stop.is_set() and time.monotonic() < deadline:
            try:
                fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
            except OSError as exc:
                if exc.errno not in (errno.ENXIO, errno.ENOENT):
                    return
                stop.wait(0.05)  # no reader yet
                continue
            try:
                os.write(fd, b"category: x\n")
            finally:
                os.close(fd)

    thread = threading.Thread(target=run, name="fifo-release", daemon=True)
    thread.stop = stop  # type: ignore[attr-defined]
    thread.start()
    return thread


@pytest.fixture
def fifo():
    """``fifo(path)`` makes a named pipe that releases a blocked reader after 2 s; ended at teardown."""
    threads = []

    def make(path: Path, after: float = 2.0) -> Path:
        os.mkfifo(path)
        threads.append(release_fifo_later(path, after))
        return path

    yield make
    for thread in threads:
        thread.stop.set()
        thread.join(5)


class ExclusiveLock:
    """A real second process holding ``BEGIN EXCLUSIVE`` on an SQLite file until released."""

    SCRIPT = (
        "import sqlite3, sys\n"
        "db = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "db.execute('BEGIN EXCLUSIVE')\n"
        "print('locked', flush=True)\n"
        "sys.stdin.readline()\n"
        "db.execute('COMMIT')\n"
        "print('released', flush=True)\n"
    )

    def __init__(self, path: Path) -> None:
        import subprocess
        import sys

        self.process = subprocess.Popen(
            [sys.executable, "-c", self.SCRIPT, str(path)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, start_new_session=True,
        )  # fmt: skip
        assert self.process.stdout.readline().strip() == "locked"

    def release(self) -> None:
        if self.process.poll() is None:
            self.process.stdin.write("\n")
            self.process.stdin.flush()
            assert self.process.stdout.readline().strip() == "released"
            self.process.wait(10)

    def kill(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, 9)
            self.process.wait(10)
        for stream in (self.process.stdin, self.process.stdout):
            stream.close()


@pytest.fixture
def exclusive_lock():
    locks = []

    def take(path: Path) -> ExclusiveLock:
        lock = ExclusiveLock(path)
        locks.append(lock)
        return lock

    yield take
    for lock in locks:
        lock.kill()


def require_mount_namespace() -> None:
    """Tests that mount a real tmpfs (a full disk, a read-only filesystem) need ``unshare -m``."""
    import shutil
    import subprocess

    reason = "needs unshare -m (util-linux, run as root): apt-get install util-linux"
    ok = shutil.which("unshare") is not None and subprocess.run(["unshare", "-m", "true"], capture_output=True).returncode == 0
    if not ok:
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
