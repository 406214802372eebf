"""Records events into the journal on a writer thread, so the window never waits on the disk.

``record`` only appends the event to an in-memory queue and returns. A writer
thread opens the journal (SQLite is imported there, after the window has
painted) and writes the events in order. Nothing the process saw is lost:

- A busy database (another program holds a lock), a full disk, a read-only file
  or folder: the event stays at the head of the queue and is retried with
  backoff, the events after it wait behind it, and ``on_status`` tells the UI
  that recording is delayed and why, then that it has recovered.
- Meanwhile the waiting events are also set aside in an *unsaved file* beside the
  journal (or in the user's cache when that folder cannot take it), so a kill
  loses nothing the writer saw either; quitting sets aside whatever is still
  unwritten and never waits for the disk longer than :data:`CLOSE_WAIT_S`. The
  next start replays these files into the journal before anything else. Each
  written event also notes its number in the journal in the same transaction
  (``meta['written:<session>']``), so a replay never stores an event twice.
- A write that fails for another reason means the file is damaged: it is moved
  aside with its -wal/-shm, a new journal is started with what can be read of the
  old one (``Journal.recover``), the waiting events go into it, and the operator
  is told once.

No Qt here: ``on_status`` is called on the writer thread; a UI hands it over to
its own thread.
"""

from __future__ import annotations

import errno
import json
import logging
import os
import threading
import time
from collections import deque
from pathlib import Path
from typing import IO, TYPE_CHECKING, Callable, Iterable

if TYPE_CHECKING:
    from .journal import Journal

from ..messages import say
from .events import Event, EventKind
from .files import excerpt, make_private_dir

log = logging.getLogger(__name__)

# SQLite's primary result codes (stable since SQLite 3): Python < 3.11 has no sqlite3.SQLITE_* names.
SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY, SQLITE_IOERR, SQLITE_CORRUPT, SQLITE_FULL, SQLITE_CANTOPEN = (
    5, 6, 8, 10, 11, 13, 14,
)  # fmt: skip
SQLITE_NOTADB = 26

BUSY_TIMEOUT_MS = 150
"""How long one write waits on another program's lock before it counts as delayed."""
BACKOFF_S = (0.05, 0.1, 0.2, 0.5, 1.0, 2.0)
"""Pauses between retries of a failed write (the last one repeats)."""
CLOSE_WAIT_S = 1.2
"""Quitting: how long the queue may take to reach the journal; what is left then is set aside."""
SPILL_RESERVE_S = 0.3
"""Of that time, what is kept for setting the rest aside."""
UNSAVED = ".unsaved-"
"""``<journal name>.unsaved-<session>.jsonl``: events a session could not write yet (in a cache folder the
journal's name is followed by a digest of its path: caches are shared by data folders)."""

StatusCallback = Callable[[str, "str | None"], None]
"""``(kind, text)``: ``("delayed", reason)``, ``("recovered", None)`` or ``("notice", text)``."""
SpareDirs = Callable[[], Iterable[Path]]
"""Folders for unsaved files when the journal's own folder cannot take them (the user's caches)."""


def cause_words(error: BaseException) -> str:
    """The real cause of a failed write, in Russian (disk full, locked, read-only, I/O)."""
    import sqlite3

    seen = error
    while seen.__cause__ is not None and not isinstance(seen, (sqlite3.Error, OSError)):
        seen = seen.__cause__
    code = getattr(seen, "sqlite_errorcode", None)
    primary = code & 0xFF if code is not None else None
    text = str(seen).lower()
    if primary == SQLITE_FULL or getattr(seen, "errno", None) == errno.ENOSPC or "disk is full" in text:
        return say("journal_sink.disk_full")
    if primary in (SQLITE_BUSY, SQLITE_LOCKED) or "locked" in text or "busy" in text:
        return say("journal_sink.locked")
    if primary == SQLITE_READONLY or getattr(seen, "errno", None) in (errno.EROFS, errno.EACCES) or "readonly" in text:
        return say("journal_sink.read_only")
    if primary == SQLITE_IOERR or getattr(seen, "errno", None) == errno.EIO or "disk i/o" in text:
        return say("journal_sink.io_error")
    if primary == SQLITE_CANTOPEN:
        return say("journal_sink.cannot_open")
    return excerpt(str(seen), 120)


def _transient(error: BaseException) -> bool:
    """A failure that may pass (lock, full disk, read-only, I/O), as opposed to a file we must not touch."""
    import sqlite3

    from .journal import JournalVersionError

    if isinstance(error, JournalVersionError) or _damaged(error):
        return False
    cause = error.__cause__ if error.__cause__ is not None else error
    if isinstance(cause, sqlite3.OperationalError) or isinstance(cause, OSError):
        return True
    return isinstance(error, sqlite3.OperationalError)


def _damaged(error: BaseException) -> bool:
    """A write refused for a reason other than a lock, a full disk, a read-only file or I/O: the file
    is damaged (a corrupt page, overwritten in place, not a journal any more)."""
    import sqlite3

    if not isinstance(error, sqlite3.DatabaseError):
        return False
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None and code & 0xFF in (SQLITE_CORRUPT, SQLITE_NOTADB):
        return True
    return not isinstance(error, sqlite3.OperationalError)


# --- unsaved files -------------------------------------------------------------


def _event_line(n: int, event: Event) -> bytes:
    from .journal import clean_data

    kind = EventKind(event.kind)
    record = {"n": n, "kind": kind.value, "at": float(event.at), "wall": float(event.wall), "call_id": event.call_id,
              "data": clean_data(kind, event.data)}  # fmt: skip
    return (json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def _read_unsaved(path: Path, stream: IO[bytes]) -> list[tuple[int, Event]]:
    events = []
    for line in stream.read().decode("utf-8", "replace").splitlines():
        try:
            record = json.loads(line)
            events.append((int(record["n"]), Event(EventKind(record["kind"]), float(record["at"]), float(record["wall"]),
                                                   record.get("call_id"), dict(record.get("data") or {}))))  # fmt: skip
        except (ValueError, KeyError, TypeError, AttributeError):  # a line cut by a kill, or not ours
            log.warning("unsaved journal events %s: a line skipped", path)
    return events


def _lock(stream: IO[bytes], blocking: bool = False) -> bool:
    try:
        import fcntl
    except ImportError:  # not POSIX: no way to tell a live writer's file; take it
        return True
    try:
        fcntl.flock(stream, fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))
    except BlockingIOError:
        return False
    return True


class _Unsaved:
    """This session's unsaved file: created 0600 when first needed, locked while the session lives."""

    def __init__(self, path: Path, fd: int) -> None:
        self.path, self.fd = path, fd
        self.upto = 0
        """The highest event number written to it."""

    def close(self, remove: bool) -> None:
        try:
            os.close(self.fd)
        except OSError:
            pass
        if remove:
            try:
                self.path.unlink()
            except OSError:
                pass


class JournalWriter:
    """The journal's one writer: a thread that owns the Journal and an ordered queue of events."""

    def __init__(self, path: Path, on_status: StatusCallback | None = None, spare_dirs: SpareDirs | None = None) -> None:
        self.path = Path(path)
        self.on_status = on_status
        self.spare_dirs = spare_dirs
        self.notice: str | None = None
        """Set when the journal was recovered or cannot be used (shown to the operator)."""
        self.delayed: str | None = None
        """The cause while writes are being retried, else None."""
        self.written = 0
        self.set_aside = 0
        """Events this session put in its unsaved file."""
        self.replayed = 0
        """Events of earlier sessions' unsaved files written into the journal at open."""
        self.session = os.urandom(16).hex()  # not uuid: its import costs the start ~3 ms
        self._mark = f"written:{self.session}"
        self._next = 0
        self._pending: deque[tuple[int, Event]] = deque()
        self._cond = threading.Condition()
        self._closing = False
        self._close_deadline = float("inf")
        self._thread: threading.Thread | None = None
        self._journal: Journal | None = None
        self._unusable = False
        self._checked = False
        self._unsaved: _Unsaved | None = None
        self._unsaved_lock = threading.Lock()
        self._unsaved_dirs_failed: set[Path] = set()

    # --- any thread -----------------------------------------------------------

    def start(self) -> None:
        with self._cond:
            if self._thread is None and not self._closing:
                self._thread = threading.Thread(target=self._run, name="journal-writer", daemon=True)
                self._thread.start()

    def record(self, event: Event) -> None:
        """Queues ``event``; returns at once (whatever the disk is doing)."""
        with self._cond:
            if self._closing:
                log.warning("journal closed: %s not recorded", event.kind.value)
                return
            self._next += 1
            self._pending.append((self._next, event))
            self._cond.notify_all()
            unusable = self._unusable
        if unusable:  # no writer any more (a newer program's file, …): set aside at once, a kill loses nothing
            self._set_aside()
        self.start()

    @property
    def opened(self) -> bool:
        """The writer thread has the journal open."""
        return self._journal is not None

    @property
    def unusable(self) -> bool:
        """The journal cannot be used this session (a newer program's file, …): events are only set aside."""
        return self._unusable

    @property
    def pending(self) -> int:
        with self._cond:
            return len(self._pending)

    def flush(self, timeout: float) -> bool:
        """Waits until every queued event is written (or ``timeout`` s); True when all are."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while self._pending and not self._unusable:
                left = deadline - time.monotonic()
                if left <= 0 or self._thread is None:
                    return False
                self._cond.wait(left)
            return not self._pending

    def close(self, timeout: float = CLOSE_WAIT_S) -> bool:
        """Writes what is queued (retrying for up to ``timeout`` s), sets the rest aside, closes the journal.

        Never waits much longer than ``timeout``. True when everything reached the journal or
        its unsaved file (the next start writes that into the journal).
        """
        with self._cond:
            self._closing = True
            self._close_deadline = time.monotonic() + max(0.0, timeout - SPILL_RESERVE_S)
            self._cond.notify_all()
            thread = self._thread
        if thread is not None:
            thread.join(timeout)
            if thread.is_alive():  # stuck in the disk: the rest is set aside from here
                log.warning("journal %s: the writer did not finish in %.1f s; setting the rest aside", self.path, timeout)
        self._set_aside(lock_timeout=SPILL_RESERVE_S)  # what the writer could not (or, unusable, never would)
        with self._cond:
            unsaved = self._unsaved.upto if self._unsaved is not None else 0
            lost = sum(1 for n, _ in self._pending if n > unsaved)
        if lost:
            log.error("journal %s: %d event(s) could not be written or set aside before exit", self.path, lost)
        return lost == 0

    # --- the writer thread ------------------------------------------------------

    def _status(self, kind: str, text: str | None) -> None:
        if self.on_status is not None:
            try:
                self.on_status(kind, text)
            except Exception:
                log.exception("journal status callback failed")

    def _notice(self, text: str) -> None:
        self.notice = text
        self._status("notice", text)

    def _wait(self, seconds: float) -> None:
        with self._cond:
            if self._closing:
                seconds = min(seconds, max(0.0, self._close_deadline - time.monotonic()))
            self._cond.wait(seconds)

    def _give_up(self) -> bool:
        return self._closing and time.monotonic() >= self._close_deadline

    def _retry(self, attempt: int, error: BaseException) -> None:
        cause = cause_words(error)
        if self.delayed != cause:
            self.delayed = cause
            log.warning("journal %s: write delayed (%s): %s", self.path, cause, error)
            self._status("delayed", cause)
        self._set_aside()  # a kill now loses nothing that waits
        self._wait(BACKOFF_S[min(attempt, len(BACKOFF_S) - 1)])

    def _open(self) -> Journal | None:
        from .journal import Journal

        attempt = 0
        while not self._give_up():
            try:
                make_private_dir(self.path.parent)
                journal = Journal.open(self.path, check=not self._checked, busy_timeout=BUSY_TIMEOUT_MS / 1000,
                                       prepare=self._replay)  # fmt: skip
            except Exception as exc:  # JournalError, OSError, and sqlite3 errors Journal.open does not wrap
                if _transient(exc) and not self._closing_empty():
                    self._retry(attempt, exc)
                    attempt += 1
                    continue
                self._notice(say("journal_sink.unavailable", exc=exc))
                return None
            return journal
        return None

    def _opened(self, journal: Journal) -> None:
        journal.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_MS)}")
        notes = [journal.notice] if journal.notice else []
        if self.replayed:
            notes.append(say("journal_sink.replayed", count=self.replayed))
        if notes:
            self._notice("\n".join(notes))

    def _replay(self, journal: Journal) -> None:
        """Writes earlier sessions' unsaved files into the journal (before crash recovery closes their calls)."""
        self._checked = True  # quick_check passed (or a recovery made the file new): not again this session
        sessions: dict[str, list[Path]] = {}
        for folder in self._folders():
            prefix = self._prefix(folder)
            try:
                found = sorted(folder.glob(f"{prefix}*.jsonl"), key=lambda p: p.stat().st_mtime)
            except OSError:
                continue
            for path in found:
                session = path.name[len(prefix): -len(".jsonl")]
                if session != self.session:
                    sessions.setdefault(session, []).append(path)
        for session, paths in sessions.items():
            key = f"written:{session}"
            done = []
            for path in paths:
                try:
                    with open(path, "rb") as stream:
                        if not _lock(stream):  # its session is alive (another instance): it writes them itself
                            continue
                        events = _read_unsaved(path, stream)
                        written = int(journal.meta(key) or 0)
                        todo = [(n, e) for n, e in events if n > written]
                        if todo:
                            journal.record_many([e for _, e in todo], mark=(key, max(n for n, _ in todo)))
                            self.replayed += len(todo)
                            log.info("journal %s: %d unsaved event(s) from %s written", self.path, len(todo), path)
                        done.append(path)
                except OSError as exc:
                    log.warning("unsaved journal events %s unreadable: %s", path, exc)
            for path in list(done):
                try:
                    path.unlink(missing_ok=True)
                except OSError as exc:  # kept: its mark in the journal says it is written
                    log.warning("unsaved journal events %s written but not removed: %s", path, exc)
                    done.remove(path)
            if len(done) == len(paths):
                with journal.transaction():
                    journal.set_meta(key, None)

    def _prefix(self, folder: Path) -> str:
        if folder == self.path.parent:
            return f"{self.path.name}{UNSAVED}"
        import hashlib

        digest = hashlib.sha256(str(self.path.resolve()).encode("utf-8")).hexdigest()[:12]
        return f"{self.path.name}.{digest}{UNSAVED}"

    def _folders(self) -> list[Path]:
        folders = [self.path.parent]
        if self.spare_dirs is not None:
            try:
                folders += [Path(p) for p in self.spare_dirs() if Path(p) != self.path.parent]
            except Exception:  # noqa: BLE001 - the caches are a fallback: never a reason to fail
                log.warning("journal %s: the spare folders are unknown", self.path, exc_info=True)
        return folders

    def _closing_empty(self) -> bool:
        with self._cond:
            return self._closing and not self._pending

    def _run(self) -> None:
        journal = self._open()
        if journal is None:
            with self._cond:
                self._unusable = True
                self._cond.notify_all()
            self._set_aside()
            self._recovered()
            return
        self._journal = journal
        self._opened(journal)
        self._finish(self._write_queue(journal))

    def _write_queue(self, journal: Journal) -> Journal | None:
        """Writes the queue's head, in order, until closing empties it or runs out of time: the
        journal in use then (None: a damaged file could not be replaced)."""
        attempt = 0
        recovering = None  # the event whose write made us start a new journal (a second failure skips it)
        while True:
            with self._cond:
                while not self._pending and not self._closing:
                    self._cond.wait()
                if not self._pending:
                    break
                n, event = self._pending[0]
            if self._give_up():
                break
            try:
                journal.record(event, mark=(self._mark, n))
            except Exception as exc:
                if _damaged(exc) and recovering != n:
                    recovering = n
                    fresh = self._recover(journal, exc)
                    if fresh is None:
                        with self._cond:
                            self._unusable = True
                        return None
                    journal = self._journal = fresh
                    continue
                if not _transient(exc):
                    log.exception("journal %s: event %s cannot be stored; skipped", self.path, event.kind.value)
                    with self._cond:
                        self._pending.popleft()
                        self._cond.notify_all()
                    continue
                self._retry(attempt, exc)
                attempt += 1
                continue
            attempt = 0
            self._head_written()
        return journal

    def _head_written(self) -> None:
        """The queue's head is in the journal."""
        with self._cond:
            self._pending.popleft()
            self.written += 1
            empty = not self._pending
            self._cond.notify_all()
        if empty:
            self._drop_unsaved()
        self._recovered()

    def _finish(self, journal: Journal | None) -> None:
        """The writer stops: what is left is set aside, the journal closed, every waiter woken."""
        with self._cond:
            left = bool(self._pending)
        if left:
            self._set_aside()
        if journal is not None:
            try:
                if not left and self._unsaved is None:  # nothing of this session waits: its number is not needed
                    with journal.transaction():
                        journal.set_meta(self._mark, None)
            except Exception as exc:  # noqa: BLE001 - busy now: a row of a few bytes, removed next time
                log.info("journal %s: session mark kept (%s)", self.path, exc)
            try:
                journal.close(interrupt=not left)  # a call still open is recorded as interrupted, unless set aside
            except Exception:
                log.exception("journal %s: close failed", self.path)
        self._recovered()
        with self._cond:
            self._cond.notify_all()

    def _recover(self, journal: Journal, error: BaseException) -> Journal | None:
        """The file is damaged: moved aside, a new journal with what can be read of it; None if even that fails."""
        from .journal import Journal

        open_call = journal._open_call
        try:
            journal.close(interrupt=False)
        except Exception:  # noqa: BLE001 - it is damaged: closing may fail too
            log.warning("journal %s: closing the damaged file failed", self.path, exc_info=True)
        try:
            fresh = Journal.recover(self.path, error, busy_timeout=BUSY_TIMEOUT_MS / 1000, prepare=self._replay,
                                    open_call=open_call)  # fmt: skip
        except Exception as exc:  # cannot move it aside (permissions): the events wait, set aside
            self._notice(say("journal_sink.unavailable", exc=exc))
            return None
        fresh.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_MS)}")
        self._notice((fresh.notice or "") + say("journal_sink.nothing_lost"))
        return fresh

    def _recovered(self) -> None:
        if self.delayed is not None:
            self.delayed = None
            log.info("journal %s: writes caught up", self.path)
            self._status("recovered", None)

    # --- unsaved events: set aside while the journal cannot take them ------------------

    def _set_aside(self, lock_timeout: float = -1) -> None:
        """Appends the waiting events not yet set aside to this session's unsaved file."""
        if not self._unsaved_lock.acquire(timeout=lock_timeout):
            return
        try:
            with self._cond:
                pending = list(self._pending)
            while True:
                unsaved = self._unsaved
                upto = unsaved.upto if unsaved is not None else 0
                todo = [(n, e) for n, e in pending if n > upto]
                if not todo:
                    return
                if unsaved is None:
                    unsaved = self._unsaved = self._new_unsaved()
                    if unsaved is None:
                        log.error("journal %s: nowhere to set %d waiting event(s) aside", self.path, len(todo))
                        return
                try:
                    os.write(unsaved.fd, b"".join(_event_line(n, e) for n, e in todo))
                except OSError as exc:  # that folder filled up or went read-only: the next one, all of them again
                    log.warning("journal %s: unsaved file %s failed: %s", self.path, unsaved.path, exc)
                    self._unsaved_dirs_failed.add(unsaved.path.parent)
                    unsaved.close(remove=False)  # what it has is replayed too (the numbers say what is new)
                    self._unsaved = None
                    continue
                self.set_aside += len(todo)
                if upto == 0:
                    log.warning("journal %s: waiting events set aside in %s", self.path, unsaved.path)
                unsaved.upto = todo[-1][0]
                return
        finally:
            self._unsaved_lock.release()

    def _new_unsaved(self) -> _Unsaved | None:
        for folder in self._folders():
            if folder in self._unsaved_dirs_failed:
                continue
            path = folder / f"{self._prefix(folder)}{self.session}.jsonl"
            try:
                make_private_dir(folder)
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND | getattr(os, "O_CLOEXEC", 0), 0o600)
            except OSError as exc:
                log.info("journal %s: cannot set events aside in %s: %s", self.path, folder, exc)
                self._unsaved_dirs_failed.add(folder)
                continue
            try:
                import fcntl

                fcntl.flock(fd, fcntl.LOCK_EX)  # held while this session lives: a replay leaves it alone
            except (ImportError, OSError):
                pass
            return _Unsaved(path, fd)
        return None

    def _drop_unsaved(self) -> None:
        """Everything is in the journal now (each with its number): the unsaved file is not needed."""
        with self._unsaved_lock:
            if self._unsaved is not None:
                self._unsaved.close(remove=True)
                self._unsaved = None


class JournalSink:
    """What the window holds: :class:`JournalWriter` started after the first paint."""

    def __init__(self, path: Path, spare_dirs: SpareDirs | None = None) -> None:
        self.path = Path(path)
        self.writer = JournalWriter(self.path, spare_dirs=spare_dirs)

    @property
    def notice(self) -> str | None:
        return self.writer.notice

    def start(self, on_status: StatusCallback | None = None) -> None:
        if on_status is not None:
            self.writer.on_status = on_status
        self.writer.start()

    def record(self, event: Event) -> None:
        self.writer.record(event)

    def flush(self, timeout: float = 5.0) -> bool:
        return self.writer.flush(timeout)

    def close(self, timeout: float = CLOSE_WAIT_S) -> bool:
        return self.writer.close(timeout)
