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
import json
import os
import time as _time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import IO, Any, Iterable

from ..messages import SaidValueError, say
from .events import EventKind
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


@dataclass(frozen=True)
class CallRow:
    call_id: str
    started: float
    """Unix time."""
    duration: float | None
    status: str
    """``normal`` or ``interrupted``."""
    role: str | None
    holds: int
    hold_durations: tuple[float, ...]
    """Durations of holds that ended; a hold cut by a crash has none."""
    holds_over_limit: int
    silence_warnings: int
    offer: str | None
    """``accepted``, ``declined``, ``not_voiced``, ``no_outcome`` (shown, nothing marked),
    ``suppressed`` or None (no offer)."""
    suppressed_reasons: tuple[str, ...] = ()
    long_pauses: int = 0
    """Dead air heard from the call's audio that reached the silence warning (pauses > 10 s)."""

    @property
    def start_local(self) -> str:
        """Local time, ISO 8601 with a space (Excel reads it as a date-time)."""
        return datetime.fromtimestamp(self.started).isoformat(sep=" ", timespec="seconds")

    @property
    def longest_hold(self) -> float | None:
        return max(self.hold_durations) if self.hold_durations else None

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
        ]


def _whole_seconds(seconds: float | None) -> str:
    # Whole seconds: no decimal separator for Excel's locale to misread.
    return "" if seconds is None else str(int(seconds + 0.5))


@dataclass
class _CallFacts:
    holds: int = 0
    durations: list[float] = field(default_factory=list)
    over: int = 0
    open_hold: bool = False
    open_hold_over: bool = False
    silence: int = 0
    shown: bool = False
    outcomes: set[str] = field(default_factory=set)
    open_hold_so_far: float | None = None
    """The last heartbeat's hold duration, for a hold a crash cut short."""
    open_hold_limit: float | None = None
    suppressed: list[str] = field(default_factory=list)
    long_pauses: int = 0


_KINDS = (
    EventKind.HOLD_STARTED,
    EventKind.HOLD_LIMIT_REACHED,
    EventKind.HOLD_ENDED,
    EventKind.SILENCE_WARNING,
    EventKind.OFFER_SHOWN,
    EventKind.OFFER_SUPPRESSED,
    EventKind.OFFER_OUTCOME,
    EventKind.DEAD_AIR,
    EventKind.CALL_HEARTBEAT,
)


def _facts(journal: Journal, lo: float, hi: float) -> dict[str, _CallFacts]:
    facts: dict[str, _CallFacts] = {}
    marks = ", ".join("?" for _ in _KINDS)
    rows = journal.execute(
        f"SELECT e.call_id, e.kind, e.data FROM events e JOIN calls c ON c.id = e.call_id "
        f"WHERE c.started >= ? AND c.started < ? AND e.kind IN ({marks}) ORDER BY e.id",
        (lo, hi, *(k.value for k in _KINDS)),
    )
    for call_id, kind, raw in rows:
        f = facts.setdefault(call_id, _CallFacts())
        data = json.loads(raw)
        if kind == EventKind.HOLD_STARTED.value:
            f.holds += 1
            f.open_hold, f.open_hold_over = True, False
            f.open_hold_so_far, f.open_hold_limit = None, data.get("limit")
        elif kind == EventKind.HOLD_LIMIT_REACHED.value:
            f.open_hold_over = True
        elif kind == EventKind.HOLD_ENDED.value:
            if not f.open_hold:  # its start was not journalled
                f.holds += 1
            duration = data.get("duration")
            if isinstance(duration, (int, float)):
                f.durations.append(float(duration))
            over = data.get("over_limit")
            if over is None:
                limit = data.get("limit")
                over = f.open_hold_over or (
                    isinstance(duration, (int, float)) and isinstance(limit, (int, float)) and duration > limit
                )
            f.over += bool(over)
            f.open_hold, f.open_hold_over = False, False
        elif kind == EventKind.CALL_HEARTBEAT.value:
            if f.open_hold and isinstance(data.get("hold"), (int, float)):
                f.open_hold_so_far = float(data["hold"])
        elif kind == EventKind.SILENCE_WARNING.value:
            f.silence += 1
        elif kind == EventKind.OFFER_SHOWN.value:
            f.shown = True
        elif kind == EventKind.OFFER_SUPPRESSED.value:
            reason = data.get("reason")
            if reason and reason not in f.suppressed:
                f.suppressed.append(reason)
        elif kind == EventKind.OFFER_OUTCOME.value:
            if data.get("outcome"):
                f.outcomes.add(data["outcome"])
        elif kind == EventKind.DEAD_AIR.value:
            f.long_pauses += data.get("warned") is True
    for f in facts.values():
        if f.open_hold and f.open_hold_so_far is not None:  # a crash cut a hold: its last heartbeat
            f.durations.append(f.open_hold_so_far)
            limit = f.open_hold_limit
            f.open_hold_over = f.open_hold_over or (isinstance(limit, (int, float)) and f.open_hold_so_far > limit)
        if f.open_hold and f.open_hold_over:  # a crash cut a hold that had already run over
            f.over += 1
    return facts


def _offer(f: _CallFacts) -> str | None:
    if f.suppressed:
        return "suppressed"
    for outcome in ("accepted", "declined", "not_voiced"):
        if outcome in f.outcomes:
            return outcome
    return "no_outcome" if f.shown else None


def _rows(journal: Journal, lo: float, hi: float, cut_short: bool = False) -> tuple[list[CallRow], int]:
    """Finished calls started in ``[lo, hi)``, oldest first, and how many are still open.

    ``cut_short``: nobody is recording, so an open call was cut short by a crash and
    counts as interrupted at its last event, as the app's next start will record it.
    """
    facts = _facts(journal, lo, hi)
    rows, open_calls = [], 0
    for call_id, started, duration, role, status, last_event in journal.execute(
        "SELECT id, started, duration, role, status, last_event FROM calls WHERE started >= ? AND started < ? "
        "ORDER BY started, id",
        (lo, hi),
    ):
        if status == "open":
            if not cut_short:
                open_calls += 1
                continue
            status, duration = "interrupted", last_event - started
        f = facts.get(call_id) or _CallFacts()
        rows.append(
            CallRow(
                call_id=call_id,
                started=started,
                duration=duration,
                status=status,
                role=role,
                holds=f.holds,
                hold_durations=tuple(f.durations),
                holds_over_limit=f.over,
                silence_warnings=f.silence,
                offer=_offer(f),
                suppressed_reasons=tuple(f.suppressed),
                long_pauses=f.long_pauses,
            )
        )
    return rows, open_calls


# --- the figures ------------------------------------------------------------------


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
            "message": self.message,
        }


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


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
    durations = [d for r in rows for d in r.hold_durations]

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
        average_hold=sum(durations) / len(durations) if durations else None,
        longest_hold=max(durations) if durations else None,
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
