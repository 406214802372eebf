"""The team's standard on this PC: the last good copy in the data folder, so the app starts offline (issue 24).

    DATA_DIR/standard/current.json   which copy is in force: version, date, team, server, ETag, each file's size and CRC
    DATA_DIR/standard/v7/…           a copy: phrases/, roles.yaml, … (0700 folders, 0600 files)

A download is written to a fresh folder, checked there with the app's validators
(:func:`operator_assist.core.standard.check_folder`) and only then renamed to ``vN`` and named in
``current.json`` (replaced in one step): a damaged or refused download never replaces the copy in
force. The copy in force is checked against its files' sizes and CRC-32 whenever it is read; a damaged one is
not used (the bundled standard is, until the server sends the standard again). The last
:data:`KEEP` copies are kept. No Qt, no network: ``team/standard.py`` fetches.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, Mapping

from .files import make_private_dir
from .yamlio import ParseCache, Problem

if TYPE_CHECKING:  # read when a copy exists: a PC without a team's standard starts without it
    from .standard import TeamStandard

FOLDER = "standard"
CURRENT = "current.json"
ENROLMENT = "team.json"
"""The enrolment's file in the data folder (team/client.py): a copy is in force only for the server it came from."""
KEEP = 3
STALE_INCOMING_S = 600.0
MANIFEST_LIMIT = 64 * 1024


def digest(raw: bytes) -> str:
    """A file's size and CRC-32: enough to find a copy damaged or edited by hand. (Not a defence against
    someone who can write the data folder: they could write ``current.json`` as well. ``hashlib`` would
    load OpenSSL, several MiB, on every start of an enrolled desk.)"""
    import zlib

    return f"{len(raw)}:{zlib.crc32(raw):08x}"


class StandardStore:
    def __init__(self, data_dir: str | os.PathLike[str]) -> None:
        self.data_dir = Path(data_dir)
        self.folder = self.data_dir / FOLDER

    # --- reading ---------------------------------------------------------------------------

    def manifest(self) -> dict[str, Any] | None:
        """``current.json`` when it is whole and of a shape this program knows; None otherwise."""
        try:
            with open(self.folder / CURRENT, "rb") as file:
                raw = file.read(MANIFEST_LIMIT + 1)
            data = json.loads(raw) if len(raw) <= MANIFEST_LIMIT else None
        except (OSError, ValueError, RecursionError):
            return None
        if not isinstance(data, dict) or not isinstance(data.get("files"), dict):
            return None
        version, copy = data.get("version"), data.get("folder")
        if isinstance(version, bool) or not isinstance(version, int) or version < 1:
            return None
        if not isinstance(copy, str) or copy != f"v{version}":
            return None
        from .standard import is_bundle_name

        if not all(isinstance(name, str) and is_bundle_name(name) and isinstance(value, str) for name, value in data["files"].items()):
            return None
        return data

    def etag(self, server: str) -> str | None:
        """The ETag of the copy in force for ``server`` (the next fetch asks ``If-None-Match`` with it)."""
        data = self.manifest()
        if data is None or data.get("server") != server:
            return None
        etag = data.get("etag")
        return etag if isinstance(etag, str) and etag else None

    def current(self, server: str | None = None, cache: ParseCache | None = None) -> tuple[TeamStandard | None, list[Problem]]:
        """The copy in force (for ``server``, when given), checked against its sums; None and why not."""
        data = self.manifest()
        if data is None or (server is not None and data.get("server") != server):
            return None, []
        from .standard import read_standard

        folder = self.folder / data["folder"]
        damaged = self._damaged(folder, data["files"])
        if damaged is not None:
            return None, [Problem.of(str(folder / damaged), 1, "standard.damaged", version=data["version"])]
        published = data.get("published")
        standard, problems = read_standard(folder, data["version"], float(published) if isinstance(published, (int, float)) else 0.0,
                                           str(data.get("team") or ""), cache)  # fmt: skip
        if any(p.is_error for p in problems):  # checked before it was stored: the disk changed it
            return None, problems
        return standard, problems

    @staticmethod
    def _damaged(folder: Path, sums: Mapping[str, str]) -> str | None:
        """The first file of the copy that is missing, not a regular file or changed; None when whole."""
        for name, expected in sums.items():
            path = folder / name
            try:
                if path.is_symlink() or not path.is_file() or digest(path.read_bytes()) != expected:
                    return name
            except OSError:
                return name
        return None

    # --- writing ---------------------------------------------------------------------------

    def save(self, bundle: Mapping[str, Any], server: str) -> tuple[TeamStandard | None, list[Problem]]:
        """Checks a downloaded bundle (the server's ``GET /v1/standard`` answer) and, when it has no
        error, makes it the copy in force. Returns it (None when refused) and the problems."""
        import secrets
        import shutil

        from .standard import FORMAT, check_folder, write_files

        version, files, problems = _bundle(bundle)
        if version is None or any(p.is_error for p in problems):
            return None, problems
        make_private_dir(self.folder)
        incoming = self.folder / f".incoming-{secrets.token_hex(4)}"
        incoming.mkdir(mode=0o700)
        try:
            write_files(incoming, files)
            problems = check_folder(incoming)
            problems = [_named(p, incoming) for p in problems]
            if any(p.is_error for p in problems):
                return None, problems
            target = self.folder / f"v{version}"
            if target.exists():  # the same version again (its copy was damaged): the new one replaces it
                shutil.rmtree(target, ignore_errors=True)
            os.replace(incoming, target)
        finally:
            shutil.rmtree(incoming, ignore_errors=True)
        manifest = {
            "format": FORMAT, "version": version, "folder": f"v{version}", "server": server,
            "team": str(bundle.get("team") or ""), "etag": str(bundle.get("etag") or ""),
            "published": bundle.get("published") if isinstance(bundle.get("published"), (int, float)) else 0.0,
            "published_by": str(bundle.get("published_by") or ""),
            "files": {name: digest(raw) for name, raw in files.items()},
        }  # fmt: skip
        _write_private(self.folder / CURRENT, json.dumps(manifest, ensure_ascii=False).encode("utf-8"))
        self._prune(version)
        return self.current(server)[0], problems

    def clear(self) -> None:
        """The team has no standard (any more): the bundled one is in force again."""
        try:
            (self.folder / CURRENT).unlink()
        except FileNotFoundError:
            pass

    def _prune(self, current: int) -> None:
        """Keeps the newest :data:`KEEP` copies (a window may still read the one it applied)."""
        import shutil
        import time

        copies = []
        for entry in self.folder.iterdir():
            name = entry.name
            if name[:1] == "v" and name[1:].isdigit() and int(name[1:]) != current:
                copies.append((int(name[1:]), entry))
            elif name.startswith(".incoming-") and time.time() - entry.stat().st_mtime > STALE_INCOMING_S:
                shutil.rmtree(entry, ignore_errors=True)  # a download a crash left behind (not another's under way)
        copies.sort(reverse=True)
        for _, entry in copies[KEEP - 1:]:
            shutil.rmtree(entry, ignore_errors=True)


def _bundle(bundle: Mapping[str, Any]) -> tuple[int | None, dict[str, bytes], list[Problem]]:
    """The version and files of a downloaded bundle, or the problems that refuse it."""
    from .standard import FORMAT, check_names

    fmt, version, files = bundle.get("format"), bundle.get("version"), bundle.get("files")
    if isinstance(fmt, bool) or not isinstance(fmt, int) or fmt > FORMAT:
        return None, {}, [Problem.of("standard", 1, "standard.newer_format", format=fmt, known=FORMAT)]
    if isinstance(version, bool) or not isinstance(version, int) or version < 1 or not isinstance(files, dict):
        return None, {}, [Problem.of("standard", 1, "standard.not_a_bundle")]
    if not all(isinstance(text, str) for text in files.values()):
        return None, {}, [Problem.of("standard", 1, "standard.not_a_bundle")]
    encoded = {str(name): text.encode("utf-8") for name, text in files.items()}
    return version, encoded, check_names(encoded)


def _named(problem: Problem, folder: Path) -> Problem:
    from dataclasses import replace

    prefix = str(folder) + os.sep
    if problem.file.startswith(prefix):
        return replace(problem, file=problem.file[len(prefix):].replace(os.sep, "/"))
    return problem


def _write_private(path: Path, raw: bytes) -> None:
    """``raw`` into ``path`` in one step (a temporary file beside it, renamed), readable by the user only."""
    import secrets

    temp = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(raw)
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def enrolled_server(data_dir: str | os.PathLike[str]) -> str | None:
    """The team server this PC is enrolled with (``team.json``'s address), or None."""
    try:
        with open(Path(data_dir) / ENROLMENT, "rb") as file:
            data = json.loads(file.read(MANIFEST_LIMIT))
        url = data.get("url") if isinstance(data, dict) else None
    except (OSError, ValueError, RecursionError):
        return None
    return url.strip().rstrip("/") if isinstance(url, str) and url.strip() else None


def in_force(data_dir: str | os.PathLike[str], cache: ParseCache | None = None) -> tuple[TeamStandard | None, list[Problem]]:
    """The team's standard this PC follows now: the stored copy, when the PC is enrolled with the
    server it came from and the copy is whole; None (the bundled standard) otherwise, and why."""
    server = enrolled_server(data_dir)
    if server is None:
        return None, []
    return StandardStore(data_dir).current(server, cache)
