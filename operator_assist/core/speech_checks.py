"""The standard's spoken checks over the operator's recognised words, from the phrase library (no Qt).

What counts as said comes from the library (``phrases/*.yaml``): a phrase's text, its
``variants`` and, for the hold phrase, its ``parts`` (purpose, time, consent: each heard in
one of its wordings); its ``moment`` says which check it answers. Matching is fuzzy: lower
case, ё = е, no punctuation, words in order with a close form allowed («минуты» for «минуту»,
a recogniser's «обонентом» for «абонентом»), a word or so missing from a longer wording and
a short word («за», «не») lost from one of three or four words,
over the last :data:`WINDOW` utterances (a phrase may be split by a pause). The words of the
«Говорим правильно» and «Не говорим» tables (``detect``) match exactly, as whole words:
«подождать» is never «подождите».

:class:`SpeechChecker` follows a call: the events of the call session (hold, resume, the end)
and the utterances heard, and says what each moment's check came to. Texts live here in memory
for one call at most; what leaves (:func:`journal_events`) is which check was met or missed, with
its time, and which «Говорим правильно» entry a forbidden word belongs to.
"""

from __future__ import annotations

import math
import re
from collections import deque
from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import combinations, product
from typing import Callable, Iterable, Sequence

from .events import Event, EventKind
from .phrases import Phrase, PhraseLibrary, normalize, render

WINDOW = 3
"""Utterances a phrase is looked for in: the newest and the two before it."""
CHECKS = ("before_hold", "after_hold", "summary", "farewell")
"""The moments of a call the speech check decides: the hold phrase, the thanks after a hold, the summary, the farewell."""
FAREWELL_PARTS = ("thanks", "wish", "goodbye")
"""The standard's farewell: thanks for the call, a creative phrase, goodbye; each a phrase of its own (``moment: farewell.<part>``)."""

_NOT_WORD = re.compile(r"[^\w]+|_")
_SLASH = re.compile(r"(\w+)/(\w+)")


def normalize_speech(text: str) -> str:
    """Lower case, ё = е, punctuation and dashes as spaces, single spaces."""
    return " ".join(_NOT_WORD.sub(" ", normalize(text)).split())


def words_of(text: str) -> list[str]:
    return normalize_speech(text).split()


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


def similar(a: str, b: str, strict: bool = False) -> bool:
    """Two normalised words are the same word: equal, another ending of it, or a recogniser's slip.

    Words shorter than four letters must be equal («за», «на», «вы»). ``strict`` (a wording of one
    or two words, where one word decides): no other endings, only a near-identical spelling.
    """
    if a == b:
        return True
    shorter = min(len(a), len(b))
    if shorter < 4 or abs(len(a) - len(b)) > (1 if strict else 3):
        return False
    if not strict and _common_prefix(a, b) >= max(4, shorter - 2):
        return True
    if a[0] != b[0] and a[1:3] != b[1:3]:  # cheap: most pairs differ at once
        return False
    return SequenceMatcher(None, a, b).ratio() >= (0.85 if strict else 0.8)


def needed(count: int) -> int:
    """Of a wording's ``count`` words, how many must be heard: all of one up to four words, three in four of a longer one."""
    return count if count <= 4 else math.ceil(0.75 * count)


# --- wordings ------------------------------------------------------------------------------------


def _expand_slashes(text: str) -> list[str]:
    """«решил/ответил на вопрос» → both readings (at most eight)."""
    readings = [text]
    while any(_SLASH.search(r) for r in readings) and len(readings) < 8:
        expanded = []
        for reading in readings:
            match = _SLASH.search(reading)
            if match is None:
                expanded.append(reading)
                continue
            for word in match.groups():
                expanded.append(reading[: match.start()] + word + reading[match.end() :])
        readings = expanded
    return [_SLASH.sub(r"\1 \2", r) for r in readings]


def wordings(phrase: Phrase) -> tuple[tuple[str, ...], ...]:
    """The word sequences that count as ``phrase`` said whole (its text in both genders, slashes read
    either way, placeholders left out; its variants)."""
    texts = {render(phrase.text, {}, gender) for gender in ("m", "f")} | set(phrase.variants)
    found: dict[tuple[str, ...], None] = {}
    for text in sorted(texts):
        for reading in _expand_slashes(text):
            words = tuple(words_of(reading))
            if words:
                found[words] = None
    return tuple(found)


@dataclass(frozen=True)
class Target:
    """What counts as one phrase said: each part heard in one of its wordings (one part "" for a whole phrase)."""

    phrase: Phrase
    parts: tuple[tuple[str, tuple[tuple[str, ...], ...]], ...]


def target(phrase: Phrase) -> Target:
    if phrase.parts:
        parts = tuple((name, tuple(tuple(words_of(w)) for w in ws if words_of(w))) for name, ws in phrase.parts)
        return Target(phrase, parts)
    return Target(phrase, (("", wordings(phrase)),))


@dataclass(frozen=True)
class Spot:
    """A phrase found in a window of utterances: the span of words it took (indices into the window's words)."""

    phrase_id: str
    first: int
    last: int
    missing: tuple[str, ...] = ()
    """Parts not heard (a partial find of a phrase with parts)."""


@dataclass(frozen=True)
class ForbiddenWord:
    form: str
    """The word(s) as the table has them and as heard."""
    entry: Phrase
    """Its entry in the speak-correctly tables: ``text`` is what to say instead."""


class PhraseSpotter:
    """Finds the library's phrases and forbidden words in recognised text. Built once per library."""

    def __init__(self, library: PhraseLibrary) -> None:
        self.targets = {p.id: target(p) for p in library if p.hearable}
        self._by_word: dict[str, set[str]] = {}
        for phrase_id, t in self.targets.items():
            for _part, ws in t.parts:
                for words in ws:
                    for word in words:
                        self._by_word.setdefault(word, set()).add(phrase_id)
        self._vocabulary = sorted(self._by_word)
        self._near: dict[str, frozenset[str]] = {}
        self.forbidden_forms: dict[tuple[str, ...], tuple[str, Phrase]] = {}
        for entry in library:
            for form in entry.detect:
                words = tuple(words_of(form))
                if words:
                    self.forbidden_forms.setdefault(words, (form, entry))

    def grammar(self) -> list[str]:
        """Every wording and forbidden form, as text (a recogniser's restricted grammar)."""
        found = {" ".join(words) for t in self.targets.values() for _part, ws in t.parts for words in ws}
        return sorted(found | {" ".join(words) for words in self.forbidden_forms})

    def near(self, word: str) -> frozenset[str]:
        """The library's words this heard word may be (cached: a call repeats its words)."""
        found = self._near.get(word)
        if found is None:
            if len(self._near) > 20_000:
                self._near.clear()
            found = self._near[word] = frozenset(v for v in self._vocabulary if similar(word, v))
        return found

    def by_moment(self, moment: str) -> list[str]:
        """Ids of the phrases heard for ``moment`` (``before_hold``, ``farewell.wish``…)."""
        return [pid for pid, t in self.targets.items() if t.phrase.moment == moment]

    # --- phrases ---------------------------------------------------------------------------

    def spot(self, words: Sequence[str], only: Iterable[str] | None = None, partial: bool = False) -> list[Spot]:
        """The phrases in ``words`` (normalised), each at its leftmost place. ``only``: these ids alone.
        ``partial``: phrases with parts also when some parts are missing (``Spot.missing``)."""
        near = [self.near(w) for w in words]
        present = set().union(*near) if near else set()
        candidates = set(only) if only is not None else {pid for w in present for pid in self._by_word.get(w, ())}
        spots = []
        for phrase_id in sorted(candidates):
            t = self.targets.get(phrase_id)
            if t is None:
                continue
            found, missing = [], []
            for name, ws in t.parts:
                span = _best(ws, words, near, present)
                if span is None:
                    missing.append(name)
                else:
                    found.append(span)
            if found and (not missing or (partial and missing != [""])):
                spots.append(Spot(phrase_id, min(s[0] for s in found), max(s[1] for s in found), tuple(missing)))
        return spots

    # --- forbidden words -------------------------------------------------------------------

    def forbidden(self, words: Sequence[str]) -> list[tuple[int, ForbiddenWord]]:
        """(word index, the form and its entry) for each forbidden form in ``words``, exactly."""
        found = []
        for i in range(len(words)):
            for length in (3, 2, 1):
                hit = self.forbidden_forms.get(tuple(words[i : i + length]))
                if hit is not None:
                    found.append((i, ForbiddenWord(hit[0], hit[1])))
                    break
        return found


def must_hear(wording: tuple[str, ...]) -> tuple[str, ...]:
    """The words of ``wording`` that must be heard. In a wording of three or four words (each needed), its
    one- and two-letter words («за», «на», «не», «ли») may be lost when two longer words remain: a recogniser
    merges them into the next word («Спасибо, званок» for «Спасибо за звонок») or drops them. A longer
    wording has its slack already (:func:`needed`)."""
    longer = tuple(w for w in wording if len(w) > 2)
    return longer if 3 <= len(wording) <= 4 and len(longer) >= 2 else wording


def _best(
    ws: Iterable[tuple[str, ...]], words: Sequence[str], near: Sequence[frozenset[str]], present: set[str]
) -> tuple[int, int] | None:
    """The leftmost span of ``words`` that one of the wordings ``ws`` matches, or None."""
    best = None
    for whole in ws:
        wording = must_hear(whole)
        need = needed(len(wording))
        if sum(1 for w in set(wording) if w in present) < min(need, len(set(wording))):
            continue
        span = _match(wording, words, near, len(whole) <= 2, len(whole))
        if span is not None and (best is None or span < best):
            best = span
    return best


def _match(
    wording: tuple[str, ...], words: Sequence[str], near: Sequence[frozenset[str]], strict: bool, length: int
) -> tuple[int, int] | None:
    """The leftmost span where ``wording``'s words come in order (``needed`` of them), with few words between
    (``length``: the whole wording's words, short ones included): it starts on a heard word that is one of the
    wording's first words."""
    n = len(wording)
    need = needed(n)
    reach = length + max(1, length // 3)
    for start in range(len(words)):
        for first in range(n - need + 1):
            if not _same(words[start], near[start], wording[first], strict):
                continue
            count, last = _in_order(wording[first + 1 :], words, near, strict, start + 1, min(len(words), start + reach))
            if 1 + count >= need:
                return start, last if count else start
    return None


def _in_order(
    wording: tuple[str, ...], words: Sequence[str], near: Sequence[frozenset[str]], strict: bool, lo: int, hi: int
) -> tuple[int, int]:
    """(how many, the index of the last) of ``wording``'s words found in order in ``words[lo:hi]`` (a small LCS)."""
    best = [(0, -1)] * (len(wording) + 1)
    for k in range(lo, hi):
        row = best[:]
        for j in range(1, len(wording) + 1):
            if best[j - 1][0] + 1 > row[j][0] and _same(words[k], near[k], wording[j - 1], strict):
                row[j] = (best[j - 1][0] + 1, k)
            if row[j - 1][0] > row[j][0]:
                row[j] = row[j - 1]
        best = row
    return best[-1]


def _same(heard: str, heard_near: frozenset[str], word: str, strict: bool) -> bool:
    return heard == word if strict and len(word) < 6 else (word in heard_near and (not strict or similar(heard, word, True)))


# --- following a call -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Said:
    """A phrase of the library heard."""

    phrase_id: str
    at: float
    """The start of the utterance it began in."""


@dataclass(frozen=True)
class Forbidden:
    word: str
    phrase_id: str
    """Its entry in the speak-correctly tables (``right``: its text, what to say instead)."""
    right: str
    at: float
    call_id: str | None


@dataclass(frozen=True)
class Verdict:
    """A moment of the call has passed: its check met or missed."""

    check: str
    """One of :data:`CHECKS`."""
    met: bool
    at: float
    """The moment: the hold's start, the resume, the call's end."""
    call_id: str | None
    phrase_id: str | None = None
    """The phrase that met it."""
    expected: tuple[str, ...] = ()
    """The phrases that would have met it (marked as not heard on their cards)."""
    missing: tuple[str, ...] = ()
    """Parts not heard: ``purpose``/``time``/``consent`` of the hold phrase, ``thanks``/``wish``/``goodbye``."""


Outcome = Said | Forbidden | Verdict


@dataclass(frozen=True)
class _Heard:
    start: float
    end: float
    words: tuple[str, ...]


@dataclass
class _Pending:
    check: str
    at: float
    call_id: str | None
    since: float = float("-inf")
    """Words before this do not count (a hold phrase: the resume before it)."""


class SpeechChecker:
    """Follows one operator's calls: :meth:`on_event` for each session event, :meth:`on_heard` per utterance,
    :meth:`settle` as recognition catches up (and on a timer). Each returns what it came to.

    A moment is decided once every utterance that could answer it has been recognised (``settle``'s
    ``heard_until``), or ``grace`` seconds after it at the latest. The thanks after a hold is looked for
    from just before the resume up to ``resume_window`` seconds after it, in the first :data:`WINDOW`
    utterances. A moment whose words were dropped (recognition fell behind) is not called missed.
    Only calls whose start it saw are checked (listening turned on mid-call starts with the next call).
    """

    before_resume = 2.0
    """Seconds before the resume a thanks may start (the operator speaks as they press the key)."""
    lookback = 60.0
    """How far back the hold phrase and the farewell are looked for."""

    def __init__(self, library: PhraseLibrary, resume_window: float = 15.0, grace: float = 6.0,
                 spotter: PhraseSpotter | None = None) -> None:  # fmt: skip
        self.spotter = spotter or PhraseSpotter(library)
        self.resume_window = resume_window
        self.grace = grace
        self.call_id: str | None = None
        self._recent: deque[_Heard] = deque(maxlen=WINDOW)
        self._call: list[_Heard] = []
        self._said: list[tuple[str, float]] = []
        self._pending: list[_Pending] = []
        self._gaps: list[tuple[float, float]] = []
        self._ended: str | None = None
        """The call that ended and still has moments to decide."""
        self._resumed = float("-inf")
        """The last resume: a hold phrase is looked for after it (what was said for the hold before does not count)."""

    @property
    def pending(self) -> bool:
        return bool(self._pending)

    # --- inputs -------------------------------------------------------------------------------

    def on_event(self, event: Event) -> list[Outcome]:
        kind = event.kind
        if kind is EventKind.CALL_STARTED:
            done = self._decide_all()  # a call still being judged is judged now, with what was heard
            self._start(event.call_id)
            return done
        if event.call_id is None or event.call_id != self.call_id:
            return []
        if kind is EventKind.HOLD_STARTED:
            self._pending.append(_Pending("before_hold", event.at, event.call_id, self._resumed))
        elif kind is EventKind.HOLD_ENDED:
            self._pending.append(_Pending("after_hold", event.at, event.call_id))
            self._resumed = event.at
        elif kind in (EventKind.CALL_ENDED, EventKind.CALL_INTERRUPTED):
            self._pending.append(_Pending("summary", event.at, event.call_id))
            if kind is EventKind.CALL_ENDED:
                self._pending.append(_Pending("farewell", event.at, event.call_id))
            self._ended = event.call_id
        return []

    def on_heard(self, start: float, end: float, text: str) -> list[Outcome]:
        words = tuple(words_of(text))
        if not words:
            return []
        heard = _Heard(start, end, words)
        self._recent.append(heard)
        if self.call_id is not None:
            self._call.append(heard)
        outcomes: list[Outcome] = []
        window = list(self._recent)
        joined = [w for h in window for w in h.words]
        newest = len(joined) - len(words)
        for spot in self.spotter.spot(joined):
            if spot.last < newest:  # heard before: said again in the newest words?
                again = self.spotter.spot(joined[spot.last + 1 :], (spot.phrase_id,))
                if not again:
                    continue
                spot = Spot(spot.phrase_id, again[0].first + spot.last + 1, again[0].last + spot.last + 1)
                if spot.last < newest:
                    continue
            at = _utterance_at(window, spot.first).start
            self._said.append((spot.phrase_id, at))
            outcomes.append(Said(spot.phrase_id, at))
        for _index, word in self.spotter.forbidden(words):
            outcomes.append(Forbidden(word.form, word.entry.id, word.entry.text, start, self.call_id))
        outcomes += self._early()
        return outcomes

    def on_dropped(self, start: float, end: float) -> None:
        """An utterance was not recognised (recognition fell behind): no moment near it is called missed."""
        self._gaps.append((start, end))

    def settle(self, heard_until: float, now: float) -> list[Outcome]:
        """Decides the moments whose words are all in (every utterance ending before ``heard_until``
        has come) or whose grace has run out at ``now``."""
        done: list[Outcome] = []
        for pending in list(self._pending):
            horizon = pending.at + (self.resume_window if pending.check == "after_hold" else 0.0)
            if heard_until >= horizon or now >= horizon + self.grace:
                done += self._decide(pending)
        self._forget_ended()
        return done

    # --- deciding -----------------------------------------------------------------------------

    def _start(self, call_id: str | None) -> None:
        self.call_id = call_id
        self._call, self._said, self._gaps, self._ended = [], [], [], None
        self._resumed = float("-inf")

    def _decide_all(self) -> list[Outcome]:
        done: list[Outcome] = []
        for pending in list(self._pending):
            done += self._decide(pending)
        return done

    def _forget_ended(self) -> None:
        if self._ended is not None and not self._pending:
            self._start(None)  # the call's words go with its last decision

    def _early(self) -> list[Outcome]:
        """A thanks heard after a resume decides it at once; so do :data:`WINDOW` utterances without it."""
        done: list[Outcome] = []
        for pending in list(self._pending):
            if pending.check != "after_hold":
                continue
            after = self._after(pending.at)
            if len(after) >= WINDOW or self._find("after_hold", after) is not None:
                done += self._decide(pending)
        return done

    def _decide(self, pending: _Pending) -> list[Outcome]:
        self._pending.remove(pending)
        check, at = pending.check, pending.at
        spotter = self.spotter
        missing: tuple[str, ...] = ()
        if check == "summary":
            expected = tuple(spotter.by_moment("summary"))
            said = [(pid, t) for pid, t in self._said if pid in expected and t <= at]
            verdict = Verdict(check, bool(said), at, pending.call_id, said[0][0] if said else None, expected)
            return [verdict] if said or not self._gap(None, at) else []
        if check == "farewell":
            return self._farewell(pending)
        if check == "before_hold":
            heard = [h for h in self._before(at) if h.start >= pending.since]
        else:
            heard = self._after(at)[:WINDOW]
        expected = tuple(spotter.by_moment(check))
        found = self._find(check, heard)
        if found is None and check == "before_hold":
            words = [w for h in heard for w in h.words]
            partial = [s for s in spotter.spot(words, expected, partial=True) if s.missing]
            if partial:
                missing = min(partial, key=lambda s: len(s.missing)).missing
            else:
                missing = tuple(name for name, _ in spotter.targets[expected[0]].parts) if expected else ()
        window = (at - self.lookback, at) if check == "before_hold" else (at - self.before_resume, at + self.resume_window)
        if found is None and self._gap(*window):
            return []
        return [Verdict(check, found is not None, at, pending.call_id, found, expected, missing)]

    def _farewell(self, pending: _Pending) -> list[Outcome]:
        heard = self._before(pending.at, slack=1.0)
        words = [w for h in heard for w in h.words]
        spotter = self.spotter
        ids = {part: spotter.by_moment(f"farewell.{part}") for part in FAREWELL_PARTS}
        spots = {part: spotter.spot(words, ids[part]) for part in FAREWELL_PARTS}
        chosen = _apart([spots[part] for part in FAREWELL_PARTS])
        if chosen is not None:
            return [Verdict("farewell", True, pending.at, pending.call_id, chosen[-1].phrase_id, ())]
        # The most parts that fit together without sharing words («Всего доброго» is a wish or a goodbye).
        best: tuple[str, ...] = ()
        for size in (2, 1):
            for parts in combinations(FAREWELL_PARTS, size):
                if _apart([spots[p] for p in parts]) is not None:
                    best = parts
                    break
            if best:
                break
        missing = tuple(p for p in FAREWELL_PARTS if p not in best)
        if self._gap(pending.at - self.lookback, pending.at):
            return []
        # The thanks' and the goodbye's phrases; a wish is any creative phrase: too many cards to mark.
        expected = tuple(pid for part in missing if part != "wish" for pid in ids[part])
        return [Verdict("farewell", False, pending.at, pending.call_id, None, expected, missing)]

    def _find(self, check: str, heard: list[_Heard]) -> str | None:
        words = [w for h in heard for w in h.words]
        spots = self.spotter.spot(words, self.spotter.by_moment(check)) if words else []
        return spots[0].phrase_id if spots else None

    def _before(self, at: float, slack: float = 0.0) -> list[_Heard]:
        """The last :data:`WINDOW` utterances begun before ``at`` (+ ``slack``), within :attr:`lookback`."""
        return [h for h in self._call if h.start < at + slack and h.end >= at - self.lookback][-WINDOW:]

    def _after(self, at: float) -> list[_Heard]:
        return [h for h in self._call if at - self.before_resume <= h.start <= at + self.resume_window]

    def _gap(self, start: float | None, end: float) -> bool:
        return any(g_end >= (start if start is not None else float("-inf")) and g_start <= end for g_start, g_end in self._gaps)


def _utterance_at(window: list[_Heard], index: int) -> _Heard:
    for heard in window:
        if index < len(heard.words):
            return heard
        index -= len(heard.words)
    return window[-1]


def _apart(options: list[list[Spot]]) -> list[Spot] | None:
    """One spot of each list, no two sharing a word, or None."""
    for chosen in product(*options):
        spans = sorted((s.first, s.last) for s in chosen)
        if all(a[1] < b[0] for a, b in zip(spans, spans[1:])):
            return list(chosen)
    return None


def journal_events(outcomes: Iterable[Outcome], wall: Callable[[float], float]) -> list[Event]:
    """The journal's share of ``outcomes``: each check met or missed, each forbidden word's entry; never words."""
    events = []
    for outcome in outcomes:
        if isinstance(outcome, Verdict) and outcome.call_id is not None:
            data = {"check": outcome.check, "met": outcome.met, "phrase_id": outcome.phrase_id}
            events.append(Event(EventKind.SPEECH_CHECK, outcome.at, wall(outcome.at), outcome.call_id, data))
        elif isinstance(outcome, Forbidden) and outcome.call_id is not None:
            data = {"phrase_id": outcome.phrase_id}
            events.append(Event(EventKind.FORBIDDEN_WORD, outcome.at, wall(outcome.at), outcome.call_id, data))
    return events
