"""Who is at the desk: role (sets the hold limit), name and grammatical gender."""

from __future__ import annotations

from PySide6.QtCore import QSize, Signal
from PySide6.QtWidgets import QBoxLayout, QComboBox, QHBoxLayout, QLabel, QLayoutItem, QLineEdit, QWidget

from ...core.settings import Settings
from ..texts import role_label


class OperatorBar(QWidget):
    role_changed = Signal(str)
    name_changed = Signal(str)
    gender_changed = Signal(str)

    def __init__(self, settings: Settings, role: str, name: str, gender: str, parent=None) -> None:
        super().__init__(parent)
        self.role_box = QComboBox()
        self.name_edit = QLineEdit(name, placeholderText=self.tr("Ваше имя"))
        self.name_edit.setObjectName("operatorName")
        self.name_edit.setClearButtonEnabled(True)
        self.name_edit.textChanged.connect(self._mark_missing_name)
        self._mark_missing_name(name)
        self.gender_box = QComboBox()
        self.gender_box.addItem(self.tr("ж/м"), "")  # not chosen: «понял(а)», never a wrong ending
        self.gender_box.addItem(self.tr("ж"), "f")
        self.gender_box.addItem(self.tr("м"), "m")
        self.gender_box.setToolTip(self.tr("Род для фраз: «понял/поняла», «решил/решила»; не выбран — «понял(а)»"))
        self.gender_box.setCurrentIndex(max(0, self.gender_box.findData(gender)))
        self.set_roles(settings, role)

        # The placeholder stays readable: in a narrow window the name goes under the role instead.
        self.name_edit.setMinimumWidth(self.name_edit.fontMetrics().horizontalAdvance(self.name_edit.placeholderText()) + 16)
        role_row, name_row = QHBoxLayout(), QHBoxLayout()
        role_row.addWidget(QLabel(self.tr("Роль")))
        role_row.addWidget(self.role_box, 1)
        name_row.addWidget(QLabel(self.tr("Имя")))
        name_row.addWidget(self.name_edit, 1)
        name_row.addWidget(self.gender_box)
        self.rows = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self.rows.setContentsMargins(0, 0, 0, 0)
        self.rows.addLayout(role_row, 3)
        self.rows.addLayout(name_row, 2)

        self.role_box.currentIndexChanged.connect(lambda _: self.role_changed.emit(self.role_box.currentData()))
        self.name_edit.editingFinished.connect(lambda: self.name_changed.emit(self.name_edit.text().strip()))
        self.gender_box.currentIndexChanged.connect(lambda _: self.gender_changed.emit(self.gender_box.currentData()))

    def minimumSizeHint(self) -> QSize:
        # As narrow as the two rows allow; resizeEvent puts them side by side where they fit.
        return QSize(max(row.minimumSize().width() for row in self._rows()), super().minimumSizeHint().height())

    def _rows(self) -> list[QLayoutItem]:
        return [item for item in map(self.rows.itemAt, range(self.rows.count())) if item is not None]

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        one_row = sum(row.minimumSize().width() for row in self._rows()) + self.rows.spacing()
        direction = QBoxLayout.Direction.LeftToRight if self.width() >= one_row else QBoxLayout.Direction.TopToBottom
        if self.rows.direction() != direction:
            self.rows.setDirection(direction)
            self.updateGeometry()  # the height changes with it

    def _mark_missing_name(self, text: str) -> None:
        # The standard's greeting names the specialist: an empty name is worth a glance.
        missing = not text.strip()
        self.name_edit.setStyleSheet("#operatorName { border: 2px solid #e0a000; border-radius: 3px; }" if missing else "")
        self.name_edit.setToolTip(
            self.tr("Укажите имя: по стандарту оно звучит в приветствии («…меня зовут …»)")
            if missing
            else self.tr("Подставляется в приветствие")
        )

    def set_roles(self, settings: Settings, current: str) -> None:
        self.role_box.blockSignals(True)
        self.role_box.clear()
        for role in settings.roles:
            minutes = int(role.hold_limit) // 60
            seconds = int(role.hold_limit) % 60
            limit = f"{minutes}:{seconds:02d}"
            self.role_box.addItem(self.tr("{label} · {limit}").format(label=role_label(role.label), limit=limit), role.id)
        self.role_box.setToolTip(self.tr("Роль задаёт предельное время удержания"))
        self.role_box.setCurrentIndex(max(0, self.role_box.findData(current)))
        self.role_box.blockSignals(False)
