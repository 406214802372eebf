"""What an input asks of the call session: typed commands (no Qt).

Every input — the window's keys, buttons and menus, the global hotkeys, the telephony, the call's
audio, a demo scenario and the offer source — calls ``CallSession.perform(command, origin)`` with
one of these; the session does it and the views render what follows. An :class:`Action` is the
engine's (the call and its holds); the rest are the call's other facts, as small immutable records
(matched by their type: ``CallSession._do``).
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Any, NamedTuple, Union

if TYPE_CHECKING:  # the offer sources are not on the way to the window when none is configured
    from .offer_sources import Offer, PollResult
    from .settings import Settings


class Action(str, enum.Enum):
    """What the engine does to the call (core/engine.py): F5–F8, the telephony's news, dead air."""

    START_CALL = "start_call"
    START_LOOKUP = "start_lookup"
    END_LOOKUP = "end_lookup"
    START_HOLD = "start_hold"
    RESUME = "resume"
    END_CALL = "end_call"
    PEER_HOLD_START = "peer_hold_start"
    PEER_HOLD_END = "peer_hold_end"
    RING = "ring"
    """The telephony says a call rings (again: an answer that did not happen is undone); :class:`Ring`
    carries what it knows of the call."""
    STOP_RINGING = "stop_ringing"
    """The ringing call went away unanswered (the caller gave up, another desk took it)."""
    HOLD_UNCONFIRMED = "hold_unconfirmed"
    """The softphone was asked to hold the call and has not confirmed it (or refused)."""
    HOLD_CONFIRMED = "hold_confirmed"
    TOGGLE_LOOKUP = "toggle_lookup"
    """F6: start the lookup, or end the one under way."""
    TOGGLE_HOLD = "toggle_hold"
    """F7: put the client on hold, or take them back."""

    def __str__(self) -> str:
        return self.value


class ServiceRequest(NamedTuple):
    """«Сервисный запрос зарегистрирован» ticked (or a mistaken tick taken back)."""

    registered: bool


class OfferFlag(NamedTuple):
    """One of the three cases in which the offer is never voiced, ticked or unticked for this call."""

    reason: str
    """``complaint``, ``lost_phone`` or ``siebel_down`` (core.offers.REASONS)."""
    on: bool


class RecordOutcome(NamedTuple):
    """What came of the offer: ``accepted``, ``declined`` or ``not_voiced`` (with its reason)."""

    outcome: str
    reason: str | None = None


class OfferPolled(NamedTuple):
    """The offer source's answer (an offer, none, or its error)."""

    result: PollResult


class ScenarioOffer(NamedTuple):
    """A demo scenario's offer, or None."""

    offer: Offer | None


class ChooseRole(NamedTuple):
    """The operator's role (it sets the hold limit from the next hold on)."""

    role_id: str


class CopyPhrases(NamedTuple):
    """Phrases the operator copied, by id: only ids reach the journal, never the words said."""

    ids: tuple[str, ...]
    unfilled: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """Per id, the placeholders (``operator_name``…) it was said without: a practice's score card reads
    them from the event; the journal keeps none."""


class Ring(NamedTuple):
    """The telephony says a call rings, with what it knows: the caller's number (for the screen only,
    never journaled) and whether «new call» picks up through it."""

    number: str = ""
    answerable: bool = False


class HeardChecks(NamedTuple):
    """What the speech check decided (core/speech_checks.py outcomes): the journal gets each check met
    or missed and each forbidden word's entry, never the words."""

    outcomes: tuple[Any, ...]


class DeadAirHeard(NamedTuple):
    """A pause both sides kept, heard from the call's audio: journaled with its length, nothing else."""

    at: float
    """When it ended (the session's clock)."""
    duration: float
    warned: bool
    """Whether it reached the silence warning."""


class WrapUp(NamedTuple):
    """«Итоги и прощание» (F9) shown or hidden: the phrases of the summary and the farewell first."""

    on: bool


class ApplyStandard(NamedTuple):
    """A team's standard (issue 24) from the next call on: its settings (roles, limits, timers) and its
    version, journaled with each call (None: the bundled standard). Between calls only."""

    settings: Settings
    version: int | None


class UseOfferSource(NamedTuple):
    """Another offer source from now on (a team's standard names one): its name is journaled with the
    next call; the old source's offer goes."""

    name: str


Command = Union[
    Action, ServiceRequest, OfferFlag, RecordOutcome, OfferPolled, ScenarioOffer, ChooseRole, CopyPhrases, DeadAirHeard,
    WrapUp, Ring, HeardChecks, ApplyStandard, UseOfferSource,
]  # fmt: skip


KEY_COMMANDS: dict[str, Command] = {
    "new_call": Action.START_CALL,
    "lookup": Action.TOGGLE_LOOKUP,
    "hold": Action.TOGGLE_HOLD,
    "end_call": Action.END_CALL,
    "register_request": ServiceRequest(registered=True),
}
"""The call session's command of each keymap binding that is one (core/keymap.py ids); the other
bindings drive a view (the window's handlers)."""
