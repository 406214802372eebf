"""«Отличное предложение» in the window: the lamp, the ticks, the card and the after-call question.

The presenter renders the call session's :class:`OfferState` and sends the operator's ticks and
outcomes back to it as commands; it also runs the offer source (off the GUI thread, from the
start-up sequence), whose answers go into the session like any other input.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QBoxLayout, QMainWindow

from ...core.commands import OfferFlag, OfferPolled, RecordOutcome, ServiceRequest, UseOfferSource
from ...core.events import Event, EventKind
from ...core.offers import OfferState, OfferView
from ...messages import say
from .controls import OfferControls
from .indicator import OfferIndicator

if TYPE_CHECKING:
    from ...core.offer_sources import OfferContext, OfferSource, PollResult
    from ..call.session import CallSession
    from .card import OfferCard
    from .feed import OfferFeed
    from .outcome_prompt import OutcomePrompt



OUTCOME_WORDS = {"accepted": "view.offer.accepted", "declined": "view.offer.declined", "not_voiced": "view.offer.not_voiced"}


def offer_lamp(view: OfferView) -> tuple[str, str]:
    """(lamp kind, the line under it) for an offer view."""
    kind = {"none": "grey", "offer": "red", "pending": "grey"}.get(view.kind, view.kind)
    status = ""
    if view.kind == "unavailable":  # the cause, so the operator (or the admin) can act on it
        status = say("view.offer.unavailable", cause=view.reminder)
    elif view.decided:
        status = say("view.offer.recorded", outcome=say(OUTCOME_WORDS.get(view.decided, view.decided)))
    elif view.reminder:
        status = view.reminder
    return kind, status


class OfferPresenter(QObject):
    def __init__(self, session: CallSession, window: QMainWindow, body: QBoxLayout, lamp: OfferIndicator,
                 ticks: OfferControls, call_actions: list[QAction], notify: Callable[[str], None],
                 spec: str = "none", source: OfferSource | None = None) -> None:  # fmt: skip
        """``body``: where the after-call question goes (above ``ticks``); ``call_actions``: the keys the
        card carries, so F5–F8 and Ctrl+R work while it is the active window; ``notify``: a notice;
        ``spec``: the offer source (``source``, if the caller made it already) that :meth:`start` polls."""
        super().__init__(window)
        self.spec = spec
        self.source = source
        self.session = session
        self.notify = notify
        self.window = window
        self.body = body
        self.lamp = lamp
        self.ticks = ticks
        self.call_actions = call_actions
        self.card: OfferCard | None = None
        self.feed: OfferFeed | None = None
        self._prompt: OutcomePrompt | None = None
        self._started = False
        lamp.clicked.connect(self.open_card)
        ticks.request_registered.connect(lambda: session.perform(ServiceRequest(registered=True)))
        ticks.request_withdrawn.connect(self._withdraw_request)
        ticks.flag_toggled.connect(lambda reason, on: session.perform(OfferFlag(reason, on)))
        session.offer_changed.connect(self.show_state)
        session.occurred.connect(self._on_event)
        self.show_state(session.offer_state)

    # --- the source ----------------------------------------------------------------

    def start(self) -> None:
        """Polls the offer source off the GUI thread; ``none`` polls nothing."""
        self._started = True
        source, spec = self.source, self.spec
        if source is None and spec == "none":
            return  # nothing to poll: no thread, the lamp stays grey
        from .feed import OfferFeed

        if source is None:
            from ...offers import create_source

            try:
                source = create_source(spec)
            except ValueError as exc:  # UnknownPlugin too: said, and the lamp stays grey
                self.notify(self.tr("Источник предложений не подключён: {error}").format(error=exc))
                return
        self.feed = OfferFeed(source, self._context, self)
        self.feed.result.connect(self._polled)  # a method of ours: delivered on our (the GUI) thread
        self.feed.start()

    def _polled(self, result: PollResult) -> None:
        self.session.perform(OfferPolled(result))

    def stop(self) -> None:
        if self.feed is not None:
            self.feed.stop()

    def use_source(self, spec: str) -> None:
        """Another offer source from now on (a team's new standard names one): the old one stops, and the
        new one is polled at once if the window polls already (else at its start, as the first was)."""
        self.stop()
        self.feed = None
        self.spec, self.source = spec, None
        self.session.perform(UseOfferSource(spec.partition(":")[0]))
        if self._started:
            self.start()

    def _context(self) -> OfferContext:
        # Read from the poller's thread: plain attribute reads of what the session last said, no client data.
        from ...core.offer_sources import OfferContext

        snap, state = self.session.snapshot, self.session.offer_state
        return OfferContext(snap.role.id, snap.call_id, frozenset(state.flags))

    def _on_event(self, event: Event) -> None:
        if event.kind is EventKind.CALL_STARTED and self.feed is not None:
            self.feed.request()  # once at call start, whatever the polling interval

    # --- the card --------------------------------------------------------------------

    def open_card(self) -> OfferCard | None:
        from .card import OfferCard

        state = self.session.offer_state
        if not state.view.title:
            message = self.tr("Предложения нет — индикатор серый.")
            if state.has_offer:
                message = self.tr("Карточка предложения открывается во время звонка (F5 — новый звонок).")
            self.window.statusBar().showMessage(message, 4000)
            return None
        if self.card is None:
            self.card = OfferCard(self.window)
            # The card may be the active window while the call goes on: F5–F8 and Ctrl+R work there too.
            self.card.addActions(self.call_actions)
            self.card.outcome.connect(lambda outcome, reason: self.session.perform(RecordOutcome(outcome, reason)))
            self.card.finished.connect(lambda _: self.window.activateWindow())  # the keys come back there
        self._fill_card(state.view)
        self.card.show()
        self.card.raise_()
        self.card.activateWindow()  # Tab/Space work on the card at once
        return self.card

    def _fill_card(self, view: OfferView) -> None:
        assert self.card is not None
        suppressed = view.caption if view.kind == "suppressed" else ""
        self.card.show_offer(view.title, view.text, view.reminder, suppressed, decided=view.decided is not None)

    # --- rendering ------------------------------------------------------------------

    def show_state(self, state: OfferState) -> None:
        view = state.view
        if self.card is not None and self.card.isVisible():
            # An open card follows the call: new flags or request, another offer, or none
            # (between calls there is no offer to voice, so the card closes when its call ends).
            if view.title:
                self._fill_card(view)
            else:
                self.card.close()
        kind, status = offer_lamp(view)
        if not status and not state.in_call:  # the line's room is kept (the ticks never move): it says why they are off
            status = say("view.offer.ticks_in_call")
        self.lamp.set_state(kind, view.caption, view.tooltip, status)
        self.ticks.show_state(state.in_call, state.request_registered, list(state.flags))
        if state.pending_title is not None:
            self.prompt.ask(state.pending_title)
        elif self._prompt is not None:
            self._prompt.dismiss()

    @property
    def prompt(self) -> OutcomePrompt:
        """The offer's outcome question after a call, under the lamp (built when first asked)."""
        if self._prompt is None:
            from .outcome_prompt import OutcomePrompt

            self._prompt = OutcomePrompt(self.window)
            self._prompt.chosen.connect(lambda outcome, reason: self.session.perform(RecordOutcome(outcome, reason)))
            self.body.insertWidget(self.body.indexOf(self.ticks), self._prompt)
        return self._prompt

    def _withdraw_request(self) -> None:
        if self.session.perform(ServiceRequest(registered=False)) is None:
            self.window.statusBar().showMessage(self.tr("Отметка «Сервисный запрос зарегистрирован» снята."), 4000)
