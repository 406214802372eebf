"""Choices the operator makes in the app (role, name, window), kept across restarts.

Stored as JSON written only by the app, atomically. An unreadable file is moved
aside with a timestamp (never deleted) and the app goes on with defaults.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path

from .files import KB, UserFileError, aside_name, make_private_dir, read_regular_file

log = logging.getLogger(__name__)

PREFERENCES_LIMIT = 64 * KB

GENDERS = ("", "m", "f")
"""Grammatical gender for phrases; "" (not chosen) gives both forms: «понял(а)»."""


@dataclass(frozen=True)
class Preferences:
    role: str | None = None
    operator_name: str = ""
    operator_gender: str = ""
    always_on_top: bool = False
    muted: bool = False
    compact: bool = False
    """The compact always-on-top view instead of the full window."""
    compact_geometry: str = ""
    listen: str = ""
    """Вид → «Слушать разговор»: "on" / "off" as last chosen in the window; "" follows settings.yaml."""
    geometry: str = ""
    """Base64 of the window geometry (opaque to the core)."""


def move_aside(path: Path) -> Path:
    target = aside_name(path)
    path.rename(target)
    return target


def _coerce(raw: dict) -> Preferences:
    """Keep the known keys whose type is right; a wrong one falls back to its default."""
    defaults = Preferences()
    values = {}
    for f in fields(Preferences):
        if f.name not in raw:
            continue
        value = raw[f.name]
        default = getattr(defaults, f.name)
        if f.name == "role":
            ok = value is None or isinstance(value, str)
        elif isinstance(default, bool):
            ok = isinstance(value, bool)
        else:
            ok = isinstance(value, str)
        if f.name == "operator_gender":
            ok = value in GENDERS
        if f.name == "listen":
            ok = value in ("", "on", "off")
        if ok:
            values[f.name] = value
    return replace(defaults, **values)


class PreferenceStore:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.notice: str | None = None
        """Set when the file was unreadable and moved aside (shown to the operator)."""

    def load(self) -> Preferences:
        if not self.path.exists():
            return Preferences()
        try:
            raw = json.loads(read_regular_file(self.path, PREFERENCES_LIMIT).decode("utf-8"))
            if not isinstance(raw, dict):
                raise ValueError("not a JSON object")
        except UserFileError as exc:  # a FIFO, a device, a huge file: say what it is
            log.warning("preferences file %s is unusable: %s", self.path, exc)
            self.notice = f"Файл настроек {self.path} не читается: {exc}; используются настройки по умолчанию."
            return Preferences()
        except (OSError, ValueError) as exc:
            log.warning("preferences file %s is unreadable: %s", self.path, exc)
            try:
                moved = move_aside(self.path)
            except OSError:
                self.notice = f"Файл настроек {self.path} не читается; используются настройки по умолчанию."
            else:
                self.notice = f"Файл настроек был повреждён и сохранён как {moved}; используются настройки по умолчанию."
            return Preferences()
        return _coerce(raw)

    def save(self, prefs: Preferences) -> None:
        make_private_dir(self.path.parent)
        tmp = self.path.with_name(self.path.name + ".tmp")
        # 0600: it holds the operator's name. O_EXCL-free: a stale .tmp is truncated.
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0), 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as stream:
            os.fchmod(stream.fileno(), 0o600)
            stream.write(json.dumps(asdict(prefs), ensure_ascii=False, indent=2))
        os.replace(tmp, self.path)
