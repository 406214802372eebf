"""The practice score card: a pure function of the scenario and the recorded events."""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace
from typing import Callable, Mapping, Sequence

from ..messages import say
from .events import Event, EventKind
from .phrases import normalize
from .scenario import ACTIONS, Scenario, Step, matches


class Verdict(str, enum.Enum):
    ON_TIME = "on_time"
    LATE = "late"
    MISSED = "missed"
    WRONG = "wrong"


VERDICT_WORDS = {
    Verdict.ON_TIME: "scoring.verdict.on_time",
    Verdict.LATE: "scoring.verdict.late",
    Verdict.MISSED: "scoring.verdict.missed",
    Verdict.WRONG: "scoring.verdict.wrong",
}

ACTION_WORDS = {
    "start_call": "scoring.step.start_call",
    "start_lookup": "scoring.step.start_lookup",
    "end_lookup": "scoring.step.end_lookup",
    "start_hold": "scoring.step.start_hold",
    "resume": "scoring.step.resume",
    "end_call": "scoring.step.end_call",
    "register_request": "scoring.step.register_request",
    "offer_accepted": "scoring.step.offer_accepted",
    "offer_declined": "scoring.step.offer_declined",
    "offer_not_voiced": "scoring.step.offer_not_voiced",
    "flag_complaint": "scoring.step.flag_complaint",
    "flag_lost_phone": "scoring.step.flag_lost_phone",
    "flag_siebel_down": "scoring.step.flag_siebel_down",
}

# Why each action matters, in the standard's words.
RULES = {
    "start_hold": "scoring.rule.start_hold",
    "resume": "scoring.rule.resume",
    "register_request": "scoring.rule.register_request",
    "offer_accepted": "scoring.rule.offer",
    "offer_declined": "scoring.rule.offer",
    "offer_not_voiced": "scoring.rule.offer_not_voiced",
    "flag_complaint": "scoring.rule.flag_complaint",
    "flag_lost_phone": "scoring.rule.flag_lost_phone",
    "flag_siebel_down": "scoring.rule.flag_siebel_down",
}
PHRASE_RULE = "scoring.rule.phrase"
CLOSING_PHRASE = "farewell.all_best"
"""The phrase whose words must not be said twice in one farewell."""


@dataclass(frozen=True)
class ScoreItem:
    title: str
    verdict: Verdict
    explanation: str
    step: int | None = None
    """Index of the scenario step, or None for a rule checked over the whole call."""
    heard: str | None = None
    """A practice that hears the trainee: what was heard while a phrase not said on time was due ("" nothing);
    None otherwise. On screen only."""


@dataclass(frozen=True)
class ScoreCard:
    scenario: str
    items: tuple[ScoreItem, ...]

    @property
    def perfect(self) -> bool:
        return all(item.verdict is Verdict.ON_TIME for item in self.items)

    def count(self, verdict: Verdict) -> int:
        return sum(item.verdict is verdict for item in self.items)


def _first(events: Sequence[Event], start: float, predicate: Callable[[Event], bool]) -> Event | None:
    for event in events:
        if event.at >= start and predicate(event):
            return event
    return None


def _phrase_item(
    step: Step, events: Sequence[Event], start: float, due: float, texts: Mapping[str, str], categories: Mapping[str, str],
    client_named: bool = False,
    said: EventKind = EventKind.PHRASE_COPIED,
) -> tuple[ScoreItem, float | None]:
    title = say("scoring.phrase_title", phrase=_short(texts.get(step.say, step.say)))
    rule = step.note or say(PHRASE_RULE)
    hit = _first(events, start, lambda e: e.kind is said and e.data.get("phrase_id") == step.say)
    if hit is not None:
        # A name the standard expects in the phrase but the copy lacked: the words were not the standard's.
        missing = [name for name in hit.data.get("unfilled", ()) if name == "operator_name" or (name == "client_name" and client_named)]
        if missing:
            without = ", ".join(say(f"scoring.without.{name}") for name in missing)
            return ScoreItem(title, Verdict.WRONG, say("scoring.said_without", missing=without, rule=rule), step.index), hit.at
        verdict = Verdict.ON_TIME if hit.at <= due else Verdict.LATE
        return ScoreItem(title, verdict, rule, step.index), hit.at
    category = categories.get(step.say)
    other = _first(
        events,
        start,
        lambda e: e.kind is said
        and category is not None
        and categories.get(e.data.get("phrase_id", "")) == category,
    )
    if other is not None:
        used_id = other.data.get("phrase_id", "")
        used = texts.get(used_id, used_id)
        return ScoreItem(title, Verdict.WRONG, say("scoring.said_instead", used=_short(used), rule=rule), step.index), other.at
    return ScoreItem(title, Verdict.MISSED, rule, step.index), None


def _action_item(step: Step, events: Sequence[Event], start: float, due: float) -> tuple[ScoreItem, float | None]:
    title = say(ACTION_WORDS[step.action])
    explanation = step.note or (say(RULES[step.action]) if step.action in RULES else "")
    hit = _first(events, start, lambda e: matches(step, e))
    if hit is not None:
        verdict = Verdict.ON_TIME if hit.at <= due else Verdict.LATE
        return ScoreItem(title, verdict, explanation, step.index), hit.at
    kind, _ = ACTIONS[step.action]
    if kind is EventKind.OFFER_OUTCOME:
        other = _first(events, start, lambda e: e.kind is EventKind.OFFER_OUTCOME)
        if other is not None:
            return ScoreItem(title, Verdict.WRONG, explanation, step.index), other.at
    return ScoreItem(title, Verdict.MISSED, explanation, step.index), None


def _without_withdrawn(events: Sequence[Event]) -> list[Event]:
    """A registration the operator undid later in the call does not count (nor does its undoing)."""
    kept: list[Event] = []
    for event in events:
        if event.kind is EventKind.SERVICE_REQUEST_WITHDRAWN:
            for index in range(len(kept) - 1, -1, -1):
                if kept[index].kind is EventKind.SERVICE_REQUEST_REGISTERED:
                    del kept[index]
                    break
            continue
        kept.append(event)
    return kept


def _short(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def score(
    scenario: Scenario,
    events: Sequence[Event],
    started_at: float,
    phrase_texts: Mapping[str, str] | None = None,
    phrase_categories: Mapping[str, str] | None = None,
    heard: Sequence[tuple[float, float, str]] | None = None,
) -> ScoreCard:
    """Each expected step — on time / late / missed / wrong — then the call-wide rules.

    Timing mirrors the player: a step may be done from the moment the previous
    one was done; it is due ``wait + within`` seconds after that. A missed step
    moves nothing: the next one is timed from the last thing actually done.

    ``heard`` (a practice that hears the trainee: the utterances' start, end, text): a phrase counts
    only when heard said (``PHRASE_HEARD``), not when copied; a missed one shows what was heard meanwhile.
    """
    said = EventKind.PHRASE_HEARD if heard is not None else EventKind.PHRASE_COPIED
    texts = phrase_texts or {}
    categories = phrase_categories or {}
    events = _without_withdrawn(sorted(events, key=lambda e: e.at))
    items: list[ScoreItem] = []
    last = started_at  # when the previous step was done (or was due, if never done)
    hung_up = _first(events, started_at, lambda e: e.kind is EventKind.CALL_ENDED)
    client_named = False  # the client has said their name: phrases address them by it
    for step in scenario.steps:
        since = last + step.wait
        if not step.is_expectation:
            last = since
            client_named = client_named or bool(step.name)
            continue
        due = since + step.within
        done_at = None
        if step.kind == "operator" and step.action == "end_call" and hung_up is not None and hung_up.at < last - 1e-9:
            # F8 before the conversation was over: done, but too early (the steps in between are missed).
            items.append(ScoreItem(say(ACTION_WORDS["end_call"]), Verdict.WRONG, say("scoring.ended_early"), step.index))
            done_at = hung_up.at
        elif step.kind == "operator":
            item, done_at = _action_item(step, events, last, due)
            items.append(item)
        if step.say:
            # A phrase said at an action may come just before it (hold phrase) or after (thanks).
            phrase_due = max(due, done_at + step.within) if done_at is not None else due
            item, phrase_at = _phrase_item(step, events, last, phrase_due, texts, categories, client_named, said)
            if heard is not None and item.verdict is not Verdict.ON_TIME:
                while_due = " ".join(text for begun, _end, text in heard if last <= begun <= phrase_due)
                item = replace(item, heard=while_due)
            items.append(item)
            if step.kind == "say":
                done_at = phrase_at
        if done_at is not None:
            last = max(last, done_at)

    items.extend(_call_rules(events, texts, categories))
    return ScoreCard(scenario.title, tuple(items))


def _call_rules(events: Sequence[Event], texts: Mapping[str, str], categories: Mapping[str, str]) -> list[ScoreItem]:
    rules: list[ScoreItem] = []
    silences = [e for e in events if e.kind is EventKind.SILENCE_WARNING]
    if silences:
        rules.append(
            ScoreItem(
                say("scoring.silence.title"),
                Verdict.WRONG,
                say("scoring.silence.note", silences=len(silences)),
            )
        )
    over = [e for e in events if e.kind is EventKind.HOLD_ENDED and e.data.get("over_limit")]
    if over:
        rules.append(
            ScoreItem(
                say("scoring.late_return.title"),
                Verdict.LATE,
                say("scoring.late_return.note"),
            )
        )
    farewell_texts = [
        texts.get(e.data.get("phrase_id", ""), "")
        for e in events
        if e.kind is EventKind.PHRASE_COPIED and categories.get(e.data.get("phrase_id", "")) == "farewell"
    ]
    # The standard's closing words are the bundled closing phrase's own («Всего доброго!»).
    closing = normalize(texts.get(CLOSING_PHRASE, "")).strip(" !.")
    if closing and normalize(" ".join(farewell_texts)).count(closing) > 1:
        rules.append(
            ScoreItem(
                say("scoring.farewell_twice.title"),
                Verdict.WRONG,
                say("scoring.farewell_twice.note"),
            )
        )
    return rules
