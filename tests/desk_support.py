"""The real app as an operator starts it, under a private Xvfb: the venv's (``python -m operator_assist``)
or the installed package's (``/usr/bin/operator-assist``); used by test_single_instance.py and test_package.py."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

from operator_assist.ui.single_instance import server_name


def app_env(display: str, data_dir: Path, **extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY")}
    return env | {"DISPLAY": display, "QT_QPA_PLATFORM": "xcb", "OPERATOR_ASSIST_DATA_DIR": str(data_dir)} | extra


class RunningApp:
    """``command`` started under ``display``; ready once its window listens for a second start (after its
    first paint, with its global keys grabbed: the shell is made just before)."""

    def __init__(self, command: list[str], display: str, data_dir: Path, **extra: str) -> None:
        self.data_dir = data_dir
        self.env = app_env(display, data_dir, **extra)
        self.proc = subprocess.Popen(command, env=self.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.socket = Path(server_name(data_dir))

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


def focused_window_name(display: str) -> str:
    found = subprocess.run(["xdotool", "getwindowfocus", "getwindowname"], env=dict(os.environ, DISPLAY=display),
                           capture_output=True, text=True, timeout=10)  # fmt: skip
    return found.stdout.strip()
