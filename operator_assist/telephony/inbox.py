"""``inbox`` — a loopback HTTP inbox any program can post call events to.

Listens on 127.0.0.1 on a random free port. While it runs, ``inbox.json`` in
the data dir (mode 0600) holds ``{"url": …, "token": …}``; a request needs
``Authorization: Bearer <token>``. ``POST /v1/events`` takes one event of the
vocabulary as JSON (``{"kind": "hold_started", "call_id": "…", "by": "agent"}``).
Bad input gets a 4xx and changes nothing: no token 401, not JSON / a wrong
field 400, a body over 64 KiB 413, a client slower than 2 s 408, more than
200 requests a second 429. ``operator-assist event …`` is its command-line client.
"""

from __future__ import annotations

import hmac
import json
import logging
import os
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from ..core.call_sources import CallSource, LinkStatus, TelephonyConfig
from ..core.files import write_private
from ..core.telephony import BadTelephonyEvent, parse_event
from ..i18n import QT_TRANSLATE_NOOP, translate

log = logging.getLogger(__name__)

INBOX_FILE = "inbox.json"
MAX_BODY = 64 * 1024
CLIENT_TIMEOUT = 2.0
RATE = 200
"""Requests a second before 429 (a token bucket of this size)."""


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 64

    def __init__(self, source: "InboxCallSource") -> None:
        self.source = source
        super().__init__(("127.0.0.1", 0), _Handler)

    def handle_error(self, request, client_address) -> None:  # a client that went away: not our error
        log.debug("inbox: request from %s failed", client_address, exc_info=True)


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    timeout = CLIENT_TIMEOUT
    protocol_version = "HTTP/1.0"
    server_version = "operator-assist-inbox"

    def log_message(self, format: str, *args) -> None:  # never the token, never stderr
        log.debug("inbox: " + format, *args)

    def _answer(self, code: int, message: str) -> None:
        body = json.dumps({"ok": code == 202, "message": message}, ensure_ascii=False).encode("utf-8")
        try:
            self.send_response(code)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except OSError:
            pass

    def do_GET(self) -> None:
        if self.path == "/v1/health" and self._authorized():
            self._answer(202, translate("telephony", "работает"))
        elif self._authorized():
            self._answer(404, translate("telephony", "нет такого адреса; события — POST /v1/events"))

    def do_POST(self) -> None:
        source = self.server.source
        started = time.monotonic()
        if not self._authorized():  # first: a stranger's flood must not use up the real client's rate
            return
        if not source.allow_request():
            self._answer(429, translate("telephony", "слишком много запросов"))
            return
        if self.path != "/v1/events":
            self._answer(404, translate("telephony", "нет такого адреса; события — POST /v1/events"))
            return
        length = self.headers.get("Content-Length", "")
        if not length.isdigit():
            self._answer(411, translate("telephony", "нужен заголовок Content-Length"))
            return
        if int(length) > MAX_BODY:
            self._answer(413, translate("telephony", "тело запроса больше {value} КиБ").format(value=MAX_BODY // 1024))
            self.close_connection = True
            return
        body = b""
        try:
            while len(body) < int(length):
                chunk = self.rfile.read1(int(length) - len(body))
                if not chunk:
                    break
                body += chunk
                if time.monotonic() - started > CLIENT_TIMEOUT:
                    raise TimeoutError
        except (TimeoutError, OSError):
            self._answer(408, translate("telephony", "клиент слишком медленный"))
            return
        if len(body) < int(length):
            self._answer(400, translate("telephony", "тело запроса оборвано"))
            return
        try:
            data = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            self._answer(400, translate("telephony", "неверный JSON: {exc}").format(exc=exc))
            return
        try:
            event = parse_event(data, source.clock.now(), source.name)
        except BadTelephonyEvent as exc:
            self._answer(422, str(exc))
            return
        source.deliver(event)
        self._answer(202, translate("telephony", "принято"))

    def _authorized(self) -> bool:
        header = self.headers.get("Authorization", "")
        given = header.removeprefix("Bearer ").strip() if header.startswith("Bearer ") else ""
        if given and hmac.compare_digest(given.encode(), self.server.source.token.encode()):
            return True
        self._answer(401, translate("telephony", "нужен токен из inbox.json (заголовок Authorization: Bearer …)"))
        return False


def write_private_json(path: Path, data: dict) -> None:
    """Written whole, readable by the owner only from the first byte."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_private(path, json.dumps(data).encode("utf-8"))


class InboxCallSource(CallSource):
    name = "inbox"
    label = QT_TRANSLATE_NOOP("telephony", "входящие события")

    def __init__(self, arg: str | None = None, config: TelephonyConfig | None = None) -> None:
        super().__init__(arg, config)
        self.label = translate("telephony", self.label)
        if self.config.data_dir is None:
            raise ValueError(translate("telephony", "источнику 'inbox' нужна папка данных (для inbox.json)"))
        self.file = Path(self.config.data_dir) / INBOX_FILE
        self.token = secrets.token_urlsafe(32)
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._bucket = float(RATE)
        self._bucket_at = time.monotonic()
        self._bucket_lock = threading.Lock()
        self.url: str | None = None

    def start(self, on_event, on_status, clock=None) -> None:
        super().start(on_event, on_status, clock)
        try:
            self._server = _Server(self)
        except OSError as exc:
            log.warning("inbox: cannot listen: %s", exc)
            self._set_status(translate("telephony", "телефония не подключена (входящие события: {value})").format(value=exc.strerror or exc), False)
            return
        port = self._server.server_address[1]
        self.url = f"http://127.0.0.1:{port}"
        try:
            write_private_json(self.file, {"url": self.url, "token": self.token, "pid": os.getpid()})
        except OSError as exc:
            log.warning("inbox: cannot write %s: %s", self.file, exc)
            self._server.server_close()
            self._server = None
            self._set_status(translate("telephony", "телефония не подключена (не записать {INBOX_FILE}: {value})").format(INBOX_FILE=INBOX_FILE, value=exc.strerror or exc), False)
            return
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.2}, name="call-source-inbox", daemon=True)
        self._thread.start()
        self._set_status(translate("telephony", "входящие события: 127.0.0.1:{port}").format(port=port), True)

    def stop(self) -> None:
        server, self._server = self._server, None
        if server is None:
            return
        server.shutdown()
        server.server_close()
        try:  # only our own file: a second instance may have written its own since
            if json.loads(self.file.read_text(encoding="utf-8")).get("token") == self.token:
                self.file.unlink()
        except (OSError, ValueError):
            pass
        self.status = LinkStatus(translate("telephony", "телефония не подключена"), False)

    def allow_request(self) -> bool:
        with self._bucket_lock:
            now = time.monotonic()
            self._bucket = min(float(RATE), self._bucket + (now - self._bucket_at) * RATE)
            self._bucket_at = now
            if self._bucket < 1.0:
                return False
            self._bucket -= 1.0
            return True

    def deliver(self, event) -> None:
        try:
            self._on_event(event)
        except Exception:
            log.exception("inbox: event handler failed")
