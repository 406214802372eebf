"""The way to the first paint: what bench/run.py measures, and what stays off it."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

# Runs the app with --exit-after-startup; the work hung on the first paint says when it runs.
_TRACED_START = """
import sys
from operator_assist import startup
startup.check_pyside_from_bytes()  # as the command line does, before the app's modules
import operator_assist.ui.app as app

def traced(name, real):
    def run(*args):
        print(name, flush=True)
        return real(*args)
    return run

app.speak_russian = traced("translator loads", app.speak_russian)
app.attach_audio = traced("audio attaches", app.attach_audio)
from operator_assist.cli.main import main
sys.exit(main(sys.argv[1:]))
"""


_SAY_AT_FIRST_PAINT = """
report = app.report_first_paint

def say():
    for name in sorted(sys.modules):
        print("loaded:", name, flush=True)
    report()

app.report_first_paint = say
from operator_assist.cli.main import main
"""


def _start(tmp_path, code: str = _TRACED_START, env: dict | None = None) -> subprocess.CompletedProcess:
    env = dict(env or os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run([sys.executable, "-c", code, "--exit-after-startup", "--data-dir", str(tmp_path)],
                          env=env, capture_output=True, text=True, timeout=60)  # fmt: skip


def test_the_first_paint_report_is_read_before_the_work_that_follows_the_paint(tmp_path):
    result = _start(tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    report = next(i for i, line in enumerate(lines) if line.startswith("first paint at"))
    assert report < lines.index("translator loads") and report < lines.index("audio attaches"), lines
    # What bench/run.py reads: wall time, this process's CPU time and its resident memory, at that moment.
    figures = re.fullmatch(r"first paint at (\S+) cpu (\S+) rss (\d+)", lines[report])
    assert figures is not None, lines[report]
    assert 0 < float(figures[2]) < 60 and int(figures[3]) > 10_000  # seconds; KiB


def test_a_configured_offer_source_is_made_without_looking_up_plugins(tmp_path):
    # importlib.metadata reads every installed package: ~20 ms and 4 MiB on the way to the window.
    (tmp_path / "settings.yaml").write_text("offer_source: demo\n", encoding="utf-8")
    code = _TRACED_START.replace("from operator_assist.cli.main import main", _SAY_AT_FIRST_PAINT)
    result = _start(tmp_path, code)
    assert result.returncode == 0, result.stderr
    assert "loaded: importlib.metadata" not in result.stdout.splitlines()


def test_what_the_window_does_not_need_is_not_imported_before_the_first_paint(tmp_path):
    assert _start(tmp_path).returncode == 0  # a second start, as every start but the first: parsed files cached
    result = _start(tmp_path, _TRACED_START.replace("from operator_assist.cli.main import main", _SAY_AT_FIRST_PAINT))
    assert result.returncode == 0, result.stderr
    loaded = {line.removeprefix("loaded: ") for line in result.stdout.splitlines() if line.startswith("loaded: ")}
    assert "operator_assist.ui.main_window" in loaded  # the list is the real one
    # Not configured here: telephony, audio, the team, an offer source; and what costs milliseconds for nothing at start:
    # html.entities (a tooltip's escaping), importlib.metadata (plugin discovery), yaml (parsed files are cached),
    # datetime (the wrap-up's time of day), pickle (its pure-Python pickler: the parse cache is read by _pickle).
    unwanted = ("operator_assist.telephony", "operator_assist.audio", "operator_assist.team", "operator_assist.core.call_sources",
                "operator_assist.core.offer_sources", "html", "importlib.metadata", "yaml", "datetime", "PySide6.QtCharts",
                "PySide6.QtMultimedia", "pickle")  # fmt: skip
    assert sorted(name for name in loaded if name.startswith(unwanted)) == []


def _plain(env: bool) -> dict:
    """The environment with (True) or without the start-up's two workarounds (operator_assist/startup.py)."""
    environment = {name: value for name, value in os.environ.items() if name != "OPERATOR_ASSIST_PLAIN_START"}
    if not env:
        environment["OPERATOR_ASSIST_PLAIN_START"] = "1"
    return environment


@pytest.mark.parametrize("workarounds", [True, False], ids=["paused", "plain start"])
def test_the_garbage_collector_waits_for_the_first_paint_unless_switched_off(tmp_path, workarounds):
    code = _TRACED_START.replace("from operator_assist.cli.main import main", """
import gc
report, attach = app.report_first_paint, app.attach_audio

def say():
    print("collecting at the first paint:", gc.isenabled(), flush=True)
    report()

def attach_audio(*args):
    print("collecting after it:", gc.isenabled(), flush=True)
    return attach(*args)

app.report_first_paint, app.attach_audio = say, attach_audio
from operator_assist.cli.main import main
""")
    result = _start(tmp_path, code, _plain(workarounds))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert f"collecting at the first paint: {not workarounds}" in lines and "collecting after it: True" in lines, lines


@pytest.mark.parametrize("workarounds", [True, False], ids=["answered from bytes", "plain start"])
def test_pyside_keeps_the_sources_of_the_modules_imported_after_it_only_without_the_workaround(tmp_path, workarounds):
    # PySide6 reads each module's source to look for "PySide6"; through linecache that keeps every line
    # of every module (operator_assist/startup.py). When a PySide6 upgrade stops doing it, the plain start
    # keeps nothing either: this test then fails, and the workaround can go.
    code = _TRACED_START.replace("from operator_assist.cli.main import main", """
import linecache
report = app.report_first_paint

def say():
    print("sources kept:", any("operator_assist" in name for name in linecache.cache), flush=True)
    report()

app.report_first_paint = say
from operator_assist.cli.main import main
""")
    result = _start(tmp_path, code, _plain(workarounds))
    assert result.returncode == 0, result.stderr
    assert f"sources kept: {not workarounds}" in result.stdout.splitlines(), result.stdout


def test_the_pyside_check_from_bytes_gives_pysides_own_answers():
    import PySide6.QtCore

    from operator_assist import startup
    from operator_assist.cli import main as cli
    from operator_assist.core import engine
    from operator_assist.ui import main_window

    own = startup.pyside_own_check()
    assert own is not None, "this PySide6 asks nothing of imported modules: operator_assist/startup.py can drop its check"
    modules = (main_window, engine, cli, sys, PySide6.QtCore)  # uses PySide6 / does not / a builtin / no source
    answers = [startup.uses_pyside_from_bytes(m, own) for m in modules]
    assert answers == [own(m) for m in modules] == [True, False, False, False, False]


def test_a_typo_in_the_offer_source_is_still_an_error_at_startup(tmp_path):
    (tmp_path / "settings.yaml").write_text("offer_source: dmeo\n", encoding="utf-8")
    result = _start(tmp_path)
    assert result.returncode == 2 and "неизвестный источник предложений 'dmeo'" in result.stderr


def test_widgets_hidden_at_start_are_built_when_first_shown(qtbot, make_window):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLabel

    from operator_assist.ui.offers.outcome_prompt import OutcomePrompt
    from operator_assist.ui.phrases.wrapup_box import WrapUpBox

    window = make_window()
    names = {label.objectName() for label in window.findChildren(QLabel)}
    assert not {"noticeBanner", "journalDelayed", "phraseProblems"} & names
    assert window.findChildren(WrapUpBox) == [] and window.findChildren(OutcomePrompt) == []
    qtbot.keyClick(window, Qt.Key.Key_F5)
    qtbot.keyClick(window, Qt.Key.Key_F9)
    assert [box.isVisible() for box in window.findChildren(WrapUpBox)] == [True]
    window.add_notice("Проверка")
    body = window.body  # under the call keys (a notice moves neither the timer nor the keys), above the operator
    assert window.notices.banner.isVisible()
    assert body.indexOf(window.controls) < body.indexOf(window.notices.banner) < body.indexOf(window.operator_bar)


def test_the_phrase_lint_comes_after_the_first_paint_and_its_warnings_are_shown(qtbot, paths):
    from operator_assist.core.clock import FakeClock
    from operator_assist.ui.app import build_window

    from .conftest import show_active

    paths.phrases_dir.mkdir(parents=True)
    (paths.phrases_dir / "mine.yaml").write_text(
        "category: hold\nphrases:\n  - id: mine.sms\n    text: Я Вам вышлю SMS.\n", encoding="utf-8"
    )
    window = build_window(paths, clock=FakeClock(), audio=False)
    assert window.book.problems == []  # not linted yet: nothing of it is on the way to the window
    show_active(qtbot, window)
    qtbot.waitUntil(lambda: window.phrases.problems.isVisible())
    assert "Замечания к фразам" in window.phrases.problems.text() and "«вышлю»" in window.phrases.problems.text()
    assert [p.line for p in window.book.problems] == [3]
