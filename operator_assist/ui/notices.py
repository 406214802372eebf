"""The messages under the call keys: notices for the operator, and the journal's «writing is delayed».

They appear below the timer and the keys, so a notice never moves either.

Both are hidden until needed, so they are built when first shown: not on the way to the window.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QBoxLayout, QLabel, QWidget

from . import texts
from .texts import escape

if TYPE_CHECKING:
    from ..core.journal_sink import JournalSink


class Notices(QObject):
    """Notices go into ``body`` above ``anchor`` (the operator's line, under the keys), above the journal's line."""

    _journal_status = Signal(str, object)  # (kind, text) from the journal's writer thread

    def __init__(self, body: QBoxLayout, anchor: QWidget, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.body = body
        self.anchor = anchor
        self.shown: list[tuple[str, str]] = []
        """(text, details) of the notices on screen."""
        self._banner: QLabel | None = None
        self._journal_line: QLabel | None = None
        self._journal_status.connect(self._show_journal_status)

    def add(self, text: str, details: str = "") -> None:
        """A message for the operator under the call keys, until they hide it; ``details`` in its tooltip."""
        self.shown.append((text, details or text))
        body = "<br>".join(escape(t).replace("\n", "<br>") for t, _ in self.shown)
        hide = self.tr("Скрыть")  # outside the f-string: lupdate does not look inside one
        self.banner.setText(f'{body}<br><a href="hide">{hide}</a>')
        self.banner.setToolTip(texts.plain_tooltip("\n\n".join(d for _, d in self.shown)))
        self.banner.show()

    def hide_all(self) -> None:
        self.shown.clear()
        self.banner.hide()

    def follow_journal(self, journal: JournalSink | None) -> None:
        """Opens the journal on its own thread; its news (a damaged file moved aside, a delay) comes here."""
        if journal is not None:
            journal.start(self._journal_status.emit)

    def _show_journal_status(self, kind: str, text) -> None:
        if kind == "notice":
            self.add(text)
        elif kind == "delayed":
            self.journal_line.setText(
                self.tr("Запись журнала задерживается: {cause}. События не потеряны — они будут записаны.").format(cause=text)
            )
            self.journal_line.show()
        elif self._journal_line is not None:
            self._journal_line.hide()

    @property
    def banner(self) -> QLabel:
        """The notices under the keys (and above the journal's delay, if both)."""
        if self._banner is None:
            label = self._banner = QLabel()
            label.setObjectName("noticeBanner")
            label.setWordWrap(True)
            label.setStyleSheet(
                "#noticeBanner { background: #fff4ce; color: #5c4400; border: 1px solid #e0c060;"
                " border-radius: 4px; padding: 4px 6px; }"
            )
            label.setTextFormat(Qt.TextFormat.RichText)  # escaped text and a «Скрыть» link
            label.setTextInteractionFlags(
                Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.LinksAccessibleByMouse
            )
            label.linkActivated.connect(lambda _: self.hide_all())
            label.hide()
            self.body.insertWidget(self.body.indexOf(self._journal_line or self.anchor), label)
        return self._banner

    @property
    def journal_line(self) -> QLabel:
        """«Запись журнала задерживается», under the notices."""
        if self._journal_line is None:
            label = self._journal_line = QLabel()
            label.setObjectName("journalDelayed")
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setStyleSheet("#journalDelayed { background: #fde7e9; color: #8a1c1c; padding: 4px 6px; }")
            label.hide()
            self.body.insertWidget(self.body.indexOf(self.anchor), label)
        return self._journal_line
