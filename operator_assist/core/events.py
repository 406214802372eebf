"""Events the core emits, and a tiny observer to deliver them.

Subscribers (journal, phrase panel, offer indicator, practice scoring) get
plain :class:`Event` objects; there are no Qt signals in the core.
"""

from __future__ import annotations

import enum
import logging
from dataclasses import dataclass, field
from typing import Any, Callable

log = logging.getLogger(__name__)


class EventKind(str, enum.Enum):
    CALL_STARTED = "call_started"
    CALL_ENDED = "call_ended"
    CALL_INTERRUPTED = "call_interrupted"
    """Written by the journal, not the engine: a call cut short (crash, quit mid-call, a new call)."""
    LOOKUP_STARTED = "lookup_started"
    LOOKUP_ENDED = "lookup_ended"
    SILENCE_WARNING = "silence_warning"
    HOLD_STARTED = "hold_started"
    HOLD_PREWARNING = "hold_prewarning"
    HOLD_LIMIT_REACHED = "hold_limit_reached"
    HOLD_ENDED = "hold_ended"
    PEER_HOLD_STARTED = "peer_hold_started"
    PEER_HOLD_ENDED = "peer_hold_ended"
    ROLE_CHANGED = "role_changed"
    PHRASE_COPIED = "phrase_copied"
    SERVICE_REQUEST_REGISTERED = "service_request_registered"
    SERVICE_REQUEST_WITHDRAWN = "service_request_withdrawn"
    """A mistaken registration undone within the call: the registration before it does not count."""
    OFFER_SHOWN = "offer_shown"
    OFFER_SUPPRESSED = "offer_suppressed"
    OFFER_OUTCOME = "offer_outcome"
    OFFER_SOURCE_FAILED = "offer_source_failed"
    DEAD_AIR = "dead_air"
    """Heard from the call's audio: both sides silent for a while (duration, whether it reached the warning)."""
    CALL_HEARTBEAT = "call_heartbeat"
    """Every few seconds of a call: bounds what a kill or a power cut can lose."""
    SPEECH_CHECK = "speech_check"
    """Heard from the operator's own words: a moment's check (hold phrase, thanks, summary, farewell) met or missed."""
    FORBIDDEN_WORD = "forbidden_word"
    """Heard from the operator's own words: a word of the speak-correctly tables (its entry's id, never the words)."""
    PHRASE_HEARD = "phrase_heard"
    """A practice's phrase said aloud (the score card's, in memory): the app never puts it on the bus."""


ORIGINS = ("window", "hotkey", "telephony", "audio", "demo", "shutdown")
"""Where an operator action came from; journaled with each of its events."""


@dataclass(frozen=True)
class Event:
    kind: EventKind
    at: float
    """Monotonic time the event happened (a threshold's exact time, not when it was noticed)."""
    wall: float
    """Unix time of ``at``."""
    call_id: str | None = None
    data: dict[str, Any] = field(default_factory=dict)


Subscriber = Callable[[Event], None]


class EventBus:
    """Delivers each event to every subscriber, in subscription order.

    A subscriber that raises is logged and skipped: one broken listener (say,
    a journal on a full disk) must not stop the timer or the other listeners.
    """

    def __init__(self) -> None:
        self._subscribers: list[Subscriber] = []

    def subscribe(self, subscriber: Subscriber, first: bool = False) -> Callable[[], None]:
        """``first``: hear each event before the others (to add events that belong before it)."""
        if first:
            self._subscribers.insert(0, subscriber)
        else:
            self._subscribers.append(subscriber)

        def unsubscribe() -> None:
            if subscriber in self._subscribers:
                self._subscribers.remove(subscriber)

        return unsubscribe

    def emit(self, event: Event) -> None:
        for subscriber in list(self._subscribers):
            try:
                subscriber(event)
            except Exception:
                log.exception("event subscriber %r failed on %s", subscriber, event.kind.value)
