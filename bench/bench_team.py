"""Team server at 20 M events (issue 23): ingest and the lead's all-days query stay flat as it grows.

    python bench/bench_team.py [--quick] [--events N]

Runs from ``bench/run.py --team``. A throwaway cluster (fsync off, as in the tests) and the real
server over loopback HTTP; 500 operators in 25 teams, 124 days of history.

1. 2.5 M events (quick: 250 k) are seeded straight into the tables with ``generate_series``, spread
   over 124 days (five monthly partitions), and each operator's days into ``daily_operator``;
   then 100 operators ship one 5,000-event batch each through HTTP (500 k events).
2. Another 17.5 M are seeded (20 M in all; quick: 2 M), and the same 100 operators ship again.

Seeding loads without the indexes and builds them after, then checkpoints, so nothing of the load
is still being written while ingest is measured.

Figures: ``team_ingest_us_per_event`` (at 20 M; target ≤ 50, i.e. ≥ 20,000 events/s), with
``team_ingest_events_per_s`` beside it and ``team_ingest_events_per_s_small`` at 2.5 M; ``team_query_ms``
(one team, 30 days, SQL; ≤ 20 ms); ``team_all_days_http_ms`` (a lead's query of all 124 days over
HTTP, the figure that grew from 3.6 to 36 ms before partitioning); ``company_day_ms`` (all teams
per day over 30 days; ≤ 200 ms); ``team_seed_s``, the seeding's time. About 4 minutes in all on
this 2-core machine (quick: about a minute).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
import uuid
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from operator_assist.team.client import TeamClient, TeamConfig  # noqa: E402
from operator_assist.team.server import db  # noqa: E402
from operator_assist.team.server.testing import TempCluster, children, pg_bin, start_server, stop_server  # noqa: E402

BATCH = 5_000
DAYS = 30
_CALL = (
    ("call_started", {"role": "specialist", "offer_source": "demo"}),
    ("lookup_started", {}),
    ("silence_warning", {"threshold": 10.0}),
    ("lookup_ended", {"duration": 11.2}),
    ("hold_started", {"limit": 120.0, "role": "specialist", "index": 1}),
    ("hold_ended", {"duration": 42.5, "limit": 120.0, "over_limit": False, "long_wait": False, "index": 1}),
    ("phrase_copied", {"phrase_id": "hold.thanks"}),
    ("offer_shown", {"offer_id": "tariff-smart", "source": "demo"}),
    ("offer_outcome", {"offer_id": "tariff-smart", "outcome": "declined", "reason": None}),
    ("call_ended", {"duration": 180.0}),
)


def _batch(first_seq: int, start: float, span: float) -> list:
    calls = BATCH // len(_CALL)
    step = span / calls
    events = []
    seq = first_seq
    for n in range(calls):
        base = start + n * step
        call_id = uuid.uuid4().hex
        with_hold = n % 10 == 0  # 90 % of calls without hold
        for i, (kind, data) in enumerate(_CALL):
            if kind.startswith("hold_") and not with_hold:
                kind, data = "phrase_copied", {"phrase_id": "p"}
            events.append([seq, base + i, call_id, kind, data])
            seq += 1
    return events


OPERATORS, TEAMS, HISTORY_DAYS = 500, 25, 124
SHIPPERS = 100
"""Operators shipping one batch each per ingest measurement."""
_SEED_KINDS = "ARRAY['call_started','lookup_started','lookup_ended','hold_started','hold_ended','phrase_copied'," \
              "'offer_shown','offer_outcome','phrase_copied','call_ended']"  # fmt: skip


def _enrol(conn) -> list[tuple[str, str, str]]:
    """(login, token, install id) per operator, and a lead for team00, straight into the tables."""
    people = []
    with conn.transaction():
        for t in range(TEAMS):
            team_id = conn.execute("INSERT INTO teams (name) VALUES (%s) RETURNING team_id", (f"team{t:02d}",)).fetchone()[0]
            for n in range(OPERATORS // TEAMS):
                login, token, install = f"op{t:02d}{n:02d}", db.new_token(), str(uuid.uuid4())
                operator = conn.execute("INSERT INTO operators (login, team_id) VALUES (%s, %s) RETURNING operator_id",
                                        (login, team_id)).fetchone()[0]  # fmt: skip
                conn.execute("INSERT INTO tokens (token_hash, operator_id, install_id) VALUES (%s, %s, %s)",
                             (db.hash_token(token), operator, install))  # fmt: skip
                conn.execute("INSERT INTO installs (install_id, operator_id, team_id, token_hash) VALUES (%s, %s, %s, %s)",
                             (install, operator, team_id, db.hash_token(token)))  # fmt: skip
                people.append((login, token, install))
    return people


def _seed(conn, first: int, count: int, first_day: date) -> float:
    """Events ``first`` … ``first + count - 1`` of every operator, spread over the history; seconds taken."""
    began = time.perf_counter()
    start = datetime.combine(first_day, datetime.min.time(), timezone.utc)
    conn.execute("SELECT events_partition_for(m::date) FROM generate_series(%s::date, %s::date, interval '1 month') AS m",
                 (first_day.replace(day=1), date.today()))  # fmt: skip
    # Loaded without its indexes, which are then built by sorting: minutes less than growing them row by row.
    conn.execute("SET maintenance_work_mem = '512MB'")
    conn.execute("ALTER TABLE events DROP CONSTRAINT events_pkey")
    conn.execute("DROP INDEX events_call")
    conn.execute(f"""
        INSERT INTO events (install_id, event_seq, at, call_id, kind, data)
        SELECT i.install_id, s, %(start)s + ((s - %(first)s)::bigint * %(span)s / %(n)s) * interval '1 second',
               i.install_id::text || '-' || ((s - 1) / 10), ({_SEED_KINDS})[(s - 1) %% 10 + 1], '{{}}'::jsonb
        FROM installs i CROSS JOIN generate_series(%(first)s, %(first)s + %(n)s - 1) AS s
    """, {"start": start, "span": (HISTORY_DAYS - 1) * 86400, "n": count, "first": first})  # fmt: skip
    conn.execute("ALTER TABLE events ADD PRIMARY KEY (install_id, event_seq, at)")
    conn.execute("CREATE INDEX events_call ON events (install_id, call_id, event_seq) WHERE call_id IS NOT NULL")
    conn.execute("VACUUM ANALYZE events")
    conn.execute("CHECKPOINT")  # the load's writes done before anything is measured
    return time.perf_counter() - began


def _cpu(pids: list[int]) -> float:
    """User + system CPU seconds of these processes (the server, PostgreSQL's postmaster and backends)."""
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def _ingest(url: str, people: list, first_seq: dict, when: float, work: Callable[[], list[int]]) -> tuple[float, float]:
    """(events per second, server and database CPU µs per event): SHIPPERS operators ship one BATCH each.

    The CPU figure is what the machine's load cannot inflate: the work itself."""
    shippers = people[:SHIPPERS]
    payloads = [_batch(first_seq[install], when, 3600.0) for _, _, install in shippers]
    pids = work()
    cpu = _cpu(pids)
    began = time.perf_counter()
    for (_, token, install), events in zip(shippers, payloads):
        answer = TeamClient(TeamConfig(url, token), timeout=120).send(install, events, events[-1][0])
        assert answer["stored"] == len(events), answer
        first_seq[install] = events[-1][0] + 1
    elapsed = time.perf_counter() - began
    cpu = _cpu(pids) - cpu  # processes alive through the run (the pool's connections persist)
    return SHIPPERS * BATCH / elapsed, cpu / (SHIPPERS * BATCH) * 1e6


def run(quick: bool = False, events: int | None = None) -> dict:
    import psycopg

    binaries = pg_bin()
    if binaries is None:
        raise RuntimeError("PostgreSQL binaries missing: apt-get install postgresql")
    events = events or (2_000_000 if quick else 20_000_000)
    cluster = TempCluster(binaries)
    server = None
    try:
        cluster.start()
        db.migrate(cluster.url)
        with psycopg.connect(cluster.url, autocommit=True) as conn:
            people = _enrol(conn)
        server, url = start_server("--db", cluster.url)
        today = date.today()
        first_day = today - timedelta(days=HISTORY_DAYS - 1)
        small = events // 8  # the 2.5 M beside its 20 M
        with psycopg.connect(cluster.url, autocommit=True) as conn:
            conn.execute("""
                INSERT INTO daily_operator
                SELECT o.operator_id, d::date, o.team_id, 80, 1, 0, 72, 8, 8, 420.0, 150.0, 1, 5, 20, 15, 4, 1, 1, 0
                FROM operators o CROSS JOIN generate_series(%s::date, %s::date, interval '1 day') AS d
            """, (first_day, today))  # fmt: skip
            seed_s = _seed(conn, 1, small // OPERATORS, first_day)
        # Shipped batches get numbers of their own, after anything seeded.
        first_seq = {install: 100_000_001 for _, _, install in people}
        def work() -> list[int]:
            postmaster = cluster.postmaster_pid()
            return [server.pid, *([postmaster, *children(postmaster)] if postmaster else [])]

        small_rate, small_cpu = _ingest(url, people, first_seq, time.time() - 7200, work)
        with psycopg.connect(cluster.url, autocommit=True) as conn:
            small_stored = conn.execute("SELECT count(*) FROM events").fetchone()[0]
            seed_s += _seed(conn, small // OPERATORS + 1, (events - small) // OPERATORS, first_day)
        full_rate, full_cpu = _ingest(url, people, first_seq, time.time() - 3600, work)
        lead = db.add_operator(cluster.url, "lead00", "team00", lead=True)
        with psycopg.connect(cluster.url, autocommit=True) as conn:
            stored = conn.execute("SELECT count(*) FROM events").fetchone()[0]
            partitions = conn.execute("SELECT count(*) FROM pg_inherits WHERE inhparent = 'events'::regclass").fetchone()[0]
            team_id = conn.execute("SELECT team_id FROM teams WHERE name = 'team00'").fetchone()[0]
            queries = []
            for _ in range(30):
                t = time.perf_counter()
                conn.execute(db._TEAM_TOTALS, (team_id, today - timedelta(days=DAYS - 1), today)).fetchall()
                queries.append((time.perf_counter() - t) * 1000)
            company = []
            for _ in range(10):
                t = time.perf_counter()
                conn.execute(db.COMPANY_PER_DAY, (today - timedelta(days=DAYS - 1), today)).fetchall()
                company.append((time.perf_counter() - t) * 1000)
        client = TeamClient(TeamConfig(url, lead))
        client.team_stats("team00", first_day, today)  # warm
        http = []
        for _ in range(15):
            t = time.perf_counter()
            client.team_stats("team00", first_day, today)
            http.append((time.perf_counter() - t) * 1000)
        return {
            "team_ingest_us_per_event": round(1e6 / full_rate, 2),
            "team_ingest_events_per_s": round(full_rate),
            "team_ingest_events_per_s_small": round(small_rate),
            "team_ingest_cpu_us_per_event": round(full_cpu, 2),
            "team_ingest_cpu_us_per_event_small": round(small_cpu, 2),
            "team_events_stored_small": small_stored,
            "team_events_stored": stored,
            "team_event_partitions": partitions,
            "team_seed_s": round(seed_s, 1),
            "team_query_ms": round(statistics.median(queries), 2),
            "team_all_days_http_ms": round(statistics.median(http), 1),
            "company_day_ms": round(statistics.median(company), 2),
        }
    finally:
        if server is not None:
            stop_server(server)
        cluster.destroy()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--events", type=int, default=None)
    args = parser.parse_args()
    print(json.dumps(run(args.quick, args.events), ensure_ascii=False))
