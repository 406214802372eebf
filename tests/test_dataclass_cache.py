"""operator_assist/dataclass_cache.py: the dataclasses' methods from kept code, with the same behaviour."""

from __future__ import annotations

import dataclasses
import marshal
import os
import sys
from pathlib import Path

import pytest

from operator_assist import dataclass_cache


def _make(extra: bool = False):
    @dataclasses.dataclass(frozen=True)
    class Point:
        x: int
        y: int = 0
        tags: tuple[str, ...] = ()
        if extra:
            z: int = 1

    @dataclasses.dataclass
    class Box:
        items: list[int] = dataclasses.field(default_factory=list)

    return Point, Box


def _behaviour(point, box) -> list:
    p = point(1, tags=("a",))
    frozen = False
    try:
        p.x = 2  # type: ignore[misc]
    except dataclasses.FrozenInstanceError:
        frozen = True
    b = box()
    b.items.append(3)
    return [repr(p), p == point(1, tags=("a",)), p == point(2), hash(p) == hash(point(1, tags=("a",))), frozen,
            repr(b), box() == box(), box().items is not box().items, point.__init__.__qualname__, repr(box.__hash__)]  # fmt: skip


@pytest.fixture
def installed(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "dont_write_bytecode", False)  # as bench/run.py and an installed app run
    file = str(tmp_path / "__pycache__" / "methods.marshal")

    def install():
        dataclass_cache.install(file)
        assert "exec" in vars(dataclasses)

    yield install, file
    dataclass_cache.save()
    assert "exec" not in vars(dataclasses)


def test_kept_code_makes_the_same_classes_without_compiling(installed, monkeypatch):
    install, file = installed
    plain = _behaviour(*_make())
    install()
    first = _behaviour(*_make())
    dataclass_cache.save()
    kept = marshal.loads(Path(file).read_bytes())
    assert len(kept) == (6 + 3 if sys.version_info < (3, 13) else 2)  # 3.13 compiles each class's methods at once

    def no_compiling(*args, **kwargs):
        raise AssertionError("compiled again")

    install()
    monkeypatch.setattr(dataclass_cache, "compile", no_compiling, raising=False)
    again = _behaviour(*_make())
    assert plain == first == again
    assert plain[-2:] == ["_make.<locals>.Point.__init__", "None"]


def test_a_changed_class_is_compiled_and_what_it_replaced_is_dropped(installed):
    install, file = installed
    install()
    _make()
    dataclass_cache.save()
    before = marshal.loads(Path(file).read_bytes())
    install()
    point, _ = _make(extra=True)
    dataclass_cache.save()
    after = marshal.loads(Path(file).read_bytes())
    assert point(1).z == 1 and repr(point(1)) == "_make.<locals>.Point(x=1, y=0, tags=(), z=1)"
    assert len(after) == len(before) and after != before  # Box's three unchanged; Point's six new


def test_nothing_is_written_when_bytecode_is_not(installed, monkeypatch):
    install, file = installed
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    install()
    assert _behaviour(*_make()) == _behaviour(*_make())
    dataclass_cache.save()
    assert not os.path.exists(file)


@pytest.mark.parametrize(
    "content", [b"", b"garbage", marshal.dumps(["not", "a", "dict"]), marshal.dumps({"text": "not code"})]
)
def test_an_unreadable_file_is_compiled_over(installed, content):
    install, file = installed
    os.makedirs(os.path.dirname(file))
    Path(file).write_bytes(content)
    install()
    assert _behaviour(*_make())[0] == "_make.<locals>.Point(x=1, y=0, tags=('a',))"
