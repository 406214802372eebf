"""The widgets of the phrase list's rows: a card per phrase, and the headings.

Cards are built on first use and kept for reuse; beyond ``CARDS_KEPT`` the least
recently shown one that is not in view is deleted. Headings are reused by position.
:meth:`RowWidgets.warm` builds the first screenful of a list ahead of the key that
shows it; :class:`CardWarmer` does it for every moment's list, one per pass of the
event loop. :class:`CardMarks` keeps what the speech check heard of each phrase.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QWidget

from ...core.phrases import Listing, Phrase
from .card import PhraseCard, heading_label
from .phrase_list import LEFT, RIGHT, SPACING, PhraseList

CARDS_KEPT = 200
"""Built cards kept: those in view and the most recently shown others."""
HEADINGS_KEPT = 40


class RowWidgets:
    def __init__(self, phrase_list: PhraseList, render: Callable[[Phrase], str], clicked: Callable[[str], object]) -> None:
        self.list = phrase_list
        self._render = render
        self._clicked = clicked
        self.cards: OrderedDict[str, PhraseCard] = OrderedDict()
        """Built cards by phrase id, least recently shown first."""
        self.generation = 0
        """Bumped when what the texts are filled with changes; a card with an older one is rendered again."""
        self.marks = CardMarks(self.cards)
        self._headings: dict[int, QLabel] = {}
        self._spare: list[QLabel] = []

    def clear(self) -> None:
        """Another library: its phrases get new cards."""
        for card in self.cards.values():
            card.hide()
            card.deleteLater()
        self.cards.clear()
        self.list.shown = {index: w for index, w in self.list.shown.items() if not isinstance(w, PhraseCard)}

    def card(self, phrase: Phrase, number: int | None) -> PhraseCard:
        """The phrase's card with its words as said now and its Ctrl+``number``."""
        card = self.cards.get(phrase.id)
        if card is None:
            card = self.cards[phrase.id] = PhraseCard(phrase, self.list.view)
            card.hide()
            card.clicked.connect(self._clicked)
            if len(self.cards) > CARDS_KEPT:
                self._forget_one()
        else:
            self.cards.move_to_end(phrase.id)
        card.set_text(card.rendered if card.generation == self.generation else self._render(phrase), number)
        card.generation = self.generation
        card.set_speech_mark(self.marks.get(phrase.id))
        return card

    def _forget_one(self) -> None:
        in_view = set(map(id, self.list.shown.values()))
        phrase_id = next((i for i, card in self.cards.items() if id(card) not in in_view), None)
        if phrase_id is not None:
            self.cards.pop(phrase_id).deleteLater()

    def new_list(self) -> None:
        """The headings are free for another list's rows."""
        self._spare += self._headings.values()
        self._headings = {}

    def heading(self, index: int, text: str) -> QLabel:
        """The heading at row ``index`` of the list shown."""
        label = self._headings.get(index)
        if label is None:
            if not self._spare and len(self._headings) > HEADINGS_KEPT:  # scrolled past many
                self._spare += [self._headings.pop(i) for i in list(self._headings) if i not in self.list.shown]
            if self._spare:
                label = self._spare.pop()
            else:
                label = heading_label(self.list.view)
                label.hide()
            self._headings[index] = label
            label.setText(text)
        return label

    def warm(self, listing: Listing) -> None:
        """Builds and measures the cards of a list's first screenful (a card in view keeps its number and indent)."""
        width, room = self.list.view.width() - LEFT - RIGHT, self.list.view.height()
        in_view = set(map(id, self.list.shown.values()))
        numbers = {index: n for n, index in enumerate(listing.numbered, 1)}
        for index, row in enumerate(listing):
            if room <= 0 or len(self.cards) >= CARDS_KEPT:
                return
            if row.phrase is None:
                continue
            card = self.cards.get(row.phrase.id)
            if card is None or id(card) not in in_view:
                card = self.card(row.phrase, numbers.get(index))
                card.set_indent(row.follow_up)
            card.ensurePolished()
            room -= card.heightForWidth(width) + SPACING


class CardMarks:
    """What the speech check heard of a phrase (ui/speech/feed.py), by id: «✓ сказано» or «не прозвучало: …»
    under its card, now or when the card is built (kept for cards not built yet)."""

    def __init__(self, cards: Mapping[str, PhraseCard]) -> None:
        self._cards = cards
        self._marks: dict[str, str] = {}

    def set(self, phrase_id: str, mark: str) -> None:
        """The phrase's mark ("" clears it)."""
        if mark:
            self._marks[phrase_id] = mark
        else:
            self._marks.pop(phrase_id, None)
        card = self._cards.get(phrase_id)
        if card is not None:
            card.set_speech_mark(mark)

    def get(self, phrase_id: str) -> str:
        return self._marks.get(phrase_id, "")


class CardWarmer:
    """Builds the first screenful of every moment's cards once the window is on screen, one list per pass
    of the event loop: the first key press of each moment finds its cards ready."""

    def __init__(self, owner: QWidget, rows: RowWidgets, done: Callable[[], object]) -> None:
        self._owner = owner
        self._rows = rows
        self._done = done
        """Called when every list is warm (the panel builds its hidden wrap-up box then)."""
        self.cold: list[Listing] = []
        """Lists whose first screenful of cards is not built yet (see :meth:`_next`)."""
        self._warming = False
        self._started = False

    @property
    def started(self) -> bool:
        """The window is on screen and its start ran (:meth:`start`): a new library's cards are built ahead at once."""
        return self._started

    def start(self) -> None:
        self._started = True
        self._soon()

    def set_lists(self, lists: Iterable[Listing]) -> None:
        """Another library's lists."""
        self.cold = list(lists)
        if self._started:
            self._soon()

    def _soon(self) -> None:
        if self.cold and not self._warming:
            self._warming = True
            QTimer.singleShot(0, self._owner, self._next)

    def _next(self) -> None:
        """Builds and measures the first screenful of cards of one moment's list, then lets the event
        loop run before the next."""
        self._warming = False
        if not self.cold or not self._owner.isVisible():
            return
        self._rows.warm(self.cold.pop())
        if not self.cold:
            self._done()
        self._soon()
