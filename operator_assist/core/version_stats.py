"""Which standard was in force: a period's figures per version of the team's standard (issue 24). No Qt.

Every call records the version it was served under (None: the bundled standard). ``stats
--by-version``, ``team-stats --by-version`` and the team server give the same figures per version,
so a team lead sees whether a new hold phrase or limit changed the share of holds over the limit;
the charts mark the day a version took over (:func:`boundaries`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Iterable

from .stats import HOLD_TARGET_PERCENT, CallRow, _share


@dataclass(frozen=True)
class VersionFigures:
    version: int | None
    """None: the bundled standard (no team's standard in force)."""
    first_day: date | None = None
    last_day: date | None = None
    """The days of its first and last call in the period."""
    calls: int = 0
    calls_without_hold: int = 0
    holds: int = 0
    hold_n: int = 0
    hold_sum: float = 0.0
    holds_over_limit: int = 0
    silence_warnings: int = 0
    hold_phrase_checks: int = 0
    hold_phrase_said: int = 0
    """The speech check's holds judged and those the hold phrase was heard before (issue 26)."""

    @classmethod
    def of_rows(cls, version: int | None, rows: list[CallRow]) -> "VersionFigures":
        days = [date.fromtimestamp(r.started) for r in rows]
        return cls(
            version, min(days, default=None), max(days, default=None), len(rows),
            sum(r.holds == 0 for r in rows), sum(r.holds for r in rows), sum(r.hold_n for r in rows),
            sum(r.hold_sum for r in rows), sum(r.holds_over_limit for r in rows), sum(r.silence_warnings for r in rows),
            sum(r.hold_phrase_checks for r in rows if r.speech), sum(r.hold_phrase_said for r in rows if r.speech),
        )  # fmt: skip

    @property
    def share_without_hold(self) -> float | None:
        return _share(self.calls_without_hold, self.calls)

    @property
    def target_met(self) -> bool | None:
        return self.calls_without_hold * 100 >= HOLD_TARGET_PERCENT * self.calls if self.calls else None

    @property
    def over_limit_share(self) -> float | None:
        """Of the holds, those that ran past the role's limit."""
        return _share(self.holds_over_limit, self.holds)

    @property
    def average_hold(self) -> float | None:
        return self.hold_sum / self.hold_n if self.hold_n else None

    @property
    def hold_phrase_share(self) -> float | None:
        return _share(self.hold_phrase_said, self.hold_phrase_checks)

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "first_day": self.first_day.isoformat() if self.first_day else None,
            "last_day": self.last_day.isoformat() if self.last_day else None,
            "calls": self.calls,
            "calls_without_hold": self.calls_without_hold,
            "share_without_hold": self.share_without_hold,
            "target_met": self.target_met,
            "holds": self.holds,
            "average_hold_s": self.average_hold,
            "holds_over_limit": self.holds_over_limit,
            "over_limit_share": self.over_limit_share,
            "silence_warnings": self.silence_warnings,
            "hold_phrase_checks": self.hold_phrase_checks,
            "hold_phrase_said": self.hold_phrase_said,
            "hold_phrase_share": self.hold_phrase_share,
        }


def by_version(rows: Iterable[CallRow]) -> list[VersionFigures]:
    """The finished calls' figures per version: the bundled standard first, then by version."""
    groups: dict[int | None, list[CallRow]] = {}
    for row in rows:
        groups.setdefault(row.standard, []).append(row)
    return [VersionFigures.of_rows(v, groups[v]) for v in sorted(groups, key=lambda v: (v is not None, v or 0))]


def boundaries(rows: Iterable[CallRow]) -> dict[date, tuple[int | None, ...]]:
    """The days a version took over from the one before (calls in the order they started): day → the
    versions that took over that day, in order."""
    found: dict[date, tuple[int | None, ...]] = {}
    previous: object = ...
    for row in sorted(rows, key=lambda r: r.started):
        if previous is not ... and row.standard != previous:
            day = date.fromtimestamp(row.started)
            found[day] = found.get(day, ()) + (row.standard,)
        previous = row.standard
    return found
