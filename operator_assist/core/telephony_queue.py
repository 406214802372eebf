"""Between a call source's thread and the GUI thread: a bounded queue that survives a flood (no Qt).

A source calls :meth:`EventQueue.put` from its own thread; the GUI thread is woken once (``put``
returns True only when nobody is draining yet) and takes the items in batches. Normal traffic
passes as it came: every event is applied, so the journal gets every hold. In a flood (more than
``coalesce_from`` items waiting) the latest state wins: a hold or a resume replaces the one of the
same call still waiting, and a link status replaces the one waiting; and the source's thread
pauses a moment after each item it hands over (``PAUSE_S``), so a flood cannot keep the GUI
thread from Python's interpreter lock. The queue never holds more than ``limit`` items: past
that, the oldest item nobody waits for is dropped (and counted).

An item may carry a :class:`Reply` (the inbox's sender waits for the verdict): such an item is
never coalesced or dropped; when the queue is full of them, ``put`` refuses it and the sender is
told so at once (the event was not accepted).
"""

from __future__ import annotations

import threading
import time
from collections import deque
from dataclasses import dataclass
from typing import Any

from .telephony import HOLD_ENDED, HOLD_STARTED, TelephonyEvent

LIMIT = 1000
COALESCE_FROM = 16
PAUSE_S = 0.001
"""A flooding source's thread sleeps this long after each item (at most 500 items a second)."""


@dataclass(frozen=True)
class Verdict:
    """What became of an event: applied (or harmless), or refused with the window's reason."""

    accepted: bool
    message: str


class Reply:
    """A sender waiting for the verdict on its event: the event is applied only if the consumer
    takes it (:meth:`take`) before ``deadline`` (wall time) and before the sender withdraws it.
    Either it is applied and the sender hears so, or it is not and the sender says so."""

    def __init__(self, deadline: float | None = None) -> None:
        self.deadline = deadline
        self._lock = threading.Lock()
        self._state = "waiting"
        self._done = threading.Event()
        self.verdict: Verdict | None = None

    def take(self) -> bool:
        """The consumer is about to apply the event: True if it still may (in time, not withdrawn)."""
        with self._lock:
            if self._state != "waiting":
                return False
            if self.deadline is not None and time.time() > self.deadline:
                self._state = "late"
                return False
            self._state = "taken"
            return True

    def withdraw(self) -> bool:
        """The sender gives up: True when the event will never be applied."""
        with self._lock:
            if self._state in ("waiting", "late"):
                self._state = "withdrawn"
                return True
            return self._state == "withdrawn"

    def give(self, verdict: Verdict) -> None:
        if not self._done.is_set():
            self.verdict = verdict
            self._done.set()

    def wait(self, timeout: float) -> Verdict | None:
        self._done.wait(max(0.0, timeout))
        return self.verdict


class _Entry:
    __slots__ = ("item", "reply", "key", "alive")

    def __init__(self, item: Any, reply: Reply | None, key: Any) -> None:
        self.item, self.reply, self.key, self.alive = item, reply, key, True


_STATUS = ("status",)


def _key(item: Any) -> Any:
    """What a newer item of a flood replaces: the same call's hold state, or the link status."""
    if isinstance(item, TelephonyEvent):
        if item.kind in (HOLD_STARTED, HOLD_ENDED):
            return ("hold", item.source, item.agent, item.call_id, item.by)
        return None
    return _STATUS


class EventQueue:
    def __init__(self, limit: int = LIMIT, coalesce_from: int = COALESCE_FROM) -> None:
        self.limit = limit
        self.coalesce_from = coalesce_from
        self._entries: deque[_Entry] = deque()
        self._waiting: dict[Any, _Entry] = {}
        """The entry still waiting for each coalescing key."""
        self._alive = 0
        self._lock = threading.Lock()
        self._draining = False
        self.coalesced = 0
        """Items replaced by a newer one of the same call (flood only)."""
        self.dropped = 0
        """Items dropped because the queue was full."""
        self.deepest = 0
        """The most items ever waiting at once."""
        self.paused = 0
        """Times a source's thread paused for the consumer (flood only)."""
        self._consumer: int | None = None
        """The consumer's thread (it never pauses for itself)."""

    def __len__(self) -> int:
        with self._lock:
            return self._alive

    def put(self, item: Any, reply: Reply | None = None) -> bool | None:
        """Queues ``item`` (any thread). True: the consumer must be woken; False: it is or will be
        draining; None: refused (the queue is full of items whose senders wait), nothing queued."""
        key = _key(item) if reply is None else None
        with self._lock:
            if key is not None:
                waiting = self._waiting.get(key)
                if waiting is not None and (key is _STATUS or self._alive >= self.coalesce_from):
                    waiting.alive = False  # the latest state wins
                    self._alive -= 1
                    if key is not _STATUS:
                        self.coalesced += 1
            if self._alive >= self.limit and not self._make_room():
                return None
            if len(self._entries) >= 2 * self.limit:  # replaced entries of a flood, not taken yet
                self._entries = deque(e for e in self._entries if e.alive)
            entry = _Entry(item, reply, key)
            self._entries.append(entry)
            if key is not None:
                self._waiting[key] = entry
            self._alive += 1
            self.deepest = max(self.deepest, self._alive)
            wake = not self._draining
            self._draining = True
            flooded = self._alive >= self.coalesce_from and threading.get_ident() != self._consumer
            if flooded:
                self.paused += 1
        if flooded:
            time.sleep(PAUSE_S)  # the interpreter lock is the GUI thread's meanwhile
        return wake

    def _make_room(self) -> bool:
        """Under the lock: drop the oldest item nobody waits for; False when there is none."""
        self._entries = deque(e for e in self._entries if e.alive)  # a flood leaves replaced entries behind
        for entry in self._entries:
            if entry.reply is None:
                entry.alive = False
                self._alive -= 1
                self.dropped += 1
                if entry.key is not None and self._waiting.get(entry.key) is entry:
                    del self._waiting[entry.key]
                return True
        return False

    def take(self, most: int) -> tuple[list[tuple[Any, Reply | None]], bool]:
        """Up to ``most`` items in order (GUI thread), and whether more are waiting. When none
        are, the next ``put`` wakes the consumer again."""
        taken: list[tuple[Any, Reply | None]] = []
        with self._lock:
            self._consumer = threading.get_ident()
            while self._entries and len(taken) < most:
                entry = self._entries.popleft()
                if not entry.alive:
                    continue
                self._alive -= 1
                if entry.key is not None and self._waiting.get(entry.key) is entry:
                    del self._waiting[entry.key]
                taken.append((entry.item, entry.reply))
            more = self._alive > 0
            if not more:
                self._entries.clear()
                self._draining = False
        return taken, more

    def clear(self, verdict: Verdict) -> None:
        """Everything waiting goes (the source stopped); a waiting sender gets ``verdict``."""
        with self._lock:
            entries, self._entries = self._entries, deque()
            self._waiting.clear()
            self._alive = 0
            self._draining = False
        for entry in entries:
            if entry.alive and entry.reply is not None:
                entry.reply.give(verdict)
