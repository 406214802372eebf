"""Offer sources: where «Отличное предложение» offers come from.

Sources are found through the entry-point group ``operator_assist.offer_sources``; the built-ins
are registered there too, so a third-party package adds one with a single line in its pyproject::

    [project.entry-points."operator_assist.offer_sources"]
    crm = "my_package.offers:CrmOfferSource"

A source class is constructed with the text after ``name:`` in the spec
(``file:/tmp/offer.json`` → ``"/tmp/offer.json"``, ``none`` → None).
:class:`~.poller.OfferPoller` runs ``fetch`` off the caller's thread with a timeout, so
a hanging or failing source never freezes the window.
"""

from __future__ import annotations

from ..core.offer_sources import NoOfferSource, OfferSource
from ..core.plugins import entry_points_by_name
from ..core.words import Said, SaidValueError
from .demo import DemoOfferSource
from .file import FileOfferSource
from .http import HttpOfferSource

GROUP = "operator_assist.offer_sources"
USAGE = {"none": "none", "demo": "demo", "file": "file:PATH", "http": "http:URL"}


class UnknownOfferSource(Said, ValueError):
    pass


BUILT_IN = {"none": NoOfferSource, "demo": DemoOfferSource, "file": FileOfferSource, "http": HttpOfferSource}
"""This package's own sources (also registered as entry points): made without looking the entry points
up, which costs a start ~20 ms and 4 MiB (importlib.metadata reads every installed package)."""


def available_sources() -> dict:
    return entry_points_by_name(GROUP)


def describe_sources() -> str:
    return ", ".join(USAGE.get(name, name) for name in available_sources())


def create_source(spec: str) -> OfferSource:
    """``name`` or ``name:argument`` → a source; a clear error listing the available ones otherwise."""
    spec = (spec or "none").strip()
    name, _, arg = spec.partition(":")
    factory = BUILT_IN.get(name)
    if factory is None:
        entry = available_sources().get(name)
        if entry is None:
            raise UnknownOfferSource("offer_sources.unknown", name=name, known=describe_sources())
        try:
            factory = entry.load()
        except Exception as exc:  # a broken plugin must not stop the app
            raise UnknownOfferSource("offer_sources.not_loading", name=name, exc=exc, known=describe_sources()) from exc
    try:
        source = factory(arg or None)
    except ValueError as exc:
        from ..core.redact import redact

        raise SaidValueError("offer_sources.bad_spec", spec=redact(spec), exc=exc) from None
    source.name = name  # the journal keeps only this identifier, never a path or URL
    return source
