"""Hand-built journals for statistics tests."""

from __future__ import annotations

import itertools
from datetime import date, datetime

from operator_assist.core.events import Event
from operator_assist.core.events import EventKind as K
from operator_assist.core.journal import Journal


def local(day: date, hh: int = 9, mm: int = 0, ss: int = 0) -> float:
    """Unix time of a local wall-clock moment: expectations use the code's own conversion."""
    return datetime(day.year, day.month, day.day, hh, mm, ss).timestamp()


class Builder:
    """Records whole calls through Journal.record with explicit wall times."""

    def __init__(self, journal: Journal):
        self.journal = journal
        self.ids = (f"{n:032x}" for n in itertools.count(1))

    def emit(self, kind: K, call_id: str, wall: float, **data) -> None:
        # The monotonic reading is irrelevant to the statistics; keep it tied to wall time.
        self.journal.record(Event(kind, wall - 1_700_000_000, wall, call_id, data))

    def call(
        self,
        start: float,
        *,
        holds: tuple[float, ...] = (),
        limit: float = 120.0,
        silence: int = 0,
        offer: str | None = None,
        suppressed: str | None = None,
        talk: float = 60.0,
        finish: bool = True,
        said: dict[str, tuple[bool, ...]] | None = None,
        forbidden: int = 0,
        standard: int | None = None,
    ) -> str:
        """``said``: the speech checks' verdicts by check (``before_hold`` per hold, ``after_hold`` per resume,
        ``summary``/``farewell`` after the end, as the app records them); ``forbidden``: forbidden words heard."""
        cid = next(self.ids)
        t = start
        started = {"standard": standard} if standard is not None else {}  # the team standard's version (issue 24)
        self.emit(K.CALL_STARTED, cid, t, role="specialist", offer_source="demo", **started)
        for _ in range(silence):
            self.emit(K.LOOKUP_STARTED, cid, t + 1)
            self.emit(K.SILENCE_WARNING, cid, t + 11, threshold=10.0)
            self.emit(K.LOOKUP_ENDED, cid, t + 12, duration=11.0)
            t += 12
        said = said or {}
        for n in range(forbidden):
            self.emit(K.FORBIDDEN_WORD, cid, t + 0.5, phrase_id="never.wait")
        for index, duration in enumerate(holds, 1):
            self.emit(K.HOLD_STARTED, cid, t + 1, limit=limit, role="specialist", index=index)
            for met in said.get("before_hold", ())[index - 1 : index]:
                self.emit(K.SPEECH_CHECK, cid, t + 1, check="before_hold", met=met, phrase_id="hold.clarify" if met else None)
            if duration >= limit:
                self.emit(K.HOLD_LIMIT_REACHED, cid, t + 1 + limit, limit=limit)
            self.emit(
                K.HOLD_ENDED, cid, t + 1 + duration,
                duration=duration, limit=limit, over_limit=duration > limit, long_wait=duration > 60, index=index,
            )  # fmt: skip
            for met in said.get("after_hold", ())[index - 1 : index]:
                self.emit(K.SPEECH_CHECK, cid, t + 1 + duration, check="after_hold", met=met, phrase_id=None)
            t += 1 + duration
        if suppressed:
            self.emit(K.OFFER_SUPPRESSED, cid, t + 1, offer_id=None, reason=suppressed)
        elif offer:
            self.emit(K.OFFER_SHOWN, cid, t + 1, offer_id="o1", source="demo")
            if offer != "shown":
                self.emit(K.OFFER_OUTCOME, cid, t + 2, offer_id="o1", outcome=offer, reason=None)
        if finish:
            end = start + talk + (t - start)
            self.emit(K.CALL_ENDED, cid, end, duration=talk + (t - start))
            for check in ("summary", "farewell"):
                for met in said.get(check, ()):
                    self.emit(K.SPEECH_CHECK, cid, end, check=check, met=met, phrase_id=None)
        return cid
