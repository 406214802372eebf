"""The compact view: a small always-on-top window readable from a metre away.

The big time with its meaning in words («осталось 0:46», never a bare number), the
state colour, one line of what to say now and the offer lamp. It renders the call
session's snapshot like the full window and carries the same call keys.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QAction, QFont, QFontMetrics
from PySide6.QtWidgets import QLabel, QMenu, QSizePolicy, QVBoxLayout, QWidget

from ...core.engine import CallState, Level, Snapshot
from .. import texts
from ..call.timer_display import LEVEL_COLOURS
from ..offers.indicator import OfferIndicator
from ..offers.outcome_prompt import OutcomePrompt

TIME_PX = 52
"""At least 48 px: the time is read from a metre away."""
SAY_PX = 19
"""At least 18 px: the line to say."""
STATE_PX = (18, 12)
"""The state line's largest and smallest sizes: smaller as the window narrows, wrapped only below the smallest."""


class CompactWindow(QWidget):
    full_requested = Signal()
    """The operator wants the full window back."""
    offer_clicked = Signal()
    frameless_toggled = Signal(bool)
    outcome_chosen = Signal(str, object)
    """The after-call question answered here: (outcome, reason code or None)."""

    def __init__(self, frameless: bool = False, parent=None, book=None) -> None:
        """``book``: the operator's PhraseBook, whose phrases the say-now line quotes (None: the standard's)."""
        super().__init__(parent, Qt.WindowType.Window)
        self.book = book
        self.setObjectName("compactWindow")
        self.setWindowTitle(self.tr("Компактно — Помощник оператора"))  # ends with the display name: Qt appends it otherwise
        self.resize(360, 200)
        self.setMinimumSize(300, 170)

        self.state_label = QLabel(alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True)
        self.state_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)  # never widens the window
        self.state_label.setObjectName("compactState")
        self.time_label = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        self.time_label.setObjectName("compactTime")
        time_font = QFont(self.font())
        time_font.setPixelSize(TIME_PX)
        time_font.setBold(True)
        time_font.setFamilies(["DejaVu Sans Mono", "Consolas", "Menlo", "monospace"])
        self.time_label.setFont(time_font)
        self.say_label = QLabel(alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True)
        self.say_label.setObjectName("compactSay")
        for label in (self.state_label, self.time_label, self.say_label):
            label.setTextFormat(Qt.TextFormat.PlainText)
        say_font = QFont(self.font())
        say_font.setPixelSize(SAY_PX)
        self.say_label.setFont(say_font)
        state_font = QFont(self.font())
        state_font.setPixelSize(STATE_PX[0])
        state_font.setBold(True)
        self.state_label.setFont(state_font)
        self.outcome_prompt: OutcomePrompt | None = None
        self._state_words = ("", "")
        self.offer_indicator = OfferIndicator(compact=True)
        self.offer_indicator.clicked.connect(self.offer_clicked.emit)
        self.speech_label = QLabel(alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True)  # what was heard said
        self.speech_label.setObjectName("compactSpeech")
        self.speech_label.setTextFormat(Qt.TextFormat.PlainText)
        self.speech_label.hide()
        self.mic_label = QLabel(self)  # top right, over the layout: listening, or the call's sound lost
        self.mic_label.setObjectName("compactMic")
        self.mic_label.hide()

        layout = self.column = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 8)
        layout.setSpacing(2)
        layout.addWidget(self.state_label)
        layout.addWidget(self.time_label)
        layout.addWidget(self.say_label, 1)
        layout.addWidget(self.speech_label)
        layout.addWidget(self.offer_indicator)

        self.full_action = QAction(self.tr("Полное окно"), self)
        self.full_action.triggered.connect(self.full_requested.emit)
        self.frameless_action = QAction(self.tr("Без рамки"), self, checkable=True)
        self.frameless_action.toggled.connect(self.set_frameless)
        self.frameless_action.toggled.connect(self.frameless_toggled.emit)
        self._drag_from: QPoint | None = None
        self.level: Level | None = None
        self.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint, True)
        self.frameless_action.setChecked(frameless)

    def set_listening(self, state: str, text: str, words: str) -> None:
        """The microphone mark of the full window (ui/audio/mark.py MicMark), shown here as well."""
        colour = "#1b7f3b" if state == "listening" else "#b3261e"
        self.mic_label.setStyleSheet(
            f"#compactMic {{ color: {colour}; background: rgba(255, 255, 255, 210); border-radius: 3px; padding: 0 3px; }}"
        )  # fmt: skip
        self.mic_label.setText(text)
        self.mic_label.setToolTip(texts.plain_tooltip(words))
        self.mic_label.adjustSize()
        self._place_mic()
        self.mic_label.setVisible(bool(text))

    def set_speech_note(self, text: str, kind: str) -> None:
        """The operator's own words checked (ui/speech/feed.py): ``said``, ``missed`` or ``forbidden``; "" hides it."""
        colour = {"said": "#1b5e20", "missed": "#6d4c00", "forbidden": "#6d4c00"}.get(kind, "#37474f")
        background = "#fff4ce" if kind == "forbidden" else "rgba(255, 255, 255, 200)"
        self.speech_label.setStyleSheet(
            f"#compactSpeech {{ color: {colour}; background: {background}; border-radius: 3px; padding: 1px 4px; }}"
        )
        self.speech_label.setText(text)
        self.speech_label.setVisible(bool(text))

    def _place_mic(self) -> None:
        self.mic_label.move(self.width() - self.mic_label.width() - 4, 4)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._place_mic()
        self._fit_state()

    def _show_state(self) -> None:
        """«Звонок завершён · длительность»; the state alone while the time is hidden for the offer's question."""
        state, meaning = self._state_words
        asking = self.outcome_prompt is not None and not self.outcome_prompt.isHidden()
        self.state_label.setText(f"{state} · {meaning}" if meaning and not asking else state)
        self._fit_state()

    def _fit_state(self) -> None:
        """The state line on one line when it can be: its font shrinks with the window down to STATE_PX[1]."""
        label, text = self.state_label, self.state_label.text()
        room = self.width() - self.column.contentsMargins().left() - self.column.contentsMargins().right() - 4
        font = QFont(label.font())
        for px in range(STATE_PX[0], STATE_PX[1] - 1, -1):
            font.setPixelSize(px)
            if QFontMetrics(font).horizontalAdvance(text) <= room:
                break
        if font.pixelSize() != label.font().pixelSize():
            label.setFont(font)

    def ask_outcome(self, offer_title: str | None) -> None:
        """The offer's after-call question (as the full window's), answered here with 1–4; None: not asked."""
        asking = offer_title is not None
        if asking and self.outcome_prompt is None:
            self.outcome_prompt = OutcomePrompt(self, self)
            self.outcome_prompt.chosen.connect(self.outcome_chosen.emit)
            self.column.insertWidget(self.column.indexOf(self.say_label), self.outcome_prompt)
        if self.outcome_prompt is None:
            return
        for widget in (self.time_label, self.say_label, self.offer_indicator):  # the question says it all
            widget.setVisible(not asking)
        if offer_title is not None:
            self.outcome_prompt.ask(offer_title)
        else:
            self.outcome_prompt.dismiss()
        self._show_state()

    def set_frameless(self, on: bool) -> None:
        visible = self.isVisible()
        self.setWindowFlag(Qt.WindowType.FramelessWindowHint, on)
        if visible:
            self.show()  # changing window flags hides the window

    def show_snapshot(self, snap: Snapshot, greeting: str = "") -> None:
        """``greeting``: the phrase to say first, shown while a call rings."""
        meaning, number = texts.compact_time(snap)
        state = texts.state_words(snap.state) if snap.unconfirmed else texts.state_title(snap)  # the line below says it
        self._state_words = (state, meaning)
        self._show_state()
        self.time_label.setText(number)
        say = texts.say_now(snap, self.book.library if self.book is not None else None)
        self.say_label.setText(f"{say}: «{greeting}»" if greeting and snap.state is CallState.RINGING else say)
        if snap.level is not self.level:
            self.level = snap.level
            background, text = LEVEL_COLOURS[snap.level]
            self.setStyleSheet(
                f"#compactWindow {{ background: {background}; }}"
                f"#compactWindow QLabel {{ color: {text}; background: transparent; }}"
            )

    def contextMenuEvent(self, event) -> None:
        menu = QMenu(self)
        menu.addAction(self.full_action)
        menu.addAction(self.frameless_action)
        menu.addSeparator()
        menu.addActions([a for a in self.actions() if a.data() == "menu"])
        menu.exec(event.globalPos())

    def mouseDoubleClickEvent(self, event) -> None:
        self.full_requested.emit()

    # A frameless window is moved by dragging it anywhere.
    def mousePressEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._drag_from = event.globalPosition().toPoint() - self.frameGeometry().topLeft()
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:
        if self._drag_from is not None and event.buttons() & Qt.MouseButton.LeftButton:
            self.move(event.globalPosition().toPoint() - self._drag_from)
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event) -> None:
        self._drag_from = None
        super().mouseReleaseEvent(event)

    def closeEvent(self, event) -> None:
        # Closing the compact view brings the full window back; quitting is the full window's.
        event.ignore()
        self.full_requested.emit()
