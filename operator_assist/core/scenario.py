"""Training scenarios: realistic calls played through the real app.

A scenario file (YAML)::

    title: Запрос баланса
    description: Короткая консультация — резюме не нужно.
    role: specialist            # or senior; sets the hold limit
    steps:
      - operator: start_call    # an operator action (see ACTIONS)
        say: greeting.company   # the phrase the standard expects here (phrase id)
      - client: Здравствуйте, это Анна. Подскажите, пожалуйста, мой баланс.
        name: Анна              # the client said their name: it fills the client-name field
        wait: 2                 # seconds after the previous step (default 2)
      - say: farewell.default
        within: 20              # how long the operator has (default 15 s)
        note: Короткая консультация — резюме не нужно.

Each step is exactly one of ``client`` (what the client says), ``operator``
(an action, optionally with ``say``), ``say`` (a phrase alone), ``answer``
(the operator's own words — a balance, a date — shown, never scored) or
``offer`` (the offer source now has this offer, or ``none``).

In a demo the player performs every step itself. In practice the trainee is
the operator: client lines and offers are played, and operator steps become
expectations the player waits for and the score card checks.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from ..messages import Words
from .clock import Clock
from .commands import Action, Command, OfferFlag, RecordOutcome, ServiceRequest
from .events import Event, EventKind
from .files import excerpt
from .schema import seconds_field, text_field, unknown_keys
from .yamlio import Problem, Report, line_of, load_yaml, type_name

DEFAULT_WAIT = 2.0
DEFAULT_WITHIN = 15.0

# action -> (event kind, required data) that shows the operator did it
ACTIONS: dict[str, tuple[EventKind, dict[str, Any]]] = {
    "start_call": (EventKind.CALL_STARTED, {}),
    "start_lookup": (EventKind.LOOKUP_STARTED, {}),
    "end_lookup": (EventKind.LOOKUP_ENDED, {}),
    "start_hold": (EventKind.HOLD_STARTED, {}),
    "resume": (EventKind.HOLD_ENDED, {}),
    "end_call": (EventKind.CALL_ENDED, {}),
    "register_request": (EventKind.SERVICE_REQUEST_REGISTERED, {}),
    "offer_accepted": (EventKind.OFFER_OUTCOME, {"outcome": "accepted"}),
    "offer_declined": (EventKind.OFFER_OUTCOME, {"outcome": "declined"}),
    "offer_not_voiced": (EventKind.OFFER_OUTCOME, {"outcome": "not_voiced"}),
    "flag_complaint": (EventKind.OFFER_SUPPRESSED, {"reason": "complaint"}),
    "flag_lost_phone": (EventKind.OFFER_SUPPRESSED, {"reason": "lost_phone"}),
    "flag_siebel_down": (EventKind.OFFER_SUPPRESSED, {"reason": "siebel_down"}),
}
COMMANDS: dict[str, Command] = {
    **{action: Action(action) for action in ("start_call", "start_lookup", "end_lookup", "start_hold", "resume", "end_call")},
    "register_request": ServiceRequest(registered=True),
    "offer_accepted": RecordOutcome("accepted"),
    "offer_declined": RecordOutcome("declined"),
    "offer_not_voiced": RecordOutcome("not_voiced"),
    "flag_complaint": OfferFlag("complaint", on=True),
    "flag_lost_phone": OfferFlag("lost_phone", on=True),
    "flag_siebel_down": OfferFlag("siebel_down", on=True),
}
"""What each action of a scenario file asks of the call session."""
KINDS = ("client", "operator", "say", "answer", "offer")
_STEP_KEYS = set(KINDS) | {"wait", "within", "note", "name"}
_TOP_KEYS = {"title", "description", "role", "steps"}


@dataclass(frozen=True)
class ScenarioOffer:
    id: str
    title: str
    text: str


@dataclass(frozen=True)
class Step:
    index: int
    kind: str
    """client | operator | say | answer | offer"""
    line: int
    client: str = ""
    answer: str = ""
    """The operator's own words (a balance, a date): shown, not scored."""
    name: str = ""
    """A client step where the client says their name: it goes into the client-name field."""
    action: str = ""
    say: str = ""
    offer: ScenarioOffer | None = None
    wait: float = DEFAULT_WAIT
    within: float = DEFAULT_WITHIN
    note: str = ""

    @property
    def is_expectation(self) -> bool:
        """An operator step: performed in a demo, expected from the trainee in practice."""
        return self.kind in ("operator", "say")


@dataclass(frozen=True)
class Scenario:
    id: str
    title: str
    description: str
    role: str
    steps: tuple[Step, ...]
    file: str = ""

    def phrase_ids(self) -> set[str]:
        return {step.say for step in self.steps if step.say}


def _step(report: Report, raw: Any, index: int, line: int, known_phrases: set[str] | None) -> Step | None:
    field = f"steps[{index + 1}]"
    if not isinstance(raw, dict):
        report.error(line, "scenario.step_mapping", field=field, kinds=", ".join(KINDS), type=type_name(raw))
        return None
    unknown_keys(report, raw, _STEP_KEYS, f"{field}.")
    kinds = [k for k in KINDS if k in raw]
    if "operator" in kinds and "say" in kinds:
        kinds.remove("say")  # an action with the phrase said at it
    if len(kinds) != 1:
        found = ", ".join(kinds) or Words("scenario.nothing")
        report.error(line, "scenario.one_kind", field=field, kinds=", ".join(KINDS), found=found)
        return None
    kind = kinds[0]
    values: dict[str, Any] = {
        "wait": seconds_field(report, raw, "wait", f"{field}.wait", DEFAULT_WAIT),
        "within": seconds_field(report, raw, "within", f"{field}.within", DEFAULT_WITHIN),
        "note": text_field(report, raw, "note", f"{field}.note"),
    }
    if kind == "client":
        values["client"] = text_field(report, raw, "client", f"{field}.client", required=True)
        if "name" in raw:
            values["name"] = text_field(report, raw, "name", f"{field}.name", required=True)
    elif kind == "answer":
        values["answer"] = text_field(report, raw, "answer", f"{field}.answer", required=True)
    elif kind == "operator":
        action = raw["operator"]
        if action not in ACTIONS:
            report.error(line_of(raw, "operator"), "scenario.unknown_action", field=f"{field}.operator", value=excerpt(action), allowed=", ".join(ACTIONS))
            return None
        values["action"] = action
    elif kind == "offer":
        offer = raw["offer"]
        if offer in (None, "none"):
            values["offer"] = None
        elif isinstance(offer, dict):
            parts = [text_field(report, offer, key, f"{field}.offer.{key}", required=True) for key in ("id", "title", "text")]
            values["offer"] = ScenarioOffer(*parts) if all(parts) else None
        else:
            report.error(line_of(raw, "offer"), "scenario.offer", field=f"{field}.offer")
    if "say" in raw:
        phrase = text_field(report, raw, "say", f"{field}.say", required=True)
        if phrase and known_phrases is not None and phrase not in known_phrases:
            report.error(line_of(raw, "say"), "scenario.no_phrase", field=f"{field}.say", value=excerpt(phrase))
        values["say"] = phrase
    return Step(index=index, kind=kind, line=line, **values)


def parse_scenario(
    data: Any, file: str, known_phrases: set[str] | None = None, roles: Iterable[str] = ("specialist", "senior")
) -> tuple[Scenario | None, list[Problem]]:
    report = Report(file)
    if not isinstance(data, dict):
        report.error(line_of(data, 0), "scenario.file_mapping", keys=", ".join(sorted(_TOP_KEYS)), type=type_name(data))
        return None, report.problems
    unknown_keys(report, data, _TOP_KEYS)
    title = text_field(report, data, "title", "title", required=True)
    description = text_field(report, data, "description", "description")
    role = data.get("role", "specialist")
    roles = list(roles)
    if role not in roles:
        report.error(line_of(data, "role"), "scenario.unknown_role", value=excerpt(role), roles=", ".join(roles))
    raw_steps = data.get("steps")
    steps: list[Step] = []
    if not isinstance(raw_steps, list) or not raw_steps:
        report.error(line_of(data, "steps"), "scenario.steps")
    else:
        for index, raw in enumerate(raw_steps):
            step = _step(report, raw, index, line_of(raw_steps, index), known_phrases)
            if step is not None:
                steps.append(step)
        actions = [s.action for s in steps if s.kind == "operator"]
        if actions and (actions[0] != "start_call" or actions[-1] != "end_call"):
            report.error(line_of(data, "steps"), "scenario.start_and_end")
    if not report.ok:
        return None, report.problems
    return Scenario(Path(file).stem, title, description, role, tuple(steps), file), report.problems


def load_scenario(path: str | os.PathLike[str], known_phrases: set[str] | None = None,
                  roles: Iterable[str] = ("specialist", "senior")) -> tuple[Scenario | None, list[Problem]]:  # fmt: skip
    data, problems = load_yaml(path)
    if problems:
        return None, problems
    return parse_scenario(data, str(path), known_phrases, roles)


def load_scenarios(dirs: Iterable[Path], known_phrases: set[str] | None = None,
                   roles: Iterable[str] = ("specialist", "senior")) -> tuple[dict[str, Scenario], list[Problem]]:  # fmt: skip
    """All scenarios of ``dirs`` (later dirs override earlier ones by file name), and the problems."""
    found: dict[str, Scenario] = {}
    problems: list[Problem] = []
    for directory in dirs:
        if not directory.is_dir():
            continue
        for path in sorted(directory.glob("*.yaml")):
            scenario, file_problems = load_scenario(path, known_phrases, roles)
            problems.extend(file_problems)
            if scenario is not None:
                found[scenario.id] = scenario
    return found, problems


def matches(step: Step, event: Event, said: EventKind = EventKind.PHRASE_COPIED) -> bool:
    """Whether ``event`` shows the operator did ``step``; ``said``: what shows a phrase said (copied, or heard)."""
    if step.kind == "say":
        return event.kind is said and event.data.get("phrase_id") == step.say
    if step.kind != "operator":
        return False
    kind, data = ACTIONS[step.action]
    return event.kind is kind and all(event.data.get(k) == v for k, v in data.items())


@dataclass
class _Expect:
    step: Step
    since: float
    """When the step became due."""


class ScenarioPlayer:
    """Plays a scenario against a clock; pure, the UI hands it events and polls it.

    ``handler`` receives what happens: ``client(step)``, ``answer(step)``, ``offer(step)``,
    ``perform(step)`` (demo only: do the operator action and/or say the phrase),
    ``expect(step)`` (practice: now waiting for the trainee), ``scenario_finished()``.
    """

    def __init__(self, scenario: Scenario, clock: Clock, handler: Any, practice: bool = False,
                 said: EventKind = EventKind.PHRASE_COPIED) -> None:  # fmt: skip
        """``said``: the event that shows a phrase said (``PHRASE_HEARD``: a practice that hears the trainee)."""
        self.scenario = scenario
        self.clock = clock
        self.handler = handler
        self.practice = practice
        self.said = said
        self.index = 0
        self.started_at: float | None = None
        self._last = 0.0  # when the previous step completed
        self._waiting: _Expect | None = None
        self._backlog: list[Event] = []
        self._polling = False
        self.finished = False
        self.ended_early = False
        """Practice: the trainee ended the call before the scenario's end (the rest is missed)."""
        self._in_call = False

    def start(self) -> None:
        self.started_at = self._last = self.clock.now()
        self.poll()

    @property
    def current(self) -> Step | None:
        steps = self.scenario.steps
        return steps[self.index] if self.index < len(steps) else None

    def next_deadline(self) -> float | None:
        step = self.current
        if self.finished or step is None or self.started_at is None:
            return None
        if self._waiting is not None:
            # Practice: give up on a step the trainee never does, so the call goes on.
            return self._waiting.since + 2 * step.within
        return self._last + step.wait

    def on_event(self, event: Event) -> None:
        if self.practice and not self.finished:
            self._backlog.append(event)  # kept until a step consumes it: a trainee may act early
            if event.kind is EventKind.CALL_STARTED:
                self._in_call = True
            self.poll()
            if event.kind is EventKind.CALL_ENDED and self._in_call and not self.finished:
                # F8 ends the practice: nothing more comes from a finished call, the score comes now.
                self.finished = self.ended_early = True
                self.handler.scenario_finished()

    def poll(self) -> None:
        # A handler's action emits events that come back through on_event: the outer
        # poll goes on with them, an inner one would play the current step again.
        if self.started_at is None or self._polling:
            return
        self._polling = True
        try:
            self._poll()
        finally:
            self._polling = False

    def _poll(self) -> None:
        while not self.finished:
            step = self.current
            if step is None:
                self.finished = True
                self.handler.scenario_finished()
                return
            now = self.clock.now()
            if self._waiting is not None:
                done = self._match(self._waiting.step)
                if done is not None:
                    # Timed from when the trainee did it, which may be before it was due.
                    del self._backlog[: self._backlog.index(done) + 1]
                    self._complete(self._waiting.step, done.at)
                    continue
                give_up = self.next_deadline()
                if give_up is None or now < give_up:
                    return
                self._complete(self._waiting.step, give_up)
                continue
            due = self._last + step.wait
            if now < due:
                return
            if step.is_expectation and self.practice:
                self._waiting = _Expect(step, since=due)
                self.handler.expect(step)
                continue
            if step.kind == "client":
                self.handler.client(step)
            elif step.kind == "answer":
                self.handler.answer(step)
            elif step.kind == "offer":
                self.handler.offer(step)
            else:
                self.handler.perform(step)
            self._complete(step, due)

    def skip_wait(self) -> float:
        """Seconds until the next step is due (for a demo's «шаг» button)."""
        deadline = self.next_deadline()
        return max(0.0, deadline - self.clock.now()) if deadline is not None else 0.0

    def _match(self, step: Step) -> Event | None:
        """The trainee's event that completes ``step`` (its action, or the phrase of a say step)."""
        for event in self._backlog:
            if matches(step, event, self.said):
                return event
        return None

    def _complete(self, step: Step, at: float) -> None:
        self._waiting = None
        self._last = max(at, self._last)
        self.index += 1
