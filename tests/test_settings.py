import json

import pytest

from operator_assist.core.preferences import Preferences, PreferenceStore
from operator_assist.core.settings import load_settings
from operator_assist.core.yamlio import load_yaml


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def test_bundled_defaults_match_the_standard():
    settings, problems = load_settings(None)
    assert problems == []
    assert settings.role("specialist").hold_limit == 120
    assert settings.role("senior").hold_limit == 180
    assert settings.timers.silence_warning == 10
    assert settings.timers.long_wait == 60
    assert settings.role(None).id == "specialist"


def test_user_settings_override_timers_and_roles_and_add_a_role(tmp_path):
    f = write(
        tmp_path / "settings.yaml",
        "timers:\n  long_wait: 90\nroles:\n  senior:\n    hold_limit: 200\n"
        "  trainee:\n    label: Стажёр\n    hold_limit: 60\ndefault_role: trainee\n",
    )
    settings, problems = load_settings(f)
    assert problems == []
    assert settings.timers.long_wait == 90 and settings.timers.silence_warning == 10
    assert settings.role("senior").hold_limit == 200 and settings.role("senior").label == "Старший специалист"
    assert settings.role("trainee").hold_limit == 60
    assert settings.role(None).id == "trainee"


@pytest.mark.parametrize(
    "text, line, words",
    [
        ("timers:\n  long_wait: [90\n", 3, "ошибка синтаксиса YAML"),
        ("timers:\n  long_wait: soon\n", 2, "timers.long_wait: нужно положительное число"),
        ("timers:\n  long_wait: -5\n", 2, "timers.long_wait: нужно положительное число"),
        ("timers:\n  lunch: 5\n", 2, "timers.lunch: неизвестный таймер"),
        ("roles:\n  senior:\n    hold_limit: 200\n    hold_limit: 300\n", 4, "ключ 'hold_limit' повторяется (впервые в строке 4)"),
        ("roles:\n  trainee:\n    hold_limit: 60\n", 2, "roles.trainee.label: не указано"),
        ("roles:\n  senior: 200\n", 2, "roles.senior: нужен набор полей"),
        ("colour: red\n", 1, "colour: неизвестная настройка"),
        ("- a\n- b\n", 1, "файл настроек — набор полей"),
        ("default_role: boss\n", 1, "default_role: неизвестная роль 'boss'"),
    ],
)
def test_a_bad_settings_file_falls_back_to_defaults_with_file_and_line(tmp_path, text, line, words):
    f = write(tmp_path / "settings.yaml", "# my settings\n" + text)
    before = f.read_bytes()
    settings, problems = load_settings(f)
    assert settings == load_settings(None)[0]
    assert problems, "a bad file must be reported"
    first = str(problems[0])
    assert first.startswith(f"{f}:{line + 1}: "), first
    assert words in first
    assert f.read_bytes() == before


def test_non_utf8_settings_file_is_reported_with_its_line(tmp_path):
    f = tmp_path / "settings.yaml"
    f.write_bytes("timers:\n  long_wait: 90\n# заметка\n".encode("cp1251"))
    settings, problems = load_settings(f)
    assert str(problems[0]).startswith(f"{f}:3: файл не в кодировке UTF-8")
    assert settings.timers.long_wait == 60


def test_yaml_loader_keeps_lines_of_keys_and_items(tmp_path):
    f = write(tmp_path / "x.yaml", "a: 1\nlist:\n  - x\n  - y: 2\n")
    data, problems = load_yaml(f)
    assert problems == []
    assert data.line_of("list") == 2 and data["list"].line_of(1) == 4


def test_preferences_round_trip(tmp_path):
    store = PreferenceStore(tmp_path / "sub" / "preferences.json")
    assert store.load() == Preferences()
    prefs = Preferences(role="senior", operator_name="Анна", operator_gender="f", always_on_top=True, muted=True)
    store.save(prefs)
    assert PreferenceStore(store.path).load() == prefs


def test_corrupt_preferences_are_moved_aside_not_lost(tmp_path):
    path = tmp_path / "preferences.json"
    path.write_text("{not json", encoding="utf-8")
    store = PreferenceStore(path)
    assert store.load() == Preferences()
    aside = list(tmp_path.glob("preferences.json.corrupt-*"))
    assert len(aside) == 1 and aside[0].read_text(encoding="utf-8") == "{not json"
    assert str(aside[0]) in store.notice


def test_preferences_with_wrong_types_keep_the_good_values(tmp_path):
    path = tmp_path / "preferences.json"
    path.write_text(json.dumps({"role": "senior", "muted": "yes", "operator_gender": "x", "extra": 1}), encoding="utf-8")
    prefs = PreferenceStore(path).load()
    assert prefs.role == "senior" and prefs.muted is False and prefs.operator_gender == ""
