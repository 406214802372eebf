"""The server → subscriber channel: topics, numbered messages, resume, and the live floor's state.

One :class:`Hub` per server process, used from the event loop only (no locks). A message is
published to a topic (``team:<id>`` for a team's board, ``operator:<id>`` for one operator's own
desk) and gets the id ``<epoch>-<n>``: ``epoch`` is random per process, ``n`` counts up. Each
topic keeps its last :data:`RESUME_WINDOW` messages, so a subscriber that reconnects with
``Last-Event-ID`` gets exactly what it missed; one that comes back after a restart of the server,
or too late, gets a fresh ``snapshot`` instead. A subscriber too slow to take its messages is
not allowed to hold memory: its queue is dropped and it gets a ``snapshot`` when it catches up
(the floor is latest-wins, nothing a board shows is lost that way).

The design for the next users of the channel (issue 24's «standard changed», issue 25's call
events) is in docs/development.md, «The live channel».
"""

from __future__ import annotations

import asyncio
import json
import secrets
from collections import deque
from dataclasses import dataclass, field
from typing import Callable

from .. import live

RESUME_WINDOW = 4096
"""Messages kept per topic for resuming subscribers."""
OPERATOR_WINDOW = 256
"""The same for one operator's own topic (one per operator: 300 of them must not keep 4096 each; 256 is
dozens of calls, far more than a desk misses in a reconnect; later, the snapshot has the call now)."""
QUEUE_LIMIT = 2048
"""Messages waiting for one subscriber before it is resynchronised with a snapshot."""
SINCE_SLACK = 1.0
"""A heartbeat's ``since`` within this many seconds of the known one is the same state."""


@dataclass(frozen=True)
class Message:
    id: str
    n: int
    event: str
    data: str
    """JSON text, encoded once for every subscriber."""


@dataclass(eq=False)
class Subscriber:
    topic: str
    queue: deque = field(default_factory=deque)
    wake: asyncio.Event = field(default_factory=asyncio.Event)
    resync: bool = False
    """Its queue overflowed (or it could not resume): the next thing it gets is a snapshot."""

    def put(self, message: Message) -> None:
        if self.resync:
            return
        if len(self.queue) >= QUEUE_LIMIT:
            self.queue.clear()
            self.resync = True
        else:
            self.queue.append(message)
        self.wake.set()


def team_topic(team_id: int) -> str:
    return f"team:{team_id}"


def operator_topic(operator_id: int) -> str:
    return f"operator:{operator_id}"


class Hub:
    def __init__(self, now: Callable[[], float]) -> None:
        self.now = now
        self.epoch = secrets.token_hex(4)
        self._n = 0
        self._logs: dict[str, deque[Message]] = {}
        self._subscribers: dict[str, set[Subscriber]] = {}
        self.desks: dict[int, dict[str, dict]] = {}
        """team_id → login → the desk's record (:data:`live.DESK_KEYS` plus ``seen`` and ``heartbeat``)."""
        self.today: dict[int, dict] = {}
        self.published = 0

    # --- topics ---------------------------------------------------------------------

    def publish(self, topic: str, event: str, data: dict) -> Message:
        self._n += 1
        message = Message(f"{self.epoch}-{self._n}", self._n, event, json.dumps(data, ensure_ascii=False, separators=(",", ":")))
        log = self._logs.get(topic)
        if log is None:
            log = self._logs[topic] = deque(maxlen=OPERATOR_WINDOW if topic.startswith("operator:") else RESUME_WINDOW)
        log.append(message)
        for subscriber in self._subscribers.get(topic, ()):
            subscriber.put(message)
        self.published += 1
        return message

    def message(self, event: str, data: dict, numbered: bool) -> Message:
        """A message for one subscriber only (hello, snapshot). ``numbered``: it carries the last id,
        for a snapshot (it holds everything published so far); a hello carries none (``id`` empty)."""
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        return Message(self.last_id() if numbered else "", self._n, event, text)

    def subscribe(self, topic: str, last_event_id: str | None) -> tuple[Subscriber, bool]:
        """A new subscriber, with what it missed queued; True when it was resumed (no snapshot needed)."""
        subscriber = Subscriber(topic)
        resumed = False
        epoch, _, number = (last_event_id or "").partition("-")
        if epoch == self.epoch and number.isdigit():
            after = int(number)
            log = self._logs.get(topic, deque())
            # Resumable when nothing after `after` has been pushed out of the window.
            if after <= self._n and (not log or log[0].n <= after + 1 or len(log) < (log.maxlen or RESUME_WINDOW)):
                for message in log:
                    if message.n > after:
                        subscriber.queue.append(message)
                resumed = True
        self._subscribers.setdefault(topic, set()).add(subscriber)
        return subscriber, resumed

    def unsubscribe(self, subscriber: Subscriber) -> None:
        group = self._subscribers.get(subscriber.topic)
        if group is not None:
            group.discard(subscriber)
            if not group:
                del self._subscribers[subscriber.topic]

    def watched(self, topic: str) -> bool:
        return bool(self._subscribers.get(topic))

    def subscriber_count(self) -> int:
        return sum(len(group) for group in self._subscribers.values())

    def last_id(self) -> str:
        return f"{self.epoch}-{self._n}"

    # --- the live floor ---------------------------------------------------------------

    def update_desk(self, team_id: int, login: str, state: dict) -> bool:
        """A desk's message (validated by :func:`live.check_state`); True if the board was told."""
        now = self.now()
        since = now - state["elapsed"]
        team = self.desks.setdefault(team_id, {})
        old = team.get(login)
        desk = {
            "login": login,
            "state": state["state"],
            "since": since,
            "limit": state["limit"],
            "warning": state["warning"],
            "dead_air": state["dead_air"],
            "listening": state["listening"],
            "telephony": state["telephony"],
            "online": True,
        }
        changed = old is None or any(old[key] != desk[key] for key in live.DESK_KEYS if key != "since")
        if old is not None and not changed and abs(old["since"] - since) <= SINCE_SLACK:
            desk["since"] = old["since"]  # a heartbeat: the same state, the same start
        else:
            changed = True
        desk["seen"] = now
        desk["heartbeat"] = state["heartbeat"]
        team[login] = desk
        if changed:
            self.publish(team_topic(team_id), "desk", self.public(desk, now))
        return changed

    @staticmethod
    def public(desk: dict, now: float) -> dict:
        shown = {key: desk[key] for key in live.DESK_KEYS}
        shown["since"] = round(desk["since"], 3)
        shown["now"] = round(now, 3)
        return shown

    def sweep(self) -> int:
        """Marks desks silent for two heartbeats «нет связи» (told to their boards), and forgets those
        silent for :data:`live.FORGET_AFTER_S` (an app closed for the day); returns how many changed."""
        now = self.now()
        count = 0
        for team_id, team in self.desks.items():
            for login, desk in list(team.items()):
                silent = now - desk["seen"]
                if desk["online"] and silent > live.stale_after(desk["heartbeat"]):
                    desk["online"] = False
                    count += 1
                    self.publish(team_topic(team_id), "desk", self.public(desk, now))
                elif silent > live.FORGET_AFTER_S:
                    del team[login]
                    count += 1
                    self.publish(team_topic(team_id), "gone", {"login": login, "now": round(now, 3)})
        return count

    def set_today(self, team_id: int, today: dict) -> None:
        if self.today.get(team_id) != today:
            self.today[team_id] = today
            self.publish(team_topic(team_id), "today", today)

    def snapshot(self, team_id: int, team: str) -> dict:
        now = self.now()
        desks = [self.public(d, now) for d in self.desks.get(team_id, {}).values()]
        desks.sort(key=lambda d: live.urgency(d, now))
        return {"team": team, "now": round(now, 3), "desks": desks, "today": self.today.get(team_id)}
