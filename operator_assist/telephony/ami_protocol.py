"""The Asterisk Manager Interface's protocol, shared by the desk's ``ami`` source and the team server's
PBX link (no I/O here): bytes → blocks (:class:`AmiReader`), one agent's blocks → call events
(:class:`AmiMapper`), and actions → bytes (:func:`action`).

What real Asterisk 22 sends (see the recorded stream in the shared reference):
- ``Hold``/``Unhold`` come on the channel that pressed hold: the agent's own
  channel (``PJSIP/2001-0000000a``) means the agent held the client; another
  channel of the same call (same ``Linkedid``) means the client held the agent.
  ``DeviceStateChange … ONHOLD`` is about the *held* device: not used.
- After bridging, ``Exten`` is empty on the agent's channel: the agent's
  channels are known by name (``TECH/<agent>-<hex>``) and the call by ``Linkedid``.
- Answered: ``DialEnd`` with ``DialStatus: ANSWER`` towards the agent, or the
  agent's channel entering a bridge (calls the agent placed). Ended: ``Hangup``
  of the agent's channel.
"""

from __future__ import annotations

import logging
import re
from typing import Iterator

from ..core.telephony import (
    BY_AGENT,
    BY_PEER,
    CALL_ANSWERED,
    CALL_ENDED,
    CALL_RINGING,
    HOLD_ENDED,
    HOLD_STARTED,
    clean_number,
)

log = logging.getLogger(__name__)

MAX_KEYS = 200
MAX_BLOCK = 256 * 1024
"""Bytes without a blank line after which what is buffered is garbage (a real block is a few KB)."""
MAX_TRACKED = 64
"""Channels and calls the mapper keeps for one agent (a phone has a handful): a flood of new ones
evicts the oldest instead of growing without bound."""
_BLANK = re.compile(rb"\r?\n\r?\n")
_LINE = re.compile(r"^([A-Za-z0-9_()./-]{1,64}): ?([^\r\n]*?)\r?$", re.M)
"""A line of a block: ``Key: value``."""
_BLOCK_START = re.compile(rb"(?:^|\n)(?:Event|Response): ", re.M)
_CHANNEL = re.compile(r"^[A-Za-z0-9_]+/(.+)-[0-9A-Fa-f]+$")
"""An endpoint's channel, ``TECH/<endpoint>-<hex>``: the endpoint is the agent's extension."""
UP, RINGING = "6", "5"
"""``ChannelState`` of a channel that is answered, and of a phone that rings."""


def extension_of(channel: str) -> str:
    """``PJSIP/2001-0000000a`` → ``2001``; "" for a channel that is no endpoint's (``Local/…;1``…)."""
    found = _CHANNEL.match(channel or "")
    return found.group(1) if found else ""


def action(name: str, action_id: str, **fields: str) -> bytes:
    """An action's bytes. A value with a line break would smuggle in another line: refused."""
    lines = [f"Action: {name}", f"ActionID: {action_id}"]
    for key, value in fields.items():
        if "\r" in value or "\n" in value:
            raise ValueError(f"AMI {name}: a line break in {key}")
        lines.append(f"{key}: {value}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("utf-8")


class AmiReader:
    """Bytes from the socket → AMI blocks (dicts). A block ends at a blank line.

    Garbage never costs the next real event: a block with a line that is not ``Key: value``
    resynchronises on its last ``Event:``/``Response:`` line (a real block starts with one), or
    is dropped whole; bytes that go on past ``MAX_BLOCK`` without a blank line are cut back to
    the last such line. ``wanted(raw)``, if given, is asked first with the raw bytes of each
    block: a block it does not want is skipped without being parsed (other channels' events).
    """

    def __init__(self, wanted=None, max_keys: int = MAX_KEYS) -> None:
        self._buffer = b""
        self._wanted = wanted
        self.max_keys = max_keys
        self.banner: str | None = None
        self.garbage = 0
        """Blocks (or runs of bytes) dropped as garbage."""
        self.skipped = 0
        """Blocks not wanted (not parsed)."""

    def feed(self, data: bytes) -> Iterator[dict[str, str]]:
        buffer = self._buffer + data if self._buffer else data
        at = 0
        for end in _BLANK.finditer(buffer):
            raw = buffer[at : end.start()]
            at = end.end()
            if not raw.strip():
                continue
            if self.banner is None and raw.startswith(b"Asterisk Call Manager"):
                line, _, raw = raw.partition(b"\n")
                self.banner = line.rstrip(b"\r").decode("utf-8", "replace")
            if self._wanted is not None and not self._wanted(raw):
                self.skipped += 1
                continue
            block = self._parse(raw)
            if block:
                yield block
        rest = buffer[at:]
        if len(rest) > MAX_BLOCK:  # no blank line for too long: garbage, but a real block may have begun
            starts = [m.start() for m in _BLOCK_START.finditer(rest)]
            keep = rest[starts[-1]:].lstrip(b"\n") if starts else b""
            self.garbage += 1
            log.debug("AMI: %d bytes without a blank line dropped", len(rest) - len(keep))
            rest = keep if len(keep) <= MAX_BLOCK else b""
        self._buffer = rest

    def _parse(self, raw: bytes) -> dict[str, str]:
        text = raw.decode("utf-8", "replace")
        pairs = _LINE.findall(text)
        lines = text.count("\n") + 1
        if len(pairs) == lines <= self.max_keys and "\nEvent: " not in text and "\nResponse: " not in text:
            return dict(pairs)
        # Garbage in the block (or two starts, the first without its end): resynchronise on its
        # last start line, as if a blank line had come before it.
        self.garbage += 1
        start = max(text.rfind("\nEvent: "), text.rfind("\nResponse: "))
        if start >= 0:
            log.debug("AMI: garbage before a block skipped")
            return self._parse(text[start + 1 :].encode("utf-8"))
        log.debug("AMI: a block with garbage dropped")
        return {}


class _Recent(dict):
    """A dict that forgets its oldest entries beyond ``MAX_TRACKED``."""

    def remember(self, key: str, value: str = "") -> None:
        if key in self:
            return
        self[key] = value
        while len(self) > MAX_TRACKED:
            del self[next(iter(self))]


class AmiMapper:
    """AMI event blocks → (kind, call_id, by, number) for one agent's extension. Pure, no I/O.
    ``number`` is the caller's, with a ringing call only (for the screen)."""

    def __init__(self, agent: str) -> None:
        self.agent = agent
        self._own = re.compile(r"^[A-Za-z0-9_]+/" + re.escape(agent) + r"-[0-9A-Fa-f]+$") if agent else None
        self._needle = f"/{agent}-".encode() if agent else None
        self.channels = _Recent()
        """The agent's live channels → their call (Linkedid)."""
        self.answered = _Recent()
        self.ringing = _Recent()

    def is_agents(self, channel: str) -> bool:
        return bool(self._own and self._own.match(channel or ""))

    def wanted(self, raw: bytes) -> bool:
        """Whether a raw block may concern the agent (its channel, a call of it, an answer to us)."""
        if self._needle is not None and self._needle in raw:
            return True
        if b"ActionID:" in raw or b"Response:" in raw:
            return True
        return any(call.encode() in raw for call in set(self.channels.values()))

    def map(self, block: dict[str, str]) -> list[tuple[str, str, str, str]]:
        event = block.get("Event")
        if not event:
            return []
        channel = block.get("Channel", "")
        linked = block.get("Linkedid", "")
        if self.is_agents(channel) and linked:
            self.channels.remember(channel, linked)
        if event in ("DialBegin", "DialState", "DialEnd"):
            dest = block.get("DestChannel", "")
            if not self.is_agents(dest):
                return []
            call = block.get("DestLinkedid") or linked
            self.channels.remember(dest, call)
            status = block.get("DialStatus", "")
            if event == "DialEnd" and status == "ANSWER":
                return self._answered(call)
            if (event == "DialBegin" or status == "RINGING") and call not in self.ringing and call not in self.answered:
                self.ringing.remember(call)
                return [(CALL_RINGING, call, BY_AGENT, clean_number(block.get("CallerIDNum", "")))]
            return []
        if event == "BridgeEnter" and self.is_agents(channel):
            return self._answered(linked)
        if event in ("Hold", "Unhold"):
            kind = HOLD_STARTED if event == "Hold" else HOLD_ENDED
            if self.is_agents(channel):
                return [(kind, linked, BY_AGENT, "")]
            if linked and linked in self.channels.values():
                return [(kind, linked, BY_PEER, "")]
            return []
        if event == "Hangup" and self.is_agents(channel):
            return self.lost(channel, linked)
        return []

    def channel_of(self, call: str) -> str | None:
        """The agent's own channel in ``call`` (the latest), or None: the only channel an action may name."""
        found = [channel for channel, linked in self.channels.items() if linked == call and self.is_agents(channel)]
        return found[-1] if found else None

    def seed(self, block: dict[str, str]) -> list[tuple[str, str, str, str]]:
        """A ``Status`` event (after a (re)connect): the agent's call under way that was not known yet."""
        channel, linked = block.get("Channel", ""), block.get("Linkedid", "")
        if not self.is_agents(channel) or not linked or channel in self.channels:
            return []
        self.channels.remember(channel, linked)
        state = block.get("ChannelState")
        if state == UP:
            return self._answered(linked)
        if state == RINGING and linked not in self.ringing:
            self.ringing.remember(linked)
            return [(CALL_RINGING, linked, BY_AGENT, clean_number(block.get("ConnectedLineNum", "")))]
        return []

    def lost(self, channel: str, linked: str = "") -> list[tuple[str, str, str, str]]:
        """The agent's channel is gone (hung up, or missing after a reconnect)."""
        call = self.channels.pop(channel, linked)
        if not call or call in self.channels.values():  # another of the agent's channels is still in this call
            return []
        self.answered.pop(call, None)
        self.ringing.pop(call, None)
        return [(CALL_ENDED, call, BY_AGENT, "")]

    def _answered(self, call: str) -> list[tuple[str, str, str, str]]:
        if not call or call in self.answered:
            return []
        self.answered.remember(call)
        return [(CALL_ANSWERED, call, BY_AGENT, "")]
