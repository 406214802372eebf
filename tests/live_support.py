"""Helpers for the live floor's tests: a desk's report and a subscriber's stream, over real HTTP."""

from __future__ import annotations

import http.client
import json
import queue
import threading
import time
import urllib.parse


def put_live(url: str, token: str, body: bytes | dict, source: str | None = None) -> tuple[int, dict | None]:
    parts = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10,
                                      source_address=(source, 0) if source else None)  # fmt: skip
    try:
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        conn.request("PUT", "/v1/live", data, {"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
        response = conn.getresponse()
        raw = response.read()
        return response.status, json.loads(raw) if raw else None
    finally:
        conn.close()


def state(**fields) -> dict:
    base = {"state": "talking", "elapsed": 1.0, "limit": 120.0, "warning": None, "dead_air": False,
            "listening": "off", "telephony": "manual", "heartbeat": 10.0}  # fmt: skip
    base.update(fields)
    return base


class Stream:
    """A Server-Sent Events subscriber on its own thread; ``events`` gets (event, data, id)."""

    def __init__(self, url: str, path: str, token: str, last_id: str | None = None) -> None:
        parts = urllib.parse.urlsplit(url)
        self.conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        headers = {"Authorization": f"Bearer {token}", "Accept": "text/event-stream"}
        if last_id:
            headers["Last-Event-ID"] = last_id
        self.conn.request("GET", path, headers=headers)
        self.response = self.conn.getresponse()
        self.status = self.response.status
        self.events: queue.Queue = queue.Queue()
        self.last_id = None
        self._thread = None
        if self.status == 200:
            self._thread = threading.Thread(target=self._read, daemon=True)
            self._thread.start()
        else:
            self.error = json.loads(self.response.read())

    def _read(self) -> None:
        event, data, event_id = "message", [], None
        try:
            for raw in self.response.fp:
                line = raw.decode().rstrip("\r\n")
                if not line:
                    if data:
                        self.events.put((event, json.loads("\n".join(data)), event_id))
                    event, data, event_id = "message", [], None
                elif line.startswith(":"):
                    continue
                else:
                    field, _, value = line.partition(": ")
                    if field == "event":
                        event = value
                    elif field == "data":
                        data.append(value)
                    elif field == "id":
                        event_id = value
        except (OSError, ValueError):
            pass
        self.events.put(("closed", None, None))

    def next(self, timeout: float = 20.0, skip: tuple = ()) -> tuple[str, dict, str | None]:
        deadline = time.monotonic() + timeout
        while True:
            event = self.events.get(timeout=max(0.01, deadline - time.monotonic()))
            if event[2]:
                self.last_id = event[2]
            if event[0] not in skip:
                return event

    def close(self) -> None:
        try:
            if self.conn.sock is not None:
                self.conn.sock.shutdown(2)
        except OSError:
            pass
        if self._thread is not None:
            self._thread.join(10)
        self.response.close()
        self.conn.close()
