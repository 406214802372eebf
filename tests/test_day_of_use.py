"""Issue 14, «A day of use»: each numbered item's behaviour, as an operator or trainee meets it."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from PySide6.QtCore import Qt

from operator_assist.core.clock import FakeClock
from operator_assist.core.commands import Action, RecordOutcome
from operator_assist.core.events import EventKind as K
from operator_assist.core.journal import Journal
from operator_assist.core.stats import compute_stats
from operator_assist.ui.app import build_window
from tests.telephony_fakes import journaled_events

from .conftest import show_active
from .test_global_keys import x_display  # noqa: F401, F811 - a private Xvfb (fixture)
from .test_offer_sources import OFFER_JSON


@pytest.fixture
def offer_file(tmp_path):
    path = tmp_path / "offer.json"
    path.write_text(json.dumps(OFFER_JSON), encoding="utf-8")
    return path


def open_window(qtbot, paths, spec="none", **kwargs):
    window = build_window(paths, clock=FakeClock(), audio=False, offer_spec=spec, **kwargs)
    return show_active(qtbot, window)


def recorder(window):
    events = []
    window.session.occurred.connect(events.append)
    return events


# --- 1. an offer left open when the call ends -------------------------------------------------


def test_item1_f8_with_an_open_offer_asks_for_the_outcome_and_stats_count_it(qtbot, paths, offer_file):
    window = open_window(qtbot, paths, f"file:{offer_file}")
    qtbot.waitUntil(lambda: window.session.offers.offer is not None, timeout=5000)
    events = recorder(window)
    qtbot.keyClick(window, Qt.Key.Key_F5)
    assert window.offer_indicator.kind == "red"
    call_id = window.session.snapshot.call_id
    qtbot.keyClick(window, Qt.Key.Key_F8)
    # The call ended at once (nothing modal); the window asks under the lamp.
    assert window.session.snapshot.state.value == "ended"
    prompt = window.offer.prompt
    assert prompt.isVisible() and "не отмечен" in prompt.question.text()
    assert "будет в звонке" not in window.offer_indicator.caption
    qtbot.keyClick(window, Qt.Key.Key_2)  # one keystroke: «отказался»
    outcome = [e for e in events if e.kind is K.OFFER_OUTCOME]
    assert [(e.call_id, e.data["outcome"]) for e in outcome] == [(call_id, "declined")]
    assert not prompt.isVisible()
    assert "будет в звонке" not in window.offer_indicator.caption
    assert "отказался" in window.offer_indicator.status_label.text()
    assert window.session.journal.flush(5.0)
    day = dt.date.fromtimestamp(window.session.clock.wall(window.session.clock.now()))
    with Journal.open_readonly(window.session.journal.path) as journal:
        stats = compute_stats(journal, day - dt.timedelta(days=1), day + dt.timedelta(days=1))
    assert (stats.offer_calls, stats.offers_voiced) == (1, 1)


def test_item1_not_in_time_is_one_key_and_the_next_call_drops_the_question(qtbot, paths, offer_file):
    window = open_window(qtbot, paths, f"file:{offer_file}")
    qtbot.waitUntil(lambda: window.session.offers.offer is not None, timeout=5000)
    events = recorder(window)
    qtbot.keyClick(window, Qt.Key.Key_F5)
    qtbot.keyClick(window, Qt.Key.Key_F8)
    qtbot.keyClick(window, Qt.Key.Key_4)
    assert [(e.data["outcome"], e.data["reason"]) for e in events if e.kind is K.OFFER_OUTCOME] == [
        ("not_voiced", "no_time")
    ]
    qtbot.keyClick(window, Qt.Key.Key_F5)
    qtbot.keyClick(window, Qt.Key.Key_F8)
    assert window.offer.prompt.isVisible()
    qtbot.keyClick(window, Qt.Key.Key_F5)  # not answered: the next call goes on, the question goes
    assert not window.offer.prompt.isVisible()
    qtbot.keyClick(window, Qt.Key.Key_1)  # a digit in a call records nothing for the old one
    assert len([e for e in events if e.kind is K.OFFER_OUTCOME]) == 1


def test_item1_the_not_voiced_reason_reaches_the_journal(qtbot, paths, offer_file):
    # perform() dropped its reason argument: every «не озвучено» was journaled without one.
    window = open_window(qtbot, paths, f"file:{offer_file}")
    qtbot.waitUntil(lambda: window.session.offers.offer is not None, timeout=5000)
    events = recorder(window)
    qtbot.keyClick(window, Qt.Key.Key_F5)
    assert window.session.perform(RecordOutcome("not_voiced", "client_busy"), "window") is None
    assert [e.data["reason"] for e in events if e.kind is K.OFFER_OUTCOME] == ["client_busy"]


# --- 5. small things of a call ---------------------------------------------------------------------


def test_item5_a_mistaken_request_tick_is_undone_within_the_call_and_not_scored(qtbot, paths):
    from operator_assist.core.scenario import parse_scenario
    from operator_assist.core.scoring import Verdict, score
    from operator_assist.core.yamlio import parse_yaml

    window = open_window(qtbot, paths)
    events = recorder(window)
    qtbot.keyClick(window, Qt.Key.Key_F5)
    qtbot.keyClick(window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    tick = window.offer_controls.request
    assert tick.isChecked() and window.session.offers.request_registered
    assert tick.isEnabled()  # it can be unticked
    tick.click()
    assert not tick.isChecked() and not window.session.offers.request_registered
    assert [e.kind for e in events if e.kind.value.startswith("service_request")] == [
        K.SERVICE_REQUEST_REGISTERED,
        K.SERVICE_REQUEST_WITHDRAWN,
    ]
    stored = [e.kind for e in journaled_events(window.session.journal) if e.call_id == window.session.snapshot.call_id]
    assert K.SERVICE_REQUEST_WITHDRAWN in stored
    # The practice score card does not count the undone registration.
    data, _ = parse_yaml("title: t\nsteps:\n  - operator: start_call\n  - operator: register_request\n"
                         "  - operator: end_call\n", "t.yaml")  # fmt: skip
    scenario, _ = parse_scenario(data, "t.yaml")
    card = score(scenario, events, events[0].at)
    assert {i.title: i.verdict for i in card.items}["Зарегистрировать сервисный запрос"] is Verdict.MISSED


def test_item5_the_copy_confirmation_goes_with_the_call(qtbot, paths):
    window = open_window(qtbot, paths)
    qtbot.keyClick(window, Qt.Key.Key_F5)
    window.phrases.copy_farewell()
    assert window.phrases.confirmation.text().startswith("✓ Скопировано")
    qtbot.keyClick(window, Qt.Key.Key_F8)
    assert window.phrases.confirmation.text() == ""


def test_item5_the_offer_card_has_a_heading_and_says_how_to_close_it(qtbot, paths, offer_file):
    window = open_window(qtbot, paths, f"file:{offer_file}")
    qtbot.waitUntil(lambda: window.session.offers.offer is not None, timeout=5000)
    qtbot.keyClick(window, Qt.Key.Key_F5)
    card = window.offer.open_card()
    assert card.heading.text() == "Отличное предложение" and card.heading.isVisible()
    assert "Esc" in card.close_hint.text() and card.close_hint.isVisible()
    card.windowHandle().requestActivate()
    qtbot.waitUntil(card.isActiveWindow)
    qtbot.keyClick(card, Qt.Key.Key_Escape)
    assert not card.isVisible() and window.session.snapshot.state.value == "talking"


def test_item5_no_empty_band_under_the_lamp_between_calls(qtbot, paths):
    window = open_window(qtbot, paths)
    status = window.offer_indicator.status_label
    # idle: the line says why the ticks are off (its room is kept: the ticks never move, issue 22 #8)
    assert status.text() == "Отметки ниже ставятся во время звонка." and status.isVisible()
    qtbot.keyClick(window, Qt.Key.Key_F5)
    assert status.text() == "" and status.isVisible()  # in a call the line is kept so the ticks do not move


def test_item5_titles_spell_words_as_their_texts_do():
    import re

    from operator_assist.core.phrases import load_bundled

    library = load_bundled().library
    clashes = []
    for phrase in library:
        text_words = set(re.findall(r"\w+", phrase.text.lower()))
        for word in re.findall(r"\w+", phrase.title.lower()):
            other = word.replace("ё", "е")
            if other != word and other in text_words:
                clashes.append((phrase.id, word))
    assert clashes == []
    assert library.get("summary.more_help").title.startswith("Еще помочь")  # the standard writes «еще»


# --- 2. after a crash the operator is told -------------------------------------------------------

CRASHING_CHILD = """
import sys, time
from operator_assist.core.events import Event, EventKind as K
from operator_assist.core.journal import Journal
from operator_assist.core.commands import Action

journal = Journal.open(sys.argv[1])
wall = float(sys.argv[2])
for kind, offset, data in ((K.CALL_STARTED, 0, {"role": "specialist"}), (K.LOOKUP_STARTED, 20, {}),
                           (K.HOLD_STARTED, 30, {"limit": 120.0}), (K.PHRASE_COPIED, 105, {"phrase_id": "x.y"})):
    journal.record(Event(kind, 1000.0 + offset, wall + offset, "crashed1", data))
print("ready", flush=True)
sys.stdin.read()
"""


def _crash_mid_hold(journal_file, wall: float) -> None:
    """A real process records a call into a hold and is killed with SIGKILL."""
    import subprocess
    import sys

    proc = subprocess.Popen([sys.executable, "-c", CRASHING_CHILD, str(journal_file), str(wall)],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
    try:
        assert proc.stdout.readline().strip() == "ready", proc.stderr.read()
    finally:
        proc.kill()
        proc.wait(timeout=30)
        for stream in (proc.stdin, proc.stdout, proc.stderr):
            stream.close()


def test_item2_after_a_crash_the_window_says_the_last_call_was_cut_once(qtbot, paths):
    import time

    wall = time.time() - 600
    _crash_mid_hold(paths.journal_file, wall)
    window = open_window(qtbot, paths)
    qtbot.waitUntil(lambda: window.notices.banner.isVisible(), timeout=5000)
    text = window.notices.banner.text()
    when = time.strftime("%H:%M", time.localtime(wall + 105))
    assert f"Последний звонок прерван в {when}" in text
    assert "на удержании" in text and "1:15" in text  # from 30 s to the last record at 105 s
    window.close()
    # Told once: the next start has nothing to say.
    again = open_window(qtbot, paths)
    qtbot.wait(50)
    assert "прерван" not in again.notices.banner.text()


# --- 7. offer source failures: the cause in the window, logged once -----------------------------


def test_item7_a_missing_file_is_named_in_the_window(qtbot, paths, tmp_path):
    missing = tmp_path / "nowhere" / "offer.json"
    window = open_window(qtbot, paths, f"file:{missing}")
    lamp = window.offer_indicator
    qtbot.waitUntil(lambda: lamp.kind == "unavailable", timeout=5000)
    assert f"файл не найден: {missing}" in lamp.status_label.text()
    assert lamp.status_label.isVisible()
    assert f"файл не найден: {missing}" in lamp.button.toolTip()


def test_item7_a_refused_connection_is_said_in_russian():
    import socket

    from operator_assist.core.offers import error_words
    from operator_assist.offers.http import HttpOfferSource
    from operator_assist.offers.poller import OfferPoller

    with socket.socket() as probe:  # a port nobody listens on (bound, then closed)
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    source = HttpOfferSource(f"http://127.0.0.1:{port}/x")
    result = OfferPoller(source, lambda: None, lambda _: None).poll_once()
    assert error_words(result.error) == f"соединение отклонено: http://127.0.0.1:{port}/x"


def test_item7_failures_are_logged_when_they_start_and_when_they_end(tmp_path, caplog):
    import logging

    from operator_assist.offers.file import FileOfferSource
    from operator_assist.offers.poller import OfferPoller

    path = tmp_path / "offer.json"
    poller = OfferPoller(FileOfferSource(str(path)), lambda: None, lambda _: None)
    with caplog.at_level(logging.INFO, logger="operator_assist.offers.poller"):
        for _ in range(5):  # five seconds of a missing file
            poller.poll_once()
        path.write_text(json.dumps(OFFER_JSON), encoding="utf-8")
        poller.poll_once()
        poller.poll_once()
        path.unlink()
        poller.poll_once()
    messages = [(r.levelname, r.getMessage()) for r in caplog.records]
    assert [level for level, _ in messages] == ["WARNING", "INFO", "WARNING"]
    assert "файл не найден" in messages[0][1] and "answers again" in messages[1][1]


# --- 3. the client's name in the wrap-up ---------------------------------------------------------


def test_item3_the_wrap_up_names_the_client_in_the_summary_and_the_farewell(qtbot, paths):
    window = open_window(qtbot, paths)
    qtbot.keyClick(window, Qt.Key.Key_F5)
    window.phrases.client_name.setText("Иван")
    qtbot.keyClick(window, Qt.Key.Key_F9)
    box = window.phrases.wrapup
    assert box.summary.text() == "Резюме: «Иван, могу ли я еще чем-нибудь Вам помочь?»"
    assert box.farewell.text().startswith("Прощание: «Иван, спасибо за звонок!")
    assert window.phrases.copy_farewell().startswith("Иван, спасибо за звонок!")
    window.phrases.client_name.clear()  # no name: the standard's words as they are
    assert box.summary.text() == "Резюме: «Могу ли я еще чем-нибудь Вам помочь?»"
    assert box.farewell.text().startswith("Прощание: «Спасибо за звонок!")


# --- 4. the silence warning quotes the standard's consent -----------------------------------------


def test_item4_the_silence_warning_asks_consent_in_the_standard_s_words(qtbot, paths):
    window = open_window(qtbot, paths)
    clock = window.session.clock
    qtbot.keyClick(window, Qt.Key.Key_F5)
    qtbot.keyClick(window, Qt.Key.Key_F6)
    clock.advance(window.session.snapshot.timers.silence_warning + 0.5)
    snap = window.session.refresh()
    assert snap.status.value == "silence_warning"
    shown = window.display.findChildren(type(window.notices.banner))
    assert any("Хорошо/Вы согласны?»" in label.text() for label in shown)
    from operator_assist.ui import texts

    assert "Хорошо/Вы согласны?" in texts.say_now(snap)  # the compact window's line too


# --- 10. hold_limit: 2:00 ------------------------------------------------------------------------


@pytest.mark.parametrize("written, seconds", [("2:00", 120.0), ('"1:30"', 90.0), ("'0:45'", 45.0), ("150", 150.0)])
def test_item10_a_limit_in_minutes_and_seconds_is_read_as_written(tmp_path, written, seconds):
    from operator_assist.core.settings import load_settings

    path = tmp_path / "settings.yaml"
    path.write_text(f"roles:\n  specialist:\n    hold_limit: {written}\n", encoding="utf-8")
    settings, problems = load_settings(path)
    assert problems == [] and settings.role("specialist").hold_limit == seconds


def test_item10_hours_minutes_seconds_is_an_error_with_its_line_not_5400(tmp_path):
    from operator_assist.core.settings import load_settings

    path = tmp_path / "settings.yaml"
    path.write_text("timers:\n  long_wait: 60\nroles:\n  senior:\n    hold_limit: 1:30:00\n", encoding="utf-8")
    settings, problems = load_settings(path)
    assert settings.role("senior").hold_limit == 180.0  # the defaults, the file ignored
    assert [(p.line, "минуты:секунды" in p.message, "часы" in p.message) for p in problems] == [(5, True, True)]


# --- 8. English left on screen and in the terminal ---------------------------------------------


def test_item8_a_text_starting_with_a_placeholder_is_explained_in_russian(tmp_path):
    from operator_assist.core.phrases import load_library

    path = tmp_path / "mine.yaml"
    path.write_text("category: mine\nlabel: Мои\nphrases:\n  - id: mine.hello\n    title: Привет\n"
                    "    text: {client_name}, очень приятно\n", encoding="utf-8")  # fmt: skip
    problems = load_library([[path]]).problems
    assert [p.line for p in problems] == [6]
    assert "did not find" not in problems[0].message and "expected" not in problems[0].message
    assert "в кавычки" in problems[0].message and "{client_name}" in problems[0].message


@pytest.mark.parametrize(
    "text",
    ["a:\n  b: 1\n c: 2\n", "a: [1, 2\n", "a: 'x\n", 'a: "x\\q"\n', "a: b: c\n", "a:\n\t- b\n", "- a\nb: 1\n"],
)
def test_item8_common_yaml_mistakes_are_said_in_russian(text):
    import re

    from operator_assist.core.yamlio import parse_yaml

    _, problems = parse_yaml(text, "f.yaml")
    assert len(problems) == 1
    assert not re.search(r"[A-Za-z]{4,}", problems[0].message.replace("YAML", "")), problems[0].message


def test_item8_check_phrases_says_unbalanced_braces_in_russian(tmp_path, capsys):
    from operator_assist.cli import check_phrases

    path = tmp_path / "mine.yaml"
    path.write_text('category: mine\nlabel: Мои\nphrases:\n  - id: mine.x\n    title: X\n    text: "Добрый {день"\n',
                    encoding="utf-8")  # fmt: skip
    assert check_phrases.main([str(path)], None) == 1
    out = capsys.readouterr().out
    assert "непарная фигурная скобка" in out and "unbalanced" not in out


def test_item8_stats_csv_into_a_missing_folder_is_made(tmp_path, capsys):
    from operator_assist.cli import stats as stats_cli

    target = tmp_path / "reports" / "may" / "calls.csv"
    assert stats_cli.main(["--csv", str(target), "--data-dir", str(tmp_path)], None) == 0
    assert target.is_file()
    blocked = tmp_path / "file"
    blocked.write_text("x")
    assert stats_cli.main(["--csv", str(blocked / "calls.csv"), "--data-dir", str(tmp_path)], None) == 1
    err = capsys.readouterr().err
    assert "Errno" not in err and "в пути файл вместо папки" in err


def test_item8_the_cli_help_is_russian(capsys):
    from operator_assist.cli.main import main

    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert out.startswith("использование: operator-assist")
    for english in ("usage", "options", "show this help", "Live assistant", "validate phrase", "call statistics",
                    "training scenarios", "where offers", "operator role", "version number"):  # fmt: skip
        assert english not in out


def test_item8_one_word_for_hold_on_screen(qtbot, paths):
    from operator_assist.core import scoring
    from operator_assist.core.phrases import load_bundled
    from operator_assist.messages import say
    from operator_assist.ui.phrases.panel import CONTEXT_HEADINGS

    result = load_bundled()
    shown = [p.title for p in result.library] + [c.label for c in result.library.categories.values()]
    shown += list(CONTEXT_HEADINGS.values()) + [say(code) for code in scoring.RULES.values()]
    shown += [p.text for p in result.library] + [p.note for p in result.library]
    from operator_assist.cli.demo import load_all
    from operator_assist.paths import UserPaths

    scenarios, _ = load_all(UserPaths.resolve("/nonexistent-user-dir"))
    for scenario in scenarios.values():
        shown += [scenario.title, scenario.description] + [step.note for step in scenario.steps]
    # The standard's own term may be quoted once, in brackets: «удержание (hold, не mute!)».
    assert [t for t in shown if "hold" in t.lower().replace("(hold, не mute!)", "")] == []
    assert result.library.get("resume.thanks_long").title == "После долгого удержания"


# --- 9. sound cues failing ------------------------------------------------------------------------


def test_item9_missing_audio_is_said_once_in_the_window(qtbot, paths, monkeypatch):
    from operator_assist.ui.call import cue_player

    def broken():
        raise ImportError("libpulse.so.0: cannot open shared object file: No such file or directory")

    monkeypatch.setattr(cue_player, "_sound_effect_class", broken)
    window = show_active(qtbot, build_window(paths, clock=FakeClock(), audio=True))
    clock = window.session.clock
    qtbot.keyClick(window, Qt.Key.Key_F5)
    qtbot.keyClick(window, Qt.Key.Key_F6)
    clock.advance(window.session.snapshot.timers.silence_warning + 0.5)
    window.session.refresh()  # the silence warning: its cue cannot sound
    assert window.notices.banner.isVisible()
    text = window.notices.banner.text()
    assert "Звуковые сигналы недоступны" in text and "libpulse.so.0" in text
    assert window.display.findChildren(type(window.notices.banner))  # the visual warning is there
    qtbot.keyClick(window, Qt.Key.Key_F7)
    clock.advance(window.session.snapshot.role.hold_limit + 1)
    window.session.refresh()  # the hold limit's cue: no second notice
    assert window.notices.banner.text().count("Звуковые сигналы недоступны") == 1


# --- 6. practice: F8 ends it, the prompt names the phrase, the card is in view --------------------


def practice_window(qtbot, paths, name="01-balance"):
    from operator_assist.cli.demo import load_all
    from operator_assist.paths import UserPaths
    from operator_assist.ui.app import build_demo_window

    scenarios, _ = load_all(UserPaths.resolve("/nonexistent-user-dir"))
    base = FakeClock(start=0.0)
    window = build_demo_window(scenarios[name], paths, speed=1.0, practice=True, base_clock=base, audio=False)
    show_active(qtbot, window)
    window.demo.start()

    def run(seconds):
        from PySide6.QtWidgets import QApplication

        for _ in range(int(seconds * 10)):
            base.advance(0.1)
            window.demo._poll()
            QApplication.processEvents()  # as the running app would between steps

    return window, run


def test_item6_f8_ends_the_practice_with_the_score_card_at_once(qtbot, paths):
    from operator_assist.core.scoring import Verdict

    window, run = practice_window(qtbot, paths)
    demo = window.demo
    run(1)
    window.session.perform(Action.START_CALL, "window")
    window.phrases.copy_number(1)
    run(5)
    window.session.perform(Action.TOGGLE_LOOKUP, "window")
    run(2)
    window.session.perform(Action.TOGGLE_LOOKUP, "window")
    run(12)  # the client says goodbye; the thanks is expected now
    window.phrases.copy_phrase("farewell.all_best")  # a farewell, not the expected steps
    window.session.perform(Action.END_CALL, "window")
    assert demo.player.finished and demo.card is not None  # at once, not 75 s later
    assert demo.score_dialog.isVisible()
    verdicts = {item.step: item.verdict for item in demo.card.items if item.step is not None}
    steps = demo.scenario.steps
    assert verdicts[next(s.index for s in steps if s.say == "farewell.thanks")] is Verdict.WRONG  # another farewell
    assert verdicts[next(s.index for s in steps if s.say == "creative.good_day")] is Verdict.MISSED
    lines = demo.panel.lines()
    assert lines[-1] == "Сценарий окончен." and "оставшиеся шаги отмечены как пропущенные" in lines[-2]
    run(80)  # nothing more is expected of a finished call
    assert demo.panel.lines() == lines


def test_item6_the_prompt_names_the_phrase_and_its_card_stays_in_view(qtbot, paths):
    window, run = practice_window(qtbot, paths)
    run(1)
    window.session.perform(Action.START_CALL, "window")
    run(5)
    window.session.perform(Action.TOGGLE_LOOKUP, "window")
    run(2)
    window.session.perform(Action.TOGGLE_LOOKUP, "window")
    run(12)
    assert window.demo.panel.lines()[-1] == "Ваш ход: фраза «Благодарность за звонок» — подсвечена справа"
    card = window.phrases.card("farewell.thanks")
    assert not card.visibleRegion().isEmpty()
    window.session.perform(Action.TOGGLE_LOOKUP, "window")  # the trainee looks around: the context changes
    qtbot.waitUntil(lambda: not card.visibleRegion().isEmpty(), timeout=2000)


# --- 11. without a display ------------------------------------------------------------------------


def _run_app(tmp_path, env_changes, *args):
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env.update(env_changes)
    return subprocess.run([sys.executable, "-m", "operator_assist", "--data-dir", str(tmp_path), *args],
                          env=env, capture_output=True, text=True, timeout=60)  # fmt: skip


def test_item11_without_a_graphical_session_the_app_says_so_and_exits_2(tmp_path):
    import sys

    if not sys.platform.startswith("linux"):
        pytest.skip("DISPLAY/WAYLAND_DISPLAY are a Linux matter")
    result = _run_app(tmp_path, {})
    assert result.returncode == 2, result.stderr
    assert "Нет графического сеанса" in result.stderr and "DISPLAY" in result.stderr
    assert "qt.qpa" not in result.stderr and "Aborted" not in result.stderr


def test_item11_a_missing_xcb_library_is_named_with_its_package():
    from pathlib import Path

    from operator_assist.ui.desktop.display_check import display_problem

    def missing(path):
        raise OSError("libxcb-cursor.so.0: cannot open shared object file: No such file or directory")

    problem = display_problem({"DISPLAY": ":0"}, "linux", missing, Path("/qt/plugins/platforms/libqxcb.so"))
    assert "libxcb-cursor.so.0" in problem and "sudo apt install libxcb-cursor0" in problem
    assert display_problem({"DISPLAY": ":0"}, "linux", lambda path: None, Path("/x/libqxcb.so")) is None
    assert display_problem({"QT_QPA_PLATFORM": "offscreen"}, "linux") is None  # chosen on purpose
    assert display_problem({}, "win32") is None


def test_item11_a_real_x_server_passes_the_check(tmp_path, x_display):  # noqa: F811 - the fixture
    result = _run_app(tmp_path, {"DISPLAY": x_display}, "--exit-after-startup")
    assert result.returncode == 0, result.stderr
    assert "first paint at" in result.stdout


# --- 12. the README says where the keys work and names the menu items as the window does -----------


def test_item12_the_readme_names_what_the_window_shows(qtbot, paths):
    import subprocess
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    readme = (root / "README.md").read_text(encoding="utf-8")
    assert "whichever field has the focus, and F5" not in readme  # the old, imprecise sentence
    assert "**Where the keys work.**" in readme and "plain digits 1–4" in readme
    window = open_window(qtbot, paths)
    for action in (window.on_top_action, window.mute_action, window.key_actions["compact"]):
        assert f"**{action.text()}**" in readme, action.text()
    assert "## System requirements" in readme and "libxcb-cursor0" in readme
    tracked = subprocess.run(["git", "ls-files", "screenshot-app.log"], cwd=root, capture_output=True, text=True)
    if tracked.returncode == 0:  # a git checkout
        assert tracked.stdout.strip() == ""
    assert "screenshot-app.log" in (root / ".gitignore").read_text(encoding="utf-8").split()
