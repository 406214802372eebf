"""The real app as an operator starts it, under a private Xvfb: the venv's (``python -m operator_assist``)
or the installed package's (``/usr/bin/operator-assist``); used by test_single_instance.py and test_package.py."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

from operator_assist.core.journal import Journal
from operator_assist.ui.desktop.single_instance import server_name


def app_env(display: str, data_dir: Path, base: dict | None = None) -> dict:
    """``base`` (default: this process's environment, the tests' temporary dirs) for an app on ``display``."""
    env = {k: v for k, v in (os.environ if base is None else base).items() if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY")}
    return env | {"DISPLAY": display, "QT_QPA_PLATFORM": "xcb", "OPERATOR_ASSIST_DATA_DIR": str(data_dir)}


class RunningApp:
    """``command`` started under ``display``; ready once its window listens for a second start (after its
    first paint, with its global keys grabbed: the shell is made just before)."""

    def __init__(self, command: list[str], display: str, data_dir: Path, base_env: dict | None = None) -> None:
        self.data_dir = data_dir
        self.env = app_env(display, data_dir, base_env)
        self.proc = subprocess.Popen(command, env=self.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        name = server_name(data_dir)  # its own environment's name: in XDG_RUNTIME_DIR, else in the temp dir (Qt's)
        self.socket = Path(name) if os.path.isabs(name) else Path(self.env.get("TMPDIR") or "/tmp") / name

    def wait_ready(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while not self.socket.exists():
            if self.proc.poll() is not None:
                raise AssertionError(f"the app ended ({self.proc.returncode}): {self.proc.communicate()}")
            if time.monotonic() > deadline:
                raise AssertionError("the app never listened for a second start")
            time.sleep(0.05)

    def stop(self) -> tuple[int, str, str]:
        """SIGTERM (the app closes as on a quit), then its exit code and output."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            out, err = self.proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            out, err = self.proc.communicate()
        return self.proc.returncode, out, err


def x_windows(display: str, name: str) -> list[str]:
    """The ids of the mapped windows whose title contains ``name``."""
    found = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", name], env=dict(os.environ, DISPLAY=display),
                           capture_output=True, text=True, timeout=10)  # fmt: skip
    return found.stdout.split()


def on_top(display: str, window: str, other: int) -> bool:
    """Whether ``window`` (an id as xdotool prints it) is stacked above ``other`` (the root's children, bottom
    first). Stacking, not the focus: without a window manager X ignores a focus request older than the last
    focus change, and with one, the desktop's focus-stealing rules decide (docs/admin.md)."""
    from Xlib import display as xdisplay

    connection = xdisplay.Display(display)
    try:
        order = [child.id for child in connection.screen().root.query_tree().children]
    finally:
        connection.close()
    return order.index(int(window)) > order.index(other)


def wait_until(condition, what: str, timeout: float = 30.0) -> None:
    """Polls ``condition`` (another process's doing: no signal to wait on) until it holds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"never happened: {what}")
        time.sleep(0.05)


def journal_kinds(data_dir: Path) -> list[str]:
    """What the running app has recorded so far (read-only: the app's writer keeps the journal)."""
    path = data_dir / "journal.sqlite3"
    if not path.exists():
        return []
    with Journal.open_readonly(path) as journal:
        return [event.kind.value for event in journal.events()]


def second_start_raises_the_first(app: RunningApp, command: list[str], display: str, title: str, other_window: int) -> None:
    """``command`` started again while ``app`` runs under another program's window: it exits 0 at once,
    opens no window of its own, and ``app``'s window comes above the other program's."""
    [window] = x_windows(display, title)
    assert not on_top(display, window, other_window)  # the other program's window covers it
    second = subprocess.run(command, env=app.env, capture_output=True, text=True, timeout=60)
    assert second.returncode == 0 and "уже запущен" in second.stderr, second.stderr
    assert x_windows(display, title) == [window]  # no second window
    wait_until(lambda: on_top(display, window, other_window), "the first window raised over the other program")
