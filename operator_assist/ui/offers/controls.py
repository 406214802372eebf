"""Per-call steps and toggles of «Отличное предложение»: the request, then the three no-offer cases."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QGridLayout, QWidget

from ...core.offers import REASON_LABELS, REASONS
from ...messages import say


class OfferControls(QWidget):
    request_registered = Signal()
    request_withdrawn = Signal()
    """The operator unticked a mistaken registration (within the call)."""
    flag_toggled = Signal(str, bool)

    def __init__(self, request_key: str = "Ctrl+R", parent=None) -> None:
        super().__init__(parent)
        self.request = QCheckBox(self.tr("Сервисный запрос зарегистрирован ({key})").format(key=request_key))
        self.request.setToolTip(self.tr("Сначала консультация и сервисный запрос, затем предложение."))
        self.flags = {reason: QCheckBox(say(REASON_LABELS[reason]).capitalize()) for reason in REASONS}
        self.flags["siebel_down"].setText(self.tr("Нет доступа в Siebel"))
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setVerticalSpacing(2)
        for reason in REASONS:
            box = self.flags[reason]
            box.setToolTip(self.tr("Предложение не озвучивается — отметка действует до конца звонка."))
            box.toggled.connect(lambda on, r=reason: self.flag_toggled.emit(r, on))
        self.columns = 0
        self.set_columns(2)
        self.request.toggled.connect(lambda on: (self.request_registered if on else self.request_withdrawn).emit())

    def set_columns(self, columns: int) -> None:
        """Two columns of ticks, or one in a narrow window."""
        if columns == self.columns:
            return
        self.columns = columns
        self.grid.addWidget(self.request, 0, 0, 1, columns)
        for index, reason in enumerate(REASONS):
            self.grid.addWidget(self.flags[reason], 1 + index // columns, index % columns)

    def show_state(self, in_call: bool, registered: bool, flags: list[str]) -> None:
        for box in (self.request, *self.flags.values()):
            box.blockSignals(True)
            box.setEnabled(in_call)
        self.request.setChecked(registered)
        # Unticking undoes a mistaken Ctrl+R within the call (journaled as withdrawn).
        self.request.setToolTip(
            self.tr("Снять отметку — если запрос отмечен по ошибке.")
            if registered
            else self.tr("Сначала консультация и сервисный запрос, затем предложение.")
        )
        for reason, box in self.flags.items():
            box.setChecked(reason in flags)
        for box in (self.request, *self.flags.values()):
            box.blockSignals(False)
