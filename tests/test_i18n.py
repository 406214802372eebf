"""Translations: the English catalogue is complete and current, and ``--lang en`` / ``language: en`` use it."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from operator_assist import i18n, messages
from operator_assist.core import keymap
from operator_assist.core.commands import Action
from operator_assist.core.settings import bundled_settings, load_settings
from operator_assist.messages import say

from .source_scan import CYRILLIC, cyrillic_literals, docstrings

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "operator_assist"
TS = PACKAGE / "i18n" / "operator_assist_en.ts"
QM = PACKAGE / "i18n" / "operator_assist_en.qm"
TOOLS = Path(sys.executable).parent
FIELD = re.compile(r"\{[^{}]*\}")


@pytest.fixture(autouse=True)
def russian_again():
    yield
    i18n.use(None)


def tool(name: str) -> str:
    found = shutil.which(name, path=str(TOOLS)) or shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is missing: it comes with PySide6")
    return found


def entries(ts: Path) -> list[tuple[str, str, ET.Element]]:
    return [
        (context.findtext("name"), message.findtext("source"), message.find("translation"))
        for context in ET.parse(ts).getroot().iter("context")
        for message in context.iter("message")
    ]


def test_every_english_translation_is_finished_and_keeps_the_placeholders():
    found = entries(TS)
    assert len(found) > 500
    unfinished = [(c, s) for c, s, t in found if t.get("type") or not (t.text or "").strip()]
    assert not unfinished, f"translate these in {TS.name} (scripts/update-translations): {unfinished[:5]}"
    def fields(text):  # «{{…}}» is a literal brace, not a placeholder
        return sorted(FIELD.findall(text.replace("{{", "").replace("}}", "")))

    broken = [(c, s, t.text) for c, s, t in found if fields(s) != fields(t.text)]
    assert not broken, f"a translation must keep the source's {{placeholders}}: {broken[:5]}"


def test_the_catalogue_has_every_text_of_the_code(tmp_path):
    """lupdate over the package into a copy of the .ts changes nothing: no new, changed or gone text."""
    copy = tmp_path / TS.name
    shutil.copy(TS, copy)
    subprocess.run(
        [tool("pyside6-lupdate"), "-silent", "-extensions", "py", "-no-obsolete", "-locations", "none",
         "-source-language", "ru", "-target-language", "en", "operator_assist", "-ts", str(copy)],
        cwd=ROOT, check=True,
    )  # fmt: skip
    before = {(c, s) for c, s, _ in entries(TS)}
    after = {(c, s) for c, s, _ in entries(copy)}
    assert after - before == set(), "new texts in the code: run scripts/update-translations and translate them"
    assert before - after == set(), "texts gone from the code: run scripts/update-translations"
    assert copy.read_bytes() == TS.read_bytes(), "run scripts/update-translations"


def test_the_committed_qm_is_built_from_the_committed_ts(tmp_path):
    built = tmp_path / QM.name
    subprocess.run([tool("pyside6-lrelease"), "-silent", str(TS), "-qm", str(built)], check=True)
    assert built.read_bytes() == QM.read_bytes(), "the .qm is stale: run scripts/update-translations"


def test_every_message_code_is_in_the_catalogue():
    catalogued = {s for c, s, _ in entries(TS) if c == messages.CONTEXT}
    assert set(messages.TEXTS.values()) <= catalogued


def test_every_code_the_core_says_is_in_the_catalogue():
    """A mistyped code would be shown to the operator as it is written («journal.closd»)."""
    prefixes = {code.split(".")[0] for code in messages.TEXTS}
    code_like = re.compile(r"^[a-z_]+(\.[a-z_0-9]+)+$")
    said = {
        (path.name, node.value)
        for path in (PACKAGE / "core").glob("*.py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and code_like.match(node.value)
        and node.value.split(".")[0] in prefixes
    }  # fmt: skip
    from operator_assist.core.preferences import PREFERENCES
    from operator_assist.core.settings import SETTINGS

    not_codes = {"settings.yaml", "preferences.json", "policy.yaml", "offers.yaml"} | {key.name for schema in (SETTINGS, PREFERENCES) for key in schema.keys}
    assert len(said) > 100
    assert sorted((name, code) for name, code in said if code not in messages.TEXTS and code not in not_codes) == []


MARKS = {"tr", "translate", "QT_TRANSLATE_NOOP"}
NOT_TRANSLATED = {
    # The core says codes (tests/test_messages.py).
    "core",
    # The team server answers every client in the team's language, not the user's; it has no translator.
    "team/server", "team/protocol.py", "team/live.py",
}  # fmt: skip
WORDS_OF_THE_SOURCE_LANGUAGE = {
    # argparse's English words said in Russian (English needs no catalogue for them).
    ("cli/main.py", "ARGPARSE_WORDS"), ("cli/main.py", "speak_russian"),
    # what Whisper writes on noise (film subtitles' credits): recogniser output to discard, not UI text
    ("speech/recognisers.py", "HALLUCINATIONS"),
}  # fmt: skip


def _bare_sentences(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = docstrings(tree)
    for node in ast.walk(tree):
        name = getattr(node, "name", None) or getattr(getattr(node, "targets", [None])[0], "id", None)
        if (path.relative_to(PACKAGE).as_posix(), name) in WORDS_OF_THE_SOURCE_LANGUAGE:
            skip.update(id(sub) for sub in ast.walk(node))
        if isinstance(node, ast.Call):
            func = node.func
            if (func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)) in MARKS:
                skip.update(id(sub) for arg in node.args for sub in ast.walk(arg))
    return cyrillic_literals(tree, skip)


def test_the_ui_and_the_cli_say_nothing_past_the_catalogue():
    """Every Russian text outside the core is marked for lupdate (tr, translate, QT_TRANSLATE_NOOP)."""
    bare = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).as_posix()
        if any(relative == part or relative.startswith(part + "/") for part in NOT_TRANSLATED):
            continue
        found = _bare_sentences(path)
        if found:
            bare[relative] = found[:3]
    assert not bare, f"wrap these in self.tr / translate(context, …) so they reach the catalogue: {bare}"


def test_no_text_is_marked_inside_an_f_string():
    """lupdate does not read inside f-strings: ``f"{self.tr('Скрыть')}"`` never reaches the catalogue."""
    hidden = []
    for path in sorted(PACKAGE.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.JoinedStr):
                for call in ast.walk(node):
                    func = getattr(call, "func", None)
                    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
                    if name in MARKS and any(isinstance(arg, ast.Constant) for arg in call.args):
                        hidden.append(f"{path.relative_to(PACKAGE)}:{call.lineno}")
    assert hidden == []


def test_the_keymaps_and_the_bundled_roles_labels_are_catalogued():
    from operator_assist import messages

    assert sorted(messages.ACTION_LABELS) == sorted(binding.label for binding in keymap.BINDINGS)
    assert sorted(messages.ROLE_LABELS) == sorted(role.label for role in bundled_settings().roles)


def test_english_for_the_cli_the_core_and_qt(qapp):
    assert i18n.use("en") is None
    assert i18n.language() == "en"
    assert i18n.translate("cli", "Ошибка: {error}") == "Error: {error}"
    assert say("journal.closed") == "The journal is closed."
    from operator_assist.core.journal import JournalError

    assert str(JournalError("journal.closed")) == "The journal is closed."
    translator = i18n.install(qapp)
    try:
        from operator_assist.core.engine import CallState
        from operator_assist.ui import texts

        assert texts.state_words(CallState.HOLD) == "Hold"
    finally:
        qapp.removeTranslator(translator)
    i18n.use(None)
    assert say("journal.closed") == "Журнал закрыт."


def test_an_unknown_language_is_said_in_russian_and_everything_stays_russian():
    warning = i18n.use("fr")
    assert warning == "язык 'fr' не поддерживается (есть: ru, en), всё будет по-русски"
    assert i18n.warning() == warning
    assert i18n.language() == "ru"
    assert say("journal.closed") == "Журнал закрыт."


def test_language_in_settings_yaml(tmp_path):
    path = tmp_path / "settings.yaml"
    assert load_settings(path)[0].language == "ru"
    path.write_text("language: en\n", encoding="utf-8")
    assert load_settings(path)[0].language == "en"
    path.write_text("language: 5\n", encoding="utf-8")
    settings, problems = load_settings(path)
    assert settings.language == "ru"
    assert [(p.line, p.message) for p in problems] == [(1, "language: нужен непустой текст, а здесь число 5")]


def run_cli(argv, capsys):
    from operator_assist.cli.main import main

    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_lang_en_on_the_command_line_before_or_after_the_subcommand(tmp_path, capsys):
    data = str(tmp_path / "data")
    code, out, _ = run_cli(["--lang", "en", "--data-dir", data, "stats"], capsys)
    assert code == 0 and "The journal is empty: there have been no calls yet." in out
    code, out, _ = run_cli(["--data-dir", data, "stats", "--lang=en"], capsys)
    assert code == 0 and out.startswith("Statistics for ")
    code, out, _ = run_cli(["--data-dir", data, "stats"], capsys)
    assert code == 0 and out.startswith("Статистика за ")


def test_language_en_in_settings_yaml_speaks_english_unless_lang_says_otherwise(tmp_path, capsys):
    data = tmp_path / "data"
    data.mkdir()
    (data / "settings.yaml").write_text("language: en\n", encoding="utf-8")
    code, out, _ = run_cli(["--data-dir", str(data), "stats"], capsys)
    assert out.startswith("Statistics for ")
    code, out, _ = run_cli(["--data-dir", str(data), "--lang", "ru", "stats"], capsys)
    assert out.startswith("Статистика за ")


def test_an_unknown_language_on_the_command_line(tmp_path, capsys):
    code, out, err = run_cli(["--lang", "xx", "--data-dir", str(tmp_path), "stats"], capsys)
    assert code == 0
    assert err == "operator-assist: язык 'xx' не поддерживается (есть: ru, en), всё будет по-русски\n"
    assert out.startswith("Статистика за ")


def test_the_english_window(qtbot, qapp, paths):
    i18n.use("en")
    translator = i18n.install(qapp)
    try:
        from operator_assist.core.clock import FakeClock
        from operator_assist.ui.app import build_window

        window = build_window(paths, clock=FakeClock(), audio=False)
        qtbot.addWidget(window)
        from PySide6.QtWidgets import QAbstractButton, QComboBox, QLabel

        from operator_assist.ui.phrases.panel import PhrasePanel

        menus = [action.text() for action in window.menuBar().actions()]
        assert menus[:2] == ["&Call", "&View"]

        def chrome(widget) -> bool:  # the phrase panel's cards are the phrase files' content: Russian
            parent = widget.parentWidget()
            while parent is not None and not isinstance(parent, PhrasePanel):
                parent = parent.parentWidget()
            return parent is None

        shown = menus + [w.text() for w in window.findChildren(QLabel) + window.findChildren(QAbstractButton) if chrome(w)]
        shown += [box.itemText(i) for box in window.findChildren(QComboBox) for i in range(box.count())]
        assert "Waiting for a call. F5 — new call." in shown
        assert [text for text in shown if CYRILLIC.search(text)] == []
    finally:
        qapp.removeTranslator(translator)


def test_in_english_the_timer_panel_quotes_the_phrases_as_they_are_copied_in_russian(qtbot, qapp, paths):
    """Issue 22 #17: the phrase library is Russian content; the window's words around a quote are English."""
    i18n.use("en")
    translator = i18n.install(qapp)
    try:
        from PySide6.QtGui import QGuiApplication

        from operator_assist.core.clock import FakeClock
        from operator_assist.ui.app import build_window
        from operator_assist.ui.desktop.shell import DesktopShell

        clock = FakeClock()
        window = build_window(paths, clock=clock, audio=False)
        qtbot.addWidget(window)
        shell = DesktopShell(window, "offscreen", global_keys=False, tray=False)
        session = window.session
        session.perform(Action.START_CALL)
        session.perform(Action.START_LOOKUP)
        clock.advance(10.5)
        window.session.refresh()
        copied = window.phrases.copy_phrase("hold.clarify")
        assert copied == QGuiApplication.clipboard().text() and copied.startswith("Я уточню информацию для Вас.")
        message = window.display.message_label.text()
        assert message.startswith("Silence 10 s! Put the client on hold (F7)") and message.endswith(f"«{copied.removesuffix('.')}»")
        assert shell.compact.say_label.text() == "«Я уточню информацию для Вас… Хорошо/Вы согласны?» F7"
        session.perform(Action.START_HOLD)
        clock.advance(20)
        session.perform(Action.RESUME)
        thanks = window.phrases.copy_phrase("resume.thanks")
        assert window.display.message_label.text() == f"Thank the client: «{thanks.removesuffix('.')}»."
        assert shell.compact.say_label.text() == "«Спасибо за ожидание»"
    finally:
        qapp.removeTranslator(translator)


def test_one_percent_style_per_language():
    """Russian writes «95 %», English «95%»: a statistics window never shows «0.0%» next to «95 %»."""
    number_then_percent = re.compile(r"(\d|\})(\s?)%")
    russian_without_space = [s for _, s, _ in entries(TS) if any(not g for _, g in number_then_percent.findall(s))]
    english_with_space = [t.text for _, _, t in entries(TS) if any(g for _, g in number_then_percent.findall(t.text or ""))]
    assert not russian_without_space, russian_without_space[:5]
    assert not english_with_space, english_with_space[:5]
