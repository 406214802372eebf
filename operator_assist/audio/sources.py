"""Where the call's audio comes from: ``off``, ``devices``, ``file:PATH.wav``.

Sources are found through the entry-point group ``operator_assist.audio_sources``
(the built-ins are registered there too). A source class is constructed with
the text after ``name:`` in the spec and the audio settings. ``read`` returns
two time-aligned float32 mono blocks at 16 kHz (operator, client); it blocks
about as long as the audio lasts (real time) unless the source is told not to.
Nothing is stored: a block is handed over and forgotten.
"""

from __future__ import annotations

import logging
import sys
import threading
import time
import wave
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np

from ..core.plugins import PluginGroup, load_plugin
from ..i18n import translate
from . import SAMPLE_RATE

log = logging.getLogger(__name__)



class AudioSourceError(Exception):
    """The source cannot give audio now (missing or lost device, bad file); the message is Russian."""


@dataclass(frozen=True)
class DeviceNames:
    """Device choice from settings (None: the system's default)."""

    mic: str | None = None
    playback: str | None = None


class AudioSource:
    name = "source"

    def __init__(self, arg: str | None = None, devices: DeviceNames | None = None) -> None:
        if arg:
            raise ValueError(translate("audio", "источнику звука '{name}' не нужен аргумент (указано {arg!r})").format(name=self.name, arg=arg))
        self.devices = devices or DeviceNames()

    def open(self) -> None:
        pass

    def read(self, frames: int) -> tuple[np.ndarray, np.ndarray]:
        """``frames`` samples of each stream; empty arrays: the audio has ended (a file)."""
        raise NotImplementedError

    def close(self) -> None:
        pass


class NoAudioSource(AudioSource):
    """Off (the default): the assistant does not listen."""

    name = "off"

    def read(self, frames: int) -> tuple[np.ndarray, np.ndarray]:
        empty = np.zeros(0, dtype=np.float32)
        return empty, empty


def _resample(x: np.ndarray, rate: int) -> np.ndarray:
    if rate == SAMPLE_RATE:
        return x
    n = int(round(len(x) * SAMPLE_RATE / rate))
    return np.interp(np.arange(n) * (rate / SAMPLE_RATE), np.arange(len(x)), x).astype(np.float32)


def read_pcm16(path: str | Path) -> tuple[np.ndarray, int]:
    """A 16-bit WAV's samples (frames × channels, float32 in [-1, 1)) and its rate. Raises AudioSourceError."""
    try:
        with wave.open(str(path), "rb") as w:
            channels, width, rate = w.getnchannels(), w.getsampwidth(), w.getframerate()
            raw = w.readframes(w.getnframes())
    except FileNotFoundError:
        raise AudioSourceError(translate("audio", "файл {path} не найден").format(path=path)) from None
    except (OSError, wave.Error, EOFError) as exc:
        raise AudioSourceError(translate("audio", "файл {path} не читается как WAV: {exc}").format(path=path, exc=exc)) from None
    if width != 2:
        raise AudioSourceError(translate("audio", "файл {path}: нужен 16-битный PCM, а здесь {value}-битный").format(path=path, value=width * 8))
    return np.frombuffer(raw, dtype="<i2").reshape(-1, channels).astype(np.float32) / 32768.0, rate


def read_wav(path: str | Path) -> tuple[np.ndarray, np.ndarray]:
    """A two-channel 16-bit WAV → (left = operator, right = client) at 16 kHz. Raises AudioSourceError."""
    data, rate = read_pcm16(path)
    if data.shape[1] != 2:
        raise AudioSourceError(translate("audio", "файл {path}: нужно 2 канала (левый — оператор, правый — клиент), а здесь {channels}").format(path=path, channels=data.shape[1]))
    return _resample(data[:, 0], rate), _resample(data[:, 1], rate)


class FileAudioSource(AudioSource):
    """A two-channel WAV (left = operator, right = client), played in real time (demos, training, checks)."""

    name = "file"

    def __init__(self, arg: str | None = None, devices: DeviceNames | None = None, realtime: bool = True,
                 sleep: Callable[[float], None] = time.sleep, now: Callable[[], float] = time.monotonic) -> None:  # fmt: skip
        if not arg:
            raise ValueError(translate("audio", "источнику звука file нужен путь: file:ПУТЬ.wav"))
        self.devices = devices or DeviceNames()
        self.path = Path(arg).expanduser()
        self.realtime = realtime
        self._sleep, self._now = sleep, now
        self._data: tuple[np.ndarray, np.ndarray] | None = None
        self._pos = 0
        self._t0 = 0.0

    def open(self) -> None:
        self._data = read_wav(self.path)
        self._pos = 0
        self._t0 = self._now()

    def read(self, frames: int) -> tuple[np.ndarray, np.ndarray]:
        if self._data is None:
            raise AudioSourceError(translate("audio", "файл не открыт"))
        left, right = self._data
        block = left[self._pos : self._pos + frames], right[self._pos : self._pos + frames]
        self._pos += len(block[0])
        if self.realtime and len(block[0]):
            due = self._t0 + self._pos / SAMPLE_RATE
            wait = due - self._now()
            if wait > 0:
                self._sleep(wait)
        return block

    def close(self) -> None:
        self._data = None


_SOUNDCARD_LOCK = threading.Lock()


def _soundcard():
    """The soundcard module; it talks to the sound server the moment it is imported."""
    with _SOUNDCARD_LOCK:
        argv = sys.argv
        if not argv or (argv[0] in ("-c", "-m") and len(argv) < 2):
            # soundcard names its client after sys.argv and fails on a bare `python -c`.
            sys.argv = ["operator-assist"]
        try:
            import soundcard
        except ImportError as exc:
            raise AudioSourceError(translate("audio", "нет пакета soundcard: pip install 'operator-assist[audio]'")) from exc
        except Exception as exc:  # no sound server: its import raises
            raise AudioSourceError(translate("audio", "звуковая система недоступна ({value})").format(value=exc or type(exc).__name__)) from exc
        finally:
            sys.argv = argv
        return soundcard


class DeviceAudioSource(AudioSource):
    """The operator's microphone and the monitor (loopback) of the output the call plays on (soundcard).

    Defaults: the system's default input and the monitor of the default output.
    """

    name = "devices"
    block = 1600
    """Samples the device hands over at a time (100 ms: fewer wake-ups; times come from sample counts)."""

    def __init__(self, arg: str | None = None, devices: DeviceNames | None = None) -> None:
        super().__init__(arg, devices)
        self._recorders: list = []

    def open(self) -> None:
        sc = _soundcard()
        try:
            if self.devices.mic:
                mic = self._find(sc, self.devices.mic)
            else:
                mic = sc.default_microphone()
            playback = self._find(sc, self.devices.playback or sc.default_speaker().id, monitor=True)
        except (IndexError, RuntimeError, TypeError, AttributeError) as exc:
            raise AudioSourceError(translate("audio", "нет устройства: {exc}").format(exc=exc)) from None
        if mic is None or playback is None:
            raise AudioSourceError(translate("audio", "нет микрофона или выхода звука"))
        recorders = []
        try:
            for device in (mic, playback):
                recorder = device.recorder(samplerate=SAMPLE_RATE, channels=1, blocksize=self.block)
                recorder.__enter__()
                recorders.append(recorder)
        except Exception as exc:
            for recorder in recorders:
                self._exit(recorder)
            raise AudioSourceError(translate("audio", "устройство не открывается: {exc}").format(exc=exc)) from None
        try:
            # Both streams start at their own pace and buffer what they heard meanwhile; empty both so
            # their next samples are from the same moment (the analyser counts time by samples).
            for recorder in (*recorders, recorders[0]):
                self._drain(recorder)
        except Exception as exc:
            for recorder in recorders:
                self._exit(recorder)
            raise AudioSourceError(translate("audio", "устройство не отвечает: {exc}").format(exc=exc)) from None
        self._recorders = recorders

    @staticmethod
    def _drain(recorder, limit: float = 3.0) -> None:
        recorder.record(numframes=None)  # waits until the stream runs
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            began = time.monotonic()
            recorder.record(numframes=None)
            if time.monotonic() - began > 0.005:  # it had to wait: nothing old is left
                return

    @staticmethod
    def _find(sc, name: str, monitor: bool = False):
        """A capture device by id or name. ``monitor``: the output's loopback — PulseAudio/PipeWire call it
        ``<sink>.monitor``, WASAPI gives it the speaker's own id."""
        candidates = (name, f"{name}.monitor") if monitor else (name,)
        devices = sc.all_microphones(include_loopback=True)
        for candidate in candidates:
            for device in devices:
                if candidate in (device.id, device.name):
                    return device
        return sc.get_microphone(name, include_loopback=True)  # soundcard's own fuzzy match on names

    @staticmethod
    def _exit(recorder) -> None:
        try:
            recorder.__exit__(None, None, None)
        except Exception:
            log.debug("closing a recorder failed", exc_info=True)

    def read(self, frames: int) -> tuple[np.ndarray, np.ndarray]:
        if len(self._recorders) != 2:
            raise AudioSourceError(translate("audio", "устройства не открыты"))
        try:
            blocks = [np.ascontiguousarray(r.record(numframes=frames)[:, 0], dtype=np.float32) for r in self._recorders]
        except Exception as exc:
            raise AudioSourceError(translate("audio", "устройство пропало: {exc}").format(exc=exc)) from None
        return blocks[0], blocks[1]

    def close(self) -> None:
        recorders, self._recorders = self._recorders, []
        for recorder in recorders:
            self._exit(recorder)


SOURCES = PluginGroup(
    "operator_assist.audio_sources",
    "plugins.audio_source",
    {"off": NoAudioSource, "devices": DeviceAudioSource, "file": FileAudioSource},
    {"file": "plugins.usage.audio_file"},
)


def parse_spec(spec: str | None) -> tuple[str, str | None]:
    spec = (spec or "off").strip()
    name, sep, arg = spec.partition(":")
    return name.strip(), (arg if sep else None)


def create_source(spec: str | None, devices: DeviceNames | None = None, **options) -> AudioSource:
    """``off``, ``devices``, ``file:PATH.wav`` or a plugin's name. Raises UnknownPlugin / ValueError."""
    name, arg = parse_spec(spec)
    return load_plugin(SOURCES, name)(arg, devices, **options)


def list_devices() -> tuple[list[str], list[str]]:
    """(microphones, outputs whose monitor can be captured), by name, for the device dialog.

    Raises AudioSourceError when there is no sound system.
    """
    sc = _soundcard()
    try:
        mics = [m.name for m in sc.all_microphones(include_loopback=False)]
        outputs = [s.name for s in sc.all_speakers()]
    except Exception as exc:
        raise AudioSourceError(translate("audio", "список устройств недоступен: {exc}").format(exc=exc)) from None
    return mics, outputs
