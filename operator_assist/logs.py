"""The app's own log, set up once at start: a rotating file in the user's log dir.

``setup()`` (called by the CLI before the window is built) sends log records of ``level``
and above to ``operator-assist.log`` (1 MB, then 3 older files) and WARNING and above to
stderr as before; uncaught exceptions, on the GUI thread or any worker thread, are logged
there too, and reported once to whoever listens (the window shows a notice, see
``ui/error_notices.py``). Light at start: the file is opened at the first record.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TextIO

from .paths import APP_NAME, DATA_DIR_ENV

LOG_FILE = "operator-assist.log"
MAX_BYTES = 1_000_000
BACKUPS = 3
LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")  # cli.LOG_LEVELS too
DEFAULT_LEVEL = "WARNING"
FORMAT = "%(asctime)s %(levelname)s [%(threadName)s] %(name)s: %(message)s"

log = logging.getLogger(__name__)

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]
ErrorListener = Callable[[str, BaseException], None]
"""(the failing thread's name, the exception); called on that thread."""


def log_dir(data_dir: str | os.PathLike[str] | None = None) -> Path:
    """``--data-dir``/``$OPERATOR_ASSIST_DATA_DIR``/logs, else the platform's user log dir."""
    chosen = data_dir or os.environ.get(DATA_DIR_ENV)
    if chosen:
        return Path(chosen).expanduser().resolve() / "logs"
    import platformdirs

    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


class RotatingFile(logging.Handler):
    """``path`` up to ``max_bytes``, then ``path.1`` … ``path.N`` (the oldest dropped).

    The file is opened at the first record (a quiet run leaves none). logging.handlers'
    RotatingFileHandler does the same, at the price of importing that module (socket, pickle,
    queue…) on the way to the window; this one is a plain :class:`logging.Handler`.
    """

    terminator = "\n"

    def __init__(self, path: Path, max_bytes: int, backups: int) -> None:
        super().__init__()
        self.path, self.max_bytes, self.backups = path, max_bytes, backups
        self.stream: TextIO | None = None
        self.unwritable = False
        """The file could not be opened (a read-only data folder): said once on stderr, then left alone."""

    def _opened(self) -> TextIO:
        if self.stream is None:
            from .core.files import create_private_file, make_private_dir

            make_private_dir(self.path.parent)  # a data folder first made here is private too
            create_private_file(self.path)  # 0600 from the first byte: the log may name the user's files
            self.stream = open(self.path, "a", encoding="utf-8")
        return self.stream

    def emit(self, record: logging.LogRecord) -> None:  # under self.lock
        if self.unwritable:
            return
        try:
            line = self.format(record) + self.terminator
            try:
                stream = self._opened()
            except OSError as exc:
                self.unwritable = True
                print(f"operator-assist: log file {self.path} cannot be written ({exc.strerror or exc}); "
                      "logging to stderr only", file=sys.stderr)  # fmt: skip
                return
            size = stream.tell()
            if size and size + len(line.encode("utf-8")) > self.max_bytes:
                stream = self._rotate(stream)
            stream.write(line)
            stream.flush()
        except Exception:
            self.handleError(record)

    def _rotate(self, stream: TextIO) -> TextIO:
        stream.close()
        self.stream = None
        for n in range(self.backups - 1, 0, -1):
            older = self.path.with_name(f"{self.path.name}.{n}")
            if older.exists():
                os.replace(older, self.path.with_name(f"{self.path.name}.{n + 1}"))
        if self.backups:
            os.replace(self.path, self.path.with_name(f"{self.path.name}.1"))
        else:
            self.path.unlink(missing_ok=True)
        return self._opened()

    def close(self) -> None:
        self.acquire()
        try:
            if self.stream is not None:
                self.stream.close()
                self.stream = None
        finally:
            self.release()
            super().close()


class AppLog:
    """What :func:`setup` installed; :meth:`close` takes it all back (tests)."""

    def __init__(self, path: Path, handlers: list[logging.Handler], previous: tuple) -> None:
        self.path = path
        self.handlers = handlers
        self.listeners: list[ErrorListener] = []
        self._previous = previous
        self._reported = False

    def on_error(self, listener: ErrorListener) -> None:
        """``listener`` hears of the first uncaught exception (later ones are only logged)."""
        self.listeners.append(listener)

    def report(self, thread: str, exc_info: ExcInfo) -> None:
        log.error("uncaught exception on thread %s", thread, exc_info=exc_info)
        if self._reported:
            return
        self._reported = True
        for listener in list(self.listeners):
            try:
                listener(thread, exc_info[1])
            except Exception:
                log.exception("error listener failed")

    def _excepthook(self, kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, value, tb)
            return
        self.report(threading.current_thread().name, (kind, value, tb))

    def _thread_excepthook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit:
            return
        name = args.thread.name if args.thread is not None else "?"
        self.report(name, (args.exc_type, args.exc_value, args.exc_traceback))  # type: ignore[arg-type]

    def close(self) -> None:
        root = logging.getLogger()
        for handler in self.handlers:
            root.removeHandler(handler)
            handler.close()
        if self._previous:
            sys.excepthook, threading.excepthook, level = self._previous
            root.setLevel(level)
            self._previous = ()


def setup(level: str = DEFAULT_LEVEL, data_dir: str | os.PathLike[str] | None = None, *,
          max_bytes: int = MAX_BYTES, backups: int = BACKUPS, stderr: bool = True) -> AppLog:  # fmt: skip
    """Once at start: the log file, stderr for warnings, and the exception hooks."""
    number = logging.getLevelName(level.upper())
    if not isinstance(number, int):
        raise ValueError(f"unknown log level {level!r}: one of {', '.join(LEVELS)}")  # the CLI offers LEVELS alone
    path = log_dir(data_dir) / LOG_FILE
    handlers: list[logging.Handler] = [RotatingFile(path, max_bytes, backups)]
    handlers[0].setLevel(number)
    handlers[0].setFormatter(logging.Formatter(FORMAT))
    if stderr:  # as Python's last resort did before: warnings and errors, the message alone
        handlers.append(logging.StreamHandler())
        handlers[-1].setLevel(max(number, logging.WARNING))
    root = logging.getLogger()
    for handler in handlers:
        root.addHandler(handler)
    app_log = AppLog(path, handlers, previous=(sys.excepthook, threading.excepthook, root.level))
    root.setLevel(min(number, logging.WARNING))
    sys.excepthook = app_log._excepthook
    threading.excepthook = app_log._thread_excepthook
    return app_log
