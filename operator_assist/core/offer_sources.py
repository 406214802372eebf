"""What an offer source is (no Qt, no I/O): the offer, the call context a source is asked with,
its errors, the source's interface and the null source (always grey).

A source gets the call context (role, call id, flags — never client data) and
returns an :class:`Offer` or None. The sources that read files and services, and the
poller that runs them off the GUI thread, are adapters: ``operator_assist/offers/``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from ..messages import Said, SaidValueError
from .files import excerpt

log = logging.getLogger(__name__)

@dataclass(frozen=True)
class Offer:
    id: str
    title: str
    text: str


@dataclass(frozen=True)
class OfferContext:
    role: str
    call_id: str | None
    flags: frozenset[str] = field(default_factory=frozenset)


class OfferSourceError(Said):
    """A source could not give an answer (unreachable, malformed, wrong shape)."""


class OfferSourceTimeout(OfferSourceError):
    """A source gave up waiting itself: the same as the poller's own timeout."""


def parse_offer(data: Any) -> Offer | None:
    """``{"id", "title", "text"}`` → Offer; ``null`` or ``{}`` → no offer; anything else is an error."""
    if data is None or data == {}:
        return None
    if not isinstance(data, dict):
        raise OfferSourceError("offer_sources.need_object", type=type(data).__name__)
    values = []
    for key in ("id", "title", "text"):
        value = data.get(key)
        if not isinstance(value, str) or not value.strip():
            raise OfferSourceError("offer_sources.field_text", key=key)
        values.append(value.strip())
    return Offer(*values)


class OfferSource:
    name = "source"
    timeout = 2.0
    """Seconds a fetch may take before the source counts as unavailable."""
    interval: float | None = 5.0
    """Seconds between polls; None: only at call start (and when the context changes)."""

    def __init__(self, arg: str | None = None) -> None:
        if arg:
            raise SaidValueError("offer_sources.no_argument", name=self.name, arg=excerpt(arg))

    def fetch(self, context: OfferContext) -> Offer | None:
        raise NotImplementedError

    def close(self) -> None:
        pass


class NoOfferSource(OfferSource):
    """Always grey."""

    name = "none"
    interval = None

    def fetch(self, context: OfferContext) -> Offer | None:
        return None


@dataclass(frozen=True)
class PollResult:
    offer: Offer | None
    error: str | None
    at: float
