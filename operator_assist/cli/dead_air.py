"""``operator-assist dead-air PATH.wav``: the dead-air episodes of a two-channel recording.

Runs the same listening loop as the window, at full speed with a fake clock.
Left channel = operator, right = client. Nothing is written anywhere.
"""

from __future__ import annotations

import json
import sys

from ..i18n import translate
from .parser import Parser


def _mmss(seconds: float) -> str:
    whole = int(seconds)
    return f"{whole // 60:02d}:{whole % 60:02d}.{int(round((seconds - whole) * 10)) % 10}"


def build_parser() -> Parser:
    parser = Parser(
        prog="operator-assist dead-air",
        description=translate(
            "cli",
            "Паузы в записи разговора (левый канал — оператор, правый — клиент): начало, конец, "
            "было бы предупреждение о тишине или нет.",
        ),
    )
    parser.add_argument("path", metavar="PATH.wav", help=translate("cli", "двухканальный 16-битный WAV"))
    parser.add_argument(
        "--detector", choices=("webrtc", "silero"), default=None, help=translate("cli", "детектор речи (по умолчанию webrtc)")
    )
    parser.add_argument("--json", action="store_true", help=translate("cli", "вывести JSON"))
    parser.add_argument(
        "--threshold", type=float, default=None, help=translate("cli", "порог предупреждения, с (по умолчанию из настроек, 10)")
    )
    return parser


def main(argv: list[str], data_dir: str | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        from ..audio.detectors import DetectorError
        from ..audio.monitor import analyse_file
        from ..audio.sources import AudioSourceError
    except ImportError as exc:
        print(
            translate("cli", "operator-assist dead-air: нет звуковых пакетов ({name}): pip install 'operator-assist[audio]'").format(
                name=exc.name
            ),
            file=sys.stderr,
        )
        return 2
    threshold = args.threshold
    if threshold is None:
        from ..core.settings import load_settings
        from ..paths import UserPaths

        settings, _problems = load_settings(UserPaths.resolve(data_dir).settings_file)
        threshold = settings.timers.silence_warning
    try:
        result = analyse_file(args.path, args.detector, threshold=threshold)
    except (AudioSourceError, DetectorError) as exc:
        print(f"operator-assist dead-air: {exc}", file=sys.stderr)
        return 1
    if args.json:
        episodes = [
            {"start": round(e.start, 3), "end": round(e.end or 0.0, 3), "duration": round(e.duration or 0.0, 3),
             "warn": e.warned, "warn_at": round(e.warn_at, 3) if e.warned else None}
            for e in result.episodes
        ]  # fmt: skip
        json.dump({"file": args.path, "detector": args.detector or "webrtc", "threshold": threshold,
                   "duration": round(result.duration, 3), "episodes": episodes}, sys.stdout, ensure_ascii=False, indent=2)  # fmt: skip
        print()
    else:
        _print_table(result, threshold)
    return 0


def _print_table(result, threshold: float) -> None:
    if not result.episodes:
        print(translate("cli", "Пауз в записи ({duration}) нет.").format(duration=_mmss(result.duration)))
        return
    start, end, duration, warning = (
        translate("cli", "начало"), translate("cli", "конец"), translate("cli", "длит., с"), translate("cli", "предупреждение")
    )  # fmt: skip
    print(f"{start:>9}  {end:>9}  {duration:>8}  {warning}")
    for e in result.episodes:
        warn = translate("cli", "да, в {time}").format(time=_mmss(e.warn_at)) if e.warned else translate("cli", "нет")
        print(f"{_mmss(e.start):>9}  {_mmss(e.end or 0.0):>9}  {e.duration or 0.0:8.1f}  {warn}")
    warned = sum(e.warned for e in result.episodes)
    print(translate("cli", "Пауз: {n}, из них > {threshold} с: {warned}.").format(
        n=len(result.episodes), threshold=f"{threshold:g}", warned=warned))
