"""«Отличное предложение» within a call: the indicator's state and the outcome (no Qt).

The standard: consult the client, register the service request, then make the
offer — in every call with an active offer, except for a complaint client,
a blocking after a lost phone, or no access to Siebel. The operator marks those
cases with per-call toggles; the offer is then not voiced and is recorded as
not voiced with the reason. Toggles reset when the call ends.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..messages import Said, say
from .clock import Clock
from .events import Event, EventBus, EventKind

if TYPE_CHECKING:  # offer_sources is not on the way to the window when no source is configured
    from .offer_sources import Offer, PollResult

REASONS = ("complaint", "lost_phone", "siebel_down")
REASON_LABELS = {
    "complaint": "offers.reason.complaint",
    "lost_phone": "offers.reason.lost_phone",
    "siebel_down": "offers.reason.siebel_down",
}
OUTCOMES = ("accepted", "declined", "not_voiced")
FINISH_REQUEST_FIRST = "offers.register_request_first"
UNAVAILABLE = "offers.source_unavailable"
NO_TIME = "no_time"
"""The reason code of the «no time» outcome: the call ended before the offer could be voiced."""
AFTER_CALL_KEYS = "offers.after_call_keys"


class OfferError(Said, ValueError):
    """An outcome the standard does not allow now (the UI prevents it; the core insists)."""


@dataclass(frozen=True)
class OfferView:
    kind: str
    """none | offer | suppressed | unavailable | pending (the call ended, its outcome not given)"""
    caption: str
    tooltip: str
    reminder: str = ""
    reasons: tuple[str, ...] = ()
    title: str = ""
    text: str = ""
    decided: str | None = None


@dataclass(frozen=True)
class OfferState:
    """What the offer's views show, read at one moment (the call session hands it out)."""

    view: OfferView
    in_call: bool
    request_registered: bool
    flags: tuple[str, ...]
    pending_title: str | None
    """The offer of the call that just ended without its outcome (asked for after the call)."""
    has_offer: bool
    """A source has an offer now (shown in a call, or waiting for one)."""


def error_words(error: str) -> str:
    """A poll error as the operator reads it: «файл не найден: …», «нет ответа за 2 с»."""
    if error.startswith("no answer within"):
        seconds = error.removeprefix("no answer within").strip().removesuffix("s").strip()
        return say("offers.no_answer_within", seconds=seconds)
    name, sep, message = error.partition(": ")
    if sep and name == "OfferSourceError":
        return message
    return say("offers.source_error", error=error)


def _error_code(error: str) -> str:
    if error.startswith("no answer within"):
        return "timeout"
    return error.split(":", 1)[0]  # the exception class name, never the message (it may quote a URL)


@dataclass(frozen=True)
class PendingOutcome:
    """A call ended with its offer shown and no outcome: the operator may still say what happened."""

    call_id: str
    offer: Offer
    request_registered: bool


class OfferWorkflow:
    def __init__(self, clock: Clock, bus: EventBus, source_name: str = "none") -> None:
        self.clock = clock
        self.bus = bus
        self.source_name = source_name
        self.offer: Offer | None = None
        self.source_error: str | None = None
        self.call_id: str | None = None
        self.pending: PendingOutcome | None = None
        """The call that just ended with its offer shown and no outcome (until the next call starts)."""
        self.ended_call: str | None = None
        """The call that just ended (until the next one starts): the lamp speaks of it, not of the next."""
        self.last_outcome: str | None = None
        """The outcome recorded for :attr:`ended_call`."""
        self._reset_call()
        # First, so a suppressed offer's outcome is recorded before the journal closes the call.
        bus.subscribe(self._on_event, first=True)

    def _reset_call(self) -> None:
        self.flags: list[str] = []
        self.request_registered = False
        self.outcome: str | None = None
        self._shown: set[str] = set()

    @property
    def in_call(self) -> bool:
        return self.call_id is not None

    # --- inputs --------------------------------------------------------------

    def _on_event(self, event: Event) -> None:
        if event.kind is EventKind.CALL_STARTED:
            self.call_id = event.call_id
            self.pending = self.ended_call = self.last_outcome = None  # an outcome never given stays «показано, итог не отмечен»
            self._reset_call()
            self._announce()
        elif event.kind is EventKind.CALL_ENDED and event.call_id is not None and event.call_id == self.call_id:
            if self.offer is not None and self.flags and self.outcome is None:
                self._record(OfferOutcome("not_voiced", self.flags[0]), event.data.get("origin", "window"))
            elif self.offer is not None and self.offer.id in self._shown and self.outcome is None:
                # Ask after the call, never block its end: the outcome may still be recorded for it.
                self.pending = PendingOutcome(event.call_id, self.offer, self.request_registered)
            self.ended_call = self.call_id
            self.last_outcome = self.outcome
            self.call_id = None
            self._reset_call()

    def apply(self, result: PollResult) -> None:
        """A source's answer (on the GUI thread)."""
        if result.error:
            if self.source_error is None:
                self._emit(EventKind.OFFER_SOURCE_FAILED, {"source": self.source_name, "error": _error_code(result.error)})
            self.source_error, self.offer = result.error, None
            return
        self.source_error = None
        self.offer = result.offer
        self._announce()

    def set_offer(self, offer: Offer | None) -> None:
        """An offer set directly (a demo scenario)."""
        from .offer_sources import PollResult

        self.apply(PollResult(offer, None, self.clock.now()))

    def set_flag(self, reason: str, on: bool, origin: str = "window") -> bool:
        if reason not in REASONS:
            raise ValueError(f"unknown reason {reason!r} (known: {', '.join(REASONS)})")
        if not self.in_call or (reason in self.flags) == on:
            return False
        if on:
            self.flags.append(reason)
            self._emit(
                EventKind.OFFER_SUPPRESSED,
                {"offer_id": self.offer.id if self.offer else None, "reason": reason, "origin": origin},
            )
        else:
            self.flags.remove(reason)
        return True

    def register_request(self, origin: str = "window") -> bool:
        if not self.in_call or self.request_registered:
            return False
        self.request_registered = True
        self._emit(EventKind.SERVICE_REQUEST_REGISTERED, {"origin": origin})
        return True

    def unregister_request(self, origin: str = "window") -> bool:
        """Undoes a mistaken «Сервисный запрос зарегистрирован» within the call (journaled as withdrawn)."""
        if not self.in_call or not self.request_registered:
            return False
        if self.outcome in ("accepted", "declined"):
            raise OfferError("offers.request_already_followed")
        self.request_registered = False
        self._emit(EventKind.SERVICE_REQUEST_WITHDRAWN, {"origin": origin})
        return True

    def record_outcome(self, outcome: str, reason: str | None = None, origin: str = "window") -> None:
        """The outcome of this call's offer, or — between calls — of the call that just ended with it open.

        After the call the operator only reports what happened: the request rule was the call's to enforce.
        """
        if outcome not in OUTCOMES:
            raise ValueError(f"unknown outcome {outcome!r}")
        if not self.in_call and self.pending is not None:
            pending, self.pending = self.pending, None
            self.last_outcome = outcome
            self._emit(
                EventKind.OFFER_OUTCOME,
                {"offer_id": pending.offer.id, "outcome": outcome, "reason": reason, "origin": origin},
                call_id=pending.call_id,
            )
            return
        if not self.in_call or self.offer is None:
            raise OfferError("no offer in this call")
        if self.outcome is not None:
            raise OfferError("the outcome of this call's offer is already recorded")
        if outcome != "not_voiced":
            if self.flags:
                raise OfferError(f"the offer must not be voiced: {self.flags[0]}")
            if not self.request_registered:
                raise OfferError("register the service request first")
        self._record(OfferOutcome(outcome, reason or (self.flags[0] if self.flags else None)), origin)

    # --- output ----------------------------------------------------------------

    def state(self) -> OfferState:
        pending = self.pending.offer.title if self.pending is not None else None
        return OfferState(self.view(), self.in_call, self.request_registered, tuple(self.flags), pending,
                          self.offer is not None)  # fmt: skip

    def view(self) -> OfferView:
        if self.pending is not None:
            title = self.pending.offer.title
            return OfferView("pending", say("offers.caption.pending", title=title),
                             say("offers.tooltip.pending", title=title, keys=say(AFTER_CALL_KEYS)))  # fmt: skip
        if self.source_error is not None:
            cause = error_words(self.source_error)
            return OfferView("unavailable", say("offers.caption.unavailable", cause=say(UNAVAILABLE)),
                             say("offers.tooltip.unavailable", cause=cause),
                             reminder=cause)  # fmt: skip
        offer = self.offer
        common: dict[str, Any] = dict(title=offer.title if offer else "", text=offer.text if offer else "", decided=self.outcome)
        if self.flags:
            labels = ", ".join(say(REASON_LABELS[r]) for r in self.flags)
            return OfferView("suppressed", say("offers.caption.suppressed", labels=labels),
                             say("offers.tooltip.suppressed", labels=labels),
                             reasons=tuple(self.flags), **common)  # fmt: skip
        if offer is None:
            return OfferView("none", say("offers.caption.no_offer"), say("offers.tooltip.no_offer"))
        if self.ended_call is not None:  # about the call that just ended, not a promise for the next
            if self.last_outcome is not None:
                return OfferView("none", say("offers.caption.ended_recorded"),
                                 say("offers.tooltip.ended_recorded"), decided=self.last_outcome)  # fmt: skip
            return OfferView("none", say("offers.caption.ended"),
                             say("offers.tooltip.next_call", title=offer.title))  # fmt: skip
        if not self.in_call:  # the lamp is about this call: no blinking between calls
            return OfferView("none", say("offers.caption.before_call"),
                             say("offers.tooltip.before_call", title=offer.title))  # fmt: skip
        if self.outcome is not None:  # done for this call: the lamp goes grey and says so
            return OfferView("none", say("offers.caption.recorded", title=offer.title),
                             say("offers.tooltip.recorded"), **common)  # fmt: skip
        reminder = "" if self.request_registered else say(FINISH_REQUEST_FIRST)
        return OfferView("offer", say("offers.caption.offer", title=offer.title),
                         say("offers.tooltip.offer", title=offer.title),
                         reminder=reminder, **common)  # fmt: skip

    def _announce(self) -> None:
        if self.in_call and self.offer is not None and self.offer.id not in self._shown:
            self._shown.add(self.offer.id)
            self._emit(EventKind.OFFER_SHOWN, {"offer_id": self.offer.id, "source": self.source_name})

    def _record(self, outcome: "OfferOutcome", origin: str = "window") -> None:
        self.outcome = outcome.outcome
        assert self.offer is not None
        self._emit(
            EventKind.OFFER_OUTCOME,
            {"offer_id": self.offer.id, "outcome": outcome.outcome, "reason": outcome.reason, "origin": origin},
        )

    def _emit(self, kind: EventKind, data: dict[str, Any], call_id: str | None = None) -> None:
        now = self.clock.now()
        self.bus.emit(Event(kind, now, self.clock.wall(now), call_id or self.call_id, data))


@dataclass(frozen=True)
class OfferOutcome:
    outcome: str
    reason: str | None
