"""A scrolling column in which only the rows in view are placed widgets.

The panel says how many rows a list has and gives the widget of a row on request
(built or reused, a child of the viewport, ready to show). A row is measured
(``heightForWidth``) when it comes into view, never before: choosing another
list, scrolling and bringing a row into view touch the rows around the view
only, whether the library holds eighty phrases or twenty thousand.

The scroll bar counts rows (``STEP`` units each, a row's height within them):
its thumb says how far down the list the view is without every row having been
measured. Its range is the number of rows less those in view until the view
reaches the end, where the last rows are measured and the range becomes exact.
The wheel scrolls by pixels. Nothing is placed while the list is hidden.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QWidget

STEP = 1000
"""Scroll bar units per row."""
SPACING = 4
LEFT, RIGHT, TOP_BOTTOM = 2, 6, 2


class PhraseList(QAbstractScrollArea):
    def __init__(self, widget_for: Callable[[int], QWidget], parent=None) -> None:
        super().__init__(parent)
        self._widget_for = widget_for
        self._count = 0
        self._top = 0
        """The first row in view."""
        self._offset = 0
        """Pixels of the first row scrolled above the view."""
        self._heights: dict[int, int] = {}
        self._end: tuple[int, int] | None = None
        self.shown: dict[int, QWidget] = {}
        """Rows placed in the view, by index."""
        # Our own viewport, kept: the wrapper of the one QAbstractScrollArea.viewport() returns is
        # made by finding its class among every QWidget subclass, which builds them all (PySide6's
        # lazily made types: 5,000 objects and more than a megabyte on the way to the first paint).
        self.view = QWidget()
        """The viewport: the rows' widgets are its children."""
        self.setViewport(self.view)
        self.setViewportMargins(0, TOP_BOTTOM, 0, TOP_BOTTOM)
        # The window's grey between the cards, and the rows' text in their own WindowText colour
        # (on a Base background, a label's text would take the Text role).
        self.view.setBackgroundRole(QPalette.ColorRole.Window)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.verticalScrollBar().valueChanged.connect(self._scrolled)

    # --- what the panel calls ---------------------------------------------------------

    def reset(self, count: int) -> None:
        """Another list: shown from its top."""
        self._count = count
        self._top = self._offset = 0
        self.refresh()

    def refresh(self) -> None:
        """The rows' content changed (texts, flags): measured again where needed, placed again."""
        self._heights.clear()
        self._end = None
        self._place()

    def ensure_visible(self, index: int, margin: int = 0) -> None:
        """Scrolls as little as needed for row ``index`` to be in view, ``margin`` pixels from the edge."""
        if not 0 <= index < self._count:
            return
        view = self.view.height()
        if index < self._top or (index == self._top and self._offset > 0):
            self._top, self._offset = index, 0
            self.scroll_by(-margin)
            return
        y, row = -self._offset, self._top
        while row < index and y < view:
            y += self._pitch(row)
            row += 1
        if row == index and y + self._height(index) + margin <= view:
            return
        self._top, self._offset = index, 0  # from below: its bottom at the view's bottom (its top, if taller)
        self.scroll_by(min(0, self._height(index) + margin - view))

    def scroll_by(self, pixels: int) -> None:
        top, offset = self._top, self._offset + pixels
        while offset < 0 and top > 0:
            top -= 1
            offset += self._pitch(top)
        offset = max(0, offset)
        while top < self._count - 1 and offset >= self._pitch(top):
            offset -= self._pitch(top)
            top += 1
        self._top, self._offset = top, offset
        self._place()

    def is_shown(self, index: int) -> bool:
        return index in self.shown

    # --- measuring and placing ------------------------------------------------------------

    def _width(self) -> int:
        return max(1, self.view.width() - LEFT - RIGHT)

    def _height(self, index: int) -> int:
        height = self._heights.get(index)
        if height is None:
            widget = self._widget_for(index)
            widget.ensurePolished()  # measured with its font, though not shown yet
            width = self._width()
            height = widget.heightForWidth(width) if widget.hasHeightForWidth() else widget.sizeHint().height()
            height = self._heights[index] = max(height, 1)
        return height

    def _pitch(self, index: int) -> int:
        return self._height(index) + SPACING

    def _end_position(self) -> tuple[int, int]:
        """The lowest position: the last row's bottom at the view's bottom (the last rows, measured)."""
        if self._end is None:
            view, below, index = self.view.height(), 0, self._count - 1
            self._end = (0, 0)
            while index >= 0:
                below += self._height(index) + (SPACING if index < self._count - 1 else 0)
                if below >= view:
                    self._end = (index, below - view)
                    break
                index -= 1
        return self._end

    def _place(self) -> None:
        if not self.isVisible():
            return  # placed when shown, at the size it is shown at
        shown, bottom = self._lay_out()
        if bottom < self.view.height() and (self._top, self._offset) > (0, 0):  # room below the last row
            end = self._end_position()
            if (self._top, self._offset) > end:
                self._top, self._offset = end
                shown, bottom = self._lay_out()
        placed = set(map(id, shown.values()))
        for widget in self.shown.values():
            if id(widget) not in placed:
                widget.hide()
        for widget in shown.values():
            if widget.isHidden():
                widget.show()
        self.shown = shown
        self._sync_bar()

    def _lay_out(self) -> tuple[dict[int, QWidget], int]:
        """Gives the rows from the current position their places; the rows placed and the last one's bottom."""
        view, width = self.view.height(), self._width()
        shown: dict[int, QWidget] = {}
        y, index = -self._offset, self._top
        while index < self._count and y < view:
            widget = self._widget_for(index)
            height = self._height(index)
            widget.setGeometry(LEFT, y, width, height)
            shown[index] = widget
            y += height + SPACING
            index += 1
        return shown, y - SPACING

    def _units(self, index: int, offset: int) -> int:
        return index * STEP + (offset * STEP // self._pitch(index) if offset else 0)

    def _sync_bar(self) -> None:
        bar = self.verticalScrollBar()
        blocked = bar.blockSignals(True)
        end = self._end if self._end is not None else (max(0, self._count - len(self.shown)), 0)
        bar.setRange(0, max(self._units(*end), self._units(self._top, self._offset)))
        bar.setPageStep(max(1, len(self.shown) - 1) * STEP)
        bar.setSingleStep(STEP // 4)
        bar.setValue(self._units(self._top, self._offset))
        bar.blockSignals(blocked)

    def _scrolled(self, value: int) -> None:
        """The operator moved the scroll bar (drag, click, keys)."""
        if not self._count:
            return
        if value >= self.verticalScrollBar().maximum():
            self._top, self._offset = self._end_position()  # not a pixel short of the last row
        else:
            self._top = min(value // STEP, self._count - 1)
            self._offset = (value % STEP) * self._pitch(self._top) // STEP
        self._place()

    # --- Qt -----------------------------------------------------------------------------

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._place()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._heights.clear()
        self._end = None
        self._place()

    def wheelEvent(self, event) -> None:
        pixels = event.pixelDelta().y()
        if not pixels:
            pixels = event.angleDelta().y() * QApplication.wheelScrollLines() * self.fontMetrics().height() // 120
        if pixels:
            self.scroll_by(-pixels)
        event.accept()

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        """The scroll bar's moves are handled in :meth:`_scrolled`; nothing to shift here."""
