"""Keeping damaged user files (renamed aside, never deleted); file errors in the user's words."""

from __future__ import annotations

import time
from pathlib import Path


def aside_name(path: Path) -> Path:
    """A free ``<name>.corrupt-YYYYmmdd-HHMMSS[-n]`` beside ``path``."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    candidate = path.with_name(f"{path.name}.corrupt-{stamp}")
    n = 1
    while candidate.exists():
        candidate = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
        n += 1
    return candidate


def os_error_words(exc: OSError, where: object) -> str:
    """The cause of a failed read, write or connection in Russian, with the file or address."""
    import socket

    if isinstance(exc, FileNotFoundError):
        return f"файл не найден: {where}"
    if isinstance(exc, PermissionError):
        return f"нет доступа: {where}"
    if isinstance(exc, IsADirectoryError):
        return f"это папка, а не файл: {where}"
    if isinstance(exc, (NotADirectoryError, FileExistsError)):
        return f"в пути файл вместо папки: {where}"
    if isinstance(exc, ConnectionRefusedError):
        return f"соединение отклонено: {where}"
    if isinstance(exc, socket.gaierror):
        return f"адрес не найден: {where}"
    if isinstance(exc, (ConnectionResetError, ConnectionAbortedError)):
        return f"соединение прервано: {where}"
    import errno

    if exc.errno == errno.ENOSPC:
        return f"нет места на диске: {where}"
    return f"{where}: {exc.strerror or exc}"


def write_file_words(path: str | Path, write) -> str | None:
    """Calls ``write(path)`` after creating the file's folder; None, or why it failed (Russian)."""
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        write(target)
    except OSError as exc:
        return os_error_words(exc, exc.filename or target)
    return None
