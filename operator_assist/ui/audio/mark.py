"""The microphone mark: whether the call is heard, in the window's status bar (the compact view and
the team's live state follow it); the words of each state of the listening (``ui/audio/feed.py``)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QWidget

from ...i18n import QT_TRANSLATE_NOOP, translate
from ..texts import plain_tooltip

STATUS_WORDS = {
    "listening": QT_TRANSLATE_NOOP("audio", "Слушаю разговор: пауза больше {threshold:g} с включит предупреждение сама"),
    "missing": QT_TRANSLATE_NOOP("audio", "Звук разговора недоступен: {message}. Клавиша F6 работает; подключусь, когда устройство появится"),
    "lost": QT_TRANSLATE_NOOP("audio", "Звук разговора пропал: {message}. Клавиша F6 работает; подключусь снова, когда устройство вернётся"),
    "ended": QT_TRANSLATE_NOOP("audio", "Файл со звуком разговора закончился"),
    "failed": QT_TRANSLATE_NOOP("audio", "Слушать разговор нельзя: {message}"),
    "stopped": QT_TRANSLATE_NOOP("audio", "Разговор не слушается"),
}


class MicMark(QLabel):
    """A small microphone mark: shown while the call is heard, crossed out when the device is missing."""

    changed = Signal(str, str, str)
    """(state, the mark's text, the words for its tooltip): the compact view shows the same."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("micMark")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.state = "stopped"
        self.set_status("stopped", translate("audio", STATUS_WORDS["stopped"]))

    def set_status(self, state: str, words: str) -> None:
        self.state = state
        if state == "listening":
            self.setText(translate("audio", "● слушаю"))
            self.setStyleSheet("#micMark { color: #1b7f3b; }")
        elif state in ("missing", "lost", "failed"):
            self.setText(translate("audio", "✕ нет звука"))
            self.setStyleSheet("#micMark { color: #b3261e; }")
        else:
            self.setText("")
        self.setToolTip(plain_tooltip(words))
        self.setVisible(state != "stopped")
        self.changed.emit(state, self.text(), words)
