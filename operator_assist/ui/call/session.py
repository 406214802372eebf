"""The one door into a call: every input performs its actions here, every view renders its signal.

A :class:`CallSession` owns the engine, its precise timer, the offer workflow and the
journal sink. The window's keys and buttons, the global hotkeys, the demo player and
the telephony and audio adapters all call :meth:`CallSession.perform` (adapters on
other threads call :meth:`CallSession.post`); the views only listen to
:attr:`CallSession.changed` and :attr:`CallSession.event`. Nothing here knows which
window is on screen, or whether any is.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from typing import Callable, Iterator

from PySide6.QtCore import QObject, QTimer, Signal

from ...core.engine import Action, CallEngine, CallState, InvalidAction, Snapshot
from ...core.events import ORIGINS, Event, EventKind
from ...core.journal_sink import JournalSink
from ...core.offers import REASONS, OfferError, OfferWorkflow
from .. import texts, timers

ENGINE_ACTIONS = frozenset(a.value for a in Action) | {"toggle_lookup", "toggle_hold"}
OFFER_ACTIONS: dict[str, Callable[[OfferWorkflow, str, str | None], object]] = {
    "register_request": lambda offers, origin, _: offers.register_request(origin),
    "unregister_request": lambda offers, origin, _: offers.unregister_request(origin),
    "offer_accepted": lambda offers, origin, _: offers.record_outcome("accepted", origin=origin),
    "offer_declined": lambda offers, origin, _: offers.record_outcome("declined", origin=origin),
    "offer_not_voiced": lambda offers, origin, reason: offers.record_outcome("not_voiced", reason, origin),
    **{
        f"{verb}_{reason}": (lambda offers, origin, _, r=reason, on=verb == "flag": offers.set_flag(r, on, origin))
        for reason in REASONS
        for verb in ("flag", "unflag")
    },
}
ACTIONS = ENGINE_ACTIONS | frozenset(OFFER_ACTIONS)
HEARTBEAT_MS = 5000


def make_timer(parent: QObject) -> QTimer:
    """The session's timer: single-shot and precise, re-armed for the next moment that matters."""
    return timers.timer(parent, single_shot=True, precise=True)


class CallSession(QObject):
    changed = Signal(object)
    """The engine's :class:`Snapshot`, after every action, threshold and (during a call) second."""
    event = Signal(object)
    """Every core :class:`Event`, on the GUI thread, after the journal has it."""
    offer_changed = Signal()
    """The offer workflow changed (a source's answer, a tick, an outcome)."""
    refused = Signal(str, str)
    """(why an action cannot be done now, in Russian; its origin)."""
    _posted = Signal(str, str, object)

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
        self.clock = engine.clock
        engine.offer_source = offer_source_name
        # Subscribes first: a suppressed offer's outcome goes in before the journal closes the call.
        self.offers = OfferWorkflow(engine.clock, engine.bus, offer_source_name)
        self.journal = journal
        if journal is not None:
            engine.bus.subscribe(journal.record)
        engine.bus.subscribe(self.event.emit)
        self._timer = timer_factory(self)
        self._timer.timeout.connect(self.refresh)
        self._posting = threading.Lock()
        self._posting_connected = False  # on the first post: see post()
        # During a call a heartbeat goes to the journal every 5 s: a kill or power cut loses at most that.
        self._heartbeat = timers.timer(self, HEARTBEAT_MS)
        self._heartbeat.timeout.connect(engine.heartbeat)
        self.event.connect(self._follow_call)
        self._batched = 0
        self.snapshot: Snapshot = engine.snapshot()

    # --- inputs ----------------------------------------------------------------

    def perform(self, action: str, origin: str = "window", at: float | None = None, reason: str | None = None) -> str | None:
        """Does ``action`` (see :data:`ACTIONS`) on the GUI thread.

        Returns None when done, else why it cannot be done now (Russian), which
        :attr:`refused` also carries. ``at``: the monotonic moment it really
        happened (an adapter's event time); the engine never goes before its last change.
        ``reason``: why an offer was not voiced (``offer_not_voiced``).
        """
        if origin not in ORIGINS:
            raise ValueError(f"unknown origin {origin!r}")
        refused = None
        try:
            if action in ENGINE_ACTIONS:
                self.engine.perform(action, origin, at)
            elif action in OFFER_ACTIONS:
                OFFER_ACTIONS[action](self.offers, origin, reason)
                self.offer_changed.emit()
            else:
                raise ValueError(f"unknown action {action!r}")
        except InvalidAction as exc:
            refused = texts.invalid_action(exc)
        except OfferError as exc:
            refused = str(exc)
        if refused is not None:
            self.refused.emit(refused, origin)
        self.refresh()
        return refused

    def post(self, action: str, origin: str, at: float | None = None) -> None:
        """Thread-safe :meth:`perform`: queued onto the session's (GUI) thread."""
        with self._posting:
            if not self._posting_connected:  # not at start: ConnectionType builds the Qt namespace (qt_names.py)
                from PySide6.QtCore import Qt

                self._posted.connect(self.perform, Qt.ConnectionType.QueuedConnection)
                self._posting_connected = True
        self._posted.emit(action, origin, at)

    def ring(self, number: str = "", answerable: bool = False, at: float | None = None) -> str | None:
        """The telephony says a call rings: :meth:`perform` of ``ring`` with what it knows (the
        caller's number, for the screen only; whether «new call» picks up through it)."""
        try:
            self.engine.ring("telephony", at, number, answerable)
        except InvalidAction as exc:
            return texts.invalid_action(exc)
        finally:
            self.refresh()
        return None

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Actions performed inside are shown once, at the end (a burst of telephony events:
        the latest state is drawn; every event still reaches the journal)."""
        self._batched += 1
        try:
            yield
        finally:
            self._batched -= 1
            if not self._batched:
                self.refresh()

    def allowed(self, action: str) -> bool:
        if action == "toggle_lookup":
            action = "end_lookup" if self.engine.state is CallState.LOOKUP else "start_lookup"
        elif action == "toggle_hold":
            action = "resume" if self.engine.state is CallState.HOLD else "start_hold"
        return self.engine.allowed(Action(action))

    def set_role(self, role_id: str) -> None:
        self.engine.set_role(role_id)
        self.refresh()

    def set_standard(self, settings, version: int | None) -> None:
        """The team's standard changed (ui/team/standard_sync.py): its settings (roles, limits, timers)
        and its version, journaled with each call (None: the bundled standard). Between calls only."""
        if self.in_call:
            raise RuntimeError("a standard is applied between calls, never during one")
        self.engine.set_settings(settings)
        self.engine.standard = version
        self.refresh()

    def use_offer_source(self, name: str) -> None:
        """Another offer source from now on: its name is journaled with the next call; the old one's offer goes."""
        self.engine.offer_source = self.offers.source_name = name
        self.offers.set_offer(None)
        self.offer_changed.emit()

    def apply_offer(self, result) -> None:
        """A poll result from the offer source (GUI thread)."""
        self.offers.apply(result)
        self.offer_changed.emit()

    def set_scenario_offer(self, offer) -> None:
        """A demo scenario's offer (or None)."""
        from ...core.offer_sources import Offer

        self.offers.set_offer(Offer(offer.id, offer.title, offer.text) if offer is not None else None)
        self.offer_changed.emit()

    def phrase_copied(self, phrase_ids: list[str], origin: str = "window", unfilled: dict | None = None) -> None:
        """Only ids reach the journal, never the filled-in text. ``unfilled``: per id, the placeholders
        (``operator_name``…) it was said without — the practice score card reads them; the journal keeps none."""
        now = self.clock.now()
        for phrase_id in phrase_ids:
            data = {"phrase_id": phrase_id, "origin": origin}
            if unfilled and unfilled.get(phrase_id):
                data["unfilled"] = list(unfilled[phrase_id])
            self.engine.bus.emit(Event(EventKind.PHRASE_COPIED, now, self.clock.wall(now), self.engine.call_id, data))

    @property
    def in_call(self) -> bool:
        return self.engine.state in (CallState.TALKING, CallState.LOOKUP, CallState.HOLD)

    # --- time ---------------------------------------------------------------------

    def refresh(self) -> Snapshot:
        """Reads the engine (thresholds fire here, stamped with their exact moment) and re-arms the timer.

        During a call the timer wakes at the next whole second or threshold, whichever
        comes first; between calls nothing changes and the timer sleeps.
        """
        snap = self.engine.snapshot()
        self.snapshot = snap
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

    # --- the end ------------------------------------------------------------------

    def _follow_call(self, event: Event) -> None:
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
