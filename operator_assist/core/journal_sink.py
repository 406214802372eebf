"""Records events into the journal on a writer thread, so the window never waits on the disk.

``record`` only appends the event to an in-memory queue and returns. A writer
thread opens the journal (SQLite is imported there, after the window has
painted) and writes the events in order. A busy database (another program
holds a lock), a full disk or an I/O error does not lose anything: the event
stays at the head of the queue and is retried with backoff, the events after
it wait behind it, and ``on_status`` tells the UI that recording is delayed and
why, then that it has recovered. Nothing the process saw is lost while it lives.

No Qt here: ``on_status`` is called on the writer thread; a UI hands it over to
its own thread.
"""

from __future__ import annotations

import errno
import logging
import threading
import time
from collections import deque
from pathlib import Path
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    from .journal import Journal

from ..messages import say
from .events import Event
from .files import create_private_file, excerpt, make_private_dir

log = logging.getLogger(__name__)

# SQLite's primary result codes (stable since SQLite 3): Python < 3.11 has no sqlite3.SQLITE_* names.
SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY, SQLITE_IOERR, SQLITE_FULL, SQLITE_CANTOPEN = 5, 6, 8, 10, 13, 14

BUSY_TIMEOUT_MS = 150
"""How long one write waits on another program's lock before it counts as delayed."""
BACKOFF_S = (0.05, 0.1, 0.2, 0.5, 1.0, 2.0)
"""Pauses between retries of a failed write (the last one repeats)."""

StatusCallback = Callable[[str, "str | None"], None]
"""``(kind, text)``: ``("delayed", reason)``, ``("recovered", None)`` or ``("notice", text)``."""


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
    if primary == SQLITE_READONLY or getattr(seen, "errno", None) == errno.EROFS or "readonly" in text:
        return say("journal_sink.read_only")
    if primary == SQLITE_IOERR or getattr(seen, "errno", None) == errno.EIO or "disk i/o" in text:
        return say("journal_sink.io_error")
    if primary == SQLITE_CANTOPEN:
        return say("journal_sink.cannot_open")
    return excerpt(str(seen), 120)


def _transient(error: BaseException) -> bool:
    """A failure that may pass (lock, full disk, I/O), as opposed to a file we must not touch."""
    import sqlite3

    from .journal import JournalVersionError

    if isinstance(error, JournalVersionError):
        return False
    cause = error.__cause__ if error.__cause__ is not None else error
    if isinstance(cause, sqlite3.OperationalError) or isinstance(cause, OSError):
        return True
    return isinstance(error, sqlite3.OperationalError)


class JournalWriter:
    """The journal's one writer: a thread that owns the Journal and an ordered queue of events."""

    def __init__(self, path: Path, on_status: StatusCallback | None = None) -> None:
        self.path = Path(path)
        self.on_status = on_status
        self.notice: str | None = None
        """Set when the journal was recovered or cannot be used (shown to the operator)."""
        self.delayed: str | None = None
        """The cause while writes are being retried, else None."""
        self.written = 0
        self._pending: deque[Event] = deque()
        self._cond = threading.Condition()
        self._closing = False
        self._close_deadline = float("inf")
        self._thread: threading.Thread | None = None
        self._journal: Journal | None = None
        self._unusable = False

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
            self._pending.append(event)
            self._cond.notify_all()
        self.start()

    @property
    def opened(self) -> bool:
        """The writer thread has the journal open."""
        return self._journal is not None

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

    def close(self, timeout: float = 3.0) -> bool:
        """Writes what is queued (retrying for up to ``timeout`` s), then closes the journal.

        True when nothing was left unwritten.
        """
        with self._cond:
            self._closing = True
            self._close_deadline = time.monotonic() + timeout
            self._cond.notify_all()
            thread = self._thread
        if thread is not None:
            thread.join(timeout + 1.0)
        with self._cond:
            lost = len(self._pending)
        if lost:
            log.error("journal %s: %d event(s) could not be written before exit", self.path, lost)
        return lost == 0

    # --- the writer thread ------------------------------------------------------

    def _status(self, kind: str, text: str | None) -> None:
        if self.on_status is not None:
            try:
                self.on_status(kind, text)
            except Exception:
                log.exception("journal status callback failed")

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
        self._wait(BACKOFF_S[min(attempt, len(BACKOFF_S) - 1)])

    def _open(self) -> Journal | None:
        from .journal import Journal

        attempt = 0
        while not self._give_up():
            try:
                make_private_dir(self.path.parent)
                create_private_file(self.path)  # 0600 before SQLite makes it (its -wal/-shm follow)
                create_private_file(self.path.with_name(self.path.name + ".lock"))
                journal = Journal.open(self.path)
                journal.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_MS)}")
            except Exception as exc:  # JournalError, OSError, and sqlite3 errors Journal.open does not wrap
                if _transient(exc) and not self._closing_empty():
                    self._retry(attempt, exc)
                    attempt += 1
                    continue
                self.notice = say("journal_sink.unavailable", exc=exc)
                self._status("notice", self.notice)
                return None
            if journal.notice:
                self.notice = journal.notice
                self._status("notice", journal.notice)
            return journal
        return None

    def _closing_empty(self) -> bool:
        with self._cond:
            return self._closing and not self._pending

    def _run(self) -> None:
        journal = self._open()
        if journal is None:
            with self._cond:
                self._unusable = True
                self._cond.notify_all()
            self._recovered()
            return
        self._journal = journal
        attempt = 0
        while True:
            with self._cond:
                while not self._pending and not self._closing:
                    self._cond.wait()
                if not self._pending:
                    break
                event = self._pending[0]
            if self._give_up():
                break
            try:
                journal.record(event)
            except Exception as exc:
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
            with self._cond:
                self._pending.popleft()
                self.written += 1
                self._cond.notify_all()
            self._recovered()
        try:
            journal.close()  # a call still open is recorded as interrupted
        except Exception:
            log.exception("journal %s: close failed", self.path)
        self._recovered()
        with self._cond:
            self._cond.notify_all()

    def _recovered(self) -> None:
        if self.delayed is not None:
            self.delayed = None
            log.info("journal %s: writes caught up", self.path)
            self._status("recovered", None)


class JournalSink:
    """What the window holds: :class:`JournalWriter` started after the first paint."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.writer = JournalWriter(self.path)

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

    def close(self, timeout: float = 3.0) -> bool:
        return self.writer.close(timeout)
