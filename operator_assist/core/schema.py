"""Declared settings: every key of a file once, with its type, default and a line for the README.

A :class:`Schema` is a list of :class:`Key` s named by dotted paths (``timers.long_wait``); a
``*`` in a path stands for any name (``roles.*.label``: a role of the user's own). From it
come the defaults (:meth:`Schema.default`), the validation with file:line problems
(:meth:`Schema.walk`) and the README's table (:meth:`Schema.markdown_table`). The model is
qutebrowser's ``configdata.yml`` + ``configtypes.py``, lighter.

The types (:class:`Seconds`, :class:`Text`, :class:`Bool`, :class:`Choice`) are also the
small helpers the hand-written validators (phrases, scenarios) share: :func:`text_field`,
:func:`seconds_field`. Problems are codes with parameters (``operator_assist/messages.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Mapping

from ..messages import Words
from .files import excerpt
from .yamlio import LineDict, Report, line_of, seconds_value, type_name


class Invalid(ValueError):
    """A value a type refuses: a message code and its parameters (the field's name is added later)."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


# --- types ----------------------------------------------------------------------------------


class Type:
    """What a key holds; :meth:`check` returns the value as used, or raises :class:`Invalid`."""

    doc = ""
    """How the README names it."""

    def check(self, value: Any) -> Any:
        raise NotImplementedError

    def allowed(self) -> str:
        """The README's «allowed» column (English)."""
        return ""


@dataclass(frozen=True)
class Seconds(Type):
    """Seconds: a number (``120``) or minutes:seconds (``2:00``). YAML 1.1's base-60 reading of
    ``2:00`` is switched off in :mod:`.yamlio`, so ``1:30:00`` is an error here, never 5400 s."""

    zero: bool = False
    """0 is allowed (a scenario's wait), otherwise more than 0."""
    doc = "seconds"

    def check(self, value: Any) -> float:
        seconds = seconds_value(value)
        if seconds is None or seconds < 0 or (seconds == 0 and not self.zero):
            hours = isinstance(value, str) and value.count(":") > 1
            raise Invalid(
                "schema.seconds_not_negative" if self.zero else "schema.seconds_positive",
                type=type_name(value), value=excerpt(value), hint=Words.of("schema.no_hours") if hours else "",
            )  # fmt: skip
        return seconds

    def allowed(self) -> str:
        return ("≥ 0" if self.zero else "> 0") + " (`120` or `2:00`)"


@dataclass(frozen=True)
class Bool(Type):
    doc = "true/false"

    def check(self, value: Any) -> bool:
        if not isinstance(value, bool):
            raise Invalid("schema.bool", type=type_name(value), value=excerpt(value))
        return value

    def allowed(self) -> str:
        return "`true`, `false`"


@dataclass(frozen=True)
class Text(Type):
    """A text, stripped; empty only when ``empty``; ``null`` allows None; ``numbers`` reads
    ``2001`` as ``"2001"``; ``like`` names the expected form (a message code); ``secret`` is
    never quoted back."""

    empty: bool = False
    null: bool = False
    numbers: bool = False
    like: str = ""
    secret: bool = False
    doc = "text"

    def check(self, value: Any) -> str | None:
        if value is None and self.null:
            return None
        if self.numbers and isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if isinstance(value, str) and (self.empty or value.strip()):
            return value.strip()
        shown = "***" if self.secret else excerpt(value)
        if self.like:
            raise Invalid("schema.text_like", like=Words.of(self.like), type=type_name(value), value=shown)
        raise Invalid("schema.text" if self.empty else "schema.nonempty_text", type=type_name(value), value=shown)

    def allowed(self) -> str:
        parts = ["may be empty" if self.empty else "not empty"]
        parts += ["a number is read as text"] if self.numbers else []
        return "; ".join(parts + (["`null`"] if self.null else []))


@dataclass(frozen=True)
class Choice(Type):
    values: tuple[Any, ...] = ()
    code: str = "schema.choice"
    """The message for a value not among ``values`` (params: value, allowed)."""
    doc = "one of"

    def check(self, value: Any) -> Any:
        if isinstance(value, str):
            value = value.strip()
        try:
            known = value in self.values
        except TypeError:  # a list or a mapping
            known = False
        if not known:
            raise Invalid(self.code, value=excerpt(value), allowed=", ".join(map(str, self.values)))
        return value

    def allowed(self) -> str:
        return ", ".join(f"`{v}`" if v != "" else '`""`' for v in self.values)


# --- keys and the schema ---------------------------------------------------------------------


@dataclass(frozen=True)
class Key:
    name: str
    """Dotted path; ``*`` matches any name (``roles.*.label``)."""
    type: Type
    default: Any
    doc: str
    """One line for the README (English)."""

    @property
    def path(self) -> tuple[str, ...]:
        return tuple(self.name.split("."))


NOT_GIVEN = object()


class Schema:
    """The keys of one file. ``unknown``: the message code for an unknown key per section
    (``""`` is the top level; others get ``schema.unknown_field``). ``shorthand``: a section that
    may be written as one text, meaning its key (``audio: devices`` = ``audio: {source: devices}``).
    ``file_code``: the message when the whole file is not a mapping."""

    def __init__(
        self,
        file: str,
        keys: Iterable[Key],
        unknown: Mapping[str, str] | None = None,
        shorthand: Mapping[str, str] | None = None,
        file_code: str = "schema.file_mapping",
    ) -> None:
        self.file = file
        self.keys = tuple(keys)
        self.by_name = {key.name: key for key in self.keys}
        assert len(self.by_name) == len(self.keys), "a key is declared twice"
        self.unknown = dict(unknown or {})
        self.shorthand = dict(shorthand or {})
        self.file_code = file_code
        self.tree: dict[str, Any] = {}
        for key in self.keys:
            node = self.tree
            *sections, last = key.path
            for part in sections:
                node = node.setdefault(part, {})
                assert isinstance(node, dict), f"{key.name}: a key and a section at once"
            assert last not in node, f"{key.name}: a key and a section at once"
            node[last] = key

    def default(self, name: str) -> Any:
        return self.by_name[name].default

    def holds_secret(self, data: Any) -> bool:
        """True when ``data`` gives any key declared secret a value (such a file is never cached)."""
        for key in self.keys:
            if not getattr(key.type, "secret", False):
                continue
            node = data
            for part in key.path:
                node = node.get(part) if isinstance(node, dict) else None
            if node not in (None, ""):
                return True
        return False

    def defaults(self) -> dict[str, Any]:
        """``{name: default}`` of the keys without ``*``."""
        return {key.name: key.default for key in self.keys if "*" not in key.path}

    def walk(self, data: Any, report: Report) -> dict[tuple[str, ...], Any]:
        """The valid values of ``data`` by path (``("roles", "trainee", "label")``); the rest is
        reported to ``report`` with its line. An empty section (``timers:``) is as if absent."""
        values: dict[tuple[str, ...], Any] = {}
        if data is None:
            return values
        if not isinstance(data, dict):
            report.error(line_of(data, 0), self.file_code, keys=", ".join(sorted(self.tree)), type=type_name(data))
            return values
        self._section(data, self.tree, (), report, values)
        return values

    def _section(self, data: dict[Any, Any], node: dict[str, Any], path: tuple[str, ...], report: Report,
                 values: dict[tuple[str, ...], Any]) -> None:  # fmt: skip
        for key, raw in data.items():
            child = node.get(key) if isinstance(key, str) and key != "*" else None
            if child is None:
                child = node.get("*")
            shown = ".".join(path + (excerpt(key, 40, plain=True),))
            where = line_of(data, key)
            if child is None:
                code = self.unknown.get(".".join(path), "schema.unknown_field")
                report.error(where, code, field=shown, allowed=", ".join(sorted(node)))
                continue
            here = path + (str(key),)
            if isinstance(child, Key):
                try:
                    values[here] = child.type.check(raw)
                except Invalid as exc:
                    report.error(where, exc.code, field=shown, **exc.params)
                continue
            if raw is None and "*" not in node:
                continue  # `timers:` with nothing under it
            name = ".".join(here)
            if isinstance(raw, str) and name in self.shorthand:
                short = LineDict({self.shorthand[name]: raw})
                short.line = where
                raw = short
            if not isinstance(raw, dict):
                if set(child) == {"*"}:
                    report.error(where, "schema.mapping_any", field=shown, type=type_name(raw))
                else:
                    report.error(where, "schema.mapping", field=shown, keys=", ".join(sorted(child)), type=type_name(raw))
                continue
            self._section(raw, child, here, report, values)

    def markdown_table(self) -> str:
        """The README's table of this file's keys (a test keeps the README equal to it)."""
        rows = ["| key | type | default | allowed | what it does |", "| --- | --- | --- | --- | --- |"]
        for key in self.keys:
            rows.append(f"| `{key.name}` | {key.type.doc} | {_shown(key.default)} | {key.type.allowed()} | {key.doc} |")
        return "\n".join(rows)


def _shown(default: Any) -> str:
    if default is NOT_GIVEN:
        return "—"
    if default is None:
        return "`null`"
    if isinstance(default, bool):
        return f"`{str(default).lower()}`"
    if isinstance(default, float) and default.is_integer():
        return f"`{int(default)}`"
    if default == "":
        return '`""`'
    return f"`{default}`"


# --- the same types for the hand-written validators ------------------------------------------


def checked(report: Report, data: Mapping[Any, Any], key: str, field: object, type_: Type, default: Any = None) -> Any:
    """``data[key]`` checked by ``type_``; ``default`` when it is absent or wrong (reported)."""
    if key not in data:
        return default
    try:
        return type_.check(data[key])
    except Invalid as exc:
        report.error(line_of(data, key), exc.code, field=field, **exc.params)
        return default


TEXT = Text()
"""A non-empty text, stripped."""


def text_field(report: Report, data: Mapping[Any, Any], key: str, field: object, required: bool = False) -> str:
    """A non-empty text, stripped; "" when absent (reported if ``required``) or wrong."""
    if key not in data:
        if required:
            report.error(line_of(data, key, getattr(data, "line", 1) or 1), "schema.missing", field=field)
        return ""
    text: str = checked(report, data, key, field, TEXT, "")
    return text


def seconds_field(report: Report, data: Mapping[Any, Any], key: str, field: object, default: float, zero: bool = True) -> float:
    """Seconds (``2``, ``0:30``), ``default`` when absent or wrong (reported)."""
    seconds: float = checked(report, data, key, field, Seconds(zero), default)
    return seconds


def unknown_keys(report: Report, data: Mapping[Any, Any], allowed: Iterable[str], prefix: str = "") -> None:
    """Reports each key of ``data`` not in ``allowed`` (``steps[2].colour: неизвестное поле …``)."""
    allowed = sorted(allowed)
    for key in data:
        if key not in allowed:
            report.error(line_of(data, key), "schema.unknown_field", field=prefix + excerpt(key, 40, plain=True), allowed=", ".join(allowed))
