"""Dead air from voice activity: the rules, with no audio library and no Qt.

The standard forbids pauses over 10 s «во время которых Клиент слышит тишину и
словесный диалог с Клиентом не ведется». Two streams are watched: the
operator's microphone and the call's playback (what the client says). A
detector backend (``operator_assist.audio``) turns each audio frame into a
raw yes/no plus the frame's level; this module decides what counts:

* :class:`EnergyGate` — a frame may only be speech if it is louder than about
  −45 dBFS and about 10 dB above the stream's running noise floor (steady hiss
  or hum is not speech, whatever the VAD says).
* :class:`StreamVoice` — speech counts only after ≥ 100 ms of it, so a click or
  a cough does not end a silence.
* :class:`DeadAirTracker` — dead air is the time neither stream has speech.
  It reports an episode when it is *confirmed* (lasted a few seconds, so the
  natural pauses of a dialogue never flip anything), when it reaches the
  warning threshold (stamped with the exact moment: gap start + threshold) and
  when it ends, with its start, end and whether it reached the warning.

Times are the audio's own timestamps (seconds on the caller's monotonic clock):
the tracker never reads a clock, so a file can be analysed at full speed.
Nothing here keeps audio: only levels, decisions and times pass through.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass, field, replace

OPERATOR = "operator"
CLIENT = "client"
STREAMS = (OPERATOR, CLIENT)

SILENT_DBFS = -100.0
"""Level given to digital silence (log of zero)."""

MUTED_DBFS = -80.0
"""A microphone quieter than this for a whole gap is muted, not merely quiet."""


def rms_dbfs(sum_squares: float, count: int) -> float:
    """Level of a frame of float samples in [-1, 1] from its sum of squares."""
    if count <= 0 or sum_squares <= 0.0:
        return SILENT_DBFS
    return max(SILENT_DBFS, 10.0 * math.log10(sum_squares / count))


class EnergyGate:
    """Lets a frame be speech only if loud enough and clearly above the noise floor.

    The noise floor is the quietest frame of the last ``window`` seconds
    (minimum statistics): speech always has quiet moments between syllables, so
    the floor stays at the background's level while someone talks, and a steady
    noise (hiss, a 300 Hz hum) lifts the floor to itself within ``window``.
    """

    def __init__(self, min_dbfs: float = -45.0, above_floor_db: float = 10.0, window: float = 2.0,
                 stay_above_db: float = 3.0) -> None:  # fmt: skip
        self.min_dbfs = min_dbfs
        self.above_floor_db = above_floor_db
        self.stay_above_db = stay_above_db
        """Once open, the gate stays open down to this far above the floor (a word's quiet tail over a hum)."""
        self.open = False
        self.window = window
        self._block = 0.1  # seconds per block of the minimum's ring
        self._blocks: deque[float] = deque()
        self._current = math.inf
        self._current_len = 0.0

    @property
    def floor(self) -> float:
        values = list(self._blocks)
        if self._current_len > 0:
            values.append(self._current)
        return min(values) if values else SILENT_DBFS

    def passes(self, level: float, duration: float) -> bool:
        """Feed one frame's level (dBFS) and length (s); True if it may be speech."""
        self._current = min(self._current, level)
        self._current_len += duration
        floor = self.floor
        if self._current_len >= self._block - 1e-9:
            self._blocks.append(self._current)
            while len(self._blocks) * self._block > self.window + 1e-9:
                self._blocks.popleft()
            self._current, self._current_len = math.inf, 0.0
        margin = self.stay_above_db if self.open else self.above_floor_db
        self.open = level > self.min_dbfs and level >= floor + margin
        return self.open


class StreamVoice:
    """One stream's speech state: speech counts only after ``min_speech`` seconds of it
    (unless it follows confirmed speech within ``bridge`` seconds: the same utterance).

    ``hangover`` keeps a stream speaking that long after its last speech frame
    (a word's quiet tail is still the word).
    """

    def __init__(self, min_speech: float = 0.1, hangover: float = 0.1, start: float = 0.0, bridge: float = 0.3) -> None:
        self.min_speech = min_speech
        self.hangover = hangover
        self.bridge = bridge
        """Speech within this long after confirmed speech continues it at once (a word's last syllable)."""
        self._run_start: float | None = None
        self._confirmed = False
        self._bridge_until = -math.inf
        self.last_speech_end: float = start
        """End of the last confirmed speech (plus hangover): silence on this stream runs from here."""
        self.speaking = False
        self.heard = False
        """Confirmed speech came at least once (silence before it is not a pause in a conversation)."""
        self.loudest_since_speech = SILENT_DBFS

    def feed(self, start: float, end: float, speech: bool, level: float = SILENT_DBFS) -> float | None:
        """One frame ``[start, end)``; returns the onset time when confirmed speech begins."""
        onset = None
        if speech:
            if self._run_start is None:
                self._run_start = start
            continues = start <= self._bridge_until + 1e-9
            if not self._confirmed and (continues or end - self._run_start >= self.min_speech - 1e-9):
                self._confirmed = True
                if not self.speaking:
                    onset = self._run_start
            if self._confirmed:
                self.speaking = self.heard = True
                self.last_speech_end = end + self.hangover
                self._bridge_until = end + self.bridge
                self.loudest_since_speech = SILENT_DBFS
        else:
            self._run_start = None
            self._confirmed = False
            if self.speaking and end >= self.last_speech_end - 1e-9:
                self.speaking = False
            if not self.speaking:
                self.loudest_since_speech = max(self.loudest_since_speech, level)
        return onset


@dataclass(frozen=True)
class Episode:
    """One stretch of dead air."""

    start: float
    end: float | None
    """None while it lasts."""
    threshold: float
    operator_muted: bool = False
    """The operator's microphone gave no signal at all during it (muted rather than on hold)."""
    spoken: bool = True
    """Someone spoke before it: it began when speech ended, not when listening began."""

    @property
    def duration(self) -> float | None:
        return None if self.end is None else self.end - self.start

    @property
    def warned(self) -> bool:
        """It reached the warning threshold (the warning was due at ``warn_at``)."""
        return self.end is not None and self.end - self.start >= self.threshold - 1e-9

    @property
    def warn_at(self) -> float:
        return self.start + self.threshold


@dataclass(frozen=True)
class TrackerEvent:
    kind: str
    """``confirmed`` (dead air lasted ``confirm`` s), ``warning`` (reached the threshold),
    ``ended`` (someone spoke again) — ``ended`` only for confirmed episodes."""
    at: float
    """The exact moment: confirmed at start + confirm, warning at start + threshold, ended at speech onset."""
    episode: Episode


@dataclass
class DeadAirTracker:
    """Dead air over the two streams, fed frame by frame (streams in any order, times rising).

    ``threshold``: the silence warning (settings' ``timers.silence_warning``).
    ``confirm``: dead air must last this long to be an episode at all.
    """

    threshold: float = 10.0
    confirm: float = 4.0
    start: float = 0.0
    min_speech: float = 0.1
    hangover: float = 0.1
    streams: dict[str, StreamVoice] = field(init=False)
    episodes: list[Episode] = field(init=False, default_factory=list)
    """Finished confirmed episodes, oldest first."""

    def __post_init__(self) -> None:
        self.streams = {name: StreamVoice(self.min_speech, self.hangover, self.start) for name in STREAMS}
        self._now = self.start
        self._open: Episode | None = None
        self._warned = False
        self._times: dict[str, float] = dict.fromkeys(STREAMS, self.start)

    def reset(self, start: float) -> None:
        """Forget everything (a new call): silence is counted from ``start``."""
        self.start = start
        self.episodes = []
        self.__post_init__()

    @property
    def gap_start(self) -> float | None:
        """Start of the current silence on both streams, or None while someone speaks."""
        if any(s.speaking for s in self.streams.values()):
            return None
        return max(s.last_speech_end for s in self.streams.values())

    @property
    def current(self) -> Episode | None:
        """The confirmed episode under way."""
        return self._open

    def feed(self, stream: str, start: float, end: float, speech: bool, level: float = SILENT_DBFS) -> list[TrackerEvent]:
        voice = self.streams[stream]
        onset = voice.feed(start, end, speech, level)
        self._times[stream] = end
        events: list[TrackerEvent] = []
        if onset is not None and self._open is not None:
            end = max(onset, self._open.start)
            episode = replace(self._open, end=end)
            if not self._warned and episode.warned:  # the warning was due before the speech began
                events.append(TrackerEvent("warning", episode.warn_at, episode))
            self.episodes.append(episode)
            events.append(TrackerEvent("ended", end, episode))
            self._open, self._warned = None, False
        # Both streams are known up to the slower one's time.
        now = min(self._times.values())
        if now > self._now:
            self._now = now
        gap = self.gap_start
        if gap is None or self._now <= gap:
            return events
        muted = self.streams[OPERATOR].loudest_since_speech < MUTED_DBFS
        spoken = any(s.heard for s in self.streams.values())
        if self._open is None and self._now - gap >= self.confirm - 1e-9:
            self._open = Episode(gap, None, self.threshold, muted, spoken)
            events.append(TrackerEvent("confirmed", gap + self.confirm, self._open))
        if self._open is not None and not self._warned and self._now - gap >= self.threshold - 1e-9:
            self._warned = True
            self._open = Episode(gap, None, self.threshold, muted, spoken)
            events.append(TrackerEvent("warning", gap + self.threshold, self._open))
        return events

    def finish(self, end: float | None = None) -> list[TrackerEvent]:
        """The audio ended: close a confirmed episode under way at ``end`` (default: last frame time)."""
        end = self._now if end is None else end
        events: list[TrackerEvent] = []
        gap = self.gap_start
        if self._open is None and gap is not None and end - gap >= self.confirm - 1e-9:
            self._open = Episode(gap, None, self.threshold, spoken=any(s.heard for s in self.streams.values()))
        if self._open is not None:
            episode = replace(self._open, end=end)
            if not self._warned and episode.warned:
                events.append(TrackerEvent("warning", episode.warn_at, episode))
            self.episodes.append(episode)
            events.append(TrackerEvent("ended", end, episode))
            self._open, self._warned = None, False
        return events
