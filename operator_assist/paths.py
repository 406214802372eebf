"""Where bundled content and the user's data live."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "operator-assist"
DATA_DIR_ENV = "OPERATOR_ASSIST_DATA_DIR"
SYSTEM_DIR_ENV = "OPERATOR_ASSIST_SYSTEM_DIR"

_PACKAGE_DIR = Path(__file__).resolve().parent


def bundled_dir(name: str) -> Path:
    """``standard`` or ``assets``: inside the package in a wheel, at the repo root in a checkout."""
    installed = _PACKAGE_DIR / name
    if installed.is_dir():
        return installed
    return _PACKAGE_DIR.parent / name


def bundled_standard_dir() -> Path:
    """The standard the app ships with: ``phrases/`` (the phrase library), ``roles.yaml`` (the roles and
    their hold limits) and ``scenarios/`` (demo and practice)."""
    return bundled_dir("standard")


def bundled_phrases_dir() -> Path:
    return bundled_standard_dir() / "phrases"


def asset(name: str) -> Path:
    return bundled_dir("assets") / name


def system_config_dir(windows: bool = os.name == "nt") -> Path:
    """The administrator's folder, read by every user's app: ``settings.yaml`` (everyone's defaults) and
    ``policy.yaml`` (what users cannot change). ``/etc/operator-assist``; on Windows
    ``%ProgramData%\\operator-assist`` (written to Microsoft's documentation, untested). ``$OPERATOR_ASSIST_SYSTEM_DIR``
    chooses another (the tests: never the real /etc)."""
    chosen = os.environ.get(SYSTEM_DIR_ENV)
    if chosen:
        return Path(chosen)
    if windows:
        return Path(os.environ.get("PROGRAMDATA") or r"C:\ProgramData") / APP_NAME
    return Path("/etc") / APP_NAME


@dataclass(frozen=True)
class UserPaths:
    """The user's own files. With ``--data-dir`` (or the env var) everything is under one dir."""

    config_dir: Path
    data_dir: Path
    cache_dir: Path
    system_dir: Path | None = None
    """The administrator's folder (:func:`system_config_dir`); None: no policy (a test's own paths)."""

    @classmethod
    def resolve(cls, data_dir: str | os.PathLike[str] | None = None) -> "UserPaths":
        chosen = data_dir or os.environ.get(DATA_DIR_ENV)
        if chosen:
            root = Path(chosen).expanduser().resolve()
            return cls(config_dir=root, data_dir=root, cache_dir=root / "cache", system_dir=system_config_dir())
        import platformdirs

        return cls(
            config_dir=Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
            data_dir=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
            cache_dir=Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)),
            system_dir=system_config_dir(),
        )

    @property
    def settings_file(self) -> Path:
        """Hand-edited overrides of timers and roles; the app never writes it."""
        return self.config_dir / "settings.yaml"

    @property
    def preferences_file(self) -> Path:
        """Choices made in the app (role, name, window); written by the app."""
        return self.config_dir / "preferences.json"

    @property
    def phrases_dir(self) -> Path:
        return self.config_dir / "phrases"

    @property
    def scenarios_dir(self) -> Path:
        return self.config_dir / "scenarios"

    @property
    def yaml_cache_file(self) -> Path:
        """Parsed phrase and settings files (see ParseCache); safe to delete."""
        return self.cache_dir / "yaml-cache.pickle"

    @property
    def journal_file(self) -> Path:
        return self.data_dir / "journal.sqlite3"

    def spare_dirs(self) -> list[Path]:
        """Where the journal's writer sets events aside when the journal's own folder cannot take them
        (a read-only data folder): the cache folder, then the platform's user cache."""
        import platformdirs

        folders = [self.cache_dir]
        platform = Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))
        if platform not in folders:
            folders.append(platform)
        return folders

    @property
    def demo_journal_file(self) -> Path:
        return self.data_dir / "demo-journal.sqlite3"
