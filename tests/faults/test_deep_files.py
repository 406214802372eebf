"""Small, deeply nested files (issue 28 #4) and an oversized preferences.json (#18): each is refused
with its file and line or moved aside; the window opens, a call is recorded, nothing is overwritten."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from operator_assist.core.preferences import PreferenceStore
from operator_assist.core.settings import load_settings
from operator_assist.core.yamlio import MAX_NESTING, load_yaml

from .conftest import StallMeter
from .test_fault_suite import call_with, finish, window_with

DEEP = 500


def nested(levels: int) -> str:
    return "[" * levels + "]" * levels


def deep_settings() -> str:
    return f"timers: {nested(DEEP)}\n"  # 1 KB


def deep_phrases() -> str:
    return f"category: deep\nphrases:\n  - id: deep.x\n    text: {nested(DEEP)}\n"


def deep_block(levels: int) -> str:
    """Block style, one level per line: the problem's line is where the too-deep part begins."""
    return "timers:\n" + "".join("  " * depth + "- x\n" + "  " * depth + "-\n" for depth in range(1, levels))


def test_a_1_kb_settings_file_nested_500_deep_is_one_problem_with_its_line(tmp_path):
    settings_file = tmp_path / "settings.yaml"
    settings_file.write_text(deep_settings(), encoding="utf-8")
    settings, problems = load_settings(settings_file)
    assert settings.timers.silence_warning == 10.0  # the defaults
    assert [str(p) for p in problems] == [
        f"{settings_file}:1: списки и наборы полей вложены глубже {MAX_NESTING} уровней — файл отклонён "
        "(проверьте скобки [ ], { } и отступы)"
    ]


def test_block_nesting_past_the_cap_names_the_line_where_it_goes_too_deep(tmp_path):
    path = tmp_path / "deep.yaml"
    path.write_text(deep_block(MAX_NESTING + 5), encoding="utf-8")
    _, problems = load_yaml(path)
    (problem,) = problems
    assert problem.code == "yaml.too_deep" and 1 < problem.line < 2 * (MAX_NESTING + 5)
    path.write_text(deep_block(MAX_NESTING - 2), encoding="utf-8")
    data, problems = load_yaml(path)
    assert problems == [] and data["timers"]


def test_nesting_past_libyamls_own_cap_is_a_problem_too(tmp_path):
    path = tmp_path / "deeper.yaml"
    path.write_text(f"timers: {nested(5000)}\n", encoding="utf-8")
    _, problems = load_yaml(path)
    assert len(problems) == 1 and problems[0].line == 1 and "вложенность" in problems[0].message


def test_check_phrases_says_which_phrase_file_is_too_deep(tmp_path):
    deep = tmp_path / "deep.yaml"
    deep.write_text(deep_phrases(), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "operator_assist", "check-phrases", str(deep)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 1, result.stderr[-2000:]
    assert f"{deep}:4:" in result.stdout and "глубже" in result.stdout and "Traceback" not in result.stderr


def test_demo_list_says_which_scenario_is_too_deep_and_lists_the_rest(tmp_path):
    data = tmp_path / "data"
    (data / "scenarios").mkdir(parents=True)
    deep = data / "scenarios" / "deep.yaml"
    deep.write_text(f"id: deep\ntitle: Глубокий\nsteps: {nested(DEEP)}\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "operator_assist", "demo", "--list", "--data-dir", str(data)],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Traceback" not in result.stderr and f"{deep}:3:" in result.stdout + result.stderr
    assert "глубже" in result.stdout + result.stderr


def test_preferences_nested_1100_deep_are_moved_aside(tmp_path):
    path = tmp_path / "preferences.json"
    path.write_text('{"role": ' + nested(1100) + "}", encoding="utf-8")  # 2.2 KB
    store = PreferenceStore(path)
    prefs = store.load()
    assert prefs.operator_name == "" and not path.exists()
    (aside,) = tmp_path.glob("preferences.json.corrupt-*")
    assert aside.read_text(encoding="utf-8").startswith('{"role": [[[')
    assert str(aside) in store.notice


def test_an_oversized_preferences_file_is_moved_aside_before_anything_overwrites_it(tmp_path):
    path = tmp_path / "preferences.json"
    big = json.dumps({"operator_name": "Ольга", "geometry": "x" * (100 * 1024)})
    path.write_text(big, encoding="utf-8")
    store = PreferenceStore(path)
    prefs = store.load()
    store.save(prefs)  # what closing the window does
    (aside,) = tmp_path.glob("preferences.json.corrupt-*")
    assert aside.read_text(encoding="utf-8") == big  # the operator's file, whole
    assert "слишком большой" in store.notice and str(aside) in store.notice


# --- the same, against the real window: it opens, a call is recorded --------------------------


@pytest.mark.parametrize("kind", ["settings.yaml", "phrase file", "scenario file", "preferences.json",
                                  "big preferences.json"])  # fmt: skip
def test_the_window_opens_with_a_deep_or_big_file_and_records_the_call(qtbot, paths, fault_row, kind):
    if kind == "settings.yaml":
        paths.settings_file.write_text(deep_settings(), encoding="utf-8")
    elif kind == "phrase file":
        paths.phrases_dir.mkdir()
        (paths.phrases_dir / "deep.yaml").write_text(deep_phrases(), encoding="utf-8")
    elif kind == "scenario file":
        paths.scenarios_dir.mkdir()
        (paths.scenarios_dir / "deep.yaml").write_text(f"id: deep\ntitle: Глубокий\nsteps: {nested(DEEP)}\n",
                                                       encoding="utf-8")  # fmt: skip
    elif kind == "preferences.json":
        paths.preferences_file.write_text('{"role": ' + nested(1100) + "}", encoding="utf-8")
    else:
        paths.preferences_file.write_text(json.dumps({"geometry": "x" * (100 * 1024)}), encoding="utf-8")
    window, clock, build_ms = window_with(qtbot, paths)
    meter = StallMeter()

    def fault():
        if kind == "phrase file":
            return window.phrases.problems.text()
        if kind == "scenario file":
            window.demo_menu.menu.aboutToShow.emit()  # the Демонстрация menu reads the scenarios when opened
        return window.notices.banner.text()

    message = call_with(qtbot, window, clock, fault, meter)
    finish(qtbot, window, meter, paths, fault_row, f"{kind}: nested {DEEP}+ deep or oversized (start {build_ms:.0f} ms)",
           message, ["глубже", "повреждён", "слишком большой"])  # fmt: skip
    if kind.endswith("preferences.json"):
        assert len(list(paths.config_dir.glob("preferences.json.corrupt-*"))) == 1


def test_the_app_starts_with_a_deep_settings_file(tmp_path):
    """The command line reads settings.yaml for its language before any window: no traceback there either."""
    import os

    data = tmp_path / "data"
    data.mkdir()
    (data / "settings.yaml").write_text(deep_settings(), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "operator_assist", "--exit-after-startup", "--data-dir", str(data)],
        capture_output=True, text=True, timeout=120, env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
    )  # fmt: skip
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr[-2000:]
