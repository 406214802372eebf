"""How long quitting takes under a fault: the real app, mid-hold, told to quit (SIGTERM, as a logout does).

    python bench/quit_probe.py [--rounds N]

Two faults, each with a call on hold when the app is told to quit:

- ``read_only_journal``: the journal's folder is read-only (a read-only bind mount in a private mount
  namespace when run as root, else the folder's mode); the waiting events must be set aside;
- ``dripping_team_server``: the PC is enrolled with a team server that answers one byte a second;
  a shipping round is under way.

Prints one JSON line: seconds from the signal to the process's exit, per fault (the worst of the
rounds) and ``quit_under_fault_s``, the worst of both.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

CHILD = r"""
import sys
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from operator_assist.cli.main import main
from operator_assist.ui.main_window import MainWindow

app = QApplication(sys.argv[:1])


def press():
    windows = [w for w in app.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
    if not windows or not windows[0].isActiveWindow():
        if windows:
            windows[0].windowHandle().requestActivate()
        QTimer.singleShot(50, press)
        return
    QTest.keyClick(windows[0], Qt.Key.Key_F5)
    QTest.keyClick(windows[0], Qt.Key.Key_F7)
    print("on hold", flush=True)


QTimer.singleShot(0, press)
sys.exit(main(["--data-dir", sys.argv[1]]))
"""


class Drip:
    """A team server that answers one byte a second."""

    def __init__(self) -> None:
        self.stop = threading.Event()
        self.requests = 0
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                owner.requests += 1
                for byte in b"HTTP/1.1 200 OK\r\n" * 100:
                    if owner.stop.wait(1.0):
                        return
                    try:
                        self.wfile.write(bytes([byte]))
                        self.wfile.flush()
                    except OSError:
                        return

            do_POST = do_GET

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.stop.set()
        self.httpd.shutdown()
        self.httpd.server_close()


def _env(home: Path) -> dict:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(home), XDG_CACHE_HOME=str(home / ".cache"),
               XDG_CONFIG_HOME=str(home / ".config"), XDG_DATA_HOME=str(home / ".local" / "share"),
               XDG_STATE_HOME=str(home / ".local" / "state"))  # fmt: skip
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("OPERATOR_ASSIST_DATA_DIR", None)
    return env


def _quit_after(command: list[str], env: dict, ready) -> float:
    """Starts ``command``, waits for «on hold» and ``ready()``, sends SIGTERM; seconds to the exit."""
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env,
                            start_new_session=True)  # fmt: skip
    try:
        line = proc.stdout.readline()
        if line.strip() != "on hold":
            raise RuntimeError(f"the app did not start: {line!r}")
        deadline = time.monotonic() + 30
        while not ready() and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.5)  # the fault under way for a moment
        start = time.monotonic()
        os.kill(proc.pid, signal.SIGTERM)
        proc.wait(30)
        return time.monotonic() - start
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(10)
        proc.stdout.close()


def read_only_journal(root: Path) -> float:
    data, home = root / "data", root / "home"
    home.mkdir()
    child = [sys.executable, "-c", CHILD, str(data)]
    subprocess.run([sys.executable, "-c", "import sys; from operator_assist.core.journal import Journal; "
                    "Journal.open(sys.argv[1]).close()", str(data / "journal.sqlite3")], check=True)  # fmt: skip
    unsaved = lambda: any(root.rglob("*.unsaved-*.jsonl"))  # noqa: E731 - the app set its events aside
    if os.geteuid() == 0 and shutil.which("unshare"):
        script = 'mount --bind "$0" "$0" && mount -o remount,ro,bind "$0" && exec "$@"'
        return _quit_after(["unshare", "-m", "sh", "-c", script, str(data), *child], _env(home), unsaved)
    os.chmod(data / "journal.sqlite3", 0o444)
    os.chmod(data, 0o555)
    try:
        return _quit_after(child, _env(home), unsaved)
    finally:
        os.chmod(data, 0o755)


def dripping_team_server(root: Path) -> float:
    data, home = root / "data", root / "home"
    home.mkdir()
    drip = Drip()
    try:
        data.mkdir(mode=0o700)
        (data / "team.json").write_text(json.dumps({"url": drip.url, "token": "oa_bench", "team": "bench"}))
        return _quit_after([sys.executable, "-c", CHILD, str(data)], _env(home), lambda: drip.requests > 0)
    finally:
        drip.close()


def run(rounds: int = 3) -> dict:
    figures: dict[str, list[float]] = {"read_only_journal": [], "dripping_team_server": []}
    for _ in range(rounds):
        for name, probe in (("read_only_journal", read_only_journal), ("dripping_team_server", dripping_team_server)):
            with tempfile.TemporaryDirectory() as tmp:
                figures[name].append(round(probe(Path(tmp)), 3))
    worst = {name: max(values) for name, values in figures.items()}
    return {"quit_under_fault_s": max(worst.values()), "quit_under_fault": {"worst_s": worst, "runs_s": figures}}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3)
    print(json.dumps(run(parser.parse_args().rounds)))
