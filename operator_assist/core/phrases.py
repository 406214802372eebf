"""The phrase library: the standard's words as validated data (no Qt).

A phrase file (YAML) holds one category::

    category: hold                  # id
    label: Удержание                # shown in the panel
    states: [lookup]                # default for its phrases: when they come first
    phrases:
      - id: hold.clarify
        title: "Удержание: уточнить информацию"
        text: Я уточню информацию для Вас. …
        states: [lookup]            # optional, overrides the file's
        follow_ups: [other.id, …]   # branches the operator picks between
        note: shown under the text
        kind: phrase                # phrase | rule (a reminder, not said) | thanks | closing
        tags: [evening]             # creative phrases: when they fit
        wrong: вышлю                # «Говорим правильно»: what not to say
        detect: [вышлю, вышлем]     # … and the word forms the linter looks for

Texts may hold ``{client_name}`` and ``{operator_name}``, gendered forms
``{понял|поняла}`` (chosen by the operator's gender) and optional parts
``[, {client_name}]`` that are left out when a placeholder inside is empty.

Files load in name order; a later tier (the user's ``phrases/`` dir) adds
phrases and overrides bundled ones by id.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Mapping, Sequence

from ..messages import Words
from .files import excerpt
from .schema import Choice, checked, text_field
from .yamlio import ParseCache, Problem, Report, line_of, read_yaml, type_name

if TYPE_CHECKING:  # the wrap-up's time of day: not on the way to the window
    import datetime as dt

STATES = ("idle", "talking", "lookup", "hold", "hold_long", "hold_limit", "resumed", "resumed_long", "wrapup")
"""Call contexts a phrase can be suggested in (see :func:`call_context`)."""
PLACEHOLDERS = ("client_name", "operator_name")
KINDS = ("phrase", "rule", "thanks", "closing")
_KIND = Choice(KINDS)
TAGS = (
    "any", "morning", "day", "evening", "night", "monday", "friday", "weekend",
    "resolved", "unresolved", "tariff", "roaming",
)  # fmt: skip
PHRASE_TEXT_LIMIT = 4000
"""Characters in one phrase's text: more is not something an operator says."""

_FILE_KEYS = {"category", "label", "states", "phrases"}
_PHRASE_KEYS = {"id", "title", "text", "states", "follow_ups", "note", "kind", "tags", "wrong", "detect"}
_ID = re.compile(r"[a-z0-9_]+(?:\.[a-z0-9_]+)*")
_TOKEN = re.compile(r"\{([^{}]*)\}|\[|\]")
_WORD = re.compile(r"\w+")

SEARCH_ALIASES = {"смс": ("sms",), "sms": ("смс",), "ммс": ("mms",), "mms": ("ммс",)}
"""Words operators type one way and the texts write another."""


def normalize(text: str) -> str:
    """Case- and ё-insensitive form used by search and lint."""
    return text.lower().replace("ё", "е")


@dataclass(frozen=True)
class Phrase:
    id: str
    category: str
    text: str
    title: str = ""
    states: tuple[str, ...] = ()
    follow_ups: tuple[str, ...] = ()
    note: str = ""
    kind: str = "phrase"
    tags: tuple[str, ...] = ()
    wrong: str = ""
    detect: tuple[str, ...] = ()
    file: str = ""
    line: int = 0

    @property
    def sayable(self) -> bool:
        """Words to say (and copy), as opposed to a rule to keep in mind."""
        return self.kind != "rule"


@dataclass(frozen=True)
class Category:
    id: str
    label: str


# --- templates ----------------------------------------------------------------


def template_problems(text: str) -> list[Words]:
    """What is wrong with a text's placeholders and optional parts (empty = fine)."""
    problems = []
    depth = 0
    for match in _TOKEN.finditer(text):
        token = match.group(0)
        if token == "[":
            depth += 1
            if depth > 1:
                problems.append(Words("phrases.nested_optional"))
        elif token == "]":
            depth -= 1
            if depth < 0:
                problems.append(Words("phrases.close_without_open"))
                depth = 0
        else:
            inner = match.group(1)
            if "|" in inner:
                forms = inner.split("|")
                if len(forms) != 2 or not all(f.strip() for f in forms):
                    problems.append(Words.of("phrases.gender_forms", form="{%s}" % inner))
            elif inner not in PLACEHOLDERS:
                allowed = ", ".join("{%s}" % p for p in PLACEHOLDERS)
                problems.append(Words.of("phrases.unknown_placeholder", placeholder="{%s}" % inner, allowed=allowed))
    if depth > 0:
        problems.append(Words("phrases.open_without_close"))
    stray = re.sub(r"\{[^{}]*\}", "", text)
    if "{" in stray or "}" in stray:
        problems.append(Words("phrases.stray_brace"))
    return problems


def _gendered(forms: str, gender: str | None) -> str:
    masculine, feminine = forms.split("|")
    if gender == "m":
        return masculine
    if gender == "f":
        return feminine
    if feminine.startswith(masculine):  # понял|поняла -> понял(а)
        return f"{masculine}({feminine[len(masculine):]})"
    return f"{masculine}/{feminine}"


def render(text: str, values: Mapping[str, str] | None = None, gender: str | None = None) -> str:
    """``text`` with placeholders filled, gendered forms chosen and empty optional parts dropped."""
    values = {k: (v or "").strip() for k, v in (values or {}).items()}

    def fill(part: str) -> str:
        return re.sub(
            r"\{([^{}]*)\}",
            lambda m: _gendered(m.group(1), gender) if "|" in m.group(1) else values.get(m.group(1), ""),
            part,
        )

    def optional(match: re.Match[str]) -> str:
        inner = match.group(1)
        names = re.findall(r"\{(\w+)\}", inner)
        return fill(inner) if all(values.get(n) for n in names) else ""

    result = fill(re.sub(r"\[([^\[\]]*)\]", optional, text))
    result = re.sub(r"\s{2,}", " ", result).strip()
    if text.startswith("[") and result and result[0].islower():
        result = result[0].upper() + result[1:]  # the dropped part was the sentence's start
    return result


# --- the library ----------------------------------------------------------------


class PhraseLibrary:
    def __init__(self, phrases: Iterable[Phrase], categories: Iterable[Category]) -> None:
        self._phrases: dict[str, Phrase] = {p.id: p for p in phrases}
        self.categories: dict[str, Category] = {c.id: c for c in categories}
        self._category_rank = {cid: i for i, cid in enumerate(self.categories)}
        self.child_ids = {child for p in self._phrases.values() for child in p.follow_ups}
        # Precomputed so a search over 10 000 phrases is a plain substring scan.
        self._index = [
            (p, normalize(" ".join((p.title, p.text, p.note, p.wrong))), normalize(p.title)) for p in self._phrases.values()
        ]

    def __len__(self) -> int:
        return len(self._phrases)

    def __iter__(self) -> Iterator[Phrase]:
        return iter(self._phrases.values())

    def __contains__(self, phrase_id: str) -> bool:
        return phrase_id in self._phrases

    def ids(self) -> set[str]:
        return set(self._phrases)

    def get(self, phrase_id: str) -> Phrase | None:
        return self._phrases.get(phrase_id)

    def in_category(self, category: str) -> list[Phrase]:
        return [p for p in self._phrases.values() if p.category == category]

    def follow_ups(self, phrase: Phrase) -> list[Phrase]:
        return [self._phrases[i] for i in phrase.follow_ups if i in self._phrases]

    def top_level(self) -> list[Phrase]:
        """Every phrase that is not a follow-up of another, by category then file order."""
        phrases = [p for p in self._phrases.values() if p.id not in self.child_ids]
        return sorted(phrases, key=lambda p: self._category_rank.get(p.category, len(self._category_rank)))

    def for_context(self, context: str) -> tuple[list[Phrase], list[Phrase]]:
        """(phrases suggested in ``context``, the rest) — both by category, then file order."""
        top = self.top_level()
        first = [p for p in top if context in p.states]
        return first, [p for p in top if context not in p.states]

    def search(self, query: str) -> list[Phrase]:
        """Phrases containing every word of ``query`` (anywhere, partial, ё = е, смс = SMS).

        Phrases with the query's words side by side come first, then title hits.
        """
        words = _WORD.findall(normalize(query))
        if not words:
            return []
        if any(w in SEARCH_ALIASES for w in words):
            variants = [(w, *SEARCH_ALIASES.get(w, ())) for w in words]
            hits = [entry for entry in self._index if all(any(v in entry[1] for v in vs) for vs in variants)]
            in_title = [entry[0] for entry in hits if any(v in entry[2] for vs in variants for v in vs)]
        elif len(words) == 1:  # the common case, kept free of per-phrase generator overhead
            word = words[0]
            hits = [entry for entry in self._index if word in entry[1]]
            in_title = [entry[0] for entry in hits if word in entry[2]]
        else:
            hits = [entry for entry in self._index if all(w in entry[1] for w in words)]
            in_title = [entry[0] for entry in hits if any(w in entry[2] for w in words)]
        together = " ".join(words)
        firsts = ([entry[0] for entry in hits if together in entry[1]] if len(words) > 1 else []) + in_title
        firsts = list({id(p): p for p in firsts}.values())  # exact and title hits may overlap
        first_ids = set(map(id, firsts))
        return firsts + [entry[0] for entry in hits if id(entry[0]) not in first_ids]

    def category_of(self) -> dict[str, str]:
        return {p.id: p.category for p in self._phrases.values()}

    def lint(self) -> list[Problem]:
        """Warnings for texts that use a wrong form from the «Говорим правильно» table."""
        entries: dict[str, tuple[str, Any]] = {}  # normalized wrong form (single spaces) -> (form as written, table entry)
        for entry in self._phrases.values():
            for form in entry.detect:
                entries.setdefault(" ".join(normalize(form).split()), (form, entry))
        if not entries:
            return []
        # One alternation, longest forms first, so each text is scanned once whatever the table's size.
        alternatives = sorted(entries, key=len, reverse=True)
        pattern = re.compile(
            r"(?<!\w)(?:" + "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in alternatives) + r")(?!\w)"
        )
        problems = []
        for phrase in self._phrases.values():
            if phrase.detect or phrase.wrong:
                continue  # the table's own entries quote the wrong forms on purpose
            found = dict.fromkeys(" ".join(m.group().split()) for m in pattern.finditer(normalize(phrase.text)))
            for key in found:
                form, entry = entries[key]
                problems.append(
                    Problem.of(phrase.file, phrase.line, "phrases.say_right", "warning",
                               id=phrase.id, form=form, right=entry.text, wrong=entry.wrong)
                )  # fmt: skip
        return problems


# --- loading and validation ----------------------------------------------------


@dataclass
class _FileContent:
    category: Category | None
    phrases: list[Phrase] = field(default_factory=list)
    own_states: set[str] = field(default_factory=set)
    """Ids of phrases that name their states (not the file's default)."""


def _str_list(report: Report, data: Mapping[Any, Any], key: str, field_name: object,
              allowed: Sequence[str] | None = None) -> tuple[str, ...] | None:  # fmt: skip
    if key not in data:
        return None
    value = data[key]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        report.error(line_of(data, key), "phrases.text_list", field=field_name, type=type_name(value))
        return None
    for item in value:
        if allowed is not None and item not in allowed:
            report.error(line_of(data, key), "schema.choice", field=field_name, value=excerpt(item), allowed=", ".join(allowed))
    return tuple(v for v in value if allowed is None or v in allowed)


def _at(where: Words, name: str) -> Words:
    """A phrase's field for a message: ``фраза 'hold.clarify': text``."""
    return Words.of("phrases.field", where=where, name=name)


def _phrase(report: Report, raw: Any, line: int, category: str, default_states: tuple[str, ...]) -> Phrase | None:
    if not isinstance(raw, dict):
        report.error(line, "phrases.phrase_mapping", type=type_name(raw))
        return None
    phrase_id = raw.get("id")
    where = Words.of("phrases.phrase", id=excerpt(phrase_id)) if isinstance(phrase_id, str) else Words("phrases.a_phrase")
    for key in raw:
        if key not in _PHRASE_KEYS:
            report.error(line_of(raw, key), "phrases.unknown_key", where=where, key=excerpt(key), allowed=", ".join(sorted(_PHRASE_KEYS)))
    phrase_id = text_field(report, raw, "id", _at(where, "id"), required=True)
    if phrase_id and not _ID.fullmatch(phrase_id):
        report.error(line_of(raw, "id"), "phrases.bad_id", field=_at(where, "id"))
        phrase_id = ""
    text = text_field(report, raw, "text", _at(where, "text"), required=True)
    if len(text) > PHRASE_TEXT_LIMIT:
        report.error(line_of(raw, "text"), "phrases.too_long", field=_at(where, "text"), length=len(text), limit=PHRASE_TEXT_LIMIT)
        text = ""
    for problem in template_problems(text):
        report.error(line_of(raw, "text"), "phrases.template", field=_at(where, "text"), problem=problem)
    kind = checked(report, raw, "kind", _at(where, "kind"), _KIND, "phrase")
    states = _str_list(report, raw, "states", _at(where, "states"), STATES)
    follow_ups = _str_list(report, raw, "follow_ups", _at(where, "follow_ups"))
    tags = _str_list(report, raw, "tags", _at(where, "tags"), TAGS)
    detect = _str_list(report, raw, "detect", _at(where, "detect"))
    if not phrase_id or not text:
        return None
    return Phrase(
        id=phrase_id,
        category=category,
        text=text,
        title=text_field(report, raw, "title", _at(where, "title")),
        states=default_states if states is None else states,
        follow_ups=follow_ups or (),
        note=text_field(report, raw, "note", _at(where, "note")),
        kind=kind,
        tags=tags or (),
        wrong=text_field(report, raw, "wrong", _at(where, "wrong")),
        detect=detect or (),
        file=report.file,
        line=line,
    )


def parse_file(data: Any, file: str) -> tuple[_FileContent | None, list[Problem]]:
    report = Report(file)
    if not isinstance(data, dict):
        report.error(line_of(data, 0), "phrases.file_mapping", keys=", ".join(sorted(_FILE_KEYS)), type=type_name(data))
        return None, report.problems
    for key in data:
        if key not in _FILE_KEYS:
            report.error(line_of(data, key), "phrases.unknown_file_key", key=excerpt(key), allowed=", ".join(sorted(_FILE_KEYS)))
    category_id = text_field(report, data, "category", "category", required=True)
    if category_id and not _ID.fullmatch(category_id):
        report.error(line_of(data, "category"), "phrases.bad_category")
    label = text_field(report, data, "label", "label")
    states = _str_list(report, data, "states", "states", STATES) or ()
    raw_phrases = data.get("phrases")
    content = _FileContent(Category(category_id, label or category_id) if category_id else None)
    if not isinstance(raw_phrases, list):
        report.error(line_of(data, "phrases"), "phrases.list", type=type_name(raw_phrases))
    elif category_id:
        seen: dict[str, int] = {}
        for index, raw in enumerate(raw_phrases):
            line = line_of(raw_phrases, index)
            phrase = _phrase(report, raw, line, category_id, states)
            if phrase is None:
                continue
            if phrase.id in seen:
                report.error(line, "phrases.id_repeated", id=excerpt(phrase.id), first=seen[phrase.id])
                continue
            seen[phrase.id] = line
            content.phrases.append(phrase)
            if "states" in raw:
                content.own_states.add(phrase.id)
    return content, report.problems


def phrase_files(path: Path) -> list[Path]:
    """The phrase files of a directory (name order), or ``path`` itself."""
    if path.is_dir():
        return sorted(path.glob("*.yaml"))
    return [path]


@dataclass
class LoadResult:
    library: PhraseLibrary
    problems: list[Problem]
    linted: bool = True
    """False: loaded with ``lint=False``; the «Говорим правильно» warnings are not in ``problems``."""

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]


def load_library(tiers: Sequence[Iterable[Path]], cache: ParseCache | None = None, lint: bool = True) -> LoadResult:
    """Load the files of each tier (bundled, then user); later tiers override by id.

    A file with errors contributes nothing (the rest still loads), so one
    broken file never takes the whole library down.
    """
    phrases: dict[str, Phrase] = {}
    categories: dict[str, Category] = {}
    problems: list[Problem] = []
    for tier in tiers:
        first_seen: dict[str, Phrase] = {}
        for path in tier:
            data, file_problems = read_yaml(path, cache)
            if not file_problems:
                content, file_problems = parse_file(data, str(path))
            problems.extend(file_problems)
            if any(p.is_error for p in file_problems) or content is None or content.category is None:
                continue
            category = content.category
            if category.id not in categories or category.label != category.id:
                categories[category.id] = category
            for phrase in content.phrases:
                earlier = first_seen.get(phrase.id)
                if earlier is not None:
                    problems.append(
                        Problem.of(phrase.file, phrase.line, "phrases.id_elsewhere", id=excerpt(phrase.id), at=f"{earlier.file}:{earlier.line}")
                    )
                    continue
                first_seen[phrase.id] = phrase
                bundled = phrases.get(phrase.id)
                if bundled is not None:
                    # A new wording of a bundled phrase keeps its category (its place in the
                    # list, wrap-up advice) and its moments unless it names its own.
                    own = phrase.states if phrase.id in content.own_states else bundled.states
                    phrase = replace(phrase, category=bundled.category, states=own)
                phrases[phrase.id] = phrase  # an override keeps the bundled phrase's place
    for phrase in phrases.values():
        for child in phrase.follow_ups:
            if child not in phrases:
                problems.append(Problem.of(phrase.file, phrase.line, "phrases.no_follow_up", id=excerpt(phrase.id), child=excerpt(child)))
    library = PhraseLibrary(phrases.values(), categories.values())
    if not lint:
        return LoadResult(library, problems, linted=False)
    return LoadResult(library, problems + library.lint())


def bundled_tier() -> list[Path]:
    from ..paths import bundled_phrases_dir

    return phrase_files(bundled_phrases_dir())


def load_bundled() -> LoadResult:
    return load_library([bundled_tier()])


def load_with_user(user_dir: Path | None, cache: ParseCache | None = None, lint: bool = True) -> LoadResult:
    tiers = [bundled_tier()]
    if user_dir is not None and user_dir.is_dir():
        tiers.append(phrase_files(user_dir))
    return load_library(tiers, cache, lint)


# --- call context ----------------------------------------------------------------


GREETING_WINDOW = 15.0
"""Seconds after the call starts when the greeting still comes first (the call starts with it)."""


def call_context(
    state: str, status: str, state_elapsed: float, long_wait: float, wrapup: bool = False, call_elapsed: float | None = None
) -> str:
    """Which phrases come first, from the engine's snapshot (state/status values)."""
    if state in ("idle", "ended"):
        return "idle"
    if state == "lookup":
        return "lookup"
    if state == "hold":
        if status in ("hold_prewarning", "hold_limit"):
            return "hold_limit"
        return "hold_long" if state_elapsed >= long_wait else "hold"
    if wrapup:  # the operator asked for it: it wins over the thanks reminder
        return "wrapup"
    if status == "thank_for_long_waiting":
        return "resumed_long"
    if status == "thank_for_waiting":
        return "resumed"
    if call_elapsed is not None and call_elapsed < GREETING_WINDOW:
        return "idle"  # «начало звонка»: F5, then Ctrl+1 is the greeting
    return "talking"


# --- wrap-up: summary and farewell --------------------------------------------------


@dataclass(frozen=True)
class WrapUp:
    summary: tuple[Phrase, ...]
    """Summary variants to use, best first; empty when the summary is skipped."""
    advice: Words
    creative: tuple[Phrase, ...]
    """Creative phrases that fit the context, best first."""


SKIP_SUMMARY = Words("phrases.skip_summary")
UNRESOLVED = Words("phrases.unresolved")
RESOLVED = Words("phrases.resolved")


def time_tags(when: dt.datetime) -> set[str]:
    hour = when.hour
    if hour < 5 or hour >= 23:
        tags = {"night"}
    else:
        tags = {"morning" if hour < 12 else "day" if hour < 17 else "evening"}
    weekday = when.weekday()
    tags |= {0: {"monday"}, 4: {"friday"}, 5: {"weekend"}, 6: {"weekend"}}.get(weekday, set())
    return tags


def wrap_up(library: PhraseLibrary, resolved: bool, skip_summary: bool, when: dt.datetime, topics: Iterable[str] = ()) -> WrapUp:
    summary: tuple[Phrase, ...]
    if skip_summary:
        summary, advice = (), SKIP_SUMMARY
    elif resolved:
        ids = ("summary.more_help", "summary.solved", "summary.more_help_alt", "summary.recap")
        summary, advice = tuple(p for p in map(library.get, ids) if p is not None), RESOLVED
    else:
        summary, advice = tuple(p for p in (library.get("summary.unresolved"),) if p), UNRESOLVED
    context = time_tags(when) | {"resolved" if resolved else "unresolved"} | set(topics)
    scored = []
    for phrase in library.in_category("creative"):
        score = len(context & set(phrase.tags))
        if score or "any" in phrase.tags:
            scored.append((score, phrase))
    scored.sort(key=lambda item: -item[0])
    return WrapUp(summary, advice, tuple(p for _, p in scored))


def compose_farewell(library: PhraseLibrary, creative: Phrase | None, closing_id: str = "farewell.all_best", thanks_id: str = "farewell.thanks") -> list[Phrase]:
    """Thanks + creative phrase + closing, never the same closing words twice.

    «Всего доброго» may be the creative phrase or the closing, not both: when
    the closing's words are already said, the other closing is used.
    """
    parts = [p for p in (library.get(thanks_id), creative) if p is not None]
    closings = [p for p in library.in_category("farewell") if p.kind == "closing"]
    closings.sort(key=lambda p: p.id != closing_id)
    said = _words(" ".join(p.text for p in parts))
    for closing in closings:
        if _words(closing.text) not in said:
            parts.append(closing)
            break
    return parts


def _words(text: str) -> str:
    return " ".join(_WORD.findall(normalize(text)))


class PhraseBook:
    """The library the app shows: bundled + the user's files, reloaded on change.

    A reload whose user files have errors keeps the last good library (so a
    half-saved edit never empties the panel) and reports the problems.
    """

    def __init__(self, user_dir: Path | None, cache: ParseCache | None = None) -> None:
        self.user_dir = user_dir
        self.cache = cache
        self.library = PhraseLibrary((), ())
        self.problems: list[Problem] = []
        self.linted = True
        self._loaded = False

    def reload(self, lint: bool = True) -> bool:
        """Load again; True when the shown library changed. ``lint=False``: :meth:`lint` later."""
        return self.apply(self.load(lint))

    def load(self, lint: bool = True) -> LoadResult:
        """Reads and checks the files (may take a while: a UI calls it off its own thread)."""
        result = load_with_user(self.user_dir, self.cache, lint)
        if self.cache is not None:
            self.cache.save()
        return result

    def apply(self, result: LoadResult) -> bool:
        """Makes a loaded result the shown library unless it has errors; True when it changed."""
        self.problems = result.problems
        self.linted = result.linted
        if result.errors and self._loaded:
            return False
        self.library = result.library
        self._loaded = True
        return True

    def lint(self) -> bool:
        """Adds the «Говорим правильно» warnings a ``lint=False`` load left out; True when there are any."""
        if self.linted:
            return False
        self.linted = True
        found = self.library.lint()
        self.problems = [*self.problems, *found]
        return bool(found)

    def watched_paths(self) -> list[Path]:
        if self.user_dir is None or not self.user_dir.is_dir():
            return []
        return [self.user_dir, *phrase_files(self.user_dir)]
