"""The main window's two arrangements: the phrases beside the timer, or under it in a narrow window.

Stacked, the column on top always shows the state, the time, what to do now and the call keys
whole (the time smaller in a short window), and the phrases below keep room for the first
phrase; the column scrolls for the rest (the operator, the offer's ticks, notices).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import Qt

if TYPE_CHECKING:
    from PySide6.QtWidgets import QSplitter, QVBoxLayout

    from .call.controls import CallControls
    from .call.timer_display import TimerDisplay
    from .offers.controls import OfferControls
    from .side_column import SideColumn

NARROW = 760
"""Below this width the phrases go under the timer instead of beside it."""
SHORT = 520
"""Below this height the big time is smaller."""
PHRASES_MIN = 140
"""Stacked, the phrases keep at least this much: the search line, the heading and the first phrase."""


class Arranged(Protocol):
    """What the arrangement moves of the window (ui/main_window.py ``MainWindow``)."""

    display: TimerDisplay
    controls: CallControls
    offer_controls: OfferControls
    side: SideColumn
    """The column of the timer, the keys, the operator and the offer (it scrolls)."""
    right_layout: QVBoxLayout
    """The phrases' side."""
    splitter: QSplitter
    """The column and the phrases, side by side or stacked."""

    def width(self) -> int: ...

    def height(self) -> int: ...


class Stacking:
    def __init__(self, window: Arranged) -> None:
        self.window = window
        window.display.height_changed.connect(self.fit)

    def follow(self) -> None:
        """After a resize: the arrangement for the window's width, the time's size for its height."""
        window, splitter = self.window, self.window.splitter
        short = window.height() < SHORT
        window.display.set_short(short)
        narrow = window.width() < NARROW
        flipped = narrow != (splitter.orientation() == Qt.Orientation.Vertical)
        if flipped:
            splitter.setOrientation(Qt.Orientation.Vertical if narrow else Qt.Orientation.Horizontal)
            window.offer_controls.set_columns(1 if narrow else 2)
            window.right_layout.setContentsMargins(*((4, 0, 8, 2) if narrow else (4, 8, 8, 8)))  # stacked: the phrases' lines
        # One row of four keys only short and narrow, where it fits the column (its margins: 12 px). The
        # viewport is asked only then: a QScrollArea's first viewport() builds PySide6's types of every
        # QWidget class, which the first resize of every start would otherwise pay.
        one_row = short and narrow and window.controls.one_row_width() <= window.side.viewport().width() - 12
        window.controls.set_columns(4 if one_row else 2)
        self.fit(flipped)

    def fit(self, flipped: bool = False) -> None:
        """Stacked: the top tall enough for the timer and the keys (more when just stacked), the phrases the rest."""
        window, splitter = self.window, self.window.splitter
        if splitter.orientation() != Qt.Orientation.Vertical:
            return
        total = sum(splitter.sizes()) or splitter.height()
        room = max(1, total - PHRASES_MIN)
        needed = window.side.height_down_to(window.controls)
        if flipped:  # the ticks too, as far as they go
            needed = max(needed, min(window.side.sizeHint().height(), int(total * 0.6)))
        current = splitter.sizes()[0]
        top = min(needed, room) if flipped or current < needed else max(min(current, room), needed)
        if top != current:
            splitter.setSizes([top, max(1, total - top)])
