"""``baresip:HOST:PORT`` — the baresip softphone's ``ctrl_tcp`` socket (netstring-framed JSON).

baresip reports ``CALL_INCOMING``/``CALL_RINGING`` (ringing), ``CALL_ESTABLISHED``
(answered) and ``CALL_CLOSED`` (ended), but raises no event for hold: with this
source the assistant is the one that holds. When the session holds, resumes or
ends the call on the operator's key, :meth:`BaresipCallSource.command` sends
``hold``/``resume``/``hangup`` to baresip (the standard says hold, not mute), and
the source reports the hold itself once baresip has said ``ok``.
"""

from __future__ import annotations

import itertools
import json
import logging
import queue
import select
import socket

from ..core.call_sources import TelephonyConfig, parse_host_port
from ..core.telephony import BY_AGENT, CALL_ANSWERED, CALL_ENDED, CALL_RINGING, HOLD_ENDED, HOLD_STARTED
from ..i18n import translate
from .threaded import ThreadedCallSource

log = logging.getLogger(__name__)

MAX_FRAME = 1_000_000
COMMANDS = {"start_hold": "hold", "resume": "resume", "end_call": "hangup"}
EVENTS = {"CALL_INCOMING": CALL_RINGING, "CALL_RINGING": CALL_RINGING, "CALL_ESTABLISHED": CALL_ANSWERED, "CALL_CLOSED": CALL_ENDED}


def netstring(payload: bytes) -> bytes:
    return str(len(payload)).encode() + b":" + payload + b","


class NetstringReader:
    def __init__(self) -> None:
        self._buffer = b""

    def feed(self, data: bytes) -> list[bytes]:
        self._buffer += data
        frames: list[bytes] = []
        while True:
            colon = self._buffer.find(b":")
            if colon < 0:
                if len(self._buffer) > 10:
                    raise ValueError("not a netstring")
                return frames
            head = self._buffer[:colon]
            if not head.isdigit() or int(head) > MAX_FRAME:
                raise ValueError("not a netstring")
            size = int(head)
            end = colon + 1 + size
            if len(self._buffer) < end + 1:
                return frames
            if self._buffer[end : end + 1] != b",":
                raise ValueError("netstring without its comma")
            frames.append(self._buffer[colon + 1 : end])
            self._buffer = self._buffer[end + 1 :]


def account_user(aor: str) -> str:
    """``sip:2001@127.0.0.1:5060`` → ``2001``."""
    return aor.removeprefix("sips:").removeprefix("sip:").split("@", 1)[0] if "@" in aor else ""


class BaresipCallSource(ThreadedCallSource):
    name = "baresip"
    label = "baresip"
    timeout = 3.0

    def __init__(self, arg: str | None = None, config: TelephonyConfig | None = None) -> None:
        super().__init__(None, config)
        self.host, self.port = parse_host_port(arg, "baresip", "127.0.0.1:4444")
        self._outbox: queue.SimpleQueue[tuple[str, str]] = queue.SimpleQueue()
        self._wake_r: socket.socket | None = None
        self._wake_w: socket.socket | None = None
        self._tokens = itertools.count(1)
        self._pending: dict[str, str] = {}
        self.current: str | None = None
        """The id of the call baresip has established (hold/resume apply to it)."""
        self.responses: list[dict] = []

    def start(self, on_event, on_status, clock=None) -> None:
        # The wake-up pair lives exactly as long as the source runs.
        self._wake_r, self._wake_w = socket.socketpair()
        self._wake_r.setblocking(False)
        super().start(on_event, on_status, clock)

    def stop(self) -> None:
        super().stop()
        for end in (self._wake_r, self._wake_w):
            if end is not None:
                end.close()
        self._wake_r = self._wake_w = None

    def command(self, action: str) -> None:
        verb = COMMANDS.get(action)
        if verb is None:
            return
        if self.current is None:  # a call the operator runs by hand, without the softphone
            log.info("baresip: no established call to %s", verb)
            return
        self.request(verb)

    def request(self, command: str, params: str = "") -> None:
        """Queue a ctrl_tcp command (thread-safe, never blocks)."""
        self._outbox.put((command, params))
        wake = self._wake_w
        if wake is None:  # not running: sent once it connects
            return
        try:
            wake.send(b"x")
        except OSError:
            pass

    def serve(self) -> bool:
        self._set_status(translate("telephony", "{label}: подключение…").format(label=self.label), False)
        sock = socket.create_connection((self.host, self.port), timeout=self.timeout)
        sock.setblocking(False)
        reader = NetstringReader()
        self.connects += 1
        self._set_status(translate("telephony", "{label}: подключено").format(label=self.label), True)
        try:
            while not self.stopping:
                wake_r = self._wake_r
                assert wake_r is not None  # made by run() before serve()
                ready, _, _ = select.select([sock, wake_r], [], [], 1.0)
                if wake_r in ready:
                    try:
                        wake_r.recv(4096)
                    except BlockingIOError:
                        pass
                self._send_queued(sock)
                if sock in ready:
                    data = sock.recv(65536)
                    if not data:
                        if not self.stopping:
                            log.info("baresip: %s:%s closed the connection", self.host, self.port)
                        return True
                    for frame in reader.feed(data):
                        self._handle(frame)
            return True
        finally:
            sock.close()

    def _send_queued(self, sock: socket.socket) -> None:
        while True:
            try:
                command, params = self._outbox.get_nowait()
            except queue.Empty:
                return
            token = f"oa{next(self._tokens)}"
            self._pending[token] = command
            payload = json.dumps({"command": command, "params": params, "token": token}).encode()
            sock.setblocking(True)
            sock.settimeout(self.timeout)
            try:
                sock.sendall(netstring(payload))
            finally:
                sock.setblocking(False)

    def _handle(self, frame: bytes) -> None:
        try:
            message = json.loads(frame.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            log.warning("baresip: a frame that is not JSON skipped")
            return
        if not isinstance(message, dict):
            return
        if message.get("response"):
            self.responses.append(message)
            command = self._pending.pop(str(message.get("token")), None)
            if not message.get("ok"):
                log.warning("baresip: %s refused: %s", command, str(message.get("data", ""))[:200])
                return
            if command in ("hold", "resume") and self.current is not None:
                self.emit(HOLD_STARTED if command == "hold" else HOLD_ENDED, self.current, BY_AGENT)
            return
        if not message.get("event"):
            return
        kind = EVENTS.get(str(message.get("type")))
        if kind is None:
            return
        user = account_user(str(message.get("accountaor", "")))
        if self.config.agent and user and user != self.config.agent:
            return  # another account of this softphone
        call = str(message.get("id", ""))
        if kind == CALL_ANSWERED:
            self.current = call
        elif kind == CALL_ENDED and call == self.current:
            self.current = None
        self.emit(kind, call, BY_AGENT, agent=user or self.config.agent)

    def _interrupt(self) -> None:
        wake = self._wake_w
        if wake is None:  # not running
            return
        try:
            wake.send(b"x")
        except OSError:
            pass
