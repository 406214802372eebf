"""The core carries no sentences: its string literals in Cyrillic are counted, module by module."""

import ast
from pathlib import Path

from operator_assist import messages
from operator_assist.core.yamlio import Problem

from .source_scan import cyrillic_literals, docstrings

CORE = Path(__file__).resolve().parents[1] / "operator_assist" / "core"

STILL_SPEAKING = {
    # Modules whose sentences have not moved to operator_assist/messages.py yet. The list only
    # shrinks: a module that no longer speaks must leave it (the test says so).
    "keymap.py", "phrases.py",
}  # fmt: skip


def _sentences(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return cyrillic_literals(tree, docstrings(tree))


def test_core_modules_outside_the_list_carry_no_sentences():
    speaking = {path.name: _sentences(path) for path in sorted(CORE.glob("*.py"))}
    new = {name: found[:3] for name, found in speaking.items() if found and name not in STILL_SPEAKING}
    assert not new, f"sentences belong in operator_assist/messages.py, the core returns codes: {new}"
    quiet = sorted(name for name in STILL_SPEAKING if not speaking.get(name))
    assert not quiet, f"these modules no longer speak: take them off STILL_SPEAKING: {quiet}"


def test_the_views_words_for_the_call_are_in_the_catalogue_too():
    texts = CORE.parent / "ui" / "texts.py"
    assert _sentences(texts) == [], "ui/texts.py chooses among operator_assist/messages.py's words"


def test_a_problem_is_rendered_from_its_code_and_parameters(monkeypatch):
    monkeypatch.setitem(messages.TEXTS, "test.code", "{field}: нужно число, а здесь {value}")
    problem = Problem.of("settings.yaml", 3, "test.code", field="timers.silence", value="'x'")
    assert problem.message == "timers.silence: нужно число, а здесь 'x'"
    assert str(Problem.of("a.yaml", 1, "test.code", "warning", field="f", value=1)) == (
        "a.yaml:1: предупреждение: f: нужно число, а здесь 1"
    )
    messages.set_translator(lambda context, text: {"{field}: нужно число, а здесь {value}": "{field}: a number, not {value}"}.get(text, ""))
    try:
        assert problem.message == "timers.silence: a number, not 'x'"
    finally:
        messages.set_translator(None)
    assert problem.message.startswith("timers.silence: нужно")
