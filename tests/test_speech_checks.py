"""The spoken checks over recognised text (core/speech_checks.py) and their data in the phrase library.

Pure: texts as a recogniser writes them (the real recogniser on real speech: tests/test_speech_real.py).
"""

from __future__ import annotations

import pytest

from operator_assist.core import journal
from operator_assist.core.events import Event, EventKind
from operator_assist.core.phrases import bundled_tier, load_bundled, load_library
from operator_assist.core.speech_checks import (
    CHECKS,
    Forbidden,
    PhraseSpotter,
    Said,
    SpeechChecker,
    Verdict,
    journal_events,
    normalize_speech,
    similar,
    words_of,
)


@pytest.fixture(scope="module")
def library():
    result = load_bundled()
    assert result.problems == []
    return result.library


@pytest.fixture(scope="module")
def spotter(library):
    return PhraseSpotter(library)


def spotted(spotter, text: str) -> set[str]:
    return {s.phrase_id for s in spotter.spot(words_of(text))}


def forbidden(spotter, text: str) -> list[str]:
    return [word.form for _, word in spotter.forbidden(words_of(text))]


# --- normalising and matching ----------------------------------------------------------------


def test_normalised_text_is_lower_case_with_e_for_yo_and_no_punctuation():
    assert normalize_speech("Всё, СПАСИБО! До свидания… «Интернет-Помощник»") == "все спасибо до свидания интернет помощник"


def test_a_word_is_the_same_word_in_another_ending_or_with_a_recognisers_slip_but_short_words_must_be_equal():
    assert similar("минуты", "минуту") and similar("обонентом", "абонентом")
    assert not similar("за", "на") and not similar("вам", "вас")
    assert not similar("подождите", "подождать", strict=True)


def test_the_standards_hold_phrase_is_said_when_purpose_time_and_consent_are_each_heard(spotter):
    assert "hold.clarify" in spotted(spotter, "Я уточню информацию для вас, это займет не более минуты. Оставайтесь на линии. Хорошо?")
    assert "hold.clarify" in spotted(spotter, "Сейчас проверю информацию, займёт не больше минуты, вы согласны?")
    assert "hold.clarify" not in spotted(spotter, "Я уточню информацию. Оставайтесь на линии.")  # no time, no consent
    assert "hold.tariff_change" in spotted(spotter, "Смена тарифа займет не больше минуты, хорошо?")


def test_a_phrase_is_said_in_its_own_words_its_variants_or_a_close_form(spotter):
    assert "resume.thanks" in spotted(spotter, "Спасибо за ожидание!")
    assert "resume.thanks" in spotted(spotter, "Благодарим за терпение.")  # a variant, in another form
    assert "summary.more_help" in spotted(spotter, "Могу ли я ещё чем-нибудь вам помочь?")
    assert "summary.solved" in spotted(spotter, "Я ответила на ваш вопрос?")  # «{решил|решила}/{ответил|ответила}»
    assert "greeting.default" in spotted(spotter, "Здравствуйте! Компания МТС, меня зовут Ольга. Чем могу вам помочь?")
    assert "creative.nice_evening" in spotted(spotter, "Хорошего вечера!")
    assert spotted(spotter, "Хорошо, сейчас посмотрю, какой у вас тариф.") == set()


def test_a_short_word_of_a_short_wording_may_be_lost_to_the_recogniser_but_not_a_longer_one(spotter):
    """Whisper on a CPU without AVX2 heard Festival's «Спасибо за звонок!» as «Спасибо, званок.»:
    «за» merged into the next word (akanye: an unstressed «о» sounds as «а»)."""
    assert "farewell.thanks" in spotted(spotter, "Спасибо, званок. Хорошего вам дня!")
    assert "resume.thanks" in spotted(spotter, "Спасибо ожидание.")
    assert "farewell.thanks" not in spotted(spotter, "Спасибо за ожидание.")  # «звонок» itself must be heard
    assert "farewell.goodbye" not in spotted(spotter, "Свидания не будет.")  # two words: «до» is needed
    assert "summary.more_help" not in spotted(spotter, "Могу ли я?")
    # a longer wording keeps its own slack: a stray «ещё» before it is not where it starts
    said = spotter.spot(words_of("Вы готовы подождать я еще немного? Могу ли я еще чем-нибудь вам помочь?"), only=["summary.more_help"])
    assert [s.first for s in said] == [6]  # «могу»


def test_the_speak_correctly_entries_are_not_heard_as_phrases_said(spotter):
    assert not any(pid.startswith(("correct.", "never.")) for pid in spotted(spotter, "Оставайтесь, пожалуйста, на линии, денежные средства поступили"))


def test_forbidden_words_match_exactly_so_podozhdat_is_never_podozhdite(spotter):
    assert forbidden(spotter, "Подождите, пожалуйста") == ["подождите"]
    assert forbidden(spotter, "Вы готовы подождать ещё немного?") == []
    assert forbidden(spotter, "Я не знаю. Секундочку! Щас посмотрю, деньги пришли.") == ["не знаю", "секундочку", "щас", "деньги", "пришли"]
    assert forbidden(spotter, "Денежные средства поступили, я знаю.") == []


# --- a call, moment by moment ------------------------------------------------------------------


class Call:
    def __init__(self, library, **kwargs) -> None:
        self.checker = SpeechChecker(library, **kwargs)
        self.out: list = []

    def event(self, kind: EventKind, at: float, call_id: str = "c1") -> None:
        self.out += self.checker.on_event(Event(kind, at, at, call_id, {}))

    def heard(self, start: float, end: float, text: str) -> None:
        self.out += self.checker.on_heard(start, end, text)

    def settle(self, heard_until: float, now: float | None = None) -> None:
        self.out += self.checker.settle(heard_until, heard_until if now is None else now)

    def verdicts(self, check: str | None = None) -> list[Verdict]:
        return [o for o in self.out if isinstance(o, Verdict) and (check is None or o.check == check)]


def test_a_hold_phrase_said_before_the_hold_is_met_even_when_its_last_words_are_recognised_after_it(library):
    call = Call(library)
    call.event(EventKind.CALL_STARTED, 0)
    call.heard(10, 14, "Я уточню информацию для вас, это займет не более минуты.")
    call.event(EventKind.HOLD_STARTED, 16)
    call.settle(15.0)  # «Хорошо?» is still being recognised: nothing is decided yet
    assert call.verdicts() == []
    call.heard(14.5, 15.5, "Хорошо?")
    call.settle(16.5)
    [verdict] = call.verdicts()
    assert (verdict.check, verdict.met, verdict.at, verdict.phrase_id) == ("before_hold", True, 16, "hold.clarify")


def test_a_hold_without_the_consent_is_missed_and_says_which_part_was_not_heard(library):
    call = Call(library)
    call.event(EventKind.CALL_STARTED, 0)
    call.heard(10, 14, "Я уточню информацию, это займет не более минуты.")
    call.event(EventKind.HOLD_STARTED, 16)
    call.settle(17)
    [verdict] = call.verdicts()
    assert not verdict.met and verdict.missing == ("consent",)
    assert set(verdict.expected) == {"hold.clarify", "hold.tariff_change", "hold.return"}


def test_the_words_for_one_hold_do_not_count_for_the_next(library):
    call = Call(library)
    call.event(EventKind.CALL_STARTED, 0)
    call.heard(10, 14, "Я уточню информацию, это займет не более минуты. Хорошо?")
    call.event(EventKind.HOLD_STARTED, 16)
    call.event(EventKind.HOLD_ENDED, 40)
    call.heard(40.5, 41.5, "Спасибо за ожидание.")
    call.event(EventKind.HOLD_STARTED, 50)
    call.settle(51)
    verdicts = sorted(call.verdicts(), key=lambda v: v.at)
    assert [(v.check, v.met) for v in verdicts] == [("before_hold", True), ("after_hold", True), ("before_hold", False)]


def test_thanks_after_the_hold_is_met_at_once_and_missed_after_three_utterances_or_the_window(library):
    call = Call(library, resume_window=15.0)
    call.event(EventKind.CALL_STARTED, 0)
    call.event(EventKind.HOLD_STARTED, 10)
    call.event(EventKind.HOLD_ENDED, 40)
    call.heard(40.3, 41.2, "Спасибо за длительное ожидание.")
    assert [(v.check, v.met) for v in call.verdicts("after_hold")] == [("after_hold", True)]
    call.event(EventKind.HOLD_STARTED, 60)
    call.event(EventKind.HOLD_ENDED, 90)
    for i, text in enumerate(("Так.", "Смотрите.", "Ваш тариф подключён.")):
        call.heard(91 + i, 91.5 + i, text)
    assert [v.met for v in call.verdicts("after_hold")] == [True, False]
    call.event(EventKind.HOLD_STARTED, 120)
    call.event(EventKind.HOLD_ENDED, 150)
    call.settle(164)
    assert len(call.verdicts("after_hold")) == 2  # the window is still open: the thanks may come
    call.settle(165.5)
    assert [v.met for v in call.verdicts("after_hold")] == [True, False, False]


def test_the_farewell_needs_thanks_a_wish_and_a_goodbye_and_all_the_best_counts_once(library):
    call = Call(library)
    call.event(EventKind.CALL_STARTED, 0)
    call.heard(50, 53, "Спасибо за звонок! Всего доброго! До свидания!")
    call.event(EventKind.CALL_ENDED, 54)
    call.event(EventKind.CALL_STARTED, 60, "c2")  # the next call: the first one is judged now
    call.heard(100, 102, "Спасибо за звонок, всего доброго.")
    call.event(EventKind.CALL_ENDED, 103, "c2")
    call.settle(103)
    full, short = call.verdicts("farewell")
    assert full.met and full.call_id == "c1"
    assert not short.met and short.missing == ("goodbye",) and short.call_id == "c2"
    assert set(short.expected) == {"farewell.all_best", "farewell.goodbye"}


def test_the_farewell_may_be_split_by_pauses_and_said_as_the_call_ends(library):
    call = Call(library)
    call.event(EventKind.CALL_STARTED, 0)
    call.heard(50, 51, "Спасибо вам за звонок.")
    call.heard(52, 53, "Удачного дня.")
    call.event(EventKind.CALL_ENDED, 53.5)
    call.heard(53.2, 54.0, "Всего доброго.")  # said as F8 was pressed: recognised after it
    call.settle(55)
    assert call.verdicts("farewell")[0].met


def test_the_summary_counts_when_said_anywhere_in_the_call(library):
    call = Call(library)
    call.event(EventKind.CALL_STARTED, 0)
    call.heard(30, 32, "Могу ли я ещё чем-то вам помочь?")
    call.event(EventKind.CALL_ENDED, 60)
    call.settle(61)
    [summary] = call.verdicts("summary")
    assert summary.met and summary.phrase_id in ("summary.more_help", "summary.more_help_alt")


def test_phrases_said_are_reported_once_each_time_they_are_said(library):
    call = Call(library)
    call.heard(1, 2, "Спасибо за ожидание.")
    call.heard(3, 4, "Так.")
    call.heard(5, 6, "Спасибо за ожидание.")
    assert [(o.phrase_id, o.at) for o in call.out if isinstance(o, Said) and o.phrase_id == "resume.thanks"] == [
        ("resume.thanks", 1), ("resume.thanks", 5)
    ]  # fmt: skip


def test_a_forbidden_word_names_its_entry_and_the_right_words(library):
    call = Call(library)
    call.event(EventKind.CALL_STARTED, 0)
    call.heard(5, 6, "Подождите минуточку.")
    found = [o for o in call.out if isinstance(o, Forbidden)]
    assert [(f.word, f.phrase_id, f.right, f.at, f.call_id) for f in found] == [
        ("подождите", "never.wait", "Оставайтесь, пожалуйста, на линии", 5, "c1"),
        ("минуточку", "never.moment", "Одну минуту, я проверю информацию", 5, "c1"),
    ]


def test_a_moment_whose_words_were_dropped_is_not_called_missed(library):
    call = Call(library)
    call.event(EventKind.CALL_STARTED, 0)
    call.checker.on_dropped(10, 14)  # recognition fell behind: the hold phrase may have been there
    call.event(EventKind.HOLD_STARTED, 16)
    call.settle(17)
    assert call.verdicts() == []


def test_a_call_whose_start_was_not_heard_is_not_judged(library):
    call = Call(library)
    call.event(EventKind.HOLD_STARTED, 16, "earlier")
    call.event(EventKind.CALL_ENDED, 30, "earlier")
    call.settle(100)
    assert call.verdicts() == []


def test_without_recognition_catching_up_a_moment_is_decided_after_the_grace(library):
    call = Call(library, grace=6.0)
    call.event(EventKind.CALL_STARTED, 0)
    call.event(EventKind.HOLD_STARTED, 16)
    call.settle(heard_until=10, now=21.9)
    assert call.verdicts() == []
    call.settle(heard_until=10, now=22)
    assert [v.met for v in call.verdicts()] == [False]


# --- what the journal gets ------------------------------------------------------------------------


def test_the_journal_gets_checks_and_entries_never_words():
    outcomes = [
        Said("resume.thanks", 5.0),
        Verdict("after_hold", True, 4.0, "c1", "resume.thanks", ("resume.thanks",)),
        Forbidden("подождите", "never.wait", "Оставайтесь, пожалуйста, на линии", 6.0, "c1"),
        Forbidden("деньги", "correct.funds", "денежные средства", 7.0, None),  # between calls: not journaled
    ]
    events = journal_events(outcomes, wall=lambda at: 1_790_000_000 + at)
    assert [(e.kind, e.at, e.wall, e.call_id, e.data) for e in events] == [
        (EventKind.SPEECH_CHECK, 4.0, 1_790_000_004.0, "c1", {"check": "after_hold", "met": True, "phrase_id": "resume.thanks"}),
        (EventKind.FORBIDDEN_WORD, 6.0, 1_790_000_006.0, "c1", {"phrase_id": "never.wait"}),
    ]
    assert journal.clean_data(EventKind.FORBIDDEN_WORD, {"phrase_id": "never.wait", "word": "подождите"}) == {"phrase_id": "never.wait"}
    assert journal.clean_data(EventKind.SPEECH_CHECK, {"check": "said: всё", "met": True}) == {"met": True}


def test_the_journal_knows_every_check():
    assert journal._SPEECH_CHECKS == set(CHECKS)


# --- the library's data ---------------------------------------------------------------------------


def test_every_moment_has_phrases_in_the_bundled_library(spotter):
    for moment in ("before_hold", "after_hold", "summary", "farewell.thanks", "farewell.wish", "farewell.goodbye"):
        assert spotter.by_moment(moment), moment


def test_moments_variants_and_parts_are_validated_with_file_and_line(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text(
        "category: x\nmoment: farewel\nphrases:\n"
        "  - id: x.a\n    text: Раз\n    moment: hold\n"
        "  - id: x.b\n    text: Два\n    variants: уточню\n"
        "  - id: x.c\n    text: Три\n    parts:\n      purpose: [уточню]\n      reason: [потому что]\n"
        "  - id: x.d\n    text: Четыре\n    parts: [уточню]\n",
        encoding="utf-8",
    )
    problems = [str(p) for p in load_library([bundled_tier(), [path]]).errors]
    file = str(path)
    assert problems == [
        f"{file}:2: moment: неизвестное значение 'farewel' (допустимо: before_hold, after_hold, summary, farewell.thanks, farewell.wish, farewell.goodbye)",
        f"{file}:6: фраза 'x.a': moment: неизвестное значение 'hold' (допустимо: before_hold, after_hold, summary, farewell.thanks, farewell.wish, farewell.goodbye)",
        f"{file}:9: фраза 'x.b': variants: нужен список строк, а здесь текст",
        f"{file}:14: фраза 'x.c': parts: неизвестное значение 'reason' (допустимо: purpose, time, consent)",
        f"{file}:17: фраза 'x.d': parts: нужен набор частей фразы (purpose, time, consent), у каждой — список формулировок, а здесь список",
    ]


def test_a_user_rewording_keeps_the_moment_and_is_heard_in_its_own_words(tmp_path):
    (tmp_path / "mine.yaml").write_text(
        "category: hold\nphrases:\n  - id: resume.thanks\n    text: Благодарю, что подождали!\n", encoding="utf-8"
    )
    result = load_library([bundled_tier(), [tmp_path / "mine.yaml"]])
    phrase = result.library.get("resume.thanks")
    assert phrase.moment == "after_hold" and phrase.variants == ()
    assert "resume.thanks" in spotted(PhraseSpotter(result.library), "Благодарю, что подождали.")
