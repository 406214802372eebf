"""``operator-assist stats``: the journal's figures without the GUI.

    operator-assist stats [--from DATE] [--to DATE] [--json] [--csv FILE]

DATE is YYYY-MM-DD or DD.MM.YYYY, local calendar days, both inclusive. Default
period: the last 30 days ending today (``--to`` defaults to today, ``--from``
to 29 days before ``--to``), long enough for the 95 % share to mean something.

The journal is opened read-only: the report can run while the app records a
call, and a missing journal is reported as empty, never created.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date, datetime, timedelta
from typing import TextIO

from ..core.files import write_file_words
from ..core.journal import JournalError
from ..core.stats import (
    HOLD_TARGET_PERCENT,
    REASON_LABELS,
    Stats,
    compute_stats,
    format_date,
    format_decimal,
    format_percent,
    format_seconds,
    write_csv,
)
from ..i18n import translate
from ..messages import say
from ..paths import UserPaths
from .parser import Parser

DEFAULT_DAYS = 30


def parse_date(text: str) -> date:
    for fmt in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            pass
    raise argparse.ArgumentTypeError(translate("cli", "неверная дата «{text}»: нужна ГГГГ-ММ-ДД или ДД.ММ.ГГГГ").format(text=text))


def build_parser() -> Parser:
    parser = Parser(
        prog="operator-assist stats",
        description=translate("cli", "Статистика журнала звонков за период (по умолчанию — последние 30 дней)."),
    )
    parser.add_argument("--from", dest="start", type=parse_date, metavar="DATE", help=translate("cli", "первый день периода"))
    parser.add_argument("--to", dest="end", type=parse_date, metavar="DATE", help=translate("cli", "последний день (по умолчанию сегодня)"))
    parser.add_argument("--json", action="store_true", help=translate("cli", "вывести показатели одним объектом JSON"))
    parser.add_argument("--csv", metavar="FILE", help=translate("cli", "сохранить звонки периода в CSV (UTF-8, «;»)"))
    # Also accepted after the subcommand, whatever the top-level parser does with it.
    parser.add_argument(
        "--data-dir", metavar=translate("cli", "ПАПКА"), help=translate("cli", "папка данных пользователя (где лежит журнал)")
    )
    return parser


def format_report(stats: Stats) -> str:
    """The figures as readable text (Russian, or the language in use)."""
    period = format_date(stats.start) if stats.start == stats.end else f"{format_date(stats.start)} — {format_date(stats.end)}"
    lines = [translate("cli", "Статистика за {period}").format(period=period)]
    if stats.message:
        lines.append(stats.message)
    if stats.empty:
        return "\n".join(lines)
    lines.append(translate("cli", "Звонков: {calls} (прерванных: {interrupted})").format(calls=stats.calls, interrupted=stats.interrupted))
    if stats.in_progress:
        lines.append(translate("cli", "Идёт звонков: {n} (в статистику ещё не вошли)").format(n=stats.in_progress))
    verdict = translate("cli", "выполнена") if stats.target_met else translate("cli", "не выполнена")
    lines.append(
        translate("cli", "Без удержания: {n} из {calls} — {share} (цель {target} %: {verdict})").format(
            n=stats.calls_without_hold, calls=stats.calls, share=format_percent(stats.share_without_hold),
            target=HOLD_TARGET_PERCENT, verdict=verdict,
        )  # fmt: skip
    )
    lines.append(
        translate("cli", "Удержаний: {holds}; среднее {average}, самое долгое {longest}; сверх лимита: {over}").format(
            holds=stats.holds, average=format_seconds(stats.average_hold), longest=format_seconds(stats.longest_hold),
            over=stats.holds_over_limit,
        )  # fmt: skip
    )
    lines.append(translate("cli", "Предупреждений о тишине: {n}").format(n=stats.silence_warnings))
    if stats.long_pauses:
        lines.append(translate("cli", "Паузы > 10 с (по звуку разговора): {n}").format(n=stats.long_pauses))
    if stats.offer_calls:
        lines.append(
            translate("cli", "Предложения: озвучено в {voiced} из {calls} звонков ({share}), принято {accepted} из {voiced} ({rate})").format(
                voiced=stats.offers_voiced, calls=stats.offer_calls, share=format_percent(stats.voiced_share),
                accepted=stats.offers_accepted, rate=format_percent(stats.acceptance_rate),
            )  # fmt: skip
        )
    else:
        lines.append(translate("cli", "Предложения: не показывались"))
    suppressed = ", ".join(f"{say(REASON_LABELS.get(r, r))} — {n}" for r, n in stats.suppressions.items())
    lines.append(translate("cli", "Не предлагались: {reasons}").format(reasons=suppressed))
    return "\n".join(lines + speech_lines(stats))


def speech_lines(stats: Stats) -> list[str]:
    """The speech check's figures (issue 26), when the operator's words were checked in the period."""
    speech = stats.speech
    if not speech.calls:
        return []
    return [
        translate("cli", "Речь оператора проверена в звонках: {n}").format(n=speech.calls),
        translate("cli", "Фраза перед удержанием сказана: {share} ({said} из {checks})").format(
            share=format_percent(speech.hold_phrase_share), said=speech.hold_phrase_said, checks=speech.hold_phrase_checks
        ),
        translate("cli", "Спасибо за ожидание: {share} ({said} из {checks})").format(
            share=format_percent(speech.thanks_share), said=speech.thanks_said, checks=speech.thanks_checks
        ),
        translate("cli", "Прощание полностью: {share} ({full} из {checks})").format(
            share=format_percent(speech.farewell_share), full=speech.farewell_full, checks=speech.farewell_checks
        ),
        translate("cli", "Запрещённые слова: {per100} на 100 звонков (всего {n})").format(
            per100=format_decimal(speech.forbidden_per_100_calls), n=speech.forbidden_words
        ),
    ]


def chosen_period(args: argparse.Namespace, now: float | None, err: TextIO) -> tuple[date, date] | None:
    """``--from``/``--to`` (default: the last DEFAULT_DAYS days to today), or None after saying why not."""
    today = (datetime.fromtimestamp(now) if now is not None else datetime.now()).date()
    end = args.end or today
    start = args.start or end - timedelta(days=DEFAULT_DAYS - 1)
    if start > end:
        print(translate("cli", "Ошибка: начало периода ({start}) позже конца ({end}).").format(start=format_date(start), end=format_date(end)), file=err)
        return None
    return start, end


def main(
    argv: list[str],
    data_dir: str | None,
    *,
    now: float | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Runs the subcommand; ``now`` (Unix time) fixes "today" for tests. Returns the exit code."""
    out = out or sys.stdout
    err = err or sys.stderr
    args = build_parser().parse_args(argv)
    period = chosen_period(args, now, err)
    if period is None:
        return 2
    start, end = period

    journal_file = UserPaths.resolve(args.data_dir or data_dir).journal_file
    try:
        stats = compute_stats(journal_file, start, end, now=now)
    except JournalError as exc:
        print(translate("cli", "Ошибка: {error}").format(error=exc), file=err)
        return 1

    if args.csv:  # a missing folder is made; other failures are said in Russian
        problem = write_file_words(args.csv, lambda path: write_csv(stats.rows, path))
        if problem is not None:
            print(translate("cli", "Ошибка: не удалось записать CSV «{path}»: {problem}").format(path=args.csv, problem=problem), file=err)
            return 1
    if args.json:
        print(json.dumps(stats.to_dict(), ensure_ascii=False, indent=2), file=out)
        if args.csv:  # stdout stays pure JSON
            print(translate("cli", "CSV: {path} (звонков: {n})").format(path=args.csv, n=len(stats.rows)), file=err)
    else:
        print(format_report(stats), file=out)
        if args.csv:
            print(translate("cli", "Звонки сохранены в CSV: {path} (строк: {n})").format(path=args.csv, n=len(stats.rows)), file=out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:], None))
