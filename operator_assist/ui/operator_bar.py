"""Who is at the desk: role (sets the hold limit), name and grammatical gender."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QWidget

from ..core.settings import Settings
from .texts import role_label


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

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel(self.tr("Роль")))
        layout.addWidget(self.role_box, 3)
        layout.addWidget(QLabel(self.tr("Имя")))
        layout.addWidget(self.name_edit, 2)
        layout.addWidget(self.gender_box)

        self.role_box.currentIndexChanged.connect(lambda _: self.role_changed.emit(self.role_box.currentData()))
        self.name_edit.editingFinished.connect(lambda: self.name_changed.emit(self.name_edit.text().strip()))
        self.gender_box.currentIndexChanged.connect(lambda _: self.gender_changed.emit(self.gender_box.currentData()))

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
