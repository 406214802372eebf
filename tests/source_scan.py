"""Reading our own source for the tests that police it: docstrings, and Russian string literals."""

from __future__ import annotations

import ast
import re

CYRILLIC = re.compile("[А-Яа-яЁё]")


def docstrings(tree: ast.AST) -> set[int]:
    """``id()`` of the docstring constants of the module, its classes and functions."""
    return {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }


def cyrillic_literals(tree: ast.AST, skip: set[int]) -> list[tuple[int, str]]:
    """(line, text) of every string literal with Cyrillic in it, but the nodes whose ``id()`` is in ``skip``."""
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip
        and CYRILLIC.search(node.value)
    ]  # fmt: skip
