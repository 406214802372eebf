"""What the statistics need of a call, folded event by event as the journal records it.

The journal keeps these facts in the call's own row (``calls``, schema v3) and updates them with each
event of the kinds below, so a report over a year reads one row per call instead of every event of
every call. :func:`fold` is the one definition: the journal's writes, its migration of older files
and the statistics (:mod:`.stats`) all go through it.

No Qt here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Sequence

KINDS = frozenset({
    "hold_started", "hold_limit_reached", "hold_ended", "silence_warning", "offer_shown", "offer_suppressed",
    "offer_outcome", "dead_air", "call_heartbeat", "speech_check", "forbidden_word",
})  # fmt: skip
"""The event kinds that change a call's facts."""

COLUMNS = (
    ("holds", "INTEGER NOT NULL DEFAULT 0"),
    ("hold_n", "INTEGER NOT NULL DEFAULT 0"),  # the holds that ended: how many, their seconds in all, the longest
    ("hold_sum", "REAL NOT NULL DEFAULT 0"),
    ("hold_max", "REAL"),
    ("holds_over", "INTEGER NOT NULL DEFAULT 0"),
    ("open_hold", "INTEGER NOT NULL DEFAULT 0"),
    ("open_hold_over", "INTEGER NOT NULL DEFAULT 0"),
    ("open_hold_so_far", "REAL"),  # the last heartbeat's hold, for a hold a crash cut short
    ("open_hold_limit", "REAL"),
    ("silence", "INTEGER NOT NULL DEFAULT 0"),
    ("offer_shown", "INTEGER NOT NULL DEFAULT 0"),
    ("outcomes", "TEXT NOT NULL DEFAULT ''"),  # comma-separated: accepted, declined, not_voiced
    ("suppressed", "TEXT NOT NULL DEFAULT ''"),  # comma-separated reasons, in order
    ("long_pauses", "INTEGER NOT NULL DEFAULT 0"),
    ("speech", "INTEGER NOT NULL DEFAULT 0"),  # the operator's words were checked (core/speech_checks.py)
    ("hold_phrase_checks", "INTEGER NOT NULL DEFAULT 0"),
    ("hold_phrase_said", "INTEGER NOT NULL DEFAULT 0"),
    ("thanks_checks", "INTEGER NOT NULL DEFAULT 0"),
    ("thanks_said", "INTEGER NOT NULL DEFAULT 0"),
    ("summary_said", "INTEGER"),  # NULL: not judged
    ("farewell_full", "INTEGER"),
    ("forbidden_words", "INTEGER NOT NULL DEFAULT 0"),
)
"""The facts' columns in ``calls`` (name, SQL type)."""
NAMES = tuple(name for name, _ in COLUMNS)


@dataclass
class Facts:
    holds: int = 0
    hold_n: int = 0
    hold_sum: float = 0.0
    hold_max: float | None = None
    over: int = 0
    open_hold: bool = False
    open_hold_over: bool = False
    open_hold_so_far: float | None = None
    open_hold_limit: float | None = None
    silence: int = 0
    shown: bool = False
    outcomes: list[str] = field(default_factory=list)
    suppressed: list[str] = field(default_factory=list)
    long_pauses: int = 0
    speech: bool = False
    hold_phrase: list[int] = field(default_factory=lambda: [0, 0])
    thanks: list[int] = field(default_factory=lambda: [0, 0])
    """[judged, met]"""
    summary: bool | None = None
    farewell: bool | None = None
    forbidden: int = 0

    @classmethod
    def from_row(cls, row: tuple[Any, ...]) -> "Facts":
        """From the columns :data:`NAMES`, in order."""
        (holds, hold_n, hold_sum, hold_max, over, open_hold, open_over, so_far, limit, silence, shown, outcomes, suppressed,
         pauses, speech, hold_checks, hold_said, thanks_checks, thanks_said, summary, farewell, forbidden) = row
        return cls(holds, hold_n, hold_sum, hold_max, over, bool(open_hold), bool(open_over),
                   so_far, limit, silence, bool(shown), outcomes.split(",") if outcomes else [],
                   suppressed.split(",") if suppressed else [], pauses, bool(speech), [hold_checks, hold_said],
                   [thanks_checks, thanks_said], _flag(summary), _flag(farewell), forbidden)  # fmt: skip

    def row(self) -> tuple[Any, ...]:
        """The columns :data:`NAMES`, in order."""
        return (self.holds, self.hold_n, self.hold_sum, self.hold_max, self.over, int(self.open_hold), int(self.open_hold_over),
                self.open_hold_so_far, self.open_hold_limit, self.silence, int(self.shown), ",".join(self.outcomes),
                ",".join(self.suppressed), self.long_pauses, int(self.speech), *self.hold_phrase, *self.thanks,
                _int(self.summary), _int(self.farewell), self.forbidden)  # fmt: skip


def _flag(value: int | None) -> bool | None:
    return None if value is None else bool(value)


def _int(value: bool | None) -> int | None:
    return None if value is None else int(value)


def summary(row: Sequence[Any]) -> tuple[Any, ...]:
    """A call's figures from its stored facts (the columns :data:`NAMES`, in order): holds, the holds
    timed (how many, their seconds in all, the longest), holds over the limit, silence warnings, offer,
    suppression reasons, long pauses, then what the speech check heard (speech, hold phrase judged /
    said, thanks judged / said, summary, farewell, forbidden words).

    A hold a crash cut short counts up to its last heartbeat. The offer is ``suppressed``, an outcome
    (accepted before declined before not voiced), ``no_outcome`` (shown, nothing marked) or None.
    Called once per call of a period: kept to plain tuples and strings.
    """
    holds, hold_n, hold_sum, hold_max, over, open_hold, open_over, so_far, limit, silence, shown, outcomes = row[:12]
    suppressed, pauses = row[12:14]
    speech, hold_checks, hold_said, thanks_checks, thanks_said, summary_said, farewell_full, forbidden = row[14:]
    if open_hold:
        if so_far is not None:
            hold_n, hold_sum, hold_max = hold_n + 1, hold_sum + so_far, so_far if hold_max is None else max(hold_max, so_far)
            open_over = open_over or (limit is not None and so_far > limit)
        if open_over:  # a crash cut a hold that had already run over
            over += 1
    if suppressed:
        offer: str | None = "suppressed"
    else:
        marked = outcomes.split(",") if outcomes else ()
        offer = next((o for o in ("accepted", "declined", "not_voiced") if o in marked), "no_outcome" if shown else None)
    return (holds, hold_n, hold_sum, hold_max, over, silence, offer, tuple(suppressed.split(",")) if suppressed else (), pauses,
            bool(speech), hold_checks, hold_said, thanks_checks, thanks_said, _flag(summary_said), _flag(farewell_full),
            forbidden)  # fmt: skip


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def fold(f: Facts, kind: str, data: dict[str, Any]) -> None:
    """``f`` after one more event of the call (events in the order they were recorded)."""
    if kind == "hold_started":
        f.holds += 1
        f.open_hold, f.open_hold_over = True, False
        f.open_hold_so_far, f.open_hold_limit = None, data.get("limit")
    elif kind == "hold_limit_reached":
        f.open_hold_over = True
    elif kind == "hold_ended":
        if not f.open_hold:  # its start was not journalled
            f.holds += 1
        duration = _number(data.get("duration"))
        if duration is not None:
            f.hold_n += 1
            f.hold_sum += duration
            f.hold_max = duration if f.hold_max is None else max(f.hold_max, duration)
        over = data.get("over_limit")
        if over is None:
            limit = _number(data.get("limit"))
            over = f.open_hold_over or (duration is not None and limit is not None and duration > limit)
        f.over += bool(over)
        f.open_hold, f.open_hold_over = False, False
    elif kind == "call_heartbeat":
        hold = _number(data.get("hold"))
        if f.open_hold and hold is not None:
            f.open_hold_so_far = hold
    elif kind == "silence_warning":
        f.silence += 1
    elif kind == "offer_shown":
        f.shown = True
    elif kind == "offer_suppressed":
        reason = data.get("reason")
        if reason and reason not in f.suppressed:
            f.suppressed.append(reason)
    elif kind == "offer_outcome":
        outcome = data.get("outcome")
        if outcome and outcome not in f.outcomes:
            f.outcomes.append(outcome)
    elif kind == "dead_air":
        f.long_pauses += data.get("warned") is True
    elif kind == "speech_check":
        f.speech = True
        check, met = data.get("check"), data.get("met") is True
        if check in ("before_hold", "after_hold"):
            counts = f.hold_phrase if check == "before_hold" else f.thanks
            counts[0] += 1
            counts[1] += met
        elif check == "summary":
            f.summary = met
        elif check == "farewell":
            f.farewell = met
    elif kind == "forbidden_word":
        f.speech = True
        f.forbidden += 1
