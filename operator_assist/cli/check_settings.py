"""``operator-assist check-settings``: check the administrator's files and the user's settings.yaml.

For IT before rolling out ``/etc/operator-assist`` (``--system DIR`` checks a folder of drafts), and for
an operator who wonders why a setting does not take: each problem prints as ``file:line: message``
(the user's values of locked keys as warnings). Exit 0 when there is nothing to say, 1 otherwise.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..core.policy import POLICY_NAME, SETTINGS_NAME, load_layered
from ..i18n import translate
from ..paths import UserPaths


def main(argv: list[str], data_dir: str | None) -> int:
    parser = argparse.ArgumentParser(
        prog="operator-assist check-settings",
        description=translate("cli", "Проверить настройки администратора (settings.yaml, policy.yaml) и свой settings.yaml."),
    )
    parser.add_argument("--system", metavar=translate("cli", "ПАПКА"), type=Path,
                        help=translate("cli", "папка настроек администратора (по умолчанию {path})").format(path=UserPaths.resolve().system_dir))  # fmt: skip
    parser.add_argument("--data-dir", metavar=translate("cli", "ПАПКА"), help=translate("cli", "папка данных пользователя"))
    args = parser.parse_args(argv)
    paths = UserPaths.resolve(args.data_dir or data_dir)
    system = args.system or paths.system_dir
    from ..core.standard_store import in_force

    standard, problems = in_force(paths.data_dir)  # the team's standard, when this PC follows one (issue 24)
    settings, layered = load_layered(system, paths.settings_file, standard=standard)
    problems += layered
    for problem in problems:
        print(problem)
    found = [name for name in (SETTINGS_NAME, POLICY_NAME) if system is not None and (system / name).exists()]
    errors = sum(problem.is_error for problem in problems)
    print(
        translate("cli", "настройки администратора: {path} ({files}); закреплено: {locked}; ошибок: {errors}, предупреждений: {warnings}").format(
            path=system, files=", ".join(found) or translate("cli", "файлов нет"),
            locked=", ".join(".".join(lock) for lock in settings.locked) or "—", errors=errors, warnings=len(problems) - errors,
        ),  # fmt: skip
        file=sys.stderr,
    )
    return 1 if problems else 0
