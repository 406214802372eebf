"""The real CallSession with a memory of what it did, and test helpers."""

from __future__ import annotations

import os
import re
import shutil
import socket
import threading
import time
from pathlib import Path

from operator_assist.core.commands import Action, Command
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
        if refused is None and isinstance(command, Action):  # a ring is news, not an action of the call
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
            upstream.settimeout(None)  # here, not in the pipes: cut() may close both ends before a pipe runs
            with self._lock:
                self._pairs.append((client, upstream))
                self.connections += 1
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(src, dst) -> None:
        import socket

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


# --- a recorded Asterisk, and floods of it ----------------------------------------------------

RECORDING = Path(__file__).resolve().parent / "data" / "ami-asterisk22-call-hold.txt"
"""Recorded from a real Asterisk 22.10.1 (see docs/development.md, Telephony → Tests)."""


def recording() -> tuple[str, list[tuple[float, bytes]]]:
    """(banner, [(seconds since login, raw block)]) from the recorded stream; the first block is the login's answer."""
    text = RECORDING.read_text(encoding="utf-8")
    banner = re.search(r"^# banner: (.*)$", text, re.M).group(1)
    blocks = []
    for part in re.split(r"^## \+", text, flags=re.M)[1:]:
        stamp, _, body = part.partition("\n")
        lines = [line for line in body.strip("\n").split("\n")]
        blocks.append((float(stamp.rstrip("s")), ("\r\n".join(lines) + "\r\n\r\n").encode()))
    return banner, blocks


REFUSED = b"Response: Error\r\nActionID: 1\r\nMessage: Authentication failed\r\n\r\n"
"""What Asterisk answers a wrong secret."""


def greet(conn: socket.socket, banner: str) -> tuple[dict[str, str] | None, bytes]:
    """An AMI server's start: the banner, then the client's login action read whole. (The login's
    fields, or None when the client went away; what came after the login.)"""
    conn.sendall(banner.encode() + b"\r\n")
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(4096)
        if not chunk:
            return None, b""
        data += chunk
    action, _, rest = data.partition(b"\r\n\r\n")
    return dict(line.split(": ", 1) for line in action.decode().strip().split("\r\n")), rest


class AmiStorm:
    """One AMI client on 127.0.0.1: the banner, the login's answer (or a refusal), ``head``, then
    ``body`` again and again for ``seconds`` (counted), then ``tail``; open until closed."""

    def __init__(self, head: bytes = b"", body: bytes = b"", seconds: float = 0.0, tail: bytes = b"", refuse: bool = False):
        self.head, self.body, self.seconds, self.tail, self.refuse = head, body, seconds, tail, refuse
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(4)
        self.port = self.sock.getsockname()[1]
        self.rounds = 0
        self.logins = 0
        self.done = threading.Event()
        self._closing = threading.Event()
        self._conns: list[socket.socket] = []
        self.sock.settimeout(0.1)  # accept() looks at _closing this often: a close() never waits for a client
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self._closing.is_set():
            try:
                conn, _ = self.sock.accept()
            except socket.timeout:
                continue
            except OSError:
                return
            conn.settimeout(None)
            self._conns.append(conn)
            try:
                self._serve(conn)
            except OSError:
                pass
            finally:
                self.done.set()

    def _serve(self, conn: socket.socket) -> None:
        banner, blocks = recording()
        login, _ = greet(conn, banner)
        if login is None:
            return
        self.logins += 1
        if self.refuse:
            conn.sendall(REFUSED)
            conn.close()
            return
        conn.sendall(blocks[0][1] + self.head)
        until = time.monotonic() + self.seconds
        while self.body and time.monotonic() < until:  # as fast as the socket takes it
            conn.sendall(self.body)
            self.rounds += 1
        conn.sendall(self.tail)

    def close(self) -> None:
        self._closing.set()
        for conn in self._conns:
            conn.close()
        self.thread.join(timeout=5)
        self.sock.close()


INBOX_CLIENT = r"""
import json, sys, threading, time, urllib.request, urllib.error
info = json.load(open(sys.argv[1]))
seconds = float(sys.argv[2])
opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
counts = {"sent": 0, "202": 0, "429": 0, "accepted_holds": 0, "accepted_resumes": 0}
lock = threading.Lock()

def post(kind):
    request = urllib.request.Request(info["url"] + "/v1/events", data=json.dumps({"kind": kind, "call_id": "c1"}).encode(),
                                     method="POST", headers={"Authorization": "Bearer " + info["token"]})
    with lock:
        counts["sent"] += 1
    try:
        with opener.open(request, timeout=10) as response:
            code = response.status
    except urllib.error.HTTPError as exc:
        code = exc.code
    with lock:
        counts[str(code)] = counts.get(str(code), 0) + 1
    return code

def running():  # the time asked for, and on until the limit answered (the app's clock decides when it refills)
    return (time.monotonic() < until or not counts["429"]) and time.monotonic() < until + 60

def rings():  # a second sender (ignored during a call, but each one goes through the window)
    next_at = time.monotonic()
    while running():
        post("call_ringing")
        next_at += 1 / 120
        time.sleep(max(0.0, next_at - time.monotonic()))

post("call_answered")
until = time.monotonic() + seconds
other = threading.Thread(target=rings)
other.start()
held = False
while running():  # holds and resumes as fast as they are answered: with the rings, over 200 a second
    if post("hold_ended" if held else "hold_started") == 202:
        counts["accepted_resumes" if held else "accepted_holds"] += 1
        held = not held
other.join()
print(json.dumps(counts))
"""
