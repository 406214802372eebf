"""Journal schema v2: install id, explicit call_interrupted events, the shipping outbox and its ack."""

from __future__ import annotations

import sqlite3
import uuid
from datetime import date

import pytest

from operator_assist.core import journal as journal_mod
from operator_assist.core.events import Event
from operator_assist.core.events import EventKind as K
from operator_assist.core.journal import Journal, JournalError, schema_version
from operator_assist.core.stats import compute_stats

T0 = 1_790_000_000.0
A, B = "a" * 32, "b" * 32


def ev(kind, call, wall, **data):
    return Event(kind, wall - T0 + 100.0, wall, call, data)


@pytest.fixture
def path(tmp_path):
    return tmp_path / "journal.sqlite3"


def test_new_journal_is_v2_with_a_stable_install_id(path, tmp_path):
    assert schema_version() >= 2
    with Journal.open(path) as j:
        first = j.install_id()
    assert uuid.UUID(first).version == 4
    with Journal.open(path) as j:
        assert j.install_id() == first
    with Journal.open(tmp_path / "other.sqlite3") as other:
        assert other.install_id() != first


def _v1_file(path):
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode = WAL")
    journal_mod._migrate_to_v1(db)
    db.execute("PRAGMA user_version = 1")
    rows = [
        (A, "call_started", T0, 1.0),
        (A, "hold_started", T0 + 5, 6.0),
        (A, "call_ended", T0 + 60, 61.0),
        (B, "call_started", T0 + 100, 101.0),
        (B, "silence_warning", T0 + 130, 131.0),
    ]
    for call, kind, at, mono in rows:
        db.execute("INSERT INTO events (call_id, kind, at, mono, data) VALUES (?, ?, ?, ?, '{}')", (call, kind, at, mono))
    db.execute("INSERT INTO calls VALUES (?, ?, ?, 60.0, NULL, NULL, 'normal', ?)", (A, T0, T0 + 60, T0 + 60))
    db.execute("INSERT INTO calls VALUES (?, ?, ?, 30.0, NULL, NULL, 'interrupted', ?)", (B, T0 + 100, T0 + 130, T0 + 130))
    db.close()


def test_v1_file_migrates_to_v2_and_interruptions_get_their_event(path):
    _v1_file(path)
    day = date.fromtimestamp(T0)
    with Journal.open(path) as j:
        assert j.execute("PRAGMA user_version").fetchone()[0] == schema_version()
        uuid.UUID(j.install_id())
        assert j.execute("SELECT count(*) FROM ship_ack").fetchone()[0] == 0
        rows = j.outbox(0, 100)
        # The old events keep their ids (the outbox sequence); the interruption is appended.
        assert [(r[0], r[2], r[3]) for r in rows] == [
            (1, A, "call_started"), (2, A, "hold_started"), (3, A, "call_ended"),
            (4, B, "call_started"), (5, B, "silence_warning"), (6, B, "call_interrupted"),
        ]  # fmt: skip
        cut = j.events(B)[-1]
        assert (cut.kind, cut.wall, cut.at, cut.data) == (K.CALL_INTERRUPTED, T0 + 130, 131.0, {"duration": 30.0})
        stats = compute_stats(j, day, day)
        assert (stats.calls, stats.interrupted, stats.holds) == (2, 1, 1)
    with Journal.open(path) as j:  # migrating once only
        assert j.outbox_pending(0) == 6


def test_call_interrupted_on_a_new_call_comes_before_it(path):
    with Journal.open(path) as j:
        j.record(ev(K.CALL_STARTED, A, T0, role="specialist"))
        j.record(ev(K.HOLD_STARTED, A, T0 + 10, limit=120.0, index=1))
        j.record(ev(K.CALL_STARTED, B, T0 + 50, role="specialist"))
        kinds = [(e.call_id, e.kind) for e in j.events()]
        assert kinds == [(A, K.CALL_STARTED), (A, K.HOLD_STARTED), (A, K.CALL_INTERRUPTED), (B, K.CALL_STARTED)]
        assert j.events(A)[-1].wall == T0 + 10 and j.events(A)[-1].data == {"duration": 10.0}
        assert j.call_status(A) == "interrupted"


def test_call_interrupted_on_close_mid_call(path):
    j = Journal.open(path)
    j.record(ev(K.CALL_STARTED, A, T0))
    j.record(ev(K.SILENCE_WARNING, A, T0 + 20, threshold=10.0))
    j.close()
    with Journal.open(path) as j:
        assert [e.kind for e in j.events()] == [K.CALL_STARTED, K.SILENCE_WARNING, K.CALL_INTERRUPTED]
        assert j.call_status(A) == "interrupted"


def test_call_interrupted_on_open_after_a_crash(path):
    j = Journal.open(path)
    j.record(ev(K.CALL_STARTED, A, T0))
    # A crash: the process is gone without close() (its lock dies with it).
    j._lock.release()
    j._db.close()
    with Journal.open(path) as again:
        assert again.interrupted_on_open == 1
        assert [e.kind for e in again.events()] == [K.CALL_STARTED, K.CALL_INTERRUPTED]
    with Journal.open(path) as third:  # written once
        assert third.interrupted_on_open == 0 and len(third.events()) == 2


def test_a_finished_call_gets_no_interruption(path):
    with Journal.open(path) as j:
        j.record(ev(K.CALL_STARTED, A, T0))
        j.record(ev(K.CALL_ENDED, A, T0 + 5, duration=5.0))
    with Journal.open(path) as j:
        assert [e.kind for e in j.events()] == [K.CALL_STARTED, K.CALL_ENDED]


def test_replayed_call_interrupted_closes_the_call(path):
    with Journal.open(path) as j:
        j.record(ev(K.CALL_STARTED, A, T0))
        j.record(ev(K.CALL_INTERRUPTED, A, T0 + 7, duration=7.0))
        assert j.call_status(A) == "interrupted"
        assert j.execute("SELECT duration FROM calls").fetchone()[0] == 7.0
    with Journal.open(path) as j:  # nothing left open, no second event
        assert len(j.events()) == 2


def test_outbox_reads_in_order_and_keeps_the_ack_per_server(path):
    with Journal.open(path) as j:
        for n in range(10):
            j.record(ev(K.PHRASE_COPIED, None, T0 + n, phrase_id=f"p{n}", name="Иванов"))
    box = Journal.open_outbox(path)
    try:
        assert box.acked("http://a") == 0
        rows = box.outbox(3, 4)
        assert [r[0] for r in rows] == [4, 5, 6, 7]
        assert rows[0][1:] == (T0 + 3, None, "phrase_copied", '{"phrase_id":"p3"}')  # whitelisted on write
        box.set_acked("http://a", 7, T0)
        box.set_acked("http://b", 2, T0)
        box.set_acked("http://a", 5, T0)  # lower too: a server restored from an older backup
        assert (box.acked("http://a"), box.acked("http://b")) == (5, 2)
        assert box.outbox_pending(5) == 5
    finally:
        box.close()


def test_outbox_refuses_a_v1_file_untouched(path):
    _v1_file(path)
    before = path.read_bytes()
    with pytest.raises(JournalError, match="старого формата"):
        Journal.open_outbox(path)
    assert path.read_bytes() == before
    with pytest.raises(JournalError, match="ещё нет"):
        Journal.open_outbox(path.with_name("missing.sqlite3"))
