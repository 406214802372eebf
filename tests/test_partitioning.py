"""Migration 003: events partitioned by month, on a database that already has events (issue 23)."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timezone

import psycopg

from operator_assist.team.server import db


def test_an_existing_database_gets_monthly_partitions_and_keeps_every_event(pg_cluster):
    name = f"part_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(pg_cluster.url, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    url = pg_cluster.url_for(name)
    first = next(sql for version, _, sql in db._migrations() if version == 1)
    install = uuid.uuid4()
    with psycopg.connect(url, autocommit=True) as conn:  # a server of before: schema 1 and its events
        conn.execute("CREATE TABLE schema_migrations (version int PRIMARY KEY, name text NOT NULL, "
                     "applied timestamptz NOT NULL DEFAULT now())")  # fmt: skip
        conn.execute(first)
        conn.execute("INSERT INTO schema_migrations VALUES (1, '001_init.sql')")
        rows = [(install, n, datetime(2026, 1 + n % 3, 10 + n % 5, tzinfo=timezone.utc), f"c{n // 4}",
                 ("call_started", "hold_started", "hold_ended", "call_ended")[n % 4]) for n in range(1, 61)]  # fmt: skip
        with conn.cursor() as cur:
            cur.executemany("INSERT INTO events (install_id, event_seq, at, call_id, kind) VALUES (%s, %s, %s, %s, %s)", rows)
        facts_before = conn.execute("SELECT * FROM call_facts ORDER BY call_id").fetchall()

    later = [name for version, name, _ in db._migrations() if version > 1]  # 002_walls.sql, 003_partition_events.sql…
    assert later[:3] == ["002_walls.sql", "003_partition_events.sql", "004_call_facts_for.sql"]
    assert db.migrate(url) == later
    assert db.migrate(url) == []
    with psycopg.connect(url, autocommit=True) as conn:
        assert conn.execute("SELECT relkind FROM pg_class WHERE relname = 'events'").fetchone()[0] == "p"
        partitions = {r[0] for r in conn.execute(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
            "WHERE i.inhparent = 'events'::regclass")}  # fmt: skip
        assert {"events_2026_01", "events_2026_02", "events_2026_03", "events_default"} <= partitions
        assert conn.execute("SELECT count(*) FROM events").fetchone()[0] == 60
        assert conn.execute("SELECT count(*) FROM events_2026_02").fetchone()[0] == 20
        assert conn.execute("SELECT count(*) FROM events_default").fetchone()[0] == 0
        assert conn.execute("SELECT * FROM call_facts ORDER BY call_id").fetchall() == facts_before
        # The same event sent again is still refused as a duplicate.
        again = conn.execute(
            "INSERT INTO events (install_id, event_seq, at, call_id, kind) VALUES (%s, 1, %s, 'c0', 'hold_started') "
            "ON CONFLICT (install_id, event_seq, at) DO NOTHING RETURNING 1", (install, rows[0][2])).fetchall()  # fmt: skip
        assert again == []
        # The months ahead are made at start (and daily): ingest never lands in the default partition.
        conn.execute("SELECT events_partition_for(%s)", (date(2031, 7, 1),))
        assert conn.execute("SELECT to_regclass('events_2031_07')").fetchone()[0] == "events_2031_07"


def test_a_batch_from_months_ago_gets_its_own_partition(team_server, tmp_path):
    """A PC offline since long ago ships old events: they go to their month's partition, not the default."""
    from operator_assist.core.journal import Journal

    from . import test_team as tt
    from .builders import Builder

    _, _, token = team_server.enrol()
    folder = tmp_path / "old"
    folder.mkdir()
    with Journal.open(folder / "journal.sqlite3") as journal:
        Builder(journal).call(datetime(2024, 2, 10, 9, tzinfo=timezone.utc).timestamp(), holds=(20.0,))
    assert tt.run(tt.team_cli.join_main, team_server.url, token, data_dir=folder)[0] == 0
    assert tt.run(tt.team_cli.sync_main, data_dir=folder)[0] == 0
    assert team_server.sql("SELECT count(*) FROM events_2024_02")[0][0] >= 4
    assert team_server.sql("SELECT count(*) FROM events_default")[0][0] == 0
