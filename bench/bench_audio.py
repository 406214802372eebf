"""Listening to the call: CPU of capture + detector, and how exactly dead air is warned.

    python bench/bench_audio.py [--quick]

``vad_cpu_percent``: one core's share used by the real capture backend (soundcard)
and the default detector, over 60 s (15 s with --quick) of a generated
conversation played live into a private PulseAudio null sink, measured in a
child process that does only that.
``dead_air_detection_error_ms``: the worst |warning − (gap start + 10 s)| over the
generated conversations (clean, hiss −50/−40 dBFS, 300 Hz hum) with the default
detector; the silero figure is a detail.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def _capture_child(seconds: float) -> None:
    """Runs in the child: listen through the devices for ``seconds``; print CPU use as JSON."""
    import threading

    from operator_assist.audio.detectors import DEFAULT
    from operator_assist.audio.monitor import AudioMonitor
    from operator_assist.audio.sources import DeviceAudioSource, DeviceNames

    listening = threading.Event()
    statuses = []

    def on_status(status):
        statuses.append(status.state)
        if status.state == "listening":
            listening.set()

    monitor = AudioMonitor(lambda: DeviceAudioSource(devices=DeviceNames("micsink.monitor", "callsink")), DEFAULT,
                           on_status=on_status)  # fmt: skip
    monitor.start()
    if not listening.wait(15):
        print(json.dumps({"error": f"not listening: {statuses}"}))
        return
    print("listening", flush=True)
    usage0, wall0 = resource.getrusage(resource.RUSAGE_SELF), time.monotonic()
    time.sleep(seconds)
    usage1, wall1 = resource.getrusage(resource.RUSAGE_SELF), time.monotonic()
    monitor.stop()
    cpu = (usage1.ru_utime - usage0.ru_utime) + (usage1.ru_stime - usage0.ru_stime)
    print(json.dumps({"cpu_percent": 100 * cpu / (wall1 - wall0), "seconds": wall1 - wall0, "detector": DEFAULT}))


def vad_cpu(seconds: float, work: Path, conv_path: Path) -> dict:
    from tests.pulse import playing, private_pulseaudio

    left, right = work / "left.wav", work / "right.wav"
    for target, channel in ((left, "1"), (right, "2")):
        subprocess.run(["sox", str(conv_path), str(target), "remix", channel, "trim", "0", f"{seconds + 10:.0f}"],
                       check=True, timeout=60)  # fmt: skip
    with private_pulseaudio(work / "pulse") as env:
        child = subprocess.Popen([sys.executable, __file__, "--capture", str(seconds)], env={**env, "PYTHONPATH": str(ROOT)},
                                 stdout=subprocess.PIPE, text=True)  # fmt: skip
        try:
            first = child.stdout.readline()
            if first.strip() != "listening":
                raise RuntimeError(f"capture did not start: {first}")
            with playing(env, [(left, "micsink"), (right, "callsink")]):
                out, _ = child.communicate(timeout=seconds + 30)
        finally:
            if child.poll() is None:
                child.kill()
                child.wait(5)
    return json.loads(out.strip().splitlines()[-1])


def detection_error(cache: Path) -> dict:
    from operator_assist.audio.monitor import analyse_file
    from tests.audio_gen import VARIANTS, build

    worst: dict[str, float] = {}
    for detector in ("webrtc", "silero"):
        errors = []
        for variant in VARIANTS:
            conv = build(cache, variant)
            result = analyse_file(conv.path, detector)
            if len(result.warnings) != len(conv.dead_air):
                errors.append(float("inf"))
                continue
            errors += [abs(w - (start + 10.0)) for w, (start, _end) in zip(result.warnings, conv.dead_air)]
        worst[detector] = max(errors) * 1000
    return worst


def run(quick: bool = False) -> dict:
    import shutil

    from tests.audio_gen import build, missing_tools

    needed = missing_tools() + [t for t in ("pulseaudio", "pactl", "paplay") if shutil.which(t) is None]
    if needed:
        return {"audio_bench_skipped": f"missing: {', '.join(needed)}"}
    try:
        import numpy  # noqa: F401
    except ImportError:
        return {"audio_bench_skipped": "pip install 'operator-assist[audio]'"}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        worst = detection_error(work / "conversations")
        cpu = vad_cpu(15.0 if quick else 60.0, work, build(work / "conversations", "hiss-50").path)
    if "error" in cpu:
        return {"audio_bench_skipped": cpu["error"], "dead_air_detection_error_ms": round(worst["webrtc"], 1)}
    return {
        "vad_cpu_percent": round(cpu["cpu_percent"], 3),
        "dead_air_detection_error_ms": round(worst["webrtc"], 1),
        "dead_air_detection_error_ms_silero": round(worst["silero"], 1),
        "vad_cpu_seconds": round(cpu["seconds"], 1),
        "vad_detector": cpu["detector"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--capture", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.capture is not None:
        _capture_child(args.capture)
        return
    print(json.dumps(run(args.quick), ensure_ascii=False))


if __name__ == "__main__":
    main()
