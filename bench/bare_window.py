"""The physical reference: a bare PySide6 QMainWindow, quit after its first paint.

Without arguments, the reference ``bench/run.py`` holds the app against. With ``--text``
the window also shows one line of Cyrillic text and uses the Qt namespace for its
alignment, as most windows with words do: the floor ``bench/run.py`` reports beside it.

At the first paint it prints the same line as ``operator-assist --exit-after-startup``:
``first paint at <wall s> cpu <process CPU s> rss <VmRSS KiB>``, read inside the process
at that moment (the same few lines as ``operator_assist/ui/app.py``; this file imports
nothing of the app).
"""

import sys
import time

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow


def rss_kib() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))


class Window(QMainWindow):
    painted = False

    def paintEvent(self, event):
        super().paintEvent(event)
        if not self.painted:
            self.painted = True
            QTimer.singleShot(0, self.report)

    def report(self):
        print(f"first paint at {time.time():.6f} cpu {time.process_time():.6f} rss {rss_kib()}", flush=True)
        QApplication.quit()


app = QApplication(sys.argv[:1])
window = Window()
if "--text" in sys.argv:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLabel

    window.setCentralWidget(QLabel("Спасибо за ожидание", alignment=Qt.AlignmentFlag.AlignCenter))
window.resize(440, 420)
window.show()
sys.exit(app.exec())
