"""Tells the team server this desk's live state (issue 23): latest wins, nothing is queued.

:meth:`LiveReporter.update` is called with each of the call session's snapshots (any thread;
it only stores the newest and wakes the worker). The worker thread sends a state when it
changed, and repeats it every heartbeat while nothing changes, over one kept-alive HTTP
connection. When the server cannot be reached, what could not be sent is dropped, never
queued: the next change or heartbeat sends the state as it is then. The journal's shipping
(shipper.py) is separate and unchanged.

No Qt; ``on_status(text, ok)`` is called from the worker with a Russian line when the link
changes (the window shows it).
"""

from __future__ import annotations

import http.client
import json
import logging
import threading
import time
import urllib.parse
from typing import Callable

from ..i18n import translate
from . import live, protocol
from .client import TeamConfig

log = logging.getLogger(__name__)

TIMEOUT = 3.0
"""Seconds for one report, connection included; a slower server gets the next one."""
MAX_ANSWER = 4096


class LiveReporter:
    def __init__(
        self,
        config: TeamConfig,
        *,
        heartbeat: float = live.HEARTBEAT_S,
        now: Callable[[], float] = time.monotonic,  # the call session's clock (the snapshots' ``now``)
        on_status: Callable[[str, bool], None] | None = None,
    ) -> None:
        self.config = config
        self.heartbeat = heartbeat
        self._now = now
        self._on_status = on_status
        self._lock = threading.Lock()
        self._latest: live.LiveState | None = None
        self._sent_key: tuple | None = None
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._conn: http.client.HTTPConnection | None = None
        self.sent = 0
        self.dropped = 0
        """Reports that could not be delivered (and were not kept)."""
        self.ok: bool | None = None
        """Whether the last report got through (None before the first)."""
        self.refused = False
        """The server refused the token: reports stop until a new enrolment."""

    # --- the GUI side ---------------------------------------------------------------------

    def update(self, state: live.LiveState) -> None:
        """The newest state (cheap: a changed state wakes the worker, the same one does nothing)."""
        with self._lock:
            self._latest = state
            changed = state.key() != self._sent_key
        if changed:
            self._wake.set()

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="team-live", daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 1.0) -> None:
        """Ends the worker; a report in flight is cut off (quitting never waits for a slow server)."""
        self._stop.set()
        self._wake.set()
        conn = self._conn
        if conn is not None and conn.sock is not None:
            try:
                conn.sock.shutdown(2)
            except OSError:
                pass
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
        self._close()

    # --- the worker ---------------------------------------------------------------------------

    def _run(self) -> None:
        next_beat = 0.0  # real (monotonic) time: ``now`` is the call session's clock, for ``elapsed`` only
        while not self._stop.is_set():
            self._wake.wait(max(0.0, next_beat - time.monotonic()) if next_beat else None)
            self._wake.clear()
            if self._stop.is_set():
                break
            if self.refused:
                next_beat = 0.0  # no heartbeat either: wait for a change (a new enrolment restarts us)
                continue
            self.send_now()
            next_beat = time.monotonic() + self.heartbeat

    def send_now(self) -> bool:
        """Sends the newest state once (the worker does; tests call it directly). True if delivered."""
        with self._lock:
            state = self._latest
        if state is None:
            return False
        body = json.dumps(state.message(self._now(), self.heartbeat), separators=(",", ":")).encode()
        reused = self._conn is not None
        try:
            try:
                status = self._put(body)
            except (ConnectionError, http.client.HTTPException):
                if not reused:
                    raise
                self._close()  # a kept-alive connection the server had closed meanwhile: once more, afresh
                status = self._put(body)
        except (OSError, http.client.HTTPException) as exc:
            self._close()
            if self._stop.is_set():
                return False  # cut off by stop(): the app quits, the server is not to blame
            self.dropped += 1
            self._report(translate("team", "Сервер команды не на связи ({reason}): состояние не передано.").format(reason=exc), False)
            return False
        if status == 204:
            with self._lock:
                self._sent_key = state.key()
            self.sent += 1
            self._report(translate("team", "Состояние передаётся руководителю."), True)
            return True
        self.dropped += 1
        if status in (401, 403):
            self.refused = True
            self._report(translate("team", "Сервер команды не принял токен: состояние не передаётся."), False)
        else:
            self._report(translate("team", "Сервер команды отклонил состояние (код {code}).").format(code=status), False)
        return False

    def _put(self, body: bytes) -> int:
        if self._conn is None:
            parts = urllib.parse.urlsplit(self.config.url)
            kind = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
            self._conn = kind(parts.hostname or "", parts.port, timeout=TIMEOUT)
            self._prefix = parts.path.rstrip("/")
        headers = {"Authorization": f"Bearer {self.config.token}", "Content-Type": "application/json"}
        deadline = time.monotonic() + TIMEOUT
        self._conn.request("PUT", f"{self._prefix}{protocol.API}/live", body, headers)
        response = self._conn.getresponse()
        # The answer is a status and at most a short error: read within the deadline and a size, keep none of it.
        size = 0
        while not response.isclosed() and size <= MAX_ANSWER and time.monotonic() < deadline:
            chunk = response.read1(MAX_ANSWER)
            if not chunk:
                break
            size += len(chunk)
        if not response.isclosed() or response.getheader("connection", "").lower() == "close":
            self._close()  # a server that drips or talks too much, or closes: a fresh connection next time
        return response.status

    def _close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def _report(self, text: str, ok: bool) -> None:
        if ok == self.ok:
            return
        self.ok = ok
        if not ok:
            log.info("team live state: %s", text)
        if self._on_status is not None:
            try:
                self._on_status(text, ok)
            except Exception:  # noqa: BLE001 - a broken listener must not stop reporting
                log.exception("team live status listener failed")
