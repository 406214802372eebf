"""The live floor's HTTP side (issue 23): desks report, boards and the lead's app subscribe.

    PUT  /v1/live                     a desk's state (an operator's token), latest wins -> 204
    GET  /v1/teams/{name}/live        Server-Sent Events: the team's board (the lead's or a wall token)
    GET  /v1/stream                   Server-Sent Events: the operator's own channel (the standard's versions, issue 24; the PBX's calls, issue 25)
    GET  /wall/{name}                 the wallboard page (static; its token comes in the URL's #fragment)
    GET  /wall-static/{file}          its CSS and JS

The stream is plain SSE framing over a streaming response (``id:``, ``event:``, ``data:``, a
``: ping`` comment every :data:`PING_S` seconds). A browser cannot set headers on an
``EventSource``, so the page reads the stream with ``fetch`` and sends ``Authorization`` and
``Last-Event-ID`` itself; the token never appears in a request line or an access log.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from importlib import resources
from typing import TYPE_CHECKING, AsyncIterator, Awaitable, Callable

from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

from .. import live
from . import db
from .guard import AUTH_TTL, AuthCache
from .hub import Hub, Message, operator_topic, team_topic

if TYPE_CHECKING:
    from .standard import StandardRoutes

log = logging.getLogger(__name__)

PING_S = 15.0
"""A comment line this often keeps proxies from closing an idle stream and lets clients see a dead one."""
SWEEP_S = 0.25
"""How often desks silent for two heartbeats are looked for."""
TODAY_S = 60.0
"""How often the watched teams' «без удержания» today is read again (midnight, a late batch)."""
STATIC_FILES = {"wall.css": "text/css; charset=utf-8", "wall.js": "text/javascript; charset=utf-8"}
NO_STORE = {"Cache-Control": "no-store", "X-Accel-Buffering": "no"}


def _frame(message: Message) -> bytes:
    head = f"id: {message.id}\n" if message.id else ""
    return f"{head}event: {message.event}\ndata: {message.data}\n\n".encode()


def _static(name: str) -> bytes:
    return (resources.files(__package__) / "wall" / name).read_bytes()


class Floor:
    """The live routes and their background work, around one :class:`Hub`."""

    def __init__(self, hub: Hub, auth: AuthCache, connection: Callable, body: Callable, token: Callable,
                 guarded: Callable) -> None:  # fmt: skip
        self.hub = hub
        self.auth = auth
        self._connection = connection  # the pool's connection() context manager
        self._body = body
        self._token = token
        self._guarded = guarded
        self._tasks: list[asyncio.Task] = []
        self._page = _static("index.html")
        self.standard: StandardRoutes | None = None
        """The team's standard (standard.py): its current version goes into the operator's snapshot."""
        self.own_parts: list[Callable[[dict], dict]] = []
        """What else an operator's stream snapshot carries: each gets the token's owner, returns keys to add."""

    def routes(self) -> list[Route]:
        g = self._guarded
        return [
            Route("/v1/live", g(self.report), methods=["PUT"]),
            Route("/v1/teams/{name}/live", g(self.team_stream)),
            Route("/v1/stream", g(self.own_stream)),
            Route("/wall/{name}", self.page),
            Route("/wall-static/{file}", self.static),
        ]

    # --- desks --------------------------------------------------------------------------

    async def report(self, request: Request) -> Response:
        who = await self.auth.who(self._token(request))
        db.operator_only(who)
        body = await self._body(request, live.MAX_BODY_BYTES)
        try:
            state = live.check_state(body)
        except live.LiveError as exc:
            raise db.ServerError(422, f"Состояние отклонено: {exc}.") from exc
        self.hub.update_desk(who["team_id"], who["login"], state)
        return Response(status_code=204)

    # --- subscribers -----------------------------------------------------------------

    async def team_stream(self, request: Request) -> StreamingResponse:
        token = self._token(request)
        who = await self.auth.who(token)
        name = request.path_params["name"]
        if not who["wall"] and not who["is_lead"]:
            raise db.ServerError(403, "Табло команды доступно только по токену руководителя или табло.")
        if name != who["team"]:
            raise db.ServerError(403, f"Этот токен не даёт доступа к команде «{name}».")
        team_id = who["team_id"]
        if team_id not in self.hub.today:
            await self._read_today(team_id, who["tz"])

        def snapshot() -> tuple[str, dict]:
            return "snapshot", self.hub.snapshot(team_id, who["team"])

        scope = "wall" if who["wall"] else "lead"
        return self._stream(request, token, team_topic(team_id), {"scope": scope, "team": who["team"]}, snapshot)

    async def own_stream(self, request: Request) -> StreamingResponse:
        """The operator's own channel: the team's standard's new versions (issue 24) and the PBX's call
        events of the operator's extension (issue 25's telephony.py, which adds its part of the snapshot
        through :attr:`own_parts`)."""
        token = self._token(request)
        who = await self.auth.who(token)
        db.operator_only(who)
        standard = self.standard
        if standard is not None:
            await standard.known_for(who["team_id"])

        def snapshot() -> tuple[str, dict]:
            data = {"login": who["login"], "team": who["team"], "now": round(self.hub.now(), 3)}
            if standard is not None:
                data["standard"] = standard.known.get(who["team_id"])
            for part in self.own_parts:
                data.update(part(who))
            return "snapshot", data

        hello = {"scope": "operator", "login": who["login"], "team": who["team"]}
        return self._stream(request, token, operator_topic(who["operator_id"]), hello, snapshot)

    def _stream(self, request: Request, token: str, topic: str, hello: dict,
                snapshot: Callable[[], tuple[str, dict]]) -> StreamingResponse:  # fmt: skip
        hub = self.hub
        last_event_id = request.headers.get("last-event-id")

        async def frames() -> AsyncIterator[bytes]:
            subscriber, resumed = hub.subscribe(topic, last_event_id)  # here: a stream never started holds nothing

            def whole() -> bytes:  # everything queued so far is in it
                subscriber.queue.clear()
                subscriber.resync = False
                return _frame(hub.message(*snapshot(), numbered=True))

            try:
                yield b"retry: 1000\n\n"
                yield _frame(hub.message("hello", {**hello, "now": round(hub.now(), 3), "resumed": resumed},
                                         numbered=False))  # fmt: skip
                if not resumed:
                    yield whole()
                checked = hub.now()
                while True:
                    if subscriber.resync:
                        yield whole()
                    while subscriber.queue:
                        yield _frame(subscriber.queue.popleft())
                    subscriber.wake.clear()
                    try:
                        await asyncio.wait_for(subscriber.wake.wait(), PING_S)
                    except asyncio.TimeoutError:
                        yield b": ping\n\n"
                    if hub.now() - checked > AUTH_TTL:  # a revoked token's stream ends within the TTL
                        checked = hub.now()
                        try:
                            await self.auth.who(token)
                        except db.ServerError:
                            return
            finally:
                hub.unsubscribe(subscriber)

        return StreamingResponse(frames(), media_type="text/event-stream", headers=NO_STORE)

    # --- the page -------------------------------------------------------------------------

    async def page(self, request: Request) -> Response:
        return Response(self._page, media_type="text/html; charset=utf-8",
                        headers={"Cache-Control": "no-store", "Referrer-Policy": "no-referrer",
                                 "Content-Security-Policy": "default-src 'self'; style-src 'self'; script-src 'self'"})  # fmt: skip

    async def static(self, request: Request) -> Response:
        name = request.path_params["file"]
        if name not in STATIC_FILES:
            return Response(status_code=404)
        return Response(_static(name), media_type=STATIC_FILES[name], headers={"Cache-Control": "no-cache"})

    # --- background work ----------------------------------------------------------------------

    async def today_changed(self, team_id: int, tz: str) -> None:
        """After a batch of the team's events: its board's «без удержания» today, if anyone watches."""
        if self.hub.watched(team_topic(team_id)):
            await self._read_today(team_id, tz)
        else:
            self.hub.today.pop(team_id, None)  # read again when a board opens

    async def _read_today(self, team_id: int, tz: str) -> None:
        async with self._connection() as conn:
            self.hub.set_today(team_id, await db.today_share(conn, team_id, tz))

    def start(self, housekeeping: Callable[[], Awaitable[None]]) -> None:
        self._tasks = [asyncio.create_task(self._sweeper()), asyncio.create_task(self._every(TODAY_S, housekeeping))]

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _sweeper(self) -> None:
        while True:
            await asyncio.sleep(SWEEP_S)
            self.hub.sweep()

    async def _every(self, seconds: float, work: Callable[[], Awaitable[None]]) -> None:
        while True:
            try:
                await work()
            except Exception:  # noqa: BLE001 - a database hiccup must not end the loop
                log.warning("live floor housekeeping failed", exc_info=True)
            await asyncio.sleep(seconds)
