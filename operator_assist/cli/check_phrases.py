"""``operator-assist check-phrases [PATH...]``: validate phrase files.

With no PATH: the bundled library together with the user's phrases (as the
app loads them). Each problem prints as ``file:line: message``; «Говорим
правильно» findings are warnings. Exit 0 when there are no errors and no
warnings, 1 otherwise.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ..core.phrases import bundled_tier, load_library, phrase_files
from ..i18n import translate
from ..paths import UserPaths
from .parser import Parser


def main(argv: list[str], data_dir: str | None) -> int:
    parser = Parser(
        prog="operator-assist check-phrases",
        description=translate("cli", "Проверить файлы фраз: YAML, поля, id, подстановки, «Говорим правильно»."),
    )
    parser.add_argument(
        "paths", nargs="*", type=Path, help=translate("cli", "файлы или папки (по умолчанию — встроенные и свои фразы)")
    )
    parser.add_argument("--data-dir", metavar=translate("cli", "ПАПКА"), help=translate("cli", "папка данных пользователя"))
    args = parser.parse_args(argv)
    if args.paths:
        missing = [p for p in args.paths if not p.exists()]
        for path in missing:
            print(translate("cli", "{path}:1: нет такого файла или папки").format(path=path), file=sys.stderr)
        # Checked files stand on top of the bundled library, as user files do in the app.
        tiers = [bundled_tier(), [f for p in args.paths if p.exists() for f in phrase_files(p)]]
    else:
        user_dir = UserPaths.resolve(args.data_dir or data_dir).phrases_dir
        tiers = [bundled_tier(), phrase_files(user_dir) if user_dir.is_dir() else []]
        missing = []
    result = load_library(tiers)
    for problem in result.problems:
        print(problem)
    checked = sum(len(t) for t in tiers)
    errors = len(result.errors)
    warnings = len(result.problems) - errors
    print(
        translate("cli", "файлов: {files}, фраз: {phrases}; ошибок: {errors}, предупреждений: {warnings}").format(
            files=checked, phrases=len(result.library), errors=errors, warnings=warnings
        ),
        file=sys.stderr,
    )
    return 1 if result.problems or missing else 0
