"""Brings an offer source's answers from its polling threads to the GUI thread."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QObject, Signal

from ...core.offer_sources import OfferContext, OfferSource
from ...offers.poller import OfferPoller


class OfferFeed(QObject):
    result = Signal(object)
    """A PollResult, delivered on the GUI thread (queued from the poller's thread)."""

    def __init__(self, source: OfferSource, context: Callable[[], OfferContext], parent=None) -> None:
        super().__init__(parent)
        self.source = source
        self.poller = OfferPoller(source, context, self.result.emit)

    def start(self) -> None:
        self.poller.start()

    def request(self) -> None:
        self.poller.request()

    def stop(self) -> None:
        self.poller.stop()
