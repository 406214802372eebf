"""Polling an offer source off the GUI thread, with a timeout."""

from __future__ import annotations

import logging
import threading
from typing import Any, Callable

from ..core.clock import Clock, MonotonicClock
from ..core.offer_sources import OfferContext, OfferSource, OfferSourceError, OfferSourceTimeout, PollResult

log = logging.getLogger(__name__)


class OfferPoller:
    """Fetches from a source on background threads, with a timeout.

    ``on_result`` is called from a background thread: a UI must hand the result
    over to its own thread. A fetch that hangs past ``source.timeout`` is
    reported as an error; while it is still hanging no second fetch starts (so
    threads never pile up), and its late answer is dropped.
    """

    def __init__(
        self,
        source: OfferSource,
        context: Callable[[], OfferContext],
        on_result: Callable[[PollResult], None],
        clock: Clock | None = None,
    ) -> None:
        self.source = source
        self.context = context
        self.on_result = on_result
        self.clock = clock or MonotonicClock()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._hung: threading.Thread | None = None
        self._loop: threading.Thread | None = None
        self.failing: str | None = None
        """The error of the current run of failures (None while the source answers)."""

    def start(self) -> None:
        self._loop = threading.Thread(target=self._run, name="offer-poller", daemon=True)
        self._loop.start()

    def request(self) -> None:
        """Fetch now (a call started, the context changed)."""
        self._wake.set()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._loop is not None:
            self._loop.join(timeout=1.0)  # the loop never waits on a hung fetch for longer than its timeout
        self.source.close()

    def _run(self) -> None:
        self.poll_once()
        while not self._stop.is_set():
            self._wake.wait(self.source.interval)
            self._wake.clear()
            if not self._stop.is_set():
                self.poll_once()

    def poll_once(self) -> PollResult:
        timeout = self.source.timeout
        if self._hung is not None and self._hung.is_alive():
            result = PollResult(None, f"no answer within {timeout:g} s", self.clock.now())
            self._note(result)
            self._deliver(result)
            return result
        box: dict[str, Any] = {}
        context = self.context()

        def fetch() -> None:
            try:
                box["offer"] = self.source.fetch(context)
            except OfferSourceTimeout:  # it may beat join(timeout) by a hair: one hang, one report
                box["error"] = f"no answer within {timeout:g} s"
            except OfferSourceError as exc:
                box["error"] = f"OfferSourceError: {exc}"
            except Exception as exc:  # a plugin's bug is its problem, not the operator's
                if self.failing is None:  # the traceback once per run of failures
                    log.warning("offer source %s failed", self.source.name, exc_info=True)
                box["error"] = f"{type(exc).__name__}: {exc}"

        worker = threading.Thread(target=fetch, name="offer-fetch", daemon=True)
        worker.start()
        worker.join(timeout)
        if worker.is_alive():
            self._hung = worker
            result = PollResult(None, f"no answer within {timeout:g} s", self.clock.now())
        else:
            self._hung = None
            result = PollResult(box.get("offer"), box.get("error"), self.clock.now())
        self._note(result)
        self._deliver(result)
        return result

    def _note(self, result: PollResult) -> None:
        """Logs when the source starts failing and when it recovers, not every poll (a file is read each second)."""
        if result.error and self.failing is None:
            log.warning("offer source %s unavailable: %s", self.source.name, result.error)
        elif not result.error and self.failing is not None:
            log.info("offer source %s answers again", self.source.name)
        self.failing = result.error

    def _deliver(self, result: PollResult) -> None:
        try:
            self.on_result(result)
        except Exception:
            log.exception("offer result handler failed")
