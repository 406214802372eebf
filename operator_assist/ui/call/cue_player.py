"""Short audible cues. QtMultimedia is imported on the first cue, not at startup."""

from __future__ import annotations

import logging
import re

from PySide6.QtCore import QObject, Signal

from ...i18n import translate
from ...paths import asset

log = logging.getLogger(__name__)

CUES = {"silence_warning": "silence-warning.wav", "hold_limit": "hold-limit.wav"}


def _sound_effect_class():
    from PySide6.QtMultimedia import QSoundEffect

    return QSoundEffect


def _outputs() -> list:
    """The sound outputs Qt can play on (QAudioDevice)."""
    from PySide6.QtMultimedia import QMediaDevices

    return QMediaDevices.audioOutputs()


def why_no_sound(exc: BaseException) -> str:
    """A failed audio backend in the operator's words (the missing library named when we can see it)."""
    library = re.search(r"(lib[\w.+-]+\.so[\w.]*)", str(exc))
    if library:
        return translate("cues", "не найдена системная библиотека звука {library}").format(library=library.group(1))
    if isinstance(exc, ImportError):
        return translate("cues", "не загружается модуль звука Qt (QtMultimedia)")
    return translate("cues", "звук не воспроизводится ({error})").format(error=type(exc).__name__)


class CuePlayer(QObject):
    played = Signal(str)
    """Emitted for every cue that was due (also when audio output is off)."""
    unavailable = Signal(str)
    """Once, the first time a cue cannot sound: why, in Russian. The visual warnings carry on."""
    sounding = Signal(str, float)
    """(cue, its length in seconds) as a cue starts to sound: listening to the call ignores it (core/own_sounds.py)."""

    def __init__(self, muted: bool = False, audio: bool = True, parent=None) -> None:
        super().__init__(parent)
        self.muted = muted
        self._audio = audio
        self._effects: dict = {}
        self._lengths: dict[str, float] = {}
        self._device = None
        """The QAudioDevice cues play on; None: the system's default output."""
        self.output: str | None = None
        """The name the operator chose for it (None: the default)."""
        self.failure: str | None = None

    def set_output(self, name: str | None) -> str | None:
        """Cues play on the output called ``name`` (a device's name or id; None: the system's default).

        Returns why not (Russian) when there is no such output: the default output is used then.
        """
        for effect in self._effects.values():
            effect.deleteLater()
        self._effects.clear()
        self._device, self.output = None, name or None
        if not name:
            return None
        for device in _outputs():
            if name in (device.description(), device.id().data().decode(errors="replace")):
                self._device = device
                return None
        self.output = None
        return translate("cues", "выход «{name}» для сигналов не найден — сигналы звучат в выход по умолчанию").format(name=name)

    def play(self, cue: str) -> None:
        if self.muted:
            return
        self.played.emit(cue)
        if not self._audio:
            return
        try:
            effect = self._effects.get(cue)
            if effect is None:
                from PySide6.QtCore import QUrl  # with QtMultimedia: not at start

                effect = _sound_effect_class()(self._device, self) if self._device is not None else _sound_effect_class()(self)
                effect.statusChanged.connect(lambda e=effect: self._check(e))
                effect.setSource(QUrl.fromLocalFile(str(asset(CUES[cue]))))
                effect.setVolume(0.8)
                self._effects[cue] = effect
            effect.play()
        except Exception as exc:  # no audio device must never take the timer down
            self._fail(why_no_sound(exc), exc)
            return
        self.sounding.emit(cue, self._length(cue))

    def _length(self, cue: str) -> float:
        """The cue's length in seconds, read from its WAV once."""
        if cue not in self._lengths:
            import wave

            try:
                with wave.open(str(asset(CUES[cue])), "rb") as sound:
                    self._lengths[cue] = sound.getnframes() / sound.getframerate()
            except (OSError, wave.Error, EOFError, ZeroDivisionError):
                self._lengths[cue] = 1.0  # unknown: a second, longer than any bundled cue
        return self._lengths[cue]

    def _check(self, effect) -> None:
        if effect.status() == effect.Status.Error:
            self._fail(translate("cues", "звуковой файл не воспроизводится (нет звукового устройства?)"), None)

    def _fail(self, reason: str, exc: BaseException | None) -> None:
        self._audio = False  # one failure is enough: no retry per cue, no log line per cue
        if self.failure is None:
            self.failure = reason
            log.warning("sound cues unavailable: %s (%s)", reason, exc)
            self.unavailable.emit(reason)
