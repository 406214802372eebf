"""Вид → «Слушать свою речь» in the window (ui/speech/feed.py): the toggle, the marks, the journal, the practice.

What the listener heard is fed as its signals would bring it: real Russian speech, recognised once per
session by the real recogniser (tests/speech_fixtures.py), at the times of a call the test plays on a
fake clock. The listener's own thread is run once here too, with a recogniser that only counts.
"""

from __future__ import annotations

import json
import logging

from operator_assist.core.clock import FakeClock
from operator_assist.core.commands import Action
from operator_assist.core.events import EventKind as K
from operator_assist.core.journal import Journal
from operator_assist.speech.listener import Heard
from operator_assist.ui.app import attach_speech, build_window, load_startup

from .conftest import show_active


def _window(qtbot, paths, settings_yaml: str = ""):
    if settings_yaml:
        paths.settings_file.write_text(settings_yaml, encoding="utf-8")
    startup = load_startup(paths)
    clock = FakeClock(start=0.0)
    window = show_active(qtbot, build_window(paths, clock=clock, audio=False, startup=startup))
    return window, startup, clock


class Scripted:
    """A recogniser whose words are the test's (the feed's thread, the queue and the signals are the real ones)."""

    name = "scripted"

    def __init__(self, texts):
        self.texts = list(texts)

    def load(self):
        pass

    def transcribe(self, audio):
        return self.texts.pop(0) if self.texts else ""

    def close(self):
        pass


def test_the_toggle_listens_to_the_microphone_alone_and_is_remembered(qtbot, paths, sounds, monkeypatch):
    from operator_assist.speech import microphone, recognisers

    mics = []

    def microphone_of(source, mic):
        mics.append((source, mic))
        return microphone.FileMicrophone(sounds["prompts"].path, realtime=False)  # the operator's channel only

    monkeypatch.setattr(microphone, "create_microphone", microphone_of)
    monkeypatch.setattr(recognisers, "from_settings", lambda *a, **k: Scripted(["Здравствуйте!", "Спасибо за ожидание."]))
    window, startup, _clock = _window(qtbot, paths)
    speech = attach_speech(window, startup)
    actions = [a.text() for a in window.view_menu.actions()]
    assert actions.index("Слушать свою речь") == actions.index("Без звука") + 1
    assert not speech.action.isChecked() and speech.feed is None  # `speech: off` is the default
    with qtbot.waitSignal(speech.marks.compact_note, timeout=20_000, check_params_cb=lambda text, kind: kind == "said"):
        speech.action.trigger()
    assert speech.action.isChecked() and mics == [("off", None)]
    assert json.loads(paths.preferences_file.read_text(encoding="utf-8"))["speech"] == "on"
    assert window.phrases.speech_marks.get("resume.thanks") == "✓ сказано"
    assert speech.mark.isVisibleTo(window)
    speech.action.trigger()
    assert speech.feed is None and not speech.action.isChecked() and not speech.mark.isVisibleTo(window)
    assert json.loads(paths.preferences_file.read_text(encoding="utf-8"))["speech"] == "off"
    window.update_prefs(speech="on")
    again = attach_speech(*_window(qtbot, paths)[:2])  # the next start listens as last chosen
    assert again.action.isChecked() and again.feed is not None
    again.stop()


def _play(window, speech, clock, heard, moments):
    """The call's actions at their moments and the utterances as they would come (1.5 s after each ended)."""
    timeline = [(at, 0, action) for action, at in moments] + [(h[1] + 1.5, 1, h) for h in heard]
    for at, kind, item in sorted(timeline, key=lambda x: (x[0], x[1])):
        clock.set(max(clock.now(), at))
        if kind == 0:
            window.session.perform(Action(item), "window")
        else:
            start, end, text = item
            speech.feed.heard.emit(Heard(start, end, text, at))
            speech.feed.progress.emit(end + 0.01)
    clock.advance(10.0)
    speech.feed.progress.emit(clock.now())


class Ended:
    """A microphone whose audio has ended at once: the listener's threads stop, the feed stays for the test."""

    def open(self):
        pass

    def read(self, frames):
        import numpy as np

        return np.zeros(0, dtype=np.float32)

    def close(self):
        pass


def _listening(window, startup, monkeypatch):
    from operator_assist.speech import microphone, recognisers

    monkeypatch.setattr(recognisers, "from_settings", lambda *a, **k: Scripted([]))  # the test brings the words
    monkeypatch.setattr(microphone, "create_microphone", lambda source, mic: Ended())
    speech = attach_speech(window, startup)
    speech.stop()
    speech._listen()
    assert speech.feed.listener.wait(10)  # the feed and the link stay: the test emits what «was heard»
    return speech


def test_a_call_heard_ticks_the_cards_and_the_compact_view_and_journals_only_the_checks(
    qtbot, paths, sounds, checked, monkeypatch, caplog
):
    heard = [(u["start"], u["end"], u["text"]) for u in checked("call_short")["utterances"]]  # before the fakes below
    caplog.set_level(logging.DEBUG)
    window, startup, clock = _window(qtbot, paths)
    speech = _listening(window, startup, monkeypatch)
    from operator_assist.ui.desktop.compact_window import CompactWindow

    compact = CompactWindow()
    qtbot.addWidget(compact)
    speech.show_in(compact)
    lines = sounds["call_short"].lines  # the hold phrase without consent, thanks, a sentence, «спасибо, всего доброго»
    moments = [("start_call", 0.05), ("start_lookup", 0.1), ("start_hold", lines[0][1] + 1.0), ("resume", lines[1][0] - 0.5),
               ("end_call", lines[-1][1] + 0.3)]  # fmt: skip
    _play(window, speech, clock, heard, moments)

    mark = window.phrases.speech_marks.get
    assert mark("hold.clarify") == "не прозвучало: согласие клиента"
    assert mark("resume.thanks") == "✓ сказано"
    assert mark("farewell.thanks") == "✓ сказано"
    assert mark("farewell.goodbye") == "не прозвучало: прощание"
    assert mark("farewell.all_best") == "✓ сказано"  # said as the wish: not also missing as the goodbye
    assert "не прозвучало" in window.phrases.card("farewell.goodbye").text()
    assert compact.speech_label.isVisibleTo(compact) and compact.speech_label.text().startswith("Не прозвучало")

    window.session.journal.flush(5.0)
    with Journal.open_readonly(paths.journal_file) as journal:
        checks = [(e.data["check"], e.data["met"]) for e in journal.events() if e.kind is K.SPEECH_CHECK]
    assert sorted(checks) == [("after_hold", True), ("before_hold", False), ("farewell", False), ("summary", False)]
    # Privacy: no word heard is on disk (journal, caches) or in the log, only which check was met or missed.
    from operator_assist.core.speech_checks import words_of
    from operator_assist.paths import bundled_phrases_dir

    library = {w for f in bundled_phrases_dir().rglob("*.yaml") for w in words_of(f.read_text(encoding="utf-8"))}
    words = {w for _s, _e, text in heard for w in words_of(text) if len(w) > 3 and w not in library}
    assert len(words) >= 2  # «договора», «двадцать»: words no cache of the library holds
    stored = b"".join(p.read_bytes() for p in paths.data_dir.rglob("*") if p.is_file())
    assert not [w for w in words if w.encode("utf-8") in stored.lower()]
    logged = " ".join(r.getMessage().lower() for r in caplog.records)
    assert not [w for w in words if w in logged]

    window.session.perform(Action.START_CALL, "window")  # a new call: the marks of the last one go
    assert mark("resume.thanks") == "" and not compact.speech_label.isVisibleTo(compact)


def test_a_forbidden_word_gets_a_quiet_note_with_the_right_words_and_the_journal_can_be_off(qtbot, paths, monkeypatch):
    window, startup, clock = _window(qtbot, paths, "speech:\n  recogniser: whisper\n  journal: false\n")
    speech = _listening(window, startup, monkeypatch)
    window.session.perform(Action.START_CALL, "window")
    clock.advance(5.0)
    speech.feed.heard.emit(Heard(2.0, 3.5, "Подождите, я посмотрю. Вы готовы подождать?", 5.0))
    note = speech.marks.note
    assert note.isVisibleTo(window) and note.text() == "Вместо «подождите» говорим: «Оставайтесь, пожалуйста, на линии»"
    assert note.property("forbidden") is True  # amber (#fff4ce), steady: no timer flashes it
    clock.advance(30.0)
    window.session.perform(Action.END_CALL, "window")
    speech.feed.progress.emit(clock.now())
    window.session.journal.flush(5.0)
    with Journal.open_readonly(paths.journal_file) as journal:
        kinds = {e.kind for e in journal.events()}
    assert K.FORBIDDEN_WORD not in kinds and K.SPEECH_CHECK not in kinds  # `speech.journal: false`: on screen only
    assert window.phrases.speech_marks.get("farewell.goodbye").startswith("не прозвучало")


def test_nothing_is_shown_while_the_client_speaks(qtbot, paths, monkeypatch, fake_timers):
    window, startup, clock = _window(qtbot, paths)
    speech = _listening(window, startup, monkeypatch)
    client = {"speaking": True}
    speech.marks.client_speaking = lambda: client["speaking"]
    speech.feed.heard.emit(Heard(1.0, 2.0, "Спасибо за ожидание.", 3.5))
    assert window.phrases.speech_marks.get("resume.thanks") == ""
    fake_timers.advance(1000)
    assert window.phrases.card("resume.thanks").speech_mark == ""
    client["speaking"] = False
    fake_timers.advance(300)
    assert window.phrases.card("resume.thanks").speech_mark == "✓ сказано"


def test_practice_with_speech_counts_a_phrase_when_said_not_when_copied(qtbot, paths, monkeypatch):
    from operator_assist.core.scenario import load_scenarios
    from operator_assist.core.scoring import Verdict
    from operator_assist.paths import bundled_standard_dir
    from operator_assist.ui.app import build_demo_window

    scenarios, _problems = load_scenarios([bundled_standard_dir() / "scenarios"])
    scenario = scenarios["02-tariff-change-hold"]
    window = build_demo_window(scenario, paths, practice=True, audio=False, base_clock=FakeClock(start=0.0))
    qtbot.addWidget(window)
    startup = load_startup(paths, role=scenario.role, offer_spec="none", call_spec="manual")
    speech = _listening(window, startup, monkeypatch)
    demo = window.demo
    assert demo.by_speech
    demo.start()
    window.session.perform(Action.START_CALL, "window")
    window.phrases.copy_phrase("greeting.default")  # a key pressed: not said
    speech.feed.heard.emit(Heard(0.5, 2.0, "Добрый день, чем могу помочь?", 3.5))
    window.session.perform(Action.END_CALL, "window")  # the trainee ends early: the score card comes now
    items = {item.title: item for item in demo.card.items}
    greeting = next(item for title, item in items.items() if "Здравствуйте" in title)
    assert greeting.verdict is Verdict.MISSED and greeting.heard == "Добрый день, чем могу помочь?"
    assert "Услышано: «Добрый день, чем могу помочь?»" in demo.score_dialog.details.toPlainText()
    for item in demo.card.items:  # the phrase steps' heard texts stay in memory: the card, not the journal
        assert item.heard is None or isinstance(item.heard, str)
    demo.score_dialog.close()
