"""How often the running app wakes up: voluntary context switches of all its threads per second.

    python bench/wakeup_probe.py hold|idle [--seconds 20]

Runs the real main window offscreen (with its desktop shell: compact view and tray
code, no global keys) and counts, from /proc, how many times the process went to
sleep and was woken while a hold runs (or nothing happens). Prints one JSON object.
"""

import argparse
import json
import os
import sys
import tempfile
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from operator_assist.core.commands import Action
from operator_assist.paths import UserPaths
from operator_assist.ui.app import build_window


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


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=("hold", "idle"))
    parser.add_argument("--seconds", type=float, default=20.0)
    args = parser.parse_args()
    app = QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as data_dir:
        window = build_window(UserPaths.resolve(data_dir), role="senior", audio=False)
        window.show()
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
            print(json.dumps({"mode": args.mode, "wakeups_per_s": round(rate, 3), "seconds": round(seconds, 1)}), flush=True)
            window.session.shutdown()
            app.quit()

        QTimer.singleShot(2000, begin)  # startup work (journal, phrases after the first paint) settles first
        return app.exec()


if __name__ == "__main__":
    sys.exit(main())
