import json
from dataclasses import fields
from pathlib import Path

import pytest

from operator_assist.core.preferences import PREFERENCES, Preferences, PreferenceStore
from operator_assist.core.schema import Key, Schema, Seconds
from operator_assist.core.settings import SETTINGS, AudioSettings, TelephonySettings, Timers, load_settings
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


def _readme_block(marker):
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    return readme.split(f"<!-- {marker}:", 1)[1].split("-->", 1)[1].split(f"<!-- /{marker} -->", 1)[0]


@pytest.mark.parametrize("marker, schema", [("settings", SETTINGS), ("preferences", PREFERENCES)])
def test_the_readme_tables_are_the_schemas(marker, schema):
    assert _readme_block(marker).strip() == schema.markdown_table().strip()


def test_every_declared_key_has_its_default_and_every_typed_field_is_declared():
    from operator_assist.core.settings import _values

    settings, _ = load_settings(None)
    assert _values(settings) == SETTINGS.defaults()
    sections = {"timers": Timers, "telephony": TelephonySettings, "audio": AudioSettings}
    for prefix, cls in sections.items():
        assert {f"{prefix}.{f.name}" for f in fields(cls)} <= set(SETTINGS.by_name)
    assert {f.name for f in fields(Preferences)} == set(PREFERENCES.by_name)
    assert Preferences() == Preferences(**PREFERENCES.defaults())


def test_a_new_key_is_one_line_of_the_schema(tmp_path, monkeypatch):
    from operator_assist.core import settings as settings_module

    line = Key("telephony.ring_timeout", Seconds(), 30.0, "How long a call may ring.")
    monkeypatch.setattr(settings_module, "SETTINGS", Schema(SETTINGS.file, (*SETTINGS.keys, line), SETTINGS.unknown,
                                                            SETTINGS.shorthand, SETTINGS.file_code))  # fmt: skip
    f = write(tmp_path / "settings.yaml", "telephony:\n  source: inbox\n  ring_timeout: '0:45'\n")
    settings, problems = load_settings(f)
    assert problems == [] and settings.telephony.source == "inbox"  # known, valid: no «unknown key»
    write(f, "telephony:\n  ring_timeout: soon\n")
    settings, problems = load_settings(f)
    assert [str(p) for p in problems] == [
        f"{f}:2: telephony.ring_timeout: нужно положительное число секунд (120) или минуты:секунды (2:00), а здесь текст 'soon'"
    ]
    assert "| `telephony.ring_timeout` | seconds | `30` |" in settings_module.SETTINGS.markdown_table()


@pytest.mark.parametrize(
    "text, line, message",
    [
        ("telephony:\n  agent: [1]\n", 2, "telephony.agent: нужен текст, а здесь список [1]"),
        ("global_keys: 1\n", 1, "global_keys: нужно true или false, а здесь число 1"),
        ("audio: devices\naudio_x: 1\n", 2, "audio_x: неизвестная настройка (допустимо: audio, default_role, global_keys, "
                                            "hotkeys, inbox, language, offer_source, roles, speech, team, telephony, timers)"),
        ("hotkeys:\n  hold: Ctrl+Ctrl+K\n", 2, "hotkeys.hold: модификатор «Ctrl» указан дважды"),
        ("hotkeys:\n  nosuch: F2\n", 2, "hotkeys.nosuch: неизвестное действие (есть: compact, copy_farewell, end_call, "
                                        "hold, lookup, new_call, open_offer, register_request, search, stats, wrapup)"),
        ("roles:\n  trainee:\n", 2, "roles.trainee: нужен набор полей hold_limit, label, а здесь пусто"),
        ("roles:\n  senior:\n    hold_limit: 1:30:00\n", 3,
         "roles.senior.hold_limit: нужно положительное число секунд (120) или минуты:секунды (2:00), "
         "а здесь текст '1:30:00' (часы не поддерживаются)"),
    ],
)  # fmt: skip
def test_each_kind_of_mistake_is_said_with_file_and_line(tmp_path, text, line, message):
    f = write(tmp_path / "settings.yaml", text)
    settings, problems = load_settings(f)
    assert settings == load_settings(None)[0]
    assert [str(p) for p in problems] == [f"{f}:{line}: {message}"]


def test_the_problems_of_a_file_come_in_the_order_of_its_lines(tmp_path):
    f = write(tmp_path / "settings.yaml", "hotkeys:\n  hold: F5\naudio:\n  detector: vosk\ncolour: red\n")
    _, problems = load_settings(f)
    assert [p.line for p in problems] == [2, 4, 5]
