"""The PBX's whole event stream → each agent's own call events, and what each agent's call is now (no I/O).

One :class:`~operator_assist.telephony.ami_protocol.AmiMapper` per mapped extension (the desk's
own ``ami`` source reads its agent's call the same way). A block goes only to the mappers it may
concern: the extension its ``Channel`` or ``DestChannel`` names, and the extensions whose calls
its ``Linkedid`` is (the client's hold comes on the client's channel). The rest of the PBX —
extensions nobody mapped — costs a parse and a dict lookup.

What each extension's calls are *now* (:class:`CallNow`) is kept for a desk that (re)connects
(its stream's snapshot) and for the commands: the server sends an action only for a call that is
that extension's live call, on that extension's own channel.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from ...core.telephony import BY_PEER, CALL_ANSWERED, CALL_ENDED, CALL_RINGING, HOLD_ENDED, HOLD_STARTED
from ...telephony.ami_protocol import AmiMapper, extension_of

KIND_NAMES = {
    CALL_RINGING: "ringing",
    CALL_ANSWERED: "answered",
    HOLD_STARTED: "hold",
    HOLD_ENDED: "unhold",
    CALL_ENDED: "ended",
}
"""The desk's vocabulary → the ``kind`` of a ``call`` event on the operator's stream."""
MAX_CALLS = 8
"""Live calls kept per extension (a phone has one or two; a flood of ringing calls evicts the oldest)."""


@dataclass
class CallNow:
    call_id: str
    state: str
    """``ringing`` or ``talking``."""
    since: float
    hold: bool = False
    """The agent holds the client."""
    peer_hold: bool = False
    """The client holds the agent."""
    number: str = field(default="", repr=False)
    """The caller's number while it rings (memory only: shown on the agent's screen, never logged)."""

    def public(self) -> dict:
        shown = {"call_id": self.call_id, "state": self.state, "hold": self.hold, "peer_hold": self.peer_hold,
                 "since": round(self.since, 3)}  # fmt: skip
        if self.state == "ringing" and self.number:
            shown["number"] = self.number
        return shown


@dataclass(frozen=True)
class CallEvent:
    extension: str
    kind: str
    """The desk's vocabulary (core.telephony: ``call_ringing``…)."""
    call_id: str
    by: str
    number: str = field(default="", repr=False)


class Switchboard:
    def __init__(self) -> None:
        self.mappers: dict[str, AmiMapper] = {}
        self.calls: dict[str, dict[str, CallNow]] = {}
        """extension → its live calls by id, oldest first."""
        self._linked: dict[str, set[str]] = {}
        """A call (Linkedid) → the mapped extensions in it."""

    def set_extensions(self, extensions: Iterable[str]) -> None:
        """The extensions to follow now: new ones start empty, dropped ones are forgotten."""
        wanted = set(extensions)
        for extension in set(self.mappers) - wanted:
            del self.mappers[extension]
            self.calls.pop(extension, None)
        for extension in wanted - set(self.mappers):
            self.mappers[extension] = AmiMapper(extension)
            self.calls[extension] = {}
        self._linked = {}
        for extension, mapper in self.mappers.items():
            for call in mapper.channels.values():
                self._linked.setdefault(call, set()).add(extension)

    # --- the stream --------------------------------------------------------------------

    def feed(self, block: dict[str, str], now: float) -> list[CallEvent]:
        """One event block of the PBX → the call events of the extensions it concerns."""
        candidates = []
        for key in ("Channel", "DestChannel"):
            extension = extension_of(block.get(key, ""))
            if extension in self.mappers:
                candidates.append(extension)
        for key in ("Linkedid", "DestLinkedid"):
            candidates += self._linked.get(block.get(key, ""), ())
        events = []
        for extension in dict.fromkeys(candidates):  # each once, in order
            mapper = self.mappers[extension]
            found = mapper.map(block)
            self._index(extension, mapper)
            events += self._apply(extension, found, now)
        return events

    def seed(self, block: dict[str, str], now: float) -> list[CallEvent]:
        """A ``Status`` event after a (re)connect: a call under way that was not known."""
        extension = extension_of(block.get("Channel", ""))
        mapper = self.mappers.get(extension)
        if mapper is None:
            return []
        found = mapper.seed(block)
        self._index(extension, mapper)
        return self._apply(extension, found, now)

    def missing(self, present: set[str], now: float) -> list[CallEvent]:
        """After a reconnect's ``Status``: the agents' channels not in ``present`` ended while the link was down."""
        events = []
        for extension, mapper in self.mappers.items():
            for channel in [c for c in mapper.channels if c not in present]:
                events += self._apply(extension, mapper.lost(channel), now)
        return events

    def _index(self, extension: str, mapper: AmiMapper) -> None:
        for call in mapper.channels.values():
            self._linked.setdefault(call, set()).add(extension)

    def _apply(self, extension: str, found: list[tuple[str, str, str, str]], now: float) -> list[CallEvent]:
        calls = self.calls[extension]
        events = []
        for kind, call_id, by, number in found:
            events.append(CallEvent(extension, kind, call_id, by, number))
            if kind == CALL_ENDED:
                calls.pop(call_id, None)
                group = self._linked.get(call_id)
                if group is not None:
                    group.discard(extension)
                    if not group:
                        del self._linked[call_id]
                continue
            call = calls.get(call_id)
            if kind == CALL_RINGING:
                if call is None:
                    calls[call_id] = CallNow(call_id, "ringing", now, number=number)
                    while len(calls) > MAX_CALLS:
                        del calls[next(iter(calls))]
                continue
            if call is None:
                call = calls[call_id] = CallNow(call_id, "talking", now)
            if kind == CALL_ANSWERED:
                call.state, call.since, call.number = "talking", now, ""
            elif by == BY_PEER:
                call.peer_hold = kind == HOLD_STARTED
            else:
                call.hold = kind == HOLD_STARTED
        return events

    # --- what a desk and a command see ------------------------------------------------------

    def current(self, extension: str) -> CallNow | None:
        """The extension's call now: the latest answered one, else the latest ringing one."""
        calls = list(self.calls.get(extension, {}).values())
        talking = [c for c in calls if c.state == "talking"]
        latest = talking or calls
        return latest[-1] if latest else None

    def channel_for(self, extension: str, call_id: str) -> str | None:
        """The extension's own channel in its live call ``call_id``; None when that call is not
        the extension's (another agent's, an ended one, one never seen)."""
        mapper = self.mappers.get(extension)
        if mapper is None or call_id not in self.calls.get(extension, {}):
            return None
        channel = mapper.channel_of(call_id)
        return channel if channel is not None and mapper.is_agents(channel) else None
