"""«Звук разговора»: which devices are heard, with a live level meter per stream, and where the
assistant's own warning sounds play.

The choice applies to this session; the dialog shows the lines to put into
settings.yaml to keep it (the app never writes that file).
"""

from __future__ import annotations

from typing import Sequence

from PySide6.QtCore import Qt, Signal, Slot
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
    cue_output_chosen = Signal(object)
    """The output for the warning sounds: a name or None (the default)."""

    def __init__(self, feed=None, mics: Sequence[str] = (), outputs: Sequence[str] = (), mic: str | None = None,
                 playback: str | None = None, problem: str = "", parent=None, cue_output: str | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.setWindowTitle(self.tr("Звук разговора"))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.mic_box = QComboBox()
        self.out_box = QComboBox()
        self.cue_box = QComboBox()
        self.cue_box.setToolTip(
            self.tr("Куда звучат сигналы помощника. Помощник никогда не принимает их за речь; отдельный выход "
                    "(динамик компьютера, когда звонок в гарнитуре) не даёт им попасть в звук звонка.")
        )  # fmt: skip
        boxes = ((self.mic_box, mics, mic), (self.out_box, outputs, playback), (self.cue_box, outputs, cue_output))
        for box, names, current in boxes:
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
        form.addRow(self.tr("Сигналы помощника"), self.cue_box)
        layout.addLayout(form)
        self.note = QLabel(wordWrap=True, textFormat=Qt.TextFormat.PlainText)  # a device's name may be in it
        self.note.setText(problem or self.tr("Звук не записывается и никуда не передаётся: только паузы и их длительность."))
        layout.addWidget(self.note)
        self.settings_hint = QLabel(wordWrap=True, textFormat=Qt.TextFormat.PlainText)
        self.settings_hint.setTextInteractionFlags(self.settings_hint.textInteractionFlags())
        layout.addWidget(self.settings_hint)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Apply | QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Apply).setText(self.tr("Применить"))
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Закрыть"))
        buttons.button(QDialogButtonBox.StandardButton.Apply).clicked.connect(self._apply)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._update_hint()
        for box in (self.mic_box, self.out_box, self.cue_box):
            box.currentIndexChanged.connect(self._update_hint)
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
        if self.cue_box.currentData():
            lines.append(f"  cue_output: {self.cue_box.currentData()!r}")
        self.settings_hint.setText(self.tr("Чтобы выбор сохранился, добавьте в settings.yaml:") + "\n" + "\n".join(lines))

    def _apply(self) -> None:
        self.devices_chosen.emit(self.mic_box.currentData(), self.out_box.currentData())
        self.cue_output_chosen.emit(self.cue_box.currentData())
