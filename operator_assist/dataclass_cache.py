"""The methods of dataclasses compiled once, not at every start: a ``.pyc`` for what ``@dataclass`` writes.

``@dataclass`` writes each class's ``__init__``, ``__repr__``, ``__eq__`` (frozen: ``__setattr__``,
``__delattr__``, ``__hash__``) as source text and compiles it when the class is created: about 150
functions and 4.4–6.6 ms of CPU on the way to the window (paired A/Bs of the start). :func:`install` keeps
the compiled code of that text in ``__pycache__`` beside the package's own ``.pyc`` files, keyed by
the exact text, and runs it instead of compiling it again: the same text gives the same functions, so
nothing about the classes changes; text not seen before (a class changed) is compiled as before.
Nothing of ``dataclasses`` is rewritten: only the ``exec`` it calls is looked up in the kept code first.
Like Python's own ``.pyc`` files, nothing is written when bytecode writing is off
(``PYTHONDONTWRITEBYTECODE``) or the directory is not writable, and an unreadable file is ignored.
"""

from __future__ import annotations

import dataclasses
import marshal
import os
import sys
from types import CodeType
from typing import Any, Callable

FILE = os.path.join(
    os.path.dirname(__file__), "__pycache__", f"dataclass-methods.{sys.implementation.cache_tag}.marshal"
)


_save: Callable[[], None] | None = None


def _read(file: str) -> dict[str, Any]:
    try:
        with open(file, "rb") as stream:
            codes = marshal.load(stream)
    except Exception:  # missing, truncated, from another build: compiled as dataclasses would
        return {}
    return codes if isinstance(codes, dict) else {}


def save() -> None:
    """Writes the code used since :func:`install` when anything was compiled, and ends it: from now on
    dataclasses compile their methods themselves again. Call it once the classes that matter are made."""
    global _save
    write = _save
    if write is not None:
        _save = None
        write()


def install(file: str | None = None) -> None:
    """From now on, until :func:`save`, dataclasses are created from the kept code (in ``file``, default :data:`FILE`)."""
    global _save
    file = file or FILE
    if _save is not None or sys.implementation.cache_tag is None or "exec" in vars(dataclasses):
        return
    kept = _read(file)
    used: set[int] = set()  # hash(text): what to keep when the file is written again
    compiled: dict[str, Any] = {}

    # dataclasses compiles the text it writes with exec(text, globals, namespace), the builtin: this
    # exec, found first in the module's globals, runs the kept code of the same text instead.
    def kept_exec(source, globals=None, locals=None, /):  # noqa: A002
        if isinstance(source, str):
            text, source = source, kept.pop(source, None) or compiled.get(source)  # popped: not held on to
            if not isinstance(source, CodeType):
                source = compile(text, "<string>", "exec", dont_inherit=True)
                if hash(text) not in used:  # a second class with the same text was popped: not a change
                    compiled[text] = source
            used.add(hash(text))
        exec(source, globals, locals)

    dataclasses.exec = kept_exec  # type: ignore[attr-defined]

    def write() -> None:
        if vars(dataclasses).get("exec") is kept_exec:
            del dataclasses.exec  # type: ignore[attr-defined]
        if not compiled or sys.dont_write_bytecode:
            return
        codes = {txt: code for txt, code in _read(file).items() if hash(txt) in used}  # what changed is dropped
        codes.update(compiled)
        partial = f"{file}.{os.getpid()}.partial"
        try:
            os.makedirs(os.path.dirname(file), exist_ok=True)
            with open(partial, "wb") as stream:
                marshal.dump(codes, stream)
            os.replace(partial, file)
        except OSError:  # a read-only install: compiled at each start, as without this module
            try:
                os.remove(partial)
            except OSError:
                pass

    _save = write
