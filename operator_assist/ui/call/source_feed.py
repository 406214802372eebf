"""Brings a call source's events to the GUI thread and into the call session.

The source calls back from its own thread into a bounded :class:`EventQueue`; the GUI thread
is woken once and drains it in slices of a few milliseconds (the window paints, its timers run
and a quit is heard between slices). Each event is mapped with a :class:`CallTracker` against
the session's current state and the resulting actions are performed with origin ``telephony``
and the event's own time, inside the session's batch: the window draws a lone event at once, a
stream of them at most a fifth of its time (the latest state). In a flood the latest state wins
before the GUI thread (the queue coalesces); every event applied reaches the journal.

The other way round, an action the session performed with another origin (the operator's key)
is passed to the source's ``command`` for the call the telephony follows — how the baresip
source holds the softphone on F7. A command the softphone did not take (no link, the call is
gone, refused) becomes a notice for the operator, and a hold it has not confirmed is shown as
unconfirmed. «New call» (F5) on a ringing call answers it through a source that can.
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING, Any, Callable, Protocol

from PySide6.QtCore import QObject, Qt, Signal

from ...core.call_sources import CallSource, CommandRefused, LinkStatus
from ...core.commands import Action, Command, Ring
from ...core.engine import CallState, Status
from ...core.events import EventKind
from ...core.telephony import ANSWER, COMMAND_FAILED, ORIGIN, RING, CallTracker, TelephonyEvent
from ...core.telephony_queue import EventQueue, Reply, Verdict
from .. import texts, timers

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow

log = logging.getLogger(__name__)

# The session's core events that an action with another origin produced → the action.
_COMMAND_OF_EVENT = {"hold_started": Action.START_HOLD, "hold_ended": Action.RESUME, "call_ended": Action.END_CALL}
SLICE_S = 0.02
"""GUI-thread time one drain may take before the event loop gets its turn again."""
BATCH = 32
DRAW_SHARE = 0.2
"""Drawing what the telephony changed takes at most this share of the GUI thread's time: after a
draw that took d seconds, the next waits until d / DRAW_SHARE has passed (events meanwhile are
drawn together, the latest state)."""
DRAW_MAX_S = 0.25
"""However slow the last draw was, the window is never further behind the telephony than this."""


def command_words(action: str) -> str:
    return {
        Action.START_HOLD: texts.translate("texts", "удержание"),
        Action.RESUME: texts.translate("texts", "возврат с удержания"),
        Action.END_CALL: texts.translate("texts", "завершение звонка"),
        ANSWER: texts.translate("texts", "ответ на звонок"),
    }.get(action, action)


class Session(Protocol):
    """The part of ui/call/session.CallSession the feed uses."""

    occurred: Any  # Signal(object): every core Event, on the GUI thread
    changed: Any  # Signal(object): every Snapshot
    snapshot: Any
    clock: Any

    def perform(self, command: Command, origin: str = "window", at: float | None = None) -> str | None: ...

    def batch(self) -> Any: ...


class CallSourceFeed(QObject):
    status = Signal(str)
    """The source's link state as text for the window, on the GUI thread."""
    notice = Signal(str)
    """The softphone did not take a command of the operator's: what to check (GUI thread)."""
    hint = Signal(str)
    """A passing remark on a key (F5 on a source that cannot pick up)."""
    handled = Signal(object, object)
    """(TelephonyEvent, Step) after the session acted on it (GUI thread): for tests and benchmarks."""
    _wake = Signal()

    def __init__(self, source: CallSource, session: Session, tracker: CallTracker | None = None, parent=None) -> None:
        super().__init__(parent)
        self.source = source
        self.session = session
        self.tracker = tracker or CallTracker(source.config.agent, session.clock)
        self.text = source.status.text
        self.queue = EventQueue()
        self._wake.connect(self._drain, Qt.ConnectionType.QueuedConnection)
        session.occurred.connect(self._session_event)
        session.changed.connect(self._session_changed)
        self._answering: str | None = None
        """The ringing call an answer was sent for."""
        self._batch: Any = None
        """The session's batch the events applied since the last draw are in."""
        self._drawn_at = 0.0
        self._draw_cost = 0.0
        """How long the last draw of the window took, its layout and paint included (wall time)."""
        self._draw_timer = timers.timer(self, single_shot=True)
        self._draw_timer.timeout.connect(self._draw)
        self._started = False

    def start(self) -> None:
        if not self._started:
            self._started = True
            self.source.start(self.put, self.put, self.session.clock)

    def stop(self) -> None:
        self._draw()
        if self._started:
            self._started = False
            self.source.stop()
            self.queue.clear(Verdict(False, texts.translate("texts", "помощник закрывается")))

    # --- the source's thread -------------------------------------------------------

    def put(self, item: TelephonyEvent | LinkStatus, reply: Reply | None = None) -> bool:
        """From any thread: an event (or link status) for the GUI thread. False: refused, the
        queue is full of events whose senders wait (the inbox says so)."""
        wake = self.queue.put(item, reply)
        if wake:
            self._wake.emit()
        return wake is not None

    # --- the GUI thread ----------------------------------------------------------------

    def _drain(self) -> None:
        if self._batch is None:  # what the events change is drawn once, at the end of the batch
            self._batch = self.session.batch()
            self._batch.__enter__()
        deadline = time.monotonic() + SLICE_S
        more = True
        try:
            while more and time.monotonic() < deadline:
                items, more = self.queue.take(BATCH)
                for item, reply in items:
                    if isinstance(item, LinkStatus):
                        self._show_link(item)
                    elif reply is None or reply.take():  # not an event its sender gave up on
                        self._deliver(item, reply)
        finally:
            wait = self._drawn_at + min(DRAW_MAX_S, self._draw_cost / DRAW_SHARE) - time.monotonic()
            if wait <= 0:
                self._draw()
            elif not more and not self._draw_timer.isActive():
                self._draw_timer.start(int(wait * 1000) + 1)
        if more:
            self._wake.emit()  # the rest after the event loop's turn (paint, timers, a quit)

    def _draw(self) -> None:
        self._draw_timer.stop()
        batch, self._batch = self._batch, None
        if batch is not None:
            started = self._drawn_at = time.monotonic()
            batch.__exit__(None, None, None)
            # What the draw costs includes the layout and paint Qt does after it: measured when the
            # event loop is free again (a zero timer runs after the posted layout and paint events).
            timers.later(self, 0, lambda: self._drawn(started))

    def _drawn(self, started: float) -> None:
        self._drawn_at = time.monotonic()
        self._draw_cost = self._drawn_at - started

    def _show_link(self, link: LinkStatus) -> None:
        if link.text != self.text:
            self.text = link.text
            self.status.emit(link.text)

    def _deliver(self, event: TelephonyEvent, reply: Reply | None = None) -> None:
        if event.kind == COMMAND_FAILED:
            self._command_failed(event.command, event.detail)
            return
        step = self.tracker.feed(event, self.session.snapshot.state)
        refusal = texts.invalid_action(step.refused) if step.refused is not None else None
        for action in step.actions:
            command: Command = Ring(step.number, self.source.can_answer) if action is RING else action
            reason = self.session.perform(command, origin=ORIGIN, at=event.at)
            if reason:
                log.info("telephony %s: %s not done: %s", event.source, action, reason)
                refusal = refusal or reason
        if reply is not None:
            reply.give(Verdict(refusal is None, refusal or texts.translate("texts", "принято")))
        self.handled.emit(event, step)

    def _session_event(self, event) -> None:
        if event.data.get("origin") == ORIGIN:
            return
        if event.kind is EventKind.CALL_STARTED and self.tracker.ringing is not None and not self.source.can_answer:
            self.tracker.ringing = None  # the operator took it by hand: the telephony will say answered
            self.hint.emit(
                texts.translate("texts", "Снимите трубку в телефоне: источник звонков «{label}» не отвечает на звонок сам. Звонок уже идёт.")
                .format(label=self.source.label)
            )  # fmt: skip
            return
        action = _COMMAND_OF_EVENT.get(event.kind.value)
        if action is not None and self._command(action, self.tracker.call_id) is not False and action is Action.START_HOLD:
            self.session.perform(Action.HOLD_UNCONFIRMED, origin=ORIGIN)  # until the softphone says ok

    def _session_changed(self, snap) -> None:
        """«New call» on a ringing call that a source picks up: the answer goes out once."""
        ringing = self.tracker.ringing
        if snap.status is Status.ANSWERING and ringing is not None and self._answering != ringing:
            self._answering = ringing
            if self._command(ANSWER, ringing) is False:
                self._not_answering()
        elif snap.state is not CallState.RINGING:
            self._answering = None

    def _command(self, action: str, call_id: str | None) -> bool | None:
        """True: the source sent it (its outcome comes later); None: it could not be sent (the
        operator has been told); False: the source does not act on it."""
        try:
            return self.source.command(action, call_id)
        except CommandRefused as exc:
            self._command_failed(action, str(exc))
            return None
        except Exception:  # a plugin's bug must not break the operator's key
            log.exception("call source %s: command %s failed", self.source.name, action)
            return False

    def _command_failed(self, action: str, detail: str) -> None:
        log.info("telephony %s: %s not done by the telephony", self.source.name, action)
        self.notice.emit(
            texts.translate("texts", "{label}: команда «{command}» не выполнена — {detail}. Проверьте звонок в софтфоне.")
            .format(label=self.source.label, command=command_words(action), detail=detail)
        )  # fmt: skip
        if action == ANSWER:
            self._not_answering()

    def _not_answering(self) -> None:
        """The answer did not happen: the call rings again, and F5 may be pressed again."""
        self._answering = None
        if self.session.snapshot.state is CallState.RINGING:
            self.session.perform(Action.RING, origin=ORIGIN)  # what it knew of the call stays


def attach(session: Session, source: CallSource, window: QMainWindow | None = None,
           notices: Callable[[str], None] | None = None) -> CallSourceFeed:  # fmt: skip
    """The one place that wires a call source to a session (and the window's status bar, if given;
    ``notices``: where the operator reads what the softphone did not do).

    The feed is the window's child; the caller keeps it (to stop it, or to watch what it handled)."""
    feed = CallSourceFeed(source, session, parent=window)
    if window is not None:
        from PySide6.QtWidgets import QLabel

        label = QLabel(feed.text)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setObjectName("callSourceStatus")
        window.statusBar().addPermanentWidget(label)
        feed.status.connect(label.setText)
        feed.hint.connect(lambda text: window.statusBar().showMessage(text, 8000))
    if notices is not None:
        feed.notice.connect(notices)
    from PySide6.QtCore import QCoreApplication

    app = QCoreApplication.instance()
    if app is not None:  # the inbox removes its inbox.json, the sockets close
        app.aboutToQuit.connect(feed.stop)
    feed.start()
    return feed
