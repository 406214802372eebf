"""Runs a scenario through a real call session: demo (the app plays the operator) or practice.

The controller is one more input to the session (origin ``demo``): it performs
actions through it and listens to its events; the window only hosts its panel.
The session's engine runs on a ScaledClock, so ``--speed 30`` is exact: every
wait and threshold is a difference of scaled clock readings, never ticks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from ...core.commands import Action, ScenarioOffer
from ...core.events import Event, EventKind
from ...core.scenario import COMMANDS, Scenario, ScenarioPlayer, Step
from ...core.scoring import ACTION_WORDS, ScoreCard, score
from ...messages import say
from .. import timers
from .panel import DemoPanel

if TYPE_CHECKING:
    from .score_card import ScoreCardDialog

SAY_BEFORE_ACTION = {"start_hold", "end_call"}


class DemoController(QObject):
    finished = Signal()

    def __init__(self, session, phrases, scenario: Scenario, practice: bool = False, autoclose: bool = False,
                 parent=None) -> None:  # fmt: skip
        """``phrases``: what the demo says and highlights (the window's phrase panel, through
        ``say_phrase``/``highlight_phrase``/``phrase_lookup``/``set_client_name``)."""
        super().__init__(parent)
        self.session = session
        self.phrases = phrases
        self.scenario = scenario
        self.practice = practice
        self.autoclose = autoclose
        self.clock = session.clock
        self.events: list[Event] = []
        self.card: ScoreCard | None = None
        self.score_dialog: ScoreCardDialog | None = None
        self.panel = DemoPanel(scenario.title, practice, self.clock.speed)
        self.panel.pause_toggled.connect(self.set_paused)
        self.panel.step_clicked.connect(self.step)
        self.panel.restart_clicked.connect(self.restart)
        self._timer = timers.timer(self, single_shot=True, precise=True)
        self._timer.timeout.connect(self._poll)
        self._listening = False
        self.player: ScenarioPlayer | None = None
        self.by_speech = False
        """Practice hears the trainee (ui/speech/feed.py): a phrase step is done only when said aloud."""
        self.heard: list[tuple[float, float, str]] = []
        """What was heard (start, end, text), for the score card's missed steps; in memory only."""

    # --- control ------------------------------------------------------------

    def start(self) -> None:
        if not self._listening:  # listening again after a finished run («Заново»)
            self.session.occurred.connect(self._on_event)
            self._listening = True
        self.events.clear()
        self.panel.clear()
        if self.scenario.description:
            self.panel.add_line("note", self.scenario.description)
        if self.practice and not self.phrases.operator_name.strip():
            self.panel.add_line("note", self.tr("Впишите своё имя в поле «Имя» слева: по стандарту оно звучит в приветствии."))
        self.heard = []
        said = EventKind.PHRASE_HEARD if self.by_speech else EventKind.PHRASE_COPIED
        self.player = ScenarioPlayer(self.scenario, self.clock, self, practice=self.practice, said=said)
        self.player.start()
        self._schedule()

    def restart(self) -> None:
        if self.player is not None:
            self.player.finished = True  # the call ended by «Заново» is not the trainee's early F8
        if Action.END_CALL in self.session.snapshot.allowed:
            self.session.perform(Action.END_CALL, "demo")
        self.start()
        self.session.refresh()

    def stop(self) -> None:
        """The window closed: no more steps on the clock, no more listening."""
        self._timer.stop()
        self._stop_listening()
        if self.player is not None:
            self.player.finished = True

    def _stop_listening(self) -> None:
        if self._listening:
            self.session.occurred.disconnect(self._on_event)
            self._listening = False

    def set_paused(self, paused: bool) -> None:
        if not hasattr(self.clock, "pause"):
            return
        if paused:
            self.clock.pause()
            self._timer.stop()
        else:
            self.clock.resume()
            self._schedule()
        self.session.refresh()  # the call's own timer sleeps or wakes with the clock

    def step(self) -> None:
        """Jump the scenario clock to the next step (demo only)."""
        if self.player is None or self.player.finished or not hasattr(self.clock, "jump"):
            return
        self.clock.jump(self.player.skip_wait())
        self._poll()

    def _poll(self) -> None:
        if self.player is None:
            return
        self.player.poll()
        self.session.refresh()
        self._schedule()

    def _schedule(self) -> None:
        self._timer.stop()
        if self.player is None or self.clock.paused:
            return
        deadline = self.player.next_deadline()
        if deadline is None:
            return
        speed = self.clock.speed
        delay_ms = (deadline - self.clock.now()) / speed * 1000
        self._timer.start(max(1, int(delay_ms) + 1))

    # --- practice by speech -----------------------------------------------------

    def listen_to_speech(self) -> None:
        """From now on a phrase counts when the trainee says it (heard), not when it is copied."""
        if self.by_speech or not self.practice:
            return
        self.by_speech = True
        if self.player is not None:
            self.player.said = EventKind.PHRASE_HEARD
        self.panel.add_line("note", self.tr("Ваша речь слушается: фраза засчитывается, только когда она сказана вслух."))

    def phrase_heard(self, phrase_id: str, at: float) -> None:
        """A phrase of the library heard in the trainee's words (never put on the session's bus: nothing is journaled)."""
        if self.by_speech:
            self._on_event(Event(EventKind.PHRASE_HEARD, at, self.clock.wall(at), self.session.snapshot.call_id,
                                 {"phrase_id": phrase_id}))  # fmt: skip

    def heard_text(self, start: float, end: float, text: str) -> None:
        if self.by_speech:
            self.heard.append((start, end, text))

    def _on_event(self, event: Event) -> None:
        self.events.append(event)
        if self.practice and self.player is not None:
            self.player.on_event(event)
            self._schedule()

    # --- the player's handler -------------------------------------------------

    def client(self, step: Step) -> None:
        self.panel.add_line("client", step.client)
        if step.name and not self.practice:  # as the operator would type it (a trainee types it)
            self.phrases.set_client_name(step.name)
        self._note(step)

    def answer(self, step: Step) -> None:
        # In practice too: the trainee sees what a good answer says, in their own words.
        self.panel.add_line("operator", f"«{step.answer}»")
        self._note(step)

    def offer(self, step: Step) -> None:
        from ...core.offer_sources import Offer

        offer = step.offer
        self.session.perform(ScenarioOffer(Offer(offer.id, offer.title, offer.text) if offer is not None else None), "demo")
        if step.offer is not None:
            self.panel.add_line("note", self.tr("Появилось предложение: {title}").format(title=step.offer.title))
        self._note(step)

    def perform(self, step: Step) -> None:
        # The hold phrase asks consent before the hold; a greeting or thanks follows its action.
        say_first = step.action in SAY_BEFORE_ACTION
        if step.say and say_first:
            self._say(step.say)
        if step.kind == "operator":
            self.panel.add_line("operator", f"[{say(ACTION_WORDS[step.action])}]")
            self.session.perform(COMMANDS[step.action], "demo")
        if step.say and not say_first:
            self._say(step.say)
        self._note(step)

    def _say(self, phrase_id: str) -> None:
        self.panel.add_line("operator", f"«{self.phrases.say_phrase(phrase_id)}»")

    def expect(self, step: Step) -> None:
        if step.kind == "operator":
            what = say(ACTION_WORDS[step.action])
            if step.say:
                what += self.tr(" + фраза «{title}», подсвеченная справа").format(title=self._phrase_name(step.say))
        else:
            what = self.tr("фраза «{title}» — подсвечена справа").format(title=self._phrase_name(step.say))
        self.panel.add_line("expect", what)
        if step.say:
            self.phrases.set_highlight(step.say)

    def _phrase_name(self, phrase_id: str) -> str:
        """What the trainee finds the phrase by: its title, else its words (a creative phrase has no title)."""
        title = self.phrases.phrase_title(phrase_id)
        phrase = None if title else self.phrases.library.get(phrase_id)
        if phrase is None:
            return title or phrase_id
        text = self.phrases.render_phrase(phrase)
        return text if len(text) <= 60 else text[:59].rstrip() + "…"

    def scenario_finished(self) -> None:
        self._stop_listening()
        self._timer.stop()
        if self.player is not None and self.player.ended_early:
            self.panel.add_line("note", self.tr("Звонок завершён раньше сценария — оставшиеся шаги отмечены как пропущенные."))
        self.panel.add_line("note", self.tr("Сценарий окончен."))
        if self.practice and self.player is not None and self.player.started_at is not None:
            texts, categories = self.phrases.phrase_lookup()
            heard = self.heard if self.by_speech else None
            self.card = score(self.scenario, self.events, self.player.started_at, texts, categories, heard)
            from .score_card import ScoreCardDialog

            dialog = self.score_dialog = ScoreCardDialog(self.card, self.panel.window())
            dialog.show()
        self.finished.emit()
        if self.autoclose:
            QTimer.singleShot(0, QCoreApplication.quit)

    def _note(self, step: Step) -> None:
        if step.note and not self.practice:
            self.panel.add_line("note", step.note)
