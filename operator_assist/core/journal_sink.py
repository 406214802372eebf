"""Opens the journal on first need, so the window paints before SQLite is even imported."""

from __future__ import annotations

from pathlib import Path

from .events import Event


class JournalSink:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.notice: str | None = None
        """Set when the journal was recovered or could not be opened (shown to the operator)."""
        self._journal = None
        self._tried = False

    def open(self):
        """The open Journal, or None if it cannot be opened (the timer works without it)."""
        if not self._tried:
            self._tried = True
            from .journal import Journal, JournalError

            try:
                self._journal = Journal.open(self.path)
            except (JournalError, OSError) as exc:
                self.notice = f"Журнал звонков недоступен, звонки не записываются: {exc}"
            else:
                self.notice = self._journal.notice
        return self._journal

    def record(self, event: Event) -> None:
        journal = self.open()
        if journal is not None:
            journal.record(event)

    def close(self) -> None:
        if self._journal is not None:
            self._journal.close()  # a call still open is recorded as interrupted
