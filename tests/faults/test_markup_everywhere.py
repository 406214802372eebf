"""Text from settings (a role's label), preferences and phrase files is never rendered as markup
(issue 28 #5): every label and status widget of every window, through a whole call, shows it as
written. A label may still be rich text when it is built from escaped parts (the notice banner,
the phrase cards): then the markup never reaches it unescaped."""

from __future__ import annotations

import json

from PySide6 import QtGui
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from operator_assist.core.clock import FakeClock

from .conftest import StallMeter

HOSTILE = '<img src="file:///etc/hostname"><font color=red size=7>HTML</font>'
MARKS = ("<img", "<font")


def rendered_as_markup(label: QLabel) -> bool:
    text = label.text()
    if label.textFormat() == Qt.TextFormat.PlainText:
        return False
    if label.textFormat() == Qt.TextFormat.AutoText and not QtGui.Qt.mightBeRichText(text):
        return False
    return True


def violations() -> list[str]:
    """Every label that renders the hostile markup, and every tooltip that would."""
    found = []
    for top in QApplication.topLevelWidgets():
        widgets = [top, *top.findChildren(QWidget)]
        for widget in widgets:
            where = f"{type(top).__name__}/{type(widget).__name__}#{widget.objectName()}"
            if isinstance(widget, QLabel) and rendered_as_markup(widget) and any(m in widget.text() for m in MARKS):
                found.append(f"{where}: {widget.text()[:80]!r}")
            tip = widget.toolTip()
            if tip and QtGui.Qt.mightBeRichText(tip) and any(m in tip for m in MARKS):
                found.append(f"{where} tooltip: {tip[:80]!r}")
    return found


def shown_literally(text: str) -> bool:
    """Some label somewhere shows the hostile text as written (so the walk saw real values)."""
    for top in QApplication.topLevelWidgets():
        for label in top.findChildren(QLabel):
            if not rendered_as_markup(label):
                shown = label.text()
            else:
                document = QTextDocument()
                document.setHtml(label.text())
                shown = document.toPlainText()
            if text in shown:
                return True
    return False


def test_markup_in_a_role_label_a_name_and_a_category_is_shown_as_written_everywhere(qtbot, paths, fault_row):
    from operator_assist.ui.app import build_window
    from operator_assist.ui.desktop.shell import DesktopShell
    from tests.conftest import show_active

    paths.settings_file.write_text(
        "roles:\n  trainee:\n    label: '" + HOSTILE + "'\n    hold_limit: 60\ndefault_role: trainee\n",
        encoding="utf-8",
    )
    paths.preferences_file.write_text(json.dumps({"operator_name": HOSTILE}), encoding="utf-8")
    paths.phrases_dir.mkdir()
    (paths.phrases_dir / "mine.yaml").write_text(
        f"category: mine\nlabel: '{HOSTILE}'\nphrases:\n  - id: mine.x\n    title: '{HOSTILE}'\n    text: Привет\n",
        encoding="utf-8",
    )
    clock = FakeClock()
    window = show_active(qtbot, build_window(paths, clock=clock, audio=False))
    shell = DesktopShell(window, "offscreen", tray=True)
    meter = StallMeter()
    seen: list[str] = []

    def walk(moment: str) -> None:
        window.session.refresh()
        seen.extend(f"{moment}: {v}" for v in violations())

    walk("idle")
    qtbot.keyClick(window, Qt.Key.Key_F5)
    walk("talking")
    qtbot.keyClick(window, Qt.Key.Key_F6)
    clock.advance(11)
    walk("lookup, silence warning")
    qtbot.keyClick(window, Qt.Key.Key_F6)
    qtbot.keyClick(window, Qt.Key.Key_F7)
    walk("hold")
    named = shown_literally(HOSTILE.lower())  # the hold message names the role, as written
    clock.advance(45)
    walk("hold, prewarning")
    clock.advance(20)
    walk("hold, over the limit")
    shell.set_compact(True)
    walk("hold, compact view")
    shell.set_compact(False)
    qtbot.keyClick(window, Qt.Key.Key_F7)
    qtbot.keyClick(window, Qt.Key.Key_F8)
    walk("ended")
    stall = meter.measure_now()  # the call; the windows opened next are work asked for, not a stall
    window.open_stats()
    walk("statistics")
    from operator_assist.core.scenario_files import load_all

    paths.scenarios_dir.mkdir()
    (paths.scenarios_dir / "hostile.yaml").write_text(
        f"title: '{HOSTILE}'\ndescription: '{HOSTILE}'\nrole: trainee\nsteps:\n  - operator: start_call\n"
        f"    note: '{HOSTILE}'\n  - client: '{HOSTILE}'\n    wait: 1\n  - operator: end_call\n",
        encoding="utf-8",
    )
    scenarios, problems = load_all(paths)
    assert problems == []
    demo = window.demo_menu.open(scenarios["hostile"], practice=True)
    qtbot.addWidget(demo)
    walk("practice window")
    window.close()
    fault_row("markup in a role label, a name, a category (every label, whole call)", stall, 0,
              f"{len(seen)} label(s) rendered markup")  # fmt: skip
    assert seen == []
    assert named
