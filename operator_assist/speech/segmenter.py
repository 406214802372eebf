"""The voice gate: Silero VAD cuts the microphone's audio into utterances; silence never reaches a recogniser.

Whisper invents text on pure noise («Редактор субтитров…»), so only what Silero calls speech
goes on: an utterance starts at the first speech frame, with :attr:`Segmenter.pre_roll` seconds
kept before it (a word's soft start), and ends :attr:`Segmenter.end_silence` seconds after the
last speech frame. Shorter than :attr:`Segmenter.min_speech` of speech (a click, a cough) is
dropped; longer than :attr:`Segmenter.max_length` is cut so the text comes in time. A frame quieter
than :attr:`Segmenter.quiet_dbfs` is silence without asking the model (a quiet room costs next to nothing).
Times are the clock's (``start`` is the time of the first sample fed), counted by samples.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

import numpy as np

from ..audio.detectors import Detector, create_detector
from . import SAMPLE_RATE


@dataclass(frozen=True)
class Utterance:
    start: float
    """Time of the first speech frame."""
    end: float
    """Time the last speech frame ended: «the end of the sentence»."""
    audio: np.ndarray
    """float32 16 kHz, the pre-roll and a short tail included."""


class Segmenter:
    pre_roll = 0.5
    end_silence = 0.4
    min_speech = 0.25
    max_length = 20.0
    tail = 0.2
    """Seconds of the silence after the last word kept in the audio (Whisper hears a sentence end)."""
    quiet_dbfs = -55.0
    """A frame below this level is not speech: a microphone in a quiet room, the operator silent."""

    def __init__(self, start: float = 0.0, detector: Detector | None = None) -> None:
        self.detector = detector or create_detector("silero")
        self.frame = self.detector.frame_samples
        self.start = start
        self.samples = 0
        self._pending = np.zeros(0, dtype=np.float32)
        self._before: deque[np.ndarray] = deque(maxlen=max(1, round(self.pre_roll * SAMPLE_RATE / self.frame)))
        self._frames: list[np.ndarray] = []
        self._first = 0.0
        self._last = 0.0
        self._speech = 0
        self._quiet = 0
        self._quiet_power = 10 ** (self.quiet_dbfs / 10)

    @property
    def time(self) -> float:
        """The clock time of the end of the audio fed so far."""
        return self.start + self.samples / SAMPLE_RATE

    @property
    def open_start(self) -> float:
        """The time the open utterance started (while :attr:`speaking`)."""
        return self._first

    @property
    def speaking(self) -> bool:
        """An utterance is open (the operator is speaking, or has just stopped)."""
        return bool(self._frames)

    def feed(self, block: np.ndarray) -> list[Utterance]:
        data = np.concatenate((self._pending, block)) if len(self._pending) else np.asarray(block, dtype=np.float32)
        whole = len(data) // self.frame * self.frame
        done: list[Utterance] = []
        frames = data[:whole].reshape(-1, self.frame)
        quiet = np.einsum("ij,ij->i", frames, frames) < self._quiet_power * self.frame
        for frame, silent in zip(frames, quiet):
            speech = False if silent else self.detector.decide(frame)[0]
            self.samples += self.frame
            done += self._step(frame.copy(), speech)
        self._pending = data[whole:].copy()
        return done

    def flush(self) -> list[Utterance]:
        """The audio has ended: an open utterance ends here."""
        return self._finish() if self._frames else []

    def _step(self, frame: np.ndarray, speech: bool) -> list[Utterance]:
        now = self.time
        seconds = self.frame / SAMPLE_RATE
        if not self._frames:
            if not speech:
                self._before.append(frame)
                return []
            self._frames = [*self._before, frame]
            self._before.clear()
            self._first = now - seconds
            self._speech, self._quiet = 0, 0
        else:
            self._frames.append(frame)
        if speech:
            self._speech += 1
            self._quiet = 0
            self._last = now
            if len(self._frames) * seconds >= self.max_length:
                return self._finish()
            return []
        self._quiet += 1
        if self._quiet * seconds >= self.end_silence:
            return self._finish()
        return []

    def _finish(self) -> list[Utterance]:
        seconds = self.frame / SAMPLE_RATE
        frames, self._frames = self._frames, []
        speech, quiet = self._speech, self._quiet
        self._speech = self._quiet = 0
        if quiet:
            self._before.extend(frames[-quiet:])  # the silence after it is the next one's pre-roll
        if speech * seconds < self.min_speech:  # a click, a cough
            return []
        keep = len(frames) - max(0, quiet - round(self.tail / seconds))
        return [Utterance(self._first, self._last, np.concatenate(frames[:keep]))]
