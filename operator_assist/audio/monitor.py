"""The listening loop: a source, two detectors, the tracker, on a thread of its own.

It reports through three callbacks (called on its thread; the Qt bridge queues
them to the GUI): tracker events, levels (about 10 a second) and status
changes. A missing or lost device is reported and retried every ``retry``
seconds until :meth:`stop`. The loop can also run synchronously at full speed
over a file with a fake clock (``operator-assist dead-air``, tests, bench).
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from typing import Callable

from ..core.clock import Clock, FakeClock, MonotonicClock
from ..core.dead_air import Episode, TrackerEvent
from ..core.own_sounds import OwnSounds
from ..i18n import translate
from . import SAMPLE_RATE
from .analyser import Analyser, Levels
from .detectors import DetectorError
from .sources import AudioSource, AudioSourceError, FileAudioSource

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Status:
    state: str
    """``listening``, ``missing`` (cannot open; retrying), ``lost`` (was listening; retrying),
    ``ended`` (a file played to its end), ``stopped``, ``failed`` (cannot run at all: no detector)."""
    message: str = ""
    """Russian, for a notice."""


class AudioMonitor:
    def __init__(
        self,
        make_source: Callable[[], AudioSource],
        detector: str | None = None,
        clock: Clock | None = None,
        threshold: float = 10.0,
        confirm: float = 4.0,
        on_event: Callable[[TrackerEvent], None] = lambda e: None,
        on_levels: Callable[[Levels], None] = lambda levels: None,
        on_status: Callable[[Status], None] = lambda s: None,
        retry: float = 2.0,
        block: int = 1600,
        own_sounds: OwnSounds | None = None,
    ) -> None:
        self.make_source = make_source
        self.detector = detector
        self.clock = clock or MonotonicClock()
        self.threshold = threshold
        self.confirm = confirm
        self.on_event, self.on_levels, self.on_status = on_event, on_levels, on_status
        self.retry = retry
        self.block = block
        self.own_sounds = own_sounds
        """The app's own sounds: never speech (see core/own_sounds.py)."""
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.analyser: Analyser | None = None
        self.status = Status("stopped")

    # --- thread control --------------------------------------------------------

    def start(self) -> None:
        if self._thread is not None and self._thread.is_alive():
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self.run, name="audio-monitor", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 2.0) -> None:
        self._stop.set()
        thread, self._thread = self._thread, None
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def _set_status(self, state: str, message: str = "") -> None:
        status = Status(state, message)
        if status != self.status:
            self.status = status
            self.on_status(status)

    # --- the loop --------------------------------------------------------------

    def run(self) -> None:
        """Listen until stopped (or until a file source ends)."""
        lost = False
        while not self._stop.is_set():
            try:
                source = self.make_source()
                source.open()
            except AudioSourceError as exc:
                self._set_status("lost" if lost else "missing", str(exc))
                self._stop.wait(self.retry)
                continue
            try:
                self._listen(source)
                if self.status.state != "ended":
                    self._set_status("stopped")
                return
            except DetectorError as exc:
                self._set_status("failed", str(exc))
                return
            except AudioSourceError as exc:
                lost = True
                self._set_status("lost", str(exc))
                self._stop.wait(self.retry)
            except Exception as exc:  # a bug must not take the window down; retry like a lost device
                log.exception("audio monitor failed")
                lost = True
                self._set_status("lost", translate("audio", "сбой при обработке звука: {exc}").format(exc=exc))
                self._stop.wait(self.retry)
            finally:
                source.close()
        self._set_status("stopped")

    def _listen(self, source: AudioSource) -> None:
        fake = self.clock if isinstance(self.clock, FakeClock) else None
        start = self.clock.now()
        operator, client = source.read(self.block)
        if fake is None:
            # A device's first block can take a while (a sleeping sink wakes up): its audio is the last
            # ``block`` samples before now, and every later sample is counted from there.
            start = self.clock.now() - min(len(operator), len(client)) / SAMPLE_RATE
        analyser = self.analyser = Analyser(self.detector, start, self.threshold, self.confirm, self.own_sounds)
        self._set_status("listening")
        levels_every = SAMPLE_RATE // 10
        since_levels = 0
        first = True
        while not self._stop.is_set():
            if not first:
                operator, client = source.read(self.block)
            first = False
            n = min(len(operator), len(client))
            if n == 0:
                for event in analyser.finish():
                    self.on_event(event)
                self._set_status("ended")
                self._stop.set()
                return
            operator, client = operator[:n], client[:n]
            for event in analyser.feed(operator, client):
                self.on_event(event)
            if fake is not None:  # full speed: the clock follows the audio
                fake.set(max(fake.now(), analyser.time))
            since_levels += n
            if since_levels >= levels_every:
                since_levels = 0
                self.on_levels(analyser.levels(operator, client))


@dataclass(frozen=True)
class FileResult:
    episodes: list[Episode]
    """Confirmed dead-air episodes (at least ``confirm`` long), oldest first."""
    warnings: list[float]
    """Times the warning was raised (seconds from the file's start)."""
    duration: float


def analyse_file(path, detector: str | None = None, threshold: float = 10.0, confirm: float = 4.0) -> FileResult:
    """Run the real loop over a two-channel WAV at full speed with a fake clock starting at 0.

    Raises AudioSourceError (bad file) or DetectorError.
    """
    clock = FakeClock(start=0.0)
    warnings: list[float] = []
    statuses: list[Status] = []

    def on_event(event: TrackerEvent) -> None:
        if event.kind == "warning":
            warnings.append(event.at)

    def make_source() -> AudioSource:
        return FileAudioSource(str(path), realtime=False)

    # The file is opened once here so a bad file is an error, not an endless retry.
    make_source().open()
    monitor = AudioMonitor(make_source, detector, clock, threshold, confirm, on_event, on_status=statuses.append,
                           block=4800)  # fmt: skip
    monitor.run()
    if statuses and statuses[-1].state == "failed":
        raise DetectorError(statuses[-1].message)
    analyser = monitor.analyser
    assert analyser is not None
    return FileResult(list(analyser.tracker.episodes), warnings, analyser.time)
