"""The real CallSession with a memory of what it did, and test helpers."""

from __future__ import annotations

import os
import shutil

from operator_assist.core.engine import CallEngine
from operator_assist.core.journal_sink import JournalSink
from operator_assist.ui.call.session import CallSession


class RecordingSession(CallSession):
    """The real call session, remembering each action it did: (action, origin, at)."""

    def __init__(self, clock, settings, journal: JournalSink | None = None):
        super().__init__(CallEngine(clock, settings), journal)
        self.done: list[tuple[str, str, float | None]] = []

    def perform(self, action: str, origin: str = "window", at: float | None = None, reason: str | None = None) -> str | None:
        refused = super().perform(action, origin, at, reason)
        if refused is None:
            self.done.append((action, origin, at))
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


class LinkGate:
    """A TCP forwarder on 127.0.0.1 in front of ``target_port``: the test opens and closes the link.

    Closed, it cuts the connection it forwards and refuses new ones (accepts and closes them at
    once), as a softphone that is gone would; opened, it forwards the next connection again.
    """

    def __init__(self, target_port: int) -> None:
        import socket
        import threading

        self.target = target_port
        self.open = threading.Event()
        self.open.set()
        self._pairs: list = []
        self._lock = threading.Lock()
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(4)
        self.port = self.server.getsockname()[1]
        self.connections = 0
        """Connections forwarded so far."""
        self._thread = threading.Thread(target=self._accept, daemon=True, name="link-gate")
        self._thread.start()

    def _accept(self) -> None:
        import socket
        import threading

        while True:
            try:
                client, _ = self.server.accept()
            except OSError:  # closed by close()
                return
            if not self.open.is_set():
                client.close()
                continue
            try:
                upstream = socket.create_connection(("127.0.0.1", self.target), timeout=5)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._pairs.append((client, upstream))
                self.connections += 1
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(src, dst) -> None:
        import socket

        src.settimeout(None)
        while True:
            try:
                data = src.recv(65536)
            except OSError:
                data = b""
            if not data:
                for end in (src, dst):
                    try:
                        end.shutdown(socket.SHUT_RDWR)
                    except OSError:
                        pass
                return
            try:
                dst.sendall(data)
            except OSError:
                return

    def cut(self) -> None:
        """The link goes down, and stays down until :meth:`restore`."""
        import socket

        self.open.clear()
        with self._lock:
            pairs, self._pairs = self._pairs, []
        for pair in pairs:
            for end in pair:
                try:
                    end.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                end.close()

    def restore(self) -> None:
        self.open.set()

    def close(self) -> None:
        self.cut()
        self.server.close()
        self._thread.join(timeout=5)
