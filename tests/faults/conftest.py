"""Helpers of the fault suite: a GUI stall meter and hostile files that release themselves."""

from __future__ import annotations

import errno
import os
import threading
import time
from pathlib import Path

import pytest

STALL_LIMIT_MS = 1000.0
"""The event loop's worst lateness a test accepts: a blocked loop (a file read on the GUI thread, a
lock waited for) shows as seconds. The real figure, against its 200 ms target, is the bench's
``gui_stall_ms`` (bench/run.py runs this suite and reads its table): on a shared, loaded machine the
scheduler alone makes a loop late by a few hundred ms now and then, so no test asserts it."""


class StallMeter:
    """A repeating 10 ms QTimer; ``longest_ms`` is the worst lateness of a tick (a blocked loop)."""

    def __init__(self, interval_ms: int = 10) -> None:
        from PySide6.QtCore import Qt, QTimer

        self.interval = interval_ms / 1000
        self.longest_ms = 0.0
        self.ticks = 0
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
        self.ticks += 1

    def settle(self, qtbot) -> None:
        """Lets the loop run until the next tick: a key the test pressed is measured on its own, as a
        person's keys come (keys pressed back to back without the loop would add up to one stall)."""
        ticks = self.ticks
        qtbot.waitUntil(lambda: self.ticks > ticks, timeout=10000)

    def restart(self) -> None:
        """Counts from now on (what came before was the test's own work)."""
        self._last = time.monotonic()
        self.longest_ms = 0.0

    def measure_now(self) -> float:
        """Counts the time since the last tick too (a block that has not ended yet)."""
        self._tick()
        return self.longest_ms

    def stop(self) -> None:
        self.timer.stop()


def settle() -> None:
    """Lets the window finish what its start queued (layouts, the rest of the cards' first paint), so a
    stall measured from here is the fault's."""
    from PySide6.QtWidgets import QApplication

    for _ in range(50):
        started = time.monotonic()
        QApplication.processEvents()
        if time.monotonic() - started < 0.002:
            return


@pytest.fixture
def stall_meter(qtbot):
    meter = StallMeter()
    yield meter
    meter.stop()


class Fifo(type(Path())):  # type: ignore[misc]
    """A named pipe's path; :attr:`opened_by_a_reader` says whether anything ever blocked reading it."""

    opened_by_a_reader = False


def release_fifo_later(path: Fifo, after: float = 2.0) -> threading.Thread:
    """If anything blocks reading the FIFO ``path``, it is released after ``after`` s (and
    ``path.opened_by_a_reader`` is set).

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
            path.opened_by_a_reader = True
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

    def make(path: Path, after: float = 2.0) -> Fifo:
        fifo = Fifo(path)
        os.mkfifo(fifo)
        threads.append(release_fifo_later(fifo, after))
        return fifo

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


def require_binary(name: str, apt_package: str) -> str:
    """The path of ``name``; skip (fail when CI=true) with the install command if it is missing."""
    import shutil

    found = shutil.which(name)
    if found is None:
        reason = f"needs {name}: apt-get install {apt_package}"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    return found


DRIVER = r"""
import sys
from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from operator_assist.cli.main import main
from operator_assist.ui.main_window import MainWindow

app = QApplication(sys.argv[:1])  # run_gui takes this one: the app is otherwise untouched
KEYS = {name: getattr(Qt.Key, "Key_" + name) for name in ("F5", "F6", "F7", "F8")}
import time
longest = [0.0, time.monotonic()]


def tick():  # the GUI stall meter of tests/faults/conftest.py, printed as it grows (a kill may come)
    now = time.monotonic()
    late = (now - longest[1] - 0.01) * 1000
    longest[1] = now
    if late > longest[0] + 1:
        longest[0] = late
        print(f"stall {late:.1f}", flush=True)


meter = QTimer()
meter.setTimerType(Qt.TimerType.PreciseTimer)
meter.timeout.connect(tick)


class StopAtClose(QObject):  # quitting is measured apart (how long the close takes), not as a stall
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Close:
            meter.stop()
        return False


stop_at_close = StopAtClose()


def drive():
    windows = [w for w in app.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
    if not windows or not windows[0].isActiveWindow():
        if windows:
            windows[0].windowHandle().requestActivate()  # offscreen windows are not activated by show()
        QTimer.singleShot(50, drive)
        return
    windows[0].installEventFilter(stop_at_close)
    for name in sys.argv[2].split(","):
        QTest.keyClick(windows[0], KEYS[name])
    print("pressed", flush=True)
    longest[1] = time.monotonic()
    meter.start(10)  # from the keys on: the app's start is not a fault's stall


QTimer.singleShot(0, drive)
sys.exit(main(["--data-dir", sys.argv[1]]))
"""


class AppProcess:
    """The real app (``cli.main`` → ``run_gui``) in its own offscreen process, keys pressed in it."""

    def __init__(self, data_dir: Path, keys: str, wrap: list[str] | None = None) -> None:
        """``wrap``: a command the app is run under (it ends with ``exec "$@"`` of the app's own)."""
        import subprocess
        import sys

        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONFAULTHANDLER="1")
        self.process = subprocess.Popen(
            [*(wrap or []), sys.executable, "-c", DRIVER, str(data_dir), keys],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
        )  # fmt: skip
        line = self.process.stdout.readline()
        assert line.strip() == "pressed", self.process.stderr.read() if self.process.poll() is not None else line

    def signal(self, signum: int) -> None:
        os.kill(self.process.pid, signum)

    def wait(self, timeout: float = 20) -> tuple[int, str]:
        out, err = self.process.communicate(timeout=timeout)
        stalls = [float(line.split()[1]) for line in out.splitlines() if line.startswith("stall ")]
        self.stall_ms = max(stalls, default=0.0)
        """The longest GUI stall the app's own 10 ms timer saw after the keys were pressed."""
        return self.process.returncode, err

    def kill(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, 9)
            self.process.wait(10)
        for stream in (self.process.stdout, self.process.stderr):
            if stream and not stream.closed:
                stream.close()


@pytest.fixture
def app_process():
    started = []

    def start(data_dir: Path, keys: str, wrap: list[str] | None = None) -> AppProcess:
        started.append(AppProcess(data_dir, keys, wrap))
        return started[-1]

    yield start
    for app in started:
        app.kill()


# --- the fault table: case, longest GUI stall, events lost ---------------------------------

FAULT_TABLE: list[tuple[str, float | None, int, str]] = []


@pytest.fixture
def fault_row():
    """``fault_row(case, stall_ms, lost, message)`` adds a row to the table printed at the end
    (``stall_ms`` None: the case has no window, e.g. a command or the shipper alone)."""

    def add(case: str, stall_ms: float | None, lost: int, message: str = "") -> None:
        FAULT_TABLE.append((case, stall_ms, lost, message))

    return add


FAULT_TABLE_ENV = "OPERATOR_ASSIST_FAULT_TABLE"
"""Set to a file name, the table is also written there as JSON (bench/run.py's ``gui_stall_ms``)."""


def pytest_terminal_summary(terminalreporter):
    if not FAULT_TABLE:
        return
    if os.environ.get(FAULT_TABLE_ENV):
        import json

        rows = [{"case": case, "stall_ms": round(stall, 1), "lost": lost} for case, stall, lost, _ in FAULT_TABLE]
        Path(os.environ[FAULT_TABLE_ENV]).write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    write = terminalreporter.write_line
    write("")
    write("fault suite: case | longest GUI stall | events lost | message")
    for case, stall, lost, message in FAULT_TABLE:
        shown = "no window" if stall is None else f"{stall:.0f} ms"
        write(f"  {case} | {shown} | {lost} | {message[:90]}")
