"""The methods of dataclasses compiled once, not at every start: a ``.pyc`` for what ``@dataclass`` writes.

``@dataclass`` writes each class's ``__init__``, ``__repr__``, ``__eq__`` (frozen: ``__setattr__``,
``__delattr__``, ``__hash__``) as source text and compiles it when the class is created: about 150
functions and 7 ms of CPU on the way to the window (bench/run.py, paired runs). :func:`install` keeps
the compiled code of that text in ``__pycache__`` beside the package's own ``.pyc`` files, keyed by
the exact text, and runs it instead of compiling it again: the same text gives the same functions, so
nothing about the classes changes; text not seen before (a class changed) is compiled as before.
Like Python's own ``.pyc`` files, nothing is written when bytecode writing is off
(``PYTHONDONTWRITEBYTECODE``) or the directory is not writable, and an unreadable file is ignored.
Python 3.10–3.12 only: 3.13 builds the methods differently, and is left to ``dataclasses`` itself.
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
_MISSING = getattr(dataclasses, "MISSING", None)


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
    real = getattr(dataclasses, "_create_fn", None)
    if (
        _save is not None
        or real is None
        or not (3, 10) <= sys.version_info[:2] <= (3, 12)
        or sys.implementation.cache_tag is None
    ):
        return
    kept = _read(file)
    used: set[int] = set()  # hash(text): what to keep when the file is written again
    compiled: dict[str, Any] = {}

    # dataclasses._create_fn of Python 3.10–3.12, with the compiled text looked up first.
    def create_fn(name, args, body, *, globals=None, locals=None, return_type=_MISSING):  # noqa: A002
        if locals is None:
            locals = {}
        return_annotation = ""
        if return_type is not _MISSING:
            locals["_return_type"] = return_type
            return_annotation = "->_return_type"
        args = ",".join(args)
        body = "\n".join(f"  {b}" for b in body)
        txt = f" def {name}({args}){return_annotation}:\n{body}"
        local_vars = ", ".join(locals.keys())
        txt = f"def __create_fn__({local_vars}):\n{txt}\n return {name}"
        code = kept.pop(txt, None) or compiled.get(txt)  # popped: the start does not hold on to what it has used
        if not isinstance(code, CodeType):
            code = compile(txt, "<string>", "exec", dont_inherit=True)
            if hash(txt) not in used:  # a second class with the same text was popped: not a change
                compiled[txt] = code
        used.add(hash(txt))
        ns: dict[str, Any] = {}
        exec(code, globals, ns)
        return ns["__create_fn__"](**locals)

    dataclasses._create_fn = create_fn  # type: ignore[attr-defined]

    def write() -> None:
        dataclasses._create_fn = real  # type: ignore[attr-defined]
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
