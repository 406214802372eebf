"""The administrator's policy (core/policy.py): /etc/operator-assist's settings.yaml and policy.yaml."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from operator_assist.core.policy import load_layered
from operator_assist.paths import UserPaths, system_config_dir


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def system(tmp_path) -> Path:
    return tmp_path / "etc" / "operator-assist"


@pytest.fixture
def user_file(tmp_path) -> Path:
    return tmp_path / "home" / "settings.yaml"


ADMIN_SETTINGS = """\
roles:
  specialist:
    hold_limit: 1:30
global_keys: false
telephony:
  source: inbox
team:
  server_url: https://stats.example:8470
"""


def test_the_administrators_settings_are_every_users_defaults(system, user_file):
    write(system / "settings.yaml", ADMIN_SETTINGS)
    settings, problems = load_layered(system, user_file)  # the user has no file of their own
    assert problems == []
    assert settings.role("specialist").hold_limit == 90 and settings.role("senior").hold_limit == 180
    assert settings.global_keys is False and settings.telephony.source == "inbox"
    assert settings.team.server_url == "https://stats.example:8470"
    assert settings.locked == ()


def test_a_user_changes_what_is_not_locked(system, user_file):
    write(system / "settings.yaml", ADMIN_SETTINGS)
    write(user_file, "global_keys: true\nroles:\n  specialist:\n    hold_limit: 100\n")
    settings, problems = load_layered(system, user_file)
    assert problems == [] and settings.global_keys is True and settings.role("specialist").hold_limit == 100


def test_a_locked_hold_limit_beats_the_users_and_the_attempt_is_named_with_its_line(system, user_file):
    write(system / "settings.yaml", ADMIN_SETTINGS)
    policy = write(system / "policy.yaml", "# IT, 2026\nlocked:\n  - roles.*.hold_limit\n  - team.server_url\n")
    write(user_file, "timers:\n  long_wait: 90\nroles:\n  specialist:\n    hold_limit: 300\nteam:\n  server_url: http://mine\n")
    settings, problems = load_layered(system, user_file)
    assert settings.role("specialist").hold_limit == 90  # the administrator's
    assert settings.team.server_url == "https://stats.example:8470"
    assert settings.timers.long_wait == 90  # the rest of the user's file applies
    assert [(p.file, p.line, p.severity) for p in problems] == [(str(user_file), 5, "warning"), (str(user_file), 7, "warning")]
    assert problems[0].message == f"roles.specialist.hold_limit: настройку закрепил администратор ({policy}), ваше значение не действует"
    assert settings.is_locked("roles.senior.hold_limit") and settings.is_locked("team.server_url")
    assert not settings.is_locked("roles.senior.label") and not settings.is_locked("timers.long_wait")


def test_a_locked_section_and_a_users_new_role_under_a_locked_limit(system, user_file):
    write(system / "settings.yaml", "locked: [telephony, roles.*.hold_limit]\n")  # locked: in settings.yaml counts too
    write(user_file, "telephony:\n  source: ami:127.0.0.1:5038\nroles:\n  trainee:\n    label: Стажёр\n    hold_limit: 999\n"
                     "audio: devices\n")  # fmt: skip
    settings, problems = load_layered(system, user_file)
    assert settings.telephony.source == "auto" and settings.role_ids() == ["specialist", "senior"]
    assert [p.line for p in problems] == [1, 6] and all(not p.is_error for p in problems)
    assert settings.audio.source == "devices"


def test_a_locked_key_written_as_a_sections_shorthand_is_caught(system, user_file):
    write(system / "policy.yaml", "locked:\n- audio.source\n")
    write(user_file, "audio: devices\n")
    settings, [problem] = load_layered(system, user_file)
    assert settings.audio.source == "off" and problem.line == 1 and "audio" in problem.message


@pytest.mark.parametrize(
    "text, line, words, senior",
    [
        ("locked:\n  - roles.*.hold_limt\n  - roles.senior\n", 2, "locked: неизвестная настройка 'roles.*.hold_limt'", 180),
        ("locked: 5\n", 1, "locked: нужен список настроек", 999),
        ("locks:\n  - roles\n", 1, "locks: неизвестное поле (допустимо: locked)", 999),
        ("- roles\n", 1, "файл политики — набор полей locked", 999),
        ("locked: [roles, [1]]\n", 1, "locked: неизвестная настройка", 180),
    ],
)
def test_a_bad_policy_is_reported_with_file_and_line_and_its_good_locks_still_hold(system, user_file, text, line, words, senior):
    write(system / "policy.yaml", text)
    write(user_file, "roles:\n  senior:\n    hold_limit: 999\n")
    settings, problems = load_layered(system, user_file)
    errors = [p for p in problems if p.is_error]
    assert [(p.file, p.line) for p in errors] == [(str(system / "policy.yaml"), line)] and words in errors[0].message
    assert settings.role("senior").hold_limit == senior


def test_one_locked_key_may_be_written_without_a_list(system, user_file):
    write(system / "policy.yaml", "locked: global_keys\n")
    write(user_file, "global_keys: false\n")
    settings, [problem] = load_layered(system, user_file)
    assert settings.global_keys is True and not problem.is_error


def test_a_broken_system_settings_file_is_ignored_as_a_whole_and_named(system, user_file):
    write(system / "settings.yaml", "global_keys: false\ntimers:\n  long_wait: soon\n")
    write(user_file, "timers:\n  resume_hint: 20\n")
    settings, [problem] = load_layered(system, user_file)
    assert (problem.file, problem.line) == (str(system / "settings.yaml"), 3) and problem.is_error
    assert settings.global_keys is True and settings.timers.resume_hint == 20


def test_without_a_system_folder_nothing_changes(system, user_file):
    write(user_file, "timers:\n  long_wait: 90\n")
    assert load_layered(system, user_file)[0] == load_layered(None, user_file)[0]


def test_the_system_folder_is_etc_or_program_data_and_the_tests_own(monkeypatch, user_dirs):
    assert UserPaths.resolve().system_dir == user_dirs.system == system_config_dir()  # conftest: never the real /etc
    monkeypatch.delenv("OPERATOR_ASSIST_SYSTEM_DIR")
    assert system_config_dir() == Path("/etc/operator-assist")
    monkeypatch.setenv("PROGRAMDATA", "D:\\Data")
    assert str(system_config_dir(windows=True)) == str(Path("D:\\Data") / "operator-assist")


def test_the_window_names_a_locked_key_in_a_notice(tmp_path, system, user_file):
    from operator_assist.ui.app import load_startup

    write(system / "policy.yaml", "locked: [roles.specialist.hold_limit]\n")
    write(user_file, "roles:\n  specialist:\n    hold_limit: 300\n")
    paths = UserPaths(config_dir=user_file.parent, data_dir=tmp_path / "data", cache_dir=tmp_path / "cache", system_dir=system)
    startup = load_startup(paths)
    [(text, details)] = startup.notices
    assert text.startswith("Настройки администратора:\nsettings.yaml:3: roles.specialist.hold_limit: настройку закрепил")
    assert str(user_file) in details and startup.settings.role("specialist").hold_limit == 120


def test_check_settings_lists_the_administrators_and_the_users_problems(system, user_file):
    write(system / "settings.yaml", "timers:\n  long_wait: soon\n")
    write(system / "policy.yaml", "locked: [timers.resume_hint]\n")
    write(user_file, "timers:\n  resume_hint: 5\n")
    run = subprocess.run([sys.executable, "-m", "operator_assist", "check-settings", "--system", str(system),
                          "--data-dir", str(user_file.parent)], capture_output=True, text=True, timeout=60)  # fmt: skip
    assert run.returncode == 1, run.stderr
    assert run.stdout.splitlines() == [
        f"{system / 'settings.yaml'}:2: timers.long_wait: нужно положительное число секунд (120) или минуты:секунды (2:00), "
        "а здесь текст 'soon'",
        f"{user_file}:2: предупреждение: timers.resume_hint: настройку закрепил администратор ({system / 'policy.yaml'}), "
        "ваше значение не действует",
    ]
    assert "закреплено: timers.resume_hint" in run.stderr
    write(system / "settings.yaml", "timers:\n  long_wait: 90\n")
    user_file.unlink()
    run = subprocess.run([sys.executable, "-m", "operator_assist", "check-settings", "--system", str(system),
                          "--data-dir", str(user_file.parent)], capture_output=True, text=True, timeout=60)  # fmt: skip
    assert run.returncode == 0 and run.stdout == "", run.stderr


def test_the_team_dialog_offers_the_administrators_server_and_keeps_a_locked_one(qtbot, tmp_path, system):
    from operator_assist.ui.app import build_window

    write(system / "settings.yaml", "team:\n  server_url: https://stats.example:8470\n")
    paths = UserPaths(config_dir=tmp_path, data_dir=tmp_path, cache_dir=tmp_path / "cache", system_dir=system)
    window = build_window(paths, audio=False)
    qtbot.addWidget(window)
    dialog = window.team.open_join()
    assert dialog.url_edit.text() == "https://stats.example:8470" and not dialog.url_edit.isReadOnly()
    dialog.close()
    write(system / "policy.yaml", "locked: [team.server_url]\n")
    window = build_window(paths, audio=False)
    qtbot.addWidget(window)
    dialog = window.team.open_join()
    assert dialog.url_edit.text() == "https://stats.example:8470" and dialog.url_edit.isReadOnly()
    dialog.close()
