"""The shared types of core/schema.py, and the validators' message codes all said in messages.py."""

import ast
import re
from pathlib import Path

import pytest

from operator_assist import messages
from operator_assist.core.schema import Bool, Choice, Invalid, Seconds, Text

CORE = Path(__file__).resolve().parents[1] / "operator_assist" / "core"
VALIDATION_PREFIXES = ("schema", "settings", "preferences", "keys", "type", "yaml", "files", "phrases", "scenario")
CODE = re.compile(r"(%s)\.[a-z_]+" % "|".join(VALIDATION_PREFIXES))


def test_every_validation_code_the_core_uses_is_in_the_catalogue():
    used = {
        (path.name, node.value)
        for path in CORE.glob("*.py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and CODE.fullmatch(node.value)
        and not node.value.endswith((".yaml", ".json"))  # file names
    }
    assert used, "the scan finds the codes"
    assert not {(name, code) for name, code in used if code not in messages.TEXTS}


@pytest.mark.parametrize(
    "type_, value, result",
    [(Seconds(), "2:00", 120.0), (Seconds(), 90, 90.0), (Seconds(zero=True), 0, 0.0), (Bool(), False, False),
     (Text(), "  x ", "x"), (Text(empty=True), "", ""), (Text(null=True), None, None), (Text(numbers=True), 2001, "2001"),
     (Choice(("a", "b")), "b", "b")],
)  # fmt: skip
def test_a_type_gives_the_value_as_used(type_, value, result):
    assert type_.check(value) == result


@pytest.mark.parametrize(
    "type_, value, code",
    [(Seconds(), 0, "schema.seconds_positive"), (Seconds(zero=True), -1, "schema.seconds_not_negative"),
     (Seconds(), True, "schema.seconds_positive"), (Bool(), "yes", "schema.bool"), (Text(), " ", "schema.nonempty_text"),
     (Text(empty=True), 5, "schema.text"), (Text(), None, "schema.nonempty_text"), (Choice(("a",)), ["a"], "schema.choice")],
)  # fmt: skip
def test_a_type_refuses_with_a_code(type_, value, code):
    with pytest.raises(Invalid) as caught:
        type_.check(value)
    assert caught.value.code == code
    assert "{" not in messages.render(code, {"field": "f", **caught.value.params})


def test_a_settings_problem_is_a_code_with_parameters_said_in_the_users_language(tmp_path):
    from operator_assist.core.settings import load_settings

    path = tmp_path / "settings.yaml"
    path.write_text("timers:\n  long_wait: [1]\n", encoding="utf-8")
    _, [problem] = load_settings(path)
    assert (problem.line, problem.code, dict(problem.params)["field"]) == (2, "schema.seconds_positive", "timers.long_wait")
    english = {messages.TEXTS["schema.seconds_positive"]: "{field}: seconds, not {type} {value}{hint}",
               messages.TEXTS["type.list"]: "a list"}  # fmt: skip
    messages.set_translator(lambda context, text: english.get(text, ""))
    try:
        assert problem.message == "timers.long_wait: seconds, not a list [1]"
    finally:
        messages.set_translator(None)
    assert problem.message.startswith("timers.long_wait: нужно положительное число секунд")
