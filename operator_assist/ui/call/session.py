"""The one door into a call: every input performs its commands here, every view renders its signals.

A :class:`CallSession` owns the engine, its precise timer, the offer workflow and the journal
sink. The window's keys and buttons, the global hotkeys, the demo player, the offer source and
the telephony and audio adapters all call :meth:`CallSession.perform` with a typed command
(:mod:`operator_assist.core.commands`; adapters on other threads queue their news onto the GUI
thread first); the views only render :attr:`CallSession.changed` (a :class:`Snapshot`) and
:attr:`CallSession.offer_changed` (an :class:`OfferState`). Nothing here knows which window is
on screen, or whether any is.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import replace
from typing import Callable, Iterator

from PySide6.QtCore import QObject, QTimer, Signal

from ...core.commands import (
    Action,
    ChooseRole,
    Command,
    CopyPhrases,
    DeadAirHeard,
    HeardChecks,
    OfferFlag,
    OfferPolled,
    RecordOutcome,
    Ring,
    ScenarioOffer,
    ServiceRequest,
    WrapUp,
)
from ...core.engine import CallEngine, CallState, InvalidAction, Snapshot
from ...core.events import ORIGINS, Event, EventKind
from ...core.journal_sink import JournalSink
from ...core.offers import OfferError, OfferState, OfferWorkflow
from ...core.phrases import call_context
from .. import texts, timers

HEARTBEAT_MS = 5000
_OFFER_COMMANDS = (ServiceRequest, OfferFlag, RecordOutcome, OfferPolled, ScenarioOffer)
_OUTSIDE_THE_SNAPSHOT = (CopyPhrases, DeadAirHeard, OfferPolled, ScenarioOffer, HeardChecks)
"""Commands that change nothing the snapshot shows: recorded, or the offer's alone."""


def make_timer(parent: QObject) -> QTimer:
    """The session's timer: single-shot and precise, re-armed for the next moment that matters."""
    return timers.timer(parent, single_shot=True, precise=True)


class CallSession(QObject):
    changed = Signal(object)
    """The :class:`Snapshot`, after every command, threshold and (during a call) second."""
    occurred = Signal(object)
    """Every core :class:`Event`, on the GUI thread, after the journal has it."""
    offer_changed = Signal(object)
    """The offer's :class:`OfferState`, after a source's answer, a tick, an outcome or a call's start and end."""
    refused = Signal(str, str)
    """(why a command cannot be done now, in Russian; its origin)."""

    def __init__(
        self,
        engine: CallEngine,
        journal: JournalSink | None = None,
        offer_source_name: str = "none",
        timer_factory: Callable[[QObject], QTimer] = make_timer,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.engine = engine
        """The session's own: inputs go through :meth:`perform`, views through :attr:`snapshot`."""
        self.clock = engine.clock
        engine.offer_source = offer_source_name
        # Subscribes first: a suppressed offer's outcome goes in before the journal closes the call.
        self.offers = OfferWorkflow(engine.clock, engine.bus, offer_source_name)
        self.journal = journal
        if journal is not None:
            engine.bus.subscribe(journal.record)
        engine.bus.subscribe(self.occurred.emit)
        self._timer = timer_factory(self)
        self._timer.timeout.connect(self.refresh)
        # During a call a heartbeat goes to the journal every 5 s: a kill or power cut loses at most that.
        self._heartbeat = timers.timer(self, HEARTBEAT_MS)
        self._heartbeat.timeout.connect(engine.heartbeat)
        self._wrapup = False
        self._batched = 0
        self.occurred.connect(self._follow_call)
        self.snapshot: Snapshot = self._snapshot()
        self.offer_state: OfferState = self.offers.state()

    # --- inputs ----------------------------------------------------------------

    def perform(self, command: Command, origin: str = "window", at: float | None = None) -> str | None:
        """Does ``command`` on the GUI thread.

        Returns None when done, else why it cannot be done now (Russian), which :attr:`refused`
        also carries. ``at``: the monotonic moment an :class:`Action` really happened (an
        adapter's event time); the engine never goes before its last change.
        """
        if origin not in ORIGINS:
            raise ValueError(f"unknown origin {origin!r}")
        refused = None
        try:
            self._do(command, origin, at)
        except InvalidAction as exc:
            refused = texts.invalid_action(exc)
        except OfferError as exc:
            refused = str(exc)
        if refused is not None:
            self.refused.emit(refused, origin)
        if isinstance(command, _OFFER_COMMANDS):
            self._offer_changed()
        if not isinstance(command, _OUTSIDE_THE_SNAPSHOT):
            self.refresh()
        return refused

    def _do(self, command: Command, origin: str, at: float | None) -> None:
        match command:
            case Action():
                self.engine.perform(command, origin, at)
            case ServiceRequest(registered=True):
                self.offers.register_request(origin)
            case ServiceRequest(registered=False):
                self.offers.unregister_request(origin)
            case OfferFlag(reason, on):
                self.offers.set_flag(reason, on, origin)
            case RecordOutcome(outcome, reason):
                self.offers.record_outcome(outcome, reason, origin)
            case OfferPolled(result):
                self.offers.apply(result)
            case ScenarioOffer(offer):
                self.offers.set_offer(offer)
            case ChooseRole(role_id):
                self.engine.set_role(role_id)
            case CopyPhrases(ids, unfilled):
                without = dict(unfilled)
                for phrase_id in ids:
                    data: dict = {"phrase_id": phrase_id, "origin": origin}
                    if without.get(phrase_id):
                        data["unfilled"] = list(without[phrase_id])
                    self._record(EventKind.PHRASE_COPIED, None, data)
            case DeadAirHeard(at=ended, duration=duration, warned=warned):
                self._record(EventKind.DEAD_AIR, ended, {"duration": round(duration, 3), "warned": warned})
            case WrapUp(on):
                self._wrapup = on
            case Ring(number, answerable):
                self.engine.ring(origin, at, number, answerable)
            case HeardChecks(outcomes):
                from ...core.speech_checks import journal_events  # only where the operator's words are heard

                for event in journal_events(outcomes, self.clock.wall):  # each with its own call's id
                    self.engine.bus.emit(event)
            case _:
                raise TypeError(f"not a command: {command!r}")

    def _record(self, kind: EventKind, at: float | None, data: dict) -> None:
        """An event the call only records (nothing else changes): into the journal with the call's id."""
        at = self.clock.now() if at is None else at
        self.engine.bus.emit(Event(kind, at, self.clock.wall(at), self.engine.call_id, data))

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Commands performed inside are shown once, at the end (a burst of telephony events:
        the latest state is drawn; every event still reaches the journal)."""
        self._batched += 1
        try:
            yield
        finally:
            self._batched -= 1
            if not self._batched:
                self.refresh()

    @property
    def in_call(self) -> bool:
        return self.snapshot.state in (CallState.TALKING, CallState.LOOKUP, CallState.HOLD)

    # --- time ---------------------------------------------------------------------

    def refresh(self) -> Snapshot:
        """Reads the engine (thresholds fire here, stamped with their exact moment) and re-arms the timer.

        During a call the timer wakes at the next whole second or threshold, whichever
        comes first; between calls nothing changes and the timer sleeps.
        """
        snap = self.snapshot = self._snapshot()
        if self._batched:
            return snap
        self._timer.stop()
        if snap.next_change is not None:
            # A demo's scaled clock runs `speed` times faster than real time.
            if not self.clock.paused:
                delay_ms = (snap.next_change - self.clock.now()) / self.clock.speed * 1000
                # +1 ms so the timer lands just past the boundary, not a hair before it.
                self._timer.start(max(1, min(1000, int(delay_ms) + 1)))
        self.changed.emit(snap)
        return snap

    def _snapshot(self) -> Snapshot:
        snap = self.engine.snapshot()
        context = call_context(snap.state.value, snap.status.value, snap.state_elapsed, snap.timers.long_wait,
                               self._wrapup, snap.call_elapsed)  # fmt: skip
        return replace(snap, phrase_context=context)

    def _offer_changed(self) -> None:
        self.offer_state = self.offers.state()
        self.offer_changed.emit(self.offer_state)

    # --- the end ------------------------------------------------------------------

    def _follow_call(self, event: Event) -> None:
        if event.kind in (EventKind.CALL_STARTED, EventKind.CALL_ENDED):
            self._wrapup = False  # a call starts with its greeting, and the next one too
            self._offer_changed()  # the workflow heard the event first (it subscribed first)
        if event.kind is EventKind.CALL_STARTED:
            self._heartbeat.start()
        elif event.kind is EventKind.CALL_ENDED:
            self._heartbeat.stop()

    def shutdown(self, origin: str = "shutdown") -> None:
        """The app quits: a call under way ends as interrupted in the journal, never silently."""
        self._timer.stop()
        self._heartbeat.stop()
        self.engine.interrupt(origin)  # a hold under way keeps its duration so far; the call is «прерван»
        if self.journal is not None:
            self.journal.close()  # marks a call still open «прерван», with what was recorded
