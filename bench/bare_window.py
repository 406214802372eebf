"""The physical reference: a bare PySide6 QMainWindow, quit after its first paint.

With ``--text`` the window also shows one line of Cyrillic text and uses the Qt
namespace, as every real window does: the floor for any app that shows words.
"""

import sys
import time

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow


class Window(QMainWindow):
    painted = False

    def paintEvent(self, event):
        super().paintEvent(event)
        if not self.painted:
            self.painted = True
            QTimer.singleShot(0, self.report)

    def report(self):
        print(f"first paint at {time.time():.6f}", flush=True)
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
