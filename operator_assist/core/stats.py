"""Figures for a period, computed from the journal: one function for the CLI and the window.

A call belongs to the local calendar day it started on; everything about a call
(holds, warnings, offers) counts in that call's period, even if it happened
after midnight. The figures are derived from the same per-call rows the CSV
export writes, so the report and the export always agree.

No Qt here.
"""

from __future__ import annotations

import csv
import io
import os
import time as _time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import IO, Any, Iterable, NamedTuple

from ..messages import SaidValueError, say
from .call_facts import NAMES as FACT_NAMES
from .call_facts import summary
from .journal import Journal, nobody_recording

HOLD_TARGET_PERCENT = 95
"""The standard: strive for 95 % of calls served without hold."""

SUPPRESSION_REASONS = ("complaint", "lost_phone", "siebel_down")
REASON_LABELS = {
    "complaint": "stats.reason.complaint",
    "lost_phone": "stats.reason.lost_phone",
    "siebel_down": "stats.reason.siebel_down",
}
OFFER_LABELS = {
    "accepted": "stats.outcome.accepted",
    "declined": "stats.outcome.declined",
    "not_voiced": "stats.outcome.not_voiced",
    "no_outcome": "stats.outcome.no_outcome",
    None: "stats.outcome.none",
}
STATUS_LABELS = {"normal": "stats.status.normal", "interrupted": "stats.status.interrupted"}
CSV_HEADER = (
    "stats.csv.start",
    "stats.csv.duration",
    "stats.csv.status",
    "stats.csv.holds",
    "stats.csv.longest_hold",
    "stats.csv.over_limit",
    "stats.csv.silence_warnings",
    "stats.csv.offer",
    "stats.csv.long_pauses",
    "stats.csv.hold_phrase",
    "stats.csv.thanks",
    "stats.csv.farewell",
    "stats.csv.forbidden",
)
CSV_DELIMITER = ";"
"""Russian Excel splits columns on «;» (its list separator), not on commas."""

_EMPTY_JOURNAL = "stats.empty_journal"


def csv_header() -> list[str]:
    """The CSV's column names in the language in use."""
    return [say(code) for code in CSV_HEADER]


# --- periods --------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    """Inclusive."""
    label: str


def format_date(day: date) -> str:
    """10.09.2025 in Russian, 2025-09-10 in English."""
    return say("stats.date", day=day.day, month=day.month, year=day.year)


def format_percent(share: float | None) -> str:
    """95,0 % in Russian, 95.0% in English."""
    if share is None:
        return "—"
    whole, _, tenth = f"{share * 100:.1f}".partition(".")
    return say("stats.percent", whole=whole, tenth=tenth)


def format_decimal(value: float | None) -> str:
    """12,5 in Russian, 12.5 in English (one decimal)."""
    if value is None:
        return "—"
    whole, _, tenth = f"{value:.1f}".partition(".")
    return say("stats.decimal", whole=whole, tenth=tenth)


def format_seconds(value: float | None) -> str:
    if value is None:
        return "—"
    total = int(value + 0.5)
    return say("stats.seconds", total=total) if total < 60 else say("stats.minutes_seconds", minutes=total // 60, seconds=total % 60)


def _today(now: float | None) -> date:
    return date.fromtimestamp(_time.time() if now is None else now)


def today(now: float | None = None) -> Period:
    day = _today(now)
    return Period(day, day, say("stats.period.today"))


def this_week(now: float | None = None) -> Period:
    """Monday to Sunday, the week as counted in Russia."""
    day = _today(now)
    monday = day - timedelta(days=day.weekday())
    return Period(monday, monday + timedelta(days=6), say("stats.period.week"))


def this_month(now: float | None = None) -> Period:
    day = _today(now)
    first = day.replace(day=1)
    next_first = (first + timedelta(days=32)).replace(day=1)
    return Period(first, next_first - timedelta(days=1), say("stats.period.month"))


def last_days(days: int, now: float | None = None) -> Period:
    if days < 1:
        raise ValueError("days must be at least 1")
    day = _today(now)
    return Period(day - timedelta(days=days - 1), day, say("stats.period.last_days", days=days))


def custom(start: date, end: date) -> Period:
    if start > end:
        raise SaidValueError("stats.period_reversed", start=format_date(start), end=format_date(end))
    return Period(start, end, f"{format_date(start)} — {format_date(end)}")


def local_midnight(day: date) -> float:
    """Unix time of the local midnight that starts ``day`` (follows DST)."""
    return datetime(day.year, day.month, day.day).timestamp()


def day_bounds(start: date, end: date) -> tuple[float, float]:
    """``[from, to)`` in Unix time: local midnight of ``start`` to the one after ``end``."""
    return local_midnight(start), local_midnight(end + timedelta(days=1))


# --- per-call rows ----------------------------------------------------------------


class CallRow(NamedTuple):
    """One call of a period (a tuple: a year's hundred thousand of them are made in a report)."""

    call_id: str
    started: float
    """Unix time."""
    duration: float | None
    status: str
    """``normal`` or ``interrupted``."""
    role: str | None
    holds: int
    hold_n: int
    hold_sum: float
    longest_hold: float | None
    """The holds timed (those that ended, and a hold a crash cut short up to its last heartbeat): how
    many, their seconds in all, the longest."""
    holds_over_limit: int
    silence_warnings: int
    offer: str | None
    """``accepted``, ``declined``, ``not_voiced``, ``no_outcome`` (shown, nothing marked),
    ``suppressed`` or None (no offer)."""
    suppressed_reasons: tuple[str, ...] = ()
    long_pauses: int = 0
    """Dead air heard from the call's audio that reached the silence warning (pauses > 10 s)."""
    speech: bool = False
    """The operator's words were checked in this call (core/speech_checks.py)."""
    hold_phrase_checks: int = 0
    hold_phrase_said: int = 0
    """Holds judged, and those the hold phrase (purpose, time, consent) was heard before."""
    thanks_checks: int = 0
    thanks_said: int = 0
    """Resumes judged, and those the thanks for waiting was heard after."""
    summary: bool | None = None
    farewell: bool | None = None
    """The summary said / the farewell said in full (thanks, wish, goodbye); None: not judged."""
    forbidden_words: int = 0

    @property
    def start_local(self) -> str:
        """Local time, ISO 8601 with a space (Excel reads it as a date-time)."""
        return datetime.fromtimestamp(self.started).isoformat(sep=" ", timespec="seconds")

    @property
    def offer_label(self) -> str:
        if self.offer == "suppressed":
            reasons = ", ".join(say(REASON_LABELS.get(r, r)) for r in self.suppressed_reasons)
            return say("stats.not_offered_because", reasons=reasons) if reasons else say("stats.not_offered")
        return say(OFFER_LABELS.get(self.offer, str(self.offer)))

    def csv_cells(self) -> list[str]:
        return [
            self.start_local,
            _whole_seconds(self.duration),
            say(STATUS_LABELS.get(self.status, self.status)),
            str(self.holds),
            _whole_seconds(self.longest_hold),
            str(self.holds_over_limit),
            str(self.silence_warnings),
            self.offer_label,
            str(self.long_pauses),
            _of(self.hold_phrase_said, self.hold_phrase_checks),
            _of(self.thanks_said, self.thanks_checks),
            "" if self.farewell is None else say("stats.yes" if self.farewell else "stats.no"),
            str(self.forbidden_words) if self.speech else "",
        ]


def _of(part: int, whole: int) -> str:
    """«1 из 2» (not «1/2»: Excel would read a date); "" when nothing was judged."""
    return say("stats.of", part=part, whole=whole) if whole else ""


def _whole_seconds(seconds: float | None) -> str:
    # Whole seconds: no decimal separator for Excel's locale to misread.
    return "" if seconds is None else str(int(seconds + 0.5))


_ROWS = (
    f"SELECT id, started, duration, role, status, last_event, {', '.join(FACT_NAMES)} FROM calls {{how}} "
    "WHERE started >= ? AND started < ?"
)


def _select_rows(journal: Journal, lo: float, hi: float) -> list[tuple[Any, ...]]:
    """The calls started in ``[lo, hi)`` in start order. A period holding much of the journal is read
    straight through (calls are stored about in start order, and a scan beats a lookup per call)."""
    first, last = journal.execute("SELECT min(started), max(started) FROM calls").fetchone()
    span = (last - first) if first is not None else 0.0
    straight = span > 0 and (min(hi, last) - max(lo, first)) > 0.3 * span
    rows = journal.execute(_ROWS.format(how="NOT INDEXED" if straight else "INDEXED BY calls_started"), (lo, hi)).fetchall()
    rows.sort(key=lambda row: (row[1], row[0]))  # nearly sorted already: one pass
    return rows


def _rows(journal: Journal, lo: float, hi: float, cut_short: bool = False) -> tuple[list[CallRow], int]:
    """Finished calls started in ``[lo, hi)``, oldest first, and how many are still open.

    One row per call: the journal keeps each call's facts in its row (core/call_facts.py).
    ``cut_short``: nobody is recording, so an open call was cut short by a crash and
    counts as interrupted at its last event, as the app's next start will record it.
    """
    rows, open_calls = [], 0
    for call_id, started, duration, role, status, last_event, *facts in _select_rows(journal, lo, hi):
        if status == "open":
            if not cut_short:
                open_calls += 1
                continue
            status, duration = "interrupted", last_event - started
        rows.append(CallRow(call_id, started, duration, status, role, *summary(facts)))
    return rows, open_calls


# --- the figures ------------------------------------------------------------------


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@dataclass(frozen=True)
class SpeechFigures:
    """What the speech check heard over a period: counts, and the shares the team lead reads."""

    calls: int = 0
    """Calls whose words were checked."""
    hold_phrase_checks: int = 0
    hold_phrase_said: int = 0
    thanks_checks: int = 0
    thanks_said: int = 0
    summary_checks: int = 0
    summary_said: int = 0
    farewell_checks: int = 0
    farewell_full: int = 0
    forbidden_words: int = 0

    @classmethod
    def of_rows(cls, rows: Iterable[CallRow]) -> "SpeechFigures":
        heard = [r for r in rows if r.speech]
        return cls(
            calls=len(heard),
            hold_phrase_checks=sum(r.hold_phrase_checks for r in heard),
            hold_phrase_said=sum(r.hold_phrase_said for r in heard),
            thanks_checks=sum(r.thanks_checks for r in heard),
            thanks_said=sum(r.thanks_said for r in heard),
            summary_checks=sum(r.summary is not None for r in heard),
            summary_said=sum(r.summary is True for r in heard),
            farewell_checks=sum(r.farewell is not None for r in heard),
            farewell_full=sum(r.farewell is True for r in heard),
            forbidden_words=sum(r.forbidden_words for r in heard),
        )

    @property
    def hold_phrase_share(self) -> float | None:
        """«Фраза перед удержанием сказана»: 0..1, None when no hold was judged."""
        return _share(self.hold_phrase_said, self.hold_phrase_checks)

    @property
    def thanks_share(self) -> float | None:
        """«Спасибо за ожидание»."""
        return _share(self.thanks_said, self.thanks_checks)

    @property
    def summary_share(self) -> float | None:
        return _share(self.summary_said, self.summary_checks)

    @property
    def farewell_share(self) -> float | None:
        """«Прощание полностью»."""
        return _share(self.farewell_full, self.farewell_checks)

    @property
    def forbidden_per_100_calls(self) -> float | None:
        return 100 * self.forbidden_words / self.calls if self.calls else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "speech_calls": self.calls,
            "hold_phrase_checks": self.hold_phrase_checks,
            "hold_phrase_said": self.hold_phrase_said,
            "hold_phrase_share": self.hold_phrase_share,
            "thanks_checks": self.thanks_checks,
            "thanks_said": self.thanks_said,
            "thanks_share": self.thanks_share,
            "summary_checks": self.summary_checks,
            "summary_said": self.summary_said,
            "summary_share": self.summary_share,
            "farewell_checks": self.farewell_checks,
            "farewell_full": self.farewell_full,
            "farewell_share": self.farewell_share,
            "forbidden_words": self.forbidden_words,
            "forbidden_per_100_calls": self.forbidden_per_100_calls,
        }


@dataclass(frozen=True)
class Stats:
    start: date
    end: date
    """Inclusive, local calendar days."""
    calls: int = 0
    """Finished calls: normal plus interrupted."""
    interrupted: int = 0
    in_progress: int = 0
    """Calls still open (being recorded right now); not in any other figure."""
    calls_without_hold: int = 0
    share_without_hold: float | None = None
    """0..1, None without calls."""
    target_share: float = HOLD_TARGET_PERCENT / 100
    target_met: bool | None = None
    holds: int = 0
    average_hold: float | None = None
    """Seconds, over holds that ended."""
    longest_hold: float | None = None
    holds_over_limit: int = 0
    silence_warnings: int = 0
    long_pauses: int = 0
    """Dead air heard from the audio that reached the warning (pauses > 10 s), over all calls."""
    offer_calls: int = 0
    """Eligible calls: an offer was shown and not suppressed."""
    offers_voiced: int = 0
    """Eligible calls where the offer was voiced (accepted or declined)."""
    voiced_share: float | None = None
    offers_accepted: int = 0
    acceptance_rate: float | None = None
    """Accepted out of voiced."""
    suppressions: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SUPPRESSION_REASONS, 0))
    """Calls where the offer was not made, per reason."""
    daily_without_hold: dict[date, float | None] = field(default_factory=dict)
    """Each day of the period up to today: share of that day's calls without hold (None: no calls)."""
    speech: SpeechFigures = field(default_factory=SpeechFigures)
    """The operator's own words checked (core/speech_checks.py): over the calls where they were."""
    rows: tuple[CallRow, ...] = ()
    message: str | None = None
    """A friendly Russian note when there is nothing to count."""

    @property
    def empty(self) -> bool:
        return self.calls == 0

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready figures (no per-call rows); dates as ISO strings."""
        return {
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "calls": self.calls,
            "interrupted": self.interrupted,
            "in_progress": self.in_progress,
            "calls_without_hold": self.calls_without_hold,
            "share_without_hold": self.share_without_hold,
            "target_share": self.target_share,
            "target_met": self.target_met,
            "holds": self.holds,
            "average_hold_s": self.average_hold,
            "longest_hold_s": self.longest_hold,
            "holds_over_limit": self.holds_over_limit,
            "silence_warnings": self.silence_warnings,
            "long_pauses": self.long_pauses,
            "offer_calls": self.offer_calls,
            "offers_voiced": self.offers_voiced,
            "voiced_share": self.voiced_share,
            "offers_accepted": self.offers_accepted,
            "acceptance_rate": self.acceptance_rate,
            "suppressions": dict(self.suppressions),
            "daily_without_hold": {day.isoformat(): share for day, share in self.daily_without_hold.items()},
            **self.speech.to_dict(),
            "message": self.message,
        }


def _days(start: date, end: date) -> Iterable[date]:
    day = start
    while day <= end:
        yield day
        day += timedelta(days=1)


def _empty_message(start: date, end: date, in_progress: int) -> str:
    when = f"{format_date(start)}" if start == end else f"{format_date(start)} — {format_date(end)}"
    text = say("stats.no_calls", when=when)
    if in_progress:
        text += say("stats.call_in_progress")
    return text


def compute_stats(
    source: Journal | str | os.PathLike[str],
    start: date,
    end: date,
    now: float | None = None,
) -> Stats:
    """The figures for calls started from local ``start`` to ``end`` inclusive.

    ``source`` is an open journal (the window) or a file path (the CLI), which is
    opened read-only; a missing file is an empty journal and is not created.
    ``now`` (Unix time, default the clock) only ends the daily series at today.
    """
    if start > end:
        raise SaidValueError("stats.period_reversed", start=format_date(start), end=format_date(end))
    if isinstance(source, Journal):
        return _compute(source, start, end, now)
    path = Path(source)
    if not path.exists():
        return Stats(start, end, message=say(_EMPTY_JOURNAL))
    cut_short = nobody_recording(path)  # before reading: a call may start meanwhile, never the reverse
    journal = Journal.open_readonly(path)
    try:
        if journal.blank:
            return Stats(start, end, message=say(_EMPTY_JOURNAL))
        return _compute(journal, start, end, now, cut_short)
    finally:
        journal.close()


def _compute(journal: Journal, start: date, end: date, now: float | None, cut_short: bool = False) -> Stats:
    lo, hi = day_bounds(start, end)
    rows, in_progress = _rows(journal, lo, hi, cut_short)
    calls = len(rows)
    without = sum(1 for r in rows if r.holds == 0)
    timed = sum(r.hold_n for r in rows)
    longest = max((r.longest_hold for r in rows if r.longest_hold is not None), default=None)

    eligible = [r for r in rows if r.offer in ("accepted", "declined", "not_voiced", "no_outcome")]
    voiced = sum(1 for r in eligible if r.offer in ("accepted", "declined"))
    accepted = sum(1 for r in eligible if r.offer == "accepted")
    suppressions = dict.fromkeys(SUPPRESSION_REASONS, 0)
    for r in rows:
        for reason in r.suppressed_reasons:
            suppressions[reason] = suppressions.get(reason, 0) + 1

    per_day: dict[date, list[int]] = {}
    for r in rows:
        counts = per_day.setdefault(date.fromtimestamp(r.started), [0, 0])
        counts[0] += r.holds == 0
        counts[1] += 1
    last_day = min(end, _today(now))
    daily = {
        day: _share(*per_day[day]) if day in per_day else None for day in _days(start, last_day)
    }

    return Stats(
        start=start,
        end=end,
        calls=calls,
        interrupted=sum(1 for r in rows if r.status == "interrupted"),
        in_progress=in_progress,
        calls_without_hold=without,
        share_without_hold=_share(without, calls),
        # Integer comparison: 19 of 20 is exactly 95 %, with no float rounding in the way.
        target_met=(without * 100 >= HOLD_TARGET_PERCENT * calls) if calls else None,
        holds=sum(r.holds for r in rows),
        average_hold=sum(r.hold_sum for r in rows) / timed if timed else None,
        longest_hold=longest,
        holds_over_limit=sum(r.holds_over_limit for r in rows),
        silence_warnings=sum(r.silence_warnings for r in rows),
        long_pauses=sum(r.long_pauses for r in rows),
        offer_calls=len(eligible),
        offers_voiced=voiced,
        voiced_share=_share(voiced, len(eligible)),
        offers_accepted=accepted,
        acceptance_rate=_share(accepted, voiced),
        suppressions=suppressions,
        daily_without_hold=daily,
        speech=SpeechFigures.of_rows(rows),
        rows=tuple(rows),
        message=None if calls else _empty_message(start, end, in_progress),
    )


# --- CSV --------------------------------------------------------------------------


def csv_text(rows: Iterable[CallRow]) -> str:
    """Header plus one line per call (without the BOM)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=CSV_DELIMITER, lineterminator="\r\n")
    writer.writerow(csv_header())
    for row in rows:
        writer.writerow(row.csv_cells())
    return buffer.getvalue()


def write_csv(rows: Iterable[CallRow], target: str | os.PathLike[str] | IO[bytes]) -> None:
    """UTF-8 with a BOM, so Excel shows Cyrillic right when the file is double-clicked."""
    data = csv_text(rows).encode("utf-8-sig")
    if isinstance(target, (str, os.PathLike)):
        Path(target).write_bytes(data)
    else:
        target.write(data)
