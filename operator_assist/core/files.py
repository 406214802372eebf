"""The user's files: written whole, damaged ones renamed aside (never deleted); any read without blocking; file
errors as message codes."""

from __future__ import annotations

import errno
import os
import stat
import time
from pathlib import Path
from typing import Callable

from ..messages import Words


def aside_name(path: Path) -> Path:
    """A free ``<name>.corrupt-YYYYmmdd-HHMMSS[-n]`` beside ``path``."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    candidate = path.with_name(f"{path.name}.corrupt-{stamp}")
    n = 1
    while candidate.exists():
        candidate = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
        n += 1
    return candidate


def make_private_dir(path: Path) -> None:
    """Creates ``path`` (and missing parents) readable by the user only (0700).

    An existing directory keeps its mode: the user may have chosen to share it.
    """
    path = Path(path)
    if path.is_dir():
        return
    missing = []
    probe = path
    while not probe.exists() and probe != probe.parent:
        missing.append(probe)
        probe = probe.parent
    for directory in reversed(missing):
        try:
            directory.mkdir(mode=0o700)
        except FileExistsError:
            continue
        os.chmod(directory, 0o700)  # mkdir's mode is cut by the umask


def write_private(path: Path, data: bytes) -> None:
    """Replaces ``path`` with ``data`` whole: a reader, or the next start after a crash, finds the old
    file or the new one, never a part (a temp file beside it, then a rename). Readable by the user only
    (0600) from the first byte; a symlink planted at the temp name is not followed."""
    path = Path(path)
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(temp, flags, 0o600)
    try:
        with os.fdopen(fd, "wb") as out:
            if hasattr(os, "fchmod"):  # a stale temp file of the same name keeps its mode: set it
                os.fchmod(out.fileno(), 0o600)
            out.write(data)
        os.replace(temp, path)
    except BaseException:
        try:
            os.unlink(temp)
        except OSError:
            pass
        raise


def create_private_file(path: Path) -> None:
    """Creates an empty ``path`` with mode 0600 if it does not exist yet (journal, lock)."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o600)
    except FileExistsError:
        return
    os.close(fd)


# --- reading the user's files without ever blocking on them -----------------------

KB = 1024
MB = 1024 * KB


class UserFileError(OSError):
    """A user file that cannot be read as a file; :attr:`words` says why (``str(error)`` too)."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.words = Words.of(code, **params)

    def __str__(self) -> str:
        return str(self.words)


_KINDS = (
    (stat.S_ISFIFO, "files.fifo"),
    (stat.S_ISCHR, "files.char_device"),
    (stat.S_ISBLK, "files.block_device"),
    (stat.S_ISSOCK, "files.socket"),
    (stat.S_ISDIR, "files.directory"),
)


def kind_words(mode: int) -> Words:
    for test, code in _KINDS:
        if test(mode):
            return Words(code)
    return Words("files.other_kind")


def size_words(size: int) -> Words:
    if size >= MB:
        return Words.of("files.megabytes", size=f"{size / MB:.1f}".removesuffix(".0"))
    if size >= KB:
        return Words.of("files.kilobytes", size=f"{size / KB:.0f}")
    return Words.of("files.bytes", size=size)


def read_regular_file(path: str | os.PathLike[str], limit: int) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; never blocks on a FIFO or device.

    The file is opened with O_NONBLOCK (opening a FIFO for reading does not wait for a
    writer then) and checked with fstat on the open descriptor, so a file swapped for a
    FIFO between a check and the open is still caught. Reads stop at ``limit + 1`` bytes.
    Raises :class:`UserFileError` (with its reason as a message code) or another OSError.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise UserFileError("files.symlink_loop") from None
        if exc.errno == errno.ENXIO:  # a socket, or a FIFO opened for writing
            raise UserFileError("files.socket_or_pipe") from None
        raise
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise UserFileError("files.not_regular", kind=kind_words(info.st_mode))
        if info.st_size > limit:
            raise UserFileError("files.too_big", size=size_words(info.st_size), limit=size_words(limit))
        chunks = []
        total = 0
        while total <= limit:
            chunk = os.read(fd, min(limit + 1 - total, 1 * MB))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > limit:  # grew after fstat
            raise UserFileError("files.grew", limit=size_words(limit))
        return b"".join(chunks)
    finally:
        os.close(fd)


def excerpt(value: object, limit: int = 60, plain: bool = False) -> str:
    """A short quotation of ``value`` for a message: its repr (``plain``: a text as is), cut to ``limit``.

    Bounded however large ``value`` is (a YAML alias bomb is a list of a billion
    items sharing one object): nested containers are elided, never walked in full.
    """
    import reprlib

    shortener = reprlib.Repr()
    shortener.maxlevel = 2
    shortener.maxlist = shortener.maxtuple = shortener.maxset = shortener.maxdict = 4
    shortener.maxstring = shortener.maxother = limit
    text = value if plain and isinstance(value, str) else shortener.repr(value)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return text
def os_error(exc: OSError, where: object) -> Words:
    """The cause of a failed read, write or connection, with the file or address."""
    import socket

    if isinstance(exc, UserFileError):
        return Words.of("files.os_error", where=where, reason=exc.words)
    causes = (
        (FileNotFoundError, "files.not_found"),
        (PermissionError, "files.no_access"),
        (IsADirectoryError, "files.is_directory"),
        ((NotADirectoryError, FileExistsError), "files.file_in_path"),
        (ConnectionRefusedError, "files.refused"),
        (socket.gaierror, "files.no_address"),
        ((ConnectionResetError, ConnectionAbortedError), "files.reset"),
    )
    for kinds, code in causes:
        if isinstance(exc, kinds):
            return Words.of(code, where=where)
    if exc.errno == errno.ENOSPC:
        return Words.of("files.no_space", where=where)
    return Words.of("files.os_error", where=where, reason=exc.strerror or exc)


def os_error_words(exc: OSError, where: object) -> str:
    """:func:`os_error` said in the user's language."""
    return str(os_error(exc, where))


def write_file_words(path: str | Path, write: Callable[[Path], object]) -> str | None:
    """Calls ``write(path)`` after creating the file's folder; None, or why it failed (said)."""
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        write(target)
    except OSError as exc:
        return os_error_words(exc, exc.filename or target)
    return None
