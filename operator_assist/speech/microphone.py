"""The operator's microphone, alone: the client's side is never opened for speech.

``devices``: the microphone of ``audio.mic`` (or the system's default input) through soundcard.
A ``file:PATH.wav`` audio source (demos, training, tests) gives its left channel, the
operator's, as the dead-air listener reads it (``audio/sources.py``); a mono WAV is the
operator alone. Blocks are float32 mono at 16 kHz, handed over and forgotten.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Callable

import numpy as np

from ..audio.sources import AudioSourceError, DeviceAudioSource, _resample, _soundcard, read_pcm16
from ..i18n import translate
from . import SAMPLE_RATE


class Microphone:
    def open(self) -> None:
        pass

    def read(self, frames: int) -> np.ndarray:
        """Up to ``frames`` samples; an empty array: the audio has ended (a file)."""
        raise NotImplementedError

    def close(self) -> None:
        pass


def read_operator_wav(path: str | Path) -> np.ndarray:
    """A 16-bit WAV's operator channel (mono: the only one; stereo: the left) at 16 kHz. Raises AudioSourceError."""
    data, rate = read_pcm16(path)
    channels = data.shape[1]
    if channels not in (1, 2):
        raise AudioSourceError(
            translate("speech", "файл {path}: нужен 1 канал (оператор) или 2 (левый — оператор), а здесь {channels}").format(path=path, channels=channels)
        )
    return _resample(data[:, 0], rate)


class FileMicrophone(Microphone):
    """The operator's channel of a WAV, in real time (a demo) or at full speed (``speech-check``, tests)."""

    def __init__(self, path: str | Path, realtime: bool = True, sleep: Callable[[float], None] = time.sleep,
                 now: Callable[[], float] = time.monotonic) -> None:  # fmt: skip
        self.path = Path(path).expanduser()
        self.realtime = realtime
        self._sleep, self._now = sleep, now
        self._data: np.ndarray | None = None
        self._pos = 0
        self._t0 = 0.0

    def open(self) -> None:
        self._data = read_operator_wav(self.path)
        self._pos = 0
        self._t0 = self._now()

    def read(self, frames: int) -> np.ndarray:
        if self._data is None:
            raise AudioSourceError(translate("speech", "файл не открыт"))
        block = self._data[self._pos : self._pos + frames]
        self._pos += len(block)
        if self.realtime and len(block):
            wait = self._t0 + self._pos / SAMPLE_RATE - self._now()
            if wait > 0:
                self._sleep(wait)
        return block

    def close(self) -> None:
        self._data = None


class DeviceMicrophone(Microphone):
    """The microphone named in settings (``audio.mic``) or the system's default input."""

    block = 1600

    def __init__(self, name: str | None = None) -> None:
        self.name = name
        self._recorder = None

    def open(self) -> None:
        sc = _soundcard()
        try:
            mic = DeviceAudioSource._find(sc, self.name) if self.name else sc.default_microphone()
        except (IndexError, RuntimeError, TypeError, AttributeError) as exc:
            raise AudioSourceError(translate("speech", "нет микрофона: {exc}").format(exc=exc)) from None
        if mic is None:
            raise AudioSourceError(translate("speech", "нет микрофона"))
        try:
            recorder = mic.recorder(samplerate=SAMPLE_RATE, channels=1, blocksize=self.block)
            recorder.__enter__()
        except Exception as exc:
            raise AudioSourceError(translate("speech", "микрофон не открывается: {exc}").format(exc=exc)) from None
        self._recorder = recorder

    def read(self, frames: int) -> np.ndarray:
        if self._recorder is None:
            raise AudioSourceError(translate("speech", "микрофон не открыт"))
        try:
            return np.ascontiguousarray(self._recorder.record(numframes=frames)[:, 0], dtype=np.float32)
        except Exception as exc:
            raise AudioSourceError(translate("speech", "микрофон пропал: {exc}").format(exc=exc)) from None

    def close(self) -> None:
        recorder, self._recorder = self._recorder, None
        if recorder is not None:
            DeviceAudioSource._exit(recorder)


def create_microphone(source: str, mic: str | None) -> Microphone:
    """The operator's side of ``audio.source``: a ``file:`` source's left channel, otherwise the device ``mic``."""
    name, sep, arg = (source or "").strip().partition(":")
    if name == "file" and sep and arg.strip():
        return FileMicrophone(arg.strip())
    return DeviceMicrophone(mic)
