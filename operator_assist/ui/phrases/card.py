"""One phrase in the panel: its title, the full text (wrapped, never cut) and a note.

A single QLabel per phrase (title, text and note as escaped rich text) that paints
its own frame: no style sheet, so a card costs little to build and measure, and
the panel builds cards only for the rows in view.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPalette, QPen
from PySide6.QtWidgets import QLabel, QWidget

from ...core.phrases import Phrase
from .. import timers
from ..texts import escape

FLASH_MS = 700  # green after a copy
INDENT = 22
"""A follow-up's shift to the right, under the phrase it follows."""
# (background, border) of a card; a marked card's border is 2 px instead of 1, inside the same
# margins: marking never moves the text or changes a card's height. Later marks win.
PLAIN = ("#ffffff", "#d0d4da")
RULE = ("#f4f6f8", "#d0d4da")
MARKS = {"selected": (None, "#2a6fdb"), "highlighted": ("#fff3b0", "#e0a000"), "copied": ("#dff5e1", "#2e9e45")}
TEXT = "#101418"
HEADING = "#1d3f7a"


_BRUSHES: dict[str, QBrush] = {}
_PENS: dict[tuple[str, int], QPen] = {}


def _brush(color: str) -> QBrush:
    brush = _BRUSHES.get(color)
    if brush is None:
        brush = _BRUSHES[color] = QBrush(QColor(color))
    return brush


def _pen(color: str, width: int) -> QPen:
    pen = _PENS.get((color, width))
    if pen is None:
        pen = _PENS[color, width] = QPen()
        pen.setColor(QColor(color))
        pen.setWidth(width)
    return pen




def heading_label(parent: QWidget) -> QLabel:
    """A heading of the phrase list (a category's label from a phrase file: plain text)."""
    label = QLabel(parent, wordWrap=True)
    label.setObjectName("phraseHeading")
    label.setTextFormat(Qt.TextFormat.PlainText)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, QColor(HEADING))
    label.setPalette(palette)
    label.setContentsMargins(4, 4, 0, 0)
    return label


class PhraseCard(QLabel):
    clicked = Signal(str)

    def __init__(self, phrase: Phrase, parent=None) -> None:
        super().__init__(parent)
        self.phrase = phrase
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)  # built from escaped parts only
        if phrase.sayable:
            self.setCursor(Qt.CursorShape.PointingHandCursor)
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.WindowText, QColor(TEXT))
        self.setPalette(palette)
        self.setProperty("rule", not phrase.sayable)
        self._set_margins(False)
        self._flash_end: QTimer | None = None
        self.number: int | None = None
        self.rendered = phrase.text
        self.generation = -1
        """Which filling of the placeholders ``rendered`` has (the panel's count)."""
        self.speech_mark = ""
        """What the speech check heard of it, under the text (ui/speech/feed.py); "" for none."""

    def set_text(self, text: str, number: int | None = None) -> None:
        """The phrase's words as said now, and its Ctrl+number (None: none)."""
        if (text, number) != (self.rendered, self.number) or self.generation < 0:
            self.rendered, self.number = text, number
            self._update()

    def _update(self) -> None:
        phrase = self.phrase
        title = phrase.title
        if not phrase.sayable:
            title = self.tr("Правило · {title}").format(title=title) if title else self.tr("Правило")
        parts = []
        if title:
            number = f"Ctrl+{self.number} · " if self.number else ""
            parts.append(f'<span style="color:#4a5563; font-weight:bold">{escape(number + title)}</span><br>')
        elif self.number:  # beside the words: «Ctrl+1» alone on a line reads as a card without its title
            parts.append(f'<span style="color:#4a5563; font-weight:bold">Ctrl+{self.number}</span> · ')
        parts.append(escape(self.rendered))
        if phrase.wrong:
            parts.append(' <span style="color:#9a2a00">{}</span>'.format(escape(self.tr("(не «{wrong}»)").format(wrong=phrase.wrong))))
        if phrase.note:
            parts.append(f'<br><i style="color:#6b7280">{escape(phrase.note)}</i>')
        if self.speech_mark:
            colour = "#1f7a35" if self.speech_mark.startswith("✓") else "#8a5a00"
            parts.append(f'<br><span style="color:{colour}">{escape(self.speech_mark)}</span>')
        self.setText("".join(parts))

    def set_speech_mark(self, mark: str) -> None:
        """What was heard of this phrase in the call (a steady line, never a flash); "" clears it."""
        if mark != self.speech_mark:
            self.speech_mark = mark
            self._update()

    def set_indent(self, indent: bool) -> None:
        """A follow-up (a branch the operator picks) sits under its phrase."""
        if self._set_flag("child", indent):
            self._set_margins(indent)

    def _set_margins(self, indent: bool) -> None:
        # 1 px of border, then 4 px above and below the text, 7 px beside it and 3 more before it
        self.setContentsMargins(11 + (INDENT if indent else 0), 5, 8, 5)

    def _set_flag(self, name: str, on: bool) -> bool:
        """True when the flag changed."""
        if bool(self.property(name)) == on:
            return False
        self.setProperty(name, on)
        self.update()
        return True

    def paintEvent(self, event) -> None:
        background, border = RULE if self.property("rule") else PLAIN
        width = 1
        for mark, (marked_background, marked_border) in MARKS.items():
            if self.property(mark):
                background, border, width = marked_background or background, marked_border, 2
        inset = width / 2
        left = INDENT if self.property("child") else 0
        frame = QPainterPath()
        frame.addRoundedRect(QRectF(self.rect()).adjusted(left + inset, inset, -inset, -inset), 5, 5)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillPath(frame, _brush(background))
        painter.strokePath(frame, _pen(border, width))
        painter.end()
        super().paintEvent(event)  # the text

    def set_selected(self, on: bool) -> None:
        self._set_flag("selected", on)

    def set_highlighted(self, on: bool) -> None:
        self._set_flag("highlighted", on)

    def flash(self) -> None:
        """Green for a moment: the operator sees which phrase went to the clipboard."""
        if self._flash_end is None:
            self._flash_end = timers.timer(self, FLASH_MS, single_shot=True)  # dies with the card
            self._flash_end.timeout.connect(lambda: self._set_flag("copied", False))
        self._set_flag("copied", True)
        self._flash_end.start()

    def mouseReleaseEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.phrase.sayable:
            self.clicked.emit(self.phrase.id)
        super().mouseReleaseEvent(event)
