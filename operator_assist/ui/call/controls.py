"""The four call buttons; their keys come from the keymap (the window's actions carry the shortcuts)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QPushButton, QWidget

from ...core.commands import Action
from ...core.engine import CallState, Snapshot
from ...core.keymap import Keymap

BUTTONS = {"new_call": Action.START_CALL, "lookup": Action.TOGGLE_LOOKUP, "hold": Action.TOGGLE_HOLD,
           "end_call": Action.END_CALL}  # fmt: skip
"""Keymap id of each button → the action it asks for."""


class CallControls(QWidget):
    pressed = Signal(object)
    """The :class:`Action` of the button pressed."""

    def __init__(self, keymap: Keymap | None = None, parent=None) -> None:
        super().__init__(parent)
        self.keys = {name: (keymap or Keymap()).key(name) for name in BUTTONS}
        self.buttons: dict[str, QPushButton] = {}
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        for name, action in BUTTONS.items():
            button = QPushButton()
            button.setMinimumHeight(36)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _=False, a=action: self.pressed.emit(a))
            self.buttons[name] = button
        self.columns = 0
        self.set_columns(2)
        self.update_for(CallState.IDLE, frozenset({Action.START_CALL}))

    def set_columns(self, columns: int) -> None:
        """Two rows of two, or one row of four (a short window: less height, where the width allows)."""
        if columns == self.columns:
            return
        self.columns = columns
        for index, button in enumerate(self.buttons.values()):
            self.grid.removeWidget(button)
            self.grid.addWidget(button, index // columns, index % columns)
            button.setMinimumHeight(36 if columns == 2 else 30)

    def one_row_width(self) -> int:
        """The width the four buttons need side by side."""
        return sum(b.sizeHint().width() for b in self.buttons.values()) + 3 * max(self.grid.horizontalSpacing(), 0)

    def show_snapshot(self, snap: Snapshot) -> None:
        self.update_for(snap.state, snap.allowed)

    def update_for(self, state: CallState, allowed: frozenset[Action]) -> None:
        on_hold = state is CallState.HOLD
        in_lookup = state is CallState.LOOKUP
        labels = {
            "new_call": self.tr("Ответить") if state is CallState.RINGING else self.tr("Новый звонок"),
            "lookup": self.tr("Нашёл — говорю") if in_lookup else self.tr("Поиск"),
            "hold": self.tr("Вернуться") if on_hold else self.tr("Удержание"),
            "end_call": self.tr("Завершить"),
        }
        enabled = {
            "new_call": Action.START_CALL in allowed,
            "lookup": (Action.END_LOOKUP if in_lookup else Action.START_LOOKUP) in allowed,
            "hold": (Action.RESUME if on_hold else Action.START_HOLD) in allowed,
            "end_call": Action.END_CALL in allowed,
        }
        for name, button in self.buttons.items():
            button.setText(f"{labels[name]}  [{self.keys[name]}]")
            button.setEnabled(enabled[name])
