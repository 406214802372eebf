"""Subscribes to the team server's event stream (Server-Sent Events), reconnecting and resuming.

Used by the lead's app for the team's live floor (``/v1/teams/NAME/live``); issue 25's ``team``
call source and issue 24's «standard changed» will read ``/v1/stream`` the same way. No Qt:
``on_event(event, data)`` and ``on_status(text, ok)`` are called from the reader thread.

After a drop it reconnects (1 s, doubling up to 10 s) with ``Last-Event-ID``: the server sends
what was missed, or a fresh ``snapshot``. A stream silent for :data:`SILENCE_S` (the server
pings every 15 s) is taken as dead. A refused token waits :data:`REFUSED_WAIT` between tries.
"""

from __future__ import annotations

import http.client
import json
import logging
import threading
import urllib.parse
from typing import Callable

from ..i18n import translate
from .client import TeamConfig

log = logging.getLogger(__name__)

SILENCE_S = 40.0
MAX_LINE = 64 * 1024
MAX_EVENT = 1024 * 1024
REFUSED_WAIT = 60.0


class StreamSubscriber:
    def __init__(
        self,
        config: TeamConfig,
        path: str,
        on_event: Callable[[str, dict], None],
        on_status: Callable[[str, bool], None] | None = None,
        *,
        silence: float = SILENCE_S,
        refused: str | None = None,
    ) -> None:
        self.config = config
        self.path = path
        self._on_event = on_event
        self._on_status = on_status
        self.silence = silence
        self.refused = refused
        """What a refused token is told as (the lead's board's words by default)."""
        self.last_id = ""
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._conn: http.client.HTTPConnection | None = None
        self._lock = threading.Lock()
        self.connected = False

    def start(self) -> None:
        if self._thread is None:
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name="team-stream", daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 3.0) -> None:
        self._stop.set()
        with self._lock:
            if self._conn is not None and self._conn.sock is not None:
                try:  # wakes the reader blocked in recv at once
                    self._conn.sock.shutdown(2)
                except OSError:
                    pass
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def _status(self, text: str, ok: bool) -> None:
        if self._on_status is not None:
            try:
                self._on_status(text, ok)
            except Exception:  # noqa: BLE001
                log.exception("team stream status listener failed")

    def _run(self) -> None:
        wait = 1.0
        while not self._stop.is_set():
            try:
                outcome = self._read_stream()
            except (OSError, http.client.HTTPException, ValueError) as exc:
                outcome = str(exc) or type(exc).__name__
            finally:
                self.connected = False
                with self._lock:
                    if self._conn is not None:
                        self._conn.close()
                        self._conn = None
            if self._stop.is_set():
                break
            if outcome == "refused":
                self._status(self.refused or translate("team", "Сервер команды не даёт доступа к состоянию команды (токен не руководителя или отозван)."), False)
                delay = REFUSED_WAIT
            else:
                self._status(translate("team", "Нет связи с сервером команды ({reason}); повтор…").format(reason=outcome), False)
                delay = wait
                wait = min(wait * 2, 10.0)
            if self._stop.wait(delay):
                break

    def _read_stream(self) -> str:
        parts = urllib.parse.urlsplit(self.config.url)
        kind = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
        conn = kind(parts.hostname or "", parts.port, timeout=self.silence)
        with self._lock:
            self._conn = conn
        if self._stop.is_set():
            return "stopped"
        headers = {"Authorization": f"Bearer {self.config.token}", "Accept": "text/event-stream"}
        if self.last_id:
            headers["Last-Event-ID"] = self.last_id
        conn.request("GET", parts.path.rstrip("/") + self.path, headers=headers)
        response = conn.getresponse()
        if response.status in (401, 403):
            return "refused"
        if response.status != 200:
            return f"HTTP {response.status}"
        self.connected = True
        data: list[str] = []
        event, event_id, size = "message", None, 0
        while not self._stop.is_set():
            raw = response.fp.readline(MAX_LINE + 1)
            if not raw:
                return translate("team", "сервер закрыл поток")
            if len(raw) > MAX_LINE:
                raise ValueError("line too long")
            line = raw.decode("utf-8").rstrip("\r\n")
            if not line:
                if data:
                    self._dispatch(event, "\n".join(data))
                if event_id is not None:
                    self.last_id = event_id
                event, data, event_id, size = "message", [], None, 0
                continue
            if line.startswith(":"):
                continue
            field, _, value = line.partition(":")
            value = value[1:] if value.startswith(" ") else value
            if field == "event":
                event = value
            elif field == "data":
                size += len(value)
                if size > MAX_EVENT:
                    raise ValueError("event too large")
                data.append(value)
            elif field == "id":
                event_id = value
        return "stopped"

    def _dispatch(self, event: str, text: str) -> None:
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):
            log.warning("team stream: an event that is not JSON (%s)", event)
            return
        if event == "hello":
            self._status(translate("team", "Состояние команды: на связи."), True)
        try:
            self._on_event(event, data)
        except Exception:  # noqa: BLE001 - a listener's bug must not end the stream
            log.exception("team stream listener failed")
