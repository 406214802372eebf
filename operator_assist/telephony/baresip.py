"""``baresip:HOST:PORT`` — the baresip softphone's ``ctrl_tcp`` socket (netstring-framed JSON).

baresip reports ``CALL_INCOMING`` (a call rings, with the caller's address), ``CALL_ESTABLISHED``
(answered) and ``CALL_CLOSED`` (ended), but raises no event for hold: with this source the
assistant is the one that holds. When the operator holds, resumes or ends the call by key, or
answers a ringing one with «new call», :meth:`BaresipCallSource.command` sends
``hold``/``resume``/``hangup``/``accept`` (the standard says hold, not mute) and the source
reports the hold itself once baresip has said ``ok``.

A command is meant for one call. baresip 1.0's commands act on its *current* call, so each is
sent right behind ``callfind <id>`` in the same write (baresip runs both before it handles any
other event). A command is sent only while the link is up and the call is still there; one that
cannot be sent is refused at once, and one lost with the link is reported, never sent later.
After a reconnect, the calls followed before are looked for again (``callfind``): one that is
gone ended while the link was down.
"""

from __future__ import annotations

import itertools
import json
import logging
import select
import socket
import threading
from collections import deque

from ..core.call_sources import CommandRefused, TelephonyConfig, parse_host_port
from ..core.telephony import (
    ANSWER,
    BY_AGENT,
    CALL_ANSWERED,
    CALL_ENDED,
    CALL_RINGING,
    HOLD_ENDED,
    HOLD_STARTED,
    clean_number,
)
from ..i18n import translate
from .threaded import ThreadedCallSource

log = logging.getLogger(__name__)

MAX_FRAME = 1_000_000
KEPT_RESPONSES = 64
"""The last responses kept (for a look in a debugger or a test); older ones go."""
MAX_PENDING = 256
"""Commands sent and not answered yet; past this the link is taken for broken."""
VERBS = {"start_hold": "hold", "resume": "resume", "end_call": "hangup", ANSWER: "accept"}
FOUND = "setting current call:"
"""What baresip 1.0 answers a ``callfind`` that found the call (else: «call not found»)."""


def netstring(payload: bytes) -> bytes:
    return str(len(payload)).encode() + b":" + payload + b","


class NetstringReader:
    """Bytes → frames; the buffer holds at most one frame (``MAX_FRAME``) and the next read."""

    def __init__(self) -> None:
        self._buffer = bytearray()

    def feed(self, data: bytes) -> list[bytes]:
        buffer = self._buffer
        buffer += data
        frames: list[bytes] = []
        at = 0
        try:
            while True:
                colon = buffer.find(b":", at, at + 11)
                if colon < 0:
                    if len(buffer) - at > 10:
                        raise ValueError("not a netstring")
                    return frames
                head = bytes(buffer[at:colon])
                if not head.isdigit() or int(head) > MAX_FRAME:
                    raise ValueError("not a netstring")
                end = colon + 1 + int(head)
                if len(buffer) < end + 1:
                    return frames
                if buffer[end] != ord(","):
                    raise ValueError("netstring without its comma")
                frames.append(bytes(buffer[colon + 1 : end]))
                at = end + 1
        finally:
            del buffer[:at]


def account_user(aor: str) -> str:
    """``sip:2001@127.0.0.1:5060`` → ``2001``."""
    return aor.removeprefix("sips:").removeprefix("sip:").split("@", 1)[0] if "@" in aor else ""


class BaresipCallSource(ThreadedCallSource):
    name = "baresip"
    label = "baresip"
    can_answer = True
    timeout = 3.0

    def __init__(self, arg: str | None = None, config: TelephonyConfig | None = None) -> None:
        super().__init__(None, config)
        self.host, self.port = parse_host_port(arg, "baresip", "127.0.0.1:4444")
        self._lock = threading.Lock()
        self._connected = False
        self._outbox: deque[tuple[str, str, str]] = deque()
        """(verb, call id, the session's action) to send; filled only while the link is up."""
        self._wake_r: socket.socket | None = None
        self._wake_w: socket.socket | None = None
        self._tokens = itertools.count(1)
        self._pending: dict[str, tuple[str, str, str]] = {}
        """Token → (verb, call id, action) of what was sent and not answered yet."""
        self.calls: dict[str, str] = {}
        """The agent's calls baresip has told of: id → ``ringing``/``dialing``/``established``."""
        self.held: set[str] = set()
        """Calls put on hold by us (or on the way): a resume is sent only for these."""
        self.responses: deque[dict] = deque(maxlen=KEPT_RESPONSES)

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

    # --- the GUI thread ------------------------------------------------------------

    def command(self, action: str, call_id: str | None) -> bool:
        verb = VERBS.get(action)
        if verb is None or not call_id:  # the lookup is the assistant's alone; a call run by hand has no softphone call
            return False
        with self._lock:
            if verb == "resume" and call_id not in self.held:
                return False  # the hold never reached the softphone: nothing to undo there
            if not self._connected:
                raise CommandRefused(translate("telephony", "нет связи с baresip"))
            if call_id not in self.calls:
                raise CommandRefused(translate("telephony", "этого звонка в софтфоне уже нет"))
            if verb == "hold":
                self.held.add(call_id)
            elif verb == "resume":
                self.held.discard(call_id)
            self._outbox.append((verb, call_id, action))
        self._poke()
        return True

    def request(self, command: str, params: str = "") -> None:
        """A raw ctrl_tcp command for no call in particular (``listcalls``); only while the link is up."""
        with self._lock:
            if not self._connected:
                raise CommandRefused(translate("telephony", "нет связи с baresip"))
            self._outbox.append((command, params, ""))
        self._poke()

    def _poke(self) -> None:
        wake = self._wake_w
        if wake is None:  # stopped meanwhile: the outbox goes with the link
            return
        try:
            wake.send(b"x")
        except OSError:
            pass

    # --- the source's thread -------------------------------------------------------

    def serve(self) -> bool:
        self._set_status(translate("telephony", "{label}: подключение…").format(label=self.label), False)
        sock = socket.create_connection((self.host, self.port), timeout=self.timeout)
        reader = NetstringReader()
        with self._lock:
            self._connected = True
            followed = list(self.calls)
        self.connects += 1
        self._set_status(translate("telephony", "{label}: подключено").format(label=self.label), True)
        try:
            for call_id in followed:  # still there after the link was down?
                self._send(sock, [("callfind", call_id, "")])
            wake_r = self._wake_r
            assert wake_r is not None  # made by run() before serve()
            while not self.stopping:
                ready, _, _ = select.select([sock, wake_r], [], [])  # no timeout: stop() wakes it
                if wake_r in ready:
                    try:
                        wake_r.recv(4096)
                    except BlockingIOError:
                        pass
                self._send_queued(sock)
                if sock in ready:
                    data = self.read(sock)
                    if not data:
                        if not self.stopping:
                            log.info("baresip: %s:%s closed the connection", self.host, self.port)
                        return True
                    for frame in reader.feed(data):
                        self._handle(frame)
            return True
        finally:
            sock.close()
            self._link_lost()

    def _link_lost(self) -> None:
        """What was queued or sent and not answered is lost with the link: said, never sent later."""
        with self._lock:
            self._connected = False
            lost = [item for item in self._outbox if item[2]]
            lost += [item for item in self._pending.values() if item[2] and item[0] != "callfind"]
            self._outbox.clear()
            self._pending.clear()
        for verb, call_id, action in lost:
            if verb == "hold":
                with self._lock:
                    self.held.discard(call_id)
            self.command_failed(action, call_id, translate("telephony", "связь с baresip прервалась"))

    def _send_queued(self, sock: socket.socket) -> None:
        with self._lock:
            items, self._outbox = list(self._outbox), deque()
        for verb, call_id, action in items:
            if action:  # for one call: make it baresip's current call in the same write
                self._send(sock, [("callfind", call_id, action), (verb, call_id, action)])
            else:
                self._send(sock, [(verb, call_id, "")])

    def _send(self, sock: socket.socket, commands: list[tuple[str, str, str]]) -> None:
        payload = b""
        for verb, call_id, action in commands:
            token = f"oa{next(self._tokens)}"
            params = call_id if verb == "callfind" or not action else ""
            with self._lock:
                if len(self._pending) >= MAX_PENDING:
                    raise ConnectionError("baresip answers none of our commands")
                self._pending[token] = (verb, call_id, action)
            payload += netstring(json.dumps({"command": verb, "params": params, "token": token}).encode())
        sock.settimeout(self.timeout)
        try:
            sock.sendall(payload)
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
            self._response(message)
        elif message.get("event"):
            self._event(message)

    def _response(self, message: dict) -> None:
        self.responses.append(message)
        with self._lock:
            sent = self._pending.pop(str(message.get("token")), None)
        if sent is None:
            return
        verb, call_id, action = sent
        data = str(message.get("data", ""))
        if verb == "callfind":
            if message.get("ok") and data.startswith(FOUND):
                return
            if action:  # the command right behind it went to no call, or another one
                log.warning("baresip: call %s was gone before its %s", call_id, action)
                self.command_failed(action, call_id, translate("telephony", "этого звонка в софтфоне уже нет"))
                with self._lock:  # its own answer is not about our call
                    for token, item in list(self._pending.items()):
                        if item == (VERBS[action], call_id, action):
                            del self._pending[token]
            elif self._forget(call_id):  # looked for after a reconnect: gone
                log.info("baresip: call %s ended while the link was down", call_id)
                self.emit(CALL_ENDED, call_id, BY_AGENT)
            return
        if not message.get("ok"):
            log.warning("baresip: %s refused: %s", verb, data[:200])
            if verb == "hold":
                with self._lock:
                    self.held.discard(call_id)
            if action:
                self.command_failed(action, call_id, translate("telephony", "софтфон отказал ({reason})").format(reason=data.strip()[:80]))
            return
        if verb in ("hold", "resume"):
            self.emit(HOLD_STARTED if verb == "hold" else HOLD_ENDED, call_id, BY_AGENT)

    def _event(self, message: dict) -> None:
        kind = str(message.get("type"))
        if kind not in ("CALL_INCOMING", "CALL_RINGING", "CALL_ESTABLISHED", "CALL_CLOSED"):
            return
        user = account_user(str(message.get("accountaor", "")))
        if self.config.agent and user and user != self.config.agent:
            return  # another account of this softphone
        call = str(message.get("id", ""))
        agent = user or self.config.agent
        if kind == "CALL_CLOSED":
            self._forget(call)
            self.emit(CALL_ENDED, call, BY_AGENT, agent=agent)
            return
        incoming = kind == "CALL_INCOMING" or message.get("direction") == "incoming"
        with self._lock:
            if kind == "CALL_ESTABLISHED":
                self.calls[call] = "established"
            else:  # ringing; a CALL_RINGING of a call the operator dialled: the client's phone rings, not ours
                self.calls.setdefault(call, "ringing" if incoming else "dialing")
        if kind == "CALL_ESTABLISHED":
            self.emit(CALL_ANSWERED, call, BY_AGENT, agent=agent)
        elif incoming:
            number = clean_number(account_user(str(message.get("peeruri", ""))))
            self.emit(CALL_RINGING, call, BY_AGENT, agent=agent, number=number)

    def _forget(self, call: str) -> bool:
        with self._lock:
            self.held.discard(call)
            return self.calls.pop(call, None) is not None

    def _interrupt(self) -> None:
        self._poke()
