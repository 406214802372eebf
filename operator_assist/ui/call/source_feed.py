"""Brings a call source's events to the GUI thread and into the call session.

The source calls back from its own thread; the feed re-emits on the GUI thread
(queued signals), maps each event with a :class:`CallTracker` against the
session's current state and performs the resulting actions with origin
``telephony`` and the event's own time. The other way round, an action the
session performed with another origin (the operator's key) is passed to the
source's ``command`` — how the baresip source holds the softphone on F7.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QObject, Qt, Signal

from ...core.call_sources import CallSource, LinkStatus
from ...core.commands import Action, Command
from ...core.telephony import ORIGIN, CallTracker, TelephonyEvent

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow

log = logging.getLogger(__name__)

# The session's core events that an action with another origin produced → the action.
_COMMAND_OF_EVENT = {"hold_started": Action.START_HOLD, "hold_ended": Action.RESUME, "call_ended": Action.END_CALL}


class Session(Protocol):
    """The part of ui/call_session.CallSession the feed uses."""

    occurred: Any  # Signal(object): every core Event, on the GUI thread
    snapshot: Any
    clock: Any

    def perform(self, command: Command, origin: str = "window", at: float | None = None) -> str | None: ...


class CallSourceFeed(QObject):
    status = Signal(str)
    """The source's link state as text for the window, on the GUI thread."""
    handled = Signal(object, object)
    """(TelephonyEvent, Step) after the session acted on it (GUI thread): for tests and benchmarks."""
    _incoming = Signal(object)
    _link = Signal(object)

    def __init__(self, source: CallSource, session: Session, tracker: CallTracker | None = None, parent=None) -> None:
        super().__init__(parent)
        self.source = source
        self.session = session
        self.tracker = tracker or CallTracker(source.config.agent, session.clock)
        self.text = source.status.text
        self._incoming.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self._link.connect(self._show_link, Qt.ConnectionType.QueuedConnection)
        session.occurred.connect(self._session_event)
        self._started = False

    def start(self) -> None:
        if not self._started:
            self._started = True
            self.source.start(self._incoming.emit, self._link.emit, self.session.clock)

    def stop(self) -> None:
        if self._started:
            self._started = False
            self.source.stop()

    def _show_link(self, link: LinkStatus) -> None:
        if link.text != self.text:
            self.text = link.text
            self.status.emit(link.text)

    def _deliver(self, event: TelephonyEvent) -> None:
        step = self.tracker.feed(event, self.session.snapshot.state)
        for action in step.actions:
            reason = self.session.perform(action, origin=ORIGIN, at=event.at)
            if reason:
                log.info("telephony %s: %s not done: %s", event.source, action, reason)
        self.handled.emit(event, step)

    def _session_event(self, event) -> None:
        if event.data.get("origin") == ORIGIN:
            return
        action = _COMMAND_OF_EVENT.get(event.kind.value)
        if action is not None:
            try:
                self.source.command(action)
            except Exception:  # a plugin's bug must not break the operator's key
                log.exception("call source %s: command %s failed", self.source.name, action)


def attach(session: Session, source: CallSource, window: QMainWindow | None = None) -> CallSourceFeed:
    """The one place that wires a call source to a session (and the window's status bar, if given).

    The feed is the window's child; the caller keeps it (to stop it, or to watch what it handled)."""
    feed = CallSourceFeed(source, session, parent=window)
    if window is not None:
        from PySide6.QtWidgets import QLabel

        label = QLabel(feed.text)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setObjectName("callSourceStatus")
        window.statusBar().addPermanentWidget(label)
        feed.status.connect(label.setText)
    from PySide6.QtCore import QCoreApplication

    app = QCoreApplication.instance()
    if app is not None:  # the inbox removes its inbox.json, the sockets close
        app.aboutToQuit.connect(feed.stop)
    feed.start()
    return feed
