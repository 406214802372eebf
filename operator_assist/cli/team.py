"""``operator-assist team-join | team-sync | team-stats``: the team server from the command line.

    operator-assist team-join URL TOKEN        enrol this PC (stored in the data dir, readable by you only)
    operator-assist team-sync [--batch N]      ship the journal now; prints what was sent
    operator-assist team-stats --team NAME [--from DATE] [--to DATE] [--json | --csv FILE]
                                               the team's figures (a team lead's token)
"""

from __future__ import annotations

import csv
import io
import json
import sys
from datetime import date
from pathlib import Path
from typing import TextIO

from ..core.files import write_file_words
from ..core.journal import Journal, JournalError
from ..core.stats import HOLD_TARGET_PERCENT, format_date, format_percent
from ..i18n import QT_TRANSLATE_NOOP, translate
from ..paths import UserPaths
from ..team import protocol
from ..team.client import TeamClient, TeamConfig, TeamError, UnavailableError, check_url
from ..team.enrol import join
from ..team.shipper import Shipper
from .parser import Parser
from .stats import chosen_period, parse_date


def _data_dir(args, data_dir: str | None) -> Path:
    return UserPaths.resolve(getattr(args, "data_dir", None) or data_dir).data_dir


def _common(parser: Parser) -> Parser:
    parser.add_argument("--data-dir", metavar=translate("cli", "ПАПКА"), help=translate("cli", "папка данных пользователя"))
    return parser


def join_main(argv: list[str], data_dir: str | None, *, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    parser = _common(
        Parser(prog="operator-assist team-join", description=translate("cli", "Подключить этот компьютер к серверу команды."))
    )
    parser.add_argument("url", help=translate("cli", "адрес сервера, например http://stats.example:8470"))
    parser.add_argument("token", help=translate("cli", "токен, выданный руководителем"))
    args = parser.parse_args(argv)
    try:
        joined = join(args.url, args.token, _data_dir(args, data_dir))
    except (TeamError, JournalError) as exc:  # a refused token included: nothing stored
        print(translate("cli", "Ошибка: {error}").format(error=exc), file=err)
        return 1
    print(joined.message, file=out)
    return 0


def sync_main(argv: list[str], data_dir: str | None, *, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    parser = _common(
        Parser(prog="operator-assist team-sync", description=translate("cli", "Отправить журнал на сервер команды сейчас."))
    )
    parser.add_argument("--batch", type=int, default=protocol.DEFAULT_BATCH, help=translate("cli", "событий в пакете"))
    args = parser.parse_args(argv)
    folder = _data_dir(args, data_dir)
    try:
        config = TeamConfig.load(folder)
        if config is None:
            print(translate("cli", "Этот компьютер не подключён к серверу команды: выполните «operator-assist team-join АДРЕС ТОКЕН»."), file=err)
            return 2
        journal_file = UserPaths.resolve(folder).journal_file
        if not journal_file.exists():
            print(translate("cli", "Журнал пуст: отправлять нечего."), file=out)
            return 0
        Journal.open(journal_file).close()  # migrates; closes calls a crash left open (they ship too)

        def progress(first: int, last: int, count: int) -> None:
            print(translate("cli", "отправлено: события №{first}–{last} ({count})").format(first=first, last=last, count=count), file=out, flush=True)

        result = Shipper(journal_file, config, batch_size=args.batch).ship(on_batch=progress)
    except (TeamError, JournalError) as exc:
        print(translate("cli", "Ошибка: {error}").format(error=exc), file=err)
        if isinstance(exc, UnavailableError):
            print(translate("cli", "Журнал на этом компьютере не изменён; данные уйдут позже."), file=err)
        return 1
    if result.sent:
        print(
            translate(
                "cli",
                "Отправлено событий: {sent} (новых для сервера: {stored}), пакетов: {batches}; "
                "сервер подтвердил до №{last}. Оператор {login}, команда «{team}».",
            ).format(
                sent=result.sent, stored=result.stored, batches=result.batches, last=result.last_seq, login=result.login,
                team=result.team,
            ),  # fmt: skip
            file=out,
        )
    else:
        print(translate("cli", "Отправлять нечего: у сервера уже всё, до №{last}.").format(last=result.last_seq), file=out)
    return 0


OPERATOR_CSV_HEADER = (
    QT_TRANSLATE_NOOP("cli", "Оператор"), QT_TRANSLATE_NOOP("cli", "Звонков"), QT_TRANSLATE_NOOP("cli", "Без удержания, %"),
    QT_TRANSLATE_NOOP("cli", "Цель {target} %"), QT_TRANSLATE_NOOP("cli", "Удержаний"),
    QT_TRANSLATE_NOOP("cli", "Удержаний сверх лимита"), QT_TRANSLATE_NOOP("cli", "Предупреждений о тишине"),
    QT_TRANSLATE_NOOP("cli", "Предложение показано"), QT_TRANSLATE_NOOP("cli", "Озвучено"), QT_TRANSLATE_NOOP("cli", "Принято"),
)  # fmt: skip
"""The CSV's column names (in the language in use, like the statistics' CSV)."""


def operator_csv_header() -> list[str]:
    return [translate("cli", text).format(target=HOLD_TARGET_PERCENT) for text in OPERATOR_CSV_HEADER]


def operator_cells(row: dict) -> list[str]:
    share = row["share_without_hold"]
    verdict = "" if row["target_met"] is None else (translate("cli", "да") if row["target_met"] else translate("cli", "нет"))
    return [
        row["login"], str(row["calls"]), "" if share is None else f"{share * 100:.1f}".replace(".", ","), verdict,
        str(row["holds"]), str(row["holds_over_limit"]), str(row["silence_warnings"]),
        str(row["offer_calls"]), str(row["offers_voiced"]), str(row["offers_accepted"]),
    ]  # fmt: skip


def format_team_report(result: dict) -> str:
    start, end = date.fromisoformat(result["from"]), date.fromisoformat(result["to"])
    lines = [
        translate("cli", "Команда «{team}», {start} — {end} (часовой пояс {tz})").format(
            team=result["team"], start=format_date(start), end=format_date(end), tz=result["tz"]
        )
    ]
    verdict = "—" if result["target_met"] is None else (translate("cli", "выполнена") if result["target_met"] else translate("cli", "не выполнена"))
    lines.append(
        translate(
            "cli",
            "Звонков: {calls}; без удержания {share} (цель {target} %: {verdict}); удержаний сверх лимита: {over}; "
            "предупреждений о тишине: {silence}",
        ).format(
            calls=result["calls"], share=format_percent(result["share_without_hold"]), target=HOLD_TARGET_PERCENT,
            verdict=verdict, over=result["holds_over_limit"], silence=result["silence_warnings"],
        )  # fmt: skip
    )
    lines.append("")
    heads = (
        translate("cli", "Оператор"), translate("cli", "Звонков"), translate("cli", "Без удерж."),
        translate("cli", "Сверх лимита"), translate("cli", "Тишина"), translate("cli", "Предл. озв./принято"),
    )  # fmt: skip
    lines.append(f"{heads[0]:<20}{heads[1]:>9}{heads[2]:>12}{heads[3]:>14}{heads[4]:>8}{heads[5]:>22}")
    for row in result["operators"]:
        offers = f"{row['offers_voiced']}/{row['offers_accepted']}"
        lines.append(
            f"{row['login']:<20}{row['calls']:>9}{format_percent(row['share_without_hold']):>12}"
            f"{row['holds_over_limit']:>14}{row['silence_warnings']:>8}{offers:>22}"
        )
    return "\n".join(lines)


def stats_main(
    argv: list[str], data_dir: str | None, *, now: float | None = None, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    parser = _common(
        Parser(
            prog="operator-assist team-stats", description=translate("cli", "Статистика команды с сервера (токен руководителя).")
        )
    )
    parser.add_argument("--team", required=True, help=translate("cli", "название команды"))
    parser.add_argument("--from", dest="start", type=parse_date, metavar="DATE", help=translate("cli", "первый день периода"))
    parser.add_argument("--to", dest="end", type=parse_date, metavar="DATE", help=translate("cli", "последний день (по умолчанию сегодня)"))
    form = parser.add_mutually_exclusive_group()
    form.add_argument(
        "--json", action="store_true", help=translate("cli", "показатели одним объектом JSON (ключи как у stats --json и operators)")
    )
    form.add_argument("--csv", metavar="FILE", help=translate("cli", "сохранить строки по операторам в CSV (UTF-8, «;»)"))
    parser.add_argument("--url", help=translate("cli", "адрес сервера (по умолчанию — из team-join)"))
    parser.add_argument("--token", help=translate("cli", "токен руководителя (по умолчанию — из team-join)"))
    args = parser.parse_args(argv)
    period = chosen_period(args, now, err)
    if period is None:
        return 2
    start, end = period
    try:
        stored = TeamConfig.load(_data_dir(args, data_dir))
        url = args.url or (stored.url if stored else None)
        token = args.token or (stored.token if stored else None)
        if not url or not token:
            print(translate("cli", "Нужны адрес сервера и токен руководителя: --url и --token или team-join."), file=err)
            return 2
        result = TeamClient(TeamConfig(check_url(url), token)).team_stats(args.team, start, end)
    except TeamError as exc:
        print(translate("cli", "Ошибка: {error}").format(error=exc), file=err)
        return 1
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2), file=out)
    elif args.csv:
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
        writer.writerow(operator_csv_header())
        for row in result["operators"]:
            writer.writerow(operator_cells(row))
        data = buffer.getvalue().encode("utf-8-sig")
        problem = write_file_words(args.csv, lambda path: path.write_bytes(data))
        if problem is not None:
            print(translate("cli", "Ошибка: не удалось записать CSV «{path}»: {problem}").format(path=args.csv, problem=problem), file=err)
            return 1
        print(
            translate("cli", "Строки по операторам сохранены в CSV: {path} (строк: {n})").format(path=args.csv, n=len(result["operators"])),
            file=out,
        )
    else:
        print(format_team_report(result), file=out)
    return 0
