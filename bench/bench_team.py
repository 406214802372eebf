"""Team server: ingest rate and query times over ≥ 1 M generated events (needs PostgreSQL).

    python bench/bench_team.py [--quick]

Runs only from ``bench/run.py --team``. A throwaway cluster (fsync off, as in the tests)
and the real server over loopback HTTP; 200 operators in 10 teams ship 5,000-event
batches (quick: 40 operators). Figures: ``team_ingest_us_per_event`` (target ≤ 50 µs,
i.e. ≥ 20,000 events/s), ``team_query_ms`` (one team, 30 days, per operator and day;
≤ 20 ms), ``company_day_ms`` (all teams per day over 30 days; ≤ 200 ms).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import time
import urllib.request
import uuid
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from operator_assist.team.client import TeamClient, TeamConfig  # noqa: E402
from operator_assist.team.server import db  # noqa: E402
from operator_assist.team.server.testing import TempCluster, free_port, pg_bin  # noqa: E402

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


def run(quick: bool = False) -> dict:
    binaries = pg_bin()
    if binaries is None:
        raise RuntimeError("PostgreSQL binaries missing: apt-get install postgresql")
    operators = 40 if quick else 200
    teams = 10
    cluster = TempCluster(binaries)
    server = None
    try:
        cluster.start()
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "operator_assist.team.server.cli", "serve", "--db", cluster.url, "--listen", f"127.0.0.1:{port}"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(url + "/v1/health", timeout=2).close()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError("team server did not start") from None
                time.sleep(0.1)
        clients = []
        for n in range(operators):
            token = db.add_operator(cluster.url, f"op{n:04d}", f"team{n % teams:02d}")
            client = TeamClient(TeamConfig(url, token), timeout=120)
            install = str(uuid.uuid4())
            client.install(install)
            clients.append((client, install))
        lead = db.add_operator(cluster.url, "lead00", "team00", lead=True)
        today = date.today()
        start = time.time() - DAYS * 86400
        # Each operator ships 30 days of calls in one 5,000-event batch (200 × 5,000 = 1 M events).
        payloads = [_batch(1, start, DAYS * 86400) for _ in clients]
        total = operators * BATCH
        began = time.perf_counter()
        for (client, install), events in zip(clients, payloads):
            client.send(install, events)
        elapsed = time.perf_counter() - began
        import psycopg

        with psycopg.connect(cluster.url, autocommit=True) as conn:
            stored = conn.execute("SELECT count(*) FROM events").fetchone()[0]
            team_id = conn.execute("SELECT team_id FROM teams WHERE name = 'team00'").fetchone()[0]
            queries = []
            for _ in range(30):
                t = time.perf_counter()
                conn.execute(db._TEAM_DAYS, (team_id, today - timedelta(days=DAYS - 1), today)).fetchall()
                queries.append((time.perf_counter() - t) * 1000)
            company = []
            for _ in range(10):
                t = time.perf_counter()
                conn.execute(db.COMPANY_PER_DAY, (today - timedelta(days=DAYS - 1), today)).fetchall()
                company.append((time.perf_counter() - t) * 1000)
            daily_rows = conn.execute("SELECT count(*) FROM daily_operator").fetchone()[0]
        t = time.perf_counter()
        TeamClient(TeamConfig(url, lead)).team_stats("team00", today - timedelta(days=DAYS - 1), today)
        http_ms = (time.perf_counter() - t) * 1000
        return {
            "team_ingest_us_per_event": round(elapsed / total * 1e6, 2),
            "team_ingest_events_per_s": round(total / elapsed),
            "team_events_stored": stored,
            "team_daily_rows": daily_rows,
            "team_query_ms": round(statistics.median(queries), 2),
            "team_query_http_ms": round(http_ms, 1),
            "company_day_ms": round(statistics.median(company), 2),
        }
    finally:
        if server is not None and server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait(timeout=15)
        cluster.destroy()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    print(json.dumps(run(parser.parse_args().quick), ensure_ascii=False))
