"""Nothing outside ui/main_window.py hangs state on the main window: adapters keep their own objects and
use the window's explicit API (issue 13, «Checks in CI»)."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "operator_assist"
OWNER = PACKAGE / "ui" / "main_window.py"


def _is_window(node: ast.expr) -> bool:
    """``window`` or ``self.window`` / ``something.window``."""
    return (isinstance(node, ast.Name) and node.id == "window") or (isinstance(node, ast.Attribute) and node.attr == "window")


def _targets(node: ast.AST) -> list[ast.expr]:
    if isinstance(node, ast.Assign):
        found, pending = [], list(node.targets)
        while pending:
            target = pending.pop()
            if isinstance(target, (ast.Tuple, ast.List)):
                pending.extend(target.elts)
            else:
                found.append(target)
        return found
    if isinstance(node, (ast.AugAssign, ast.AnnAssign)):
        return [node.target]
    return []


def window_attributes_set(source: str) -> list[tuple[int, str]]:
    """(line, code) for each attribute assigned (or setattr'd) on a window in ``source``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        for target in _targets(node):
            if isinstance(target, ast.Attribute) and _is_window(target.value):
                found.append((target.lineno, ast.unparse(target)))
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("setattr", "delattr")
                and node.args and _is_window(node.args[0])):  # fmt: skip
            found.append((node.lineno, ast.unparse(node)))
    return sorted(found)


def test_no_module_but_the_main_window_sets_attributes_on_the_window():
    outside = [path for path in sorted(PACKAGE.rglob("*.py")) if path != OWNER]
    found = [
        f"{path.relative_to(PACKAGE.parent)}:{line} {code}"
        for path in outside
        for line, code in window_attributes_set(path.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_the_scan_sees_every_form_of_assignment():
    sample = (
        "def wire(window, self):\n"
        "    mark = window.mark = 1\n"
        "    feed, self.window.feed = self.window.feed, None\n"
        "    window.count += 1\n"
        "    window.kind: str = 'x'\n"
        "    setattr(window, 'late', 2)\n"
        "    window.session.value = 3\n"  # the window's session: not the window
        "    other.mark = 4\n"
    )
    assert window_attributes_set(sample) == [
        (2, "window.mark"), (3, "self.window.feed"), (4, "window.count"), (5, "window.kind"), (6, "setattr(window, 'late', 2)"),
    ]  # fmt: skip

