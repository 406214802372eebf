import pytest

from operator_assist.core.clock import FakeClock
from operator_assist.core.commands import Action
from operator_assist.core.events import EventKind as K
from operator_assist.core.scenario import parse_scenario
from operator_assist.core.scoring import Verdict
from operator_assist.core.yamlio import parse_yaml
from operator_assist.paths import UserPaths
from operator_assist.ui.app import build_demo_window

SCENARIO = """\
title: Тест
description: Поиск, удержание, возврат.
role: senior
steps:
  - operator: start_call
  - client: Здравствуйте, хочу сменить тариф.
  - operator: start_lookup
  - operator: start_hold
    wait: 9
  - operator: resume
    wait: 70
  - operator: end_call
"""


@pytest.fixture
def scenario():
    data, _ = parse_yaml(SCENARIO, "test.yaml")
    scenario, problems = parse_scenario(data, "test.yaml")
    assert not problems
    return scenario


@pytest.fixture
def paths(tmp_path):
    return UserPaths(config_dir=tmp_path, data_dir=tmp_path, cache_dir=tmp_path / "cache")


def make(qtbot, scenario, paths, practice=False, speed=10.0):
    base = FakeClock(start=0.0)
    window = build_demo_window(scenario, paths, speed=speed, practice=practice, base_clock=base, audio=False)
    qtbot.addWidget(window)
    window.show()
    return window, base


def run_to_end(window, base, step=0.05, limit=100):
    window.demo.start()
    while not window.demo.player.finished and base.now() < limit:
        base.advance(step)
        window.demo._poll()


def test_demo_runs_the_scenario_through_the_real_engine_at_speed(qtbot, scenario, paths):
    window, base = make(qtbot, scenario, paths)
    assert window.demo.panel.banner.text().startswith("ДЕМО · Тест · ×10")
    assert window.demo.panel.banner.isVisible()
    run_to_end(window, base)
    kinds = [e.kind for e in window.demo.events if e.kind is not K.PHRASE_COPIED]
    assert kinds[:3] == [K.CALL_STARTED, K.LOOKUP_STARTED, K.SILENCE_WARNING] or kinds[:2] == [
        K.CALL_STARTED,
        K.LOOKUP_STARTED,
    ]
    assert K.HOLD_LIMIT_REACHED not in kinds  # 70 s < the senior's 180 s
    hold_end = next(e for e in window.demo.events if e.kind is K.HOLD_ENDED)
    assert hold_end.data["duration"] == pytest.approx(70.0, abs=0.6)  # scenario seconds, not real ones
    assert hold_end.data["long_wait"] is True
    assert base.now() < 12  # 85 scenario seconds in about 8.5 real ones
    lines = window.demo.panel.lines()
    assert "Клиент: Здравствуйте, хочу сменить тариф." in lines
    assert "Оператор: [Принять звонок]" in lines  # the action's words, not its message code
    assert lines[-1] == "Сценарий окончен."


def test_demo_calls_go_to_the_demo_journal_only(qtbot, scenario, paths):
    window, base = make(qtbot, scenario, paths)
    run_to_end(window, base)
    window.close()
    assert paths.demo_journal_file.exists()
    assert not paths.journal_file.exists()
    assert not paths.preferences_file.exists()


def test_pause_freezes_scenario_time_and_step_jumps_ahead(qtbot, scenario, paths):
    window, base = make(qtbot, scenario, paths)
    demo = window.demo
    demo.start()
    base.advance(0.45)  # 4.5 scenario seconds: the call is taken, the client speaks
    demo._poll()
    demo.panel.pause_button.click()
    frozen = demo.clock.now()
    base.advance(50)
    demo._poll()
    assert demo.clock.now() == frozen and demo.player.index == 2
    demo.panel.pause_button.click()
    demo.step()
    assert demo.player.index == 3  # the lookup started without waiting
    assert window.session.snapshot.state.value == "lookup"


def test_restart_plays_from_the_beginning(qtbot, scenario, paths):
    window, base = make(qtbot, scenario, paths)
    demo = window.demo
    demo.start()
    base.advance(0.5)
    demo._poll()
    demo.panel.restart_button.click()
    assert demo.player.index == 0 and window.session.snapshot.state.value == "ended"


def test_practice_scores_the_trainee(qtbot, scenario, paths):
    window, base = make(qtbot, scenario, paths, practice=True, speed=1.0)
    demo = window.demo
    demo.start()
    base.advance(2)
    demo._poll()
    window.session.perform(Action.START_CALL)  # the trainee takes the call
    base.advance(3)
    demo._poll()
    window.session.perform(Action.START_LOOKUP)
    base.advance(25)  # too slow: 25 s of silence before the hold
    demo._poll()
    window.session.perform(Action.START_HOLD)
    base.advance(70)
    window.session.perform(Action.RESUME)
    base.advance(2)
    window.session.perform(Action.END_CALL)
    demo._poll()
    assert demo.player.finished and demo.card is not None
    verdicts = {item.title: item.verdict for item in demo.card.items}
    assert verdicts["Поставить на удержание"] is Verdict.LATE
    assert verdicts["Тишина дольше 10 секунд"] is Verdict.WRONG
    assert verdicts["Вернуться к клиенту"] is Verdict.ON_TIME
    assert demo.score_dialog.isVisible()
    assert "вовремя 4 из 6" in demo.score_dialog.summary.text()


def bundled_scenarios():
    from operator_assist.cli.demo import load_all

    scenarios, problems = load_all(UserPaths.resolve("/nonexistent-user-dir"))
    assert problems == []
    return scenarios


def test_there_are_ten_bundled_scenarios():
    assert len(bundled_scenarios()) >= 10


@pytest.mark.parametrize("name", sorted(bundled_scenarios()))
def test_each_bundled_scenario_runs_to_the_end_with_its_events(qtbot, paths, name):
    scenario = bundled_scenarios()[name]
    window, base = make(qtbot, scenario, paths, speed=30.0)
    run_to_end(window, base, step=0.02, limit=60)  # 0.6 scenario s per poll: finer than any margin
    demo = window.demo
    assert demo.player.finished
    said = [e.data["phrase_id"] for e in demo.events if e.kind is K.PHRASE_COPIED]
    assert said == [s.say for s in scenario.steps if s.say]
    from operator_assist.core.scenario import ACTIONS

    for step in scenario.steps:
        if step.kind == "operator":
            kind, data = ACTIONS[step.action]
            assert any(e.kind is kind and all(e.data.get(k) == v for k, v in data.items()) for e in demo.events), step
    kinds = [e.kind for e in demo.events]
    assert K.SILENCE_WARNING not in kinds  # the demo shows the standard done right
    assert K.HOLD_LIMIT_REACHED not in kinds
    assert kinds[-1] is K.CALL_ENDED
    if any(s.kind == "offer" and s.offer for s in scenario.steps):
        assert K.OFFER_SHOWN in kinds and K.OFFER_OUTCOME in kinds


def test_the_demo_menu_lists_the_scenarios_and_opens_one(qtbot, make_window, monkeypatch):
    window = make_window()
    opened = []
    monkeypatch.setattr(window.demo_menu, "open", lambda scenario, practice=False: opened.append((scenario.id, practice)))
    window.demo_menu.menu.aboutToShow.emit()
    show_menu, practice_menu = (a.menu() for a in window.demo_menu.menu.actions()[:2])
    titles = [a.text() for a in show_menu.actions()]
    assert "Запрос баланса" in titles and len(titles) >= 10
    show_menu.actions()[0].trigger()
    practice_menu.actions()[1].trigger()
    assert opened == [("01-balance", False), ("02-tariff-change-hold", True)]


def test_a_demo_window_opens_from_the_main_window(qtbot, make_window, paths):
    window = make_window()
    demo = window.demo_menu.open(bundled_scenarios()["01-balance"])
    qtbot.addWidget(demo)
    assert demo is not window and demo.demo.panel.banner.text().startswith("ДЕМО")
    assert demo.store is None  # the operator's preferences stay untouched
    assert demo.phrases.warmer.started and demo.isVisible()  # started as a window of its own: cards built ahead
    qtbot.waitUntil(lambda: demo.session.journal.writer.opened, timeout=5000)  # its own (demo) journal
    assert demo.session.journal.path == paths.demo_journal_file


def transcript(window):
    lines = window.demo.panel.transcript
    return [lines.item(i).text() for i in range(lines.count())]


def test_a_demo_says_the_names_the_notes_promise(qtbot, paths):
    scenario = bundled_scenarios()["02-tariff-change-hold"]
    window, base = make(qtbot, scenario, paths, speed=30.0)
    run_to_end(window, base, step=0.02, limit=60)
    lines = transcript(window)
    assert any("меня зовут Ольга" in line for line in lines)  # the specialist's name in the greeting
    assert any("Ирина, очень приятно" in line for line in lines)  # the client's, once she said it
    assert any("Ирина, спасибо Вам за звонок" in line for line in lines)


def test_in_practice_the_trainee_types_the_client_s_name(qtbot, paths):
    scenario = bundled_scenarios()["02-tariff-change-hold"]
    named = next(step for step in scenario.steps if step.name)
    practice, _ = make(qtbot, scenario, paths, practice=True)
    practice.demo.client(named)
    assert practice.phrases.client_name.text() == "" and practice.operator_bar.name_edit.text() == ""
    demo, _ = make(qtbot, scenario, paths)
    demo.demo.client(named)
    assert demo.phrases.client_name.text() == "Ирина"


def test_the_operator_s_own_answers_are_in_the_transcript_and_never_scored(qtbot, paths):
    scenario = bundled_scenarios()["01-balance"]
    answers = [step for step in scenario.steps if step.kind == "answer"]
    assert answers and not any(step.is_expectation for step in answers)
    window, base = make(qtbot, scenario, paths, speed=30.0)
    run_to_end(window, base, step=0.02, limit=60)
    lines = transcript(window)
    answered = next(i for i, line in enumerate(lines) if "На Вашем счёте двести сорок рублей" in line)
    assert "Двести сорок рублей" in lines[answered + 1]  # the client reacts to what was said


def test_practice_restarted_after_the_end_hears_the_trainee_again(qtbot, paths, scenario):
    window, base = make(qtbot, scenario, paths, practice=True)
    run_to_end(window, base)
    window.demo.restart()
    window.session.perform(Action.START_CALL)
    assert any(e.kind is K.CALL_STARTED for e in window.demo.events)


def _practice_call(qtbot, paths, name="01-balance"):
    """A practice window of a bundled scenario, the trainee's call taken and the greeting copied."""
    window, base = make(qtbot, bundled_scenarios()[name], paths, practice=True, speed=1.0)
    window.demo.start()
    base.advance(1)
    window.demo._poll()
    window.session.perform(Action.START_CALL, "window")
    base.advance(1)
    window.phrases.copy_phrase("greeting.default")
    base.advance(1)
    window.demo._poll()
    return window, base


def _verdicts(window):
    return {item.title: (item.verdict, item.explanation) for item in window.demo.card.items}


def test_a_phrase_without_a_title_is_named_by_its_words_in_the_trainee_s_turn(qtbot, paths):
    """Issue 22 #12: «Ваш ход: фраза «» — подсвечена справа» for a creative phrase (they have no title)."""
    scenario = bundled_scenarios()["01-balance"]
    window, _ = make(qtbot, scenario, paths, practice=True)
    creative = next(step for step in scenario.steps if step.say == "creative.good_day")
    assert window.phrases.phrase_title("creative.good_day") == ""  # the bundled creative phrases have none
    window.demo.expect(creative)
    assert window.demo.panel.lines()[-1] == "Ваш ход: фраза «Хорошего Вам дня!» — подсвечена справа"
    greeting = scenario.steps[0]
    window.demo.expect(greeting)
    assert window.demo.panel.lines()[-1] == "Ваш ход: Принять звонок + фраза «Приветствие», подсвеченная справа"


def test_a_greeting_without_the_specialist_s_name_is_not_the_standard_s(qtbot, paths):
    """Issue 22 #12: the card's own rule says «имя специалиста»; a greeting copied without it is wrong."""
    window, _ = _practice_call(qtbot, paths)
    window.session.perform(Action.END_CALL, "window")
    window.demo._poll()
    verdict, why = _verdicts(window)["Фраза: «Здравствуйте! Компания МТС. Чем могу Вам помочь?»"]
    assert verdict is Verdict.WRONG and why.startswith("Сказано без имени специалиста (впишите своё имя в поле «Имя»).")
    assert "имя специалиста" in why  # and the standard's rule with it
    assert "Впишите своё имя в поле «Имя» слева: по стандарту оно звучит в приветствии." in window.demo.panel.lines()
    window.close()
    from operator_assist.core.journal import Journal

    with Journal.open(paths.demo_journal_file) as journal:  # the journal keeps ids only, as ever
        assert [e.data for e in journal.events() if e.kind is K.PHRASE_COPIED] == [
            {"phrase_id": "greeting.default", "origin": "window"}
        ]

    named, _ = make(qtbot, bundled_scenarios()["01-balance"], paths, practice=True, speed=1.0)
    named.operator_bar.name_edit.setText("Анна")  # the trainee types her name before the call
    named.operator_bar.name_edit.editingFinished.emit()
    named.demo.start()
    named.session.perform(Action.START_CALL, "window")
    named.phrases.copy_phrase("greeting.default")
    named.session.perform(Action.END_CALL, "window")
    named.demo._poll()
    verdict, _ = _verdicts(named)["Фраза: «Здравствуйте! Компания МТС, меня зовут Анна. Чем могу Вам помочь?»"]
    assert verdict is Verdict.ON_TIME


def test_hanging_up_early_is_an_early_hang_up_not_a_missed_one(qtbot, paths):
    """Issue 22 #12: F8 seconds into the call scored «Завершить звонок — пропущено»."""
    window, base = _practice_call(qtbot, paths)
    base.advance(4)
    window.demo._poll()
    window.session.perform(Action.END_CALL, "window")
    window.demo._poll()
    verdict, why = _verdicts(window)["Завершить звонок"]
    assert verdict is Verdict.WRONG and "раньше времени" in why
    assert _verdicts(window)["Начать поиск информации"][0] is Verdict.MISSED  # what the hang-up cut off


def test_a_demo_leaves_the_operator_s_clipboard_alone(qtbot, paths):
    """Issue 22 #15: the demo wrote every phrase to the system clipboard and left «Всего доброго!» there."""
    from PySide6.QtGui import QGuiApplication

    clipboard = QGuiApplication.clipboard()
    clipboard.setText("номер договора 123456, что оператор скопировал сам")
    window, base = make(qtbot, bundled_scenarios()["01-balance"], paths, speed=30.0)
    run_to_end(window, base, step=0.02, limit=60)
    assert any("Всего доброго" in line for line in window.demo.panel.lines())  # the demo said it…
    assert clipboard.text() == "номер договора 123456, что оператор скопировал сам"  # …and left the clipboard be
    kinds = [e.kind for e in window.demo.events]
    assert kinds.count(K.PHRASE_COPIED) >= 4  # said phrases are still recorded for the card and the journal
    window.phrases.say_phrase("farewell.all_best")
    assert window.phrases.confirmation.text() == "✓ Сказано: «Всего доброго!»"  # not «Скопировано»
    assert clipboard.text() == "номер договора 123456, что оператор скопировал сам"
