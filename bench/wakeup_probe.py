"""How often the running app wakes up: voluntary context switches of all its threads per second.

    python bench/wakeup_probe.py hold|idle [--seconds 20] [--call-source inbox|baresip]

Runs the real main window offscreen (with its desktop shell: compact view and tray
code, no global keys) and counts, from /proc, how many times the process went to
sleep and was woken while a hold runs (or nothing happens). With ``--call-source`` the
window follows a real call source on real sockets: the inbox listening on loopback, or
a real baresip started here (its own process: its wake-ups are not counted). Prints one
JSON object.
"""

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel

from operator_assist.core.commands import Action
from operator_assist.paths import UserPaths
from operator_assist.ui.app import build_window, start_window, wait_for_first_paint


def voluntary_switches() -> int:
    total = 0
    for tid in os.listdir(f"/proc/{os.getpid()}/task"):
        try:
            with open(f"/proc/{os.getpid()}/task/{tid}/status") as status:
                for line in status:
                    if line.startswith("voluntary_ctxt_switches"):
                        total += int(line.split()[1])
        except FileNotFoundError:  # a thread that ended meanwhile
            pass
    return total


def call_source(window, name: str | None, data_dir: Path):
    """Attaches the real source ``name``; for baresip, starts a real baresip first (returned, to stop)."""
    if name is None:
        return None
    from operator_assist.core.call_sources import TelephonyConfig, create_source
    from operator_assist.ui.app import attach_call_source

    phones = None
    spec = "inbox"
    if name == "baresip":
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
        from tests.test_baresip import Softphones, free_port_block

        base = free_port_block(8)
        phones = Softphones(data_dir, base)
        phones.start("agent", "2001", 1, base, base + 4)
        spec = f"baresip:127.0.0.1:{base + 4}"
    attach_call_source(window, create_source(spec, TelephonyConfig(agent="2001", data_dir=data_dir)))
    return phones


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=("hold", "idle"))
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--call-source", choices=("inbox", "baresip"))
    args = parser.parse_args()
    app = QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as data_dir:
        window = build_window(UserPaths.resolve(data_dir), role="senior", audio=False)
        window.show()
        wait_for_first_paint(window)
        start_window(window)  # as the app does once the window is on screen
        phones = call_source(window, args.call_source, Path(data_dir))
        start = {}

        def begin():
            if args.mode == "hold":
                window.session.perform(Action.START_CALL)
                window.session.perform(Action.START_HOLD)
            QTimer.singleShot(2000, measure)  # the one-off repaint of the new state settles first

        def measure():
            start["switches"], start["at"] = voluntary_switches(), time.monotonic()
            QTimer.singleShot(int(args.seconds * 1000), finish)

        def finish():
            seconds = time.monotonic() - start["at"]
            rate = (voluntary_switches() - start["switches"]) / seconds
            link = window.statusBar().findChild(QLabel, "callSourceStatus")
            print(json.dumps({"mode": args.mode, "wakeups_per_s": round(rate, 3), "seconds": round(seconds, 1),
                              "call_source": args.call_source, "link": link.text() if link else None},
                             ensure_ascii=False), flush=True)  # fmt: skip
            window.session.shutdown()
            if phones is not None:
                phones.stop_all()
            app.quit()

        QTimer.singleShot(2000, begin)  # startup work (journal, phrases after the first paint) settles first
        return app.exec()


if __name__ == "__main__":
    sys.exit(main())
