"""Wrap-up helper: which summary to use (or to skip it) and the composed farewell.

Each text keeps the room of its longest variant (:meth:`WrapUpBox.reserve`), so
«Другая фраза» and the toggles never move the buttons or the list below.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt, Signal
from PySide6.QtWidgets import QCheckBox, QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout


class WrapUpBox(QFrame):
    changed = Signal()
    copy_summary = Signal()
    copy_farewell = Signal()
    other_creative = Signal()

    def __init__(self, wrapup_key: str = "F9", copy_key: str = "Ctrl+Return", parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("wrapUpBox")
        self.setStyleSheet(
            "#wrapUpBox { background: #eef4ff; border: 1px solid #9db8e8; border-radius: 5px; }"
            " QLabel#wrapHeading { font-weight: bold; color: #1d3f7a; }"
        )
        self.resolved = QCheckBox(self.tr("Вопрос решён"))
        self.resolved.setChecked(True)
        self.skip = QCheckBox(self.tr("Короткая консультация /\nклиент прощается сам"))  # two lines: narrow panels
        self.advice = QLabel(wordWrap=True)
        self.summary = QLabel(wordWrap=True)
        self.farewell = QLabel(wordWrap=True)
        for label in (self.advice, self.summary, self.farewell):
            label.setTextFormat(Qt.TextFormat.PlainText)
        self._variants: dict[QLabel, list[str]] = {}
        self.summary_button = QPushButton(self.tr("Копировать резюме"))
        self.other_button = QPushButton(self.tr("Другая фраза"))
        self.farewell_button = QPushButton(self.tr("Копировать ({key})").format(key=copy_key.replace("Return", "Enter")))
        self.farewell_button.setToolTip(self.tr("Копировать прощание целиком"))
        for widget in (self.summary, self.summary_button):  # a skipped summary leaves its room
            policy = widget.sizePolicy()
            policy.setRetainSizeWhenHidden(True)
            widget.setSizePolicy(policy)

        heading = QLabel(self.tr("Итоги и прощание ({key})").format(key=wrapup_key))
        heading.setObjectName("wrapHeading")
        toggles = QVBoxLayout()  # stacked: the panel must not widen the window
        toggles.setSpacing(2)
        toggles.addWidget(self.resolved)
        toggles.addWidget(self.skip)
        summary_row = QHBoxLayout()
        summary_row.addWidget(self.summary, 1)
        summary_row.addWidget(self.summary_button, 0, Qt.AlignmentFlag.AlignTop)
        buttons = QHBoxLayout()
        buttons.addWidget(self.other_button)
        buttons.addWidget(self.farewell_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(heading)
        layout.addLayout(toggles)
        layout.addWidget(self.advice)
        layout.addLayout(summary_row)
        layout.addWidget(self.farewell)
        layout.addLayout(buttons)

        self.resolved.toggled.connect(lambda _: self.changed.emit())
        self.skip.toggled.connect(lambda _: self.changed.emit())
        self.summary_button.clicked.connect(self.copy_summary.emit)
        self.farewell_button.clicked.connect(self.copy_farewell.emit)
        self.other_button.clicked.connect(self.other_creative.emit)

    def show_advice(self, advice: str, summary: str, farewell: str) -> None:
        self.advice.setText(advice)
        self.summary.setText(self._summary_text(summary) if summary else "")
        self.summary.setVisible(bool(summary))
        self.summary_button.setVisible(bool(summary))
        self.farewell.setText(self._farewell_text(farewell))

    def _summary_text(self, summary: str) -> str:
        return self.tr("Резюме: «{text}»").format(text=summary)

    def _farewell_text(self, farewell: str) -> str:
        return self.tr("Прощание: «{text}»").format(text=farewell)

    def reserve(self, advices: list[str], summaries: list[str], farewells: list[str]) -> None:
        """Every text each label may show here: each label keeps the height of its tallest."""
        self._variants = {
            self.advice: advices,
            self.summary: [self._summary_text(text) for text in summaries],
            self.farewell: [self._farewell_text(text) for text in farewells],
        }
        self._fit()

    def _fit(self) -> None:
        for label, texts in self._variants.items():
            bounds = QRect(0, 0, max(1, label.width()), 100_000)
            metrics = label.fontMetrics()
            label.setMinimumHeight(max((metrics.boundingRect(bounds, Qt.TextFlag.TextWordWrap, t).height() for t in texts), default=0))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)  # the layout has given the labels their widths
        if event.size().width() != event.oldSize().width():
            self._fit()

    def reset(self) -> None:
        self.resolved.setChecked(True)
        self.skip.setChecked(False)
