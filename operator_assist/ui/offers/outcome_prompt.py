"""After a call that ended with its offer shown and no outcome: one key records what happened.

Nothing blocks: the prompt sits in the window under the lamp until the operator answers
or the next call starts; F5 works as always.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ...core.offers import NO_TIME
from ...i18n import QT_TRANSLATE_NOOP

CHOICES = (
    ("1", "accepted", None, QT_TRANSLATE_NOOP("OutcomePrompt", "согласился")),
    ("2", "declined", None, QT_TRANSLATE_NOOP("OutcomePrompt", "отказался")),
    ("3", "not_voiced", None, QT_TRANSLATE_NOOP("OutcomePrompt", "не озвучено")),
    ("4", "not_voiced", NO_TIME, QT_TRANSLATE_NOOP("OutcomePrompt", "не успел")),
)
"""(key, outcome, reason code, words on the button)"""


class OutcomePrompt(QFrame):
    chosen = Signal(str, object)
    """(accepted | declined | not_voiced, reason code or None)"""

    def __init__(self, key_owner: QWidget, parent=None) -> None:
        """``key_owner``: the window whose plain 1–4 keys answer while the prompt is shown."""
        super().__init__(parent)
        self.setObjectName("outcomePrompt")
        self.setStyleSheet(
            "#outcomePrompt { background: #fff4ce; border: 1px solid #e0c060; border-radius: 4px; }"
            " #outcomePrompt QLabel { color: #5c4400; }"
        )
        self.question = QLabel(wordWrap=True)
        self.question.setTextFormat(Qt.TextFormat.PlainText)
        self.buttons: dict[str, QPushButton] = {}
        self._shortcuts: list[QShortcut] = []
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(4)
        for index, (key, outcome, reason, words) in enumerate(CHOICES):
            button = QPushButton(f"{key} · {self.tr(words)}")
            button.clicked.connect(lambda _=False, o=outcome, r=reason: self.chosen.emit(o, r))
            grid.addWidget(button, index // 2, index % 2)
            self.buttons[key] = button
            # Plain digits: a text field with the focus keeps them (it overrides shortcuts for typing).
            shortcut = QShortcut(QKeySequence(key), key_owner, button.click)
            shortcut.setEnabled(False)
            self._shortcuts.append(shortcut)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(4)
        layout.addWidget(self.question)
        layout.addLayout(grid)
        self.hide()

    def ask(self, offer_title: str) -> None:
        self.question.setText(
            self.tr("Звонок завершён, итог предложения «{title}» не отмечен. Что было? (1–4)").format(title=offer_title)
        )
        self._set_keys(True)
        self.show()

    def dismiss(self) -> None:
        self._set_keys(False)
        self.hide()

    def _set_keys(self, on: bool) -> None:
        for shortcut in self._shortcuts:
            shortcut.setEnabled(on)
