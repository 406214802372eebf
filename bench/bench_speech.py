"""Hearing the operator's words (issue 26): recall, false alarms, latency, CPU and memory of the real pipeline.

    python bench/bench_speech.py [--quick]

Real Russian speech (tests/speech_corpus.py: Asterisk's recorded prompts, Festival's voice in the
telephone band with noise) through the real voice gate (Silero) and recogniser (Whisper base, the
pinned model, int8, beam 5, one thread).

``speech_phrase_recall``: library phrases found / phrases said, over the test conversations.
``speech_false_alarms_per_hour``: phrases or forbidden words reported that were not said, over noise
and ordinary talk, per hour of that audio.
``speech_latency_p90_ms``: the end of a sentence (its last sound) → its text ready (the tick follows on
the GUI thread), the listener running in real time, p90 over the utterances.
``speech_cpu_percent``: CPU time of a child process that only listens (the capture, the gate, the
recogniser) per second of continuous speech, as a share of one core; ``speech_silence_cpu_percent``:
the same over silence (a quiet room's noise at −55 dBFS and a line's hiss); ``speech_noise_cpu_percent``
(a detail): over loud noise (−25…−50 dBFS), where the voice gate's model runs on every frame. CPU time
per audio time, not wall-clock: the machine is shared.
``speech_rss_mib``: that child's peak RSS (the model loaded, listening).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import time
import wave
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def _listen_child(wav: str, model: str, seconds: float) -> None:
    """Runs in the child: listen to ``wav`` in real time as the window would; print CPU, RSS, latencies as JSON."""
    from operator_assist.core.clock import MonotonicClock
    from operator_assist.speech.listener import SpeechListener
    from operator_assist.speech.microphone import FileMicrophone
    from operator_assist.speech.recognisers import RecogniserConfig, WhisperRecogniser

    heard = []
    recogniser = WhisperRecogniser(RecogniserConfig(model=model))
    listener = SpeechListener(lambda: FileMicrophone(wav, realtime=True), recogniser, MonotonicClock(), on_heard=heard.append)
    began = time.monotonic()
    listener.start()
    cpu_start = None
    while listener.running and time.monotonic() - began < seconds + 60:
        if cpu_start is None and listener.status.state == "listening":
            cpu_start = time.process_time()  # the model is loaded: listening starts
        time.sleep(0.05)
    listener.wait(60)
    cpu = time.process_time() - (cpu_start or 0.0)
    with wave.open(wav) as w:
        audio = w.getnframes() / w.getframerate()
    first = listener.segmenter.start if listener.segmenter is not None else 0.0
    print(json.dumps({
        "cpu_s": cpu, "audio_s": audio, "rss_mib": _peak_rss_mib(),
        "heard": [(h.start - first, h.end - first, h.ready - first, h.text) for h in heard],
        "dropped": listener.dropped,
    }, ensure_ascii=False))  # fmt: skip


def _peak_rss_mib() -> float:
    """This process's peak RSS since its exec (VmHWM; ``ru_maxrss`` would carry the parent's peak across fork+exec)."""
    with open("/proc/self/status", encoding="ascii") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:")) / 1024


def _child(wav: Path, model: Path, seconds: float) -> dict:
    out = subprocess.run(
        [sys.executable, str(Path(__file__)), "--listen", str(wav), "--model", str(model), "--seconds", str(seconds)],
        capture_output=True, text=True, check=True, timeout=seconds + 180,
    ).stdout  # fmt: skip
    return json.loads(out.strip().splitlines()[-1])


def _last_sound(path: Path, start: float, end: float) -> float:
    """When the utterance's last sound really ended: its last 10 ms above −38 dBFS (the gate's own end lags it)."""
    from operator_assist.speech.microphone import read_operator_wav

    audio = _last_sound.cache.get(path)
    if audio is None:
        audio = _last_sound.cache[path] = read_operator_wav(path)
    lo, hi = int(start * 16000), min(len(audio), int((end + 0.3) * 16000))
    frames = audio[lo : hi - (hi - lo) % 160].reshape(-1, 160)
    loud = [i for i, f in enumerate(frames) if float((f**2).mean()) > 10 ** (-38 / 10)]
    return (lo + (loud[-1] + 1) * 160) / 16000 if loud else end


_last_sound.cache = {}  # type: ignore[attr-defined]


def _p90(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.9 * len(ordered)) - 1)]


def run(quick: bool = False) -> dict:
    from tests import speech_corpus as corpus

    missing = corpus.missing_tools()
    if missing:
        return {"speech_bench_skipped": f"missing: apt-get install -y {corpus.packages(missing)}"}
    try:
        from operator_assist.core.phrases import load_bundled
        from operator_assist.core.speech_checks import Forbidden, PhraseSpotter, Said, SpeechChecker
        from operator_assist.speech.listener import check_file
        from operator_assist.speech.recognisers import RecogniserConfig, WhisperRecogniser
    except ImportError as exc:
        return {"speech_bench_skipped": f"pip install 'operator-assist[speech]' ({exc.name})"}
    from tests.speech_corpus import (
        DONT_KNOW,
        FAREWELL,
        FAREWELL_SHORT,
        GREETING,
        HOLD,
        HOLD_TARIFF,
        ORDINARY,
        SUMMARY,
        THANKS,
        THANKS_LONG,
        WAIT_RIGHT,
        WAIT_WRONG,
        Line,
    )  # fmt: skip

    library = load_bundled().library
    spotter = PhraseSpotter(library)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        cache = work / "utterances"
        whisper = WhisperRecogniser(RecogniserConfig(cache_dir=work / "model-cache"))
        whisper.load()
        model = work / "model-cache" / "whisper-base-1.0.0"
        prompts = [Line(corpus.PROMPTS[name], phrases, forbidden, prompt=name) for name, phrases, forbidden in (
            ("hello", (), ()), ("pls-hold-while-try", (), ()), ("queue-thankyou", ("resume.thanks",), ()),
            ("one-moment-please", (), ("секундочку",)), ("goodbye", ("farewell.goodbye",), ()),
        )]  # fmt: skip
        standard = [GREETING, HOLD, THANKS, WAIT_WRONG, SUMMARY, FAREWELL]
        other = [GREETING, HOLD_TARIFF, THANKS_LONG, DONT_KNOW, WAIT_RIGHT, SUMMARY, FAREWELL_SHORT]
        said = [
            corpus.conversation(work / "prompts.wav", prompts, cache, gap=1.2, noise_db=-50, seed=1),
            corpus.conversation(work / "prompts-noisy.wav", prompts, cache, gap=1.2, noise_db=-35, seed=2),
            corpus.conversation(work / "standard.wav", standard, cache, gap=1.5, noise_db=-45, seed=3),
            corpus.conversation(work / "standard-noisy.wav", standard, cache, gap=1.0, noise_db=-35, seed=4),
        ]
        if not quick:
            said.append(corpus.conversation(work / "other.wav", other, cache, gap=1.5, noise_db=-42, seed=5))
        talk_lines = list(ORDINARY) if not quick else list(ORDINARY[:4])
        quiet = [
            corpus.conversation(work / "talk.wav", talk_lines, cache, gap=1.0, noise_db=-45, seed=6),
            corpus.noise_clip(work / "noise.wav", 60.0 if quick else 240.0),
        ]
        if not quick:
            quiet.append(corpus.conversation(work / "talk-noisy.wav", talk_lines, cache, gap=1.0, noise_db=-35, seed=7))

        def outcomes(conv):
            checker = SpeechChecker(library, spotter=spotter)
            found = []
            for h in check_file(conv.path, whisper):
                found += [(o, h) for o in checker.on_heard(h.start, h.end, h.text) if isinstance(o, (Said, Forbidden))]
            return found

        expected = found = 0
        forbidden_expected = forbidden_found = 0
        for conv in said:
            result = outcomes(conv)
            for start, end, line in conv.lines:
                for pid in line.phrases:
                    expected += 1
                    found += any(isinstance(o, Said) and o.phrase_id == pid and start - 0.5 <= o.at <= end for o, _ in result)
                for word in line.forbidden:
                    forbidden_expected += 1
                    forbidden_found += any(isinstance(o, Forbidden) and o.word == word and start - 0.5 <= o.at <= end for o, _ in result)
        false_alarms, quiet_seconds = 0, 0.0
        for conv in quiet:
            false_alarms += len(outcomes(conv))
            quiet_seconds += conv.duration
        whisper.close()

        # Real time, in a child that only listens: the latency, its CPU per audio second and its memory.
        continuous = corpus.conversation(work / "continuous.wav", (standard + other + list(ORDINARY)) * (1 if quick else 2),
                                         cache, gap=0.5, noise_db=-45, seed=8)  # fmt: skip
        speaking = _child(continuous.path, model, continuous.duration)
        silence = corpus.quiet_room(work / "silence.wav", 20.0 if quick else 60.0)
        idle = _child(silence.path, model, silence.duration)
        loud = corpus.noise_clip(work / "loud.wav", 20.0)
        noisy = _child(loud.path, model, loud.duration)

        latencies = [(ready - _last_sound(continuous.path, start, end)) * 1000 for start, end, ready, _text in speaking["heard"]]
    return {
        "speech_phrase_recall": round(found / expected, 3) if expected else None,
        "speech_false_alarms_per_hour": round(false_alarms / (quiet_seconds / 3600), 2),
        "speech_latency_p90_ms": round(_p90(latencies)) if latencies else None,
        "speech_cpu_percent": round(100 * speaking["cpu_s"] / speaking["audio_s"], 1),
        "speech_silence_cpu_percent": round(100 * idle["cpu_s"] / idle["audio_s"], 2),
        "speech_rss_mib": round(max(speaking["rss_mib"], idle["rss_mib"], noisy["rss_mib"])),
        "speech_noise_cpu_percent": round(100 * noisy["cpu_s"] / noisy["audio_s"], 2),
        "speech_phrases_said": expected,
        "speech_forbidden_recall": round(forbidden_found / forbidden_expected, 3) if forbidden_expected else None,
        "speech_false_alarms": false_alarms,
        "speech_quiet_audio_s": round(quiet_seconds),
        "speech_latency_median_ms": round(sorted(latencies)[len(latencies) // 2]) if latencies else None,
        "speech_continuous_audio_s": round(speaking["audio_s"]),
        "speech_utterances_dropped": speaking["dropped"],
        "speech_rss_mib_by_run": {"speech": round(speaking["rss_mib"]), "silence": round(idle["rss_mib"]),
                                  "noise": round(noisy["rss_mib"])},  # fmt: skip
        "speech_load_average": round(os.getloadavg()[0], 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--listen", help=argparse.SUPPRESS)
    parser.add_argument("--model", help=argparse.SUPPRESS)
    parser.add_argument("--seconds", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.listen:
        _listen_child(args.listen, args.model, args.seconds)
        return
    print(json.dumps(run(args.quick), ensure_ascii=False))


if __name__ == "__main__":
    main()
