"""«Звук разговора»: which devices are heard, with a live level meter per stream.

The choice applies to this session; the dialog shows the lines to put into
settings.yaml to keep it (the app never writes that file).
"""

from __future__ import annotations

from typing import Sequence

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QProgressBar,
    QVBoxLayout,
)

from ...i18n import QT_TRANSLATE_NOOP, translate

DEFAULT = QT_TRANSLATE_NOOP("audio", "(по умолчанию в системе)")
METER_FLOOR_DB = -60.0


def meter_value(dbfs: float) -> int:
    """0..100 for a level in dBFS (−60 dBFS and below: empty)."""
    return int(round(max(0.0, min(1.0, (dbfs - METER_FLOOR_DB) / -METER_FLOOR_DB)) * 100))


class AudioDialog(QDialog):
    devices_chosen = Signal(object, object)
    """(mic name or None, output name or None)"""

    def __init__(self, feed=None, mics: Sequence[str] = (), outputs: Sequence[str] = (), mic: str | None = None,
                 playback: str | None = None, problem: str = "", parent=None) -> None:  # fmt: skip
        super().__init__(parent)
        self.setWindowTitle(self.tr("Звук разговора"))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.mic_box = QComboBox()
        self.out_box = QComboBox()
        for box, names, current in ((self.mic_box, mics, mic), (self.out_box, outputs, playback)):
            box.addItem(translate("audio", DEFAULT), None)
            for name in names:
                box.addItem(name, name)
            if current:
                index = box.findData(current)
                if index < 0:
                    box.addItem(current, current)
                    index = box.count() - 1
                box.setCurrentIndex(index)
        self.mic_meter = QProgressBar(textVisible=False, maximum=100)
        self.client_meter = QProgressBar(textVisible=False, maximum=100)
        self.mic_meter.setObjectName("micMeter")
        self.client_meter.setObjectName("clientMeter")
        form.addRow(self.tr("Микрофон оператора"), self.mic_box)
        form.addRow(self.tr("Уровень: оператор"), self.mic_meter)
        form.addRow(self.tr("Выход звонка (что слышит оператор)"), self.out_box)
        form.addRow(self.tr("Уровень: клиент"), self.client_meter)
        layout.addLayout(form)
        self.note = QLabel(wordWrap=True)
        self.note.setText(problem or self.tr("Звук не записывается и никуда не передаётся: только паузы и их длительность."))
        layout.addWidget(self.note)
        self.settings_hint = QLabel(wordWrap=True)
        self.settings_hint.setTextInteractionFlags(self.settings_hint.textInteractionFlags())
        layout.addWidget(self.settings_hint)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Apply | QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Apply).setText(self.tr("Применить"))
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Закрыть"))
        buttons.button(QDialogButtonBox.StandardButton.Apply).clicked.connect(self._apply)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._update_hint()
        self.mic_box.currentIndexChanged.connect(self._update_hint)
        self.out_box.currentIndexChanged.connect(self._update_hint)
        if feed is not None:
            feed.levels.connect(self.show_levels)

    @Slot(object)
    def show_levels(self, levels) -> None:
        self.mic_meter.setValue(meter_value(levels.operator))
        self.client_meter.setValue(meter_value(levels.client))

    def _update_hint(self) -> None:
        lines = ["audio:", "  source: devices"]
        if self.mic_box.currentData():
            lines.append(f"  mic: {self.mic_box.currentData()!r}")
        if self.out_box.currentData():
            lines.append(f"  playback: {self.out_box.currentData()!r}")
        self.settings_hint.setText(self.tr("Чтобы выбор сохранился, добавьте в settings.yaml:") + "\n" + "\n".join(lines))

    def _apply(self) -> None:
        self.devices_chosen.emit(self.mic_box.currentData(), self.out_box.currentData())
