"""``operator-assist dead-air PATH.wav``: the dead-air episodes of a two-channel recording.

Runs the same listening loop as the window, at full speed with a fake clock.
Left channel = operator, right = client. Nothing is written anywhere.
"""

from __future__ import annotations

import argparse
import json
import sys


def _mmss(seconds: float) -> str:
    whole = int(seconds)
    return f"{whole // 60:02d}:{whole % 60:02d}.{int(round((seconds - whole) * 10)) % 10}"


def main(argv: list[str], data_dir: str | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="operator-assist dead-air",
        description="Паузы в записи разговора (левый канал — оператор, правый — клиент): начало, конец, "
        "было бы предупреждение о тишине или нет.",
    )
    parser.add_argument("path", metavar="PATH.wav", help="двухканальный 16-битный WAV")
    parser.add_argument("--detector", choices=("webrtc", "silero"), default=None, help="детектор речи (по умолчанию webrtc)")
    parser.add_argument("--json", action="store_true", help="вывести JSON")
    parser.add_argument("--threshold", type=float, default=None, help="порог предупреждения, с (по умолчанию из настроек, 10)")
    args = parser.parse_args(argv)

    try:
        from .audio.detectors import DetectorError
        from .audio.monitor import analyse_file
        from .audio.sources import AudioSourceError
    except ImportError as exc:
        print(f"operator-assist dead-air: нет звуковых пакетов ({exc.name}): pip install 'operator-assist[audio]'", file=sys.stderr)
        return 2
    threshold = args.threshold
    if threshold is None:
        from .core.settings import load_settings
        from .paths import UserPaths

        settings, _problems = load_settings(UserPaths.resolve(data_dir).settings_file)
        threshold = settings.timers.silence_warning
    try:
        result = analyse_file(args.path, args.detector, threshold=threshold)
    except (AudioSourceError, DetectorError) as exc:
        print(f"operator-assist dead-air: {exc}", file=sys.stderr)
        return 1
    episodes = [
        {"start": round(e.start, 3), "end": round(e.end or 0.0, 3), "duration": round(e.duration or 0.0, 3),
         "warn": e.warned, "warn_at": round(e.warn_at, 3) if e.warned else None}
        for e in result.episodes
    ]  # fmt: skip
    if args.json:
        json.dump({"file": args.path, "detector": args.detector or "webrtc", "threshold": threshold,
                   "duration": round(result.duration, 3), "episodes": episodes}, sys.stdout, ensure_ascii=False, indent=2)  # fmt: skip
        print()
        return 0
    if not episodes:
        print(f"Пауз в записи ({_mmss(result.duration)}) нет.")
        return 0
    print(f"{'начало':>9}  {'конец':>9}  {'длит., с':>8}  предупреждение")
    for e in episodes:
        warn = f"да, в {_mmss(e['warn_at'])}" if e["warn"] else "нет"
        print(f"{_mmss(e['start']):>9}  {_mmss(e['end']):>9}  {e['duration']:8.1f}  {warn}")
    warned = sum(e["warn"] for e in episodes)
    print(f"Пауз: {len(episodes)}, из них > {threshold:g} с: {warned}.")
    return 0
