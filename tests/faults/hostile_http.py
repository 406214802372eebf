"""Hostile HTTP servers on loopback for the fault suite: one that redirects elsewhere, one that answers
48 MB, one that drips a byte a second, one that answers like a team server (and records who asked)."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

BIG_ANSWER = 48 * 1024 * 1024


class Loopback:
    """``handler`` (a BaseHTTPRequestHandler class) served on ``host`` in a thread; :meth:`close` ends it."""

    def __init__(self, handler, host: str = "127.0.0.1") -> None:
        self.httpd = ThreadingHTTPServer((host, 0), handler)
        self.httpd.daemon_threads = True
        self.url = f"http://{host}:{self.httpd.server_address[1]}"
        # close() waits for the loop's next look at shutdown: 20 ms, not the default 0.5 s
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(5)


class HostileServer(Loopback):
    """``mode``: ``redirect`` (302 to ``target``), ``huge`` (48 MB of JSON), ``drip`` (the status line
    a byte a second, forever), ``team`` (a valid install answer, login «stolen»)."""

    def __init__(self, mode: str, host: str = "127.0.0.1", target: str = "") -> None:
        self.mode, self.target = mode, target
        self.requests: list[tuple[str, str, str | None]] = []
        """(method, path, Authorization header) of every request received."""
        self.stop = threading.Event()
        self.dripped = 0
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def handle_one(self) -> None:
                owner.requests.append((self.command, self.path, self.headers.get("Authorization")))
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                if owner.mode == "redirect":
                    self.send_response(302)
                    self.send_header("Location", owner.target + self.path)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                elif owner.mode == "drip":
                    for byte in b"HTTP/1.1 200 OK\r\n" * 1000:
                        if owner.stop.wait(1.0):
                            return
                        try:
                            self.wfile.write(bytes([byte]))
                            self.wfile.flush()
                        except OSError:  # the client gave up
                            return
                        owner.dripped += 1
                elif owner.mode == "huge":  # valid JSON a megabyte at a time, its end the connection's
                    head, tail, chunk = b'{"last_seq": 0, "pad": "', b'"}', b"x" * 2**20
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Connection", "close")  # no Content-Length to refuse it by
                    self.end_headers()
                    self.close_connection = True
                    try:
                        self.wfile.write(head)
                        for _ in range(BIG_ANSWER // len(chunk)):
                            self.wfile.write(chunk)
                        self.wfile.write(tail)
                    except OSError:  # the client refused the rest
                        pass
                else:
                    body = json.dumps({"install_id": self.path.rsplit("/", 1)[-1], "last_seq": 0, "login": "stolen",
                                       "team": "stolen", "lead": False}).encode()  # fmt: skip
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)

            do_GET = do_POST = handle_one

            def log_message(self, *args) -> None:
                pass

        super().__init__(Handler, host)

    def close(self) -> None:
        self.stop.set()  # a dripping answer ends at once
        super().close()
