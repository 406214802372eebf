"""PostgreSQL side of the team server: migrations, enrolment, ingest, the team query.

Every connection is in autocommit mode and every multi-statement unit is an explicit
``conn.transaction()``. (psycopg 3: once a connection sits in an implicit transaction,
``transaction()`` only opens a savepoint inside it, and the outer one may never commit.)
"""

from __future__ import annotations

import hashlib
import json
import secrets
from datetime import date, datetime, timedelta, timezone
from importlib import resources
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import psycopg

from ...core import stats as core_stats

MIGRATION_LOCK = 0x6F61_7465  # advisory lock key: one migrator at a time
WALL_PREFIX = "oaw_"
"""Wall tokens start with it (operators' with ``oa_``): one lookup, in the right table."""


class ServerError(Exception):
    """A refusal with an HTTP status and a Russian message."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token() -> str:
    return "oa_" + secrets.token_urlsafe(32)


# --- migrations ---------------------------------------------------------------------


def _migrations() -> list[tuple[int, str, str]]:
    folder = resources.files(__package__) / "migrations"
    found = []
    for item in folder.iterdir():
        if item.name.endswith(".sql"):
            found.append((int(item.name.split("_", 1)[0]), item.name, item.read_text(encoding="utf-8")))
    return sorted(found)


def migrate(conninfo: str) -> list[str]:
    """Applies the SQL migrations not applied yet; returns their names."""
    applied = []
    with psycopg.connect(conninfo, autocommit=True) as conn:
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
            conn.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations (version int PRIMARY KEY, name text NOT NULL, "
                "applied timestamptz NOT NULL DEFAULT now())"
            )
            done = {row[0] for row in conn.execute("SELECT version FROM schema_migrations")}
            for version, name, sql in _migrations():
                if version in done:
                    continue
                conn.execute(sql)
                conn.execute("INSERT INTO schema_migrations (version, name) VALUES (%s, %s)", (version, name))
                applied.append(name)
    return applied


# --- enrolment ---------------------------------------------------------------------


def check_tz(tz: str) -> str:
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ServerError(400, f"неизвестный часовой пояс «{tz}»") from exc
    return tz


def _returned(row: tuple[Any, ...] | None) -> tuple[Any, ...]:
    """The row a query always returns (an ``INSERT … RETURNING``, an aggregate)."""
    assert row is not None
    return row


def add_operator(conninfo: str, login: str, team: str, lead: bool = False, tz: str | None = None,
                 extension: str | None = None) -> str:  # fmt: skip
    """Creates the team (first use) and the operator if needed; returns a new token. ``extension``:
    the operator's extension on the PBX (``serve --ami`` sends its calls to this operator's desk)."""
    token = new_token()
    with psycopg.connect(conninfo, autocommit=True) as conn, conn.transaction():
        if extension is not None:
            _check_free(conn, extension, login)
        row = conn.execute("SELECT team_id, tz FROM teams WHERE name = %s", (team,)).fetchone()
        if row is None:
            row = _returned(conn.execute(
                "INSERT INTO teams (name, tz) VALUES (%s, %s) ON CONFLICT (name) DO UPDATE SET name = excluded.name "
                "RETURNING team_id, tz",
                (team, check_tz(tz or "Europe/Moscow")),
            ).fetchone())
        elif tz is not None and tz != row[1]:
            conn.execute("UPDATE teams SET tz = %s WHERE team_id = %s", (check_tz(tz), row[0]))
        team_id = row[0]
        operator = _returned(conn.execute(
            "INSERT INTO operators (login, team_id, is_lead) VALUES (%s, %s, %s) "
            "ON CONFLICT (login) DO UPDATE SET team_id = excluded.team_id, is_lead = operators.is_lead OR excluded.is_lead "
            "RETURNING operator_id",
            (login, team_id, lead),
        ).fetchone())[0]
        conn.execute("INSERT INTO tokens (token_hash, operator_id) VALUES (%s, %s)", (hash_token(token), operator))
        if extension is not None:
            conn.execute("UPDATE operators SET extension = %s WHERE operator_id = %s", (extension, operator))
    return token


def set_extension(conninfo: str, login: str, extension: str | None) -> None:
    """The operator's extension on the PBX (None: none), without a new token."""
    with psycopg.connect(conninfo, autocommit=True) as conn, conn.transaction():
        if extension is not None:
            _check_free(conn, extension, login)
        if conn.execute("UPDATE operators SET extension = %s WHERE login = %s", (extension, login)).rowcount == 0:
            raise ServerError(404, f"оператора {login} нет (add-operator)")


def _check_free(conn: psycopg.Connection, extension: str, login: str) -> None:
    holder = conn.execute("SELECT login FROM operators WHERE extension = %s AND login <> %s", (extension, login)).fetchone()
    if holder is not None:
        raise ServerError(409, f"добавочный {extension} уже у оператора {holder[0]}")


async def extensions(conn: psycopg.AsyncConnection) -> list[tuple[int, str, str | None]]:
    """(operator_id, login, extension or None) of every operator: the PBX hub's map (telephony.py)."""
    return await (await conn.execute("SELECT operator_id, login, extension FROM operators")).fetchall()


def add_wall(conninfo: str, team: str) -> str:
    """A read-only wall token for an existing team's live board; returns the token (stored as a hash)."""
    token = WALL_PREFIX + secrets.token_urlsafe(32)
    with psycopg.connect(conninfo, autocommit=True) as conn, conn.transaction():
        row = conn.execute("SELECT team_id FROM teams WHERE name = %s", (team,)).fetchone()
        if row is None:
            names = [r[0] for r in conn.execute("SELECT name FROM teams ORDER BY name")]
            known = ", ".join(f"«{n}»" for n in names) if names else "ни одной: сначала add-operator … --team"
            raise ServerError(404, f"команды «{team}» нет (есть: {known})")
        conn.execute("INSERT INTO wall_tokens (token_hash, team_id) VALUES (%s, %s)", (hash_token(token), row[0]))
    return token


def revoke_walls(conninfo: str, team: str) -> int:
    """Revokes every wall token of a team; returns how many."""
    with psycopg.connect(conninfo, autocommit=True) as conn:
        cur = conn.execute(
            "UPDATE wall_tokens w SET revoked = now() FROM teams t WHERE t.team_id = w.team_id AND t.name = %s "
            "AND w.revoked IS NULL",
            (team,),
        )
        return cur.rowcount


def revoke_operator(conninfo: str, login: str) -> int:
    with psycopg.connect(conninfo, autocommit=True) as conn:
        cur = conn.execute(
            "UPDATE tokens SET revoked = now() FROM operators o WHERE o.operator_id = tokens.operator_id "
            "AND o.login = %s AND tokens.revoked IS NULL",
            (login,),
        )
        return cur.rowcount


# --- requests (async, from the app) --------------------------------------------------

_AUTH = """
SELECT t.operator_id, t.install_id, o.login, o.is_lead, o.team_id, tm.name, tm.tz
FROM tokens t JOIN operators o USING (operator_id) JOIN teams tm ON tm.team_id = o.team_id
WHERE t.token_hash = %s AND t.revoked IS NULL
"""


_WALL_AUTH = """
SELECT tm.team_id, tm.name, tm.tz FROM wall_tokens w JOIN teams tm USING (team_id)
WHERE w.token_hash = %s AND w.revoked IS NULL
"""


async def authenticate(conn: psycopg.AsyncConnection, token: str) -> dict:
    """The token's owner: an operator (``wall`` False) or a team's wall (``wall`` True, read-only)."""
    if token.startswith(WALL_PREFIX):
        row = await (await conn.execute(_WALL_AUTH, (hash_token(token),))).fetchone()
        if row is None:
            raise ServerError(401, "Токен неверный или отозван.")
        return {"operator_id": None, "install_id": None, "login": None, "is_lead": False, "team_id": row[0],
                "team": row[1], "tz": row[2], "wall": True}  # fmt: skip
    row = await (await conn.execute(_AUTH, (hash_token(token),))).fetchone()
    if row is None:
        raise ServerError(401, "Токен неверный или отозван.")
    keys = ("operator_id", "install_id", "login", "is_lead", "team_id", "team", "tz")
    return {**dict(zip(keys, row)), "wall": False}


def operator_only(who: dict) -> None:
    """Wall tokens read one board and do nothing else."""
    if who["wall"]:
        raise ServerError(403, "Токен табло только для просмотра табло команды.")


async def bind_install(conn: psycopg.AsyncConnection, who: dict, token: str, install_id: str) -> int:
    """The install this token ships for (bound on first use); returns the server's last_seq."""
    bound = who["install_id"]
    if bound is not None and str(bound) != install_id:
        raise ServerError(403, "Этот токен выдан для другой установки программы.")
    token_hash = hash_token(token)
    async with conn.transaction():
        row = await (
            await conn.execute("SELECT token_hash, last_seq FROM installs WHERE install_id = %s FOR UPDATE", (install_id,))
        ).fetchone()
        if row is not None:
            if row[0] != token_hash:
                raise ServerError(403, "Эта установка программы принадлежит другому токену.")
            return row[1]
        cur = await conn.execute(
            "UPDATE tokens SET install_id = %s WHERE token_hash = %s AND install_id IS NULL", (install_id, token_hash)
        )
        if cur.rowcount != 1:
            raise ServerError(403, "Этот токен выдан для другой установки программы.")
        await conn.execute(
            "INSERT INTO installs (install_id, operator_id, team_id, token_hash, last_seen) VALUES (%s, %s, %s, %s, now())",
            (install_id, who["operator_id"], who["team_id"], token_hash),
        )
    return 0


STAGING = (
    "CREATE TEMP TABLE IF NOT EXISTS staging (event_seq bigint, at float8, call_id text, kind text, data jsonb) "
    "ON COMMIT DELETE ROWS"
)

_INSERT = """
WITH ins AS (
    INSERT INTO events (install_id, event_seq, at, call_id, kind, data)
    SELECT %(install)s, event_seq, to_timestamp(at), call_id, kind, data FROM staging
    ON CONFLICT (install_id, event_seq, at) DO NOTHING
    RETURNING call_id
)
SELECT count(*), array_agg(DISTINCT call_id) FILTER (WHERE call_id IS NOT NULL) FROM ins
"""

_OLD_DAYS = """
SELECT coalesce(array_agg(DISTINCT day), '{}'), min(started)
FROM call_rows WHERE install_id = %s AND call_id = ANY(%s)
"""
CLOCK_SLACK = timedelta(days=1)
"""A call's events are read from its known start (or the batch's first event) less this: a PC clock
set back mid-call stamps later events earlier."""

_UPSERT_CALLS = """
WITH fresh AS (
    INSERT INTO call_rows
    SELECT f.install_id, f.call_id, %(operator)s, %(team)s, (f.started AT TIME ZONE %(tz)s)::date, f.started, f.status,
           f.holds, f.hold_n, f.hold_sum, f.hold_max, f.holds_over, f.silence, f.offer,
           f.supp_complaint, f.supp_lost_phone, f.supp_siebel_down,
           s.call_id IS NOT NULL, coalesce(s.hold_phrase_checks, 0), coalesce(s.hold_phrase_said, 0),
           coalesce(s.thanks_checks, 0), coalesce(s.thanks_said, 0), s.summary, s.farewell, coalesce(s.forbidden_words, 0),
           v.standard
    FROM call_facts_for(%(install)s, %(calls)s, %(since)s) f
    LEFT JOIN call_speech_for(%(install)s, %(calls)s, %(since)s) s ON s.call_id = f.call_id
    LEFT JOIN call_standard_for(%(install)s, %(calls)s, %(since)s) v ON v.call_id = f.call_id
    ON CONFLICT (install_id, call_id) DO UPDATE SET
        day = excluded.day, started = excluded.started, status = excluded.status, holds = excluded.holds,
        hold_n = excluded.hold_n, hold_sum = excluded.hold_sum, hold_max = excluded.hold_max,
        holds_over = excluded.holds_over, silence = excluded.silence, offer = excluded.offer,
        supp_complaint = excluded.supp_complaint, supp_lost_phone = excluded.supp_lost_phone,
        supp_siebel_down = excluded.supp_siebel_down,
        speech = excluded.speech, hold_phrase_checks = excluded.hold_phrase_checks,
        hold_phrase_said = excluded.hold_phrase_said, thanks_checks = excluded.thanks_checks,
        thanks_said = excluded.thanks_said, summary = excluded.summary, farewell = excluded.farewell,
        forbidden_words = excluded.forbidden_words, standard = excluded.standard
    RETURNING day
)
SELECT coalesce(array_agg(DISTINCT day), '{}') FROM fresh
"""

_REDO_DAYS = """
INSERT INTO daily_operator
SELECT operator_id, day, min(team_id),
       count(*) FILTER (WHERE status <> 'open'),
       count(*) FILTER (WHERE status = 'interrupted'),
       count(*) FILTER (WHERE status = 'open'),
       count(*) FILTER (WHERE status <> 'open' AND holds = 0),
       coalesce(sum(holds) FILTER (WHERE status <> 'open'), 0),
       coalesce(sum(hold_n) FILTER (WHERE status <> 'open'), 0),
       coalesce(sum(hold_sum) FILTER (WHERE status <> 'open'), 0),
       max(hold_max) FILTER (WHERE status <> 'open'),
       coalesce(sum(holds_over) FILTER (WHERE status <> 'open'), 0),
       coalesce(sum(silence) FILTER (WHERE status <> 'open'), 0),
       count(*) FILTER (WHERE status <> 'open' AND offer IN ('accepted', 'declined', 'not_voiced', 'no_outcome')),
       count(*) FILTER (WHERE status <> 'open' AND offer IN ('accepted', 'declined')),
       count(*) FILTER (WHERE status <> 'open' AND offer = 'accepted'),
       count(*) FILTER (WHERE status <> 'open' AND supp_complaint),
       count(*) FILTER (WHERE status <> 'open' AND supp_lost_phone),
       count(*) FILTER (WHERE status <> 'open' AND supp_siebel_down),
       -- the speech checks (005_speech.sql): as core/stats.py SpeechFigures.of_rows
       count(*) FILTER (WHERE status <> 'open' AND speech),
       coalesce(sum(hold_phrase_checks) FILTER (WHERE status <> 'open' AND speech), 0),
       coalesce(sum(hold_phrase_said) FILTER (WHERE status <> 'open' AND speech), 0),
       coalesce(sum(thanks_checks) FILTER (WHERE status <> 'open' AND speech), 0),
       coalesce(sum(thanks_said) FILTER (WHERE status <> 'open' AND speech), 0),
       count(summary) FILTER (WHERE status <> 'open' AND speech),
       count(*) FILTER (WHERE status <> 'open' AND speech AND summary),
       count(farewell) FILTER (WHERE status <> 'open' AND speech),
       count(*) FILTER (WHERE status <> 'open' AND speech AND farewell),
       coalesce(sum(forbidden_words) FILTER (WHERE status <> 'open' AND speech), 0)
FROM call_rows WHERE operator_id = %(operator)s AND day = ANY(%(days)s)
GROUP BY operator_id, day
"""


_MONTHS: set[date] = set()
"""Months whose event partition this process knows exists."""
PARTITION_RANGE_YEARS = (10, 2)
"""Months this far back and ahead get a partition; anything beyond goes to ``events_default``."""


def _months(rows: list) -> list[date]:
    if not rows:
        return []
    ats = [row[1] for row in rows]
    now = datetime.now(timezone.utc)
    low = max(datetime.fromtimestamp(min(ats), timezone.utc), now - timedelta(days=365 * PARTITION_RANGE_YEARS[0]))
    high = min(datetime.fromtimestamp(max(ats), timezone.utc), now + timedelta(days=365 * PARTITION_RANGE_YEARS[1]))
    months, month = [], date(low.year, low.month, 1)
    while month <= high.date():
        months.append(month)
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return months


async def ensure_months(conn: psycopg.AsyncConnection, months: list[date]) -> None:
    """The event partitions a batch needs (an old PC may ship months-old events), before it is stored."""
    for month in months:
        if month not in _MONTHS:
            try:
                await conn.execute("SELECT events_partition_for(%s)", (month,))
            except psycopg.errors.DuplicateTable:  # another process made it at the same moment
                pass
            _MONTHS.add(month)


async def ingest(conn: psycopg.AsyncConnection, who: dict, install_id: str, rows: list) -> tuple[int, int]:
    """One batch in one transaction; returns (events newly stored, the install's last_seq)."""
    await ensure_months(conn, _months(rows))
    async with conn.transaction():
        await conn.execute(STAGING)
        async with conn.cursor().copy("COPY staging (event_seq, at, call_id, kind, data) FROM STDIN") as copy:
            for seq, at, call_id, kind, data in rows:
                await copy.write_row((seq, at, call_id, kind, json.dumps(data, separators=(",", ":"))))
        stored, calls = _returned(await (await conn.execute(_INSERT, {"install": install_id})).fetchone())
        if calls:
            old_days, known_start = _returned(await (await conn.execute(_OLD_DAYS, (install_id, calls))).fetchone())
            # Every call of the batch is new (all its events are in it) or known (call_rows has its start).
            since = datetime.fromtimestamp(min(row[1] for row in rows), timezone.utc)
            if known_start is not None:
                since = min(since, known_start)
            params = {"operator": who["operator_id"], "team": who["team_id"], "tz": who["tz"],
                      "install": install_id, "calls": calls, "since": since - CLOCK_SLACK}  # fmt: skip
            new_days = _returned(await (await conn.execute(_UPSERT_CALLS, params)).fetchone())[0]
            days = sorted(set(old_days) | set(new_days))
            # Two installs of one operator may ship at once: one rebuild of their days at a time.
            await conn.execute("SELECT pg_advisory_xact_lock(1, %s)", (who["operator_id"],))
            await conn.execute(
                "DELETE FROM daily_operator WHERE operator_id = %s AND day = ANY(%s)", (who["operator_id"], days)
            )
            await conn.execute(_REDO_DAYS, {"operator": who["operator_id"], "days": days})
        top = max(row[0] for row in rows) if rows else 0
        last_seq = _returned(
            await (
                await conn.execute(
                    "UPDATE installs SET last_seq = greatest(last_seq, %s), last_seen = now() WHERE install_id = %s "
                    "RETURNING last_seq",
                    (top, install_id),
                )
            ).fetchone()
        )[0]
    return stored, last_seq


async def ensure_partitions(conn: psycopg.AsyncConnection, today: date) -> None:
    """This month's and the next two months' event partitions (migration 003); cheap when they exist."""
    months = [date(today.year + (today.month - 1 + ahead) // 12, (today.month - 1 + ahead) % 12 + 1, 1) for ahead in range(3)]
    await ensure_months(conn, months)


async def team_zones(conn: psycopg.AsyncConnection, team_ids: list[int]) -> list[tuple[int, str]]:
    if not team_ids:
        return []
    return await (await conn.execute("SELECT team_id, tz FROM teams WHERE team_id = ANY(%s)", (team_ids,))).fetchall()


_TODAY = """
SELECT coalesce(sum(calls), 0), coalesce(sum(without_hold), 0) FROM daily_operator WHERE team_id = %s AND day = %s
"""


async def today_share(conn: psycopg.AsyncConnection, team_id: int, tz: str) -> dict:
    """The team's calls today (its local day) and how many were without hold: the board's «без удержания»."""
    day = datetime.now(timezone.utc).astimezone(ZoneInfo(tz)).date()
    calls, without = _returned(await (await conn.execute(_TODAY, (team_id, day))).fetchone())
    return {"day": day.isoformat(), "calls": int(calls), "without_hold": int(without),
            "share": core_stats._share(int(without), int(calls)),
            "met": int(without) * 100 >= core_stats.HOLD_TARGET_PERCENT * int(calls) if calls else None,
            "target": core_stats.HOLD_TARGET_PERCENT / 100}  # fmt: skip


# --- the team lead's query ----------------------------------------------------------

_SPEECH_KEYS = ("speech_calls", "hold_phrase_checks", "hold_phrase_said", "thanks_checks", "thanks_said",
                "summary_checks", "summary_said", "farewell_checks", "farewell_full", "forbidden_words")  # fmt: skip
_TOTAL_KEYS = ("calls", "interrupted", "in_progress", "without_hold", "holds", "hold_n", "hold_sum", "hold_max",
               "holds_over", "silence", "offer_calls", "voiced", "accepted",
               "supp_complaint", "supp_lost_phone", "supp_siebel_down", *_SPEECH_KEYS)  # fmt: skip

# Sums in SQL (one row per operator, and the team's): the lead's query costs the same for a year as for a week.
_TEAM_TOTALS = f"""
SELECT o.login, {", ".join(f"max(d.{k})" if k == "hold_max" else f"sum(d.{k})" for k in _TOTAL_KEYS)}
FROM daily_operator d JOIN operators o USING (operator_id)
WHERE d.team_id = %s AND d.day BETWEEN %s AND %s
GROUP BY GROUPING SETS ((o.login), ())
"""

_TEAM_DAILY = """
SELECT o.login, d.day, d.without_hold, d.calls
FROM daily_operator d JOIN operators o USING (operator_id)
WHERE d.team_id = %s AND d.day BETWEEN %s AND %s
"""

# An operator is a row with or without calls; a lead only once they take calls (a lead who only watches is not).
_TEAM_ROWS = """
SELECT o.login FROM operators o
WHERE o.team_id = %s
  AND (NOT o.is_lead OR EXISTS (SELECT 1 FROM daily_operator d WHERE d.operator_id = o.operator_id AND d.calls > 0))
ORDER BY o.login
"""


async def team_stats(conn: psycopg.AsyncConnection, who: dict, team: str, start: date, end: date) -> dict:
    if not who["is_lead"]:
        raise ServerError(403, "Статистика команды доступна только по токену руководителя.")
    if team != who["team"]:
        raise ServerError(403, f"Этот токен не даёт доступа к команде «{team}».")
    params = (who["team_id"], start, end)
    totals = {row[0]: dict(zip(_TOTAL_KEYS, row[1:])) for row in await (await conn.execute(_TEAM_TOTALS, params)).fetchall()}
    daily: dict[str | None, dict[date, tuple[int, int]]] = {None: {}}
    for login, day, without, calls in await (await conn.execute(_TEAM_DAILY, params)).fetchall():
        daily.setdefault(login, {})[day] = (without, calls)
        w, c = daily[None].get(day, (0, 0))
        daily[None][day] = (w + without, c + calls)
    logins = await (await conn.execute(_TEAM_ROWS, (who["team_id"],))).fetchall()
    today = team_today(who["tz"])
    result: dict[str, Any] = figures(totals.get(None, {}), daily[None], start, end, today)
    result["team"] = team
    result["tz"] = who["tz"]
    result["operators"] = [
        {"login": login, **figures(totals.get(login, {}), daily.get(login, {}), start, end, today)} for (login,) in logins
    ]
    return result


_VERSIONS = """
SELECT standard, min(day), max(day), count(*), count(*) FILTER (WHERE holds = 0), sum(holds), sum(hold_n), sum(hold_sum),
       sum(holds_over), sum(silence), coalesce(sum(hold_phrase_checks) FILTER (WHERE speech), 0),
       coalesce(sum(hold_phrase_said) FILTER (WHERE speech), 0)
FROM call_rows WHERE team_id = %s AND day BETWEEN %s AND %s AND status <> 'open'
GROUP BY standard
"""
_PUBLISHED = """
SELECT version, extract(epoch FROM published), (published AT TIME ZONE %s)::date, published_by, rollback_of
FROM standards WHERE team_id = %s AND (published AT TIME ZONE %s)::date BETWEEN %s AND %s ORDER BY version
"""


async def team_versions(conn: psycopg.AsyncConnection, who: dict, start: date, end: date) -> dict:
    """The team's figures per version of its standard (issue 24; ``versions``, as ``stats --by-version``) and
    the versions published in the period, each with its day in the team's time zone (``standards``)."""
    from ...core.version_stats import VersionFigures

    params = (who["team_id"], start, end)
    versions = [
        VersionFigures(v, first, last, int(calls), int(without), int(holds), int(hold_n), float(hold_sum), int(over),
                       int(silence), int(checks), int(said))
        for v, first, last, calls, without, holds, hold_n, hold_sum, over, silence, checks, said
        in await (await conn.execute(_VERSIONS, params)).fetchall()
    ]  # fmt: skip
    versions.sort(key=lambda f: (f.version is not None, f.version or 0))
    tz = who["tz"]
    published = await (await conn.execute(_PUBLISHED, (tz, who["team_id"], tz, start, end))).fetchall()
    return {
        "versions": [f.to_dict() for f in versions],
        "standards": [{"version": v, "published": float(at), "day": day.isoformat(), "published_by": by, "rollback_of": back}
                      for v, at, day, by, back in published],
    }  # fmt: skip


def team_today(tz: str) -> date:
    """Today in the team's time zone: the team's «Сегодня», whatever the server's or the PC's zone."""
    return datetime.now(timezone.utc).astimezone(ZoneInfo(tz)).date()


def figures(total: dict, per_day: dict[date, tuple[int, int]], start: date, end: date, today: date) -> dict:
    """``stats --json`` figures from summed per-day rows (``total``; empty or None sums: nothing) and each
    day's (without hold, calls), through core.stats.Stats itself (same keys, same rules)."""
    total = {key: (total.get(key) if key == "hold_max" else total.get(key) or 0) for key in _TOTAL_KEYS}
    calls, without = total["calls"], total["without_hold"]
    share = core_stats._share
    daily = {}
    day = start
    while day <= min(end, today):
        w, c = per_day.get(day, (0, 0))
        daily[day] = share(w, c)
        day += timedelta(days=1)
    stats = core_stats.Stats(
        start=start,
        end=end,
        calls=calls,
        interrupted=total["interrupted"],
        in_progress=total["in_progress"],
        calls_without_hold=without,
        share_without_hold=share(without, calls),
        target_met=(without * 100 >= core_stats.HOLD_TARGET_PERCENT * calls) if calls else None,
        holds=total["holds"],
        average_hold=total["hold_sum"] / total["hold_n"] if total["hold_n"] else None,
        longest_hold=total["hold_max"],
        holds_over_limit=total["holds_over"],
        silence_warnings=total["silence"],
        offer_calls=total["offer_calls"],
        offers_voiced=total["voiced"],
        voiced_share=share(total["voiced"], total["offer_calls"]),
        offers_accepted=total["accepted"],
        acceptance_rate=share(total["accepted"], total["voiced"]),
        suppressions={
            "complaint": total["supp_complaint"],
            "lost_phone": total["supp_lost_phone"],
            "siebel_down": total["supp_siebel_down"],
        },
        daily_without_hold=daily,
        speech=core_stats.SpeechFigures(
            calls=total["speech_calls"], **{key: total[key] for key in _SPEECH_KEYS if key != "speech_calls"}
        ),
        message=None if calls else core_stats._empty_message(start, end, total["in_progress"]),
    )
    return stats.to_dict()


# --- company-wide (benchmark, README) -------------------------------------------------

COMPANY_PER_DAY = """
SELECT day, sum(calls) AS calls, sum(without_hold) AS without_hold,
       sum(without_hold)::float8 / nullif(sum(calls), 0) AS share
FROM daily_operator WHERE day BETWEEN %s AND %s GROUP BY day ORDER BY day
"""
