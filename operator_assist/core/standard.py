"""A team's standard: the bundle a team lead publishes and every enrolled desk follows (issue 24). No Qt, no network.

A bundle has the shape of the bundled standard (``standard/`` of the package), file by file:

- ``phrases/*.yaml`` — the phrase library (at least one file); it takes the bundled library's place;
- ``roles.yaml`` — the roles and their hold limits; also the standard's ``timers`` and ``default_role``;
- ``scenarios/*.yaml`` — demo and practice (optional: without them the bundled scenarios are played);
- ``offers.yaml`` — where «Отличное предложение» comes from: ``source: http://crm.example/offer``;
- ``policy.yaml`` — what an operator may change on their own PC (optional: everything, as without a team)::

      personal_phrases: true      # their phrases/ add to and override the team's (false: ignored, named in a notice)
      personal_scenarios: true
      locked:                     # settings their own settings.yaml cannot change (as the administrator's policy.yaml)
        - roles.*.hold_limit
        - global_keys

Everything is checked by the app's own validators, with file:line: :func:`check_files` on the bytes
(the server before it publishes, the desk before it stores a download). A bundle is plain text in
regular files under a fixed set of names, so no path of a bundle can lead out of the folder it is
written to: no ``..``, no absolute path, no link, no folder of its own.

The standard sets only what belongs to the standard: phrases, roles and limits, the timers, the
offer source and the policy. What belongs to the PC (telephony, keys, the team server, the
language) stays the administrator's and the operator's (core/policy.py has the order of layers).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Callable, Mapping
from urllib.parse import urlsplit

from .files import KB, MB, excerpt, size_words
from .policy import TEAM_KEYS, Lock, read_locks
from .schema import Bool, Invalid, Text
from .yamlio import ParseCache, Problem, Report, decode_utf8, line_of, read_yaml, type_name

FORMAT = 1
"""The bundle's format; a desk refuses a newer one (its validators may not know what it holds)."""
MAX_FILES = 200
MAX_FILE = 512 * KB
MAX_TOTAL = 2 * MB
"""A bundle is refused past these (the bundled standard is about 60 KB in 21 files)."""

ROLES, OFFERS, POLICY = "roles.yaml", "offers.yaml", "policy.yaml"
PHRASES, SCENARIOS = "phrases", "scenarios"
_NAME = re.compile(r"(?:roles|offers|policy)\.yaml|(?:phrases|scenarios)/[A-Za-z0-9][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)*\.yaml")
_NAME_LIMIT = 120
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
TEAM_LOCKABLE = ("roles", "timers", "default_role", "offer_source", "global_keys", "hotkeys")
"""What a team's policy may lock against the operator's own settings.yaml."""
OFFER_SOURCE = Text(like="settings.offer_source_like")
BUNDLE = "standard"
"""The file name problems of the bundle as a whole are reported under."""


def is_bundle_name(name: str) -> bool:
    """Whether ``name`` may be a file of a bundle (and so a path under the folder it is written to)."""
    return len(name) <= _NAME_LIMIT and _NAME.fullmatch(name) is not None


# --- the policy and the offer source -------------------------------------------------------


@dataclass(frozen=True)
class TeamPolicy:
    """What an operator may change on their own PC under the team's standard."""

    personal_phrases: bool = True
    personal_scenarios: bool = True
    locked: tuple[Lock, ...] = ()


def read_team_policy(file: Path, cache: ParseCache | None = None) -> tuple[TeamPolicy, list[Problem]]:
    """``policy.yaml`` of a bundle (none: everything allowed), with its problems."""
    if not file.exists():
        return TeamPolicy(), []
    data, problems = read_yaml(file, cache, MAX_FILE)
    if problems or data is None:
        return TeamPolicy(), problems
    report = Report(str(file))
    if not isinstance(data, dict):
        report.error(line_of(data, 0), "policy.file_mapping", keys="personal_phrases, personal_scenarios, locked", type=type_name(data))
        return TeamPolicy(), report.problems
    flags = {}
    for key, value in data.items():
        if key in ("personal_phrases", "personal_scenarios"):
            try:
                flags[key] = Bool().check(value)
            except Invalid as exc:
                report.error(line_of(data, key), exc.code, field=key, **exc.params)
        elif key != "locked":
            report.error(line_of(data, key), "schema.unknown_field", field=excerpt(key, 40, plain=True),
                         allowed="personal_phrases, personal_scenarios, locked")  # fmt: skip
    raw, line = data.get("locked"), line_of(data, "locked")
    locks = read_locks(raw, report, line)
    for index, item in enumerate([raw] if isinstance(raw, str) else raw if isinstance(raw, list) else []):
        path = tuple(item.strip().split(".")) if isinstance(item, str) else ()
        if path in locks and path[0] not in TEAM_LOCKABLE:
            report.error(line_of(raw, index, line), "standard.lock_not_team", value=".".join(path), allowed=", ".join(TEAM_LOCKABLE))
    kept = [lock for lock in locks if lock[0] in TEAM_LOCKABLE]
    return TeamPolicy(locked=tuple(kept), **flags), report.problems


def read_offers(file: Path, cache: ParseCache | None = None) -> tuple[str | None, int, list[Problem]]:
    """``offers.yaml`` of a bundle: (the offer source's spec or None, its line, problems).

    A team names a source every desk can reach the same way: ``none``, ``demo``, ``http:URL`` or a
    plugin's name; never ``file:PATH`` (a path on the operator's PC) and
    never an address with a password (the source's secret is the administrator's to set)."""
    if not file.exists():
        return None, 1, []
    data, problems = read_yaml(file, cache, MAX_FILE)
    if problems or data is None:
        return None, 1, problems
    report = Report(str(file))
    if not isinstance(data, dict):
        report.error(line_of(data, 0), "standard.offers_mapping", type=type_name(data))
        return None, 1, report.problems
    for key in data:
        if key != "source":
            report.error(line_of(data, key), "schema.unknown_field", field=excerpt(key, 40, plain=True), allowed="source")
    line = line_of(data, "source")
    spec = None
    if "source" in data:
        try:
            spec = OFFER_SOURCE.check(data["source"])
        except Invalid as exc:
            report.error(line, exc.code, field="source", **exc.params)
    if spec is not None:
        name, _, rest = spec.partition(":")
        if name == "file":
            report.error(line, "standard.offer_file")
        elif name == "http" and "@" in urlsplit(rest.strip()).netloc:
            report.error(line, "standard.offer_password")
    if not report.ok:
        return None, line, report.problems
    return spec, line, report.problems


# --- one standard, read from its folder ----------------------------------------------------------


@dataclass(frozen=True)
class TeamStandard:
    """A team's standard in force on this PC: its checked copy in the data folder."""

    folder: Path
    version: int
    published: float
    """Unix time of its publishing."""
    team: str = ""
    policy: TeamPolicy = TeamPolicy()
    offer_source: str | None = None
    """``offers.yaml``'s source (None: the offer source is not the team's to set)."""
    offer_line: int = 1

    @property
    def phrases_dir(self) -> Path:
        return self.folder / PHRASES

    @property
    def scenarios_dir(self) -> Path | None:
        """The team's scenarios; None: the bundled ones are played."""
        folder = self.folder / SCENARIOS
        return folder if folder.is_dir() else None

    @property
    def roles_file(self) -> Path:
        return self.folder / ROLES

    @property
    def offers_file(self) -> Path:
        return self.folder / OFFERS


def read_standard(folder: Path, version: int, published: float, team: str = "",
                  cache: ParseCache | None = None) -> tuple[TeamStandard, list[Problem]]:  # fmt: skip
    """The standard of ``folder`` (its policy and offer source read; the rest is read by whoever uses it)."""
    policy, problems = read_team_policy(folder / POLICY, cache)
    offer, line, found = read_offers(folder / OFFERS, cache)
    return TeamStandard(folder, version, published, team, policy, offer, line), problems + found


TEAM_CODES = ("policy.locked_by_team", "policy.locked_standard", "standard.")


def team_problems(problems: list[Problem]) -> list[Problem]:
    """The problems that come of a team's standard (its locks, its files), as opposed to the administrator's."""
    return [p for p in problems if p.code.startswith(TEAM_CODES)]


def personal_problems(standard: TeamStandard | None, phrases_dir: Path, scenarios_dir: Path) -> list[Problem]:
    """The user's own phrase and scenario files the team's policy does not allow: each named, ignored."""
    if standard is None:
        return []
    found = []
    for allowed, folder, code in ((standard.policy.personal_phrases, phrases_dir, "standard.personal_phrases_off"),
                                  (standard.policy.personal_scenarios, scenarios_dir, "standard.personal_scenarios_off")):  # fmt: skip
        if not allowed and folder.is_dir():
            found += [Problem.of(str(path), 1, code, "warning", version=standard.version) for path in sorted(folder.glob("*.yaml"))]
    return found


# --- checking a bundle ---------------------------------------------------------------------------


def check_names(files: Mapping[str, bytes]) -> list[Problem]:
    """Names, count, sizes and plain text: what is checked before anything is written anywhere."""
    problems = []
    if len(files) > MAX_FILES:
        problems.append(Problem.of(BUNDLE, 1, "standard.too_many_files", count=len(files), limit=MAX_FILES))
    total = 0
    for name, raw in files.items():
        shown = excerpt(name, 80, plain=True)
        if not isinstance(name, str) or not is_bundle_name(name):
            problems.append(Problem.of(shown, 1, "standard.bad_name"))
            continue
        total += len(raw)
        if len(raw) > MAX_FILE:
            problems.append(Problem.of(name, 1, "files.too_big", size=size_words(len(raw)), limit=size_words(MAX_FILE)))
            continue
        text, found = decode_utf8(raw, name)
        if text is None:
            problems += found
            continue
        control = _CONTROL.search(text)
        if control is not None:
            line = text.count("\n", 0, control.start()) + 1
            problems.append(Problem.of(name, line, "standard.not_text", char=f"{ord(control.group()):02x}"))
    if total > MAX_TOTAL:
        problems.append(Problem.of(BUNDLE, 1, "standard.too_big", size=size_words(total), limit=size_words(MAX_TOTAL)))
    if not any(name.startswith(PHRASES + "/") for name in files if isinstance(name, str)):
        problems.append(Problem.of(BUNDLE, 1, "standard.no_phrases"))
    return problems


def check_files(files: Mapping[str, bytes]) -> list[Problem]:
    """Every problem of a bundle given as ``{name: bytes}``, each with the bundle's file name and line;
    any error among them refuses the bundle as a whole. Writes the files to a private temporary
    folder to read them with the app's own validators, and removes it."""
    import tempfile

    problems = check_names(files)
    if any(p.is_error for p in problems):
        return problems
    with tempfile.TemporaryDirectory(prefix="operator-assist-standard-") as temp:
        folder = Path(temp)
        write_files(folder, files)
        found = check_folder(folder)
    return problems + [_relative(p, folder) for p in found]


def write_files(folder: Path, files: Mapping[str, bytes]) -> None:
    """Writes a bundle whose names were checked (:func:`check_names`) into the new, empty ``folder``
    (0700 folders, 0600 files; a name that is not a bundle's is never written)."""
    for name, raw in files.items():
        if not is_bundle_name(name):
            raise ValueError(f"not a bundle's file name: {name!r}")
        target = folder / name
        if target.parent != folder:
            target.parent.mkdir(mode=0o700, exist_ok=True)
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(raw)


def check_folder(folder: Path) -> list[Problem]:
    """The app's validators over a bundle written to ``folder``: phrases, roles, offers, policy, scenarios."""
    from .phrases import load_library, phrase_files
    from .scenario import load_scenarios
    from .settings import bundled_settings, overlay

    library = load_library([phrase_files(folder / PHRASES)])
    problems = list(library.problems)
    settings, found = overlay(bundled_settings(), folder / ROLES, None, _team_keys_only(folder / ROLES))
    problems += found
    _, found = read_standard(folder, 0, 0.0)
    problems += found
    if (folder / SCENARIOS).is_dir():
        _, found = load_scenarios([folder / SCENARIOS], library.library.ids(), settings.role_ids())
        problems += found
    return problems


def _team_keys_only(file: Path) -> Callable[[Any], tuple[Any, list[Problem]]]:
    """``overlay``'s ``prepare`` for a team's roles.yaml: a key of the PC's own is an error there."""

    def prepare(data: Any) -> tuple[Any, list[Problem]]:
        if not isinstance(data, dict):
            return data, []
        report = Report(str(file))
        for key in data:
            if key not in TEAM_KEYS:
                report.error(line_of(data, key), "standard.not_team_key", field=excerpt(key, 40, plain=True),
                             allowed=", ".join(TEAM_KEYS))  # fmt: skip
        return data, report.problems

    return prepare


def _relative(problem: Problem, folder: Path) -> Problem:
    prefix = str(folder) + os.sep
    if problem.file.startswith(prefix):
        return replace(problem, file=problem.file[len(prefix):].replace(os.sep, "/"))
    return problem


# --- a bundle from a folder (publishing) -------------------------------------------------------


def read_folder(folder: Path) -> tuple[dict[str, bytes], list[Problem]]:
    """A bundle from a folder a lead prepared (a copy of ``standard/``): its files by name, and problems.

    Links and anything but regular files under a bundle's names are errors; other files (a
    README, an editor's backup) are left out with a warning.
    """
    files: dict[str, bytes] = {}
    problems: list[Problem] = []
    root = Path(folder)
    try:
        entries = sorted(os.scandir(root), key=lambda e: e.name)
    except OSError as exc:
        return {}, [Problem.of(str(root), 1, "standard.unreadable", reason=exc.strerror or str(exc))]
    for entry in entries:
        if entry.name in (PHRASES, SCENARIOS) and not entry.is_symlink() and entry.is_dir():
            for inner in sorted(os.scandir(entry.path), key=lambda e: e.name):
                _take(f"{entry.name}/{inner.name}", Path(inner.path), files, problems)
        else:
            _take(entry.name, Path(entry.path), files, problems)
    return files, problems


def _take(name: str, path: Path, files: dict[str, bytes], problems: list[Problem]) -> None:
    import stat

    try:
        mode = os.lstat(path).st_mode
    except OSError as exc:
        problems.append(Problem.of(name, 1, "standard.unreadable", reason=exc.strerror or str(exc)))
        return
    wanted = is_bundle_name(name) or name in (PHRASES, SCENARIOS)
    if not wanted:
        problems.append(Problem.of(name, 1, "standard.left_out", severity="warning"))
        return
    if stat.S_ISLNK(mode):
        problems.append(Problem.of(name, 1, "standard.link"))
        return
    if not stat.S_ISREG(mode):
        problems.append(Problem.of(name, 1, "standard.not_regular"))
        return
    from .files import UserFileError, read_regular_file

    try:
        files[name] = read_regular_file(path, MAX_FILE)
    except UserFileError as exc:
        problems.append(Problem(name, 1, exc.words.code, params=exc.words.params))
    except OSError as exc:
        problems.append(Problem.of(name, 1, "standard.unreadable", reason=exc.strerror or str(exc)))
