"""Choices the operator makes in the app (role, name, window), kept across restarts.

Stored as JSON written only by the app, atomically. An unreadable file is moved
aside with a timestamp (never deleted) and the app goes on with defaults.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from ..messages import Words
from .files import KB, UserFileError, aside_name, excerpt, make_private_dir, read_regular_file, write_private
from .schema import Bool, Choice, Key, Schema, Text
from .yamlio import Report

log = logging.getLogger(__name__)

PREFERENCES_LIMIT = 64 * KB

GENDERS = ("", "m", "f")
"""Grammatical gender for phrases; "" (not chosen) gives both forms: masculine(feminine ending)."""

PREFERENCES = Schema(
    "preferences.json",
    (
        Key("role", Text(empty=True, null=True), None, "The role chosen in the window (`null`: `default_role` of settings.yaml)."),
        Key("operator_name", Text(empty=True), "", "The operator's name, put into phrases as `{operator_name}`."),
        Key("operator_gender", Choice(GENDERS), "", "`m` or `f` chooses the gendered forms of phrases; `\"\"` shows both: masculine(feminine ending)."),
        Key("always_on_top", Bool(), False, "The window stays above other windows."),
        Key("muted", Bool(), False, "No sound cues."),
        Key("compact", Bool(), False, "The compact always-on-top view instead of the full window."),
        Key("compact_geometry", Text(empty=True), "", "Where the compact view was (opaque to the core)."),
        Key("listen", Choice(("", "on", "off")), "", "The window's listening toggle (View menu) as last chosen: `on`, `off`; `\"\"` follows `audio.source` of settings.yaml."),
        Key("speech", Choice(("", "on", "off")), "", "The View menu's speech toggle (the operator's own words checked) as last chosen: `on`, `off`; `\"\"` follows `speech.recogniser` of settings.yaml."),
        Key("geometry", Text(empty=True), "", "Base64 of the window geometry (opaque to the core)."),
    ),
)  # fmt: skip
"""Every key of preferences.json, which only the app writes."""
_default = PREFERENCES.default


@dataclass(frozen=True)
class Preferences:
    role: str | None = _default("role")
    operator_name: str = _default("operator_name")
    operator_gender: str = _default("operator_gender")
    always_on_top: bool = _default("always_on_top")
    muted: bool = _default("muted")
    compact: bool = _default("compact")
    """The compact always-on-top view instead of the full window."""
    compact_geometry: str = _default("compact_geometry")
    listen: str = _default("listen")
    """The window's listening toggle (View menu): "on" / "off" as last chosen; "" follows settings.yaml."""
    speech: str = _default("speech")
    """The View menu's speech toggle (the operator's own words checked): "on" / "off"; "" follows settings.yaml."""
    geometry: str = _default("geometry")
    """Base64 of the window geometry (opaque to the core)."""


def move_aside(path: Path) -> Path:
    target = aside_name(path)
    path.rename(target)
    return target


def _coerce(raw: dict[str, Any], file: str) -> Preferences:
    """Keep the known keys whose type is right; a wrong one falls back to its default (and is logged)."""
    report = Report(file)
    values = PREFERENCES.walk(raw, report)
    for problem in report.problems:
        log.info("preferences: %s", problem)
    names = {f.name for f in fields(Preferences)}
    return Preferences(**{path[0]: value for path, value in values.items() if path[0] in names})


class PreferenceStore:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.problem: Words | None = None
        """Set when the file was unreadable (and moved aside): what the operator is told."""

    @property
    def notice(self) -> str | None:
        """:attr:`problem` said in the user's language."""
        return None if self.problem is None else str(self.problem)

    def load(self) -> Preferences:
        if not self.path.exists():
            return Preferences()
        try:
            raw = json.loads(read_regular_file(self.path, PREFERENCES_LIMIT).decode("utf-8"))
            if not isinstance(raw, dict):
                raise ValueError("not a JSON object")
        except UserFileError as exc:  # a FIFO, a device, a huge file: say what it is
            log.warning("preferences file %s is unusable: %s", self.path, exc)
            if exc.words.code in ("files.too_big", "files.grew"):  # a regular file: kept aside, never overwritten
                return self._aside(exc.words)
            self.problem = Words.of("preferences.unusable", path=self.path, reason=exc.words)
            return Preferences()
        except (OSError, ValueError, RecursionError) as exc:  # RecursionError: JSON nested too deep
            log.warning("preferences file %s is unreadable: %s", self.path, excerpt(str(exc), 200))
            return self._aside(None)
        return _coerce(raw, str(self.path))

    def _aside(self, reason: Words | None) -> Preferences:
        """Moves the unusable file aside (the app's next save must not overwrite it); defaults meanwhile."""
        try:
            moved = move_aside(self.path)
        except OSError:
            self.problem = Words.of("preferences.unreadable", path=self.path)
        else:
            self.problem = (Words.of("preferences.moved_aside", path=moved) if reason is None
                            else Words.of("preferences.moved_aside_because", reason=reason, path=moved))  # fmt: skip
        return Preferences()

    def save(self, prefs: Preferences) -> None:
        make_private_dir(self.path.parent)
        write_private(self.path, json.dumps(asdict(prefs), ensure_ascii=False, indent=2).encode("utf-8"))  # 0600: the operator's name
