"""Listening to the operator's own words: the microphone and the voice gate on one thread, recognition on another.

The capture thread reads the microphone and cuts utterances (:mod:`.segmenter`); the
recognition thread, at a low priority, loads the recogniser and turns each utterance into
text. Between them a queue of :attr:`SpeechListener.queue_size` utterances: when recognition
falls behind, the oldest waiting utterance is dropped and counted (:attr:`SpeechListener.dropped`,
``on_dropped``), never queued without bound. Reports come through callbacks on those threads
(a Qt bridge queues them to the GUI): ``on_heard`` (an utterance's times and text), ``on_progress``
(every utterance that ended before this time has been delivered or dropped), ``on_status``.
Nothing is stored: an utterance's audio is forgotten once recognised. :func:`check_file` runs the
same gate and recogniser over a file at full speed, synchronously.
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from dataclasses import dataclass
from typing import Callable

from ..audio.sources import AudioSourceError
from ..core.clock import Clock, FakeClock, MonotonicClock
from ..i18n import translate
from . import SAMPLE_RATE
from .microphone import Microphone, read_operator_wav
from .recognisers import Recogniser, RecogniserError, lower_priority
from .segmenter import Segmenter, Utterance

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Heard:
    start: float
    end: float
    """The clock's times of the utterance's first and last speech."""
    text: str
    ready: float
    """When the text was ready (``ready - end``: the latency after the sentence ended)."""


@dataclass(frozen=True)
class Status:
    state: str
    """``loading`` (the model), ``listening``, ``missing`` (no microphone; retrying), ``lost`` (it went; retrying),
    ``ended`` (a file played out), ``failed`` (the recogniser cannot run), ``stopped``."""
    message: str = ""
    """Russian, for a notice."""


class SpeechListener:
    queue_size = 2
    progress_every = 0.5
    """Seconds of audio between progress reports while nothing else happens."""

    def __init__(
        self,
        make_mic: Callable[[], Microphone],
        recogniser: Recogniser,
        clock: Clock | None = None,
        on_heard: Callable[[Heard], None] = lambda heard: None,
        on_progress: Callable[[float], None] = lambda until: None,
        on_status: Callable[[Status], None] = lambda status: None,
        on_dropped: Callable[[float, float], None] = lambda start, end: None,
        retry: float = 2.0,
        block: int = 1600,
        make_segmenter: Callable[[float], Segmenter] = Segmenter,
    ) -> None:
        self.make_mic = make_mic
        self.recogniser = recogniser
        self.clock = clock or MonotonicClock()
        self.on_heard, self.on_progress, self.on_status, self.on_dropped = on_heard, on_progress, on_status, on_dropped
        self.retry = retry
        self.block = block
        self.make_segmenter = make_segmenter
        self.dropped = 0
        self.recognised = 0
        self.status = Status("stopped")
        self.segmenter: Segmenter | None = None
        """The capture thread's (the bench reads where its audio started)."""
        self._stop = threading.Event()
        self._ready = threading.Event()
        """The recogniser is loaded (or failed): a file source starts only then."""
        self._lock = threading.Condition()
        self._queue: deque[Utterance] = deque()
        self._busy: Utterance | None = None
        self._reported = float("-inf")
        self._reporting = threading.Lock()
        """Progress reports one at a time, in order."""
        self._audio_until: float | None = None
        """The capture's word on its audio (under ``_lock``, set after the utterances it finished are queued):
        the open utterance's start while one is open, else the end of the audio fed."""
        self._capture_done = False
        self._threads: list[threading.Thread] = []

    # --- thread control --------------------------------------------------------

    def start(self) -> None:
        if self.running:
            return
        self._stop.clear()
        self._threads = [
            threading.Thread(target=self._recognise, name="speech-recognition", daemon=True),
            threading.Thread(target=self._capture, name="speech-capture", daemon=True),
        ]
        for thread in self._threads:
            thread.start()

    def stop(self, timeout: float = 2.0) -> None:
        self._stop.set()
        with self._lock:
            self._lock.notify_all()
        threads, self._threads = self._threads, []
        for thread in threads:
            if thread is not threading.current_thread():
                thread.join(timeout)

    @property
    def running(self) -> bool:
        return any(thread.is_alive() for thread in self._threads)

    def wait(self, timeout: float | None = None) -> bool:
        """Until both threads end (a file played out and recognised, or stopped); True when they did."""
        for thread in list(self._threads):
            thread.join(timeout)
        return not self.running

    def _set_status(self, state: str, message: str = "") -> None:
        status = Status(state, message)
        if status != self.status:
            self.status = status
            self.on_status(status)

    # --- recognition -------------------------------------------------------------

    def _recognise(self) -> None:
        lower_priority()
        self._set_status("loading")
        try:
            self.recogniser.load()
        except RecogniserError as exc:
            self._set_status("failed", str(exc))
            self._stop.set()
            return
        except Exception as exc:  # a plugin's bug: the window stays up
            log.exception("speech recogniser %s failed to load", self.recogniser.name)
            self._set_status("failed", translate("speech", "распознаватель не загружается: {error}").format(error=type(exc).__name__))
            self._stop.set()
            return
        finally:
            self._ready.set()
        if self.status.state == "loading":
            self._set_status("listening")
        try:
            while True:
                with self._lock:
                    while not self._queue and not self._stop.is_set() and not self._capture_done:
                        self._lock.wait(0.5)
                    if not self._queue:
                        if self._stop.is_set() or self._capture_done:
                            return
                        continue
                    utterance = self._busy = self._queue.popleft()
                try:
                    text = self.recogniser.transcribe(utterance.audio)
                except Exception as exc:  # one bad utterance: counted as dropped, listening goes on
                    log.warning("speech recognition failed on an utterance: %s", type(exc).__name__)
                    text = None
                # Delivered while still «busy»: no progress report can pass it before it has come.
                if text is None:
                    self.on_dropped(utterance.start, utterance.end)
                else:
                    self.on_heard(Heard(utterance.start, utterance.end, text, self.clock.now()))
                with self._lock:
                    self._busy = None
                    if text is None:
                        self.dropped += 1
                    else:
                        self.recognised += 1
                self._progress(force=True)
        finally:
            self.recogniser.close()

    # --- capture -------------------------------------------------------------------

    def _capture(self) -> None:
        self._capture_done = False
        try:
            self._ready.wait()
            lost = False
            while not self._stop.is_set():
                mic = self.make_mic()
                try:
                    mic.open()
                except AudioSourceError as exc:
                    self._set_status("lost" if lost else "missing", str(exc))
                    self._stop.wait(self.retry)
                    continue
                try:
                    if self._listen(mic):
                        return
                except AudioSourceError as exc:
                    lost = True
                    self._set_status("lost", str(exc))
                    self._stop.wait(self.retry)
                except Exception as exc:  # a bug must not take the window down; retry like a lost device
                    log.exception("speech capture failed")
                    lost = True
                    self._set_status("lost", translate("speech", "сбой при обработке звука: {error}").format(error=type(exc).__name__))
                    self._stop.wait(self.retry)
                finally:
                    mic.close()
        finally:
            with self._lock:
                self._capture_done = True
                self._lock.notify_all()
            if self.status.state not in ("failed", "ended"):
                self._set_status("stopped")

    def _listen(self, mic: Microphone) -> bool:
        """True when the audio ended (a file)."""
        fake = self.clock if isinstance(self.clock, FakeClock) else None
        start = self.clock.now()
        block = mic.read(self.block)
        if fake is None:  # the first block is the audio just before now
            start = self.clock.now() - len(block) / SAMPLE_RATE
        segmenter = self.segmenter = self.make_segmenter(start)
        if self.status.state not in ("failed",):
            self._set_status("listening")
        while not self._stop.is_set():
            if len(block) == 0:
                for utterance in segmenter.flush():
                    self._put(utterance)
                self._publish(segmenter)
                self._set_status("ended")
                return True
            for utterance in segmenter.feed(block):
                self._put(utterance)
            self._publish(segmenter)
            if fake is not None:  # full speed: the clock follows the audio
                fake.set(max(fake.now(), segmenter.time))
            self._progress()
            block = mic.read(self.block)
        return False

    def _put(self, utterance: Utterance) -> None:
        dropped = None
        with self._lock:
            if len(self._queue) >= self.queue_size:
                dropped = self._queue.popleft()  # the newest words matter most for the checks
                self.dropped += 1
            self._queue.append(utterance)
            self._lock.notify_all()
        if dropped is not None:
            self.on_dropped(dropped.start, dropped.end)

    def _publish(self, segmenter: Segmenter) -> None:
        """The capture thread, once what the segmenter finished is queued: how far its audio goes. The
        segmenter itself is the capture's alone: read from the recognition thread, it could say «not
        speaking» of an utterance it has finished but the capture has not queued yet."""
        with self._lock:
            self._audio_until = segmenter.open_start if segmenter.speaking else segmenter.time

    def _progress(self, force: bool = False) -> None:
        """Reports the time up to which every finished utterance has been delivered (or dropped)."""
        with self._reporting:
            with self._lock:
                if self._audio_until is None:
                    return
                waiting = [u.start for u in self._queue] + ([self._busy.start] if self._busy is not None else [])
                until = min([*waiting, self._audio_until])
            if until > self._reported and (force or until - self._reported >= self.progress_every):
                self._reported = until
                self.on_progress(until)


def check_file(path, recogniser: Recogniser, make_segmenter: Callable[[float], Segmenter] = Segmenter) -> list[Heard]:
    """The utterances of a WAV's operator channel, recognised at full speed (times from the file's start).

    ``recogniser``: loaded (:meth:`Recogniser.load`). Raises AudioSourceError (a bad file) or RecogniserError.
    """
    audio = read_operator_wav(path)
    segmenter = make_segmenter(0.0)
    utterances = segmenter.feed(audio) + segmenter.flush()
    return [Heard(u.start, u.end, recogniser.transcribe(u.audio), u.end) for u in utterances]
