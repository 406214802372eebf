"""The list the phrase panel shows: its rows' widgets, the phrase Enter copies, the one the standard expects.

The panel chooses the list (the moment's, or the search's hits) and its heading; this object
numbers its phrases (Ctrl+1…9), gives the :class:`PhraseList` the widget of each row it
places, moves the selection (↑↓ while a search is typed) and marks the highlighted phrase.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtWidgets import QLineEdit, QWidget

from ...core.phrases import Category, Listing, Phrase
from .card import PhraseCard
from .phrase_list import PhraseList
from .rows import RowWidgets


class ShownList:
    def __init__(self, search: QLineEdit, render: Callable[[Phrase], str], clicked: Callable[[str], object]) -> None:
        self._search = search
        self.list = PhraseList(self._row_widget)
        self.rows = RowWidgets(self.list, render, clicked)
        self.listing = Listing((), (), ())
        self._numbers: dict[int, int] = {}
        self._heading = ""
        self._categories: Mapping[str, Category] = {}
        self.selected = 0
        """The numbered phrase Enter copies (0-based)."""
        self.highlighted: str | None = None

    def show(self, listing: Listing, heading: str, categories: Mapping[str, Category]) -> None:
        """Another list, from its top (``heading``: its first heading row's text when it has no category)."""
        self.listing, self._heading, self._categories = listing, heading, categories
        self._numbers = {index: n for n, index in enumerate(listing.numbered, 1)}
        self.rows.new_list()
        self.selected = 0
        self.list.reset(len(listing))
        self.select(0)

    def _row_widget(self, index: int) -> QWidget:
        """The widget of row ``index``, ready to show (the list calls it for the rows it places or measures)."""
        row = self.listing[index]
        if row.phrase is None:
            category = self._categories.get(row.heading)
            return self.rows.heading(index, category.label if category else row.heading or self._heading)
        card = self.rows.card(row.phrase, self._numbers.get(index))
        card.set_indent(row.follow_up)
        card.set_selected(self._selected_row() == index)
        card.set_highlighted(row.phrase.id == self.highlighted)
        return card

    def numbered(self, index: int) -> Phrase | None:
        """The phrase with a number (0-based here): numbered rows are the phrases, never headings."""
        numbered = self.listing.numbered
        return self.listing[numbered[index]].phrase if 0 <= index < len(numbered) else None

    def visible_ids(self) -> list[str]:
        return [row.phrase.id for row in self.listing if row.phrase is not None]

    def _selected_row(self) -> int | None:
        """The row Enter copies, marked while a search is typed."""
        if not self.listing.numbered or not self._search.text().strip():
            return None
        return self.listing.numbered[self.selected]

    def select(self, index: int) -> None:
        numbered = self.listing.numbered
        if not numbered:
            return
        previous = self._selected_row()
        self.selected = max(0, min(index, len(numbered) - 1))
        row = self._selected_row()
        for changed in {previous, row}:
            if changed is None:
                continue
            widget = self.list.shown.get(changed)
            if isinstance(widget, PhraseCard):
                widget.set_selected(changed == row)
        if row is not None:
            self.list.ensure_visible(row)

    def reveal(self, phrase_id: str, margin: int = 0) -> PhraseCard | None:
        """Scrolls the list to a phrase; its card (None: not in the list shown)."""
        index = self.listing.index(phrase_id)
        if index is None:
            return None
        self.list.ensure_visible(index, margin)
        return self.rows.cards.get(phrase_id) if self.list.is_shown(index) else None

    def set_highlight(self, phrase_id: str | None) -> None:
        """Marks the phrase the standard expects now and brings it into view."""
        previous = self.rows.cards.get(self.highlighted) if self.highlighted else None
        if previous is not None:
            previous.set_highlighted(False)
        self.highlighted = phrase_id
        card = self.rows.cards.get(phrase_id) if phrase_id else None
        if card is not None:
            card.set_highlighted(True)
        self.reveal_highlighted()

    def reveal_highlighted(self) -> None:
        """Scrolls the highlighted card into view (not over a search: it shows what the operator typed)."""
        if self.highlighted is not None and not self._search.text():
            self.reveal(self.highlighted, 24)
