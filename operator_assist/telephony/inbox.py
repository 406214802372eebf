"""``inbox`` — a loopback HTTP inbox any program can post call events to.

Listens on 127.0.0.1, on ``inbox.port`` from settings.yaml (a CRM script's fixed address) or a
free port. While it runs, ``inbox.json`` in the data dir (mode 0600) holds ``{"url": …,
"token": …}``; a request needs ``Authorization: Bearer <token>``. ``POST /v1/events`` takes one
event of the vocabulary as JSON (``{"kind": "hold_started", "call_id": "…", "by": "agent"}``;
``call_ringing`` may carry the caller's ``number``, shown on screen only).

Each event waits for the window's verdict: 202 applied, 409 refused with the window's own
reason (a hold with no call in progress). Bad input gets a 4xx and changes nothing: no token
401, not JSON / a wrong field 400 or 422, a body over 64 KiB 413, a client slower than 2 s 408,
more than 200 requests a second 429 (a tenth of a second late); 503 when the window is too busy
to take it now. A sender
may say when it gives up (``X-Operator-Assist-Deadline``, Unix time): an event the window
cannot take before then is never applied, so a sender that reports «not applied» is right
even if the app was stopped meanwhile. ``operator-assist event …`` is its command-line client.

The listening thread waits on its sockets with no timeout: an idle inbox never wakes up.
"""

from __future__ import annotations

import errno
import hmac
import json
import logging
import os
import secrets
import selectors
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from ..core.call_sources import CallSource, LinkStatus, TelephonyConfig
from ..core.files import make_private_dir, write_private
from ..core.telephony import BadTelephonyEvent, TelephonyEvent, parse_event
from ..core.telephony_queue import Reply
from ..i18n import QT_TRANSLATE_NOOP, translate

log = logging.getLogger(__name__)

INBOX_FILE = "inbox.json"
MAX_BODY = 64 * 1024
CLIENT_TIMEOUT = 2.0
RATE = 200
"""Requests a second before 429 (a token bucket of this size)."""
LIMITED_DELAY = 0.1
"""A 429 is answered this late: a client over the rate cannot keep the app busy with refusals."""
MAX_CLIENTS = 64
"""Connections served at once; one more is closed at once (a slowloris holds no thread)."""
VERDICT_WAIT = 2.0
"""How long a request waits for the window's verdict before it is withdrawn (503)."""
DEADLINE_HEADER = "X-Operator-Assist-Deadline"
DEADLINE_MARGIN = 1.0
"""Seconds before the sender's deadline the window must have taken the event (the answer's way back)."""


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    request_queue_size = 64
    timeout = 0  # handle_request() never waits: the source's own loop waits on the socket

    def __init__(self, source: "InboxCallSource", port: int) -> None:
        self.source = source
        self._slots = threading.BoundedSemaphore(MAX_CLIENTS)
        super().__init__(("127.0.0.1", port), _Handler)

    def process_request(self, request, client_address) -> None:
        if not self._slots.acquire(blocking=False):  # too many at once: this one is not served
            self.shutdown_request(request)
            return
        try:
            super().process_request(request, client_address)
        except Exception:
            self._slots.release()
            raise

    def finish_request(self, request, client_address) -> None:
        try:
            super().finish_request(request, client_address)
        finally:
            self._slots.release()

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
            time.sleep(LIMITED_DELAY)  # a client over the limit waits for its answer (the window does not)
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
        except RecursionError:
            self._answer(400, translate("telephony", "неверный JSON: слишком глубокая вложенность"))
            return
        try:
            event = parse_event(data, source.clock.now(), source.name)
        except BadTelephonyEvent as exc:
            self._answer(422, str(exc))
            return
        self._deliver(event)

    def _deliver(self, event) -> None:
        deadline = self._deadline()
        reply = Reply(None if deadline is None else deadline - DEADLINE_MARGIN)
        if reply.deadline is not None and time.time() >= reply.deadline:  # the sender has given up already
            log.info("inbox: a %s event came after its sender gave up: not applied", event.kind)
            self._answer(408, translate("telephony", "событие пришло слишком поздно и не применено"))
            return
        if not self.server.source.deliver(event, reply):
            self._answer(503, translate("telephony", "помощник занят: событие не применено, повторите позже"))
            return
        wait = VERDICT_WAIT if reply.deadline is None else min(VERDICT_WAIT, reply.deadline - time.time())
        verdict = reply.wait(wait)
        if verdict is None and reply.withdraw():
            log.info("inbox: a %s event was not taken in time: not applied", event.kind)
            self._answer(503, translate("telephony", "помощник занят: событие не применено, повторите позже"))
            return
        verdict = verdict or reply.wait(DEADLINE_MARGIN)  # taken just now: its verdict is on its way
        if verdict is None or verdict.accepted:
            self._answer(202, verdict.message if verdict else translate("telephony", "принято"))
        else:
            self._answer(409, verdict.message)

    def _deadline(self) -> float | None:
        try:
            return float(self.headers.get(DEADLINE_HEADER, ""))
        except ValueError:
            return None

    def _authorized(self) -> bool:
        header = self.headers.get("Authorization", "")
        given = header.removeprefix("Bearer ").strip() if header.startswith("Bearer ") else ""
        if given and hmac.compare_digest(given.encode(), self.server.source.token.encode()):
            return True
        self._answer(401, translate("telephony", "нужен токен из inbox.json (заголовок Authorization: Bearer …)"))
        return False


def write_private_json(path: Path, data: dict) -> None:
    """Written whole, readable by the owner only from the first byte, in a private folder."""
    make_private_dir(path.parent)
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
        self._wake_r: socket.socket | None = None
        self._wake_w: socket.socket | None = None
        self._bucket = float(RATE)
        self._bucket_at: float | None = None
        """When the bucket was last filled, on the source's clock (the session's: injected)."""
        self._bucket_lock = threading.Lock()
        self.url: str | None = None

    def start(self, on_event, on_status, clock=None) -> None:
        super().start(on_event, on_status, clock)
        port = self.config.inbox_port or 0
        try:
            self._server = _Server(self, port)
        except OSError as exc:
            log.warning("inbox: cannot listen on port %s: %s", port or "any", exc)
            reason = (translate("telephony", "порт {port} занят").format(port=port) if exc.errno == errno.EADDRINUSE
                      else exc.strerror or str(exc))  # fmt: skip
            self._set_status(translate("telephony", "телефония не подключена (входящие события: {value})").format(value=reason), False)
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
        self._wake_r, self._wake_w = socket.socketpair()
        self._thread = threading.Thread(target=self._serve, args=(self._server, self._wake_r), name="call-source-inbox", daemon=True)
        self._thread.start()
        self._set_status(translate("telephony", "входящие события: 127.0.0.1:{port}").format(port=port), True)

    def _serve(self, server: _Server, wake: socket.socket) -> None:
        """Accepts connections until woken by stop(); blocks with no timeout in between."""
        with selectors.DefaultSelector() as selector:
            selector.register(server.socket, selectors.EVENT_READ)
            selector.register(wake, selectors.EVENT_READ)
            while True:
                for key, _ in selector.select():
                    if key.fileobj is wake:
                        return
                    server.handle_request()  # ready: accepts it and hands it to a thread of its own

    def stop(self) -> None:
        server, self._server = self._server, None
        if server is None:
            return
        wake_r, wake_w, thread = self._wake_r, self._wake_w, self._thread
        assert wake_r is not None and wake_w is not None and thread is not None, "set with the server by start()"
        try:
            wake_w.send(b"x")
        except OSError:
            pass
        thread.join(timeout=2.0)
        server.server_close()
        for end in (wake_r, wake_w):
            end.close()
        self._wake_r = self._wake_w = None
        try:  # only our own file: a second instance may have written its own since
            if json.loads(self.file.read_text(encoding="utf-8")).get("token") == self.token:
                self.file.unlink()
        except (OSError, ValueError):
            pass
        self.status = LinkStatus(translate("telephony", "телефония не подключена"), False)

    def allow_request(self) -> bool:
        with self._bucket_lock:
            now = self.clock.now()
            if self._bucket_at is not None:
                self._bucket = min(float(RATE), self._bucket + max(0.0, now - self._bucket_at) * RATE)
            self._bucket_at = now
            if self._bucket < 1.0:
                return False
            self._bucket -= 1.0
            return True

    def deliver(self, event: TelephonyEvent, reply: Reply) -> bool:
        """To the window, with the reply its verdict goes to; False when it is refused now (full)."""
        try:
            return self._on_event(event, reply) is not False
        except Exception:
            log.exception("inbox: event handler failed")
            return False
