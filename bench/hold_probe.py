"""Runs a real hold in the real main window and reports how exact and how cheap it is.

Prints one JSON object:
- timer_error_ms: the largest of (a) how late the display changed after the true
  second boundary or threshold it was scheduled for, and (b) the difference
  between the engine's hold time and an independent monotonic measurement;
- cpu_percent: CPU time of this process over wall time while the hold runs.
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
from operator_assist.ui.app import build_window, start_window, wait_for_first_paint


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=180.0)
    parser.add_argument("--role", default="senior", help="senior: a 180 s hold stays under the limit")
    args = parser.parse_args()

    app = QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as data_dir:
        window = build_window(UserPaths.resolve(data_dir), role=args.role, audio=False)
        window.show()
        wait_for_first_paint(window)
        start_window(window)  # as the app does once the window is on screen
        session = window.session
        worst = {"late_ms": 0.0, "drift_ms": 0.0}
        start = {}

        def measured(snap):
            # Each time the session's own timer fired: how late after the moment it was armed for.
            due = start.get("due")
            now = time.monotonic()
            if due is not None and "hold" in start:
                worst["late_ms"] = max(worst["late_ms"], (now - due) * 1000)
                true_elapsed = now - start["hold"]
                worst["drift_ms"] = max(worst["drift_ms"], abs(snap.state_elapsed - true_elapsed) * 1000)
            start["due"] = snap.next_change

        def begin():
            session.perform(Action.START_CALL)
            start["hold"] = time.monotonic()
            session.perform(Action.START_HOLD)
            session.changed.connect(measured)
            start["cpu"] = time.process_time()
            start["wall"] = time.monotonic()
            QTimer.singleShot(int(args.seconds * 1000), finish)

        def finish():
            wall = time.monotonic() - start["wall"]
            cpu = time.process_time() - start["cpu"]
            print(
                json.dumps(
                    {
                        "timer_error_ms": round(max(worst.values()), 3),
                        "display_late_ms": round(worst["late_ms"], 3),
                        "engine_drift_ms": round(worst["drift_ms"], 3),
                        "cpu_percent": round(100 * cpu / wall, 3),
                        "seconds": round(wall, 1),
                    }
                ),
                flush=True,
            )
            app.quit()

        # Let startup work settle before the measured hold begins.
        QTimer.singleShot(1000, begin)
        return app.exec()


if __name__ == "__main__":
    sys.exit(main())
