"""``operator-assist speech-check FILE.wav [--json]``: the standard's phrases and forbidden words in a recording.

The operator's side of a recording (a mono WAV, or the left channel of a two-channel one, as
``dead-air`` reads it) goes through the same voice gate and recogniser as the window's
«Слушать свою речь», at full speed. Printed: the utterances with their times, the library's
phrases recognised as said, the forbidden words. A file has no call moments (no hold, no end),
so nothing is «не прозвучало» here. Nothing is written anywhere; the text is only printed.

JSON: ``{"utterances": [{"start": s, "end": s, "text": "…"}], "phrases": [{"id": "<phrase id>",
"at": s}], "forbidden": [{"word": "…", "at": s}]}``.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, NamedTuple, TextIO

from ..i18n import translate

if TYPE_CHECKING:
    from ..core.phrases import PhraseLibrary
    from ..core.speech_checks import Forbidden, PhraseSpotter
    from ..paths import UserPaths
    from ..speech.listener import Heard


def _mmss(seconds: float) -> str:
    whole = int(seconds)
    return f"{whole // 60:02d}:{whole % 60:02d}.{int((seconds - whole) * 10) % 10}"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="operator-assist speech-check",
        description=translate(
            "cli",
            "Фразы стандарта и запрещённые слова в записи речи оператора (моно WAV или левый канал стерео). "
            "Распознаётся на этом компьютере; ничего не сохраняется и не отправляется.",
        ),
    )
    parser.add_argument("path", metavar=translate("cli", "ФАЙЛ.wav"), help=translate("cli", "16-битный WAV"))
    parser.add_argument("--json", action="store_true", help=translate("cli", "вывести JSON"))
    parser.add_argument(
        "--recogniser", metavar=translate("cli", "ИМЯ"),
        help=translate("cli", "распознаватель: whisper или vosk (по умолчанию из settings.yaml, иначе whisper)"),
    )  # fmt: skip
    parser.add_argument("--model", metavar=translate("cli", "ПАПКА"), help=translate("cli", "папка модели (по умолчанию из settings.yaml)"))
    parser.add_argument("--data-dir", metavar=translate("cli", "ПАПКА"), help=translate("cli", "папка данных пользователя"))
    return parser


def main(argv: list[str], data_dir: str | None = None, *, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    args = build_parser().parse_args(argv)
    try:
        from ..audio.sources import AudioSourceError
        from ..speech.listener import check_file
        from ..speech.recognisers import RecogniserError, from_settings
    except ImportError as exc:
        print(
            translate("cli", "operator-assist speech-check: нет пакета {name}: pip install 'operator-assist[speech]'").format(name=exc.name),
            file=err,
        )
        return 2
    from ..core.settings import load_settings
    from ..core.speech_checks import PhraseSpotter
    from ..paths import UserPaths

    paths = UserPaths.resolve(args.data_dir or data_dir)
    settings, _problems = load_settings(paths.settings_file)
    library = _library(paths)
    spotter = PhraseSpotter(library)
    try:
        recogniser = from_settings(settings.speech, paths.cache_dir, tuple(spotter.grammar()), args.recogniser, args.model)
        try:
            recogniser.load()
            heard = check_file(args.path, recogniser)
        finally:
            recogniser.close()
    except (AudioSourceError, RecogniserError) as exc:
        print(f"operator-assist speech-check: {exc}", file=err)
        return 1

    found = _check(library, spotter, heard)
    if args.json:
        _print_json(found, out)
    else:
        _print_text(found, library, out)
    return 0


class _Found(NamedTuple):
    """What a recording holds: its utterances, the phrases said (id and time, in order of time), the forbidden words."""

    heard: list[Heard]
    said: list[tuple[str, float]]
    forbidden: list[Forbidden]


def _check(library: PhraseLibrary, spotter: PhraseSpotter, heard: list[Heard]) -> _Found:
    """The utterances through the speech checks, as the window's «Слушать свою речь» runs them."""
    from ..core.speech_checks import Forbidden, Said, SpeechChecker

    checker = SpeechChecker(library, spotter=spotter)
    phrases: dict[tuple[str, float], None] = {}
    forbidden: list[Forbidden] = []
    for utterance in heard:
        for outcome in checker.on_heard(utterance.start, utterance.end, utterance.text):
            if isinstance(outcome, Said):
                phrases[(outcome.phrase_id, outcome.at)] = None
            elif isinstance(outcome, Forbidden):
                forbidden.append(outcome)
    return _Found(heard, sorted(phrases, key=lambda item: (item[1], item[0])), forbidden)


def _print_json(found: _Found, out: TextIO) -> None:
    result = {
        "utterances": [{"start": round(u.start, 2), "end": round(u.end, 2), "text": u.text} for u in found.heard],
        "phrases": [{"id": phrase_id, "at": round(at, 2)} for phrase_id, at in found.said],
        "forbidden": [{"word": f.word, "at": round(f.at, 2)} for f in found.forbidden],
    }
    print(json.dumps(result, ensure_ascii=False, indent=2), file=out)


def _print_text(found: _Found, library: PhraseLibrary, out: TextIO) -> None:
    if not found.heard:
        print(translate("cli", "Речи в записи не слышно."), file=out)
        return
    for u in found.heard:
        print(f"{_mmss(u.start)}–{_mmss(u.end)}  {u.text}", file=out)
    print("", file=out)
    print(translate("cli", "Фразы стандарта: {n}").format(n=len(found.said)), file=out)
    for phrase_id, at in found.said:
        phrase = library.get(phrase_id)
        title = phrase.title if phrase is not None and phrase.title else (phrase.text if phrase is not None else "")
        print(f"  {_mmss(at)}  {phrase_id} — {title}", file=out)
    print(translate("cli", "Запрещённые слова: {n}").format(n=len(found.forbidden)), file=out)
    for f in found.forbidden:
        print(translate("cli", "  {at}  «{word}» — говорите: «{right}»").format(at=_mmss(f.at), word=f.word, right=f.right), file=out)


def _library(paths: UserPaths) -> PhraseLibrary:
    """The phrases in force: the team's, when this PC follows its standard (issue 24), and the user's own
    where it allows them."""
    from ..core.phrases import load_with_user
    from ..core.standard_store import in_force

    standard, _problems = in_force(paths.data_dir)
    personal = standard is None or standard.policy.personal_phrases
    return load_with_user(paths.phrases_dir if personal else None, lint=False,
                          base_dir=standard.phrases_dir if standard else None).library  # fmt: skip
