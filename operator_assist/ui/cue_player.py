"""Short audible cues. QtMultimedia is imported on the first cue, not at startup."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QUrl, Signal

from ..paths import asset

log = logging.getLogger(__name__)

CUES = {"silence_warning": "silence-warning.wav", "hold_limit": "hold-limit.wav"}


class CuePlayer(QObject):
    played = Signal(str)
    """Emitted for every cue that was due (also when audio output is off)."""

    def __init__(self, muted: bool = False, audio: bool = True, parent=None) -> None:
        super().__init__(parent)
        self.muted = muted
        self._audio = audio
        self._effects: dict = {}

    def play(self, cue: str) -> None:
        if self.muted:
            return
        self.played.emit(cue)
        if not self._audio:
            return
        try:
            effect = self._effects.get(cue)
            if effect is None:
                from PySide6.QtMultimedia import QSoundEffect

                effect = QSoundEffect(self)
                effect.setSource(QUrl.fromLocalFile(str(asset(CUES[cue]))))
                effect.setVolume(0.8)
                self._effects[cue] = effect
            effect.play()
        except Exception:  # no audio device must never take the timer down
            log.exception("cannot play cue %s", cue)
