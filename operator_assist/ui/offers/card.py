"""The offer card: what to say, and the outcome buttons."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QComboBox, QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from ...i18n import QT_TRANSLATE_NOOP

NOT_VOICED_REASONS = {
    "client_busy": QT_TRANSLATE_NOOP("OfferCard", "клиент торопится"),
    "client_refused_to_listen": QT_TRANSLATE_NOOP("OfferCard", "клиент отказался слушать"),
    "not_relevant": QT_TRANSLATE_NOOP("OfferCard", "предложение не подходит клиенту"),
    "other": QT_TRANSLATE_NOOP("OfferCard", "другое"),
}


class OfferCard(QDialog):
    outcome = Signal(str, object)
    """(accepted | declined | not_voiced, reason code or None)"""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Отличное предложение"))
        self.setMinimumWidth(420)
        self.heading = _label("offerHeading", "color: #5d6670; font-weight: bold;", self.tr("Отличное предложение"))
        self.close_hint = _label("offerCloseHint", "color: #5d6670;", self.tr("Esc — закрыть карточку (звонок продолжается)"))
        self.title_label = _label("offerTitle", "font-size: 14pt; font-weight: bold;", plain=True)
        self.reminder = _label("offerReminder", "background: #fff4ce; color: #5c4400; border: 1px solid #e0c060;"
                               " border-radius: 4px; padding: 4px 6px;", plain=True)  # fmt: skip
        self.script = _label("offerScript", "font-size: 12pt;", plain=True)
        self.accepted_button = QPushButton(self.tr("1 · Озвучено — клиент согласился"))
        self.declined_button = QPushButton(self.tr("2 · Озвучено — клиент отказался"))
        self.not_voiced_button = QPushButton(self.tr("3 · Не озвучено"))
        # One key per outcome while the card is active; a disabled button ignores it.
        for key, button in (("1", self.accepted_button), ("2", self.declined_button), ("3", self.not_voiced_button)):
            QShortcut(QKeySequence(key), self, button.click)
        self.reason_box = QComboBox()
        for code, words in NOT_VOICED_REASONS.items():
            self.reason_box.addItem(self.tr(words), code)
        self.reason_label = QLabel(self.tr("причина:"))
        self.accepted_button.clicked.connect(lambda: self._done("accepted", None))
        self.declined_button.clicked.connect(lambda: self._done("declined", None))
        # When suppressed, the reason is the suppression's (the core fills it in).
        self.suppressed = ""
        self.not_voiced_button.clicked.connect(
            lambda: self._done("not_voiced", None if self.suppressed else self.reason_box.currentData())
        )
        self._lay_out()

    def _lay_out(self) -> None:
        voiced = QHBoxLayout()
        voiced.addWidget(self.accepted_button)
        voiced.addWidget(self.declined_button)
        not_voiced = QHBoxLayout()
        not_voiced.addWidget(self.not_voiced_button)
        not_voiced.addWidget(self.reason_label)
        not_voiced.addWidget(self.reason_box, 1)
        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addStretch(1)
        top.addWidget(self.close_hint)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.title_label)
        layout.addWidget(self.reminder)
        layout.addWidget(self.script)
        layout.addLayout(voiced)
        layout.addLayout(not_voiced)

    def show_offer(self, title: str, text: str, reminder: str = "", suppressed: str = "", decided: bool = False) -> None:
        """``reminder``: finish the service request first; ``suppressed``: why the offer must not be voiced."""
        self.suppressed = suppressed
        self.title_label.setText(title)
        self.script.setText(text)
        note = suppressed or reminder or (self.tr("Итог по предложению в этом звонке уже записан.") if decided else "")
        self.reminder.setText(note)
        reshaped = self.reminder.isVisibleTo(self) != bool(note)
        self.reminder.setVisible(bool(note))
        voiced_ok = not suppressed and not decided and not reminder  # the request comes first
        self.accepted_button.setEnabled(voiced_ok)
        self.declined_button.setEnabled(voiced_ok)
        self.not_voiced_button.setEnabled(not decided)
        self.reason_box.setEnabled(not decided)
        # When suppressed, the reason is the suppression's (shown above), not one from the list.
        self.reason_label.setVisible(not suppressed)
        self.reason_box.setVisible(not suppressed)
        if reshaped:
            self.adjustSize()  # the card is reused: shrink when the reminder goes away

    def _done(self, outcome: str, reason) -> None:
        self.outcome.emit(outcome, reason)
        self.accept()


def _label(name: str, style: str, text: str = "", plain: bool = False) -> QLabel:
    """A label styled by its object name; ``plain``: wrapped, and a source's text shown as words, never markup."""
    label = QLabel(text)
    label.setObjectName(name)
    label.setStyleSheet(f"#{name} {{ {style} }}")
    if plain:
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
    return label
