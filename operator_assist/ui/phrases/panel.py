"""The phrase panel: the standard's words for the call's moment, searchable, one key to copy."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ...core.keymap import Keymap
from ...core.phrases import Phrase, PhraseLibrary, compose_farewell, render, wrap_up
from ...i18n import QT_TRANSLATE_NOOP
from .. import timers
from ..texts import plain_tooltip, problem_lines
from .card import STYLE, PhraseCard

CONFIRM_MS = 3000  # «✓ Скопировано» stays this long
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
        keys = self._keys = keymap or Keymap()
        self.library = PhraseLibrary((), ())
        self.context = "idle"
        self.in_call = False
        self.operator_name = ""
        self.gender: str | None = None
        self.cards: dict[str, PhraseCard] = {}
        self._complete = True
        self._headings: dict[str, QLabel] = {}
        self._numbered: list[PhraseCard] = []
        self._selected = 0
        self._highlighted: str | None = None
        self._creative_index = 0
        self._farewell: list[Phrase] = []
        self._summary: Phrase | None = None

        self.search = QLineEdit(placeholderText=self.tr("Поиск фраз ({key})").format(key=keys.key("search")))
        self.search.setToolTip(self.tr("Слова или их начало, в любом порядке; ё = е. ↑↓ — выбор, Enter — копировать."))
        self.search.setClearButtonEnabled(True)
        self.client_name = QLineEdit(placeholderText=self.tr("Имя клиента"))
        self.client_name.setToolTip(self.tr("Подставляется в фразы; очищается в конце звонка и нигде не сохраняется."))
        self.client_name.setClearButtonEnabled(True)
        self.wrapup_button = QPushButton(self.tr("Итоги ({key})").format(key=keys.key("wrapup")))
        self.wrapup_button.setCheckable(True)
        self.wrapup_button.setToolTip(self.tr("Резюмирование и прощание: какой вариант резюме и готовое прощание"))
        self.confirmation = QLabel()
        self.confirmation.setObjectName("copyConfirmation")
        self.confirmation.setWordWrap(True)
        self.confirmation.setStyleSheet("#copyConfirmation { color: #1f7a35; font-weight: bold; }")
        self.confirmation.setTextFormat(Qt.TextFormat.PlainText)
        # Hidden until needed, so built when first shown (the properties below): not on the way to the window.
        self._problems: QLabel | None = None
        self._wrapup = None

        self.content = QWidget()
        self.content.setStyleSheet(STYLE)
        self.list_layout = QVBoxLayout(self.content)
        self.list_layout.setContentsMargins(2, 2, 6, 2)
        self.list_layout.setSpacing(4)
        self.list_layout.addStretch(1)
        self._shown: list[QWidget] = []
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setWidget(self.content)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        top = QHBoxLayout()
        top.addWidget(self.search, 3)
        top.addWidget(self.client_name, 2)
        top.addWidget(self.wrapup_button)
        layout = self._layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.confirmation)
        layout.addWidget(self.scroll_area, 1)

        self._confirm_timer = timers.timer(self, CONFIRM_MS, single_shot=True)
        self._confirm_timer.timeout.connect(self.confirmation.clear)
        self.search.textChanged.connect(lambda _: self.relayout())
        self.search.returnPressed.connect(self.copy_selected)
        self.search.installEventFilter(self)
        self.client_name.textChanged.connect(lambda _: self.rerender())
        self.wrapup_button.toggled.connect(self._wrapup_toggled)
        # F9, Ctrl+F and Ctrl+Enter are the window's keymap actions; the numbers are the panel's own.
        for number in range(1, 10):
            QShortcut(QKeySequence(f"Ctrl+{number}"), self, lambda n=number: self.copy_number(n))

    # --- hidden until needed: built when first shown -------------------------------

    @property
    def problems(self) -> QLabel:
        """Problems of the phrase files, above the list."""
        if self._problems is None:
            label = self._problems = QLabel()
            label.setObjectName("phraseProblems")
            label.setWordWrap(True)
            label.setStyleSheet("#phraseProblems { color: #9a2a00; font-size: 11px; }")
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.hide()
            self._layout.insertWidget(self._layout.indexOf(self.confirmation), label)
        return self._problems

    @property
    def wrapup(self):
        """The wrap-up box (WrapUpBox, shown by F9), between the copy confirmation and the list."""
        if self._wrapup is None:
            from .wrapup_box import WrapUpBox

            box = self._wrapup = WrapUpBox(self._keys.key("wrapup"), self._keys.key("copy_farewell"))
            box.hide()
            box.changed.connect(self._update_wrapup)
            box.other_creative.connect(self._next_creative)
            box.copy_farewell.connect(self.copy_farewell)
            box.copy_summary.connect(lambda: self._summary and self.copy_phrase(self._summary.id))
            self._layout.insertWidget(self._layout.indexOf(self.scroll_area), box)
        return self._wrapup

    # --- content -------------------------------------------------------------

    def set_library(self, library: PhraseLibrary) -> None:
        for card in self.cards.values():
            self.list_layout.removeWidget(card)
            card.deleteLater()
        self._shown = [w for w in self._shown if not isinstance(w, PhraseCard)]
        self.library = library
        self.cards = {}
        self.rerender()
        if self.isVisible():
            self._complete = True
            self.relayout()
        else:
            # Before the window is first shown, only the phrases for the moment are built;
            # the rest follow right after the first paint (build_rest), so the window appears sooner.
            self._complete = False
            self.relayout()

    def build_rest(self) -> None:
        """The phrases outside the call's moment, once the window is on screen (ui/app.py's start-up)."""
        if not self._complete:
            self._complete = True
            self.relayout()

    @property
    def complete(self) -> bool:
        """Every phrase of the library is in the list, not only those for the moment."""
        return self._complete

    def card(self, phrase_id: str) -> PhraseCard | None:
        """The phrase's card, built on first use."""
        card = self.cards.get(phrase_id)
        if card is None:
            phrase = self.library.get(phrase_id)
            if phrase is None:
                return None
            card = PhraseCard(phrase, self.content)
            card.hide()
            card.clicked.connect(self.copy_phrase)
            card.set_text(self.render_phrase(phrase))
            self.cards[phrase_id] = card
        return card

    def set_operator(self, name: str, gender: str | None) -> None:
        self.operator_name, self.gender = name, gender
        self.rerender()

    def show_problems(self, problems, kept_previous: bool = False) -> None:
        """``kept_previous``: a reload failed and the phrases from before the edit stay."""
        if not problems:
            if self._problems is not None:
                self._problems.hide()
            return
        if all(not p.is_error for p in problems):
            heading = self.tr("Замечания к фразам:")
        elif kept_previous:
            heading = self.tr("Ошибка в файле фраз — показаны фразы до правки:")
        else:
            heading = self.tr("Файл фраз с ошибкой пропущен, остальные фразы загружены:")
        shown, full = problem_lines(problems)
        self.problems.setText(f"{heading}\n{shown}")
        self.problems.setToolTip(plain_tooltip(full))
        self.problems.show()

    def render_phrase(self, phrase: Phrase) -> str:
        values = {"client_name": self.client_name.text(), "operator_name": self.operator_name}
        return render(phrase.text, values, self.gender)

    def rerender(self) -> None:
        for card in self.cards.values():
            card.set_text(self.render_phrase(card.phrase))
        self._update_wrapup()

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
            self.scroll_area.verticalScrollBar().setValue(0)
            self._show_highlighted()  # the phrase a practice expects stays in view

    def end_call(self) -> None:
        """Nothing about the client outlives the call (nor a «✓ Скопировано» of its words)."""
        self.client_name.clear()
        self._confirm_timer.stop()
        self.confirmation.clear()
        self.wrapup_button.setChecked(False)
        if self._wrapup is not None:
            self._wrapup.reset()
        self.set_highlight(None)

    def _wrapup_toggled(self, on: bool) -> None:
        if on or self._wrapup is not None:
            self.wrapup.setVisible(on)
        if on:
            self._creative_index = 0
            self._update_wrapup()
        # The window recomputes the call context (call_context's wrapup) and calls set_context.

    def _update_wrapup(self) -> None:
        if not self.wrapup_button.isChecked():
            return
        import datetime as dt  # the wrap-up's time of day: not on the way to the window

        advice = wrap_up(self.library, self.wrapup.resolved.isChecked(), self.wrapup.skip.isChecked(), dt.datetime.now())
        summary = advice.summary[0] if advice.summary else None
        reorder = self.context == "wrapup" and (summary and summary.id) != (self._summary and self._summary.id)
        self._summary = summary
        creative = advice.creative[self._creative_index % len(advice.creative)] if advice.creative else None
        self._farewell = compose_farewell(self.library, creative)
        self.wrapup.show_advice(
            str(advice.advice),
            self.render_phrase(self._summary) if self._summary else "",
            self.farewell_text(),
        )
        if reorder:
            self.relayout()

    def _next_creative(self) -> None:
        self._creative_index += 1
        self._update_wrapup()

    def farewell_text(self) -> str:
        return " ".join(self.render_phrase(p) for p in self._farewell)

    # --- list ----------------------------------------------------------------------

    def _heading(self, text: str) -> QLabel:
        label = self._headings.get(text)
        if label is None:
            label = QLabel(text)
            label.setObjectName("phraseHeading")
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.PlainText)  # a category label from a phrase file
            self._headings[text] = label
        return label

    def _entries(self) -> list[tuple[QWidget, bool]]:
        query = self.search.text().strip()
        if query:
            found = self.library.search(query)
            heading = self.tr("Найдено: {n}").format(n=len(found)) if found else self.tr("Ничего не найдено")
            found_entries: list[tuple[QWidget, bool]] = [(self._heading(heading), False)]
            return found_entries + [(card, False) for card in map(self.card, (p.id for p in found)) if card is not None]
        first, rest = self.library.for_context(self.context)
        if self.context == "wrapup":
            first = self._wrapup_order(first)
        entries: list[tuple[QWidget, bool]] = []
        if first:
            heading = self.tr(CONTEXT_HEADINGS.get(self.context, self.context))
            if self.context == "idle" and not self.in_call:
                heading = self.tr("Нет звонка — приветствие наготове")
            entries.append((self._heading(heading), False))
            entries += self._with_follow_ups(first)
        if not self._complete:
            return entries
        category = None
        for phrase in rest:
            if phrase.category != category:
                category = phrase.category
                label = self.library.categories.get(category)
                entries.append((self._heading(label.label if label else category), False))
            entries += self._with_follow_ups([phrase])
        return entries

    def _wrapup_order(self, phrases: list[Phrase]) -> list[Phrase]:
        """The summary the toggles advise first (Ctrl+1); when it is skipped, the farewell first."""
        summaries = [p for p in phrases if p.category == "summary"]
        others = [p for p in phrases if p.category != "summary"]
        summary = self._summary
        if summary is None:
            return others + summaries
        summaries.sort(key=lambda p: p.id != summary.id)
        return summaries + others

    def _with_follow_ups(self, phrases: list[Phrase]) -> list[tuple[QWidget, bool]]:
        entries: list[tuple[QWidget, bool]] = []
        for phrase in phrases:
            for card, follow_up in [(self.card(phrase.id), False)] + [(self.card(c.id), True) for c in self.library.follow_ups(phrase)]:
                if card is not None:
                    entries.append((card, follow_up))
        return entries

    def relayout(self) -> None:
        entries = self._entries()
        self.content.setUpdatesEnabled(False)
        # Widgets are tracked here, never read back from the layout: in PySide6 6.12
        # QLayoutItem.widget() on a spacer returns None with one reference too few,
        # and enough relayouts crash the interpreter.
        for widget in self._shown:
            self.list_layout.removeWidget(widget)
            widget.hide()
        self._shown = [widget for widget, _ in entries]
        self._numbered = []
        for position, (widget, indent) in enumerate(entries):
            if isinstance(widget, PhraseCard):
                widget.set_indent(indent)
                number = None
                if widget.phrase.sayable and len(self._numbered) < 9:
                    self._numbered.append(widget)
                    number = len(self._numbered)
                widget.set_number(number)
                widget.set_highlighted(widget.phrase.id == self._highlighted)
            self.list_layout.insertWidget(position, widget)  # before the closing stretch
            widget.show()
        self.content.setUpdatesEnabled(True)
        self._select(0)

    def visible_ids(self) -> list[str]:
        """Phrase ids in display order (for tests and the demo)."""
        return [w.phrase.id for w in self._shown if isinstance(w, PhraseCard)]

    def _select(self, index: int) -> None:
        for card in self._numbered:
            card.set_selected(False)
        if not self._numbered:
            return
        self._selected = max(0, min(index, len(self._numbered) - 1))
        if self.search.text().strip():  # a visible selection only when typing, where Enter copies it
            card = self._numbered[self._selected]
            card.set_selected(True)
            self.scroll_area.ensureWidgetVisible(card)

    def eventFilter(self, watched, event) -> bool:
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            if event.key() == Qt.Key.Key_Down:
                self._select(self._selected + 1)
                return True
            if event.key() == Qt.Key.Key_Up:
                self._select(self._selected - 1)
                return True
            if event.key() == Qt.Key.Key_Escape:
                self.search.clear()
                return True
        return super().eventFilter(watched, event)

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    # --- copying -------------------------------------------------------------------

    def copy_phrase(self, phrase_id: str) -> str | None:
        card = self.card(phrase_id)
        if card is None or not card.phrase.sayable:
            return None
        card.flash()
        return self._copy([phrase_id], card.rendered)

    def copy_number(self, number: int) -> str | None:
        if 1 <= number <= len(self._numbered):
            return self.copy_phrase(self._numbered[number - 1].phrase.id)
        return None

    def copy_selected(self) -> str | None:
        if self._numbered:
            return self.copy_phrase(self._numbered[self._selected].phrase.id)
        return None

    def copy_farewell(self) -> str | None:
        if not self.wrapup_button.isChecked():
            self.wrapup_button.setChecked(True)
        if not self._farewell:
            return None
        return self._copy([p.id for p in self._farewell], self.farewell_text())

    def _copy(self, ids: list[str], text: str) -> str:
        QGuiApplication.clipboard().setText(text)
        shown = text if len(text) <= 90 else text[:89] + "…"
        self.confirmation.setText(self.tr("✓ Скопировано: «{text}»").format(text=shown))
        self._confirm_timer.start()
        self.copied.emit(ids, text)
        return text

    # --- demo --------------------------------------------------------------------------

    def say_phrase(self, phrase_id: str) -> str:
        """The demo's operator says a phrase: highlighted, copied and recorded as a copy would be."""
        self.set_highlight(phrase_id)
        text = self.copy_phrase(phrase_id)
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
        if self._highlighted in self.cards:
            self.cards[self._highlighted].set_highlighted(False)
        self._highlighted = phrase_id
        card = self.card(phrase_id) if phrase_id else None
        if card is not None:
            card.set_highlighted(True)
            self._show_highlighted()

    def phrase_title(self, phrase_id: str) -> str:
        """The title the operator finds a phrase by (the id when the library has no such phrase)."""
        phrase = self.library.get(phrase_id)
        return phrase.title if phrase is not None else phrase_id

    def _show_highlighted(self) -> None:
        """Scrolls the highlighted card into view once the layout has placed it."""
        if self._highlighted is None or self.search.text():  # a search shows what the operator typed
            return
        QTimer.singleShot(0, self._scroll_to_highlighted)

    def _scroll_to_highlighted(self) -> None:
        card = self.cards.get(self._highlighted) if self._highlighted else None
        if card is not None and card.isVisible():
            self.scroll_area.ensureWidgetVisible(card, 0, 24)
