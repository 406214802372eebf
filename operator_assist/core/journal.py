"""The call journal: every engine event, committed as it happens, in one SQLite file.

Design points:

- Only whitelisted keys of each event kind are stored, and each value must have
  the expected shape (number, flag, fixed code, short identifier). Names, phone
  numbers or free text passed by mistake never reach the disk.
- WAL with ``synchronous=NORMAL``: a commit is a write() into the WAL file, no
  fsync. That survives a killed or crashed *process* (the data is in the OS page
  cache, which the kernel writes out); only a power cut or OS crash can lose the
  last commits, and even then the file stays consistent. Process crashes are the
  requirement; an fsync per event would cost milliseconds on the GUI thread.
- A call that was still open when the app died is closed as interrupted at the
  time of its last recorded event the next time the journal is opened. Every
  close as interrupted (that one, quitting mid-call, a new call while one is
  open) also writes a ``call_interrupted`` event, so the events alone tell it.
- Outbox (v2): ``events.id`` only grows, so it is the shipping sequence (it may
  skip numbers: see heartbeats); ``meta.install_id`` names this file to a team
  server and ``ship_ack`` keeps the sequence the server acknowledged (see
  team/shipper.py).
- Heartbeats (v3): a call keeps only its latest ``call_heartbeat`` (where a crash
  cut it); each new one replaces the one before, so a long call does not
  multiply the journal (and the statistics' work) by its length.
- A file SQLite cannot read, or one ``PRAGMA quick_check`` finds damaged, is renamed
  aside (never deleted) with its -wal/-shm, and a fresh journal is started with
  what can still be read from it: the install's identity (so a team server still
  takes its events), the acknowledgements, the calls and events.
  ``Journal.recovered_from`` / ``Journal.notice`` tell the caller.
- The schema version lives in ``PRAGMA user_version``; ``MIGRATIONS[i]`` takes a
  database from version ``i`` to ``i + 1``. A file from a newer program is
  refused untouched.

No Qt here: the journal is a plain :class:`EventBus` subscriber
(``bus.subscribe(journal.record)``).
"""

from __future__ import annotations

import contextlib
import json
import logging
import math
import re
import sqlite3
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator

if TYPE_CHECKING:
    import tempfile

from ..messages import Said, say
from .call_facts import COLUMNS as FACT_COLUMNS
from .call_facts import KINDS as FACT_KINDS
from .call_facts import NAMES as FACT_NAMES
from .call_facts import Facts, fold
from .events import ORIGINS, Event, EventKind
from .files import aside_name, create_private_file, make_private_dir

log = logging.getLogger(__name__)

# --- schema -----------------------------------------------------------------

_V1 = (
    """
    CREATE TABLE calls (
        id TEXT PRIMARY KEY,
        started REAL NOT NULL,          -- Unix time of call_started
        ended REAL,                     -- Unix time of call_ended, or of the last event if interrupted
        duration REAL,                  -- seconds
        role TEXT,
        offer_source TEXT,
        status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'normal', 'interrupted')),
        last_event REAL NOT NULL        -- Unix time of the call's latest event: where a crash cut it
    )
    """,
    "CREATE INDEX calls_started ON calls (started)",
    "CREATE INDEX calls_open ON calls (status) WHERE status = 'open'",
    """
    CREATE TABLE events (
        id INTEGER PRIMARY KEY,
        call_id TEXT,
        kind TEXT NOT NULL,
        at REAL NOT NULL,               -- Unix time
        mono REAL NOT NULL,             -- monotonic reading; comparable only within one session
        data TEXT NOT NULL DEFAULT '{}' -- JSON object of whitelisted keys only
    )
    """,
    "CREATE INDEX events_call ON events (call_id)",
    "CREATE INDEX events_at ON events (at)",
)


def _migrate_to_v1(db: sqlite3.Connection) -> None:
    for statement in _V1:
        db.execute(statement)


_V2 = (
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    # The sequence a team server acknowledged, per server URL (a new server starts from 0).
    "CREATE TABLE ship_ack (server TEXT PRIMARY KEY, seq INTEGER NOT NULL, at REAL NOT NULL)",
)


def _migrate_to_v2(db: sqlite3.Connection) -> None:
    for statement in _V2:
        db.execute(statement)
    db.execute("INSERT INTO meta (key, value) VALUES ('install_id', ?)", (str(uuid.uuid4()),))
    # v1 knew an interruption only on the call row: give each one its event, so a server sees it.
    db.execute(
        "INSERT INTO events (call_id, kind, at, mono, data) "
        "SELECT c.id, 'call_interrupted', c.last_event, "
        "coalesce((SELECT e.mono FROM events e WHERE e.call_id = c.id ORDER BY e.id DESC LIMIT 1), 0), "
        "CASE WHEN c.duration IS NULL THEN '{}' ELSE json_object('duration', c.duration) END "
        "FROM calls c WHERE c.status = 'interrupted' ORDER BY c.started, c.id"
    )


def _keep_last_heartbeats(db: sqlite3.Connection) -> None:
    db.execute(
        "DELETE FROM events WHERE kind = 'call_heartbeat' AND id NOT IN "
        "(SELECT max(id) FROM events WHERE kind = 'call_heartbeat' GROUP BY call_id)"
    )


def _rebuild_facts(db: sqlite3.Connection) -> None:
    """Every call's facts (core/call_facts.py) folded anew from its events."""
    facts: dict[str, Facts] = {}
    marks = ", ".join("?" for _ in FACT_KINDS)
    for call_id, kind, data in db.execute(
        f"SELECT call_id, kind, data FROM events WHERE call_id IS NOT NULL AND kind IN ({marks}) ORDER BY id",
        tuple(FACT_KINDS),
    ):
        found = facts.get(call_id)
        if found is None:
            found = facts[call_id] = Facts()
        fold(found, kind, json.loads(data))
    db.executemany(_SET_FACTS, [(*f.row(), call_id) for call_id, f in facts.items()])


def _migrate_to_v3(db: sqlite3.Connection) -> None:
    """Only each call's latest heartbeat is kept (a five-second heartbeat multiplied a journal about 9×),
    and each call's row keeps the facts the statistics need, so a report reads one row per call."""
    _keep_last_heartbeats(db)
    for name, kind in FACT_COLUMNS:
        db.execute(f"ALTER TABLE calls ADD COLUMN {name} {kind}")
    _rebuild_facts(db)


def _migrate_to_v4(db: sqlite3.Connection) -> None:
    """Each call's row keeps the version of the team's standard it was served under (issue 24;
    NULL: the bundled standard). No call of an older journal had one."""
    db.execute("ALTER TABLE calls ADD COLUMN standard INTEGER")


def _standards_from_events(db: sqlite3.Connection) -> None:
    """Each call's ``standard`` from its ``call_started`` event (a journal salvaged without it)."""
    db.execute(
        "UPDATE calls SET standard = (SELECT json_extract(e.data, '$.standard') FROM events e "
        "WHERE e.call_id = calls.id AND e.kind = 'call_started' ORDER BY e.id LIMIT 1) WHERE standard IS NULL"
    )


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_migrate_to_v1, _migrate_to_v2, _migrate_to_v3, _migrate_to_v4]
"""``MIGRATIONS[i]`` upgrades version ``i`` to ``i + 1``; a new version is one appended function."""


def schema_version() -> int:
    """The version this program writes (read at call time so tests can extend MIGRATIONS)."""
    return len(MIGRATIONS)


_BUSY_TIMEOUT_S = 5.0
_GET_FACTS = f"SELECT {', '.join(FACT_NAMES)} FROM calls WHERE id = ?"
_SET_FACTS = f"UPDATE calls SET {', '.join(f'{name} = ?' for name in FACT_NAMES)} WHERE id = ?"

# --- errors and notices -------------------------------------------------------


class JournalError(Said):
    """The journal cannot be used; ``str(error)`` is a message for the operator (a code said in the user's language)."""


class JournalVersionError(JournalError):
    """The file was written by a newer program; it is left exactly as it was."""


def _is_unreadable(error: sqlite3.DatabaseError) -> bool:
    """Garbage or a damaged file, as opposed to a locked, missing, read-only or full one."""
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (26, 11)  # SQLITE_NOTADB, SQLITE_CORRUPT (no names before Python 3.11)
    text = str(error).lower()  # Python < 3.11 has no error codes
    return "not a database" in text or "malformed" in text


# --- whitelisting ------------------------------------------------------------

_DROP = object()
_IDENT = re.compile(r"[\w.:/-]{1,64}")
# Ten digits, maybe split by single dots/dashes: shaped like a phone number, never an id we want.
_PHONE_LIKE = re.compile(r"\d(?:[-.]?\d){9,}")
_CODE = re.compile(r"[a-z][a-z0-9_]{0,39}")
_EXCEPTION_NAME = re.compile(r"([A-Z][A-Za-z0-9_.]{0,63}(?:Error|Exception|Timeout|Failure))\b")
_SUPPRESS_REASONS = frozenset({"complaint", "lost_phone", "siebel_down"})
_OUTCOMES = frozenset({"accepted", "declined", "not_voiced"})
_SPEECH_CHECKS = frozenset({"before_hold", "after_hold", "summary", "farewell"})  # core/speech_checks.py CHECKS


def _number(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return _DROP
    if isinstance(value, int):
        return int(value)
    return float(value) if math.isfinite(value) else _DROP


def _integer(value: Any) -> Any:
    return int(value) if isinstance(value, int) and not isinstance(value, bool) else _DROP


def _version(value: Any) -> Any:
    """A team standard's version: a positive whole number."""
    return value if isinstance(value, int) and not isinstance(value, bool) and 0 < value < 2**31 else _DROP


def _flag(value: Any) -> Any:
    return value if isinstance(value, bool) else _DROP


def _ident(value: Any, nullable: bool = False) -> Any:
    if value is None:
        return None if nullable else _DROP
    if isinstance(value, str) and _IDENT.fullmatch(value) and not _PHONE_LIKE.search(value):
        return value
    return _DROP


def _nullable_ident(value: Any) -> Any:
    return _ident(value, nullable=True)


def _one_of(allowed: frozenset[str]) -> Callable[[Any], Any]:
    return lambda value: value if isinstance(value, str) and value in allowed else _DROP


def _reason_code(value: Any) -> Any:
    """A short snake_case code; anything else (an operator's free-text note) becomes "other"."""
    if value is None:
        return None
    return value if isinstance(value, str) and _CODE.fullmatch(value) else "other"


def _error_code(value: Any) -> Any:
    """Keeps a code or exception class name, never the message (it may quote a URL or a number)."""
    if isinstance(value, str):
        if _CODE.fullmatch(value):
            return value
        match = _EXCEPTION_NAME.match(value)
        if match:
            return match.group(1)
    return "other"


_ORIGIN = {"origin": _one_of(frozenset(ORIGINS))}

WHITELIST: dict[EventKind, dict[str, Callable[[Any], Any]]] = {
    EventKind.CALL_STARTED: {"role": _ident, "offer_source": _ident, "standard": _version, **_ORIGIN},
    EventKind.CALL_ENDED: {"duration": _number, **_ORIGIN},
    EventKind.CALL_INTERRUPTED: {"duration": _number},
    EventKind.LOOKUP_STARTED: {**_ORIGIN},
    EventKind.LOOKUP_ENDED: {"duration": _number, **_ORIGIN},
    EventKind.SILENCE_WARNING: {"threshold": _number, **_ORIGIN},
    EventKind.HOLD_STARTED: {"limit": _number, "role": _ident, "index": _integer, **_ORIGIN},
    EventKind.HOLD_PREWARNING: {"limit": _number, "remaining": _number, **_ORIGIN},
    EventKind.HOLD_LIMIT_REACHED: {"limit": _number, **_ORIGIN},
    EventKind.HOLD_ENDED: {
        "duration": _number,
        "limit": _number,
        "over_limit": _flag,
        "long_wait": _flag,
        "index": _integer,
        **_ORIGIN,
    },
    EventKind.PEER_HOLD_STARTED: {**_ORIGIN},
    EventKind.PEER_HOLD_ENDED: {"duration": _number, **_ORIGIN},
    EventKind.ROLE_CHANGED: {"role": _ident},
    EventKind.PHRASE_COPIED: {"phrase_id": _ident, **_ORIGIN},
    EventKind.SERVICE_REQUEST_REGISTERED: {**_ORIGIN},
    EventKind.SERVICE_REQUEST_WITHDRAWN: {**_ORIGIN},
    EventKind.OFFER_SHOWN: {"offer_id": _ident, "source": _ident},
    EventKind.OFFER_SUPPRESSED: {"offer_id": _nullable_ident, "reason": _one_of(_SUPPRESS_REASONS), **_ORIGIN},
    EventKind.OFFER_OUTCOME: {"offer_id": _ident, "outcome": _one_of(_OUTCOMES), "reason": _reason_code, **_ORIGIN},
    EventKind.OFFER_SOURCE_FAILED: {"source": _ident, "error": _error_code},
    EventKind.DEAD_AIR: {"duration": _number, "warned": _flag},
    EventKind.CALL_HEARTBEAT: {"elapsed": _number, "hold": _number, "index": _integer},
    EventKind.SPEECH_CHECK: {"check": _one_of(_SPEECH_CHECKS), "met": _flag, "phrase_id": _nullable_ident},
    EventKind.FORBIDDEN_WORD: {"phrase_id": _ident},
    EventKind.PHRASE_HEARD: {"phrase_id": _ident},
}
"""Per kind: the only keys stored, each with a check that returns the value to keep or drops it."""


def clean_data(kind: EventKind, data: dict[str, Any]) -> dict[str, Any]:
    """The part of ``data`` that may be stored; unknown kinds keep nothing."""
    allowed = WHITELIST.get(kind, {})
    kept = {}
    for key, check in allowed.items():
        if key in data:
            value = check(data[key])
            if value is not _DROP:
                kept[key] = value
    return kept


def _clean_call_id(call_id: Any) -> str | None:
    # Engine ids are random hex; anything not id-shaped is not stored as a key.
    if isinstance(call_id, str) and _IDENT.fullmatch(call_id):
        return call_id
    return None


# --- the journal --------------------------------------------------------------


def _move_aside(path: Path) -> Path:
    """Renames the file and its -wal/-shm together, so SQLite tools can still open the copy."""
    target = aside_name(path)
    try:
        path.rename(target)
        for suffix in ("-wal", "-shm", "-journal"):
            side = Path(str(path) + suffix)
            if side.exists():
                side.rename(Path(str(target) + suffix))
    except OSError as exc:
        raise JournalError("journal.corrupt_not_renamed", path=path, exc=exc) from exc
    return target


_MAGIC = b"SQLite format 3\x00"


def _foreign_header(path: Path) -> bool:
    """True for a non-empty file that does not even start like SQLite.

    Checked before SQLite sees the file: on such a file SQLite fails, then on close
    deletes a -wal/-shm lying next to it, which may hold the only copy of the data.
    """
    try:
        with path.open("rb") as f:
            head = f.read(len(_MAGIC))
    except FileNotFoundError:
        return False
    return bool(head) and head != _MAGIC


def _connect(path: Path, private: bool = False, busy_timeout: float = _BUSY_TIMEOUT_S) -> sqlite3.Connection:
    """``private``: a new file is made 0600 first (SQLite gives its -wal and -shm the same mode)."""
    if private:
        create_private_file(path)
    # Autocommit mode: transactions are explicit BEGIN/COMMIT below.
    return sqlite3.connect(str(path), isolation_level=None, timeout=busy_timeout)


class Damaged(sqlite3.DatabaseError):
    """``PRAGMA quick_check`` found the file damaged (it can still be opened, but not trusted)."""

    sqlite_errorcode = 11  # SQLITE_CORRUPT: what SQLite would say when it reaches the damage


def _quick_check(db: sqlite3.Connection) -> None:
    rows = db.execute("PRAGMA quick_check(5)").fetchall()
    if [r[0] for r in rows] != ["ok"]:
        found = "; ".join(str(r[0]).replace("\n", "; ") for r in rows)
        raise Damaged(f"database disk image is malformed (quick_check: {found[:300]})")


def _refuse_newer(db: sqlite3.Connection, path: Path) -> int:
    """The file's schema version; raises for a newer program's file (nothing written)."""
    version: int = db.execute("PRAGMA user_version").fetchone()[0]
    if version > schema_version():
        raise JournalVersionError(
            say("journal.newer_format", path=path, version=version, known=schema_version())
        )
    return version


def _ensure_schema(db: sqlite3.Connection, path: Path) -> None:
    """Stamps a new file, migrates an older one."""
    target = schema_version()
    version = _refuse_newer(db, path)
    if version == target:
        return
    if version == 0:
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        if tables:
            # Some other SQLite file, not a journal of any version.
            raise sqlite3.DatabaseError("file is not a database: foreign tables " + ", ".join(tables))
    db.execute("BEGIN IMMEDIATE")
    try:
        # Another process may have migrated while we waited for the write lock.
        version = db.execute("PRAGMA user_version").fetchone()[0]
        for step in range(version, target):
            MIGRATIONS[step](db)
        db.execute(f"PRAGMA user_version = {int(target)}")
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise


class _WriterLock:
    """A shared lock on ``<journal>.lock`` held by every process recording into the journal.

    flock locks die with their process (kill -9 included), so when nobody holds it,
    nobody is recording and a call still open was cut short. Where flock does not
    exist (not POSIX) nothing is known: ``sole`` is True for a writer (recover as
    before) and :func:`nobody_recording` says False (report open calls as in progress).
    """

    def __init__(self, path: Path) -> None:
        self.sole = True
        """No other process was recording when this one started."""
        self._file = None
        try:
            import fcntl
        except ImportError:
            return
        try:
            create_private_file(_lock_path(path))
            self._file = open(_lock_path(path), "a+b")  # noqa: SIM115 - held until release()
            try:
                fcntl.flock(self._file, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                self.sole = False
            fcntl.flock(self._file, fcntl.LOCK_SH)  # converts ours, or waits for no exclusive holder
        except OSError as exc:
            log.warning("journal lock %s unusable (%s); recording without it", _lock_path(path), exc)
            self.release()
            self.sole = True

    def release(self) -> None:
        if self._file is not None:
            self._file.close()  # closing drops the lock
            self._file = None


def _lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


def nobody_recording(path: str | Path) -> bool:
    """True when no process holds the journal's writer lock (so open calls were cut short)."""
    try:
        import fcntl
    except ImportError:
        return False
    lock = _lock_path(Path(path))
    try:
        with open(lock, "rb") as file:
            try:
                fcntl.flock(file, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return False
            return True  # the lock drops as the file closes
    except FileNotFoundError:
        return True  # nobody has recorded since locks exist
    except OSError:
        return False


def _readonly_copy(path: Path) -> tuple[sqlite3.Connection, tempfile.TemporaryDirectory[str]]:
    """(connection, temp dir) to a private copy of the file and its -wal, for reading only."""
    import shutil
    import tempfile

    copy_dir = tempfile.TemporaryDirectory(prefix="operator-assist-journal-")
    target = Path(copy_dir.name) / path.name
    shutil.copyfile(path, target)
    wal = Path(str(path) + "-wal")
    if wal.exists():
        shutil.copyfile(wal, Path(str(target) + "-wal"))  # the last commits of a killed app live there
    db = sqlite3.connect(target.as_uri() + "?mode=ro", uri=True, isolation_level=None, timeout=_BUSY_TIMEOUT_S)
    return db, copy_dir


RESEQUENCE_AFTER = "resequence_after"
"""meta key: after a recovery that could not read every event, this journal's ids above this
number may be below what a team server already has; the shipper moves them past the server's
sequence before it ships (see team/shipper.py), then removes the key."""
IDENTITY_LOST = "identity_lost"
"""meta key: the damaged file's install id could not be read; the shipper takes the enrolment's."""

_SALVAGE_CHUNK = 5000
_CALL_COLUMNS = "id, started, ended, duration, role, offer_source, status, last_event"
_SALVAGE_TABLES = (
    (f"SELECT {_CALL_COLUMNS} FROM calls ORDER BY rowid",
     f"INSERT OR IGNORE INTO calls ({_CALL_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
    ("SELECT id, call_id, kind, at, mono, data FROM events ORDER BY id",
     "INSERT INTO events (id, call_id, kind, at, mono, data) VALUES (?, ?, ?, ?, ?, ?)"),
)  # fmt: skip


def _salvage(aside: Path, journal: "Journal") -> int | None:
    """Copies what can still be read of the damaged file ``aside`` into the fresh ``journal``: its
    identity, acknowledgements, calls and events (each table until the first unreadable row).

    Returns the number of calls copied (None when the file could not be read at all).
    """
    old = copy_dir = None
    if not _foreign_header(aside):  # garbage is not shown to SQLite (see _foreign_header)
        try:  # a private copy: SQLite must not touch the kept file or its -wal/-shm
            old, copy_dir = _readonly_copy(aside)
        except (OSError, sqlite3.Error) as exc:
            log.warning("journal salvage: %s unreadable: %s", aside, exc)
    db = journal._db
    identity = calls = None
    complete = False
    try:
        if old is not None:
            identity = (_read_all(old, "SELECT value FROM meta WHERE key = 'install_id'") or [(None,)])[0][0]
            with journal.transaction():
                if identity is not None:
                    journal.set_meta("install_id", identity)
                acks = _read_all(old, "SELECT server, seq, at FROM ship_ack") or []
                db.executemany("INSERT OR REPLACE INTO ship_ack (server, seq, at) VALUES (?, ?, ?)", acks)
            (calls, _), (events, complete) = (_copy_table(old, db, *queries) for queries in _SALVAGE_TABLES)
            if events:
                with journal.transaction():
                    _keep_last_heartbeats(db)  # a file from before v3 brings every heartbeat
                    _rebuild_facts(db)  # the calls were copied without them
                    _standards_from_events(db)
    finally:
        if old is not None:
            old.close()
        if copy_dir is not None:
            copy_dir.cleanup()
    last_id = db.execute("SELECT coalesce(max(id), 0) FROM events").fetchone()[0]
    with journal.transaction():
        if identity is None:
            journal.set_meta(IDENTITY_LOST, 1)
        if not complete:
            journal.set_meta(RESEQUENCE_AFTER, last_id)
    log.warning("journal %s: from the damaged copy %s: identity %s, %s call(s), events %s", journal.path, aside,
                "kept" if identity else "lost", calls or 0, "all" if complete else f"up to №{last_id}")  # fmt: skip
    return calls


def _read_all(old: sqlite3.Connection, query: str) -> list[Any] | None:
    try:
        return old.execute(query).fetchall()
    except sqlite3.Error:  # damaged there, or a table an older file did not have
        return None


def _copy_table(old: sqlite3.Connection, db: sqlite3.Connection, select: str, insert: str) -> tuple[int, bool]:
    """(rows copied, whether all were): chunk by chunk, each committed, until the first unreadable one."""
    copied = 0
    try:
        cursor = old.execute(select)
        while rows := cursor.fetchmany(_SALVAGE_CHUNK):
            db.execute("BEGIN IMMEDIATE")
            try:
                db.executemany(insert, rows)
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
            copied += len(rows)
    except sqlite3.DatabaseError as exc:  # the damage itself (or a table the old file did not have)
        log.warning("journal salvage stopped after %d row(s): %s", copied, exc)
        return copied, False
    return copied, True


# --- the calls table: one row per call, kept from its events ------------------------------------


def _call_started(db: sqlite3.Connection, call_id: str, wall: float, data: dict[str, Any]) -> None:
    db.execute(
        "INSERT INTO calls (id, started, role, offer_source, standard, status, last_event) "
        "VALUES (?, ?, ?, ?, ?, 'open', ?) ON CONFLICT (id) DO NOTHING",
        (call_id, wall, data.get("role"), data.get("offer_source"), data.get("standard"), wall),
    )


def _call_ended(db: sqlite3.Connection, call_id: str, wall: float, data: dict[str, Any]) -> None:
    duration = data.get("duration")
    # The end is start + the monotonic duration: a wall clock set back mid-call
    # must not put the end before the start.
    cursor = db.execute(
        "UPDATE calls SET ended = coalesce(started + ?, ?), duration = coalesce(?, ? - started), "
        "status = 'normal', last_event = max(last_event, ?) WHERE id = ?",
        (duration, wall, duration, wall, wall, call_id),
    )
    if cursor.rowcount == 0:  # the journal was attached mid-call: keep what we know
        db.execute(
            "INSERT INTO calls (id, started, ended, duration, status, last_event) VALUES (?, ?, ?, ?, 'normal', ?)",
            (call_id, wall - (duration or 0.0), wall, duration, wall),
        )


def _call_interrupted(db: sqlite3.Connection, call_id: str, wall: float, data: dict[str, Any]) -> None:
    db.execute(
        "UPDATE calls SET status = 'interrupted', ended = ?, duration = coalesce(?, ? - started), "
        "last_event = max(last_event, ?) WHERE id = ? AND status = 'open'",
        (wall, data.get("duration"), wall, wall, call_id),
    )


def _call_touched(db: sqlite3.Connection, call_id: str, wall: float) -> bool:
    """Any other event of a call: its latest moment noted. True when the call had no row (its start was
    never seen: the journal was attached mid-call) and one was made, open."""
    cursor = db.execute(
        "UPDATE calls SET last_event = max(last_event, ?) WHERE id = ? AND status = 'open'", (wall, call_id)
    )
    if cursor.rowcount == 0 and db.execute("SELECT 1 FROM calls WHERE id = ?", (call_id,)).fetchone() is None:
        db.execute(
            "INSERT INTO calls (id, started, status, last_event) VALUES (?, ?, 'open', ?)", (call_id, wall, wall)
        )
        return True
    return False


def _interrupt_open_calls(
    db: sqlite3.Connection, except_id: str | None = None, only: str | None = None
) -> list[tuple[str, float]]:
    """Closes open calls as interrupted at their last event, each with a ``call_interrupted`` event."""
    if only is not None:
        found = db.execute(
            "SELECT id, last_event, last_event - started FROM calls WHERE status = 'open' AND id = ?", (only,)
        ).fetchall()
    else:
        found = db.execute(
            "SELECT id, last_event, last_event - started FROM calls WHERE status = 'open' AND id IS NOT ? "
            "ORDER BY started, id",
            (except_id,),
        ).fetchall()
    for call_id, last_event, duration in found:
        db.execute(
            "INSERT INTO events (call_id, kind, at, mono, data) VALUES (?, 'call_interrupted', ?, "
            "coalesce((SELECT mono FROM events WHERE call_id = ? ORDER BY id DESC LIMIT 1), 0), ?)",
            (call_id, last_event, call_id, json.dumps({"duration": duration}, separators=(",", ":"))),
        )
        db.execute(
            "UPDATE calls SET status = 'interrupted', ended = last_event, duration = last_event - started "
            "WHERE id = ?",
            (call_id,),
        )
    return [(call_id, last_event) for call_id, last_event, _ in found]


def _interruption_notice(db: sqlite3.Connection, call_id: str, last_event: float) -> str:
    """«Последний звонок прерван в HH:MM», and the hold that was running then, if one was."""
    import time

    moment = time.localtime(last_event)
    when = time.strftime("%H:%M", moment)
    if time.strftime("%Y%m%d", moment) != time.strftime("%Y%m%d"):
        when = time.strftime("%d.%m %H:%M", moment)
    text = say("journal.crash.interrupted", when=when)
    hold_started = None
    for kind, at in db.execute(
        "SELECT kind, at FROM events WHERE call_id = ? AND kind IN ('hold_started', 'hold_ended') ORDER BY id",
        (call_id,),
    ):
        hold_started = at if kind == EventKind.HOLD_STARTED.value else None
    if hold_started is not None:
        # The journal knows when the hold began and the call's last record, not the crash itself.
        text += say("journal.crash.on_hold", since=time.strftime('%H:%M:%S', time.localtime(hold_started)))
        known = int(max(0.0, last_event - hold_started) + 0.5)
        if known >= 1:
            text += say("journal.crash.hold_known", minutes=known // 60, seconds=known % 60)
        text += "."
    return text


class Journal:
    """One journal file. Open with :meth:`open`; pass :meth:`record` to ``EventBus.subscribe``."""

    def __init__(self, db: sqlite3.Connection, path: Path, *, readonly: bool = False) -> None:
        self._db = db
        self.path = path
        self.readonly = readonly
        self.recovered_from: Path | None = None
        """Where an unreadable previous file was moved, if that happened on open."""
        self.salvaged_calls: int | None = None
        """Calls copied from that file into this one (None: none could be read)."""
        self.interrupted_on_open = 0
        """Calls left open by a crash and closed as interrupted on open."""
        self._cut_on_open: list[tuple[str, float]] = []
        """(call id, time of its last event) of those calls."""
        self._open_call: str | None = None
        self._lock: _WriterLock | None = None
        self.blank = False
        """Read-only only: the file is an empty SQLite file, no journal tables yet."""
        self._copy_dir: object = None
        """Read-only copies only: the temporary folder of the copy, removed with this object."""

    # --- opening -----------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: str | Path,
        *,
        check: bool = False,
        busy_timeout: float = _BUSY_TIMEOUT_S,
        prepare: Callable[["Journal"], None] | None = None,
    ) -> "Journal":
        """Opens (creating if needed) the journal for writing.

        Closes calls a crash left open; moves an unreadable file aside and starts
        afresh with what can be read of it. ``check``: run ``PRAGMA quick_check``
        first (a damaged file is treated as unreadable). ``prepare(journal)`` runs
        before open calls are closed (the app's writer replays its unsaved events
        there). Raises :class:`JournalVersionError` for a newer program's file and
        :class:`JournalError` when the file cannot be used or moved.
        """
        path = Path(path)
        try:
            make_private_dir(path.parent)
        except OSError as exc:
            raise JournalError("journal.cannot_create_folder", parent=path.parent, exc=exc) from exc
        try:
            if _foreign_header(path):
                raise sqlite3.DatabaseError("file is not a database (no SQLite header)")
            return cls._open_rw(path, check, busy_timeout, prepare)
        except JournalError:
            raise
        except sqlite3.DatabaseError as exc:
            if not _is_unreadable(exc):
                raise JournalError("journal.cannot_open", path=path, exc=exc) from exc
            return cls.recover(path, exc, busy_timeout=busy_timeout, prepare=prepare)

    @classmethod
    def recover(
        cls,
        path: str | Path,
        cause: BaseException,
        *,
        busy_timeout: float = _BUSY_TIMEOUT_S,
        prepare: Callable[["Journal"], None] | None = None,
        open_call: str | None = None,
    ) -> "Journal":
        """Moves the damaged file ``path`` aside (with its -wal/-shm) and opens a fresh journal there,
        with what can still be read of the old one (:func:`_salvage`). Nobody may hold it open.
        ``open_call``: the call the caller is recording now (it stays open, not «прерван»)."""
        path = Path(path)
        log.warning("journal %s is damaged (%s); moving it aside", path, cause)
        aside = _move_aside(path)

        def salvage_then_prepare(journal: Journal) -> None:
            journal.salvaged_calls = _salvage(aside, journal)
            if prepare is not None:
                prepare(journal)

        journal = cls._open_rw(path, False, busy_timeout, salvage_then_prepare, open_call)
        journal.recovered_from = aside
        return journal

    @classmethod
    def _open_rw(
        cls, path: Path, check: bool, busy_timeout: float, prepare: Callable[["Journal"], None] | None, open_call: str | None = None
    ) -> "Journal":
        db = _connect(path, private=True, busy_timeout=busy_timeout)
        journal = None
        try:
            # Version first: a newer program's file must not get even a header change.
            _refuse_newer(db, path)
            mode = db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                raise JournalError("journal.no_wal", path=path, mode=mode)
            db.execute("PRAGMA synchronous = NORMAL")  # see the module docstring
            if check:
                _quick_check(db)
            _ensure_schema(db, path)
            journal = cls(db, path)
            journal._lock = _WriterLock(path)
            if prepare is not None:
                prepare(journal)
            # Another instance recording now may be mid-call: its open call is not a crash's.
            if journal._lock.sole:
                journal._cut_on_open = journal._close_open_calls(except_id=open_call)
                journal.interrupted_on_open = len(journal._cut_on_open)
            if open_call is not None and journal.call_status(open_call) == "open":
                journal._open_call = open_call
        except BaseException:
            if journal is not None and journal._lock is not None:
                journal._lock.release()
            db.close()
            raise
        return journal

    @classmethod
    def open_readonly(cls, path: str | Path) -> "Journal":
        """Opens an existing journal for reading only: no recovery, no writes.

        Safe while the app is recording a call in another process (that call shows
        as in progress, not interrupted). Raises ``FileNotFoundError`` if there is
        no file, :class:`JournalError` if it cannot be read.
        """
        path = Path(path).resolve()
        if not path.is_file():
            raise FileNotFoundError(path)
        if _foreign_header(path):
            raise JournalError("journal.not_a_journal", path=path)
        copy_dir = None
        try:
            db = sqlite3.connect(path.as_uri() + "?mode=ro", uri=True, isolation_level=None, timeout=_BUSY_TIMEOUT_S)
            try:
                db.execute("PRAGMA user_version").fetchone()
            except sqlite3.OperationalError:
                # A WAL journal on a read-only filesystem or dir: SQLite cannot make its -shm there.
                db.close()
                db, copy_dir = _readonly_copy(path)
        except sqlite3.Error as exc:
            raise JournalError("journal.cannot_open", path=path, exc=exc) from exc
        try:
            version = _refuse_newer(db, path)
            blank = version == 0 and db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0
            if version < schema_version() and not blank:
                raise JournalError("journal.old_format", path=path, version=version)
        except sqlite3.DatabaseError as exc:
            db.close()
            if _is_unreadable(exc):
                raise JournalError("journal.not_a_journal", path=path) from exc
            raise JournalError("journal.cannot_read", path=path, exc=exc) from exc
        except BaseException:
            db.close()
            raise
        journal = cls(db, path, readonly=True)
        journal.blank = blank
        journal._copy_dir = copy_dir  # removed with the journal object
        return journal

    @property
    def notice(self) -> str | None:
        """A Russian message for the operator: the previous file set aside, a call a crash cut short."""
        parts = []
        if self.recovered_from is not None:
            if self.salvaged_calls:
                parts.append(say("journal.recovered_salvaged", recovered_from=self.recovered_from, calls=self.salvaged_calls))
            else:
                parts.append(say("journal.recovered", recovered_from=self.recovered_from))
        if self._cut_on_open:
            parts.append(_interruption_notice(self._db, *self._cut_on_open[-1]))
        return "\n".join(parts) or None

    # --- writing -----------------------------------------------------------

    def record(self, event: Event, mark: tuple[str, int] | None = None) -> None:
        """Stores one event (whitelisted data only) and commits it before returning.

        ``mark`` = (key, n): ``meta[key] = n`` in the same transaction (the app's writer
        notes how far it got, so events it also set aside are never stored twice).
        """
        if self._db is None:
            raise JournalError("journal.closed")
        self._db.execute("BEGIN")
        try:
            self._apply(event)
            if mark is not None:
                self.set_meta(*mark)
            self._db.execute("COMMIT")
        except BaseException:
            self._rollback()
            raise

    __call__ = record

    def record_many(self, events: Iterable[Event], mark: tuple[str, int] | None = None) -> int:
        """Stores many events in one transaction (imports, replays, benchmarks, test fixtures);
        ``mark`` as in :meth:`record`."""
        count = 0
        self._db.execute("BEGIN")
        try:
            for event in events:
                self._apply(event)
                count += 1
            if mark is not None:
                self.set_meta(*mark)
            self._db.execute("COMMIT")
        except BaseException:
            self._rollback()
            raise
        return count

    def _rollback(self) -> None:
        if self._db.in_transaction:
            self._db.execute("ROLLBACK")

    def _apply(self, event: Event) -> None:
        kind = EventKind(event.kind)
        call_id = _clean_call_id(event.call_id)
        data = clean_data(kind, event.data)
        wall, mono = float(event.wall), float(event.at)
        db = self._db
        if kind is EventKind.CALL_STARTED and call_id is not None:
            # One operator, one call: a call still open here was cut off unnoticed.
            _interrupt_open_calls(db, except_id=call_id)
        inserted = db.execute(
            "INSERT INTO events (call_id, kind, at, mono, data) VALUES (?, ?, ?, ?, ?)",
            (call_id, kind.value, wall, mono, json.dumps(data, ensure_ascii=False, separators=(",", ":"))),
        ).lastrowid
        if call_id is None:
            return
        if kind is EventKind.CALL_HEARTBEAT:  # the latest one replaces the call's earlier ones (after it: ids only grow)
            db.execute(
                "DELETE FROM events WHERE call_id = ? AND kind = 'call_heartbeat' AND id < ?", (call_id, inserted)
            )
        if kind is EventKind.CALL_STARTED:
            _call_started(db, call_id, wall, data)
            self._open_call = call_id
            return
        if kind is EventKind.CALL_ENDED:
            _call_ended(db, call_id, wall, data)
            if self._open_call == call_id:
                self._open_call = None
            return
        if kind is EventKind.CALL_INTERRUPTED:  # replayed from another journal
            _call_interrupted(db, call_id, wall, data)
            if self._open_call == call_id:
                self._open_call = None
            return
        if _call_touched(db, call_id, wall):
            self._open_call = call_id
        if kind.value in FACT_KINDS:
            facts = Facts.from_row(db.execute(_GET_FACTS, (call_id,)).fetchone())
            fold(facts, kind.value, data)
            db.execute(_SET_FACTS, (*facts.row(), call_id))

    def _close_open_calls(self, except_id: str | None = None) -> list[tuple[str, float]]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            cut = _interrupt_open_calls(self._db, except_id=except_id)
            self._db.execute("COMMIT")
        except BaseException:
            self._rollback()
            raise
        if cut:
            log.info("journal %s: %d call(s) left open by a crash closed as interrupted", self.path, len(cut))
        return cut

    # --- reading -----------------------------------------------------------

    def events(self, call_id: str | None = None) -> list[Event]:
        """Stored events in order, as :class:`Event` objects (all, or one call's)."""
        return list(self.iter_events(call_id))

    def iter_events(self, call_id: str | None = None) -> Iterator[Event]:
        if call_id is None:
            rows = self._db.execute("SELECT kind, mono, at, call_id, data FROM events ORDER BY id")
        else:
            rows = self._db.execute(
                "SELECT kind, mono, at, call_id, data FROM events WHERE call_id = ? ORDER BY id", (call_id,)
            )
        for kind, mono, wall, cid, data in rows:
            try:
                event_kind = EventKind(kind)
            except ValueError:  # written by a newer program
                continue
            yield Event(event_kind, mono, wall, cid, json.loads(data))

    def call_status(self, call_id: str) -> str | None:
        """``open``, ``normal`` or ``interrupted`` (None for an unknown call)."""
        row = self._db.execute("SELECT status FROM calls WHERE id = ?", (call_id,)).fetchone()
        return row[0] if row else None

    def execute(self, sql: str, params: Iterable[Any] = ()) -> sqlite3.Cursor:
        """Read queries for :mod:`operator_assist.core.stats`."""
        return self._db.execute(sql, tuple(params))

    # --- outbox (team shipping) -------------------------------------------------

    @classmethod
    def open_outbox(cls, path: str | Path) -> "Journal":
        """A connection for the shipper only: reads the outbox and writes the acknowledgement.

        No recovery, no lock, no WAL switch: it works beside the recording app. The
        file must already be a journal of this version (the app migrates on open).
        """
        path = Path(path)
        if not path.is_file():
            raise JournalError("journal.nothing_to_ship", path=path)
        if _foreign_header(path):
            raise JournalError("journal.not_a_journal", path=path)
        db = _connect(path)
        try:
            version = _refuse_newer(db, path)
            if version != schema_version():
                raise JournalError("journal.old_format", path=path, version=version)
        except sqlite3.DatabaseError as exc:
            db.close()
            raise JournalError("journal.cannot_read", path=path, exc=exc) from exc
        except BaseException:
            db.close()
            raise
        return cls(db, path, readonly=True)

    def install_id(self) -> str:
        """This journal file's random id for a team server (v2)."""
        install_id: str = self._db.execute("SELECT value FROM meta WHERE key = 'install_id'").fetchone()[0]
        return install_id

    def meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: object | None) -> None:
        """``meta[key] = str(value)``, or the key removed for None."""
        if value is None:
            self._db.execute("DELETE FROM meta WHERE key = ?", (key,))
        else:
            self._db.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, str(value)),
            )

    @contextlib.contextmanager
    def transaction(self) -> Iterator["Journal"]:
        """``with journal.transaction():`` BEGIN IMMEDIATE … COMMIT, rolled back on an error."""
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self
            self._db.execute("COMMIT")
        except BaseException:
            self._rollback()
            raise

    def outbox(self, after: int, limit: int) -> list[tuple[int, float, str | None, str, str]]:
        """Up to ``limit`` events with id > ``after``, in id order: (id, at, call_id, kind, data JSON)."""
        return self._db.execute(
            "SELECT id, at, call_id, kind, data FROM events WHERE id > ? ORDER BY id LIMIT ?", (after, limit)
        ).fetchall()

    def outbox_top(self) -> int:
        """The highest event id in the journal (0 when empty): what this PC has to ship at most."""
        top: int = self._db.execute("SELECT coalesce(max(id), 0) FROM events").fetchone()[0]
        return top

    def resequence(self, after: int, server_seq: int) -> int:
        """Moves the ids of events above ``after`` (what a recovery could not vouch for) past
        ``server_seq``, keeping their order; removes :data:`RESEQUENCE_AFTER`. Returns the shift."""
        shift = max(0, int(server_seq) - int(after))
        with self.transaction():
            if shift:
                self._db.execute("UPDATE events SET id = -id WHERE id > ?", (after,))
                self._db.execute("UPDATE events SET id = ? - id WHERE id < 0", (shift,))
            self.set_meta(RESEQUENCE_AFTER, None)
        return shift

    def outbox_pending(self, after: int) -> int:
        count: int = self._db.execute("SELECT count(*) FROM events WHERE id > ?", (after,)).fetchone()[0]
        return count

    def acked(self, server: str) -> int:
        """The sequence ``server`` acknowledged (0 before the first)."""
        row = self._db.execute("SELECT seq FROM ship_ack WHERE server = ?", (server,)).fetchone()
        return row[0] if row else 0

    def set_acked(self, server: str, seq: int, at: float) -> None:
        """Stores what the server says it has (lower too: a server restored from a backup)."""
        self._db.execute(
            "INSERT INTO ship_ack (server, seq, at) VALUES (?, ?, ?) "
            "ON CONFLICT (server) DO UPDATE SET seq = excluded.seq, at = excluded.at",
            (server, int(seq), float(at)),
        )

    # --- closing -----------------------------------------------------------

    def close(self, interrupt: bool = True) -> None:
        """Closes the file. A call this journal was still recording is marked interrupted
        (quitting mid-call cuts it short), so a report run right after counts it; not with
        ``interrupt`` False (the rest of the call was set aside, to be recorded later)."""
        if self._db is None:
            return
        try:
            if self._open_call is not None and not self.readonly and interrupt:
                self._db.execute("BEGIN IMMEDIATE")
                _interrupt_open_calls(self._db, only=self._open_call)
                self._db.execute("COMMIT")
        except sqlite3.Error as exc:
            # The next open closes it anyway.
            log.warning("journal %s: could not close the open call: %s", self.path, exc)
            self._rollback()
        finally:
            self._db.close()
            self._db = None  # type: ignore[assignment]
            self._open_call = None
            if self._lock is not None:
                self._lock.release()

    @property
    def closed(self) -> bool:
        return self._db is None

    def __enter__(self) -> "Journal":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
