"""The HTTP side: a Starlette app on an async psycopg pool.

    GET  /v1/health
    GET  /v1/installs/{install_id}          -> {"install_id", "last_seq", "login", "team", "lead"}  (binds the token)
    POST /v1/installs/{install_id}/events   {"events": [[seq, at, call_id, kind, data], ...]}
                                            -> {"stored", "last_seq"}
    GET  /v1/teams/{name}/stats?from=YYYY-MM-DD&to=YYYY-MM-DD   (a team lead's token)
         … ?period=today|week|month, or from/to left out: the team's own days (its time zone);
         ``to`` defaults to the team's today, ``from`` to 30 days before ``to``
    and the live floor's routes (floor.py), the team's standard's (standard.py); with ``ami``,
    ``POST /v1/commands`` (telephony.py).

Every request carries ``Authorization: Bearer <token>``. Refusals are JSON
``{"error": "<Russian text>"}`` with a 4xx status; a database that is down is 503. An address
that sends too many wrong tokens is refused with 429 for a while (guard.py).
"""

from __future__ import annotations

import contextlib
import json
import logging
import time
import uuid
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, AsyncIterator, Awaitable, Callable

import psycopg
from psycopg_pool import AsyncConnectionPool
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from .. import protocol
from . import db
from .floor import Floor
from .guard import AuthCache, WrongTokens
from .hub import Hub
from .standard import StandardRoutes

if TYPE_CHECKING:
    from .telephony import Telephony

log = logging.getLogger(__name__)


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


def _token(request: Request) -> str:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip() or len(token) > 200:
        raise db.ServerError(401, "Нужен токен: заголовок Authorization: Bearer <токен>.")
    return token.strip()


def _install_id(request: Request) -> str:
    try:
        return str(uuid.UUID(request.path_params["install_id"]))
    except ValueError as exc:
        raise db.ServerError(404, "Неизвестная установка.") from exc


async def _body(request: Request, limit: int = protocol.MAX_BODY_BYTES) -> object:
    length = request.headers.get("content-length")
    if length is not None:
        if not length.isdigit():
            raise db.ServerError(400, "Неверный Content-Length.")
        if int(length) > limit:
            raise db.ServerError(413, "Пакет слишком большой.")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise db.ServerError(413, "Пакет слишком большой.")
        chunks.append(chunk)
    try:
        return json.loads(b"".join(chunks))
    except (ValueError, UnicodeDecodeError) as exc:
        raise db.ServerError(400, "Тело запроса — не JSON.") from exc
    except RecursionError as exc:  # [[[[…]]]] thousands deep: the parser's own limit, not a server fault
        raise db.ServerError(400, "Тело запроса — JSON слишком большой вложенности.") from exc


def _parse_day(text: str | None, name: str) -> date:
    try:
        return date.fromisoformat(text or "")
    except ValueError as exc:
        raise db.ServerError(400, f"Параметр {name}: нужна дата ГГГГ-ММ-ДД.") from exc


def _address(request: Request) -> str:
    return request.client.host if request.client else "?"


PERIODS = ("today", "week", "month")
DEFAULT_DAYS = 30


def _period(params, today: date) -> tuple[date, date]:
    """The days asked for; what the request leaves out is counted from ``today``, the team's."""
    period = params.get("period")
    if period is not None:
        if period not in PERIODS:
            raise db.ServerError(400, "Параметр period: today, week или month.")
        if period == "today":
            return today, today
        if period == "week":  # Monday to Sunday, the week as counted in Russia
            monday = today - timedelta(days=today.weekday())
            return monday, monday + timedelta(days=6)
        first = today.replace(day=1)
        return first, (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    end = _parse_day(params.get("to"), "to") if params.get("to") else today
    start = _parse_day(params.get("from"), "from") if params.get("from") else end - timedelta(days=DEFAULT_DAYS - 1)
    return start, end


def create_app(conninfo: str, *, pool_size: int = 4, now=time.time, ami: tuple[str, int, str, str] | None = None,
               extensions_file: Path | None = None) -> Starlette:  # fmt: skip
    """``ami``: (host, port, user, secret) of the PBX's AMI, which the server then follows for the
    operators' desks (telephony.py); ``extensions_file``: the login → extension map over the database's."""
    server = _Server(conninfo, pool_size, now, ami, extensions_file)
    app = Starlette(routes=server.routes(), lifespan=server.lifespan)
    app.state.hub = server.hub
    return app


def _pool(conninfo: str, size: int) -> AsyncConnectionPool:
    return AsyncConnectionPool(
        conninfo,
        min_size=1,
        max_size=size,
        kwargs={"autocommit": True},
        configure=_configure,
        check=AsyncConnectionPool.check_connection,  # a restarted PostgreSQL leaves dead connections
        open=False,
        timeout=10.0,
    )


async def _configure(conn: psycopg.AsyncConnection) -> None:
    await conn.execute(db.STAGING)


Endpoint = Callable[[Request], Awaitable[Response]]


class _Server:
    """One app's parts around its pool: the guard every route goes through, the routes at the top
    of this module, the minute's housekeeping, and the start and stop of the live floor, the standard
    and the PBX side."""

    def __init__(self, conninfo: str, pool_size: int, now: Callable[[], float], ami: tuple[str, int, str, str] | None,
                 extensions_file: Path | None) -> None:  # fmt: skip
        self.pool = _pool(conninfo, pool_size)
        self.wrong = WrongTokens(now)
        self.hub = Hub(now)
        auth = AuthCache(self._lookup, now)
        self.floor = Floor(self.hub, auth, self.pool.connection, _body, _token, self.guarded)
        self.standard = self.floor.standard = StandardRoutes(conninfo, self.hub, self.pool.connection, self.floor.auth, _body,
                                                             _token, self.guarded)  # fmt: skip
        self.telephony: Telephony | None = None
        if ami is not None:
            from .telephony import Telephony

            self.telephony = Telephony(self.hub, auth, _body, _token, ami, extensions_file)
            self.floor.own_parts.append(self.telephony.snapshot_part)

    def routes(self) -> list[Route]:
        g = self.guarded
        return [
            Route(f"{protocol.API}/health", g(self.health)),
            Route(f"{protocol.API}/installs/{{install_id}}", g(self.install)),
            Route(f"{protocol.API}/installs/{{install_id}}/events", g(self.events), methods=["POST"]),
            Route(f"{protocol.API}/teams/{{name}}/stats", g(self.team_stats)),
            *self.floor.routes(),
            *self.standard.routes(),
            *(self.telephony.routes(g) if self.telephony is not None else ()),
        ]

    def guarded(self, fn: Endpoint) -> Endpoint:
        """``fn`` behind the wrong-token guard (429), its refusals and a database that is down as JSON errors."""

        async def endpoint(request: Request) -> Response:
            address = _address(request)
            wait = self.wrong.blocked_for(address)
            if wait:
                return JSONResponse({"error": f"Слишком много неверных токенов с этого адреса; повторите через {int(wait) + 1} с."},
                                    status_code=429, headers={"Retry-After": str(int(wait) + 1)})  # fmt: skip
            try:
                return await fn(request)
            except db.ServerError as exc:
                if exc.status == 401:
                    self.wrong.failed(address)
                return _error(exc.status, str(exc))
            except (psycopg.OperationalError, TimeoutError) as exc:
                log.warning("database unavailable: %s", exc)
                return _error(503, "База данных сервера недоступна; повторите позже.")

        return endpoint

    async def _lookup(self, token: str) -> dict:
        async with self.pool.connection() as conn:
            return await db.authenticate(conn, token)

    # --- the routes ---------------------------------------------------------------------------

    async def health(self, request: Request) -> JSONResponse:
        return JSONResponse({"ok": True})

    async def install(self, request: Request) -> JSONResponse:
        token, install_id = _token(request), _install_id(request)
        async with self.pool.connection() as conn:
            who = await db.authenticate(conn, token)
            db.operator_only(who)
            last_seq = await db.bind_install(conn, who, token, install_id)
        return JSONResponse({"install_id": install_id, "last_seq": last_seq, "login": who["login"], "team": who["team"],
                             "lead": bool(who["is_lead"])})  # fmt: skip

    async def events(self, request: Request) -> JSONResponse:
        token, install_id = _token(request), _install_id(request)
        async with self.pool.connection() as conn:
            who = await db.authenticate(conn, token)  # before reading the body: strangers get 401 cheaply
        db.operator_only(who)
        body = await _body(request)
        try:
            rows = protocol.check_batch(body)
        except protocol.BatchError as exc:
            raise db.ServerError(422, f"Пакет отклонён: {exc}.") from exc
        async with self.pool.connection() as conn:
            await db.bind_install(conn, who, token, install_id)
            stored, last_seq = await db.ingest(conn, who, install_id, rows)
        if stored:
            await self.floor.today_changed(who["team_id"], who["tz"])
        return JSONResponse({"stored": stored, "last_seq": last_seq})

    async def team_stats(self, request: Request) -> JSONResponse:
        token = _token(request)
        _period(request.query_params, date.today())  # a malformed request is refused before any query
        async with self.pool.connection() as conn:
            who = await db.authenticate(conn, token)
            db.operator_only(who)
            start, end = _period(request.query_params, db.team_today(who["tz"]))
            if start > end or (end - start).days > 366:
                raise db.ServerError(400, "Неверный период (не больше года).")
            result = await db.team_stats(conn, who, request.path_params["name"], start, end)
            if request.query_params.get("by") == "version":  # issue 24: the figures per version of the standard
                result.update(await db.team_versions(conn, who, start, end))
        return JSONResponse(result)

    # --- start, stop and the minute's work ----------------------------------------------------

    @contextlib.asynccontextmanager
    async def lifespan(self, app: Starlette) -> AsyncIterator[None]:
        await self.pool.open(wait=True, timeout=30.0)
        telephony = self.telephony
        if telephony is not None:
            async with self.pool.connection() as conn:
                await telephony.reload(conn)
            telephony.link.start()
        self.floor.start(self.housekeeping)
        self.standard.start()
        try:
            yield
        finally:
            await self.standard.stop()
            await self.floor.stop()
            if telephony is not None:
                await telephony.link.stop()
            await self.pool.close()

    async def housekeeping(self) -> None:
        """Every minute: next months' event partitions, the watched boards' «без удержания» today."""
        async with self.pool.connection() as conn:
            await db.ensure_partitions(conn, datetime.now(timezone.utc).date())
            for team_id, tz in await db.team_zones(conn, list(self.hub.today)):
                await self.floor.today_changed(team_id, tz)
            if self.telephony is not None:  # an extension given since (add-operator --extension, the mapping file)
                await self.telephony.reload(conn)
