"""The team's standard comes to this PC (issue 24): fetched, checked, stored. No Qt; never on the GUI thread.

:func:`fetch_standard` is one round (``team-sync`` runs it, and so does the window's worker):
``GET /v1/standard`` with ``If-None-Match``, so an unchanged standard costs a 304; a new one is
checked with the app's validators and stored as the copy in force (core/standard_store.py), a bad
one is refused and the copy in force stays.

:class:`StandardWatch` runs rounds on a thread of its own: at start, every ``interval`` seconds,
and at once when the server says on the operator's own stream (``/v1/stream``, docs/development.md
«The live channel») that a version was published. What a round brought is handed to ``on_result``
on that thread; the window applies it between calls (ui/team/standard_sync.py).
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..core.standard import TeamStandard
from ..core.standard_store import StandardStore
from ..core.yamlio import Problem
from .client import DEFAULT_TIMEOUT, NotModified, TeamClient, TeamConfig, TeamError
from .live_client import StreamSubscriber

log = logging.getLogger(__name__)

INTERVAL_S = 60.0


@dataclass(frozen=True)
class Fetched:
    outcome: str
    """``new`` (another version stored), ``same``, ``none`` (the team has none published), ``refused``
    (the download failed the checks; the copy in force stays), ``unavailable`` (no answer)."""
    standard: TeamStandard | None
    """The copy in force after the round (None: the bundled standard)."""
    problems: list[Problem] = field(default_factory=list)
    """Why a download was refused (file:line), or the warnings of one stored."""
    error: str = ""
    """``unavailable``: why, in Russian."""


def fetch_standard(config: TeamConfig, data_dir: str | Path, timeout: float = DEFAULT_TIMEOUT) -> Fetched:
    """One round; nothing on the PC changes unless a new version passed the checks."""
    store = StandardStore(data_dir)
    server = config.server_key
    current, damage = store.current(server)
    if damage and current is None:
        store.clear()  # a damaged copy: no ETag, so the next answer is the standard whole
    etag = store.etag(server) if current is not None else None
    try:
        answer = TeamClient(config, timeout).standard(etag)
    except NotModified:
        return Fetched("same", current)
    except TeamError as exc:  # a refused token too: the shipper's round says how to enrol again
        return Fetched("unavailable", current, error=str(exc))
    if answer.get("version") is None:
        store.clear()
        return Fetched("none", None)
    standard, problems = store.save(answer, server)
    if standard is None:
        return Fetched("refused", current, problems)
    changed = current is None or current.version != standard.version
    return Fetched("new" if changed else "same", standard, problems)


class StandardWatch:
    """Rounds of :func:`fetch_standard` on a worker thread, woken by the server's ``standard`` event."""

    def __init__(self, data_dir: str | Path, config: Callable[[], TeamConfig | None], on_result: Callable[[Fetched], None],
                 *, interval: float = INTERVAL_S, timeout: float = DEFAULT_TIMEOUT, stream: bool = True) -> None:  # fmt: skip
        self.data_dir = Path(data_dir)
        self._config = config
        self._on_result = on_result
        self.interval = interval
        self.timeout = timeout
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._stream = stream
        self.subscriber: StreamSubscriber | None = None
        self._subscribing = threading.Lock()
        """Held while the worker makes and starts the subscriber, and while ``stop`` takes it: a stop in
        between would find a subscriber not started yet, or miss one started just after it."""
        self.rounds = 0

    def start(self) -> None:
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="team-standard", daemon=True)
        self._thread.start()

    def wake(self) -> None:
        self._wake.set()

    def stop(self, timeout: float = 3.0) -> None:
        self._stop.set()
        self._wake.set()
        with self._subscribing:
            subscriber, self.subscriber = self.subscriber, None
        if subscriber is not None:
            subscriber.stop(timeout)
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def _run(self) -> None:
        while not self._stop.is_set():
            self._wake.clear()
            config = self._config()
            if config is not None:
                self._round(config)
                if self._stream:
                    self._subscribe(config)
            self._wake.wait(self.interval)

    def _subscribe(self, config: TeamConfig) -> None:
        with self._subscribing:
            if self.subscriber is None and not self._stop.is_set():
                self.subscriber = StreamSubscriber(config, "/v1/stream", self._heard)
                self.subscriber.start()

    def _round(self, config: TeamConfig) -> None:
        try:
            result = fetch_standard(config, self.data_dir, self.timeout)
        except OSError as exc:  # the data folder: read-only, full
            log.warning("team standard not stored: %s", exc)
            result = Fetched("unavailable", None, error=str(exc))
        self.rounds += 1
        if self._stop.is_set():
            return
        try:
            self._on_result(result)
        except Exception:  # noqa: BLE001 - a listener's bug must not end the rounds
            log.exception("team standard listener failed")

    def _heard(self, event: str, data: dict) -> None:
        """The operator's stream (its thread): a version other than the stored one wakes a round."""
        if event == "snapshot":
            data = data.get("standard") or {}
        elif event != "standard":
            return
        version = data.get("version") if isinstance(data, dict) else None
        manifest = StandardStore(self.data_dir).manifest()
        if version != (manifest or {}).get("version"):
            self.wake()
