"""The user's phrase files, reloaded while the app runs; the «Говорим правильно» check after start.

Files are read on a worker thread (a file may be a FIFO or huge) and applied on the GUI thread;
a file with a mistake keeps the last good phrases and says so in the panel.
"""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from .. import timers

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from PySide6.QtCore import QFileSystemWatcher

    from ...core.phrases import PhraseBook
    from .panel import PhrasePanel

RELOAD_DELAY_MS = 300  # user phrase files: read once the editor has finished saving


class PhraseFilesWatcher(QObject):
    _loaded = Signal(object)  # a LoadResult from the reload thread

    def __init__(self, book: PhraseBook, panel: PhrasePanel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.book = book
        self.panel = panel
        self._watcher: QFileSystemWatcher | None = None
        self._loader: threading.Thread | None = None
        self._again = False
        self._loaded.connect(self._apply)
        self._timer = timers.timer(self, RELOAD_DELAY_MS, single_shot=True)  # editors save in bursts
        self._timer.timeout.connect(self.reload)

    def start(self) -> None:
        """Checks the phrases against «Говорим правильно» and watches the user's phrase folder."""
        if self.book.lint():
            self.panel.show_problems(self.book.problems)
        if self.book.user_dir is None:
            return
        from PySide6.QtCore import QFileSystemWatcher

        from ...core.files import make_private_dir

        try:
            make_private_dir(self.book.user_dir)
        except OSError as exc:  # a read-only config folder: no user phrases to watch
            log.warning("phrase folder %s not watched: %s", self.book.user_dir, exc)
            return
        self._watcher = QFileSystemWatcher(self)
        self._watcher.directoryChanged.connect(lambda _: self._timer.start())
        self._watcher.fileChanged.connect(lambda _: self._timer.start())
        self._rewatch()

    @property
    def watching(self) -> bool:
        return self._watcher is not None

    @property
    def busy(self) -> bool:
        """A change seen is still to be read (the editor may still be saving) or being read."""
        return self._loader is not None or self._timer.isActive()

    def _rewatch(self) -> None:
        # Editors that save by renaming drop the file from the watch: add it back each time.
        assert self._watcher is not None
        watched = self._watcher.files() + self._watcher.directories()
        missing = [str(p) for p in self.book.watched_paths() if str(p) not in watched]
        if missing:
            self._watcher.addPaths(missing)

    def reload(self) -> None:
        """Reads the phrase files on a worker thread; applies them here."""
        if self._loader is not None and self._loader.is_alive():
            self._again = True  # one reader at a time; the latest change is read after it
            return
        self._again = False
        book, done = self.book, self._loaded
        self._loader = threading.Thread(target=lambda: done.emit(book.load()), name="phrase-reload", daemon=True)
        self._loader.start()

    def _apply(self, result) -> None:
        self._loader = None  # its work is done, whether or not the thread has ended yet
        if self._again:
            self.reload()
        changed = self.book.apply(result)
        if changed:
            self.panel.set_library(self.book.library)
        self.panel.show_problems(self.book.problems, kept_previous=not changed)
        if self._watcher is not None:
            self._rewatch()
