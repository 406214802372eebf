"""Where scenarios live and how they are loaded with the phrases and roles they refer to (no UI)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..paths import UserPaths, bundled_standard_dir

if TYPE_CHECKING:
    from .scenario import Scenario
    from .yamlio import Problem


def scenario_dirs(paths: UserPaths) -> list[Path]:
    return [bundled_standard_dir() / "scenarios", paths.scenarios_dir]


def load_all(paths: UserPaths) -> tuple[dict[str, Scenario], list[Problem]]:
    """Bundled and user scenarios (user files override by name), checked against phrases and roles."""
    from .scenario import load_scenarios
    from .settings import load_settings

    settings, _ = load_settings(paths.settings_file)
    return load_scenarios(scenario_dirs(paths), known_phrase_ids(paths), settings.role_ids())


def known_phrase_ids(paths: UserPaths) -> set[str]:
    from .phrases import load_with_user

    return load_with_user(paths.phrases_dir).library.ids()
