"""Audio chunks of both streams → detector frames → the dead-air tracker."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..core.dead_air import CLIENT, OPERATOR, SILENT_DBFS, DeadAirTracker, TrackerEvent, rms_dbfs
from ..core.own_sounds import OwnSounds
from . import SAMPLE_RATE
from .detectors import Detector, create_detector


@dataclass(frozen=True)
class Levels:
    """Loudness of the last chunk per stream (dBFS) and whether each stream is speaking."""

    operator: float
    client: float
    operator_speaking: bool
    client_speaking: bool


class _Stream:
    def __init__(self, name: str, detector: Detector, start: float, own_sounds: OwnSounds | None = None) -> None:
        self.name = name
        self.detector = detector
        self.own_sounds = own_sounds
        self.pending = np.zeros(0, dtype=np.float32)
        self.samples = 0
        self.start = start

    def feed(self, chunk: np.ndarray, tracker: DeadAirTracker) -> list[TrackerEvent]:
        data = np.concatenate((self.pending, chunk)) if len(self.pending) else chunk
        n = self.detector.frame_samples
        whole = len(data) // n * n
        events: list[TrackerEvent] = []
        if whole:
            for speech, level in self.detector.decide_many(data[:whole].reshape(-1, n)):
                t0 = self.start + self.samples / SAMPLE_RATE
                self.samples += n
                t1 = self.start + self.samples / SAMPLE_RATE
                if speech and self.own_sounds is not None and self.own_sounds.covers(t0, t1):
                    speech = False  # our own cue, heard through the call's output or the room
                events += tracker.feed(self.name, t0, t1, speech, level)
        self.pending = data[whole:].copy()
        return events


class Analyser:
    """Feeds two time-aligned mono float32 streams at 16 kHz to detectors and the tracker.

    ``start``: the monotonic time of the first sample. Audio is dropped as soon as it is decided.
    ``own_sounds``: when the app's own sounds play; they never count as speech on either stream.
    """

    def __init__(self, detector: str | None = None, start: float = 0.0, threshold: float = 10.0,
                 confirm: float = 4.0, own_sounds: OwnSounds | None = None) -> None:  # fmt: skip
        detectors = {OPERATOR: create_detector(detector), CLIENT: create_detector(detector)}
        hangover = detectors[OPERATOR].hangover
        self.tracker = DeadAirTracker(threshold=threshold, confirm=confirm, start=start, hangover=hangover)
        self.streams = {name: _Stream(name, d, start, own_sounds) for name, d in detectors.items()}
        self.start = start

    @property
    def time(self) -> float:
        """Monotonic time of the end of the audio fed so far."""
        return self.start + min(s.samples for s in self.streams.values()) / SAMPLE_RATE

    def feed(self, operator: np.ndarray, client: np.ndarray) -> list[TrackerEvent]:
        events = self.streams[OPERATOR].feed(np.asarray(operator, dtype=np.float32), self.tracker)
        events += self.streams[CLIENT].feed(np.asarray(client, dtype=np.float32), self.tracker)
        events.sort(key=lambda e: e.at)
        return events

    def levels(self, operator: np.ndarray, client: np.ndarray) -> Levels:
        def level(x: np.ndarray) -> float:
            x = np.asarray(x, dtype=np.float32)
            return rms_dbfs(float(np.dot(x, x)), len(x)) if len(x) else SILENT_DBFS

        voices = self.tracker.streams
        return Levels(level(operator), level(client), voices[OPERATOR].speaking, voices[CLIENT].speaking)

    def finish(self) -> list[TrackerEvent]:
        return self.tracker.finish(self.time)
