"""What the telephony says about the operator's call, and what the call session should do about it (no Qt).

Every call source (Asterisk AMI, baresip, the local inbox, a plugin) produces the
same small vocabulary of :class:`TelephonyEvent`. :class:`CallTracker` maps them,
together with the call session's current state, onto the session's actions.
The mapping is idempotent: a repeated or out-of-order event, or an event of a
call that is not the agent's, maps to nothing (with a log line), never to a
wrong state. It looks at the session's real state every time, so a manual key
pressed during a telephony-driven call stands until the telephony's next event
says otherwise. An event that asks for what the state does not allow (a hold with
no call in progress) is refused with the window's own reason (:attr:`Step.refused`).

A ringing call is shown before it is answered, with the caller's number when the
source knows it: the number is for the screen only (:attr:`TelephonyEvent.number`
has no repr, and nothing here logs it).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from typing import Any, Mapping

from ..messages import Said
from .clock import Clock
from .commands import Action
from .engine import CallState, InvalidAction

log = logging.getLogger(__name__)

CALL_RINGING = "call_ringing"
CALL_ANSWERED = "call_answered"
HOLD_STARTED = "hold_started"
HOLD_ENDED = "hold_ended"
CALL_ENDED = "call_ended"
KINDS = (CALL_RINGING, CALL_ANSWERED, HOLD_STARTED, HOLD_ENDED, CALL_ENDED)
COMMAND_FAILED = "command_failed"
"""Not of the vocabulary (no outside sender can post it): a source says a command the assistant
sent for a call was not done (:attr:`TelephonyEvent.command`, :attr:`TelephonyEvent.detail`)."""

BY_AGENT = "agent"
BY_PEER = "peer"

# Session actions the tracker asks for (CallSession.perform's commands).
START_CALL = Action.START_CALL
START_HOLD = Action.START_HOLD
RESUME = Action.RESUME
END_CALL = Action.END_CALL
PEER_HOLD_START = Action.PEER_HOLD_START
PEER_HOLD_END = Action.PEER_HOLD_END
RING = Action.RING
STOP_RINGING = Action.STOP_RINGING
HOLD_CONFIRMED = Action.HOLD_CONFIRMED
ANSWER = "answer"
"""The command (never a session action) that asks a source to pick up the ringing call."""

ORIGIN = "telephony"
"""The origin the session journals with the actions a call source caused."""

_IN_CALL = frozenset({"talking", "lookup", "hold"})
_STATES = frozenset(state.value for state in CallState)
_HOLDABLE = frozenset({"talking", "lookup"})


@dataclass(frozen=True)
class TelephonyEvent:
    kind: str
    call_id: str
    """The telephony's own id of the call ("" when the source has none: the current call)."""
    at: float
    """Monotonic time (the session's clock) when it happened."""
    agent: str = ""
    """The extension / account it concerns ("" when the source only sees the agent's own calls)."""
    by: str = BY_AGENT
    """Who pressed hold: the agent, or the peer (the client held the operator)."""
    source: str = ""
    number: str = field(default="", repr=False)
    """The caller's number (``call_ringing``), when the source knows it: shown, never logged or stored."""
    command: str = ""
    """``command_failed``: the command (start_hold, resume, end_call, answer) that was not done."""
    detail: str = ""
    """``command_failed``: why, in the user's language."""


NUMBER = re.compile(r"[\w+*#()., @:-]{1,64}")
"""What a caller's number may look like on screen (digits, +, spaces, dashes; a SIP user name)."""


def clean_number(value: Any) -> str:
    """A number as the telephony gave it, if it looks like one; "" otherwise (never an error)."""
    text = value.strip() if isinstance(value, str) else ""
    return text if NUMBER.fullmatch(text) and text != "<unknown>" else ""


class BadTelephonyEvent(Said, ValueError):
    """Input that is not an event of the vocabulary (the message is Russian, for the sender)."""


def parse_event(data: Any, at: float, source: str = "") -> TelephonyEvent:
    """A JSON object ``{"kind", "call_id"?, "agent"?, "by"?, "number"?}`` → an event stamped ``at``."""
    if not isinstance(data, Mapping):
        raise BadTelephonyEvent("telephony.need_object", type=type(data).__name__)
    kind = data.get("kind")
    if kind not in KINDS:
        raise BadTelephonyEvent("telephony.unknown_kind", kind=kind, known=', '.join(KINDS))
    fields: dict[str, str] = {}
    for key in ("call_id", "agent", "by", "number"):
        value = data.get(key, "")
        if value is None:
            value = ""
        if not isinstance(value, str) or len(value) > 200:
            raise BadTelephonyEvent("telephony.field_text", key=key)
        fields[key] = value.strip()
    by = fields["by"] or BY_AGENT
    if by not in (BY_AGENT, BY_PEER):
        raise BadTelephonyEvent("telephony.by", by=by)
    unknown = set(data) - {"kind", "call_id", "agent", "by", "number"}
    if unknown:
        raise BadTelephonyEvent("telephony.unknown_fields", fields=', '.join(sorted(map(str, unknown))))
    number = fields["number"]
    if number and (kind != CALL_RINGING or not clean_number(number)):
        raise BadTelephonyEvent("telephony.number")  # never quoted back: it may be a real number
    return TelephonyEvent(kind, fields["call_id"], at, fields["agent"], by, source, number)


@dataclass(frozen=True)
class Step:
    """What one event maps to: the session's actions in order, or why nothing."""

    actions: tuple[Action, ...] = ()
    ignored: str | None = None
    refused: InvalidAction | None = None
    """The event asked for what the call's state does not allow (the window says why in its words)."""
    number: str = field(default="", repr=False)
    """With ``ring``: the caller's number."""


class CallTracker:
    """Turns telephony events + the session's state into session actions.

    ``state`` is the session's call state (``idle``, ``talking``, ``lookup``,
    ``hold``, ``ended``; CallState's values). The tracker remembers only the
    telephony's own view: which call is the agent's, and whether the telephony
    last said «held» by the agent or by the peer.
    """

    def __init__(self, agent: str = "", clock: Clock | None = None) -> None:
        self.agent = agent.strip()
        self.clock = clock
        self.call_id: str | None = None
        """The agent's call the telephony is following (None: none)."""
        self.ringing: str | None = None
        """The ringing call shown (None: none)."""
        self.agent_hold = False
        self.peer_hold = False
        self.last_at: float | None = None

    def _reset(self, call_id: str | None = None) -> None:
        self.call_id = call_id
        self.agent_hold = False
        self.peer_hold = False

    def feed(self, event: TelephonyEvent, state: str) -> Step:
        step = self._map(event, str(getattr(state, "value", state)))
        if step.ignored:
            log.info("telephony %s %s (call %s, by %s) ignored: %s", event.source, event.kind,
                     event.call_id or "-", event.by, step.ignored)  # fmt: skip
        elif step.actions:
            log.info("telephony %s %s → %s", event.source, event.kind, ", ".join(step.actions))
        return step

    def _map(self, event: TelephonyEvent, state: str) -> Step:
        ignored = self._screen(event)
        if ignored is not None:
            return Step(ignored=ignored)
        in_call = state in _IN_CALL
        same = self.call_id is not None and (event.call_id == self.call_id or event.call_id == "")
        if event.kind == CALL_RINGING:
            return self._rings(event, state, in_call)
        if event.kind == CALL_ANSWERED:
            return self._answered(event, in_call, same)
        if state == "ringing":
            return self._while_ringing(event, state, same)
        if self.call_id is None:
            if event.kind == CALL_ENDED:
                return Step(ignored="no call answered yet")
            if not in_call:
                return self._refuse(event, state, "no call answered yet")
            self._reset(event.call_id)  # a call started by hand, now followed by the telephony
        elif not same:
            return Step(ignored=f"another call (following {self.call_id})")
        if event.kind == CALL_ENDED:
            return self._ended(in_call)
        if event.by == BY_PEER:
            return self._peer_hold(event, state, in_call)
        return self._agent_hold(event, state)

    def _screen(self, event: TelephonyEvent) -> str | None:
        """Why an event is not looked at (not ours, out of time), else None; notes its time."""
        if event.kind not in KINDS:
            return "unknown kind"
        if self.agent and event.agent and event.agent != self.agent:
            return f"not the agent's call (agent {event.agent}, ours {self.agent})"
        if self.clock is not None and event.at > self.clock.now() + 1e-6:
            return "dated in the future"
        if self.last_at is not None and event.at < self.last_at:
            return "older than the last event"
        self.last_at = event.at
        return None

    def _rings(self, event: TelephonyEvent, state: str, in_call: bool) -> Step:
        if in_call:
            return Step(ignored="another call rings during this one")
        if state == "ringing" and event.call_id in (self.ringing, ""):
            return Step(ignored="already ringing")
        self.ringing = event.call_id  # the latest ringing call is the one shown
        return Step((RING,), number=event.number)

    def _answered(self, event: TelephonyEvent, in_call: bool, same: bool) -> Step:
        if same:
            return Step(ignored="this call is already answered")
        self.ringing = None
        previous = self.call_id
        self._reset(event.call_id)
        if not in_call:
            return Step((START_CALL,))
        if previous is None:
            return Step()  # the operator started it by hand: the telephony adopts it
        return Step((END_CALL, START_CALL))  # the previous call's hangup was missed

    def _while_ringing(self, event: TelephonyEvent, state: str, same: bool) -> Step:
        """A hold or a hangup while a call rings (an answer and a ring are handled before)."""
        if event.kind != CALL_ENDED:
            return self._refuse(event, state, "not answered yet")
        if self.ringing is not None and event.call_id in (self.ringing, ""):
            self.ringing = None
            return Step((STOP_RINGING,))  # missed, or taken at another desk
        if same:  # the hangup of the call before, ended by hand
            self._reset()
            return Step(ignored="the call has already ended")
        return Step(ignored="not the ringing call")

    def _ended(self, in_call: bool) -> Step:
        """The followed call hung up."""
        actions = []
        if self.peer_hold:
            actions.append(PEER_HOLD_END)
        if in_call:
            actions.append(END_CALL)
        self._reset()
        return Step(tuple(actions), None if actions else "the call has already ended")

    def _peer_hold(self, event: TelephonyEvent, state: str, in_call: bool) -> Step:
        """The client held the operator (``hold_started``) or stopped (``hold_ended``)."""
        if event.kind == HOLD_STARTED:
            if self.peer_hold:
                return Step(ignored="the client's hold already shown")
            if not in_call:
                return self._refuse(event, state, "no call in progress")
            self.peer_hold = True
            return Step((PEER_HOLD_START,))
        if not self.peer_hold:
            return Step(ignored="the client's hold was not shown")
        self.peer_hold = False
        return Step((PEER_HOLD_END,))

    def _agent_hold(self, event: TelephonyEvent, state: str) -> Step:
        """The agent's hold started (``hold_started``) or ended (``hold_ended``) in the telephony."""
        if event.kind == HOLD_STARTED:
            if self.agent_hold:  # a repeat: a manual resume since then stands
                return Step(ignored="the telephony already said hold")
            if state == "hold":  # the operator's own hold, which the telephony now confirms
                self.agent_hold = True
                return Step((HOLD_CONFIRMED,))
            if state not in _HOLDABLE:
                return self._refuse(event, state, "no call in progress")
            self.agent_hold = True
            return Step((START_HOLD,))
        if not self.agent_hold:  # a repeat or out of order: a manual hold since then stands
            return Step(ignored="hold ended without a hold")
        self.agent_hold = False
        if state == "hold":
            return Step((RESUME,))
        return Step(ignored="not on hold (resumed by hand)")

    @staticmethod
    def _refuse(event: TelephonyEvent, state: str, why: str) -> Step:
        """The state does not allow what the event asks: the window's reason for the same key."""
        action = _ACTION_OF_KIND.get((event.kind, event.by))
        if action is None or state not in _STATES:
            return Step(ignored=why)
        return Step(ignored=why, refused=InvalidAction(action, CallState(state)))


_ACTION_OF_KIND = {
    (HOLD_STARTED, BY_AGENT): Action.START_HOLD,
    (HOLD_ENDED, BY_AGENT): Action.RESUME,
    (HOLD_STARTED, BY_PEER): Action.PEER_HOLD_START,
    (HOLD_ENDED, BY_PEER): Action.PEER_HOLD_END,
}
