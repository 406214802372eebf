"""The team server's one connection to the PBX's Asterisk Manager Interface (asyncio, on the server's loop).

It logs in (the secret lives in this process alone, never in a log or a desk's file), asks
which actions this AMI user may send (``ListCommands``: what the desks' keys can do on this
PBX), asks for the calls under way (``Status``: calls that began, or ended, while the link was
down), then reads the stream for good. Every block goes to the :class:`Switchboard`; the call
events it finds go to ``on_events``. A dropped link is tried again from 0.5 s doubling up to
10 s; a refused login from 30 s doubling up to 10 minutes (a PBX may lock a user that keeps
failing).

:meth:`PbxLink.send` sends one action and waits for its answer; the caller (telephony.py) has
checked, in the same turn of the loop, that the channel it names is the operator's own.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
from typing import Callable

from ...telephony.ami_protocol import AmiReader, action
from .switchboard import CallEvent, Switchboard

log = logging.getLogger(__name__)

READ_SIZE = 65536
ACTION_TIMEOUT = 5.0
"""Seconds an action waits for the PBX's answer."""
LOGIN_TIMEOUT = 5.0
MAX_ACTIONS = 2000
"""Keys a ``ListCommands`` answer may have (every action of a full Asterisk is under 300)."""
MAX_WAITING = 256
"""Actions sent and not answered yet; past this the link is taken for broken."""


class Refused(Exception):
    """The PBX refused the login: ``str()`` is its message."""


class PbxLink:
    first_backoff = 0.5
    max_backoff = 10.0
    first_refused_backoff = 30.0
    max_refused_backoff = 600.0

    def __init__(self, host: str, port: int, user: str, secret: str, board: Switchboard,
                 on_events: Callable[[list[CallEvent]], None], on_change: Callable[[], None],
                 now: Callable[[], float]) -> None:  # fmt: skip
        self.host, self.port, self.user = host, port, user
        self._secret = secret
        self.board = board
        self._on_events = on_events
        self._on_change = on_change
        self._now = now
        self.connected = False
        self.actions: frozenset[str] = frozenset()
        """The AMI actions this user may send (``ListCommands``), known once logged in."""
        self.refused: str | None = None
        """The PBX's reason while it refuses the login."""
        self._ids = itertools.count(1)
        self._waiting: dict[str, asyncio.Future] = {}
        self._writer: asyncio.StreamWriter | None = None
        self._task: asyncio.Task | None = None
        self._present: set[str] | None = None
        """Channels a reconnect's ``Status`` has listed so far (None: not asking)."""

    def __repr__(self) -> str:  # never the secret
        return f"PbxLink({self.host}:{self.port}, user={self.user!r})"

    # --- life ---------------------------------------------------------------------------

    def start(self) -> None:
        self._task = asyncio.create_task(self._run())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            try:
                await self._task
            except asyncio.CancelledError:
                pass
            self._task = None

    async def _run(self) -> None:
        backoff, refused_backoff, last_error = self.first_backoff, self.first_refused_backoff, None
        while True:
            served, self.refused = False, None
            try:
                served = await self._serve()
                error = None
            except Refused as exc:
                self.refused = str(exc)
                error = f"login refused: {exc}"
            except (OSError, asyncio.IncompleteReadError, asyncio.TimeoutError, ValueError) as exc:
                error = f"{type(exc).__name__}: {exc}"
            except Exception as exc:  # noqa: BLE001 - a bug must not end the link for good
                log.exception("PBX %s:%s: the link failed", self.host, self.port)
                error = f"{type(exc).__name__}: {exc}"
            finally:
                self._down()
            if error is not None:  # once per kind of failure, not once per retry
                log.log(logging.DEBUG if error == last_error else logging.WARNING, "PBX %s:%s: %s",
                        self.host, self.port, error)  # fmt: skip
                last_error = error
            if served:
                backoff, refused_backoff, last_error = self.first_backoff, self.first_refused_backoff, None
            if self.refused is not None:
                wait = refused_backoff
                refused_backoff = min(refused_backoff * 2, self.max_refused_backoff)
            else:
                wait = backoff
                backoff = min(backoff * 2, self.max_backoff)
            await asyncio.sleep(wait)

    def _down(self) -> None:
        writer, self._writer = self._writer, None
        if writer is not None:
            writer.close()
        for future in self._waiting.values():
            if not future.done():
                future.set_exception(ConnectionError("the PBX link dropped"))
        self._waiting.clear()
        self._present = None
        if self.connected:
            self.connected = False
            self._on_change()

    async def _serve(self) -> bool:
        reader, writer = await asyncio.wait_for(asyncio.open_connection(self.host, self.port), LOGIN_TIMEOUT)
        self._writer = writer
        parser = AmiReader(max_keys=MAX_ACTIONS)
        writer.write(action("Login", "login", Username=self.user, Secret=self._secret, Events="call"))
        await writer.drain()
        after = await asyncio.wait_for(self._login(reader, parser), LOGIN_TIMEOUT)
        log.info("PBX %s:%s: logged in as %s", self.host, self.port, self.user)
        self.connected = True
        self._write(action("ListCommands", "commands"))
        self._present = set()  # every channel the PBX has now: what is not among them ended meanwhile
        self._write(action("Status", "status"))
        self._on_change()
        for block in after:
            self._block(block)
        while True:
            data = await reader.read(READ_SIZE)
            if not data:
                log.info("PBX %s:%s closed the connection", self.host, self.port)
                return True
            for block in parser.feed(data):
                self._block(block)

    async def _login(self, reader: asyncio.StreamReader, parser: AmiReader) -> list[dict[str, str]]:
        """Waits for the login's answer; returns the blocks that came right behind it (events: not lost)."""
        while True:
            data = await reader.read(READ_SIZE)
            if not data:
                raise ConnectionError("the PBX closed the connection before the login's answer")
            blocks = list(parser.feed(data))
            for at, block in enumerate(blocks):
                if block.get("ActionID") == "login" and "Response" in block:
                    if block["Response"] != "Success":
                        raise Refused((block.get("Message") or "refused")[:80])
                    return blocks[at + 1 :]

    def _block(self, block: dict[str, str]) -> None:
        action_id = block.get("ActionID")
        if action_id == "status" and self._present is not None:
            self._status(block)
            return
        if action_id == "commands" and "Response" in block:  # the actions this user may send
            if block["Response"] == "Success":
                self.actions = frozenset(key for key in block if key not in ("Response", "ActionID", "Message"))
                self._on_change()
            return
        if "Response" in block and action_id is not None:
            future = self._waiting.pop(action_id, None)
            if future is not None and not future.done():
                future.set_result(block)
            return
        if "Event" in block:
            events = self.board.feed(block, self._now())
            if events:
                self._on_events(events)

    def _status(self, block: dict[str, str]) -> None:
        """The answer to the (re)connect's ``Status``: calls under way, then the ones that are gone."""
        present = self._present
        assert present is not None
        event = block.get("Event")
        if block.get("Response") == "Error":  # this user may not ask: the calls stay as they were
            log.info("PBX: cannot list the calls under way: %s", block.get("Message", ""))
            self._present = None
        elif event == "Status":
            present.add(block.get("Channel", ""))
            events = self.board.seed(block, self._now())
            if events:
                self._on_events(events)
        elif event == "StatusComplete":
            self._present = None
            events = self.board.missing(present, self._now())
            if events:
                log.info("PBX: %d call(s) ended while the link was down", len([e for e in events if e.kind == "call_ended"]))
                self._on_events(events)

    # --- actions -----------------------------------------------------------------------

    def _write(self, data: bytes) -> None:
        if self._writer is None:
            raise ConnectionError("no link to the PBX")
        self._writer.write(data)

    def _ask(self, name: str, **fields: str) -> asyncio.Future:
        """Sends an action now (in the caller's turn of the loop) and returns the future of its answer."""
        if self._writer is None or not self.connected:
            raise ConnectionError("no link to the PBX")
        if len(self._waiting) >= MAX_WAITING:
            raise ConnectionError("the PBX answers none of our actions")
        action_id = f"oa{next(self._ids)}"
        future = asyncio.get_running_loop().create_future()
        self._waiting[action_id] = future
        self._write(action(name, action_id, **fields))
        return future

    async def send(self, name: str, **fields: str) -> dict[str, str]:
        """One action; its answer block. Raises ConnectionError (no link, dropped) or TimeoutError."""
        future = self._ask(name, **fields)
        try:
            return await asyncio.wait_for(future, ACTION_TIMEOUT)
        except asyncio.TimeoutError:  # not the built-in TimeoutError before Python 3.11
            raise TimeoutError(f"the PBX did not answer {name}") from None
