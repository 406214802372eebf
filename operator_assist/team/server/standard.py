"""The team's standard on the server (issue 24): publishing, history, rollback, and the desks' download.

    GET  /v1/standard                          the operator's team's standard (``If-None-Match``: 304 when unchanged);
                                               ``{"team", "version": null}`` when none is published
    PUT  /v1/teams/{name}/standard             a lead publishes ``{"files": {name: text}}`` -> 201 ``{"version", "etag"}``,
                                               or 422 ``{"error", "problems": ["file:line: …", …]}`` (nothing kept)
    GET  /v1/teams/{name}/standard/history     a lead: every version, who published it and when
    POST /v1/teams/{name}/standard/rollback    a lead: ``{"version": N}`` publishes N's files again as a new version

``operator-assist-server publish|history|rollback`` do the same from the server's command line
(cli.py). Every bundle is checked by the app's own validators (core/standard.py) before anything
is kept, and a version is one row, written in one transaction: nothing is ever half-published.
A publish notifies ``standard`` (PostgreSQL ``NOTIFY``, whichever process published it); each
server process listens and tells the team's open streams (``standard`` events, docs/development.md
«The live channel»), so the desks fetch it at once rather than at their next 60-second poll.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import logging
from typing import Any, Callable

import psycopg
from psycopg.types.json import Jsonb
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from ...core.standard import FORMAT, check_files
from . import db
from .hub import Hub, operator_topic, team_topic

log = logging.getLogger(__name__)

CHANNEL = "standard"
LISTEN_RETRY_S = (1.0, 30.0)
MAX_PROBLEMS = 50


class Refused(db.ServerError):
    """A bundle with errors: 422 with its problems, file:line each."""

    def __init__(self, problems: list[str]) -> None:
        count = len(problems)
        super().__init__(422, f"Стандарт не опубликован: ошибок — {count}; опубликованная версия не изменилась.")
        self.problems = problems


def checked(files: Any) -> tuple[dict[str, str], int, list[str]]:
    """A bundle's files as texts, their size, and the warnings; raises :class:`Refused` on any error."""
    if not isinstance(files, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in files.items()):
        raise db.ServerError(400, "Нужен объект files: {имя файла: текст}.")
    encoded = {name: text.encode("utf-8") for name, text in files.items()}
    problems = check_files(encoded)
    errors = [str(p) for p in problems if p.is_error]
    if errors:
        raise Refused(errors[:MAX_PROBLEMS])
    return files, sum(map(len, encoded.values())), [str(p) for p in problems if not p.is_error][:MAX_PROBLEMS]


def etag_of(version: int, files: dict[str, str]) -> str:
    text = json.dumps(files, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return f'"{version}-{hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]}"'


_LOCK_TEAM = "SELECT team_id FROM teams WHERE team_id = %s FOR UPDATE"
_NEXT = "SELECT coalesce(max(version), 0) + 1 FROM standards WHERE team_id = %s"
_INSERT = """
INSERT INTO standards (team_id, version, published_by, rollback_of, format, etag, size, files)
VALUES (%s, %s, %s, %s, %s, %s, %s, %s) RETURNING extract(epoch FROM published)
"""
_NOTIFY = "SELECT pg_notify('standard', %s)"
_CURRENT = """
SELECT version, etag, extract(epoch FROM published), published_by, rollback_of, format FROM standards
WHERE team_id = %s ORDER BY version DESC LIMIT 1
"""
_FILES = "SELECT files FROM standards WHERE team_id = %s AND version = %s"
_HISTORY = """
SELECT version, extract(epoch FROM published), published_by, rollback_of, size,
       (SELECT count(*) FROM jsonb_object_keys(files))::int
FROM standards WHERE team_id = %s ORDER BY version
"""
_TEAM = "SELECT team_id, tz FROM teams WHERE name = %s"


def _brief(row) -> dict | None:
    if row is None:
        return None
    version, etag, published, by, rollback_of, fmt = row
    return {"version": version, "etag": etag, "published": float(published), "published_by": by,
            "rollback_of": rollback_of, "format": fmt}  # fmt: skip


def _history(rows) -> list[dict]:
    return [{"version": v, "published": float(p), "published_by": by, "rollback_of": back, "size": size, "files": count}
            for v, p, by, back, size, count in rows]  # fmt: skip


# --- the server's command line (psycopg, synchronous) ------------------------------------------


def _team_id(conn: psycopg.Connection, team: str) -> int:
    row = conn.execute(_TEAM, (team,)).fetchone()
    if row is None:
        names = [r[0] for r in conn.execute("SELECT name FROM teams ORDER BY name")]
        known = ", ".join(f"«{n}»" for n in names) if names else "ни одной: сначала add-operator … --team"
        raise db.ServerError(404, f"команды «{team}» нет (есть: {known})")
    return row[0]


def publish(conninfo: str, team: str, files: dict[str, str], by: str, rollback_of: int | None = None) -> dict:
    """Checks and publishes a bundle as the team's next version; raises :class:`Refused` (nothing kept)."""
    files, size, warnings = checked(files)
    with psycopg.connect(conninfo, autocommit=True) as conn, conn.transaction():
        team_id = _team_id(conn, team)
        conn.execute(_LOCK_TEAM, (team_id,))
        version = db._returned(conn.execute(_NEXT, (team_id,)).fetchone())[0]
        etag = etag_of(version, files)
        row = (team_id, version, by, rollback_of, FORMAT, etag, size, Jsonb(files))
        published = db._returned(conn.execute(_INSERT, row).fetchone())[0]
        conn.execute(_NOTIFY, (str(team_id),))
    return {"team": team, "version": version, "etag": etag, "published": float(published), "warnings": warnings}


def history(conninfo: str, team: str) -> list[dict]:
    with psycopg.connect(conninfo, autocommit=True) as conn:
        return _history(conn.execute(_HISTORY, (_team_id(conn, team),)).fetchall())


def rollback(conninfo: str, team: str, version: int, by: str) -> dict:
    """Publishes version ``version``'s files again, as a new version (checked again, as any bundle)."""
    with psycopg.connect(conninfo, autocommit=True) as conn:
        row = conn.execute(_FILES, (_team_id(conn, team), version)).fetchone()
    if row is None:
        raise db.ServerError(404, f"у команды «{team}» нет версии {version} стандарта")
    return publish(conninfo, team, row[0], by, rollback_of=version)


# --- HTTP ---------------------------------------------------------------------------------------


class StandardRoutes:
    """The routes above and the listener that tells open streams of a new version."""

    def __init__(self, conninfo: str, hub: Hub, connection: Callable, auth, body: Callable, token: Callable,
                 guarded: Callable) -> None:  # fmt: skip
        self.conninfo = conninfo
        self.hub = hub
        self._connection = connection
        self.auth = auth
        self._body = body
        self._token = token
        self._guarded = guarded
        self.known: dict[int, dict | None] = {}
        """team_id → the current version's ``{"version", "etag"}`` (None: none), for the streams' snapshots."""
        self._task: asyncio.Task | None = None

    def routes(self) -> list[Route]:
        g = self._guarded
        return [
            Route("/v1/standard", g(self.download)),
            Route("/v1/teams/{name}/standard", g(self.publish), methods=["PUT"]),
            Route("/v1/teams/{name}/standard/history", g(self.history)),
            Route("/v1/teams/{name}/standard/rollback", g(self.rollback), methods=["POST"]),
        ]

    async def download(self, request: Request) -> Response:
        who = await self.auth.who(self._token(request))
        db.operator_only(who)
        async with self._connection() as conn:
            current = _brief(await (await conn.execute(_CURRENT, (who["team_id"],))).fetchone())
            if current is None:
                return JSONResponse({"team": who["team"], "version": None}, headers={"Cache-Control": "no-store"})
            if current["etag"] in _etags(request.headers.get("if-none-match", "")):
                return Response(status_code=304, headers={"ETag": current["etag"]})
            row = await (await conn.execute(_FILES, (who["team_id"], current["version"]))).fetchone()
        return JSONResponse({"team": who["team"], **current, "files": row[0]},
                            headers={"ETag": current["etag"], "Cache-Control": "no-store"})  # fmt: skip

    async def _lead(self, request: Request) -> dict:
        """The token's owner, asked afresh (a revoked lead publishes nothing), when they lead the team named."""
        token = self._token(request)
        async with self._connection() as conn:
            who = await db.authenticate(conn, token)
        db.operator_only(who)
        name = request.path_params["name"]
        if not who["is_lead"]:
            raise db.ServerError(403, "Стандарт команды публикует только руководитель.")
        if name != who["team"]:
            raise db.ServerError(403, f"Этот токен не даёт доступа к команде «{name}».")
        return who

    async def publish(self, request: Request) -> JSONResponse:
        who = await self._lead(request)
        body = await self._body(request)
        return await self._publish(who, body.get("files") if isinstance(body, dict) else None, who["login"])

    async def _publish(self, who: dict, files: Any, by: str, rollback_of: int | None = None) -> JSONResponse:
        try:
            files, size, warnings = await asyncio.to_thread(checked, files)  # the validators read YAML: not on the loop
        except Refused as exc:
            return JSONResponse({"error": str(exc), "problems": exc.problems}, status_code=422)
        async with self._connection() as conn, conn.transaction():
            await conn.execute(_LOCK_TEAM, (who["team_id"],))
            version = (await (await conn.execute(_NEXT, (who["team_id"],))).fetchone())[0]
            etag = etag_of(version, files)
            published = (await (await conn.execute(
                _INSERT, (who["team_id"], version, by, rollback_of, FORMAT, etag, size, Jsonb(files))
            )).fetchone())[0]  # fmt: skip
            await conn.execute(_NOTIFY, (str(who["team_id"]),))
        return JSONResponse({"team": who["team"], "version": version, "etag": etag, "published": float(published),
                             "rollback_of": rollback_of, "warnings": warnings}, status_code=201)  # fmt: skip

    async def history(self, request: Request) -> JSONResponse:
        who = await self._lead(request)
        async with self._connection() as conn:
            rows = await (await conn.execute(_HISTORY, (who["team_id"],))).fetchall()
        return JSONResponse({"team": who["team"], "versions": _history(rows)})

    async def rollback(self, request: Request) -> JSONResponse:
        who = await self._lead(request)
        body = await self._body(request)
        version = body.get("version") if isinstance(body, dict) else None
        if isinstance(version, bool) or not isinstance(version, int):
            raise db.ServerError(400, "Нужно поле version: номер версии.")
        async with self._connection() as conn:
            row = await (await conn.execute(_FILES, (who["team_id"], version))).fetchone()
        if row is None:
            raise db.ServerError(404, f"У команды «{who['team']}» нет версии {version} стандарта.")
        return await self._publish(who, row[0], who["login"], rollback_of=version)

    # --- the streams -----------------------------------------------------------------------

    async def known_for(self, team_id: int) -> dict | None:
        """The team's current version for a stream's snapshot (read once, then kept up to date by the listener)."""
        if team_id not in self.known:
            async with self._connection() as conn:
                current = _brief(await (await conn.execute(_CURRENT, (team_id,))).fetchone())
            self.known[team_id] = None if current is None else {"version": current["version"], "etag": current["etag"]}
        return self.known[team_id]

    def start(self) -> None:
        self._task = asyncio.create_task(self._listen())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _listen(self) -> None:
        wait = LISTEN_RETRY_S[0]
        while True:
            try:
                async with await psycopg.AsyncConnection.connect(self.conninfo, autocommit=True) as conn:
                    await conn.execute(f"LISTEN {CHANNEL}")
                    self.known.clear()  # what was published while nobody listened is read again
                    wait = LISTEN_RETRY_S[0]
                    async for note in conn.notifies():
                        if note.payload.isdigit():
                            await self._announce(int(note.payload))
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # noqa: BLE001 - a database restart: listen again
                log.warning("standard: not listening for new versions (%s); again in %.0f s", exc, wait)
            await asyncio.sleep(wait)
            wait = min(wait * 2, LISTEN_RETRY_S[1])

    async def _announce(self, team_id: int) -> None:
        self.known.pop(team_id, None)
        brief = await self.known_for(team_id)
        async with self._connection() as conn:
            operators = await (await conn.execute("SELECT operator_id FROM operators WHERE team_id = %s", (team_id,))).fetchall()
        data = {"version": None if brief is None else brief["version"], "etag": None if brief is None else brief["etag"],
                "now": round(self.hub.now(), 3)}  # fmt: skip
        self.hub.publish(team_topic(team_id), "standard", data)
        for (operator_id,) in operators:
            if self.hub.watched(operator_topic(operator_id)):
                self.hub.publish(operator_topic(operator_id), "standard", data)


def _etags(header: str) -> set[str]:
    return {part.strip().removeprefix("W/") for part in header.split(",") if part.strip()}
