"""Line-aware YAML loading for validated content files.

Every mapping and list loaded here remembers the line it starts on and the line
of each key/item, so validators can report ``file:line: message``. Duplicate
keys, YAML syntax errors and non-UTF-8 bytes are reported the same way instead
of being silently accepted (PyYAML keeps the last duplicate) or raised.
"""

from __future__ import annotations

import functools
import logging
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from ..messages import Words
from .files import MB, UserFileError, excerpt, make_private_dir, read_regular_file, write_private

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Problem:
    """A problem at ``file:line``: a message code (``operator_assist/messages.py``) and its parameters.

    The core says *what* is wrong; the words, in the user's language, come from the catalogue.
    (A code that is not in the catalogue is shown as written: old callers pass a sentence.)
    """

    file: str
    line: int
    code: str
    severity: str = "error"  # "error" or "warning"
    params: tuple[tuple[str, Any], ...] = ()

    @classmethod
    def of(cls, file: str, line: int, code: str, severity: str = "error", **params: Any) -> "Problem":
        return cls(file, line, code, severity, tuple(params.items()))

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    @property
    def message(self) -> str:
        from ..messages import render

        return render(self.code, dict(self.params))

    def __str__(self) -> str:
        from ..messages import render

        prefix = render("problem.warning_prefix", {}) if self.severity == "warning" else ""
        return f"{self.file}:{self.line}: {prefix}{self.message}"


class LineDict(dict[Any, Any]):
    """A dict that knows its own line and the line of each key (1-based)."""

    line: int = 0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.key_lines: dict[Any, int] = {}

    def line_of(self, key: Any) -> int:
        return self.key_lines.get(key, self.line)


class LineList(list[Any]):
    """A list that knows its own line and the line of each item (1-based)."""

    line: int = 0

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.item_lines: list[int] = []

    def line_of(self, index: int) -> int:
        if 0 <= index < len(self.item_lines):
            return self.item_lines[index]
        return self.line


def line_of(container: Any, key: Any, default: int = 1) -> int:
    if isinstance(container, (LineDict, LineList)):
        return container.line_of(key)
    return default


@functools.cache
def _loader_class() -> type:
    """The line-aware loader, built on first use: PyYAML is imported only when a YAML file is read."""
    import yaml

    # libyaml's parser when PyYAML has it (about 5x faster; marks and our constructors work the same).
    base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class Loader(base):  # type: ignore[misc]  # PyYAML's C or Python loader, chosen here
        def __init__(self, stream: str, file: str) -> None:
            super().__init__(stream)
            self.file = file
            self.problems: list[Problem] = []

    Loader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
    Loader.add_constructor("tag:yaml.org,2002:seq", _construct_sequence)
    _without_sexagesimal(Loader)
    return Loader


_INT = r"^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+)$"
_FLOAT = (
    r"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)


def _without_sexagesimal(loader: Any) -> None:
    """YAML 1.1 reads ``2:00`` as the base-60 number 120 and ``1:30:00`` as 5400: here both stay text.

    So a time written as minutes:seconds reaches the validator as written, which then
    accepts ``m:ss`` explicitly (see :func:`seconds_value`) or says what is wrong with file:line.
    """
    int_tag, float_tag = "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"
    resolvers = {
        first: [(tag, rx) for tag, rx in entries if tag not in (int_tag, float_tag)]
        for first, entries in loader.yaml_implicit_resolvers.items()
    }
    loader.yaml_implicit_resolvers = resolvers
    loader.add_implicit_resolver(int_tag, re.compile(_INT), list("-+0123456789"))
    loader.add_implicit_resolver(float_tag, re.compile(_FLOAT, re.X), list("-+0123456789."))


_MINUTES_SECONDS = re.compile(r"(\d{1,3}):([0-5]\d)")


def seconds_value(value: Any) -> float | None:
    """Seconds from a number (``120``) or a minutes:seconds text (``2:00``, ``"1:30"``); None otherwise."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        match = _MINUTES_SECONDS.fullmatch(value.strip())
        if match:
            return int(match.group(1)) * 60.0 + int(match.group(2))
    return None


def _construct_mapping(loader: Any, node: Any) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        key_line = key_node.start_mark.line + 1
        try:
            hash(key)
        except TypeError:
            loader.problems.append(Problem.of(loader.file, key_line, "yaml.key_not_scalar"))
            continue
        if key in result:
            loader.problems.append(
                Problem.of(loader.file, key_line, "yaml.key_repeated", key=excerpt(key), first=result.key_lines[key])
            )
            continue
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_line
    return result


def _construct_sequence(loader: Any, node: Any) -> LineList:
    result = LineList()
    result.line = node.start_mark.line + 1
    for child in node.value:
        result.append(loader.construct_object(child, deep=True))
        result.item_lines.append(child.start_mark.line + 1)
    return result


def decode_utf8(raw: bytes, file: str) -> tuple[str | None, list[Problem]]:
    """Decode strictly; a bad byte is reported with its line."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [Problem.of(file, line, "yaml.not_utf8", byte=f"{raw[exc.start]:02x}")]
    return text.removeprefix("\ufeff"), []


ALIAS_NODE_BUDGET = 100_000
"""How many nodes aliases (``*name``) may add when expanded; a file past it is refused."""

MAX_NESTING = 20
"""How deep lists and mappings may nest (our own files need 4 levels); a deeper file is refused
with its line, before anything walks it (a 1 KB ``[[[…]]]`` would otherwise exhaust the stack)."""

PHRASE_FILE_LIMIT = 5 * MB
"""The default cap on a YAML file's size (a phrase file); settings pass their own."""


def _alias_overflow(root: Any) -> tuple[int, str] | None:
    """(line, message code) when the document's aliases expand past the budget or into themselves,
    or its lists and mappings nest deeper than :data:`MAX_NESTING`.

    Sizes and heights are counted per node once (the document is a graph: an alias is the same
    node object again), so even a billion-node bomb is measured in a few steps, and the walk
    keeps its own stack, so no nesting is too deep for it.
    """
    from yaml.nodes import CollectionNode, MappingNode

    sizes: dict[int, int] = {}
    heights: dict[int, int] = {}
    in_progress: set[int] = set()
    stack = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            in_progress.discard(key)
            children = node.value
            if isinstance(node, MappingNode):
                children = [part for pair in children for part in pair]
            size = 1 + sum(sizes[id(child)] for child in children)
            sizes[key] = size
            if size - len(sizes) > ALIAS_NODE_BUDGET:
                return node.start_mark.line + 1, "yaml.alias_budget"
            heights[key] = height = 1 + max((heights.get(id(child), 0) for child in children), default=0)
            if height > MAX_NESTING:
                return node.start_mark.line + 1, "yaml.too_deep"
            continue
        if key in sizes:
            continue
        if not isinstance(node, CollectionNode):
            sizes[key] = 1
            continue
        if key in in_progress:
            return node.start_mark.line + 1, "yaml.alias_loop"
        in_progress.add(key)
        stack.append((node, True))
        children = node.value
        if isinstance(node, MappingNode):
            children = [part for pair in children for part in pair]
        for child in children:
            if id(child) in in_progress:
                return child.start_mark.line + 1, "yaml.alias_loop"
            if id(child) not in sizes:
                stack.append((child, False))
    return None
_YAML_PROBLEMS = (
    # (how PyYAML's problem starts — libyaml's or the pure-Python parser's words, the message code)
    ("did not find expected key", "yaml.expected_key"),
    ("expected <block end>", "yaml.expected_key"),
    ("mapping values are not allowed", "yaml.colon_in_value"),
    ("did not find expected '-' indicator", "yaml.expected_item"),
    ("could not find expected ':'", "yaml.no_colon"),
    ("found character that cannot start any token", "yaml.bad_start"),
    ("found a tab character", "yaml.tab"),
    ("found unexpected end of stream", "yaml.unclosed"),
    ("found unknown escape character", "yaml.bad_escape"),
    ("found undefined alias", "yaml.star_start"),
    ("found undefined tag handle", "yaml.bang_start"),
    ("did not find expected ',' or", "yaml.flow_start"),
    ("expected ',' or", "yaml.flow_start"),
    ("found duplicate anchor", "yaml.ampersand_start"),
    ("exceeded maximum nesting depth", "yaml.nesting"),  # libyaml's own cap (1000 levels)
)
_FLOW_START = re.compile(r"^\s*(?:-\s+)?[^\s#:][^:#]*:\s+[\[{]")


def _yaml_problem(exc: Any, text: str, file: str) -> Problem:
    """The problem for PyYAML's English one, with the usual fix when we can see it."""
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else 1
    problem = exc.problem or exc.context or ""
    code = next((code for en, code in _YAML_PROBLEMS if problem.startswith(en)), None)
    if code:
        message = Problem.of(file, line, "yaml.syntax", words=Words(code))
    else:
        message = Problem.of(file, line, "yaml.syntax_pyyaml", problem=excerpt(problem, 200) if problem else Words("yaml.invalid"))
    # The usual cause: a text starting with {client_name} or [ … ] is read as YAML's own braces,
    # and what follows the closing brace is where PyYAML wanted the next key.
    if not problem.startswith(("did not find expected key", "expected <block end>")):
        return message
    lines = text.splitlines()
    first = exc.context_mark.line if exc.context_mark else line - 1
    for index in range(max(0, min(first, line - 1)), min(len(lines), line)):
        if _FLOW_START.match(lines[index]):
            return Problem.of(file, index + 1, "yaml.brace_start")
    return message


def parse_yaml(text: str, file: str) -> tuple[Any, list[Problem]]:
    import yaml

    loader = _loader_class()(text, file)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, loader.problems
        overflow = _alias_overflow(node)
        if overflow is not None:
            line, code = overflow
            params = {"limit": MAX_NESTING} if code == "yaml.too_deep" else {"budget": f"{ALIAS_NODE_BUDGET:,}".replace(",", " ")}
            return None, [Problem.of(file, line, code, **params)]
        data = loader.construct_document(node)
    except RecursionError:  # PyYAML's own parser without libyaml composes recursively: no line to tell
        return None, [Problem.of(file, 1, "yaml.too_deep", limit=MAX_NESTING)]
    except yaml.MarkedYAMLError as exc:
        return None, [_yaml_problem(exc, text, file)]
    except yaml.YAMLError as exc:
        return None, [Problem.of(file, 1, "yaml.error", error=excerpt(str(exc), 200))]
    finally:
        loader.dispose()
    return data, loader.problems


def read_user_bytes(path: str | os.PathLike[str], limit: int = PHRASE_FILE_LIMIT) -> tuple[bytes | None, list[Problem]]:
    """A user file's bytes, or a problem: not a regular file, too big, unreadable. Never blocks."""
    file = str(path)
    try:
        return read_regular_file(path, limit), []
    except UserFileError as exc:
        return None, [Problem(file, 1, exc.words.code, params=exc.words.params)]
    except OSError as exc:
        return None, [Problem.of(file, 1, "yaml.unreadable", reason=exc.strerror or str(exc))]


def load_yaml(path: str | os.PathLike[str], limit: int = PHRASE_FILE_LIMIT) -> tuple[Any, list[Problem]]:
    """Load one YAML file; returns (data or None, problems). Never raises for bad content.

    Only a regular file of at most ``limit`` bytes is read (a FIFO, a device or a huge
    file is a problem, never a wait), and aliases may not expand past a node budget.
    """
    file = str(path)
    raw, problems = read_user_bytes(path, limit)
    if raw is None:
        return None, problems
    text, problems = decode_utf8(raw, file)
    if text is None:
        return None, problems
    return parse_yaml(text, file)


class Report:
    """Collects problems for one file while a validator walks its data."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []

    def error(self, line: int, code: str, **params: Any) -> None:
        self.problems.append(Problem.of(self.file, line, code, **params))

    def warning(self, line: int, code: str, **params: Any) -> None:
        self.problems.append(Problem.of(self.file, line, code, "warning", **params))

    @property
    def ok(self) -> bool:
        return not any(p.is_error for p in self.problems)


def type_name(value: Any) -> Words:
    """What kind of value it is, for a message (``а здесь список``)."""
    if value is None:
        return Words("type.none")
    if isinstance(value, bool):
        return Words("type.bool")
    if isinstance(value, (int, float)):
        return Words("type.number")
    if isinstance(value, str):
        return Words("type.text")
    if isinstance(value, list):
        return Words("type.list")
    if isinstance(value, dict):
        return Words("type.mapping")
    return Words.of("type.other", name=type(value).__name__)


class ParseCache:
    """Parsed YAML files kept between starts, each keyed by its path, mtime and size.

    Importing PyYAML and parsing the bundled files is a large part of a start; the
    validation that follows still runs on every load. The cache file holds nothing
    the user made: an unreadable or outdated one is ignored and rewritten. Nothing
    secret either: a file the caller's ``keep`` refuses (settings with a password) is
    parsed each time and never stored. The file is the user's alone (0600).
    """

    FORMAT = 2  # 1 could hold settings.yaml with its secrets: such caches are dropped

    def __init__(self, file: Path) -> None:
        self.file = file
        self._entries: dict[str, tuple[tuple[int, int], Any, list[Problem]]] | None = None
        self._changed = False

    def _version(self) -> tuple[int, int, int]:
        # LineDict/LineList/Problem are pickled: a change to this module invalidates the cache.
        try:
            stat = os.stat(__file__)
        except OSError:  # a frozen app (the .deb's bundle): this module lives in its executable's archive
            stat = os.stat(sys.executable)
        return self.FORMAT, stat.st_mtime_ns, stat.st_size

    def _read(self) -> dict[str, tuple[tuple[int, int], Any, list[Problem]]]:
        try:  # pickle.load itself, without pickle.py's pure-Python pickler (imported only to write)
            from _pickle import load
        except ImportError:  # a Python without the C pickler
            from pickle import load

        try:
            with open(self.file, "rb") as stream:
                version, entries = load(stream)
            if version == self._version() and isinstance(entries, dict):
                return entries
        except FileNotFoundError:
            pass
        except Exception as exc:  # truncated, from another version, not a pickle at all
            log.info("YAML cache %s unusable (%s); rebuilding", self.file, exc)
        return {}

    def load(
        self, path: str | os.PathLike[str], limit: int = PHRASE_FILE_LIMIT, keep: Callable[[Any], bool] | None = None
    ) -> tuple[Any, list[Problem]]:
        """Like :func:`load_yaml`, from the cache when the file is unchanged; ``keep(data)`` False: not stored."""
        if self._entries is None:
            self._entries = self._read()
        key = str(path)
        try:
            stat = os.stat(path)
        except OSError:
            return load_yaml(path, limit)
        stamp = (stat.st_mtime_ns, stat.st_size)
        entry = self._entries.get(key)
        if entry is not None and entry[0] == stamp:
            return entry[1], list(entry[2])
        data, problems = load_yaml(path, limit)
        if keep is None or keep(data):
            self._entries[key] = (stamp, data, problems)
            self._changed = True
        elif self._entries.pop(key, None) is not None:
            self._changed = True
        return data, list(problems)

    def save(self) -> None:
        """Write the cache if anything was parsed since it was read; failures are only logged."""
        if not self._changed or self._entries is None:
            return
        import pickle

        try:
            make_private_dir(self.file.parent)
            write_private(self.file, pickle.dumps((self._version(), self._entries), protocol=pickle.HIGHEST_PROTOCOL))
            self._changed = False
        except OSError as exc:
            log.warning("cannot write the YAML cache %s: %s", self.file, exc)


def read_yaml(
    path: str | os.PathLike[str], cache: ParseCache | None = None, limit: int = PHRASE_FILE_LIMIT,
    keep: Callable[[Any], bool] | None = None,
) -> tuple[Any, list[Problem]]:
    """:func:`load_yaml`, through ``cache`` when there is one (``keep``: see :meth:`ParseCache.load`)."""
    return cache.load(path, limit, keep) if cache is not None else load_yaml(path, limit)
