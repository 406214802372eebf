"""``ami:HOST:PORT`` — the Asterisk Manager Interface, read-only (``read=call``), from the desk itself.

The protocol (what Asterisk 22 sends, and how one agent's call is read from it) is in
:mod:`.ami_protocol`, shared with the team server, which can hold the one AMI connection for
every desk instead (``operator-assist-server serve --ami``; the desk's ``team`` source).
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from dataclasses import dataclass, field

from ..core.call_sources import TelephonyConfig, parse_host_port
from ..core.files import excerpt
from ..i18n import translate
from .ami_protocol import AmiMapper, AmiReader
from .threaded import LoginRefused, ThreadedCallSource

log = logging.getLogger(__name__)

SECRET_ENV = "OPERATOR_ASSIST_AMI_SECRET"


@dataclass
class _Link:
    """One connection to the AMI: its socket and reader, whether the login went through, and the
    channels being checked after a reconnect (``reconciling``, None when no check is under way)."""

    sock: socket.socket
    reader: AmiReader
    logged_in: bool = False
    reconciling: set[str] | None = None
    present: set[str] = field(default_factory=set)


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
            link = _Link(sock, AmiReader(self.mapper.wanted))
            login = f"Action: Login\r\nActionID: 1\r\nUsername: {self.user}\r\nSecret: {self._secret}\r\nEvents: call\r\n\r\n"
            sock.sendall(login.encode("utf-8"))
            while not self.stopping:
                try:
                    data = self.read(sock)
                except socket.timeout:
                    if not link.logged_in:
                        raise ConnectionError("Asterisk did not answer the login") from None
                    continue
                if not data:
                    if link.logged_in and not self.stopping:
                        log.info("AMI: %s:%s closed the connection", self.host, self.port)
                    return link.logged_in
                for block in link.reader.feed(data):
                    if not link.logged_in:
                        self._login_answer(link, block)
                    elif link.reconciling is not None and block.get("ActionID") == "2":
                        self._status_answer(link, block)
                    else:
                        for kind, call, by, number in self.mapper.map(block):
                            self.emit(kind, call, by, number=number)
            return link.logged_in
        finally:
            with self._lock:
                self._sock = None
            sock.close()

    def _login_answer(self, link: _Link, block: dict[str, str]) -> None:
        """A block before the login went through: the answer to it (anything else is skipped)."""
        if "Response" not in block:
            return
        if block.get("Response") != "Success":
            log.info("AMI: login refused for user %s", self.user)
            raise LoginRefused(excerpt(block.get("Message") or translate("telephony", "ошибка"), 80, plain=True))
        link.logged_in = True
        link.sock.settimeout(None)  # events may be far apart; stop() closes the socket
        self.connects += 1
        self._set_status(translate("telephony", "{label}: подключено").format(label=self.label), True)
        if self.mapper.channels:  # a call was under way when the link dropped: still there?
            link.reconciling, link.present = set(self.mapper.channels), set()
            link.sock.sendall(b"Action: Status\r\nActionID: 2\r\n\r\n")

    def _status_answer(self, link: _Link, block: dict[str, str]) -> None:
        """A block of the answer to the Status asked after a reconnect: the calls that ended meanwhile end here."""
        if block.get("Response") == "Error":  # a read-only user may not ask: keep the call as it is
            log.info("AMI: cannot check the call after the reconnect: %s", block.get("Message", ""))
            link.reconciling = None
        elif block.get("Event") == "Status":
            link.present.add(block.get("Channel", ""))
        elif block.get("Event") == "StatusComplete":
            for channel in (link.reconciling or set()) - link.present:
                for kind, call, by, _ in self.mapper.lost(channel):
                    log.info("AMI: call %s ended while the link was down", call)
                    self.emit(kind, call, by)
            link.reconciling = None

    def _interrupt(self) -> None:
        with self._lock:
            if self._sock is not None:
                try:
                    self._sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
