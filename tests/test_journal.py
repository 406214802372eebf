"""The call journal: round trips, whitelisting, schema versions, recovery of damaged files."""

from __future__ import annotations

import re
import sqlite3

import pytest

from operator_assist.core import files as files_mod
from operator_assist.core import journal as journal_mod
from operator_assist.core.engine import CallEngine
from operator_assist.core.events import Event, EventBus
from operator_assist.core.events import EventKind as K
from operator_assist.core.journal import (
    Journal,
    JournalError,
    JournalVersionError,
    clean_data,
    nobody_recording,
    schema_version,
)

CALL = "0123456789abcdef" * 2
T0 = 1_790_000_000.0

# One realistic payload per kind, as the engine emits them.
SAMPLES: dict[K, dict] = {
    K.CALL_STARTED: {"role": "specialist", "offer_source": "demo", "origin": "hotkey"},
    K.CALL_ENDED: {"duration": 187.25},
    K.CALL_INTERRUPTED: {"duration": 42.5},
    K.LOOKUP_STARTED: {},
    K.LOOKUP_ENDED: {"duration": 12.5},
    K.SILENCE_WARNING: {"threshold": 10.0},
    K.HOLD_STARTED: {"limit": 120.0, "role": "specialist", "index": 1},
    K.HOLD_PREWARNING: {"limit": 120.0, "remaining": 30.0},
    K.HOLD_LIMIT_REACHED: {"limit": 120.0},
    K.HOLD_ENDED: {"duration": 131.75, "limit": 120.0, "over_limit": True, "long_wait": True, "index": 1},
    K.PEER_HOLD_STARTED: {"origin": "telephony"},
    K.PEER_HOLD_ENDED: {"duration": 21.5, "origin": "telephony"},
    K.ROLE_CHANGED: {"role": "senior"},
    K.PHRASE_COPIED: {"phrase_id": "hold.ask_to_wait"},
    K.SERVICE_REQUEST_REGISTERED: {},
    K.SERVICE_REQUEST_WITHDRAWN: {},
    K.OFFER_SHOWN: {"offer_id": "tariff-smart-2025", "source": "demo"},
    K.OFFER_SUPPRESSED: {"offer_id": None, "reason": "complaint"},
    K.OFFER_OUTCOME: {"offer_id": "tariff-smart-2025", "outcome": "declined", "reason": "too_expensive"},
    K.OFFER_SOURCE_FAILED: {"source": "http", "error": "timeout"},
    K.DEAD_AIR: {"duration": 12.5, "warned": True},
    K.CALL_HEARTBEAT: {"elapsed": 65.0, "hold": 20.0, "index": 1},
    K.SPEECH_CHECK: {"check": "before_hold", "met": False, "phrase_id": None},
    K.FORBIDDEN_WORD: {"phrase_id": "never.wait"},
    K.PHRASE_HEARD: {"phrase_id": "resume.thanks"},
}

PERSONAL = {
    "client_name": "Иванов Иван Петрович",
    "phone": "+7 916 123-45-67",
    "msisdn": "79161234567",
    "comment": "клиент просил перезвонить вечером",
}


@pytest.fixture
def path(tmp_path):
    return tmp_path / "journal.sqlite3"


@pytest.fixture
def journal(path):
    j = Journal.open(path)
    yield j
    j.close()


def test_samples_cover_every_kind():
    assert set(SAMPLES) == set(K)
    assert set(journal_mod.WHITELIST) == set(K)


@pytest.mark.parametrize("kind", list(K), ids=lambda k: k.value)
def test_each_event_kind_round_trips(journal, kind):
    event = Event(kind, 1234.5, T0 + 0.125, CALL, dict(SAMPLES[kind]))
    journal.record(event)
    assert journal.events() == [event]


def test_event_without_call_round_trips(journal):
    event = Event(K.ROLE_CHANGED, 5.0, T0, None, {"role": "senior"})
    journal.record(event)
    assert journal.events() == [event]


def test_engine_session_round_trips(journal, clock, settings):
    """A whole call as the engine emits it comes back identical."""
    bus = EventBus()
    seen: list[Event] = []
    bus.subscribe(seen.append)
    bus.subscribe(journal.record)
    engine = CallEngine(clock, settings, bus=bus)
    engine.start_call()
    engine.start_lookup()
    clock.advance(11)
    engine.start_hold()
    clock.advance(125)
    engine.resume()
    engine.set_role("senior")
    clock.advance(20)
    engine.end_call()
    assert [e.kind for e in seen] == [
        K.CALL_STARTED, K.LOOKUP_STARTED, K.SILENCE_WARNING, K.LOOKUP_ENDED, K.HOLD_STARTED,
        K.HOLD_PREWARNING, K.HOLD_LIMIT_REACHED, K.HOLD_ENDED, K.ROLE_CHANGED, K.CALL_ENDED,
    ]  # fmt: skip
    assert journal.events() == seen
    assert journal.call_status(engine.call_id) == "normal"


def test_journal_is_a_bus_subscriber(journal):
    bus = EventBus()
    bus.subscribe(journal)  # the object itself is callable
    bus.emit(Event(K.PHRASE_COPIED, 1.0, T0, CALL, {"phrase_id": "greeting"}))
    assert [e.data for e in journal.events()] == [{"phrase_id": "greeting"}]


# --- personal data -------------------------------------------------------------


@pytest.mark.parametrize("kind", list(K), ids=lambda k: k.value)
def test_extra_keys_are_never_stored(journal, kind):
    journal.record(Event(kind, 1.0, T0, CALL, {**SAMPLES[kind], **PERSONAL}))
    assert journal.events()[0].data == SAMPLES[kind]


@pytest.mark.parametrize(
    "kind, data, stored",
    [
        # Identifiers shaped like phone numbers or containing text are dropped.
        (K.OFFER_SHOWN, {"offer_id": "79161234567", "source": "demo"}, {"source": "demo"}),
        (K.OFFER_SHOWN, {"offer_id": "8-916-123-45-67", "source": "demo"}, {"source": "demo"}),
        (K.PHRASE_COPIED, {"phrase_id": "Иванов Иван"}, {}),
        (K.CALL_STARTED, {"role": "specialist", "offer_source": {"name": "Иванов"}}, {"role": "specialist"}),
        # A free-text reason or error message keeps only its meaning.
        (
            K.OFFER_OUTCOME,
            {"offer_id": "o1", "outcome": "declined", "reason": "Иванов сказал, что дорого, тел. 89161234567"},
            {"offer_id": "o1", "outcome": "declined", "reason": "other"},
        ),
        (K.OFFER_OUTCOME, {"offer_id": "o1", "outcome": "accepted", "reason": None}, {"offer_id": "o1", "outcome": "accepted", "reason": None}),
        (K.OFFER_OUTCOME, {"offer_id": "o1", "outcome": "maybe"}, {"offer_id": "o1"}),
        (
            K.OFFER_SOURCE_FAILED,
            {"source": "http", "error": "HTTP 500 for https://crm.local/offers?msisdn=79161234567"},
            {"source": "http", "error": "other"},
        ),
        (
            K.OFFER_SOURCE_FAILED,
            {"source": "http", "error": "TimeoutError: no answer from 10.0.0.1 in 3 s"},
            {"source": "http", "error": "TimeoutError"},
        ),
        (K.OFFER_SUPPRESSED, {"offer_id": "o1", "reason": "client is Иванов"}, {"offer_id": "o1"}),
        # Wrong types are dropped, not coerced.
        (K.HOLD_ENDED, {"duration": "12", "limit": 120.0, "over_limit": 1, "long_wait": False, "index": True}, {"limit": 120.0, "long_wait": False}),
        (K.CALL_ENDED, {"duration": float("nan")}, {}),
    ],
)
def test_values_are_checked(kind, data, stored):
    assert clean_data(kind, data) == stored


def test_no_personal_bytes_reach_the_disk(path):
    j = Journal.open(path)
    for kind in K:
        j.record(Event(kind, 1.0, T0, CALL, {**SAMPLES[kind], **PERSONAL, "reason": PERSONAL["comment"]}))
    # A call id that is really a name is not kept either.
    j.record(Event(K.PHRASE_COPIED, 2.0, T0, "Иванов Иван", {"phrase_id": "x"}))
    raw = b"".join(p.read_bytes() for p in path.parent.iterdir() if p.name.startswith(path.name))
    j.close()
    for text in [*PERSONAL.values(), "Иванов", "9161234567"]:
        assert text.encode("utf-8") not in raw, text


# --- calls and interruption --------------------------------------------------------


def test_call_lifecycle(journal):
    journal.record(Event(K.CALL_STARTED, 0.0, T0, CALL, SAMPLES[K.CALL_STARTED]))
    assert journal.call_status(CALL) == "open"
    journal.record(Event(K.CALL_ENDED, 61.5, T0 + 61.5, CALL, {"duration": 61.5}))
    row = journal.execute("SELECT started, ended, duration, role, offer_source, status FROM calls").fetchone()
    assert row == (T0, T0 + 61.5, 61.5, "specialist", "demo", "normal")


def test_open_call_is_interrupted_on_next_open_at_its_last_event(path):
    first = Journal.open(path)
    first.record(Event(K.CALL_STARTED, 0.0, T0, CALL, SAMPLES[K.CALL_STARTED]))
    first.record(Event(K.HOLD_STARTED, 30.0, T0 + 30, CALL, SAMPLES[K.HOLD_STARTED]))
    # No close(): the process "dies" with the connection still open; its lock dies with it.
    first._lock.release()
    second = Journal.open(path)
    try:
        assert second.interrupted_on_open == 1
        row = second.execute("SELECT status, ended, duration FROM calls WHERE id = ?", (CALL,)).fetchone()
        assert row == ("interrupted", T0 + 30, 30.0)
    finally:
        second.close()
        first._db.close()


def test_a_second_instance_does_not_cut_the_first_one_s_live_call(path):
    first = Journal.open(path)
    first.record(Event(K.CALL_STARTED, 0.0, T0, CALL, SAMPLES[K.CALL_STARTED]))
    second = Journal.open(path)
    try:
        assert second.interrupted_on_open == 0 and second.call_status(CALL) == "open"
        assert not nobody_recording(path)
    finally:
        second.close()
        first.close()
    assert nobody_recording(path)


def test_quitting_mid_call_marks_it_interrupted(path):
    j = Journal.open(path)
    j.record(Event(K.CALL_STARTED, 0.0, T0, CALL, SAMPLES[K.CALL_STARTED]))
    j.record(Event(K.PHRASE_COPIED, 5.0, T0 + 5, CALL, {"phrase_id": "p"}))
    j.close()
    ro = Journal.open_readonly(path)
    assert ro.call_status(CALL) == "interrupted"
    ro.close()
    again = Journal.open(path)
    assert again.interrupted_on_open == 0
    again.close()


def test_new_call_closes_a_forgotten_open_one(journal):
    journal.record(Event(K.CALL_STARTED, 0.0, T0, "a" * 32, {}))
    journal.record(Event(K.CALL_STARTED, 9.0, T0 + 9, "b" * 32, {}))
    assert journal.call_status("a" * 32) == "interrupted"
    assert journal.call_status("b" * 32) == "open"


def test_events_after_call_end_keep_it_normal(journal):
    journal.record(Event(K.CALL_STARTED, 0.0, T0, CALL, {}))
    journal.record(Event(K.CALL_ENDED, 10.0, T0 + 10, CALL, {"duration": 10.0}))
    journal.record(Event(K.OFFER_OUTCOME, 15.0, T0 + 15, CALL, {"offer_id": "o", "outcome": "accepted", "reason": None}))
    assert journal.call_status(CALL) == "normal"
    assert journal.execute("SELECT duration FROM calls").fetchone() == (10.0,)


def test_journal_attached_mid_call_still_gets_the_call(journal):
    journal.record(Event(K.HOLD_STARTED, 5.0, T0 + 5, CALL, SAMPLES[K.HOLD_STARTED]))
    assert journal.call_status(CALL) == "open"
    journal.record(Event(K.CALL_ENDED, 20.0, T0 + 20, CALL, {"duration": 40.0}))
    assert journal.call_status(CALL) == "normal"


def test_record_many_is_one_transaction(journal):
    events = [Event(K.PHRASE_COPIED, float(i), T0 + i, CALL, {"phrase_id": f"p{i}"}) for i in range(100)]
    assert journal.record_many(events) == 100
    bad = [events[0], Event("no_such_kind", 0.0, T0, CALL, {})]  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        journal.record_many(bad)
    assert len(journal.events()) == 100


def test_wal_and_normal_sync(journal):
    assert journal.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert journal.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL


def test_readonly_reader_alongside_a_writer(journal, path):
    journal.record(Event(K.CALL_STARTED, 0.0, T0, CALL, {}))
    reader = Journal.open_readonly(path)
    try:
        assert reader.call_status(CALL) == "open"  # live call: not touched by the reader
        with pytest.raises(sqlite3.OperationalError):
            reader.execute("DELETE FROM events")
        journal.record(Event(K.CALL_ENDED, 3.0, T0 + 3, CALL, {"duration": 3.0}))
        assert reader.call_status(CALL) == "normal"
    finally:
        reader.close()


# --- schema versions --------------------------------------------------------------


def _v1_database(path):
    """A journal made the way version 1 makes it, without the Journal class."""
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode = WAL")
    for statement in journal_mod._V1:
        db.execute(statement)
    db.execute("PRAGMA user_version = 1")
    db.execute(
        "INSERT INTO calls (id, started, ended, duration, status, last_event) VALUES (?, ?, ?, ?, 'normal', ?)",
        (CALL, T0, T0 + 5, 5.0, T0 + 5),
    )
    db.execute("INSERT INTO events (call_id, kind, at, mono, data) VALUES (?, 'call_started', ?, 0, '{}')", (CALL, T0))
    db.close()


def test_new_file_is_stamped(journal):
    assert schema_version() >= 1
    assert journal.execute("PRAGMA user_version").fetchone()[0] == schema_version()


def test_v1_file_opens(path):
    _v1_database(path)
    with Journal.open(path) as j:
        assert j.call_status(CALL) == "normal"
        assert j.execute("PRAGMA user_version").fetchone()[0] == schema_version()


def test_v1_file_is_migrated_by_a_later_version(path, monkeypatch):
    _v1_database(path)

    def to_v2(db):
        db.execute("ALTER TABLE calls ADD COLUMN queue TEXT")
        db.execute("UPDATE calls SET queue = 'b2c'")

    monkeypatch.setattr(journal_mod, "MIGRATIONS", [*journal_mod.MIGRATIONS[:1], to_v2])
    with Journal.open(path) as j:
        assert j.execute("PRAGMA user_version").fetchone()[0] == 2
        assert j.execute("SELECT id, queue FROM calls").fetchall() == [(CALL, "b2c")]
        assert len(j.events()) == 1


def test_failed_migration_leaves_the_file_at_its_version(path, monkeypatch):
    _v1_database(path)

    def broken(db):
        db.execute("ALTER TABLE calls ADD COLUMN queue TEXT")
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(journal_mod, "MIGRATIONS", [*journal_mod.MIGRATIONS[:1], broken])
    with pytest.raises(JournalError):
        Journal.open(path)
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == 1
    assert "queue" not in [r[1] for r in db.execute("PRAGMA table_info(calls)")]
    db.close()
    assert not list(path.parent.glob("*.corrupt-*"))


def test_newer_version_is_refused_untouched(path):
    Journal.open(path).close()
    db = sqlite3.connect(path)
    db.execute("PRAGMA user_version = 99")
    db.close()
    before = path.read_bytes()
    with pytest.raises(JournalVersionError) as info:
        Journal.open(path)
    assert "более новой версией" in str(info.value) and str(path) in str(info.value)
    with pytest.raises(JournalVersionError):
        Journal.open_readonly(path)
    assert path.read_bytes() == before
    assert not list(path.parent.glob("*.corrupt-*"))


# --- damaged files ---------------------------------------------------------------

ASIDE = re.compile(r"journal\.sqlite3\.corrupt-\d{8}-\d{6}(-\d+)?")


def _assert_fresh_and_working(j):
    j.record(Event(K.CALL_STARTED, 0.0, T0, CALL, {}))
    assert [e.kind for e in j.events()] == [K.CALL_STARTED]


def test_garbage_file_is_moved_aside_with_its_wal_and_shm(path):
    garbage = b"this is not sqlite at all " * 400
    path.write_bytes(garbage)
    path.with_name(path.name + "-wal").write_bytes(b"wal garbage")
    path.with_name(path.name + "-shm").write_bytes(b"shm garbage")
    with Journal.open(path) as j:
        old = j.recovered_from
        assert old is not None and ASIDE.fullmatch(old.name), old
        assert old.read_bytes() == garbage
        assert old.with_name(old.name + "-wal").read_bytes() == b"wal garbage"
        assert old.with_name(old.name + "-shm").read_bytes() == b"shm garbage"
        assert str(old) in j.notice and "повреждён" in j.notice
        _assert_fresh_and_working(j)


def test_damaged_schema_is_moved_aside(path):
    with Journal.open(path) as j:
        j.record(Event(K.CALL_STARTED, 0.0, T0, CALL, {}))
        j.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xa5" * (4096 - 100)  # the schema table on page 1, after the file header
    path.write_bytes(bytes(data))
    with Journal.open(path) as j:
        assert j.recovered_from is not None and j.recovered_from.read_bytes() == bytes(data)
        _assert_fresh_and_working(j)


def test_foreign_sqlite_file_is_moved_aside(path):
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE contacts (name TEXT)")
    db.commit()
    db.close()
    with Journal.open(path) as j:
        assert j.recovered_from is not None
        _assert_fresh_and_working(j)


def test_empty_file_is_just_a_new_journal(path):
    path.write_bytes(b"")
    with Journal.open(path) as j:
        assert j.recovered_from is None and j.notice is None
        _assert_fresh_and_working(j)


def test_two_damaged_files_in_one_second_get_distinct_names(path, monkeypatch):
    monkeypatch.setattr(files_mod.time, "strftime", lambda fmt: "20250910-120000")
    names = []
    for _ in range(2):
        path.write_bytes(b"garbage" * 100)
        with Journal.open(path) as j:
            names.append(j.recovered_from.name)
    assert names == ["journal.sqlite3.corrupt-20250910-120000", "journal.sqlite3.corrupt-20250910-120000-1"]


def test_unreadable_readonly_open_leaves_the_file(path):
    path.write_bytes(b"garbage" * 100)
    wal = path.with_name(path.name + "-wal")
    wal.write_bytes(b"maybe the only copy")
    with pytest.raises(JournalError):
        Journal.open_readonly(path)
    assert path.read_bytes() == b"garbage" * 100
    assert wal.read_bytes() == b"maybe the only copy"


def test_missing_file_readonly(path):
    with pytest.raises(FileNotFoundError):
        Journal.open_readonly(path)
    assert not path.exists()
