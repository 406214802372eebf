import pytest

from operator_assist.core.clock import FakeClock
from operator_assist.core.events import Event
from operator_assist.core.events import EventKind as K
from operator_assist.core.scenario import ScenarioPlayer, load_scenario, parse_scenario
from operator_assist.core.scoring import Verdict, score
from operator_assist.core.yamlio import parse_yaml

TEXTS = {
    "hold.clarify": "Я уточню информацию для Вас. Это займет не более минуты. Оставайтесь, пожалуйста, на линии. Хорошо?",
    "resume.thanks": "Спасибо за ожидание",
    "resume.thanks_long": "Спасибо за длительное ожидание",
    "farewell.good_day": "Спасибо за звонок. Хорошего дня! Всего доброго!",
    "farewell.creative_bye": "Всего доброго!",
    "farewell.all_best": "Всего доброго!",  # the closing phrase whose words must not come twice
    "farewell.goodbye": "Всего доброго.",
}
CATEGORIES = {
    "hold.clarify": "hold",
    "resume.thanks": "resume",
    "resume.thanks_long": "resume",
    "farewell.good_day": "farewell",
    "farewell.creative_bye": "farewell",
    "farewell.goodbye": "farewell",
}

SCENARIO = """\
title: Смена тарифа
description: Поиск дольше 10 секунд — удержание.
role: specialist
steps:
  - operator: start_call
  - client: Хочу сменить тариф.
    wait: 3
  - operator: start_lookup
    wait: 1
  - operator: start_hold
    say: hold.clarify
    wait: 5
    within: 4
  - operator: resume
    say: resume.thanks
    wait: 30
    within: 10
  - offer: {id: o1, title: Безлимит, text: Предложите безлимит.}
  - operator: offer_accepted
    wait: 5
  - say: farewell.good_day
    wait: 3
  - operator: end_call
    wait: 1
"""


def scenario_from(text, known=set(TEXTS)):
    data, problems = parse_yaml(text, "s.yaml")
    assert problems == []
    scenario, problems = parse_scenario(data, "s.yaml", known)
    assert problems == [], problems
    return scenario


class Recorder:
    """Stands in for the app: performs demo steps as the app would emit events."""

    def __init__(self, clock):
        self.clock = clock
        self.events = []
        self.log = []
        self.done = False

    def emit(self, kind, **data):
        self.events.append(Event(kind, self.clock.now(), 0.0, "c1", data))

    def client(self, step):
        self.log.append(("client", step.client))

    def answer(self, step):
        self.log.append(("answer", step.answer))

    def offer(self, step):
        self.log.append(("offer", step.offer.id if step.offer else None))

    def perform(self, step):
        from operator_assist.core.scenario import ACTIONS

        if step.say:
            self.emit(K.PHRASE_COPIED, phrase_id=step.say)
        if step.kind == "operator":
            kind, data = ACTIONS[step.action]
            self.emit(kind, **data)
        self.log.append(("perform", step.action or step.say))

    def expect(self, step):
        self.log.append(("expect", step.action or step.say))

    def scenario_finished(self):
        self.done = True


def run_demo(scenario, step=0.5, limit=600):
    clock = FakeClock(start=0.0)
    rec = Recorder(clock)
    player = ScenarioPlayer(scenario, clock, rec)
    player.start()
    while not player.finished and clock.now() < limit:
        clock.advance(step)
        player.poll()
    return player, rec


def test_demo_plays_every_step_in_order_at_its_time():
    scenario = scenario_from(SCENARIO)
    player, rec = run_demo(scenario)
    assert rec.done
    assert [e.kind for e in rec.events] == [
        K.CALL_STARTED, K.LOOKUP_STARTED, K.PHRASE_COPIED, K.HOLD_STARTED, K.PHRASE_COPIED, K.HOLD_ENDED,
        K.OFFER_OUTCOME, K.PHRASE_COPIED, K.CALL_ENDED,
    ]  # fmt: skip
    times = {e.kind: e.at for e in rec.events}
    assert times[K.CALL_STARTED] == 2.0  # default wait
    assert times[K.HOLD_STARTED] == 2 + 3 + 1 + 5
    assert times[K.HOLD_ENDED] == 11 + 30


def test_a_demo_run_scores_perfect():
    scenario = scenario_from(SCENARIO)
    player, rec = run_demo(scenario)
    card = score(scenario, rec.events, player.started_at, TEXTS, CATEGORIES)
    assert card.perfect, [(i.title, i.verdict) for i in card.items]
    assert len(card.items) == 9  # 7 actions + 2 phrases said at actions ... + the farewell phrase


class Trainee:
    """Events a trainee makes, at chosen times."""

    def __init__(self):
        self.events = []

    def do(self, at, kind, **data):
        self.events.append(Event(kind, at, 0.0, "c1", data))
        return self

    def say(self, at, phrase_id):
        return self.do(at, K.PHRASE_COPIED, phrase_id=phrase_id)


def perfect_trainee():
    t = Trainee()
    t.do(2, K.CALL_STARTED).do(6, K.LOOKUP_STARTED).say(10, "hold.clarify").do(11, K.HOLD_STARTED)
    t.do(41, K.HOLD_ENDED, long_wait=False, over_limit=False).say(42, "resume.thanks")
    t.do(47, K.OFFER_OUTCOME, outcome="accepted").say(50, "farewell.good_day").do(51, K.CALL_ENDED)
    return t


def verdicts(card):
    return {item.title: item.verdict for item in card.items}


def test_perfect_practice_run():
    scenario = scenario_from(SCENARIO)
    card = score(scenario, perfect_trainee().events, 0.0, TEXTS, CATEGORIES)
    assert card.perfect


def test_late_hold_is_late_and_the_silence_is_reported():
    scenario = scenario_from(SCENARIO)
    t = Trainee()
    t.do(2, K.CALL_STARTED).do(6, K.LOOKUP_STARTED).do(16, K.SILENCE_WARNING).say(18, "hold.clarify")
    t.do(19, K.HOLD_STARTED).do(49, K.HOLD_ENDED).say(50, "resume.thanks")
    t.do(55, K.OFFER_OUTCOME, outcome="accepted").say(58, "farewell.good_day").do(59, K.CALL_ENDED)
    card = score(scenario, t.events, 0.0, TEXTS, CATEGORIES)
    v = verdicts(card)
    assert v["Поставить на удержание"] is Verdict.LATE
    assert v["Тишина дольше 10 секунд"] is Verdict.WRONG
    assert v["Вернуться к клиенту"] is Verdict.ON_TIME  # counted from the late hold, not the script


def test_missed_offer():
    scenario = scenario_from(SCENARIO)
    events = [e for e in perfect_trainee().events if e.kind is not K.OFFER_OUTCOME]
    card = score(scenario, events, 0.0, TEXTS, CATEGORIES)
    assert verdicts(card)["Озвучить предложение (клиент согласился)"] is Verdict.MISSED
    assert card.count(Verdict.MISSED) == 1


def test_wrong_thanks_variant():
    scenario = scenario_from(SCENARIO)
    t = perfect_trainee()
    t.events = [e if e.data.get("phrase_id") != "resume.thanks" else
                Event(K.PHRASE_COPIED, e.at, 0, "c1", {"phrase_id": "resume.thanks_long"}) for e in t.events]  # fmt: skip
    card = score(scenario, t.events, 0.0, TEXTS, CATEGORIES)
    wrong = [i for i in card.items if i.verdict is Verdict.WRONG]
    assert len(wrong) == 1 and "Спасибо за длительное ожидание" in wrong[0].explanation


COMPLAINT = """\
title: Претензия
role: specialist
steps:
  - operator: start_call
  - offer: {id: o1, title: Безлимит, text: Предложите безлимит.}
  - client: Я третий раз звоню, у меня списали деньги!
  - operator: flag_complaint
  - operator: register_request
  - operator: offer_not_voiced
  - operator: end_call
"""


def test_offer_voiced_to_a_complaint_client_is_wrong():
    scenario = scenario_from(COMPLAINT)
    t = Trainee().do(2, K.CALL_STARTED).do(8, K.SERVICE_REQUEST_REGISTERED)
    t.do(9, K.OFFER_OUTCOME, outcome="accepted").do(12, K.CALL_ENDED)
    v = verdicts(score(scenario, t.events, 0.0, TEXTS, CATEGORIES))
    assert v["Отметить: претензионный клиент"] is Verdict.MISSED
    assert v["Не озвучивать предложение"] is Verdict.WRONG


def test_doubled_farewell_is_wrong():
    scenario = scenario_from(SCENARIO)
    t = perfect_trainee()
    t.say(50.5, "farewell.creative_bye").say(50.6, "farewell.goodbye")
    card = score(scenario, t.events, 0.0, TEXTS, CATEGORIES)
    assert verdicts(card)["«Всего доброго» прозвучало дважды"] is Verdict.WRONG


def test_practice_player_waits_for_the_trainee_then_moves_on():
    scenario = scenario_from(SCENARIO)
    clock = FakeClock(start=0.0)
    rec = Recorder(clock)
    player = ScenarioPlayer(scenario, clock, rec, practice=True)
    player.start()
    clock.advance(2)
    player.poll()
    assert rec.log == [("expect", "start_call")]
    clock.advance(10)
    player.poll()
    assert rec.log == [("expect", "start_call")]  # the client does not speak before the call is taken
    player.on_event(Event(K.CALL_STARTED, clock.now(), 0, "c1", {}))
    clock.advance(3)
    player.poll()
    assert rec.log[1:] == [("client", "Хочу сменить тариф.")]
    clock.advance(1)
    player.poll()
    assert rec.log[2:] == [("expect", "start_lookup")]
    # Never done: 2 * within after it was due, the player gives up on it and goes on.
    clock.advance(29.5)
    player.poll()
    assert len(rec.log) == 3
    clock.advance(0.5 + 5)  # + the next step's wait
    player.poll()
    assert rec.log[3:] == [("expect", "start_hold")]


@pytest.mark.parametrize(
    "body, line, words",
    [
        ("title: T\nsteps:\n  - operator: fly\n", 3, "steps[1].operator: неизвестное действие 'fly'"),
        ("title: T\nsteps:\n  - say: no.such\n", 3, "steps[1].say: нет фразы с id 'no.such'"),
        ("title: T\nsteps:\n  - client: a\n    offer: none\n", 3, "нужно ровно одно из"),
        ("title: T\nsteps:\n  - client: a\n    wait: -1\n", 4, "steps[1].wait: нужно число"),
        ("steps:\n  - client: a\n", 1, "title: не указано"),
        ("title: T\nrole: boss\nsteps:\n  - client: a\n", 2, "role: неизвестная роль 'boss'"),
        ("title: T\nsteps: []\n", 2, "steps: нужен непустой список"),
        ("title: T\nsteps:\n  - client: [a\n", 4, "ошибка синтаксиса YAML"),
        ("title: T\nsteps:\n  - operator: start_lookup\n", 2, "первое действие оператора — start_call"),
    ],
)
def test_broken_scenarios_are_reported_with_file_and_line(tmp_path, body, line, words):
    path = tmp_path / "bad.yaml"
    path.write_text(body, encoding="utf-8")
    scenario, problems = load_scenario(path, known_phrases=set(TEXTS))
    assert scenario is None
    assert str(problems[0]).startswith(f"{path}:{line}: "), problems
    assert words in str(problems[0])


def test_an_event_raised_by_a_step_does_not_play_that_step_again():
    scenario = scenario_from(
        "title: T\nsteps:\n  - operator: start_call\n  - offer: {id: o1, title: Т, text: т}\n  - client: Привет.\n  - operator: end_call\n"
    )
    clock = FakeClock(start=0.0)

    class Echo(Recorder):  # as the app does: showing the offer emits an event the player hears
        def offer(self, step):
            super().offer(step)
            player.on_event(Event(K.OFFER_SHOWN, clock.now(), 0, "c1", {"offer_id": "o1"}))

    rec = Echo(clock)
    player = ScenarioPlayer(scenario, clock, rec, practice=True)
    player.start()
    player.on_event(Event(K.CALL_STARTED, clock.now(), 0, "c1", {}))
    for _ in range(10):
        clock.advance(1)
        player.poll()
    assert [entry for entry in rec.log if entry[0] != "expect"] == [("offer", "o1"), ("client", "Привет.")]


def test_a_wait_may_be_written_as_minutes_and_seconds_like_every_time():
    scenario = scenario_from("title: T\nsteps:\n  - client: a\n    wait: '0:30'\n    within: 1:05\n")
    assert (scenario.steps[0].wait, scenario.steps[0].within) == (30.0, 65.0)


NAMES = """\
title: Имена
steps:
  - operator: start_call
    say: greeting.default
  - client: Это Анна.
    name: Анна
  - say: greeting.name_known
  - operator: end_call
"""


@pytest.mark.parametrize(
    "unfilled, wrong",
    [((), set()), (("client_name",), {"«[{client_name}, ]очень приятно.»"}),
     (("operator_name",), {"«Здравствуйте! Компания МТС[, меня зовут {operator_name}].»"})],
)  # fmt: skip
def test_a_phrase_said_without_a_name_it_needs_is_wrong(unfilled, wrong):
    """The specialist's name always; the client's once the client has said it (a phrase copied with the
    name left empty carries ``unfilled``; issue 22 #12)."""
    texts = {"greeting.default": "Здравствуйте! Компания МТС[, меня зовут {operator_name}].",
             "greeting.name_known": "[{client_name}, ]очень приятно."}  # fmt: skip
    scenario = scenario_from(NAMES, set(texts))
    t = Trainee().do(2, K.CALL_STARTED)
    t.do(3, K.PHRASE_COPIED, phrase_id="greeting.default", unfilled=[n for n in unfilled if n == "operator_name"])
    t.do(7, K.PHRASE_COPIED, phrase_id="greeting.name_known", unfilled=[n for n in unfilled if n == "client_name"])
    t.do(10, K.CALL_ENDED)
    card = score(scenario, t.events, 0.0, texts, {})
    assert {i.title.removeprefix("Фраза: ") for i in card.items if i.verdict is Verdict.WRONG} == wrong
    # Before the client says a name, a phrase without it is the standard's.
    early = Trainee().do(2, K.CALL_STARTED).do(3, K.PHRASE_COPIED, phrase_id="greeting.default", unfilled=["client_name"])
    assert score(scenario, early.events, 0.0, texts, {}).items[1].verdict is Verdict.ON_TIME
def test_every_action_a_scenario_may_name_is_a_command_of_the_session():
    from operator_assist.core.scenario import ACTIONS, COMMANDS

    assert set(COMMANDS) == set(ACTIONS)
