"""Telephony: event in → the call session acted and the display's snapshot changed.

    python bench/bench_telephony.py [--quick]

For each built-in source (AMI from a local server speaking the recorded Asterisk
blocks, baresip's ctrl_tcp from a local server speaking its netstrings, the inbox
over real HTTP), 200 events (100 calls: answered, ended) are sent one at a time;
each latency runs from just before the bytes are sent to the session's
``changed`` signal on the GUI thread. ``telephony_latency_ms`` is the worst
source's median. A detail: the GUI timer's worst lateness while a client floods
the inbox (1,000 requests/s for 5 s; 1 s with --quick).
"""

from __future__ import annotations

import json
import os
import queue
import socket
import statistics
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

EVENTS = 200


class LineServer:
    """One client; sends whatever is queued (after an optional greeting and the client's first bytes)."""

    def __init__(self, greeting: bytes = b"", answer_login: bytes = b"") -> None:
        self.out: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(1)
        self.port = self.sock.getsockname()[1]
        self.greeting, self.answer_login = greeting, answer_login
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        conn, _ = self.sock.accept()
        with conn:
            if self.greeting:
                conn.sendall(self.greeting)
            if self.answer_login:
                data = b""
                while b"\r\n\r\n" not in data:
                    data += conn.recv(4096)
                conn.sendall(self.answer_login)
            while True:
                item = self.out.get()
                if item is None:
                    return
                conn.sendall(item)

    def close(self) -> None:
        self.out.put(None)
        self.thread.join(timeout=2)
        self.sock.close()


def _ami_blocks(call: int) -> tuple[bytes, bytes]:
    linked = f"1796074985.{call}"
    chan = f"PJSIP/2001-{call:08x}"
    answered = f"Event: BridgeEnter\r\nChannel: {chan}\r\nUniqueid: x\r\nLinkedid: {linked}\r\n\r\n"
    ended = f"Event: Hangup\r\nChannel: {chan}\r\nLinkedid: {linked}\r\nCause: 16\r\n\r\n"
    return answered.encode(), ended.encode()


def _baresip_frames(call: int) -> tuple[bytes, bytes]:
    from operator_assist.telephony.baresip import netstring

    def frame(kind: str) -> bytes:
        body = {"event": True, "type": kind, "class": "call", "accountaor": "sip:2001@127.0.0.1", "id": f"c{call}"}
        return netstring(json.dumps(body).encode())

    return frame("CALL_ESTABLISHED"), frame("CALL_CLOSED")


def measure(app, session, feed, send) -> list[float]:
    """Latency in ms of each of EVENTS events; ``send(i, which)`` delivers event ``which`` of call ``i``."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    got: list[float] = []
    session.changed.connect(lambda snap: (got.append(time.perf_counter()), loop.quit()))
    guard = QTimer()
    guard.setSingleShot(True)
    guard.timeout.connect(loop.quit)
    latencies = []
    for i in range(EVENTS):
        want = "talking" if i % 2 == 0 else "ended"
        got.clear()
        start = time.perf_counter()
        send(i // 2, i % 2)
        guard.start(2000)
        while session.snapshot.state.value != want and guard.isActive():
            loop.exec()
        guard.stop()
        if session.snapshot.state.value != want:
            raise RuntimeError(f"event {i} was not followed (state {session.snapshot.state.value})")
        latencies.append((got[-1] - start) * 1000)
    return latencies


def run(quick: bool = False) -> dict:
    from PySide6.QtWidgets import QApplication

    from operator_assist.core.call_sources import TelephonyConfig, create_source
    from operator_assist.core.clock import MonotonicClock
    from operator_assist.core.engine import CallEngine
    from operator_assist.core.settings import bundled_settings
    from operator_assist.ui.call.session import CallSession
    from operator_assist.ui.call.source_feed import CallSourceFeed

    app = QApplication.instance() or QApplication([])
    settings = bundled_settings()
    medians: dict[str, float] = {}
    details: dict = {}
    with tempfile.TemporaryDirectory() as data_dir:
        config = TelephonyConfig(agent="2001", ami_user="cti", ami_secret="bench", data_dir=Path(data_dir))
        for name in ("ami", "baresip", "inbox"):
            session = CallSession(CallEngine(MonotonicClock(), settings))
            server = None
            if name == "ami":
                server = LineServer(b"Asterisk Call Manager/11.0.0\r\n", b"Response: Success\r\nActionID: 1\r\nMessage: Authentication accepted\r\n\r\n")
                source = create_source(f"ami:127.0.0.1:{server.port}", config)
                blocks = _ami_blocks
            elif name == "baresip":
                server = LineServer()
                source = create_source(f"baresip:127.0.0.1:{server.port}", config)
                blocks = _baresip_frames
            else:
                source = create_source("inbox", config)
            feed = CallSourceFeed(source, session)
            feed.start()
            deadline = time.monotonic() + 5
            while not source.status.connected and time.monotonic() < deadline:
                app.processEvents()
                time.sleep(0.01)
            if server is not None:
                send = lambda call, which, server=server, blocks=blocks: server.out.put(blocks(call)[which])  # noqa: E731
            else:
                info = json.loads((Path(data_dir) / "inbox.json").read_text())
                opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

                def post(call, which, info=info, opener=opener):
                    kind = "call_answered" if which == 0 else "call_ended"
                    request = urllib.request.Request(
                        info["url"] + "/v1/events", data=json.dumps({"kind": kind, "call_id": f"c{call}"}).encode(),
                        headers={"Authorization": f"Bearer {info['token']}"}, method="POST",
                    )  # fmt: skip
                    with opener.open(request, timeout=5) as response:
                        response.read()

                def send(call, which, post=post):  # the inbox answers once the window applied it: not from its thread
                    threading.Thread(target=post, args=(call, which), daemon=True).start()

            latencies = measure(app, session, feed, send)
            medians[name] = statistics.median(latencies)
            details[f"telephony_{name}_p95_ms"] = round(sorted(latencies)[int(len(latencies) * 0.95)], 2)
            if name == "inbox":
                details["inbox_flood_timer_late_ms"] = flood(app, info, 1.0 if quick else 5.0, details)
            feed.stop()
            if server is not None:
                server.close()
    details.update({f"telephony_{name}_median_ms": round(value, 2) for name, value in medians.items()})
    return {"telephony_latency_ms": round(max(medians.values()), 2), **details}


def flood(app, info, seconds: float, details: dict) -> float:
    """Worst lateness (ms) of a 20 ms GUI timer while another thread posts ~1,000 requests/s."""
    from PySide6.QtCore import QElapsedTimer, QEventLoop, Qt, QTimer

    stop = threading.Event()
    codes: dict[int, int] = {}

    def client() -> None:
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        body = json.dumps({"kind": "call_ringing"}).encode()
        next_at = time.perf_counter()
        while not stop.is_set():
            request = urllib.request.Request(info["url"] + "/v1/events", data=body, method="POST",
                                             headers={"Authorization": f"Bearer {info['token']}"})  # fmt: skip
            try:
                with opener.open(request, timeout=5) as response:
                    code = response.status
            except urllib.error.HTTPError as exc:
                code = exc.code
            except OSError:
                code = 0
            codes[code] = codes.get(code, 0) + 1
            next_at += 0.001
            pause = next_at - time.perf_counter()
            if pause > 0:
                time.sleep(pause)

    import urllib.error

    workers = [threading.Thread(target=client, daemon=True) for _ in range(2)]
    lateness: list[float] = []
    clock = QElapsedTimer()
    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.setInterval(20)
    expected = [0.0]

    def tick() -> None:
        now = clock.nsecsElapsed() / 1e6
        lateness.append(max(0.0, now - expected[0]))
        expected[0] = now + 20

    timer.timeout.connect(tick)
    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    clock.start()
    expected[0] = 20
    timer.start()
    for worker in workers:
        worker.start()
    loop.exec()
    stop.set()
    timer.stop()
    for worker in workers:
        worker.join(timeout=6)
    details["inbox_flood_requests"] = dict(sorted(codes.items()))
    return round(max(lateness), 2) if lateness else float("nan")


if __name__ == "__main__":
    print(json.dumps(run(quick="--quick" in sys.argv), ensure_ascii=False))
