"""The phrase panel: the standard's words for the call's moment, searchable, one key to copy.

The list of each moment comes ready with the library (``PhraseLibrary.listing``, built
where the library is loaded); the panel shows it through a :class:`PhraseList`, which
makes widgets of the rows in view only. A key press or a telephony event picks another
list and places a screenful of cards, whatever the library's size.

The panel owns its parts and holds the state they read (library, moment, names):
:class:`ShownList` (the rows shown, the selection and the highlighted phrase),
:class:`CopyConfirmation` (the line under the search), :class:`WrapUpAdvice` (F9's
summary and farewell), :class:`CardWarmer` and :class:`CardMarks` (in ``rows.py``), and,
when a phrase file has one, :class:`PhraseProblems`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from ...core.keymap import Keymap
from ...core.phrases import Listing, Phrase, PhraseLibrary, render, unfilled
from ...i18n import QT_TRANSLATE_NOOP
from .card import PhraseCard
from .confirmation import CopyConfirmation
from .rows import CardWarmer
from .shown_list import ShownList
from .wrapup_advice import WrapUpAdvice

if TYPE_CHECKING:
    from .problems import PhraseProblems
    from .wrapup_box import WrapUpBox

CONTEXT_HEADINGS = {
    "idle": QT_TRANSLATE_NOOP("PhrasePanel", "Сейчас: начало звонка"),
    "talking": QT_TRANSLATE_NOOP("PhrasePanel", "Сейчас: разговор — выявите потребность"),
    "lookup": QT_TRANSLATE_NOOP("PhrasePanel", "Сейчас: поиск — заполните паузу или поставьте на удержание"),
    "hold": QT_TRANSLATE_NOOP("PhrasePanel", "Сейчас: удержание — при возврате"),
    "hold_long": QT_TRANSLATE_NOOP("PhrasePanel", "Сейчас: долгое удержание — при возврате"),
    "hold_limit": QT_TRANSLATE_NOOP("PhrasePanel", "Сейчас: лимит удержания — вернитесь к клиенту"),
    "resumed": QT_TRANSLATE_NOOP("PhrasePanel", "Сейчас: после удержания"),
    "resumed_long": QT_TRANSLATE_NOOP("PhrasePanel", "Сейчас: после долгого удержания"),
    "wrapup": QT_TRANSLATE_NOOP("PhrasePanel", "Сейчас: итоги и прощание"),
}


class PhrasePanel(QWidget):
    copied = Signal(list, str)
    """Phrase ids said (a composed farewell has several) and the text put on the clipboard."""

    def __init__(self, keymap: Keymap | None = None, parent=None) -> None:
        super().__init__(parent)
        keys = keymap or Keymap()
        self.library = PhraseLibrary((), ())
        self.context = "idle"
        self.in_call = False
        self.operator_name = ""
        self.gender: str | None = None

        self.search = QLineEdit(placeholderText=self.tr("Поиск фраз ({key})").format(key=keys.key("search")))
        self.search.setToolTip(self.tr("Слова или их начало, в любом порядке; ё = е. ↑↓ — выбор, Enter — копировать."))
        self.search.setClearButtonEnabled(True)
        self.client_name = QLineEdit(placeholderText=self.tr("Имя клиента"))
        self.client_name.setToolTip(self.tr("Подставляется в фразы; очищается в конце звонка и нигде не сохраняется."))
        self.client_name.setClearButtonEnabled(True)
        self.wrapup_button = QPushButton(self.tr("Итоги ({key})").format(key=keys.key("wrapup")))
        self.wrapup_button.setCheckable(True)
        self.wrapup_button.setToolTip(self.tr("Резюмирование и прощание: какой вариант резюме и готовое прощание"))
        self.confirmation = CopyConfirmation()
        # Hidden until needed, so built when first shown (the properties below): not on the way to the window.
        self._problems: PhraseProblems | None = None

        self.shown = ShownList(self.search, self.render_phrase, self.copy_phrase)
        self.list, self.rows = self.shown.list, self.shown.rows
        self.speech_marks = self.rows.marks
        self.wrapup_advice = WrapUpAdvice(self, keys)
        self.warmer = CardWarmer(self, self.rows, lambda: self.wrapup.ensurePolished())  # the box built, hidden, for the first F9

        top = QHBoxLayout()
        top.addWidget(self.search, 3)
        top.addWidget(self.client_name, 2)
        top.addWidget(self.wrapup_button)
        layout = self._layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.confirmation)
        layout.addWidget(self.list, 1)

        self.search.textChanged.connect(lambda _: self.relayout())
        self.search.returnPressed.connect(lambda: self.copy_number(self.shown.selected + 1))
        self.search.installEventFilter(self)
        self.client_name.textChanged.connect(lambda _: self.rerender())
        self.wrapup_button.toggled.connect(self.wrapup_advice.toggled)
        # F9, Ctrl+F and Ctrl+Enter are the window's keymap actions; the numbers are the panel's own.
        for number in range(1, 10):
            QShortcut(QKeySequence(f"Ctrl+{number}"), self, lambda n=number: self.copy_number(n))

    # --- hidden until needed: built when first shown -------------------------------

    @property
    def problems(self) -> PhraseProblems:
        """Problems of the phrase files, above the list."""
        if self._problems is None:
            from .problems import PhraseProblems

            label = self._problems = PhraseProblems()
            label.hide()
            self._layout.insertWidget(self._layout.indexOf(self.confirmation), label)
        return self._problems

    @property
    def wrapup(self) -> WrapUpBox:
        """The wrap-up box (shown by F9), between the copy confirmation and the list."""
        return self.wrapup_advice.box

    # --- content -------------------------------------------------------------

    def set_library(self, library: PhraseLibrary) -> None:
        """Shows another library (its lists are built where it was loaded: ``PhraseLibrary.arrange``)."""
        self.rows.clear()
        self.library = library
        self.wrapup_advice.update()
        self.relayout()
        self.warmer.set_lists(library.arrange().values())

    def build_rest(self) -> None:
        """The first screenful of every other moment's cards, once the window is on screen (ui/app.py's
        start-up): built between passes of the event loop, so the first key of each moment finds them."""
        self.warmer.start()

    def card(self, phrase_id: str) -> PhraseCard | None:
        """The phrase's card, built on first use (None: no such phrase)."""
        phrase = self.library.get(phrase_id)
        if phrase is None:
            return None
        card = self.rows.cards.get(phrase_id)
        return self.rows.card(phrase, card.number if card is not None else None)

    def set_operator(self, name: str, gender: str | None) -> None:
        self.operator_name, self.gender = name, gender
        self.rerender()

    def show_problems(self, problems, kept_previous: bool = False) -> None:
        """``kept_previous``: a reload failed and the phrases from before the edit stay."""
        if not problems:
            if self._problems is not None:
                self._problems.hide()
            return
        self.problems.show_problems(problems, kept_previous)

    def render_phrase(self, phrase: Phrase) -> str:
        return render(phrase.text, self._values(), self.gender)

    def _values(self) -> dict[str, str]:
        return {"client_name": self.client_name.text(), "operator_name": self.operator_name}

    def unfilled(self, phrase_ids: list[str]) -> dict[str, tuple[str, ...]]:
        """Per phrase, the names it would be said without now (``operator_name``, ``client_name``): no text."""
        values = self._values()
        found = {i: unfilled(p.text, values) for i in phrase_ids if (p := self.library.get(i)) is not None}
        return {i: names for i, names in found.items() if names}

    def rerender(self) -> None:
        """The client's or the operator's name changed: the cards in view now, the others when shown."""
        self.rows.generation += 1
        self.list.refresh()
        self.wrapup_advice.update()

    # --- call context ------------------------------------------------------------

    def set_context(self, context: str, in_call: bool) -> None:
        call_changed = in_call != self.in_call
        if call_changed and not in_call:
            self.end_call()
        self.in_call = in_call
        if call_changed and in_call and self.wrapup_button.isChecked():
            # A new call starts with its greeting, not a wrap-up left open between calls;
            # unchecking makes the window recompute the context and call us again.
            self.wrapup_button.setChecked(False)
            return
        if context != self.context or (call_changed and context == "idle"):  # the heading says which
            self.context = context
            self.relayout()
            self.shown.reveal_highlighted()  # the phrase a practice expects stays in view

    def end_call(self) -> None:
        """Nothing about the client outlives the call (nor a «✓ Скопировано» of its words)."""
        self.client_name.clear()
        self.confirmation.dismiss()
        self.wrapup_button.setChecked(False)
        self.wrapup_advice.reset()
        self.set_highlight(None)

    # --- list ----------------------------------------------------------------------

    def relayout(self) -> None:
        """Shows the list for the moment (or the search's hits) from its top."""
        query = self.search.text().strip()
        if query:
            found = self.library.search(query)
            listing = Listing.found(found)
            heading = self.tr("Найдено: {n}").format(n=len(found)) if found else self.tr("Ничего не найдено")
        else:
            summary = self.wrapup_advice.summary.id if self.wrapup_advice.summary is not None else None
            listing = self.library.listing(self.context, summary)
            heading = self.tr(CONTEXT_HEADINGS.get(self.context, self.context))
            if self.context == "idle" and not self.in_call:
                heading = self.tr("Нет звонка — приветствие наготове")
        self.shown.show(listing, heading, self.library.categories)

    def numbered_text(self, number: int) -> str:
        """The words Ctrl+``number`` would copy now ("" when the list has no such phrase)."""
        phrase = self.shown.numbered(number - 1)
        return self.render_phrase(phrase) if phrase is not None else ""

    def visible_ids(self) -> list[str]:
        """Phrase ids of the list shown, in display order (for tests and the demo)."""
        return self.shown.visible_ids()

    def eventFilter(self, watched, event) -> bool:
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            if event.key() == Qt.Key.Key_Down:
                self.shown.select(self.shown.selected + 1)
                return True
            if event.key() == Qt.Key.Key_Up:
                self.shown.select(self.shown.selected - 1)
                return True
            if event.key() == Qt.Key.Key_Escape:
                self.search.clear()
                return True
        return super().eventFilter(watched, event)

    def add_above_list(self, widget: QWidget) -> None:
        """An adapter's line above the phrases (the speech check's note: ui/speech/feed.py)."""
        self._layout.insertWidget(self._layout.indexOf(self.list), widget)

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    # --- copying -------------------------------------------------------------------

    def copy_phrase(self, phrase_id: str, clipboard: bool = True) -> str | None:
        """``clipboard=False``: said (a demo's operator), not put on the operator's clipboard."""
        phrase = self.library.get(phrase_id)
        if phrase is None or not phrase.sayable:
            return None
        card = self.rows.cards.get(phrase_id)
        if card is not None:
            card.flash()
        return self._copy([phrase_id], self.render_phrase(phrase), clipboard)

    def copy_number(self, number: int) -> str | None:
        """Ctrl+``number``, or Enter on the selected phrase: numbered rows are the phrases, never headings."""
        phrase = self.shown.numbered(number - 1)
        return None if phrase is None else self.copy_phrase(phrase.id)

    def copy_farewell(self) -> str | None:
        if not self.wrapup_button.isChecked():
            self.wrapup_button.setChecked(True)
        advice = self.wrapup_advice
        if not advice.farewell:
            return None
        return self._copy([p.id for p in advice.farewell], advice.farewell_text())

    def _copy(self, ids: list[str], text: str, clipboard: bool = True) -> str:
        if clipboard:
            QGuiApplication.clipboard().setText(text)
            self.confirmation.say(self.tr("✓ Скопировано: «{text}»").format(text=text))
        else:
            self.confirmation.say(self.tr("✓ Сказано: «{text}»").format(text=text))
        self.copied.emit(ids, text)
        return text

    # --- demo --------------------------------------------------------------------------

    def say_phrase(self, phrase_id: str) -> str:
        """The demo's operator says a phrase: highlighted and recorded as a copy would be; the operator's
        clipboard is left alone (a demo runs beside their work)."""
        self.set_highlight(phrase_id)
        text = self.copy_phrase(phrase_id, clipboard=False)
        if text is None:  # not in the library (a scenario checked against another one)
            self.copied.emit([phrase_id], phrase_id)
            return phrase_id
        return text

    def set_client_name(self, name: str) -> None:
        """The client said their name (demo): as the operator would type it."""
        self.client_name.setText(name)

    def phrase_lookup(self) -> tuple[dict[str, str], dict[str, str]]:
        """Rendered texts and categories by id (the practice score card quotes them)."""
        return {p.id: self.render_phrase(p) for p in self.library}, self.library.category_of()

    def set_highlight(self, phrase_id: str | None) -> None:
        """Mark the phrase the standard expects now (demo) and bring it into view."""
        self.shown.set_highlight(phrase_id)

    def phrase_title(self, phrase_id: str) -> str:
        """The title the operator finds a phrase by (the id when the library has no such phrase)."""
        phrase = self.library.get(phrase_id)
        return phrase.title if phrase is not None else phrase_id

    def reveal(self, phrase_id: str, margin: int = 0) -> PhraseCard | None:
        """Scrolls the list to a phrase; its card (None: not in the list shown)."""
        return self.shown.reveal(phrase_id, margin)
