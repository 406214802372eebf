"""The window under a telephony flood: the longest stall of a 10 ms timer on its thread.

    python bench/flood_probe.py ami|inbox|none [--seconds 20]

``ami``: an AMI hold storm on the agent's own channel — another process answers the AMI login
and sends the recorded call's Hold/Unhold as fast as loopback takes them. ``inbox``: another
process posts to the inbox at its rate limit (holds and resumes as fast as they are answered,
rings beside them). ``none``: the same window and timer with no flood (the machine's own floor). The real main window (offscreen) follows it with the real call source.
Prints one JSON object: ``stall_max_ms`` (the worst lateness of a 10 ms timer on the window's
thread while the flood runs), the events the window applied and the journal's rows for them
(``lost``), and ``quit_s``: a quit asked for through the event loop at the end of the flood,
until the window was closed and the source stopped.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def serve_ami(seconds: float) -> None:
    """The storm's AMI server (its own process): prints its port, serves one client."""
    from tests.telephony_fakes import AmiStorm, recording

    _, blocks = recording()
    hold = next(i for i, (_, raw) in enumerate(blocks) if raw.startswith(b"Event: Hold\r\n"))
    answered = b"".join(raw for _, raw in blocks[1:hold])
    storm = AmiStorm(head=answered, body=(blocks[hold][1] + blocks[hold + 2][1]) * 200, seconds=seconds, tail=blocks[hold][1])
    print(storm.port, flush=True)
    storm.done.wait()
    print(json.dumps({"sent": storm.rounds * 400 + 1}), flush=True)
    sys.stdin.readline()  # open until the probe is done
    storm.close()


class Probe:
    """The window, the flood, the 10 ms timer on the window's thread, and what was applied."""

    def __init__(self, app, kind: str, seconds: float, folder: str) -> None:
        from PySide6.QtCore import QTimer

        from operator_assist.paths import UserPaths
        from operator_assist.ui.app import build_window, start_window, wait_for_first_paint

        self.app, self.kind, self.seconds = app, kind, seconds
        self.paths = UserPaths.resolve(folder)
        self.window = build_window(self.paths, audio=False)
        self.window.show()
        wait_for_first_paint(self.window)
        start_window(self.window)  # as the app does once the window is on screen
        self.result: dict = {"seconds": seconds}
        self.applied: dict[str, int] = {}
        self.worst = 0.0
        self.ticks = 0
        QTimer.singleShot(2000, self.begin)  # the window's start-up work (first paint, phrases) settles first

    def begin(self) -> None:
        from PySide6.QtCore import Qt, QTimer

        from operator_assist.core.call_sources import TelephonyConfig, create_source
        from operator_assist.ui.app import attach_call_source

        if self.kind == "ami":
            self.flood = subprocess.Popen([sys.executable, __file__, "serve-ami", "--seconds", str(self.seconds)],
                                          stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)  # fmt: skip
            port = int(self.flood.stdout.readline())
            config = TelephonyConfig(agent="2001", ami_user="cti", ami_secret="bench")
            self.feed = attach_call_source(self.window, create_source(f"ami:127.0.0.1:{port}", config))
            # The server says how many it sent once it is done: read off the GUI thread.
            threading.Thread(target=lambda: self.result.update(json.loads(self.flood.stdout.readline())), daemon=True).start()
        else:
            from tests.telephony_fakes import INBOX_CLIENT

            source = create_source("inbox", TelephonyConfig(data_dir=self.paths.data_dir))
            self.feed = attach_call_source(self.window, source)
            client = ["-c", INBOX_CLIENT, str(self.paths.data_dir / "inbox.json"), str(self.seconds)]
            if self.kind == "none":
                client = ["-c", f"import time; time.sleep({self.seconds})"]
            self.flood = subprocess.Popen([sys.executable, *client], stdout=subprocess.PIPE, text=True)
        self.feed.handled.connect(self.count)
        self.last = time.monotonic()
        self.meter = QTimer()
        self.meter.setTimerType(Qt.TimerType.PreciseTimer)
        self.meter.timeout.connect(self.tick)
        self.meter.start(10)
        QTimer.singleShot(50, self.watch)

    def count(self, event, step) -> None:
        for action in step.actions:
            self.applied[action] = self.applied.get(action, 0) + 1

    def tick(self) -> None:
        now = time.monotonic()
        self.worst = max(self.worst, (now - self.last - 0.01) * 1000)
        self.last = now
        self.ticks += 1

    def watch(self) -> None:
        from PySide6.QtCore import QTimer

        done = "sent" in self.result if self.kind == "ami" else self.flood.poll() is not None
        if not done:
            QTimer.singleShot(50, self.watch)
            return
        self.tick()
        self.meter.stop()
        self.result.update(stall_max_ms=round(self.worst, 1), ticks=self.ticks)
        asked = time.monotonic()

        def quit_now() -> None:  # a quit asked for through the event loop, as from the tray
            self.window.close()
            self.feed.stop()
            self.result["quit_s"] = round(time.monotonic() - asked, 3)
            self.app.quit()

        QTimer.singleShot(0, quit_now)

    def finish(self) -> dict:
        from operator_assist.core.journal import Journal

        if self.kind == "ami":
            self.flood.stdin.write("\n")
            self.flood.stdin.close()
        elif self.kind == "inbox":
            self.result.update({f"client_{k}": v for k, v in json.loads(self.flood.stdout.read()).items()})
        self.flood.wait(10)
        with Journal.open(self.paths.journal_file) as journal:
            kinds = [e.kind.value for e in journal.events()]
        holds, resumes = self.applied.get("start_hold", 0), self.applied.get("resume", 0)
        ended = resumes + (holds > resumes)  # a hold under way at the quit is closed by it
        self.result.update(
            applied_holds=holds, applied_resumes=resumes, coalesced=self.feed.queue.coalesced,
            dropped=self.feed.queue.dropped, journal_holds=kinds.count("hold_started"),
            journal_resumes=kinds.count("hold_ended"),
            lost=holds - kinds.count("hold_started") + ended - kinds.count("hold_ended"),
        )  # fmt: skip
        return self.result


def probe(kind: str, seconds: float) -> dict:
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as folder:
        run = Probe(app, kind, seconds, folder)
        app.exec()
        return run.finish()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("kind", choices=("ami", "inbox", "none", "serve-ami"))
    parser.add_argument("--seconds", type=float, default=20.0)
    args = parser.parse_args()
    if args.kind == "serve-ami":
        serve_ami(args.seconds)
        return 0
    print(json.dumps(probe(args.kind, args.seconds)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
