"""The administrator's policy: settings for every user of a computer, and the keys a user cannot change.

The system folder (:func:`operator_assist.paths.system_config_dir`: ``/etc/operator-assist``;
``%ProgramData%\\operator-assist`` on Windows) may hold two files:

- ``settings.yaml``: the keys of a user's settings.yaml (the same schema, checked the same way,
  with file:line); they are every user's defaults.
- ``policy.yaml``: ``locked:``, a list of settings a user's own settings.yaml cannot change:
  a key (``roles.specialist.hold_limit``, ``telephony.source``), a section (``telephony``,
  ``roles.senior``) or ``*`` for any role (``roles.*.hold_limit``). ``locked:`` may also stand
  in the system settings.yaml (one file for a small site); the locks of both count.

Layers, each over the one before: the bundled defaults, the system settings.yaml, the team's
standard (issue 24: its roles.yaml and offer source, core/standard.py) without the keys the
administrator locked, the user's settings.yaml without the keys the administrator or the team's
policy locked. Each locked key a file sets is a warning with that file and line (the window shows
it as a notice) and is ignored; the rest of the file applies. A system file with an error is
ignored as a whole, as a user's is, and named.

Why the team sits between the administrator's values and locks: the administrator's settings.yaml
is every user's *default* on this PC, and a team's standard is more particular than a default (a
team that moves seniors to 4:00 means it on every desk); a lock is the administrator's decision
that nobody else changes a key on this PC, and a standard that comes over the network is no
exception (the administrator may be bound by more than the team lead knows). The team never sets
the PC's own keys (telephony, keys, the team server, the language) at all: only the standard's.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, NamedTuple, Protocol, Union

from .files import excerpt
from .settings import SETTINGS, Settings, bundled_settings, overlay, setting_value
from .yamlio import LineDict, ParseCache, Problem, Report, line_of, read_yaml, type_name

SETTINGS_NAME = "settings.yaml"
POLICY_NAME = "policy.yaml"
LOCKED = "locked"

Lock = tuple[str, ...]
"""A locked path: ``("roles", "*", "hold_limit")``."""


class TeamLock(NamedTuple):
    """A lock of the team's standard (its policy.yaml), named by the standard's version in messages."""

    version: int


Owner = Union[str, TeamLock]
"""Who locked a key: the administrator's file (its path), or the team's standard."""


class TeamLocks(Protocol):
    @property
    def locked(self) -> tuple[Lock, ...]:
        """The settings the team's policy.yaml locks against the operator's own settings.yaml."""


class TeamLayer(Protocol):
    """What the team's layer reads of a team's standard (core/standard.py ``TeamStandard``)."""

    @property
    def version(self) -> int: ...

    @property
    def roles_file(self) -> Path: ...

    @property
    def offer_source(self) -> str | None:
        """``offers.yaml``'s source (None: the offer source is not the team's to set)."""

    @property
    def offers_file(self) -> Path: ...

    @property
    def offer_line(self) -> int:
        """The line of ``offers.yaml``'s source (a lock's warning names it)."""

    @property
    def policy(self) -> TeamLocks: ...


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


def _locked_by(path: Lock, locks: dict[Lock, Owner]) -> Owner | None:
    """Who locks ``path`` (a key or a section of the user's data), if anyone."""
    for lock, file in locks.items():
        if len(path) >= len(lock) and all(part in ("*", got) for part, got in zip(lock, path)):
            return file
    return None


def _strip(data: LineDict, locks: dict[Lock, Owner], report: Report, path: Lock = (), code: str = "policy.locked",
           same: Callable[[Lock, Any], bool] | None = None) -> LineDict:  # fmt: skip
    """A copy of ``data`` (lines kept) without the locked keys; each one taken out is a warning
    (``code`` for the administrator's locks; a team's lock says its standard's version), but one
    ``same(path, value)`` says changes nothing."""
    kept = LineDict()
    kept.line = data.line
    for key, raw in data.items():
        here = path + (str(key),)
        short = SETTINGS.shorthand.get(".".join(here)) if isinstance(raw, str) else None  # `audio: devices`
        source = _locked_by(here + ((short,) if short else ()), locks)
        if source is not None and same is not None and same(here, raw):
            continue
        if isinstance(source, TeamLock):
            report.warning(line_of(data, key), "policy.locked_by_team", field=".".join(here), version=source.version)
            continue
        if source is not None:
            report.warning(line_of(data, key), code, field=".".join(here), policy=source)
            continue
        kept[key] = _strip(raw, locks, report, here, code, same) if isinstance(raw, LineDict) else raw
        kept.key_lines[key] = line_of(data, key)
    return kept


def strip_locked(data: Any, locks: dict[Lock, Owner], file: str, roles: list[str], code: str = "policy.locked",
                 same: Callable[[Lock, Any], bool] | None = None) -> tuple[Any, list[Problem]]:  # fmt: skip
    """The user's settings (or a team's roles.yaml) without what ``locks`` fixes, and a warning
    (file:line, ``code`` for the administrator's locks) for each key taken out.

    A role of the file's own that lost its label or limit to a lock is left out as a whole:
    it cannot exist without them (the warning names what was locked)."""
    report = Report(file)
    if not locks or not isinstance(data, LineDict):
        return data, []
    kept = _strip(data, locks, report, code=code, same=same)
    user_roles = kept.get("roles")
    if isinstance(user_roles, LineDict):
        for role_id in list(user_roles):
            if str(role_id) not in roles and any(_locked_by(("roles", str(role_id), name), locks) for name in ("label", "hold_limit")):
                del user_roles[role_id]
    return kept, report.problems


def load_layered(system_dir: Path | None, user_file: Path | None, cache: ParseCache | None = None,
                 standard: TeamLayer | None = None) -> tuple[Settings, list[Problem]]:  # fmt: skip
    """The settings in effect: bundled, the administrator's (``system_dir``; None: none), the team's
    ``standard`` (None: none), the user's.

    Problems: errors (a file ignored as a whole) and warnings (a locked key in the user's file or
    the team's, ignored); ``Problem.is_error`` tells them apart.
    """
    settings = bundled_settings(cache)
    problems: list[Problem] = []
    locks: dict[Lock, Owner] = {}
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
    if standard is not None:
        settings, found = _team_layer(settings, standard, locks, cache)
        problems += found
    if user_file is not None:
        roles = settings.role_ids()
        settings, found = overlay(settings, user_file, cache, lambda data: strip_locked(data, locks, str(user_file), roles))
        problems += found
    return settings, problems


TEAM_KEYS = ("roles", "default_role", "timers")
"""What ``roles.yaml`` of a team may set (the rest of settings.yaml is the PC's)."""


def team_settings_data(data: Any) -> Any:
    """A team's ``roles.yaml`` data without anything but :data:`TEAM_KEYS` (its check refused them already)."""
    if not isinstance(data, LineDict):
        return data
    kept = LineDict((key, value) for key, value in data.items() if key in TEAM_KEYS)
    kept.line = data.line
    kept.key_lines = {key: line for key, line in data.key_lines.items() if key in TEAM_KEYS}
    return kept


def _team_layer(settings: Settings, standard: TeamLayer, locks: dict[Lock, Owner],
                cache: ParseCache | None) -> tuple[Settings, list[Problem]]:  # fmt: skip
    """The team's roles.yaml and offer source over ``settings``, but what the administrator locked;
    then the team's own locks join ``locks`` (a key the administrator locked stays the administrator's)."""
    from .settings import overlay_data

    roles_file, roles = standard.roles_file, settings.role_ids()

    def prepare(data: Any) -> tuple[Any, list[Problem]]:  # a full copy of roles.yaml repeats what is locked: no notice for that
        return strip_locked(team_settings_data(data), locks, str(roles_file), roles, "policy.locked_standard",
                            lambda path, raw: _in_effect(settings, path, raw))  # fmt: skip

    settings, problems = overlay(settings, roles_file, cache, prepare)
    if standard.offer_source is not None:
        owner = _locked_by(("offer_source",), locks)
        if owner is not None:
            problems.append(Problem.of(str(standard.offers_file), standard.offer_line, "policy.locked_standard", "warning",
                                       field="offer_source", policy=owner))  # fmt: skip
        else:
            settings = overlay_data(settings, {"offer_source": standard.offer_source}, str(standard.offers_file))
    for lock in standard.policy.locked:
        locks.setdefault(lock, TeamLock(standard.version))
    return _with_locks(settings, tuple(locks)), problems


def _in_effect(settings: Settings, path: Lock, raw: Any) -> bool:
    """Whether ``raw`` (a value of a key at ``path``) is already the value in effect."""
    from .schema import Invalid

    name = ".".join(path)
    if path[0] == "roles" and len(path) == 3:
        role = next((r for r in settings.roles if r.id == path[1]), None)
        key, current = SETTINGS.by_name.get(f"roles.*.{path[2]}"), getattr(role, path[2], None)
    else:
        key, current = SETTINGS.by_name.get(name), setting_value(settings, name)
    if key is None or current is None:
        return False
    try:
        return bool(key.type.check(raw) == current)
    except Invalid:
        return False


def _with_locks(settings: Settings, locks: tuple[Lock, ...]) -> Settings:
    from dataclasses import replace

    return replace(settings, locked=locks)
