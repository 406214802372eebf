"""The four call buttons; their keys come from the keymap (the window's actions carry the shortcuts)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QPushButton, QWidget

from ...core.engine import Action, CallState
from ...core.keymap import Keymap
from ..qt_names import set_qt

BUTTONS = ("new_call", "lookup", "hold", "end_call")


class CallControls(QWidget):
    new_call = Signal()
    lookup = Signal()
    hold = Signal()
    end_call = Signal()

    def __init__(self, keymap: Keymap | None = None, parent=None) -> None:
        super().__init__(parent)
        self.keys = {name: (keymap or Keymap()).key(name) for name in BUTTONS}
        self.buttons: dict[str, QPushButton] = {}
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for index, name in enumerate(BUTTONS):
            button = QPushButton()
            button.setMinimumHeight(36)
            set_qt(button, focusPolicy="NoFocus")
            button.clicked.connect(getattr(self, name).emit)
            self.buttons[name] = button
            layout.addWidget(button, index // 2, index % 2)
        self.update_for(CallState.IDLE, {})

    def update_for(self, state: CallState, allowed: dict[Action, bool]) -> None:
        on_hold = state is CallState.HOLD
        in_lookup = state is CallState.LOOKUP
        labels = {
            "new_call": self.tr("Ответить") if state is CallState.RINGING else self.tr("Новый звонок"),
            "lookup": self.tr("Нашёл — говорю") if in_lookup else self.tr("Поиск"),
            "hold": self.tr("Вернуться") if on_hold else self.tr("Удержание"),
            "end_call": self.tr("Завершить"),
        }
        enabled = {
            "new_call": allowed.get(Action.START_CALL, True),
            "lookup": allowed.get(Action.END_LOOKUP if in_lookup else Action.START_LOOKUP, False),
            "hold": allowed.get(Action.RESUME if on_hold else Action.START_HOLD, False),
            "end_call": allowed.get(Action.END_CALL, False),
        }
        for name, button in self.buttons.items():
            button.setText(f"{labels[name]}  [{self.keys[name]}]")
            button.setEnabled(enabled[name])
