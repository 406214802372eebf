"""Journal schema v3 (issue 22 #20): a call keeps only its latest heartbeat, and each call's row keeps
the facts the statistics need, so a report reads one row per call; older files are migrated."""

from __future__ import annotations

import json
import sqlite3
import threading
from datetime import date

from operator_assist.core import call_facts
from operator_assist.core import journal as journal_mod
from operator_assist.core.events import Event
from operator_assist.core.events import EventKind as K
from operator_assist.core.journal import Journal, schema_version
from operator_assist.core.stats import compute_stats

from .builders import Builder

T0 = 1_790_000_000.0
DAY = date.fromtimestamp(T0)


def heartbeats(journal: Journal, call_id: str, count: int, start: float) -> None:
    for n in range(1, count + 1):
        journal.record(Event(K.CALL_HEARTBEAT, n * 5.0, start + n * 5, call_id, {"elapsed": n * 5.0, "hold": n * 5.0, "index": 1}))


def test_a_call_keeps_only_its_latest_heartbeat_and_ids_only_grow(tmp_path):
    with Journal.open(tmp_path / "journal.sqlite3") as journal:
        builder = Builder(journal)
        other = builder.call(T0 - 600)
        cid = builder.call(T0, finish=False)
        journal.record(Event(K.HOLD_STARTED, 1.0, T0 + 1, cid, {"limit": 120.0, "role": "specialist", "index": 1}))
        heartbeats(journal, cid, 40, T0)  # 200 s of a call: 40 heartbeats written
        beats = journal.execute("SELECT id, data FROM events WHERE kind = 'call_heartbeat'").fetchall()
        assert len(beats) == 1 and json.loads(beats[0][1])["elapsed"] == 200.0
        assert beats[0][0] == journal.execute("SELECT max(id) FROM events").fetchone()[0]
        assert journal.call_status(other) == "normal"


def test_a_hold_a_crash_cut_short_counts_up_to_the_kept_heartbeat(tmp_path):
    path = tmp_path / "journal.sqlite3"
    journal = Journal.open(path)
    cid = Builder(journal).call(T0, finish=False)
    journal.record(Event(K.HOLD_STARTED, 1.0, T0 + 1, cid, {"limit": 120.0, "role": "specialist", "index": 1}))
    heartbeats(journal, cid, 30, T0)  # 150 s into the hold, over its 120 s limit, then the app dies
    journal._db.close()  # a kill: nothing closes the call
    journal._lock.release()
    (row,) = compute_stats(path, DAY, DAY).rows
    assert row.status == "interrupted" and (row.hold_n, row.hold_sum, row.longest_hold) == (1, 150.0, 150.0) and row.holds_over_limit == 1


def _as_v2(path) -> None:
    """Turns a v3 file back into what v2 wrote: no facts in the calls, every heartbeat kept."""
    db = sqlite3.connect(path)
    columns = ", ".join(f"{c}" for c in ("id", "started", "ended", "duration", "role", "offer_source", "status", "last_event"))
    db.executescript(
        "BEGIN; CREATE TABLE calls_v2 AS SELECT " + columns + " FROM calls; DROP TABLE calls; "
        "ALTER TABLE calls_v2 RENAME TO calls; CREATE INDEX calls_started ON calls (started); "
        "CREATE INDEX calls_open ON calls (status) WHERE status = 'open'; PRAGMA user_version = 2; COMMIT;"
    )
    db.close()


def test_a_v2_file_keeps_one_heartbeat_per_call_and_gets_the_facts(tmp_path):
    path = tmp_path / "journal.sqlite3"
    with Journal.open(path) as journal:
        builder = Builder(journal)
        builder.call(T0, holds=(30.0, 150.0), silence=1, offer="accepted")
        builder.call(T0 + 600, suppressed="complaint")
        before = compute_stats(journal, DAY, DAY, now=T0 + 3600).to_dict()
    _as_v2(path)
    db = sqlite3.connect(path)
    cid = db.execute("SELECT id FROM calls ORDER BY started").fetchone()[0]
    # v2 kept every heartbeat: 30 of them for the first call, in the middle of its events.
    for n in range(1, 31):
        db.execute("INSERT INTO events (call_id, kind, at, mono, data) VALUES (?, 'call_heartbeat', ?, ?, ?)",
                   (cid, T0 + n, n, json.dumps({"elapsed": float(n)})))  # fmt: skip
    db.commit()
    kept = db.execute("SELECT id, kind FROM events WHERE kind <> 'call_heartbeat' ORDER BY id").fetchall()
    last_beat = db.execute("SELECT max(id) FROM events WHERE kind = 'call_heartbeat'").fetchone()[0]
    db.close()
    with Journal.open(path) as journal:
        assert journal.execute("PRAGMA user_version").fetchone()[0] == schema_version() >= 3
        beats = journal.execute("SELECT id FROM events WHERE kind = 'call_heartbeat'").fetchall()
        assert beats == [(last_beat,)]
        assert journal.execute("SELECT id, kind FROM events WHERE kind <> 'call_heartbeat' ORDER BY id").fetchall() == kept
        after = compute_stats(journal, DAY, DAY, now=T0 + 3600).to_dict()
    assert after == before and after["calls"] == 2 and after["holds_over_limit"] == 1


def test_each_calls_row_holds_the_fold_of_its_events(tmp_path):
    """The facts kept while recording are exactly what folding the call's events gives."""
    with Journal.open(tmp_path / "journal.sqlite3") as journal:
        builder = Builder(journal)
        for n, kwargs in enumerate([{"holds": (30.0,)}, {"holds": (150.0, 10.0), "offer": "declined"},
                                    {"silence": 2, "offer": "shown"}, {"suppressed": "lost_phone"}, {}]):  # fmt: skip
            builder.call(T0 + n * 600, **kwargs)
        for cid, *stored in journal.execute(f"SELECT id, {', '.join(call_facts.NAMES)} FROM calls"):
            folded = call_facts.Facts()
            for event in journal.events(cid):
                call_facts.fold(folded, event.kind.value, event.data)
            assert tuple(stored) == folded.row()


def test_a_migration_of_a_big_file_runs_on_the_writer_not_on_the_caller(tmp_path, monkeypatch):
    """v3's migration folds every event once: it is part of opening, which the app does on its writer thread."""
    seen = []
    original = journal_mod._rebuild_facts
    monkeypatch.setattr(journal_mod, "_rebuild_facts", lambda db: (seen.append(threading.current_thread().name), original(db)))
    path = tmp_path / "journal.sqlite3"
    with Journal.open(path) as journal:
        Builder(journal).call(T0)
    _as_v2(path)
    seen.clear()  # making the file ran the migrations too
    from operator_assist.core.journal_sink import JournalWriter

    writer = JournalWriter(path)
    writer.record(Event(K.PHRASE_COPIED, 1.0, T0 + 900, None, {"phrase_id": "x.y"}))
    assert writer.flush(10) and writer.close()
    assert seen == ["journal-writer"]
