"""The call/hold state machine of the standard's «Удержание (HOLD)» section.

idle → talking → lookup (client hears silence) → hold → talking → … → ended

Before a call, the telephony may say a call rings (idle/ended → ringing): the greeting is
ready, and the operator's «new call» answers it through the telephony where it can.

Time comes only from the injected clock. Every elapsed time is a difference of
two clock readings, so a frozen or slow event loop never makes a figure wrong:
thresholds passed while nobody polled are emitted late but stamped with the
exact moment they were crossed.
"""

from __future__ import annotations

import enum
import math
import os
from dataclasses import dataclass, field
from typing import Any

from .clock import Clock
from .commands import Action
from .events import Event, EventBus, EventKind
from .settings import RolePolicy, Settings, Timers

# Float sums like 1000.1 + 9.9 can land a hair under the exact threshold.
_EPS = 1e-9


class CallState(str, enum.Enum):
    IDLE = "idle"
    RINGING = "ringing"
    """A call rings (the telephony says so); not a call yet: no timer, nothing journaled."""
    TALKING = "talking"
    LOOKUP = "lookup"
    HOLD = "hold"
    ENDED = "ended"


class Level(str, enum.Enum):
    NEUTRAL = "neutral"
    AMBER = "amber"
    RED = "red"


class Status(str, enum.Enum):
    """What the operator should do now; the UI turns it into words."""

    READY = "ready"
    RINGING = "ringing"
    ANSWERING = "answering"
    """The operator answered: the telephony has been asked to pick up and has not said it did yet."""
    TALKING = "talking"
    THANK_FOR_WAITING = "thank_for_waiting"
    THANK_FOR_LONG_WAITING = "thank_for_long_waiting"
    LOOKUP = "lookup"
    SILENCE_WARNING = "silence_warning"
    HOLD = "hold"
    HOLD_PREWARNING = "hold_prewarning"
    HOLD_LIMIT = "hold_limit"
    PEER_HOLD = "peer_hold"
    """The client put the operator on hold: shown, no countdown of the operator's."""
    ENDED = "ended"


_ALLOWED: dict[Action, frozenset[CallState]] = {
    Action.START_CALL: frozenset({CallState.IDLE, CallState.ENDED, CallState.RINGING}),
    Action.START_LOOKUP: frozenset({CallState.TALKING}),
    Action.END_LOOKUP: frozenset({CallState.LOOKUP}),
    Action.START_HOLD: frozenset({CallState.TALKING, CallState.LOOKUP}),
    Action.RESUME: frozenset({CallState.HOLD}),
    Action.END_CALL: frozenset({CallState.TALKING, CallState.LOOKUP, CallState.HOLD}),
    Action.PEER_HOLD_START: frozenset({CallState.TALKING, CallState.LOOKUP, CallState.HOLD}),
    Action.PEER_HOLD_END: frozenset({CallState.TALKING, CallState.LOOKUP, CallState.HOLD}),
    Action.RING: frozenset({CallState.IDLE, CallState.ENDED, CallState.RINGING}),
    Action.STOP_RINGING: frozenset({CallState.RINGING}),
    Action.HOLD_UNCONFIRMED: frozenset({CallState.HOLD}),
    Action.HOLD_CONFIRMED: frozenset({CallState.HOLD}),
}
_IN_CALL = frozenset({CallState.TALKING, CallState.LOOKUP, CallState.HOLD})


class InvalidAction(Exception):
    def __init__(self, action: Action, state: CallState) -> None:
        allowed = ", ".join(sorted(s.value for s in _ALLOWED[action]))
        super().__init__(f"cannot {action.value} while {state.value} (allowed in: {allowed})")
        self.action = action
        self.state = state


@dataclass(frozen=True)
class Snapshot:
    """Everything the UI needs to draw the timer, read at one instant."""

    state: CallState
    status: Status
    level: Level
    display: str
    """Big display: call time, silence time, hold countdown or ``+m:ss`` over the limit."""
    now: float
    call_id: str | None
    role: RolePolicy
    call_elapsed: float = 0.0
    state_elapsed: float = 0.0
    hold_limit: float | None = None
    hold_index: int = 0
    last_hold_duration: float | None = None
    next_change: float | None = None
    """Monotonic time when this snapshot stops being accurate (next second or threshold)."""
    peer_hold: bool = False
    """The client holds the line (telephony says so): the operator waits, no countdown."""
    origin: str = "window"
    """Where the current lookup or hold came from (``audio`` for dead air heard on the line)."""
    allowed: frozenset[Action] = frozenset()
    """The actions the state allows now (toggles resolved: :meth:`CallEngine.resolve`)."""
    timers: Timers = Timers()
    """The thresholds in effect (silence warning, hold pre-warning, long wait, thanks reminder)."""
    phrase_context: str = "idle"
    """Which phrases come first now (core.phrases.call_context); the call session fills it in."""
    number: str = field(default="", repr=False)
    """The ringing caller's number, when the telephony knows it: for the screen only (never logged or journaled)."""
    standard: int | None = None
    """The version of the team's standard in force (None: the bundled standard)."""
    answerable: bool = False
    """Ringing: the operator's «new call» asks the telephony to pick up (else the operator picks up the phone)."""
    unconfirmed: bool = False
    """On hold, but the softphone has not confirmed it: the client may still hear the operator."""


def format_mmss(seconds: float) -> str:
    total = int(seconds)
    return f"{total // 60:02d}:{total % 60:02d}"


@dataclass
class _Call:
    id: str
    started: float
    holds: int = 0
    last_hold_end: float | None = None
    last_hold_duration: float | None = None
    last_hold_long: bool = False


@dataclass
class _Ringing:
    since: float
    number: str = field(default="", repr=False)
    answerable: bool = False
    answering: bool = False


@dataclass
class _Phase:
    """The current lookup or hold, with the thresholds still to fire."""

    started: float
    limit: float | None = None
    pending: list[tuple[float, EventKind, dict[str, Any]]] = field(default_factory=list)
    origin: str = "window"
    confirmed: bool = True


# --- snapshots: what the UI draws, read from the engine's state (no state of their own) ---------


def _talking(state: CallState, now: float, call: _Call, peer_hold: bool, timers: Timers, phase: _Phase | None,
             base: dict[str, Any]) -> Snapshot:  # fmt: skip
    call_elapsed = now - call.started
    status = Status.TALKING
    if call.last_hold_end is not None and now - call.last_hold_end < timers.resume_hint:
        status = Status.THANK_FOR_LONG_WAITING if call.last_hold_long else Status.THANK_FOR_WAITING
    if peer_hold:
        status = Status.PEER_HOLD
    return Snapshot(state, status, Level.NEUTRAL, format_mmss(call_elapsed), state_elapsed=call_elapsed,
                    next_change=_next_change(now, call_elapsed, phase), **base)  # fmt: skip


def _holding(state: CallState, limit: float, elapsed: float, confirmed: bool, timers: Timers,
             base: dict[str, Any]) -> Snapshot:  # fmt: skip
    """On hold: count down to the limit, then count the excess up as +m:ss."""
    remaining = limit - elapsed
    if remaining <= _EPS:
        status, level = Status.HOLD_LIMIT, Level.RED
        display = "+" + format_mmss(-remaining + _EPS)
    else:
        if remaining <= timers.hold_prewarning + _EPS:
            status, level = Status.HOLD_PREWARNING, Level.AMBER
        else:  # a hold the softphone has not confirmed: the client may still hear the operator
            status, level = Status.HOLD, Level.AMBER if not confirmed else Level.NEUTRAL
        # Round the countdown up so it reads 00:00 exactly at the limit.
        display = format_mmss(math.ceil(remaining - _EPS))
    return Snapshot(state, status, level, display, hold_limit=limit, unconfirmed=not confirmed, **base)


def _next_change(now: float, elapsed: float, phase: _Phase | None) -> float:
    """Next whole second of ``elapsed`` (both directions change there), or an earlier deadline."""
    next_second = now + (1.0 - math.fmod(elapsed, 1.0))
    if phase and phase.pending:  # the next threshold
        return min(next_second, phase.pending[0][0])
    return next_second


class CallEngine:
    def __init__(self, clock: Clock, settings: Settings, bus: EventBus | None = None, role: str | None = None,
                 standard: int | None = None):  # fmt: skip
        self.clock = clock
        self.bus = bus or EventBus()
        self._settings = settings
        self._role = settings.role(role)
        self.state = CallState.IDLE
        self._call: _Call | None = None
        self._phase: _Phase | None = None
        self._ended_duration: float | None = None
        self._last_change = clock.now()
        """When the state last changed: a backdated action never goes before it."""
        self._peer_hold_since: float | None = None
        self._ringing: _Ringing | None = None
        self.offer_source = "none"
        """Name of the offer source in effect; recorded with each call."""
        self.standard = standard
        """The version of the team's standard in force (None: the bundled standard); recorded with each call."""

    # --- configuration -------------------------------------------------

    @property
    def role(self) -> RolePolicy:
        return self._role

    @property
    def settings(self) -> Settings:
        """The settings in force (a team's standard replaces them between calls: :meth:`apply_standard`)."""
        return self._settings

    @property
    def call_id(self) -> str | None:
        return self._call.id if self._call else None

    def set_role(self, role_id: str) -> None:
        """Applies from the next hold on; a hold under way keeps the limit it started with."""
        role = self._settings.role(role_id)
        if role.id != role_id:
            raise KeyError(role_id)
        if role == self._role:
            return
        self._role = role
        self._emit(EventKind.ROLE_CHANGED, self.clock.now(), {"role": role.id})

    def apply_standard(self, settings: Settings, version: int | None) -> None:
        """A team's standard (issue 24): its roles, limits and timers, and its version, from the next call on.
        Between calls only: a hold under way never changes its limit."""
        if self.state in _IN_CALL:
            raise RuntimeError("a standard is applied between calls, never during one")
        self._settings = settings
        self._role = settings.role(self._role.id)
        self.standard = version

    # --- actions -------------------------------------------------------

    def resolve(self, action: Action) -> Action:
        """A toggle as what it does now (F7 on hold: resume); any other action as it is."""
        if action is Action.TOGGLE_LOOKUP:
            return Action.END_LOOKUP if self.state is CallState.LOOKUP else Action.START_LOOKUP
        if action is Action.TOGGLE_HOLD:
            return Action.RESUME if self.state is CallState.HOLD else Action.START_HOLD
        return action

    def _check(self, action: Action, at: float | None = None) -> float:
        """The moment the action takes effect: now, or ``at`` (when it really happened, as a
        telephony or audio adapter saw it) but never before the last change nor after now."""
        now = self.poll()
        if self.state not in _ALLOWED[action]:
            raise InvalidAction(action, self.state)
        if at is None or at >= now:
            return now
        return max(at, self._last_change)

    def _changed(self, state: CallState, at: float) -> None:
        self.state = state
        self._last_change = at

    def start_call(self, origin: str = "window", at: float | None = None) -> None:
        now = self._check(Action.START_CALL, at)
        ringing = self._ringing
        if ringing is not None and ringing.answerable and origin != "telephony":
            # The operator answers: the telephony picks up, and the call starts when it says it did.
            ringing.answering = True
            return
        self._ringing = None
        self._call = _Call(id=os.urandom(16).hex(), started=now)
        self._phase = None
        self._ended_duration = None
        self._peer_hold_since = None
        self._changed(CallState.TALKING, now)
        data: dict[str, object] = {"role": self._role.id, "offer_source": self.offer_source, "origin": origin}
        if self.standard is not None:
            data["standard"] = self.standard
        self._emit(EventKind.CALL_STARTED, now, data)

    def start_lookup(self, origin: str = "window", at: float | None = None) -> None:
        now = self._check(Action.START_LOOKUP, at)
        threshold = self._settings.timers.silence_warning
        self._phase = _Phase(
            started=now,
            pending=[(now + threshold, EventKind.SILENCE_WARNING, {"threshold": threshold, "origin": origin})],
            origin=origin,
        )
        self._changed(CallState.LOOKUP, now)
        self._emit(EventKind.LOOKUP_STARTED, now, {"origin": origin})
        self.poll()  # a backdated lookup may be past its warning already

    def end_lookup(self, origin: str = "window", at: float | None = None) -> None:
        now = self._check(Action.END_LOOKUP, at)
        self._close_lookup(now, origin)
        self._changed(CallState.TALKING, now)

    def start_hold(self, origin: str = "window", at: float | None = None) -> None:
        now = self._check(Action.START_HOLD, at)
        if self.state is CallState.LOOKUP:
            self._close_lookup(now, origin)
        assert self._call is not None
        self._call.holds += 1
        limit = self._role.hold_limit
        pending = []
        prewarning = self._settings.timers.hold_prewarning
        prewarn_at = limit - prewarning
        if prewarn_at > 0:
            pending.append(
                (now + prewarn_at, EventKind.HOLD_PREWARNING,
                 {"limit": limit, "remaining": prewarning, "origin": origin})
            )  # fmt: skip
        pending.append((now + limit, EventKind.HOLD_LIMIT_REACHED, {"limit": limit, "origin": origin}))
        self._phase = _Phase(started=now, limit=limit, pending=pending, origin=origin)
        self._changed(CallState.HOLD, now)
        self._emit(
            EventKind.HOLD_STARTED, now, {"limit": limit, "role": self._role.id, "index": self._call.holds, "origin": origin}
        )
        self.poll()

    def resume(self, origin: str = "window", at: float | None = None) -> None:
        now = self._check(Action.RESUME, at)
        self._close_hold(now, origin)
        self._changed(CallState.TALKING, now)

    def end_call(self, origin: str = "window", at: float | None = None) -> None:
        now = self._check(Action.END_CALL, at)
        if self.state is CallState.LOOKUP:
            self._close_lookup(now, origin)
        elif self.state is CallState.HOLD:
            self._close_hold(now, origin)
        if self._peer_hold_since is not None:
            self._close_peer_hold(now, origin)
        assert self._call is not None
        self._ended_duration = now - self._call.started
        self._changed(CallState.ENDED, now)
        self._emit(EventKind.CALL_ENDED, now, {"duration": self._ended_duration, "origin": origin})
        self._phase = None

    def interrupt(self, origin: str = "shutdown") -> bool:
        """The app is quitting mid-call: a lookup or hold under way is closed with its duration
        so far (the journal then records the call as interrupted). True if a call was under way."""
        if self.state not in _IN_CALL or self._call is None:
            return False
        now = self.poll()
        if self.state is CallState.LOOKUP:
            self._close_lookup(now, origin)
        elif self.state is CallState.HOLD:
            self._close_hold(now, origin)
        if self._peer_hold_since is not None:
            self._close_peer_hold(now, origin)
        self._ended_duration = now - self._call.started
        self._changed(CallState.ENDED, now)
        self._phase = None
        return True

    def heartbeat(self) -> None:
        """A sign of life in the journal during a call (call and hold duration so far, nothing else)."""
        if self.state not in _IN_CALL or self._call is None:
            return
        now = self.poll()
        data: dict[str, Any] = {"elapsed": now - self._call.started}
        if self.state is CallState.HOLD and self._phase is not None:
            data.update(hold=now - self._phase.started, index=self._call.holds)
        self._emit(EventKind.CALL_HEARTBEAT, now, data)

    def ring(self, origin: str = "telephony", at: float | None = None, number: str | None = None,
             answerable: bool | None = None) -> None:  # fmt: skip
        """A call rings (the telephony says so). Again while ringing: an answer asked for did not
        happen (the operator may ask again); ``number``/``answerable`` None keep what was said."""
        now = self._check(Action.RING, at)
        if self._ringing is None or self.state is not CallState.RINGING:
            self._ringing = _Ringing(since=now)
            self._phase = None
            self._changed(CallState.RINGING, now)
        ringing = self._ringing
        ringing.answering = False
        if number is not None:
            ringing.number = number
        if answerable is not None:
            ringing.answerable = answerable

    def stop_ringing(self, origin: str = "telephony", at: float | None = None) -> None:
        now = self._check(Action.STOP_RINGING, at)
        self._ringing = None
        self._changed(CallState.IDLE, now)

    def hold_unconfirmed(self, origin: str = "telephony", at: float | None = None) -> None:
        self._check(Action.HOLD_UNCONFIRMED, at)
        assert self._phase is not None
        self._phase.confirmed = False

    def hold_confirmed(self, origin: str = "telephony", at: float | None = None) -> None:
        self._check(Action.HOLD_CONFIRMED, at)
        assert self._phase is not None
        self._phase.confirmed = True

    def peer_hold_start(self, origin: str = "telephony", at: float | None = None) -> None:
        """The client put the operator on hold: shown, but the operator's countdown does not start."""
        now = self._check(Action.PEER_HOLD_START, at)
        if self._peer_hold_since is None:
            self._peer_hold_since = now
            self._emit(EventKind.PEER_HOLD_STARTED, now, {"origin": origin})

    def peer_hold_end(self, origin: str = "telephony", at: float | None = None) -> None:
        now = self._check(Action.PEER_HOLD_END, at)
        if self._peer_hold_since is not None:
            self._close_peer_hold(now, origin)

    def perform(self, action: Action, origin: str = "window", at: float | None = None) -> None:
        """Any action (a toggle as what it does now); raises InvalidAction when not allowed now."""
        match self.resolve(action):
            case Action.START_CALL:
                self.start_call(origin, at)
            case Action.START_LOOKUP:
                self.start_lookup(origin, at)
            case Action.END_LOOKUP:
                self.end_lookup(origin, at)
            case Action.START_HOLD:
                self.start_hold(origin, at)
            case Action.RESUME:
                self.resume(origin, at)
            case Action.END_CALL:
                self.end_call(origin, at)
            case Action.PEER_HOLD_START:
                self.peer_hold_start(origin, at)
            case Action.PEER_HOLD_END:
                self.peer_hold_end(origin, at)
            case Action.RING:
                self.ring(origin, at)
            case Action.STOP_RINGING:
                self.stop_ringing(origin, at)
            case Action.HOLD_UNCONFIRMED:
                self.hold_unconfirmed(origin, at)
            case Action.HOLD_CONFIRMED:
                self.hold_confirmed(origin, at)

    # --- time ----------------------------------------------------------

    def poll(self) -> float:
        """Emit every threshold crossed by now, each stamped with its exact time."""
        now = self.clock.now()
        phase = self._phase
        while phase is not None and phase.pending and phase.pending[0][0] <= now + _EPS:
            at, kind, data = phase.pending.pop(0)
            self._emit(kind, at, data)
        return now

    def snapshot(self) -> Snapshot:
        now = self.poll()
        call = self._call
        timers = self._settings.timers
        base: dict[str, Any] = dict(now=now, call_id=call.id if call else None, role=self._role, timers=timers,
                                    standard=self.standard,
                                    allowed=frozenset(a for a, states in _ALLOWED.items() if self.state in states))  # fmt: skip
        ringing = self._ringing
        if self.state is CallState.RINGING and ringing is not None:
            elapsed = now - ringing.since
            return Snapshot(
                self.state, Status.ANSWERING if ringing.answering else Status.RINGING, Level.NEUTRAL,
                format_mmss(elapsed), state_elapsed=elapsed, next_change=now + (1.0 - math.fmod(elapsed, 1.0)),
                number=ringing.number, answerable=ringing.answerable, **{**base, "call_id": None},
            )  # fmt: skip
        if self.state is CallState.IDLE or call is None:
            return Snapshot(CallState.IDLE, Status.READY, Level.NEUTRAL, format_mmss(0), **base)
        base.update(
            call_elapsed=now - call.started,
            hold_index=call.holds,
            last_hold_duration=call.last_hold_duration,
            peer_hold=self._peer_hold_since is not None and self.state is not CallState.ENDED,
            origin=self._phase.origin if self._phase else "window",
        )
        if self.state is CallState.ENDED:
            return Snapshot(self.state, Status.ENDED, Level.NEUTRAL, format_mmss(self._ended_duration or 0.0), **base)
        if self.state is CallState.TALKING:
            return _talking(self.state, now, call, self._peer_hold_since is not None, timers, self._phase, base)
        phase = self._phase
        assert phase is not None
        elapsed = now - phase.started
        base.update(state_elapsed=elapsed, next_change=_next_change(now, elapsed, phase))
        if self.state is CallState.LOOKUP:
            warned = elapsed + _EPS >= timers.silence_warning
            return Snapshot(self.state, Status.SILENCE_WARNING if warned else Status.LOOKUP,
                            Level.AMBER if warned else Level.NEUTRAL, format_mmss(elapsed), **base)  # fmt: skip
        return _holding(self.state, phase.limit or 0.0, elapsed, phase.confirmed, timers, base)

    # --- internals -----------------------------------------------------

    def _close_lookup(self, now: float, origin: str) -> None:
        assert self._phase is not None
        self._emit(EventKind.LOOKUP_ENDED, now, {"duration": now - self._phase.started, "origin": origin})
        self._phase = None

    def _close_peer_hold(self, now: float, origin: str) -> None:
        assert self._peer_hold_since is not None
        self._emit(EventKind.PEER_HOLD_ENDED, now, {"duration": now - self._peer_hold_since, "origin": origin})
        self._peer_hold_since = None

    def _close_hold(self, now: float, origin: str) -> None:
        phase, call = self._phase, self._call
        assert phase is not None and call is not None and phase.limit is not None
        duration = now - phase.started
        long_wait = duration > self._settings.timers.long_wait + _EPS
        call.last_hold_end = now
        call.last_hold_duration = duration
        call.last_hold_long = long_wait
        self._emit(
            EventKind.HOLD_ENDED,
            now,
            {
                "duration": duration,
                "limit": phase.limit,
                "over_limit": duration > phase.limit + _EPS,
                "long_wait": long_wait,
                "index": call.holds,
                "origin": origin,
            },
        )
        self._phase = None

    def _emit(self, kind: EventKind, at: float, data: dict[str, Any]) -> None:
        self.bus.emit(Event(kind, at, self.clock.wall(at), self.call_id, dict(data)))
