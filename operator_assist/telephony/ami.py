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
from ..core.files import excerpt
from ..core.telephony import (
    BY_AGENT,
    BY_PEER,
    CALL_ANSWERED,
    CALL_ENDED,
    CALL_RINGING,
    HOLD_ENDED,
    HOLD_STARTED,
    clean_number,
)
from ..i18n import translate
from .threaded import LoginRefused, ThreadedCallSource

log = logging.getLogger(__name__)

SECRET_ENV = "OPERATOR_ASSIST_AMI_SECRET"
MAX_KEYS = 200
MAX_BLOCK = 256 * 1024
"""Bytes without a blank line after which what is buffered is garbage (a real block is a few KB)."""
MAX_TRACKED = 64
"""Channels and calls the mapper keeps for one agent (a phone has a handful): a flood of new ones
evicts the oldest instead of growing without bound."""
_BLANK = re.compile(rb"\r?\n\r?\n")
_LINE = re.compile(r"^([A-Za-z0-9_()./-]{1,64}): ?([^\r\n]*?)\r?$", re.M)
"""A line of a block: ``Key: value``."""
_BLOCK_START = re.compile(rb"(?:^|\n)(?:Event|Response): ", re.M)


class AmiReader:
    """Bytes from the socket → AMI blocks (dicts). A block ends at a blank line.

    Garbage never costs the next real event: a block with a line that is not ``Key: value``
    resynchronises on its last ``Event:``/``Response:`` line (a real block starts with one), or
    is dropped whole; bytes that go on past ``MAX_BLOCK`` without a blank line are cut back to
    the last such line. ``wanted(raw)``, if given, is asked first with the raw bytes of each
    block: a block it does not want is skipped without being parsed (other channels' events).
    """

    def __init__(self, wanted=None) -> None:
        self._buffer = b""
        self._wanted = wanted
        self.banner: str | None = None
        self.garbage = 0
        """Blocks (or runs of bytes) dropped as garbage."""
        self.skipped = 0
        """Blocks not wanted (not parsed)."""

    def feed(self, data: bytes) -> Iterator[dict[str, str]]:
        buffer = self._buffer + data if self._buffer else data
        at = 0
        for end in _BLANK.finditer(buffer):
            raw = buffer[at : end.start()]
            at = end.end()
            if not raw.strip():
                continue
            if self.banner is None and raw.startswith(b"Asterisk Call Manager"):
                line, _, raw = raw.partition(b"\n")
                self.banner = line.rstrip(b"\r").decode("utf-8", "replace")
            if self._wanted is not None and not self._wanted(raw):
                self.skipped += 1
                continue
            block = self._parse(raw)
            if block:
                yield block
        rest = buffer[at:]
        if len(rest) > MAX_BLOCK:  # no blank line for too long: garbage, but a real block may have begun
            starts = [m.start() for m in _BLOCK_START.finditer(rest)]
            keep = rest[starts[-1]:].lstrip(b"\n") if starts else b""
            self.garbage += 1
            log.debug("AMI: %d bytes without a blank line dropped", len(rest) - len(keep))
            rest = keep if len(keep) <= MAX_BLOCK else b""
        self._buffer = rest

    def _parse(self, raw: bytes) -> dict[str, str]:
        text = raw.decode("utf-8", "replace")
        pairs = _LINE.findall(text)
        lines = text.count("\n") + 1
        if len(pairs) == lines <= MAX_KEYS and "\nEvent: " not in text and "\nResponse: " not in text:
            return dict(pairs)
        # Garbage in the block (or two starts, the first without its end): resynchronise on its
        # last start line, as if a blank line had come before it.
        self.garbage += 1
        start = max(text.rfind("\nEvent: "), text.rfind("\nResponse: "))
        if start >= 0:
            log.debug("AMI: garbage before a block skipped")
            return self._parse(text[start + 1 :].encode("utf-8"))
        log.debug("AMI: a block with garbage dropped")
        return {}


class _Recent(dict):
    """A dict that forgets its oldest entries beyond ``MAX_TRACKED``."""

    def remember(self, key: str, value: str = "") -> None:
        if key in self:
            return
        self[key] = value
        while len(self) > MAX_TRACKED:
            del self[next(iter(self))]


class AmiMapper:
    """AMI event blocks → (kind, call_id, by, number) for one agent's extension. Pure, no I/O.
    ``number`` is the caller's, with a ringing call only (for the screen)."""

    def __init__(self, agent: str) -> None:
        self.agent = agent
        self._own = re.compile(r"^[A-Za-z0-9_]+/" + re.escape(agent) + r"-[0-9A-Fa-f]+$") if agent else None
        self._needle = f"/{agent}-".encode() if agent else None
        self.channels = _Recent()
        """The agent's live channels → their call (Linkedid)."""
        self.answered = _Recent()
        self.ringing = _Recent()

    def is_agents(self, channel: str) -> bool:
        return bool(self._own and self._own.match(channel or ""))

    def wanted(self, raw: bytes) -> bool:
        """Whether a raw block may concern the agent (its channel, a call of it, an answer to us)."""
        if self._needle is not None and self._needle in raw:
            return True
        if b"ActionID:" in raw or b"Response:" in raw:
            return True
        return any(call.encode() in raw for call in set(self.channels.values()))

    def map(self, block: dict[str, str]) -> list[tuple[str, str, str, str]]:
        event = block.get("Event")
        if not event:
            return []
        channel = block.get("Channel", "")
        linked = block.get("Linkedid", "")
        if self.is_agents(channel) and linked:
            self.channels.remember(channel, linked)
        if event in ("DialBegin", "DialState", "DialEnd"):
            dest = block.get("DestChannel", "")
            if not self.is_agents(dest):
                return []
            call = block.get("DestLinkedid") or linked
            self.channels.remember(dest, call)
            status = block.get("DialStatus", "")
            if event == "DialEnd" and status == "ANSWER":
                return self._answered(call)
            if (event == "DialBegin" or status == "RINGING") and call not in self.ringing and call not in self.answered:
                self.ringing.remember(call)
                return [(CALL_RINGING, call, BY_AGENT, clean_number(block.get("CallerIDNum", "")))]
            return []
        if event == "BridgeEnter" and self.is_agents(channel):
            return self._answered(linked)
        if event in ("Hold", "Unhold"):
            kind = HOLD_STARTED if event == "Hold" else HOLD_ENDED
            if self.is_agents(channel):
                return [(kind, linked, BY_AGENT, "")]
            if linked and linked in self.channels.values():
                return [(kind, linked, BY_PEER, "")]
            return []
        if event == "Hangup" and self.is_agents(channel):
            return self.lost(channel, linked)
        return []

    def lost(self, channel: str, linked: str = "") -> list[tuple[str, str, str, str]]:
        """The agent's channel is gone (hung up, or missing after a reconnect)."""
        call = self.channels.pop(channel, linked)
        if not call or call in self.channels.values():  # another of the agent's channels is still in this call
            return []
        self.answered.pop(call, None)
        self.ringing.pop(call, None)
        return [(CALL_ENDED, call, BY_AGENT, "")]

    def _answered(self, call: str) -> list[tuple[str, str, str, str]]:
        if not call or call in self.answered:
            return []
        self.answered.remember(call)
        return [(CALL_ANSWERED, call, BY_AGENT, "")]


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
            reader = AmiReader(self.mapper.wanted)
            login = f"Action: Login\r\nActionID: 1\r\nUsername: {self.user}\r\nSecret: {self._secret}\r\nEvents: call\r\n\r\n"
            sock.sendall(login.encode("utf-8"))
            logged_in = False
            reconciling: set[str] | None = None
            present: set[str] = set()
            while not self.stopping:
                try:
                    data = self.read(sock)
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
                            log.info("AMI: login refused for user %s", self.user)
                            raise LoginRefused(excerpt(block.get("Message") or translate("telephony", "ошибка"), 80, plain=True))
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
                                for kind, call, by, _ in self.mapper.lost(channel):
                                    log.info("AMI: call %s ended while the link was down", call)
                                    self.emit(kind, call, by)
                            reconciling = None
                        continue
                    for kind, call, by, number in self.mapper.map(block):
                        self.emit(kind, call, by, number=number)
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
