"""``ami:HOST:PORT`` — the Asterisk Manager Interface, read-only (``read=call``).

What real Asterisk 22 sends (see the recorded stream in the shared reference):
- ``Hold``/``Unhold`` come on the channel that pressed hold: the agent's own
  channel (``PJSIP/2001-0000000a``) means the agent held the client; another
  channel of the same call (same ``Linkedid``) means the client held the agent.
  ``DeviceStateChange … ONHOLD`` is about the *held* device: not used.
- After bridging, ``Exten`` is empty on the agent's channel: the agent's
  channels are known by name (``TECH/<agent>-<hex>``) and the call by ``Linkedid``.
- Answered: ``DialEnd`` with ``DialStatus: ANSWER`` towards the agent, or the
  agent's channel entering a bridge (calls the agent placed). Ended: ``Hangup``
  of the agent's channel.
"""

from __future__ import annotations

import logging
import os
import re
import socket
import threading
from typing import Iterator

from ..core.call_sources import TelephonyConfig, parse_host_port
from ..core.telephony import BY_AGENT, BY_PEER, CALL_ANSWERED, CALL_ENDED, CALL_RINGING, HOLD_ENDED, HOLD_STARTED
from ..i18n import translate
from .threaded import ThreadedCallSource

log = logging.getLogger(__name__)

SECRET_ENV = "OPERATOR_ASSIST_AMI_SECRET"
MAX_LINE = 8192
MAX_KEYS = 200


class AmiReader:
    """Bytes from the socket → AMI blocks (dicts). The banner and garbage lines are skipped and counted."""

    def __init__(self) -> None:
        self._buffer = b""
        self._block: dict[str, str] = {}
        self.banner: str | None = None
        self.garbage = 0

    def feed(self, data: bytes) -> Iterator[dict[str, str]]:
        self._buffer += data
        while True:
            end = self._buffer.find(b"\n")
            if end < 0:
                if len(self._buffer) > MAX_LINE:  # a line that never ends: drop it
                    self._buffer = b""
                    self.garbage += 1
                return
            raw, self._buffer = self._buffer[:end], self._buffer[end + 1 :]
            line = raw.rstrip(b"\r").decode("utf-8", "replace")
            if not line.strip():
                if self._block:
                    block, self._block = self._block, {}
                    yield block
                continue
            if self.banner is None and not self._block and line.startswith("Asterisk Call Manager"):
                self.banner = line
                continue
            key, sep, value = line.partition(":")
            if not sep or not key or " " in key.strip() or len(line) > MAX_LINE or len(self._block) >= MAX_KEYS:
                self.garbage += 1
                log.debug("AMI: garbage line skipped (%d chars)", len(line))
                continue
            self._block[key.strip()] = value.strip()


class AmiMapper:
    """AMI event blocks → (kind, call_id, by) for one agent's extension. Pure, no I/O."""

    def __init__(self, agent: str) -> None:
        self.agent = agent
        self._own = re.compile(r"^[A-Za-z0-9_]+/" + re.escape(agent) + r"-[0-9A-Fa-f]+$") if agent else None
        self.channels: dict[str, str] = {}
        """The agent's live channels → their call (Linkedid)."""
        self.answered: set[str] = set()
        self.ringing: set[str] = set()

    def is_agents(self, channel: str) -> bool:
        return bool(self._own and self._own.match(channel or ""))

    def map(self, block: dict[str, str]) -> list[tuple[str, str, str]]:
        event = block.get("Event")
        if not event:
            return []
        channel = block.get("Channel", "")
        linked = block.get("Linkedid", "")
        if self.is_agents(channel) and linked:
            self.channels.setdefault(channel, linked)
        if event in ("DialBegin", "DialState", "DialEnd"):
            dest = block.get("DestChannel", "")
            if not self.is_agents(dest):
                return []
            call = block.get("DestLinkedid") or linked
            self.channels.setdefault(dest, call)
            status = block.get("DialStatus", "")
            if event == "DialEnd" and status == "ANSWER":
                return self._answered(call)
            if (event == "DialBegin" or status == "RINGING") and call not in self.ringing | self.answered:
                self.ringing.add(call)
                return [(CALL_RINGING, call, BY_AGENT)]
            return []
        if event == "BridgeEnter" and self.is_agents(channel):
            return self._answered(linked)
        if event in ("Hold", "Unhold"):
            kind = HOLD_STARTED if event == "Hold" else HOLD_ENDED
            if self.is_agents(channel):
                return [(kind, linked, BY_AGENT)]
            if linked and linked in self.channels.values():
                return [(kind, linked, BY_PEER)]
            return []
        if event == "Hangup" and self.is_agents(channel):
            return self.lost(channel, linked)
        return []

    def lost(self, channel: str, linked: str = "") -> list[tuple[str, str, str]]:
        """The agent's channel is gone (hung up, or missing after a reconnect)."""
        call = self.channels.pop(channel, linked)
        if not call or call in self.channels.values():  # another of the agent's channels is still in this call
            return []
        self.answered.discard(call)
        self.ringing.discard(call)
        return [(CALL_ENDED, call, BY_AGENT)]

    def _answered(self, call: str) -> list[tuple[str, str, str]]:
        if not call or call in self.answered:
            return []
        self.answered.add(call)
        return [(CALL_ANSWERED, call, BY_AGENT)]


class AmiCallSource(ThreadedCallSource):
    name = "ami"
    label = "Asterisk"
    timeout = 5.0

    def __init__(self, arg: str | None = None, config: TelephonyConfig | None = None) -> None:
        super().__init__(None, config)
        self.host, self.port = parse_host_port(arg, "ami", "127.0.0.1:5038")
        if not self.config.agent:
            raise ValueError(translate("telephony", "для источника 'ami' укажите добавочный оператора: telephony.agent в settings.yaml"))
        self.user = self.config.ami_user or "cti"
        self._secret = self.config.ami_secret or os.environ.get(SECRET_ENV, "")
        if not self._secret:
            raise ValueError(translate("telephony", "для источника 'ami' нужен пароль: telephony.ami_secret в settings.yaml или переменная {SECRET_ENV}").format(SECRET_ENV=SECRET_ENV))
        self.mapper = AmiMapper(self.config.agent)  # outlives a reconnect: the call in progress is kept
        self._sock: socket.socket | None = None
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"AmiCallSource({self.host}:{self.port}, user={self.user!r})"

    def serve(self) -> bool:
        self._set_status(translate("telephony", "{label}: подключение…").format(label=self.label), False)
        sock = socket.create_connection((self.host, self.port), timeout=self.timeout)
        with self._lock:
            if self.stopping:
                sock.close()
                return False
            self._sock = sock
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
            reader = AmiReader()
            login = f"Action: Login\r\nActionID: 1\r\nUsername: {self.user}\r\nSecret: {self._secret}\r\nEvents: call\r\n\r\n"
            sock.sendall(login.encode("utf-8"))
            logged_in = False
            reconciling: set[str] | None = None
            present: set[str] = set()
            while not self.stopping:
                try:
                    data = sock.recv(65536)
                except socket.timeout:
                    if not logged_in:
                        raise ConnectionError("Asterisk did not answer the login") from None
                    continue
                if not data:
                    if logged_in and not self.stopping:
                        log.info("AMI: %s:%s closed the connection", self.host, self.port)
                    return logged_in
                for block in reader.feed(data):
                    if not logged_in:
                        if "Response" not in block:
                            continue
                        if block.get("Response") != "Success":
                            self._set_status(translate("telephony", "{label}: вход отклонён ({message})").format(label=self.label, message=block.get("Message", translate("telephony", "ошибка"))), False)
                            log.warning("AMI: login refused for user %s: %s", self.user, block.get("Message", ""))
                            return False
                        logged_in = True
                        sock.settimeout(None)  # events may be far apart; stop() closes the socket
                        self.connects += 1
                        self._set_status(translate("telephony", "{label}: подключено").format(label=self.label), True)
                        if self.mapper.channels:  # a call was under way when the link dropped: still there?
                            reconciling, present = set(self.mapper.channels), set()
                            sock.sendall(b"Action: Status\r\nActionID: 2\r\n\r\n")
                        continue
                    if reconciling is not None and block.get("ActionID") == "2":
                        if block.get("Response") == "Error":  # a read-only user may not ask: keep the call as it is
                            log.info("AMI: cannot check the call after the reconnect: %s", block.get("Message", ""))
                            reconciling = None
                        elif block.get("Event") == "Status":
                            present.add(block.get("Channel", ""))
                        elif block.get("Event") == "StatusComplete":
                            for channel in reconciling - present:
                                for kind, call, by in self.mapper.lost(channel):
                                    log.info("AMI: call %s ended while the link was down", call)
                                    self.emit(kind, call, by)
                            reconciling = None
                        continue
                    for kind, call, by in self.mapper.map(block):
                        self.emit(kind, call, by)
            return logged_in
        finally:
            with self._lock:
                self._sock = None
            sock.close()

    def _interrupt(self) -> None:
        with self._lock:
            if self._sock is not None:
                try:
                    self._sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
