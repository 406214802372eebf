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
        detect: [вышлю, вышлем]     # … and the word forms the linter and the speech check look for
        moment: before_hold         # a moment of the call the speech check hears it for (MOMENTS)
        variants: [уточню для Вас]  # other wordings that count as said (the text itself always does)
        parts:                      # … or parts that must all be heard (PARTS), each with its wordings
          purpose: [уточню информацию]

Texts may hold ``{client_name}`` and ``{operator_name}``, gendered forms
``{понял|поняла}`` (chosen by the operator's gender) and optional parts
``[, {client_name}]`` that are left out when a placeholder inside is empty.

The file may name a ``moment`` for all its phrases, as with ``states``.

Files load in name order; a later tier (the user's ``phrases/`` dir) adds
phrases and overrides bundled ones by id.
"""

from __future__ import annotations

import re
from array import array
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Mapping, NamedTuple, Sequence

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
MOMENTS = ("before_hold", "after_hold", "summary", "farewell.thanks", "farewell.wish", "farewell.goodbye")
"""The moments the speech check listens for (core/speech_checks.py): the hold phrase (purpose, time,
consent), the thanks after it, the summary, the farewell's thanks, wish and goodbye."""
_MOMENT = Choice(MOMENTS)
PARTS = ("purpose", "time", "consent")
"""The parts of the standard's hold phrase («цель — время ожидания — согласие»)."""
PHRASE_TEXT_LIMIT = 4000
"""Characters in one phrase's text: more is not something an operator says."""

_FILE_KEYS = {"category", "label", "states", "moment", "phrases"}
_PHRASE_KEYS = {"id", "title", "text", "states", "follow_ups", "note", "kind", "tags", "wrong", "detect", "moment", "variants", "parts"}
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
    moment: str = ""
    """One of :data:`MOMENTS`, or "" (heard, but no moment's check)."""
    variants: tuple[str, ...] = ()
    parts: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """(part of :data:`PARTS`, its wordings): when given, the phrase is said when every part is heard."""
    file: str = ""
    line: int = 0

    @property
    def sayable(self) -> bool:
        """Words to say (and copy), as opposed to a rule to keep in mind."""
        return self.kind != "rule"

    @property
    def hearable(self) -> bool:
        """The speech check listens for it: words to say, not a «Говорим правильно» entry (it quotes a wrong form)."""
        return self.sayable and not (self.wrong or self.detect)


@dataclass(frozen=True)
class Category:
    id: str
    label: str


class Row(NamedTuple):
    """One line of the phrase list: a phrase, or a heading when ``phrase`` is None."""

    phrase: Phrase | None
    heading: str = ""
    """A heading's category id; empty: the list's own heading (the call's moment, or what a search found)."""
    follow_up: bool = False
    """A branch shown under the phrase it follows."""


NUMBERED = 9
"""Phrases a list numbers for Ctrl+1…9."""
_OWN_HEADING = -1


class Listing:
    """What the phrase list shows, top to bottom (a sequence of :class:`Row`), and which rows Ctrl+1…9 copy.

    The rows are kept as numbers in an array, made into a ``Row`` when asked for: a
    library has a list per call context, and tens of thousands of row objects would
    give the garbage collector that much more to walk on every full pass.
    """

    def __init__(self, phrases: Sequence[Phrase], headings: Sequence[str], codes: Iterable[int]) -> None:
        self._phrases = phrases
        self._headings = headings
        self._codes = array("i", codes)
        """``2 × phrase + follow_up`` for a phrase (its index in ``phrases``), ``-1`` for the list's own
        heading, ``-2 - k`` for the heading of category ``headings[k]``."""
        numbered: list[int] = []
        for index, code in enumerate(self._codes):
            if code >= 0 and phrases[code >> 1].sayable:
                numbered.append(index)
                if len(numbered) == NUMBERED:
                    break
        self.numbered = tuple(numbered)
        """Indices of the first nine rows with phrases that are said (not rules)."""
        self._rows: dict[str, int] | None = None

    @classmethod
    def found(cls, phrases: Sequence[Phrase]) -> Listing:
        """A search's hits under the list's own heading."""
        return cls(phrases, (), [_OWN_HEADING, *range(0, 2 * len(phrases), 2)])

    def __len__(self) -> int:
        return len(self._codes)

    def __getitem__(self, index: int) -> Row:
        code = self._codes[index]
        if code >= 0:
            return Row(self._phrases[code >> 1], follow_up=bool(code & 1))
        return Row(None, "" if code == _OWN_HEADING else self._headings[-2 - code])

    def __iter__(self) -> Iterator[Row]:
        return (self[index] for index in range(len(self._codes)))

    def index(self, phrase_id: str) -> int | None:
        """The row of a phrase (the first time, a scan of the list: for the demo's highlight)."""
        if self._rows is None:
            phrases = self._phrases
            self._rows = {phrases[code >> 1].id: i for i, code in enumerate(self._codes) if code >= 0}  # each once
        return self._rows.get(phrase_id)


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


def unfilled(text: str, values: Mapping[str, str] | None = None) -> tuple[str, ...]:
    """The placeholders of ``text`` (``operator_name``…) that ``values`` leave empty: said without them."""
    values = values or {}
    names = (m.group(1) for m in _TOKEN.finditer(text) if m.group(1) in PLACEHOLDERS)
    return tuple(dict.fromkeys(name for name in names if not (values.get(name) or "").strip()))


# --- the library ----------------------------------------------------------------


class PhraseLibrary:
    def __init__(self, phrases: Iterable[Phrase], categories: Iterable[Category]) -> None:
        self._phrases: dict[str, Phrase] = {p.id: p for p in phrases}
        self.categories: dict[str, Category] = {c.id: c for c in categories}
        self._category_rank = {cid: i for i, cid in enumerate(self.categories)}
        self.child_ids = {child for p in self._phrases.values() for child in p.follow_ups}
        self._by_category: dict[str, list[Phrase]] = {}
        for phrase in self._phrases.values():
            self._by_category.setdefault(phrase.category, []).append(phrase)
        self._listings: dict[tuple[str, str | None], Listing] | None = None
        # Precomputed so a search over 10 000 phrases is a plain substring scan (lists of strings:
        # nothing for the garbage collector to walk).
        self._order = list(self._phrases.values())
        self._position = {p.id: i for i, p in enumerate(self._order)}
        self._texts = [normalize(" ".join((p.title, p.text, p.note, p.wrong))) for p in self._order]
        self._titles = [normalize(p.title) for p in self._order]

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
        return list(self._by_category.get(category, ()))

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

    def listing(self, context: str, summary: str | None = None) -> Listing:
        """The list for a call context (:func:`call_context`); for ``wrapup``, with the advised
        ``summary`` first (None: the summary is skipped, the farewell comes first).

        Every list is built by :meth:`arrange`, once per library: a loader calls it on its own
        thread, so that choosing a list is a look-up.
        """
        key = (context, summary if context == "wrapup" else None)
        listings = self.arrange()
        if key not in listings:  # a context or summary no list was built for
            return self._listing(context, summary, self.top_level())
        return listings[key]

    def arrange(self) -> dict[tuple[str, str | None], Listing]:
        """Builds the list of every call context (and of each summary a wrap-up may advise); kept."""
        listings = self._listings
        if listings is None:
            top = self.top_level()
            keys: list[tuple[str, str | None]] = [(context, None) for context in STATES]
            keys += [("wrapup", summary) for summary in {advised_summary(self, resolved) for resolved in (True, False)} if summary]
            listings = self._listings = {key: self._listing(*key, top) for key in keys}
        return listings

    def _listing(self, context: str, summary: str | None, top: list[Phrase]) -> Listing:
        first = [p for p in top if context in p.states]
        if context == "wrapup":
            first = _wrapup_order(first, summary)
        position = self._position
        headings: dict[str, int] = {}
        codes = array("i")
        seen: set[str] = set()  # follow-ups: a branch of two phrases is shown under the first

        def add(phrase: Phrase) -> None:
            codes.append(2 * position[phrase.id])  # a top-level phrase is listed once: no follow-up is one
            for child in self.follow_ups(phrase) if phrase.follow_ups else ():
                if child.id not in seen:
                    seen.add(child.id)
                    codes.append(2 * position[child.id] + 1)

        if first:
            codes.append(_OWN_HEADING)
            for phrase in first:
                add(phrase)
        category = None
        for phrase in top:
            if context in phrase.states:
                continue
            if phrase.category != category:
                category = phrase.category
                codes.append(-2 - headings.setdefault(category, len(headings)))
            add(phrase)
        return Listing(self._order, list(headings), codes)

    def search(self, query: str) -> list[Phrase]:
        """Phrases containing every word of ``query`` (anywhere, partial, ё = е, смс = SMS).

        Phrases with the query's words side by side come first, then title hits.
        """
        words = _WORD.findall(normalize(query))
        if not words:
            return []
        texts, titles = self._texts, self._titles
        if any(w in SEARCH_ALIASES for w in words):
            variants = [(w, *SEARCH_ALIASES.get(w, ())) for w in words]
            hits = [i for i, text in enumerate(texts) if all(any(v in text for v in vs) for vs in variants)]
            in_title = [i for i in hits if any(v in titles[i] for vs in variants for v in vs)]
        elif len(words) == 1:  # the common case, kept free of per-phrase generator overhead
            word = words[0]
            hits = [i for i, text in enumerate(texts) if word in text]
            in_title = [i for i in hits if word in titles[i]]
        else:
            hits = [i for i, text in enumerate(texts) if all(w in text for w in words)]
            in_title = [i for i in hits if any(w in titles[i] for w in words)]
        together = " ".join(words)
        firsts = dict.fromkeys(([i for i in hits if together in texts[i]] if len(words) > 1 else []) + in_title)
        order = self._order  # exact and title hits first (they may overlap), then the rest
        return [order[i] for i in firsts] + [order[i] for i in hits if i not in firsts]

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
    own_moment: set[str] = field(default_factory=set)
    """Ids of phrases that name their moment (not the file's)."""


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


def _parts(report: Report, raw: Mapping[str, Any], where: Words) -> tuple[tuple[str, tuple[str, ...]], ...]:
    if "parts" not in raw:
        return ()
    value = raw["parts"]
    field_name = _at(where, "parts")
    if not isinstance(value, dict) or not value:
        report.error(line_of(raw, "parts"), "phrases.parts", field=field_name, parts=", ".join(PARTS), type=type_name(value))
        return ()
    parts = []
    for part in value:
        if part not in PARTS:
            report.error(line_of(value, part), "schema.choice", field=field_name, value=excerpt(part), allowed=", ".join(PARTS))
            continue
        wordings = _str_list(report, value, part, _at(where, f"parts.{part}"))
        if wordings:
            parts.append((part, wordings))
    return tuple(parts)


def _phrase(
    report: Report, raw: Any, line: int, category: str, default_states: tuple[str, ...], default_moment: str = ""
) -> Phrase | None:
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
    moment = checked(report, raw, "moment", _at(where, "moment"), _MOMENT, default_moment)
    variants = _str_list(report, raw, "variants", _at(where, "variants"))
    parts = _parts(report, raw, where)
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
        moment=moment,
        variants=variants or (),
        parts=parts,
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
    moment = checked(report, data, "moment", "moment", _MOMENT, "")
    raw_phrases = data.get("phrases")
    content = _FileContent(Category(category_id, label or category_id) if category_id else None)
    if not isinstance(raw_phrases, list):
        report.error(line_of(data, "phrases"), "phrases.list", type=type_name(raw_phrases))
    elif category_id:
        seen: dict[str, int] = {}
        for index, raw in enumerate(raw_phrases):
            line = line_of(raw_phrases, index)
            phrase = _phrase(report, raw, line, category_id, states, moment)
            if phrase is None:
                continue
            if phrase.id in seen:
                report.error(line, "phrases.id_repeated", id=excerpt(phrase.id), first=seen[phrase.id])
                continue
            seen[phrase.id] = line
            content.phrases.append(phrase)
            if "states" in raw:
                content.own_states.add(phrase.id)
            if "moment" in raw:
                content.own_moment.add(phrase.id)
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
                    # list, wrap-up advice), its states and the moment it is heard for, unless it
                    # names its own; its wordings (text, variants, parts) are its own.
                    own = phrase.states if phrase.id in content.own_states else bundled.states
                    moment = phrase.moment if phrase.id in content.own_moment else bundled.moment
                    phrase = replace(phrase, category=bundled.category, states=own, moment=moment)
                phrases[phrase.id] = phrase  # an override keeps the bundled phrase's place
    for phrase in phrases.values():
        for child in phrase.follow_ups:
            if child not in phrases:
                problems.append(Problem.of(phrase.file, phrase.line, "phrases.no_follow_up", id=excerpt(phrase.id), child=excerpt(child)))
    library = PhraseLibrary(phrases.values(), categories.values())
    library.arrange()  # here, on the loader's thread: a key press then only picks a list
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


RESOLVED_SUMMARIES = ("summary.more_help", "summary.solved", "summary.more_help_alt", "summary.recap")
"""Summary variants when the question is resolved, best first."""
UNRESOLVED_SUMMARY = "summary.unresolved"


def advised_summary(library: PhraseLibrary, resolved: bool) -> str | None:
    """The id of the summary a wrap-up advises first, unless skipped (None: the library has none)."""
    ids = RESOLVED_SUMMARIES if resolved else (UNRESOLVED_SUMMARY,)
    return next((i for i in ids if i in library), None)


def _wrapup_order(phrases: list[Phrase], summary: str | None) -> list[Phrase]:
    """The advised summary first (Ctrl+1); when the summary is skipped, the farewell first."""
    summaries = [p for p in phrases if p.category == "summary"]
    others = [p for p in phrases if p.category != "summary"]
    if summary is None:
        return others + summaries
    summaries.sort(key=lambda p: p.id != summary)
    return summaries + others


def wrap_up(library: PhraseLibrary, resolved: bool, skip_summary: bool, when: dt.datetime, topics: Iterable[str] = ()) -> WrapUp:
    summary: tuple[Phrase, ...]
    if skip_summary:
        summary, advice = (), SKIP_SUMMARY
    elif resolved:
        summary, advice = tuple(p for p in map(library.get, RESOLVED_SUMMARIES) if p is not None), RESOLVED
    else:
        summary, advice = tuple(p for p in (library.get(UNRESOLVED_SUMMARY),) if p), UNRESOLVED
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
