"""What travels between the shipper and the team server: limits and the batch checks both sides use.

No Qt, no HTTP library: plain data.

A batch is ``{"events": [[seq, at, call_id, kind, data], ...], "have": top}``: ``seq`` is the
journal's ``events.id``, ``at`` Unix time, ``data`` the journal's whitelisted keys; ``have`` is
the journal's highest id, and a ``seq`` beyond it is refused (a server that counted events the
PC never had would make it skip its own).
Nothing else leaves the PC; the operator's identity is the login the server
enrolled the token for.
"""

from __future__ import annotations

import math
import re
from typing import Any

from ..core.events import EventKind
from ..core.journal import _clean_call_id, clean_data

API = "/v1"
MAX_BODY_BYTES = 4 * 1024 * 1024
"""A batch larger than this is refused (413); 5,000 events are about 0.5 MB."""
MAX_BATCH = 10_000
DEFAULT_BATCH = 5_000
MAX_SEQ = 2**62
_KIND = re.compile(r"[a-z][a-z0-9_]{0,39}")
_AT_RANGE = (946_684_800.0, 4_102_444_800.0)  # 2000-01-01 .. 2100-01-01


class BatchError(ValueError):
    """The batch is malformed; ``str()`` says why (Russian)."""


def clean_event(kind: str, data: Any) -> dict:
    """The keys the journal whitelists for ``kind``; an unknown (newer) kind keeps none."""
    if not isinstance(data, dict):
        raise BatchError("данные события должны быть объектом")
    try:
        event_kind = EventKind(kind)
    except ValueError:
        return {}
    return clean_data(event_kind, data)


def check_batch(body: Any) -> list[tuple[int, float, str | None, str, dict]]:
    """Validated, re-whitelisted rows of a batch body; raises :class:`BatchError`."""
    if not isinstance(body, dict) or not isinstance(body.get("events"), list):
        raise BatchError("ожидается объект с полем events (список)")
    have = body.get("have")
    if isinstance(have, bool) or not isinstance(have, int) or not 0 <= have <= MAX_SEQ:
        raise BatchError("нужно поле have: последний номер события в журнале компьютера (обновите программу)")
    events = body["events"]
    if len(events) > MAX_BATCH:
        raise BatchError(f"слишком много событий в пакете ({len(events)}, не больше {MAX_BATCH})")
    rows = []
    previous = 0
    for item in events:
        if not isinstance(item, list) or len(item) != 5:
            raise BatchError("событие: ожидается [seq, at, call_id, kind, data]")
        seq, at, call_id, kind, data = item
        if isinstance(seq, bool) or not isinstance(seq, int) or not previous < seq <= MAX_SEQ:
            raise BatchError("номера событий должны расти и быть положительными целыми")
        if seq > have:
            raise BatchError(f"событие №{seq} за пределами журнала компьютера (в нём до №{have})")
        if isinstance(at, bool) or not isinstance(at, (int, float)) or not math.isfinite(at):
            raise BatchError("время события должно быть числом")
        if not _AT_RANGE[0] <= at <= _AT_RANGE[1]:
            raise BatchError("время события вне допустимого диапазона")
        if call_id is not None and _clean_call_id(call_id) is None:
            raise BatchError("неверный идентификатор звонка")
        if not isinstance(kind, str) or not _KIND.fullmatch(kind):
            raise BatchError("неверный вид события")
        rows.append((seq, float(at), call_id, kind, clean_event(kind, data)))
        previous = seq
    return rows
