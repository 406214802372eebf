"""One phrase in the panel: its title, the full text (wrapped, never cut) and a note."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QVBoxLayout

from ..core.phrases import Phrase

STYLE = """
PhraseCard { border: 1px solid #d0d4da; border-radius: 5px; background: #ffffff; }
PhraseCard[rule="true"] { background: #f4f6f8; }
PhraseCard[child="true"] { margin-left: 22px; }
PhraseCard[selected="true"] { border: 2px solid #2a6fdb; }
PhraseCard[highlighted="true"] { background: #fff3b0; border: 2px solid #e0a000; }
PhraseCard[copied="true"] { background: #dff5e1; border: 2px solid #2e9e45; }
QLabel#phraseTitle { color: #4a5563; font-weight: bold; }
QLabel#phraseText { color: #101418; }
QLabel#phraseNote { color: #6b7280; font-style: italic; }
"""


class PhraseCard(QFrame):
    clicked = Signal(str)

    def __init__(self, phrase: Phrase, parent=None) -> None:
        super().__init__(parent)
        self.phrase = phrase
        self.setStyleSheet(STYLE)
        self.setProperty("rule", not phrase.sayable)
        self.setCursor(Qt.CursorShape.PointingHandCursor if phrase.sayable else Qt.CursorShape.ArrowCursor)
        self.title = QLabel(objectName="phraseTitle")
        self.text = QLabel(objectName="phraseText", wordWrap=True)
        self.note = QLabel(phrase.note, objectName="phraseNote", wordWrap=True)
        for label in (self.title, self.text, self.note):
            label.setTextFormat(Qt.TextFormat.PlainText)  # user phrases are text, never markup
        self.text.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.note.setVisible(bool(phrase.note))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 5, 8, 6)
        layout.setSpacing(2)
        layout.addWidget(self.title)
        layout.addWidget(self.text)
        layout.addWidget(self.note)
        self._flash_end = QTimer(self, singleShot=True, interval=700)  # dies with the card
        self._flash_end.timeout.connect(lambda: self._set_flag("copied", False))
        self.number: int | None = None
        self.rendered = phrase.text
        self._title_text = phrase.title or ("Правило" if not phrase.sayable else "")
        self.set_number(None)

    def set_text(self, text: str) -> None:
        self.rendered = text
        wrong = f"  (не «{self.phrase.wrong}»)" if self.phrase.wrong else ""
        self.text.setText(text + wrong)

    def set_number(self, number: int | None) -> None:
        self.number = number
        prefix = f"Ctrl+{number} · " if number else ""
        rule = "Правило · " if not self.phrase.sayable and self.phrase.title else ""
        self.title.setText(prefix + rule + self._title_text)
        self.title.setVisible(bool(prefix or self._title_text))

    def set_indent(self, indent: bool) -> None:
        """A follow-up (a branch the operator picks) sits under its phrase."""
        self._set_flag("child", indent)

    def _set_flag(self, name: str, on: bool) -> None:
        if self.property(name) != on:
            self.setProperty(name, on)
            self.style().unpolish(self)
            self.style().polish(self)

    def set_selected(self, on: bool) -> None:
        self._set_flag("selected", on)

    def set_highlighted(self, on: bool) -> None:
        self._set_flag("highlighted", on)

    def flash(self) -> None:
        """Green for a moment: the operator sees which phrase went to the clipboard."""
        self._set_flag("copied", True)
        self._flash_end.start()

    def mouseReleaseEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.phrase.sayable:
            self.clicked.emit(self.phrase.id)
        super().mouseReleaseEvent(event)
