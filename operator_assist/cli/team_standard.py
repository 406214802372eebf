"""The team's standard from the command line (issue 24).

    operator-assist team-publish DIR          publish DIR (a copy of standard/: phrases/, roles.yaml, …) as the
                                              team's next version; a lead's token (team-join, or --url/--token)
    operator-assist team-publish --history    every version: who published it and when
    operator-assist team-publish --rollback N publish version N's files again, as a new version

``team-sync`` also fetches the standard (:func:`sync_standard`) and says which version is in force.
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path
from typing import TextIO

from ..core.standard import check_names, read_folder
from ..i18n import translate
from ..team.client import RefusedError, TeamClient, TeamConfig, TeamError, check_url
from ..team.standard import fetch_standard
from .parser import Parser, data_dir_of, with_data_dir


def version_line(version: int, published: float) -> str:
    """«Стандарт команды: версия N от ДД.ММ» (the window's status bar says the same)."""
    day = datetime.fromtimestamp(published).strftime("%d.%m") if published else "?"
    return translate("cli", "Стандарт команды: версия {version} от {day}").format(version=version, day=day)


def sync_standard(config: TeamConfig, folder: Path, out: TextIO, err: TextIO) -> int:
    """One fetch of the team's standard into the data folder; what is in force said on ``out``."""
    try:
        fetched = fetch_standard(config, folder)
    except (TeamError, OSError) as exc:
        print(translate("cli", "Стандарт команды не получен: {error}").format(error=exc), file=err)
        return 1
    for problem in fetched.problems:
        print(problem, file=err)
    standard = fetched.standard
    if fetched.outcome == "unavailable":
        print(translate("cli", "Стандарт команды не получен: {error}").format(error=fetched.error), file=err)
        return 1
    if fetched.outcome == "refused":
        kept = version_line(standard.version, standard.published) if standard else translate("cli", "встроенный стандарт")
        print(translate("cli", "Новая версия стандарта команды не принята; действует прежний: {kept}.").format(kept=kept), file=err)
        return 1
    if standard is None:
        print(translate("cli", "Стандарт команды не опубликован: действует встроенный."), file=out)
    else:
        print(version_line(standard.version, standard.published), file=out)
    return 0


def publish_main(argv: list[str], data_dir: str | None, *, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    parser = with_data_dir(Parser(
        prog="operator-assist team-publish",
        description=translate("cli", "Опубликовать стандарт команды (токен руководителя): фразы, роли и лимиты, источник предложений, правила."),
    ))  # fmt: skip
    what = parser.add_mutually_exclusive_group(required=True)
    what.add_argument("folder", nargs="?", type=Path, metavar="DIR",
                      help=translate("cli", "папка как standard/: phrases/, roles.yaml, scenarios/, offers.yaml, policy.yaml"))  # fmt: skip
    what.add_argument("--history", action="store_true", help=translate("cli", "версии стандарта: кто и когда опубликовал"))
    what.add_argument("--rollback", type=int, metavar="N", help=translate("cli", "опубликовать версию N заново, новой версией"))
    parser.add_argument("--team", help=translate("cli", "команда (по умолчанию — из team-join)"))
    parser.add_argument("--url", help=translate("cli", "адрес сервера (по умолчанию — из team-join)"))
    parser.add_argument("--token", help=translate("cli", "токен руководителя (по умолчанию — из team-join)"))
    args = parser.parse_args(argv)
    try:
        stored = TeamConfig.load(data_dir_of(args, data_dir))
        url, token = args.url or (stored.url if stored else None), args.token or (stored.token if stored else None)
        team = args.team or (stored.team if stored else None)
        if not url or not token or not team:
            print(translate("cli", "Нужны адрес сервера, токен руководителя и команда: --url, --token, --team или team-join."), file=err)
            return 2
        client = TeamClient(TeamConfig(check_url(url), token))
        if args.history:
            return _history(client.standard_history(team), team, out)
        if args.rollback is not None:
            done = client.rollback_standard(team, args.rollback)
        else:
            files, problems = read_folder(args.folder)
            problems += [p for p in check_names(files) if p.is_error]
            for problem in problems:
                print(problem, file=err)
            if any(p.is_error for p in problems):
                print(translate("cli", "Стандарт не опубликован: ошибок — {n}.").format(n=sum(p.is_error for p in problems)), file=err)
                return 1
            done = client.publish_standard(team, {name: raw.decode("utf-8") for name, raw in files.items()})
    except RefusedError as exc:
        for line in exc.details:
            print(line, file=err)
        print(translate("cli", "Ошибка: {error}").format(error=exc), file=err)
        return 1
    except TeamError as exc:
        print(translate("cli", "Ошибка: {error}").format(error=exc), file=err)
        return 1
    for line in done.get("warnings") or []:
        print(line, file=err)
    print(translate("cli", "Стандарт команды «{team}»: опубликована версия {version}.").format(team=team, version=done.get("version")), file=out)
    return 0


def _history(answer: dict, team: str, out: TextIO) -> int:
    versions = answer.get("versions") or []
    if not versions:
        print(translate("cli", "Стандарт команды «{team}» ещё не публиковался.").format(team=team), file=out)
    for row in versions:
        when = datetime.fromtimestamp(row["published"]).strftime("%d.%m.%Y %H:%M")
        line = translate("cli", "версия {version}: {when}, {by}, файлов {files}").format(
            version=row["version"], when=when, by=row["published_by"], files=row["files"]
        )
        if row.get("rollback_of"):
            line += translate("cli", " (повтор версии {n})").format(n=row["rollback_of"])
        print(line, file=out)
    return 0
