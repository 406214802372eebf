"""The base of the call sources that keep a connection to their telephony on a thread of their own."""

from __future__ import annotations

import logging
import threading

from ..core.call_sources import NOT_CONNECTED, CallSource, EventHandler, StatusHandler, TelephonyConfig
from ..core.clock import Clock
from ..messages import say

log = logging.getLogger(__name__)


class ThreadedCallSource(CallSource):
    """A source with a connection loop on its own thread: connect, serve until the link drops,
    wait (backoff 0.5 s doubling up to ``max_backoff``), connect again."""

    first_backoff = 0.5
    max_backoff = 10.0

    def __init__(self, arg: str | None = None, config: TelephonyConfig | None = None) -> None:
        super().__init__(None, config)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.connects = 0

    def start(self, on_event: EventHandler, on_status: StatusHandler, clock: Clock | None = None) -> None:
        super().start(on_event, on_status, clock)
        self._stop.clear()
        self._thread = threading.Thread(target=self._loop, name=f"call-source-{self.name}", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._interrupt()
        if self._thread is not None:
            self._thread.join(timeout=2.0)

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

    def _loop(self) -> None:
        backoff = self.first_backoff
        last_error = None
        while not self._stop.is_set():
            try:
                served = self.serve()
            except Exception as exc:  # OSError, a protocol error, a bug: the link is down either way
                served = False
                error = f"{type(exc).__name__}: {exc}"
                if not self._stop.is_set():  # once per kind of failure, not once per retry
                    log.log(logging.DEBUG if error == last_error else logging.WARNING, "call source %s: %s", self.name, error)
                last_error = error
            if self._stop.is_set():
                break
            if served:
                backoff = self.first_backoff
                last_error = None
            self._set_status(say("call_sources.retrying", label=self.label, backoff=backoff), False)
            self._stop.wait(backoff)
            backoff = min(backoff * 2, self.max_backoff)
        self._set_status(say(NOT_CONNECTED), False)

    def serve(self) -> bool:
        """Connect and handle the link until it drops. True when it was up (the backoff starts over)."""
        raise NotImplementedError

    def _interrupt(self) -> None:
        """Wake ``serve`` (close its socket) so stop() does not wait for a read timeout."""
