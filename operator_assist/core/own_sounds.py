"""The app's own sounds (its warning cues), so what listens to the call never takes them for speech.

A cue plays into an output the app may also hear — the call's output, whose monitor is
the client's side of the call, or the room the microphone is in. Whoever plays a sound
says so here (:meth:`OwnSounds.add`: when, for how long); whoever analyses audio asks
whether a stretch of it overlaps one (:meth:`OwnSounds.covers`) and does not count it
as speech. Times are the listener's monotonic seconds (the call session's clock).

Thread-safe: the GUI thread adds, a listening thread asks. Plain Python, no Qt.
"""

from __future__ import annotations

import threading


class OwnSounds:
    """Stretches of time our own sounds may be heard in, with margins for the audio path's latency."""

    def __init__(self, lead: float = 0.1, tail: float = 0.6, keep: float = 60.0) -> None:
        self.lead = lead
        """Seconds before the moment a sound was asked for that may already hold it (time stamps of captured audio are estimates)."""
        self.tail = tail
        """Seconds after its end that may still hold it: the output's buffer and the capture's."""
        self.keep = keep
        """Stretches that ended longer ago than this are forgotten (the listener is never that far behind)."""
        self._spans: list[tuple[float, float]] = []
        self._lock = threading.Lock()

    def add(self, start: float, duration: float) -> None:
        """A sound of ``duration`` seconds was started at ``start``."""
        span = (start - self.lead, start + duration + self.tail)
        with self._lock:
            self._spans = [s for s in self._spans if s[1] >= start - self.keep] + [span]

    def covers(self, start: float, end: float) -> bool:
        """Whether ``[start, end)`` overlaps one of our sounds (its audio is not the call's)."""
        return any(s < end and start < e for s, e in self._spans)  # a list replaced whole, never changed
