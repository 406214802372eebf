"""The main window's left column: timer, keys, operator and offer controls."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QFrame, QScrollArea, QWidget


class SideColumn(QScrollArea):
    """Scrolls vertically on a short screen (so no tick is out of reach), never narrower than its content."""

    def __init__(self, content: QWidget, parent=None) -> None:
        super().__init__(parent)
        self.content = content
        self.setWidget(content)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def _with_scrollbar(self, size: QSize) -> QSize:
        return QSize(size.width() + self.verticalScrollBar().sizeHint().width(), size.height())

    def minimumSizeHint(self) -> QSize:
        # Any height (it scrolls), but the content's full width.
        return QSize(self._with_scrollbar(self.content.minimumSizeHint()).width(), 0)

    def sizeHint(self) -> QSize:
        return self._with_scrollbar(self.content.sizeHint())

    def height_down_to(self, widget: QWidget) -> int:
        """The column's height that shows its content from the top down to ``widget``'s bottom."""
        layout = self.content.layout()
        if layout is not None:
            layout.activate()
        return widget.geometry().bottom() + 1 + (layout.contentsMargins().bottom() if layout is not None else 0)
