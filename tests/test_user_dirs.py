"""Every test runs as a temporary user: the app's default locations cannot reach a real user's files."""

from __future__ import annotations

import os
import pwd
from pathlib import Path

import platformdirs

from operator_assist.paths import APP_NAME, DATA_DIR_ENV, UserPaths

REAL_HOME = Path(pwd.getpwuid(os.getuid()).pw_dir)  # from the password database, not $HOME


def inside(path: Path, folder: Path) -> bool:
    return Path(path).resolve().is_relative_to(folder.resolve())


def test_the_default_paths_are_the_tests_own_temporary_dirs(user_dirs, tmp_path_factory):
    assert inside(user_dirs.home, tmp_path_factory.getbasetemp())
    assert not inside(user_dirs.home, REAL_HOME) or inside(tmp_path_factory.getbasetemp(), REAL_HOME)
    paths = UserPaths.resolve()  # as the app and the CLIs resolve them without --data-dir
    for folder in (paths.config_dir, paths.data_dir, paths.cache_dir):
        assert inside(folder, user_dirs.app_data)
    assert inside(Path.home(), user_dirs.home)


def test_without_the_data_dir_variable_the_platform_dirs_are_temporary_too(user_dirs, monkeypatch):
    monkeypatch.delenv(DATA_DIR_ENV)
    paths = UserPaths.resolve()
    for folder in (paths.config_dir, paths.data_dir, paths.cache_dir):
        assert inside(folder, user_dirs.home), folder
    for folder in (platformdirs.user_state_dir(APP_NAME), platformdirs.user_log_dir(APP_NAME),
                   platformdirs.user_runtime_dir(APP_NAME)):  # fmt: skip
        assert inside(Path(folder), user_dirs.home.parent), folder
