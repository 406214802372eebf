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
from ..core.plugins import PluginGroup, load_plugin
from ..messages import SaidValueError, Words
from .demo import DemoOfferSource
from .file import FileOfferSource
from .http import HttpOfferSource

SOURCES = PluginGroup(
    "operator_assist.offer_sources",
    "plugins.offer_source",
    {"none": NoOfferSource, "demo": DemoOfferSource, "file": FileOfferSource, "http": HttpOfferSource},
    {"file": "file:PATH", "http": "http:URL"},
)


def create_source(spec: str) -> OfferSource:
    """``name`` or ``name:argument`` → a source. Raises UnknownPlugin (it lists the available ones) or
    ValueError for a bad argument."""
    spec = (spec or "none").strip()
    name, _, arg = spec.partition(":")
    factory = load_plugin(SOURCES, name)
    try:
        source = factory(arg or None)
    except ValueError as exc:
        from ..core.redact import redact

        raise SaidValueError("plugins.bad_spec", kind=Words.of(SOURCES.kind), spec=redact(spec), exc=exc) from None
    source.name = name  # the journal keeps only this identifier, never a path or URL
    return source
