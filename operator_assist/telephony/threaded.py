"""The base of the call sources that keep a connection to their telephony on a thread of their own."""

from __future__ import annotations

import logging
import threading

from ..core.call_sources import NOT_CONNECTED, CallSource, EventHandler, StatusHandler, TelephonyConfig
from ..core.clock import Clock
from ..messages import say

log = logging.getLogger(__name__)

READ_SIZE = 65536
FLOOD_PAUSE_S = 0.001


class LoginRefused(Exception):
    """The telephony answered and refused us (a wrong user or secret): ``str()`` is its reason."""


class ThreadedCallSource(CallSource):
    """A source with a connection loop on its own thread: connect, serve until the link drops,
    wait (backoff 0.5 s doubling up to ``max_backoff``), connect again. A refused login is
    said as such and tried again much less often (``first_refused_backoff`` doubling up to
    ``max_refused_backoff``): the secret will not fix itself, and a PBX may lock the user."""

    first_backoff = 0.5
    max_backoff = 10.0
    first_refused_backoff = 30.0
    max_refused_backoff = 600.0

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
        refused_backoff = self.first_refused_backoff
        last_error = None
        while not self._stop.is_set():
            refused = None
            try:
                served = self.serve()
            except LoginRefused as exc:
                served, refused = False, str(exc)
                error = f"login refused: {exc}"
                log.log(logging.DEBUG if error == last_error else logging.WARNING, "call source %s: %s", self.name, error)
                last_error = error
            except Exception as exc:  # OSError, a protocol error, a bug: the link is down either way
                served = False
                error = f"{type(exc).__name__}: {exc}"
                if not self._stop.is_set():  # once per kind of failure, not once per retry
                    log.log(logging.DEBUG if error == last_error else logging.WARNING, "call source %s: %s", self.name, error)
                last_error = error
            if self._stop.is_set():
                break
            if served:
                backoff, refused_backoff = self.first_backoff, self.first_refused_backoff
                last_error = None
            if refused is not None:
                wait = refused_backoff
                refused_backoff = min(refused_backoff * 2, self.max_refused_backoff)
                self._set_status(say("call_sources.refused", label=self.label, reason=refused, backoff=wait), False)
            else:
                wait = backoff
                backoff = min(backoff * 2, self.max_backoff)
                self._set_status(say("call_sources.retrying", label=self.label, backoff=wait), False)
            self._stop.wait(wait)
        self._set_status(say(NOT_CONNECTED), False)

    def read(self, sock) -> bytes:
        """The next bytes from the link. A full read means more is waiting (a flood): the thread
        then pauses a moment, so the GUI thread is never kept from Python's interpreter lock."""
        data = sock.recv(READ_SIZE)
        if len(data) == READ_SIZE:
            self._stop.wait(FLOOD_PAUSE_S)
        return data

    def serve(self) -> bool:
        """Connect and handle the link until it drops. True when it was up (the backoff starts over)."""
        raise NotImplementedError

    def _interrupt(self) -> None:
        """Wake ``serve`` (close its socket) so stop() does not wait for a read timeout."""
