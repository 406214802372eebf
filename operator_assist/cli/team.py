"""``operator-assist team-join | team-sync | team-stats``: the team server from the command line.

    operator-assist team-join [URL] TOKEN      enrol this PC (stored in the data dir, readable by you only);
                                               URL: by default the administrator's team.server_url
    operator-assist team-sync [--batch N]      ship the journal now; prints what was sent
    operator-assist team-stats --team NAME [--from DATE] [--to DATE] [--json | --csv FILE] [--by-version]
                                               the team's figures (a team lead's token)
    operator-assist team-publish DIR | --history | --rollback N
                                               the team's standard (a team lead's token; cli/team_standard.py)
"""

from __future__ import annotations

import csv
import io
import json
import sys
from datetime import date, timedelta
from typing import TextIO

from ..core.files import write_file_words
from ..core.journal import Journal, JournalError
from ..core.policy import load_layered
from ..core.stats import HOLD_TARGET_PERCENT, format_date, format_decimal, format_percent
from ..i18n import QT_TRANSLATE_NOOP, translate
from ..paths import UserPaths
from ..team import protocol
from ..team.client import TeamClient, TeamConfig, TeamError, UnavailableError, check_url
from ..team.enrol import join
from ..team.shipper import Shipper
from .parser import Parser, data_dir_of, with_data_dir
from .stats import DEFAULT_DAYS, parse_date


def join_main(argv: list[str], data_dir: str | None, *, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    parser = with_data_dir(
        Parser(prog="operator-assist team-join", description=translate("cli", "Подключить этот компьютер к серверу команды."))
    )
    parser.add_argument(
        "url", nargs="?", help=translate("cli", "адрес сервера, например http://stats.example:8470 (по умолчанию — team.server_url из настроек)")
    )
    parser.add_argument("token", help=translate("cli", "токен, выданный руководителем"))
    args = parser.parse_args(argv)
    paths = UserPaths.resolve(getattr(args, "data_dir", None) or data_dir)
    settings, _problems = load_layered(paths.system_dir, paths.settings_file)  # the window lists the problems
    given = settings.team.server_url
    if args.url and given and settings.is_locked("team.server_url") and args.url.strip().rstrip("/") != given.rstrip("/"):
        print(translate("cli", "Ошибка: адрес сервера команды закрепил администратор: {url}").format(url=given), file=err)
        return 2
    if not (args.url or given):
        print(translate("cli", "Ошибка: укажите адрес сервера: operator-assist team-join АДРЕС ТОКЕН"), file=err)
        return 2
    try:
        joined = join(args.url or given, args.token, paths.data_dir)
    except (TeamError, JournalError) as exc:  # a refused token included: nothing stored
        print(translate("cli", "Ошибка: {error}").format(error=exc), file=err)
        return 1
    print(joined.message, file=out)
    from ..ui.desktop.single_instance import TEAM_JOINED, tell

    tell(paths.data_dir, TEAM_JOINED)  # a running window starts shipping now, not at its next start
    return 0


def sync_main(argv: list[str], data_dir: str | None, *, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    parser = with_data_dir(
        Parser(prog="operator-assist team-sync", description=translate("cli", "Отправить журнал на сервер команды сейчас."))
    )
    parser.add_argument("--batch", type=int, default=protocol.DEFAULT_BATCH, help=translate("cli", "событий в пакете"))
    args = parser.parse_args(argv)
    folder = data_dir_of(args, data_dir)
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
        TeamConfig.remember_install(folder, config, result.install_id)
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
    from .team_standard import sync_standard

    return sync_standard(config, folder, out, err)


OPERATOR_CSV_HEADER = (
    QT_TRANSLATE_NOOP("cli", "Оператор"), QT_TRANSLATE_NOOP("cli", "Звонков"), QT_TRANSLATE_NOOP("cli", "Без удержания, %"),
    QT_TRANSLATE_NOOP("cli", "Цель {target} %"), QT_TRANSLATE_NOOP("cli", "Удержаний"),
    QT_TRANSLATE_NOOP("cli", "Удержаний сверх лимита"), QT_TRANSLATE_NOOP("cli", "Предупреждений о тишине"),
    QT_TRANSLATE_NOOP("cli", "Предложение показано"), QT_TRANSLATE_NOOP("cli", "Озвучено"), QT_TRANSLATE_NOOP("cli", "Принято"),
    QT_TRANSLATE_NOOP("cli", "Фраза перед удержанием, %"), QT_TRANSLATE_NOOP("cli", "Спасибо за ожидание, %"),
    QT_TRANSLATE_NOOP("cli", "Прощание полностью, %"), QT_TRANSLATE_NOOP("cli", "Запрещённых слов на 100 звонков"),
)  # fmt: skip
"""The CSV's column names (in the language in use, like the statistics' CSV)."""


def operator_csv_header() -> list[str]:
    return [translate("cli", text).format(target=HOLD_TARGET_PERCENT) for text in OPERATOR_CSV_HEADER]


def _decimal(value: float | None, scale: float = 1.0) -> str:
    return "" if value is None else f"{value * scale:.1f}".replace(".", ",")


def operator_cells(row: dict) -> list[str]:
    verdict = "" if row["target_met"] is None else (translate("cli", "да") if row["target_met"] else translate("cli", "нет"))
    return [
        row["login"], str(row["calls"]), _decimal(row["share_without_hold"], 100), verdict,
        str(row["holds"]), str(row["holds_over_limit"]), str(row["silence_warnings"]),
        str(row["offer_calls"]), str(row["offers_voiced"]), str(row["offers_accepted"]),
        _decimal(row["hold_phrase_share"], 100), _decimal(row["thanks_share"], 100), _decimal(row["farewell_share"], 100),
        _decimal(row["forbidden_per_100_calls"]),
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
    return "\n".join(lines + _speech_table(result))


def _speech_table(result: dict) -> list[str]:
    """The speech check's figures per operator (issue 26), when any operator's words were checked."""
    if not result.get("speech_calls"):
        return []
    heads = (
        translate("cli", "Оператор"), translate("cli", "Проверено"), translate("cli", "Фраза удерж."),
        translate("cli", "Спасибо за ожид."), translate("cli", "Прощание"), translate("cli", "Запр. слов/100"),
    )  # fmt: skip
    lines = ["", translate("cli", "Речь операторов (звонков проверено: {n})").format(n=result["speech_calls"]),
             f"{heads[0]:<20}{heads[1]:>10}{heads[2]:>14}{heads[3]:>18}{heads[4]:>10}{heads[5]:>16}"]  # fmt: skip
    for row in [result, *result["operators"]]:
        login = row.get("login", translate("cli", "Вся команда"))
        lines.append(
            f"{login:<20}{row['speech_calls']:>10}{format_percent(row['hold_phrase_share']):>14}"
            f"{format_percent(row['thanks_share']):>18}{format_percent(row['farewell_share']):>10}"
            f"{format_decimal(row['forbidden_per_100_calls']):>16}"
        )
    return lines


def _stats_parser() -> Parser:
    parser = with_data_dir(
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
    parser.add_argument("--by-version", action="store_true",
                        help=translate("cli", "показатели отдельно по версиям стандарта команды, под которыми шли звонки"))  # fmt: skip
    return parser


def stats_main(
    argv: list[str], data_dir: str | None, *, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    args = _stats_parser().parse_args(argv)
    # The days the PC does not name are the team's (the server knows its time zone): --to defaults to
    # the team's today, --from to 30 days before --to.
    start, end = args.start, args.end
    if end is not None and start is None:
        start = end - timedelta(days=DEFAULT_DAYS - 1)
    if start is not None and end is not None and start > end:
        print(translate("cli", "Ошибка: начало периода ({start}) позже конца ({end}).").format(start=format_date(start), end=format_date(end)), file=err)
        return 2
    try:
        stored = TeamConfig.load(data_dir_of(args, data_dir))
        url = args.url or (stored.url if stored else None)
        token = args.token or (stored.token if stored else None)
        if not url or not token:
            print(translate("cli", "Нужны адрес сервера и токен руководителя: --url и --token или team-join."), file=err)
            return 2
        result = TeamClient(TeamConfig(check_url(url), token)).team_stats(args.team, start, end, by_version=args.by_version)
        if not isinstance(result.get("from"), str) or not isinstance(result.get("to"), str):
            raise TeamError(translate("cli", "Сервер команды ответил не в том виде (нет периода)."))
    except TeamError as exc:
        print(translate("cli", "Ошибка: {error}").format(error=exc), file=err)
        return 1
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2), file=out)
    elif args.csv:
        return _save_operators_csv(args.csv, result["operators"], out, err)
    else:
        print(format_team_report(result), file=out)
        if args.by_version:
            from .stats import version_table

            print("\n".join(["", *version_table(result.get("versions") or [])]), file=out)
    return 0


def _save_operators_csv(target: str, operators: list[dict], out: TextIO, err: TextIO) -> int:
    """``team-stats --csv``: the rows per operator into ``target``; the exit code."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(operator_csv_header())
    for row in operators:
        writer.writerow(operator_cells(row))
    data = buffer.getvalue().encode("utf-8-sig")
    problem = write_file_words(target, lambda path: path.write_bytes(data))
    if problem is not None:
        print(translate("cli", "Ошибка: не удалось записать CSV «{path}»: {problem}").format(path=target, problem=problem), file=err)
        return 1
    print(
        translate("cli", "Строки по операторам сохранены в CSV: {path} (строк: {n})").format(path=target, n=len(operators)),
        file=out,
    )
    return 0
