"""The team's standard on one PC, without a server (issue 24): the layers (bundled → administrator's
values → team → user, the administrator's locks over the team's, the team's over the user's), the
stored copy (checked, kept offline, refused when damaged or newer), the window's start on it."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from operator_assist.core.commands import Action
from operator_assist.core.events import EventKind as K
from operator_assist.core.journal import Journal
from operator_assist.core.policy import load_layered
from operator_assist.core.standard import check_files, read_folder
from operator_assist.core.standard_store import StandardStore, in_force
from operator_assist.paths import UserPaths

from .standard_support import files_of, hold_text, standard_copy

SERVER = "http://127.0.0.1:9"  # nothing listens: the desk is offline


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def bundle(folder: Path, number: int, **changes) -> dict:
    """The server's ``GET /v1/standard`` answer for version ``number``: a copy of the bundled standard
    with its hold phrase worded as :func:`hold_text` of ``number``, and ``changes`` (standard_copy's)."""
    changes.setdefault("version", number)
    return {"team": "Смена А", "version": number, "format": 1, "published": 1_790_000_000.0 + number,
            "published_by": "petrova", "etag": f'"{number}-x"', "files": files_of(standard_copy(folder, **changes))}  # fmt: skip


def stored(data_dir: Path, tmp_path: Path, version: int = 3, **changes):
    """A PC enrolled with :data:`SERVER` that has version ``version`` stored."""
    write(data_dir / "team.json", json.dumps({"url": SERVER, "token": "oa_x"}))
    standard, problems = StandardStore(data_dir).save(bundle(tmp_path / f"bundle-{version}", version, **changes), SERVER)
    assert standard is not None, problems
    return standard


def test_the_bundled_standard_itself_is_a_valid_bundle():
    files, problems = read_folder(Path(__file__).resolve().parents[1] / "standard")
    assert problems == [] and check_files(files) == []


def test_the_team_beats_the_administrators_default_and_the_administrators_lock_beats_the_team(tmp_path):
    standard = stored(tmp_path / "data", tmp_path, senior_limit="4:00", offers="source: http:https://crm.example/offer\n")
    system = tmp_path / "etc"
    write(system / "settings.yaml", "roles:\n  senior:\n    hold_limit: 3:30\noffer_source: demo\n")
    settings, problems = load_layered(system, None, standard=standard)
    assert problems == [] and settings.role("senior").hold_limit == 240 and settings.offer_source == "http:https://crm.example/offer"

    write(system / "policy.yaml", "locked: [roles.*.hold_limit, offer_source]\n")
    settings, problems = load_layered(system, None, standard=standard)
    assert settings.role("senior").hold_limit == 210 and settings.offer_source == "demo"
    said = [str(p) for p in problems]
    assert said == [
        f"{standard.roles_file}:16: предупреждение: roles.senior.hold_limit: настройку закрепил администратор "
        f"({system / 'policy.yaml'}), значение стандарта команды не действует",
        f"{standard.offers_file}:1: предупреждение: offer_source: настройку закрепил администратор "
        f"({system / 'policy.yaml'}), значение стандарта команды не действует",
    ]


def test_the_teams_policy_locks_the_users_own_settings_and_phrases(tmp_path):
    policy = "personal_phrases: false\nlocked:\n  - global_keys\n  - roles.*.hold_limit\n"
    standard = stored(tmp_path / "data", tmp_path, version=5, policy=policy)
    user = write(tmp_path / "home" / "settings.yaml", "global_keys: false\nroles:\n  senior:\n    hold_limit: 300\ndefault_role: senior\n")
    settings, problems = load_layered(None, user, standard=standard)
    assert settings.global_keys is True and settings.role("senior").hold_limit == 180 and settings.default_role == "senior"
    assert [str(p) for p in problems] == [
        f"{user}:1: предупреждение: global_keys: настройку закрепил стандарт команды (версия 5), ваше значение не действует",
        f"{user}:4: предупреждение: roles.senior.hold_limit: настройку закрепил стандарт команды (версия 5), ваше значение не действует",
    ]
    assert settings.is_locked("global_keys") and not settings.is_locked("telephony.source")

    from operator_assist.core.standard import personal_problems

    phrases = write(tmp_path / "home" / "phrases" / "mine.yaml", "category: mine\nphrases:\n  - id: mine.one\n    text: Моя фраза.\n")
    found = personal_problems(standard, phrases.parent, tmp_path / "home" / "scenarios")
    assert [str(p) for p in found] == [f"{phrases}:1: предупреждение: свои фразы не действуют: стандарт команды (версия 5) их не разрешает"]


def test_the_copy_in_force_is_the_enrolments_and_a_damaged_one_is_not_used(tmp_path):
    data = tmp_path / "data"
    standard = stored(data, tmp_path, version=2)
    assert in_force(data)[0] == standard and standard.published == 1_790_000_002.0
    write(data / "team.json", json.dumps({"url": "http://127.0.0.2:9", "token": "oa_y"}))
    assert in_force(data) == (None, [])  # enrolled with another server: its copy is not this one's
    write(data / "team.json", json.dumps({"url": SERVER, "token": "oa_x"}))
    hold = standard.phrases_dir / "03-hold.yaml"
    hold.write_text(hold.read_text(encoding="utf-8") + "# edited by hand\n", encoding="utf-8")
    copy, problems = in_force(data)
    assert copy is None and [str(p) for p in problems] == [
        f"{hold}:1: копия стандарта команды (версия 2) повреждена — действует встроенный стандарт, пока сервер не пришлёт её снова"
    ]


@pytest.mark.parametrize("case", ["newer-format", "yaml-error", "link-name", "no-version"])
def test_a_download_that_fails_the_checks_leaves_the_copy_in_force(tmp_path, case):
    data = tmp_path / "data"
    good = stored(data, tmp_path, version=1)
    bad = bundle(tmp_path / "bad", 2)
    expected = {
        "newer-format": "standard:1: стандарт в формате 2, эта программа знает формат до 1: обновите программу",
        "yaml-error": "phrases/03-hold.yaml:8: ошибка синтаксиса YAML",
        "link-name": "../../.bashrc:1: такого файла в стандарте быть не может",
        "no-version": "standard:1: сервер прислал не стандарт команды",
    }[case]
    if case == "newer-format":
        bad["format"] = 2
    elif case == "yaml-error":
        bad["files"]["phrases/03-hold.yaml"] = bad["files"]["phrases/03-hold.yaml"].replace("label: ", "label ")
    elif case == "link-name":
        bad["files"]["../../.bashrc"] = "echo owned\n"
    else:
        bad["version"] = None
    standard, problems = StandardStore(data).save(bad, SERVER)
    assert standard is None and str(problems[0]).startswith(expected), problems
    assert in_force(data)[0] == good
    assert sorted(p.name for p in (data / "standard").iterdir()) == ["current.json", "v1"]
    assert not (tmp_path / ".bashrc").exists()


def test_three_copies_are_kept(tmp_path):
    data = tmp_path / "data"
    for version in range(1, 6):
        stored(data, tmp_path, version=version)
    assert sorted(p.name for p in (data / "standard").iterdir()) == ["current.json", "v3", "v4", "v5"]
    assert oct((data / "standard" / "current.json").stat().st_mode & 0o777) == "0o600"
    assert oct((data / "standard" / "v5").stat().st_mode & 0o777) == "0o700"
    assert oct((data / "standard" / "v5" / "roles.yaml").stat().st_mode & 0o777) == "0o600"


def test_the_window_starts_offline_on_the_stored_standard(qtbot, tmp_path, user_dirs):
    """No server at all: the phrases, the limits and the status bar come from the last good copy."""
    from PySide6.QtWidgets import QLabel

    from operator_assist.ui.app import attach_team_sync, load_startup

    from .test_team_window import open_window

    paths = UserPaths.resolve(tmp_path / "desk")
    policy = "personal_phrases: false\nlocked: [global_keys]\n"
    stored(paths.data_dir, tmp_path, version=7, senior_limit="4:00", policy=policy)
    write(paths.settings_file, "global_keys: false\n")
    write(paths.phrases_dir / "mine.yaml", "category: mine\nphrases:\n  - id: mine.one\n    text: Моя фраза.\n")
    startup = load_startup(paths)
    assert startup.standard.version == 7 and startup.settings.role("senior").hold_limit == 240
    assert startup.book.library.get("hold.clarify").text == hold_text(7) and startup.book.library.get("mine.one") is None
    notice = next(text for text, _ in startup.notices if text.startswith("Стандарт команды:"))
    assert "settings.yaml:1: global_keys: настройку закрепил стандарт команды (версия 7)" in notice
    assert "mine.yaml:1: свои фразы не действуют" in notice
    window = open_window(qtbot, paths)
    assert window.session.snapshot.standard == 7
    attach_team_sync(window, paths, interval=3600, timeout=1.0)  # the server is unreachable
    qtbot.waitUntil(lambda: window.findChild(QLabel, "teamStandard") is not None)  # once the journal is open
    label = window.findChild(QLabel, "teamStandard")
    day = datetime.fromtimestamp(1_790_000_007.0).strftime("%d.%m")
    assert label.isVisible() and label.text() == f"Стандарт команды: версия 7 от {day}"
    window.session.perform(Action.START_CALL)
    window.session.perform(Action.END_CALL)
    window.close()
    journal = Journal.open_readonly(paths.journal_file)
    try:
        assert [e.data for e in journal.events() if e.kind is K.CALL_STARTED][0]["standard"] == 7
    finally:
        journal.close()


def test_demo_and_practice_play_the_teams_phrases_and_scenarios(qtbot, tmp_path, user_dirs):
    from operator_assist.core.scenario_files import load_all
    from operator_assist.ui.app import build_demo_window

    paths = UserPaths.resolve(tmp_path / "lead")
    write(paths.data_dir / "team.json", json.dumps({"url": SERVER, "token": "oa_x"}))
    answer = bundle(tmp_path / "bundle", 4)
    del answer["files"]["scenarios/01-balance.yaml"]  # the team plays nine of the ten
    standard, problems = StandardStore(paths.data_dir).save(answer, SERVER)
    assert problems == []
    scenarios, problems = load_all(paths)  # the menu's and `operator-assist demo`'s: the standard in force
    assert problems == [] and len(scenarios) == 9 and "01-balance" not in scenarios
    hold = scenarios["03-long-search-specialist"]
    window = build_demo_window(hold, paths, speed=10.0, audio=False)
    qtbot.addWidget(window)
    assert window.session.snapshot.standard == 4 and window.book.library.get("hold.clarify").text == hold_text(4)
    window.close()
