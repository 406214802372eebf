"""The demo offer source: sample offers of our own writing, for demos and training."""

from __future__ import annotations

import functools
import json
import zlib

from ..core.offer_sources import Offer, OfferContext, OfferSource


@functools.lru_cache(maxsize=1)
def demo_offers() -> tuple[Offer, ...]:
    """The sample offers (``assets/demo_offers.json``: content in the client's language, like the phrases)."""
    from ..paths import asset

    data = json.loads(asset("demo_offers.json").read_text(encoding="utf-8"))
    return tuple(Offer(item["id"], item["title"], item["text"]) for item in data)


class DemoOfferSource(OfferSource):
    """Sample offers of our own writing, the same for the same call: for demos and training."""

    name = "demo"
    interval = None

    def fetch(self, context: OfferContext) -> Offer | None:
        if context.call_id is None:
            return None
        slot = zlib.crc32(context.call_id.encode("utf-8")) % 8  # stable across runs, unlike hash()
        offers = demo_offers()
        return offers[slot] if slot < len(offers) else None  # 2 calls in 8: no offer
