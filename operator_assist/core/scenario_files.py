"""Where scenarios live and how they are loaded with the phrases and roles they refer to (no UI).

Under a team's standard (core/standard.py) its scenarios and phrases take the bundled ones' place,
and the user's own scenarios count only where its policy allows them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..paths import UserPaths, bundled_standard_dir

if TYPE_CHECKING:
    from .scenario import Scenario
    from .standard import TeamStandard
    from .yamlio import Problem


def scenario_dirs(paths: UserPaths, standard: TeamStandard | None = None) -> list[Path]:
    team = standard.scenarios_dir if standard is not None else None
    dirs = [team or bundled_standard_dir() / "scenarios"]
    if standard is None or standard.policy.personal_scenarios:
        dirs.append(paths.scenarios_dir)
    return dirs


def load_all(paths: UserPaths, standard: TeamStandard | None = None) -> tuple[dict[str, Scenario], list[Problem]]:
    """The scenarios (the user's files override by name), checked against the phrases and roles in force.
    ``standard``: the team's; by default the one this PC follows now (core/standard_store.py)."""
    from .policy import load_layered
    from .scenario import load_scenarios

    standard = _in_force(paths) if standard is None else standard
    settings, _ = load_layered(paths.system_dir, paths.settings_file, standard=standard)
    return load_scenarios(scenario_dirs(paths, standard), known_phrase_ids(paths, standard), settings.role_ids())


def known_phrase_ids(paths: UserPaths, standard: TeamStandard | None = None) -> set[str]:
    from .phrases import load_with_user

    personal = standard is None or standard.policy.personal_phrases
    base = standard.phrases_dir if standard is not None else None
    return load_with_user(paths.phrases_dir if personal else None, base_dir=base).library.ids()


def _in_force(paths: UserPaths) -> TeamStandard | None:
    from .standard_store import in_force

    return in_force(paths.data_dir)[0]
