"""A PBX's AMI on 127.0.0.1 that the test drives, and calls made from the recorded Asterisk 22 stream.

No Qt here: bench/bench_hub.py uses it too. :class:`FakePbx` answers what a real Asterisk answers
(the banner, the login, ``ListCommands``, ``Status``, the actions) and sends the event blocks the
test gives it. :func:`recorded_call` turns the recorded call of agent 2001 and customer 2002 into
the same call between any two extensions, with its own channels and ids.
"""

from __future__ import annotations

import functools
import re
import socket
import threading
import time
from pathlib import Path

RECORDING = Path(__file__).resolve().parent / "data" / "ami-asterisk22-call-hold.txt"
"""Recorded from a real Asterisk 22.10.1 (see the README's telephony section)."""
SECRET = "ctisecret"
BASIC = ("Login", "Logoff", "Ping", "ListCommands", "Events", "Challenge", "WaitEvent")
"""What every AMI user may send (``Priv: <none>``)."""
STATUS = ("Status", "Hangup")
"""What ``write = call`` adds among the ones the hub uses (stock Asterisk 22 has no ``Hold``)."""


@functools.lru_cache(maxsize=1)
def recording() -> tuple[str, list[tuple[float, bytes]]]:
    """(banner, [(seconds since login, raw block)]); the first block is the login's answer."""
    text = RECORDING.read_text(encoding="utf-8")
    banner = re.search(r"^# banner: (.*)$", text, re.M).group(1)
    blocks = []
    for part in re.split(r"^## \+", text, flags=re.M)[1:]:
        stamp, _, body = part.partition("\n")
        blocks.append((float(stamp.rstrip("s")), ("\r\n".join(body.strip("\n").split("\n")) + "\r\n\r\n").encode()))
    return banner, blocks


RECORDED_STEPS = ("DialBegin", "DialEnd", "Hold", "Unhold", "Hold", "Unhold", "Hangup")
"""The recorded blocks that each make one of the agent's events: ringing, answered, the agent's hold and
resume, the customer's hold and resume, the hangup (the agent's channel's)."""


def recorded_call(agent: str = "2001", customer: str = "2002", serial: int | None = None) -> list[bytes]:
    """The recorded call as ``customer`` calling ``agent``: seven steps, each the blocks up to and including
    the one that makes the agent's next event (:data:`RECORDED_STEPS`); the rest of the blocks go with the last.
    ``serial`` makes its channels and ids its own; None: the recorded bytes as they are (2002 calls 2001)."""
    _, blocks = recording()
    raws = [raw for _, raw in blocks[1:]]
    if serial is not None:
        linked, agent_id = f"1800000000.{2 * serial}", f"1800000000.{2 * serial + 1}"
        names = (("1796074985.4", linked), ("1796074985.5", agent_id), ("2002-00000004", f"{customer}-{2 * serial:08x}"),
                 ("2001-00000005", f"{agent}-{2 * serial + 1:08x}"))  # fmt: skip

        def own(raw: bytes) -> bytes:
            text = raw.decode()
            for old, new in names:
                text = text.replace(old, new)
            return re.sub(r"\b2002\b", customer, re.sub(r"\b2001\b", agent, text)).encode()

        raws = [own(raw) for raw in raws]
    steps, step, wanted = [], b"", list(RECORDED_STEPS)
    for raw in raws:
        step += raw
        event = raw.split(b"\r\n", 1)[0].removeprefix(b"Event: ").decode()
        if wanted and event == wanted[0] and (event != "Hangup" or f"/{agent}-".encode() in raw):
            steps.append(step)
            step, wanted = b"", wanted[1:]
    steps[-1] += step
    assert len(steps) == len(RECORDED_STEPS), len(steps)
    return steps


def linked_of(agent_serial: int) -> str:
    return f"1800000000.{2 * agent_serial}"


def channel_of(agent: str, serial: int) -> str:
    return f"PJSIP/{agent}-{2 * serial + 1:08x}"


def status_event(action_id: str, channel: str, linked: str, state: str = "6", connected: str = "") -> bytes:
    desc = {"6": "Up", "5": "Ringing"}.get(state, "Down")
    return (f"Event: Status\r\nActionID: {action_id}\r\nChannel: {channel}\r\nChannelState: {state}\r\n"
            f"ChannelStateDesc: {desc}\r\nConnectedLineNum: {connected}\r\nLinkedid: {linked}\r\n\r\n").encode()  # fmt: skip


class FakePbx:
    """Listens on 127.0.0.1; one AMI client at a time (the hub). ``offered``: the actions ``ListCommands``
    lists (an action not offered is refused, as Asterisk refuses one the user may not send);
    ``channels``: (channel, linked, state, number) that ``Status`` lists. Every action after the
    login lands in :attr:`received`, in order."""

    def __init__(self, offered=BASIC + STATUS, secret: str = SECRET) -> None:
        self.banner, self._blocks = recording()
        self.offered = tuple(offered)
        self.secret = secret
        self.channels: list[tuple[str, str, str, str]] = []
        self.after_login = b""
        """Blocks sent in the same write as the login's answer (a busy PBX's events do come that close)."""
        self.received: list[dict[str, str]] = []
        self.logins = 0
        self.refused = 0
        self._conn: socket.socket | None = None
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.port = self.sock.getsockname()[1]
        self._closing = False
        self._threads = [threading.Thread(target=self._accept, daemon=True, name="fake-pbx")]
        self._threads[0].start()

    # --- the test's side ------------------------------------------------------------------

    def wait_logged_in(self, count: int = 1, timeout: float = 30.0) -> None:
        with self._changed:
            if not self._changed.wait_for(lambda: self.logins >= count and self._conn is not None, timeout):
                raise TimeoutError(f"the hub did not log in ({self.logins} logins)")

    def wait_received(self, name: str, count: int = 1, timeout: float = 30.0) -> list[dict[str, str]]:
        with self._changed:
            if not self._changed.wait_for(lambda: len(self.actions(name)) >= count, timeout):
                raise TimeoutError(f"no {name} action came ({[a.get('Action') for a in self.received]})")
            return self.actions(name)

    def actions(self, name: str) -> list[dict[str, str]]:
        return [a for a in self.received if a.get("Action") == name]

    def send(self, data: bytes) -> None:
        with self._lock:
            if self._conn is None:
                raise ConnectionError("no hub connected")
            self._conn.sendall(data)

    def drop(self) -> None:
        """The link goes down (the hub reconnects by itself)."""
        with self._lock:
            conn, self._conn = self._conn, None
        if conn is not None:
            conn.shutdown(socket.SHUT_RDWR)
            conn.close()

    def close(self) -> None:
        self._closing = True
        self.drop()
        try:
            self.sock.shutdown(socket.SHUT_RDWR)  # wakes the accept() (a close alone does not, on Linux)
        except OSError:
            pass
        self.sock.close()
        for thread in self._threads:
            thread.join(timeout=5)

    # --- the PBX's side ---------------------------------------------------------------------

    def _accept(self) -> None:
        while not self._closing:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            thread = threading.Thread(target=self._serve, args=(conn,), daemon=True, name="fake-pbx-client")
            self._threads.append(thread)
            thread.start()

    def _serve(self, conn: socket.socket) -> None:
        conn.sendall(self.banner.encode() + b"\r\n")
        data = b""
        logged_in = False
        try:
            while True:
                chunk = conn.recv(65536)
                if not chunk:
                    return
                data += chunk
                while b"\r\n\r\n" in data:
                    raw, data = data.split(b"\r\n\r\n", 1)
                    fields = dict(line.split(": ", 1) for line in raw.decode().split("\r\n") if ": " in line)
                    if not logged_in:
                        if fields.get("Action") != "Login":
                            continue
                        if fields.get("Secret") != self.secret:
                            self.refused += 1
                            conn.sendall(b"Response: Error\r\nActionID: %s\r\nMessage: Authentication failed\r\n\r\n"
                                         % fields.get("ActionID", "").encode())  # fmt: skip
                            conn.close()
                            return
                        logged_in = True
                        with self._changed:
                            conn.sendall(b"Response: Success\r\nActionID: %s\r\nMessage: Authentication accepted\r\n\r\n"
                                         % fields.get("ActionID", "").encode() + self.after_login)  # fmt: skip
                            self._conn = conn
                            self.logins += 1
                            self._changed.notify_all()
                        continue
                    self._answer(conn, fields)
        except OSError:
            return
        finally:
            with self._changed:
                if self._conn is conn:
                    self._conn = None
                self._changed.notify_all()
            conn.close()

    def _answer(self, conn: socket.socket, fields: dict[str, str]) -> None:
        name, action_id = fields.get("Action", ""), fields.get("ActionID", "")
        with self._changed:
            self.received.append(fields)
            self._changed.notify_all()
            if name not in self.offered:
                reply = f"Response: Error\r\nActionID: {action_id}\r\nMessage: Permission denied\r\n\r\n".encode()
            elif name == "ListCommands":
                lines = "".join(f"{offered}: {offered}.  (Priv: call,all)\r\n" for offered in self.offered)
                reply = f"Response: Success\r\nActionID: {action_id}\r\n{lines}\r\n".encode()
            elif name == "Status":
                reply = (f"Response: Success\r\nActionID: {action_id}\r\nEventList: start\r\n"
                         f"Message: Channel status will follow\r\n\r\n").encode()  # fmt: skip
                for channel, linked, state, number in self.channels:
                    reply += status_event(action_id, channel, linked, state, number)
                reply += f"Event: StatusComplete\r\nActionID: {action_id}\r\nItems: {len(self.channels)}\r\n\r\n".encode()
            else:
                reply = f"Response: Success\r\nActionID: {action_id}\r\nMessage: {name} done\r\n\r\n".encode()
            conn.sendall(reply)


def wait_until(predicate, timeout: float = 30.0, step: float = 0.02, what: str = "the condition") -> None:
    """For threads outside Qt (the hub's stream readers): polls ``predicate`` until it holds."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what} did not come within {timeout} s")
        time.sleep(step)
