"""Today / week / month buttons and a from–to range: the period of a statistics view."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QButtonGroup, QDateEdit, QHBoxLayout, QLabel, QPushButton, QWidget

from ...core import stats as st


class PeriodBar(QWidget):
    chosen = Signal(object, object, object)
    """(start, end, key) after a button or a date was changed; key: «today», «week» or «month» for a
    button, None for a range of dates."""

    def __init__(self, now=None, parent=None) -> None:
        """``now``: Unix time for tests."""
        super().__init__(parent)
        self._now = now
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.buttons = QButtonGroup(self)
        self.buttons.setExclusive(False)  # a custom range checks none of them
        for key, text in (("today", self.tr("Сегодня")), ("week", self.tr("Неделя")), ("month", self.tr("Месяц"))):
            button = QPushButton(text, autoDefault=False)  # Enter in a date field must not press it
            button.setCheckable(True)
            button.setProperty("period", key)
            self.buttons.addButton(button)
            row.addWidget(button)
        today = st.today(now).start
        shown_as = self.tr("dd.MM.yyyy")  # Qt's date format: yyyy-MM-dd in English
        self.from_edit = QDateEdit(QDate(today.year, today.month, 1))
        self.to_edit = QDateEdit(QDate(today.year, today.month, today.day))
        for edit in (self.from_edit, self.to_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat(shown_as)
        row.addSpacing(12)
        row.addWidget(QLabel(self.tr("с")))
        row.addWidget(self.from_edit)
        row.addWidget(QLabel(self.tr("по")))
        row.addWidget(self.to_edit)
        row.addStretch(1)
        self.buttons.buttonClicked.connect(lambda b: self.show_period(b.property("period")))
        self.from_edit.dateChanged.connect(lambda _: self._custom())
        self.to_edit.dateChanged.connect(lambda _: self._custom())

    def show_period(self, key: str) -> None:
        period = {"today": st.today, "week": st.this_week, "month": st.this_month}[key](self._now)
        for button in self.buttons.buttons():
            button.setChecked(button.property("period") == key)
        for edit, day in ((self.from_edit, period.start), (self.to_edit, period.end)):
            edit.blockSignals(True)
            edit.setDate(QDate(day.year, day.month, day.day))
            edit.blockSignals(False)
        self.chosen.emit(period.start, period.end, key)

    def _custom(self) -> None:
        for button in self.buttons.buttons():
            button.setChecked(False)
        start, end = self.range()
        if start > end:
            start, end = end, start
        self.chosen.emit(start, end, None)

    def range(self) -> tuple[date, date]:
        return _day(self.from_edit), _day(self.to_edit)


def _day(edit: QDateEdit) -> date:
    shown = edit.date()  # QDate.toPython() is typed as object in PySide6's stubs
    return date(shown.year(), shown.month(), shown.day())
