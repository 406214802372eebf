"""The live floor's words (issue 23): what a desk tells the server as it happens, what boards are told.

No Qt, no HTTP library: the desk's reporter, the server and the lead's app all use these.

A desk sends ``PUT /v1/live`` with one small object, on every change and as a heartbeat::

    {"state": "hold", "elapsed": 12.5, "limit": 120.0, "warning": "prewarning",
     "dead_air": false, "listening": "on", "telephony": "connected", "heartbeat": 10.0}

``elapsed`` is the seconds spent in the state when the message left the desk (the call's time
while talking); the server turns it into ``since`` on its own clock, so a desk's wrong clock
never shows as a wrong time. Nothing else leaves the desk: no call id, no client, no phrase, no
role name; the operator is the login the token was issued for.

Boards get :data:`DESK_KEYS` per operator, and ``gone`` when a desk has had no link for
:data:`FORGET_AFTER_S` (see docs/development.md, «The live channel»).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Any

STATES = ("idle", "talking", "lookup", "hold", "wrapup")
WARNINGS = ("prewarning", "over", "silence")
"""Hold pre-warning, hold over the role's limit, silence past the 10-second rule (None: none)."""
LISTENING = ("off", "on", "lost")
"""Dead-air listening: not on, hearing the call, or its device missing."""
TELEPHONY = ("manual", "connected", "down")
"""No call source (the keys alone), the call source's link up, or down."""

HEARTBEAT_S = 10.0
"""A desk repeats its state this often while nothing changes."""
MISSED_HEARTBEATS = 2
"""After this many heartbeats missed (plus a little slack) the board shows the desk without a link."""
HEARTBEAT_RANGE = (0.2, 120.0)
FORGET_AFTER_S = 15 * 60.0
"""A desk without a link this long leaves the board (``gone``): its app was closed for the day."""
DEAD_AIR_ALERT_S = 20.0
"""Silence (the client hears nothing) longer than this alerts the team lead."""
MAX_BODY_BYTES = 1024
MAX_ELAPSED = 7 * 86400.0

DESK_KEYS = ("login", "state", "since", "limit", "warning", "dead_air", "listening", "telephony", "online")


class LiveError(ValueError):
    """A malformed live state; ``str()`` says why (Russian)."""


@dataclass(frozen=True)
class LiveState:
    """One desk's state as it leaves the desk (``elapsed`` is filled in at sending)."""

    state: str
    since: float
    """The desk's own monotonic time when the state began (never sent)."""
    limit: float | None
    warning: str | None
    dead_air: bool
    listening: str
    telephony: str

    def key(self) -> tuple:
        """What a change is: anything but the passing time."""
        return (self.state, round(self.since, 1), self.limit, self.warning, self.dead_air, self.listening, self.telephony)

    def message(self, now: float, heartbeat: float) -> dict:
        return {
            "state": self.state,
            "elapsed": round(max(0.0, now - self.since), 3),
            "limit": self.limit,
            "warning": self.warning,
            "dead_air": self.dead_air,
            "listening": self.listening,
            "telephony": self.telephony,
            "heartbeat": heartbeat,
        }


_WARNING_OF_STATUS = {"hold_prewarning": "prewarning", "hold_limit": "over", "silence_warning": "silence"}


def from_snapshot(snapshot: Any, listening: str = "off", telephony: str = "manual") -> LiveState:
    """The live state of a call session's :class:`~operator_assist.core.engine.Snapshot`."""
    state = snapshot.state.value
    if state == "ended":
        state = "wrapup"
    since = snapshot.now - snapshot.state_elapsed
    limit = snapshot.hold_limit if state == "hold" and snapshot.hold_limit else snapshot.role.hold_limit
    return LiveState(
        state=state,
        since=since,
        limit=float(limit) if limit else None,
        warning=_WARNING_OF_STATUS.get(snapshot.status.value),
        dead_air=state == "lookup" and snapshot.origin == "audio",
        listening=listening,
        telephony=telephony,
    )


def carry_since(previous: LiveState | None, new: LiveState) -> LiveState:
    """Idle and wrap-up have no time of their own in a snapshot: they began when the state did."""
    if previous is not None and previous.state == new.state and new.state in ("idle", "wrapup"):
        return replace(new, since=previous.since)
    return new


def _number(value: Any, name: str, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise LiveError(f"поле {name}: нужно число")
    if not low <= value <= high:
        raise LiveError(f"поле {name}: вне диапазона {low}…{high}")
    return float(value)


def _choice(body: dict, name: str, allowed: tuple, optional: bool = False) -> Any:
    value = body.get(name)
    if value is None and optional:
        return None
    if not isinstance(value, str) or value not in allowed:
        raise LiveError(f"поле {name}: одно из {', '.join(allowed)}")
    return value


def check_state(body: Any) -> dict:
    """The validated fields of a desk's message (unknown keys are dropped, never stored)."""
    if not isinstance(body, dict):
        raise LiveError("ожидается объект")
    limit = body.get("limit")
    dead_air = body.get("dead_air", False)
    if not isinstance(dead_air, bool):
        raise LiveError("поле dead_air: true или false")
    return {
        "state": _choice(body, "state", STATES),
        "elapsed": _number(body.get("elapsed"), "elapsed", 0.0, MAX_ELAPSED),
        "limit": None if limit is None else _number(limit, "limit", 1.0, 86400.0),
        "warning": _choice(body, "warning", WARNINGS, optional=True),
        "dead_air": dead_air,
        "listening": _choice(body, "listening", LISTENING),
        "telephony": _choice(body, "telephony", TELEPHONY),
        "heartbeat": _number(body.get("heartbeat", HEARTBEAT_S), "heartbeat", *HEARTBEAT_RANGE),
    }


def stale_after(heartbeat: float) -> float:
    """Seconds of silence after which a desk is shown «нет связи»: two heartbeats missed, plus slack."""
    return MISSED_HEARTBEATS * heartbeat + min(5.0, heartbeat / 2)


# --- what is urgent (the board's and the lead's app's order) ------------------------------------


def urgency(desk: dict, now: float) -> tuple:
    """Sort key, most urgent first: over the hold limit (longest over first), silence over 20 s,
    silence past 10 s, hold pre-warning, no link, hold, lookup, talking, wrap-up, idle.
    ``static/wall.js`` sorts the same way."""
    elapsed = max(0.0, now - desk["since"])
    state, warning = desk["state"], desk.get("warning")
    if not desk.get("online", True):
        rank = 4
    elif state == "hold" and warning == "over":
        rank = 0
    elif state == "lookup" and elapsed > DEAD_AIR_ALERT_S:
        rank = 1
    elif state == "lookup" and (warning == "silence" or desk.get("dead_air")):
        rank = 2
    elif state == "hold" and warning == "prewarning":
        rank = 3
    else:
        rank = {"hold": 5, "lookup": 6, "talking": 7, "wrapup": 8, "idle": 9}[state]
    return (rank, -elapsed, desk["login"])


def alerts(desk: dict, now: float) -> list[tuple[str, float]]:
    """The lead's alert episodes this desk is in now: ("hold_over" | "dead_air", the episode's start)."""
    if not desk.get("online", True):
        return []
    if desk["state"] == "hold" and desk.get("warning") == "over":
        return [("hold_over", round(desk["since"]))]
    if desk["state"] == "lookup" and now - desk["since"] > DEAD_AIR_ALERT_S:
        return [("dead_air", round(desk["since"]))]
    return []


def next_alert_at(desks: list[dict], now: float) -> float | None:
    """When the next silence crosses :data:`DEAD_AIR_ALERT_S` (server time), for a timer to wake."""
    moments = [d["since"] + DEAD_AIR_ALERT_S for d in desks if d.get("online", True) and d["state"] == "lookup"]
    ahead = [m for m in moments if m > now]
    return min(ahead) if ahead else None
