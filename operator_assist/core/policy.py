"""The administrator's policy: settings for every user of a computer, and the keys a user cannot change.

The system folder (:func:`operator_assist.paths.system_config_dir`: ``/etc/operator-assist``;
``%ProgramData%\\operator-assist`` on Windows) may hold two files:

- ``settings.yaml``: the keys of a user's settings.yaml (the same schema, checked the same way,
  with file:line); they are every user's defaults.
- ``policy.yaml``: ``locked:``, a list of settings a user's own settings.yaml cannot change:
  a key (``roles.specialist.hold_limit``, ``telephony.source``), a section (``telephony``,
  ``roles.senior``) or ``*`` for any role (``roles.*.hold_limit``). ``locked:`` may also stand
  in the system settings.yaml (one file for a small site); the locks of both count.

Layers, each over the one before: the bundled defaults, the system settings.yaml, the user's
settings.yaml without its locked keys. Each locked key a user's file sets is a warning with the
user's file and line (the window shows it as a notice) and is ignored; the rest of the user's
file applies. A system file with an error is ignored as a whole, as a user's is, and named.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .files import excerpt
from .settings import SETTINGS, Settings, bundled_settings, overlay
from .yamlio import LineDict, ParseCache, Problem, Report, line_of, read_yaml, type_name

SETTINGS_NAME = "settings.yaml"
POLICY_NAME = "policy.yaml"
LOCKED = "locked"

Lock = tuple[str, ...]
"""A locked path: ``("roles", "*", "hold_limit")``."""


def _known(path: Lock) -> bool:
    """Whether ``path`` names a key or a section of settings.yaml (``*`` where any name may stand)."""
    node: Any = SETTINGS.tree
    for part in path:
        if not isinstance(node, dict):
            return False
        if part in node and part != "*":
            node = node[part]
        elif "*" in node:
            node = node["*"]
        else:
            return False
    return True


def read_locks(raw: Any, report: Report, line: int) -> list[Lock]:
    """The ``locked:`` list of a file (``raw``; ``line``: its key's line); each bad entry reported."""
    if raw is None:
        return []
    if isinstance(raw, str):  # `locked: global_keys`: one key
        raw = [raw]
    if not isinstance(raw, list):
        report.error(line, "policy.locked_list", type=type_name(raw), value=excerpt(raw))
        return []
    locks = []
    for index, item in enumerate(raw):
        where = line_of(raw, index, line)
        path = tuple(item.strip().split(".")) if isinstance(item, str) else ()
        if not path or not all(path) or not _known(path):
            report.error(where, "policy.unknown_key", value=excerpt(item), allowed=", ".join(sorted(SETTINGS.tree)))
            continue
        locks.append(path)
    return locks


def read_policy(file: Path, cache: ParseCache | None = None) -> tuple[list[Lock], list[Problem]]:
    """The locks of ``policy.yaml`` (none when it does not exist) and its problems."""
    if not file.exists() and not file.is_symlink():
        return [], []
    data, problems = read_yaml(file, cache)
    if problems:
        return [], problems
    report = Report(str(file))
    if data is None:
        return [], []
    if not isinstance(data, dict):
        report.error(line_of(data, 0), "policy.file_mapping", keys=LOCKED, type=type_name(data))
        return [], report.problems
    for key in data:
        if key != LOCKED:
            report.error(line_of(data, key), "schema.unknown_field", field=excerpt(key, 40, plain=True), allowed=LOCKED)
    return read_locks(data.get(LOCKED), report, line_of(data, LOCKED)), report.problems  # a typo unlocks nothing else


def _locked_by(path: Lock, locks: dict[Lock, str]) -> str | None:
    """The file that locks ``path`` (a key or a section of the user's data), if any."""
    for lock, file in locks.items():
        if len(path) >= len(lock) and all(part in ("*", got) for part, got in zip(lock, path)):
            return file
    return None


def _strip(data: LineDict, locks: dict[Lock, str], report: Report, path: Lock = ()) -> LineDict:
    """A copy of ``data`` (lines kept) without the locked keys; each one taken out is a warning."""
    kept = LineDict()
    kept.line = data.line
    for key, raw in data.items():
        here = path + (str(key),)
        short = SETTINGS.shorthand.get(".".join(here)) if isinstance(raw, str) else None  # `audio: devices`
        source = _locked_by(here + ((short,) if short else ()), locks)
        if source is not None:
            report.warning(line_of(data, key), "policy.locked", field=".".join(here), policy=source)
            continue
        kept[key] = _strip(raw, locks, report, here) if isinstance(raw, LineDict) else raw
        kept.key_lines[key] = line_of(data, key)
    return kept


def strip_locked(data: Any, locks: dict[Lock, str], file: str, roles: list[str]) -> tuple[Any, list[Problem]]:
    """The user's settings without what ``locks`` fixes, and a warning (file:line) for each key taken out.

    A role of the user's own that lost its label or limit to a lock is left out as a whole:
    it cannot exist without them (the warning names what was locked)."""
    report = Report(file)
    if not locks or not isinstance(data, LineDict):
        return data, []
    kept = _strip(data, locks, report)
    user_roles = kept.get("roles")
    if isinstance(user_roles, LineDict):
        for role_id in list(user_roles):
            if str(role_id) not in roles and any(_locked_by(("roles", str(role_id), name), locks) for name in ("label", "hold_limit")):
                del user_roles[role_id]
    return kept, report.problems


def load_layered(system_dir: Path | None, user_file: Path | None, cache: ParseCache | None = None) -> tuple[Settings, list[Problem]]:
    """The settings in effect: bundled, the administrator's (``system_dir``; None: none), the user's.

    Problems: errors (a file ignored as a whole) and warnings (a locked key in the user's file,
    ignored); ``Problem.is_error`` tells them apart.
    """
    settings = bundled_settings(cache)
    problems: list[Problem] = []
    locks: dict[Lock, str] = {}
    if system_dir is not None:
        system_file = system_dir / SETTINGS_NAME

        def take_locks(data: Any) -> tuple[Any, list[Problem]]:
            if not isinstance(data, LineDict) or LOCKED not in data:
                return data, []
            report = Report(str(system_file))
            found = read_locks(data[LOCKED], report, line_of(data, LOCKED))
            locks.update((lock, str(system_file)) for lock in found)
            rest = LineDict((key, value) for key, value in data.items() if key != LOCKED)
            rest.line, rest.key_lines = data.line, data.key_lines
            return rest, report.problems

        settings, found = overlay(settings, system_file, cache, take_locks)  # a broken file's good locks still hold
        problems += found
        policy_file = system_dir / POLICY_NAME
        found_locks, found = read_policy(policy_file, cache)
        locks.update((lock, str(policy_file)) for lock in found_locks)
        problems += found
        settings = _with_locks(settings, tuple(locks))
    if user_file is not None:
        roles = settings.role_ids()
        settings, found = overlay(settings, user_file, cache, lambda data: strip_locked(data, locks, str(user_file), roles))
        problems += found
    return settings, problems


def _with_locks(settings: Settings, locks: tuple[Lock, ...]) -> Settings:
    from dataclasses import replace

    return replace(settings, locked=locks)
