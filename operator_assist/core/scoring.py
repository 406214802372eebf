"""The practice score card: a pure function of the scenario and the recorded events."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Mapping, Sequence

from .events import Event, EventKind
from .scenario import ACTIONS, Scenario, Step, matches


class Verdict(str, enum.Enum):
    ON_TIME = "on_time"
    LATE = "late"
    MISSED = "missed"
    WRONG = "wrong"


VERDICT_WORDS = {
    Verdict.ON_TIME: "вовремя",
    Verdict.LATE: "с опозданием",
    Verdict.MISSED: "пропущено",
    Verdict.WRONG: "неверно",
}

ACTION_WORDS = {
    "start_call": "Принять звонок",
    "start_lookup": "Начать поиск информации",
    "end_lookup": "Закончить поиск и продолжить разговор",
    "start_hold": "Поставить на удержание",
    "resume": "Вернуться к клиенту",
    "end_call": "Завершить звонок",
    "register_request": "Зарегистрировать сервисный запрос",
    "offer_accepted": "Озвучить предложение (клиент согласился)",
    "offer_declined": "Озвучить предложение (клиент отказался)",
    "offer_not_voiced": "Не озвучивать предложение",
    "flag_complaint": "Отметить: претензионный клиент",
    "flag_lost_phone": "Отметить: блокировка при утере телефона",
    "flag_siebel_down": "Отметить: нет доступа в Siebel",
}

# Why each action matters, in the standard's words.
RULES = {
    "start_hold": "Стандарт: пауза не длиннее 10 секунд — дольше ищете, ставьте на удержание с фразой: цель, время, согласие.",
    "resume": "Стандарт: вернуться к клиенту не позже лимита роли (2 мин специалист, 3 мин старший специалист).",
    "register_request": "Стандарт: сначала консультация и сервисный запрос, затем «Отличное предложение».",
    "offer_accepted": "Стандарт: предложение делается в каждом разговоре, если есть активное предложение.",
    "offer_declined": "Стандарт: предложение делается в каждом разговоре, если есть активное предложение.",
    "offer_not_voiced": "Стандарт: не предлагать претензионному клиенту, при блокировке после утери телефона и без доступа в Siebel.",
    "flag_complaint": "Стандарт: претензионному клиенту предложение не озвучивается.",
    "flag_lost_phone": "Стандарт: при блокировке после утери телефона предложение не озвучивается.",
    "flag_siebel_down": "Стандарт: без доступа в Siebel (действующие инциденты) предложение не озвучивается.",
}
PHRASE_RULE = "Стандарт: нужная фраза в нужный момент."


@dataclass(frozen=True)
class ScoreItem:
    title: str
    verdict: Verdict
    explanation: str
    step: int | None = None
    """Index of the scenario step, or None for a rule checked over the whole call."""


@dataclass(frozen=True)
class ScoreCard:
    scenario: str
    items: tuple[ScoreItem, ...]

    @property
    def perfect(self) -> bool:
        return all(item.verdict is Verdict.ON_TIME for item in self.items)

    def count(self, verdict: Verdict) -> int:
        return sum(item.verdict is verdict for item in self.items)


def _first(events: Sequence[Event], start: float, predicate) -> Event | None:
    for event in events:
        if event.at >= start and predicate(event):
            return event
    return None


def _phrase_item(
    step: Step, events: Sequence[Event], start: float, due: float, texts: Mapping[str, str], categories: Mapping[str, str]
) -> tuple[ScoreItem, float | None]:
    title = f"Фраза: «{_short(texts.get(step.say, step.say))}»"
    hit = _first(events, start, lambda e: e.kind is EventKind.PHRASE_COPIED and e.data.get("phrase_id") == step.say)
    if hit is not None:
        verdict = Verdict.ON_TIME if hit.at <= due else Verdict.LATE
        return ScoreItem(title, verdict, step.note or PHRASE_RULE, step.index), hit.at
    category = categories.get(step.say)
    other = _first(
        events,
        start,
        lambda e: e.kind is EventKind.PHRASE_COPIED
        and category is not None
        and categories.get(e.data.get("phrase_id")) == category,
    )
    if other is not None:
        used = texts.get(other.data.get("phrase_id"), other.data.get("phrase_id"))
        return ScoreItem(title, Verdict.WRONG, f"Сказано «{_short(used)}». {step.note or PHRASE_RULE}", step.index), other.at
    return ScoreItem(title, Verdict.MISSED, step.note or PHRASE_RULE, step.index), None


def _action_item(step: Step, events: Sequence[Event], start: float, due: float) -> tuple[ScoreItem, float | None]:
    title = ACTION_WORDS[step.action]
    explanation = step.note or RULES.get(step.action, "")
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
) -> ScoreCard:
    """Each expected step — on time / late / missed / wrong — then the call-wide rules.

    Timing mirrors the player: a step may be done from the moment the previous
    one was done; it is due ``wait + within`` seconds after that. A missed step
    moves nothing: the next one is timed from the last thing actually done.
    """
    texts = phrase_texts or {}
    categories = phrase_categories or {}
    events = _without_withdrawn(sorted(events, key=lambda e: e.at))
    items: list[ScoreItem] = []
    last = started_at  # when the previous step was done (or was due, if never done)
    for step in scenario.steps:
        since = last + step.wait
        if not step.is_expectation:
            last = since
            continue
        due = since + step.within
        done_at = None
        if step.kind == "operator":
            item, done_at = _action_item(step, events, last, due)
            items.append(item)
        if step.say:
            # A phrase said at an action may come just before it (hold phrase) or after (thanks).
            phrase_due = max(due, done_at + step.within) if done_at is not None else due
            item, phrase_at = _phrase_item(step, events, last, phrase_due, texts, categories)
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
                "Тишина дольше 10 секунд",
                Verdict.WRONG,
                f"Клиент слышал тишину дольше 10 с ({len(silences)} раз). "
                "Стандарт: заполните паузу фразой или поставьте клиента на удержание с фразой удержания.",
            )
        )
    over = [e for e in events if e.kind is EventKind.HOLD_ENDED and e.data.get("over_limit")]
    if over:
        rules.append(
            ScoreItem(
                "Возврат к клиенту после лимита удержания",
                Verdict.LATE,
                "Стандарт: вернитесь к клиенту до лимита и скажите, что поиск информации займет еще некоторое время.",
            )
        )
    farewell_texts = [
        texts.get(e.data.get("phrase_id"), "")
        for e in events
        if e.kind is EventKind.PHRASE_COPIED and categories.get(e.data.get("phrase_id")) == "farewell"
    ]
    spoken = " ".join(farewell_texts).lower().replace("ё", "е")
    if spoken.count("всего доброго") > 1:
        rules.append(
            ScoreItem(
                "«Всего доброго» прозвучало дважды",
                Verdict.WRONG,
                "Стандарт: «Всего доброго» — либо креативная фраза, либо прощание, но не то и другое сразу.",
            )
        )
    return rules
