"""An offer as another program delivers it: JSON (or YAML in a file), within a size limit."""

from __future__ import annotations

import json
from typing import Any

from ..core.files import KB, excerpt
from ..core.offer_sources import OfferSourceError

OFFER_LIMIT = 256 * KB
"""The largest offer a source may deliver (a file's size, an HTTP body)."""


def _decode(raw: bytes, where: str) -> Any:
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise OfferSourceError("offer_sources.not_utf8", where=where) from exc
    if not text.strip():
        return None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        json_error = exc
    from ..core.yamlio import parse_yaml  # YAML only when the file is not JSON; aliases within a budget

    data, problems = parse_yaml(text, where)
    errors = [p for p in problems if p.is_error]
    if errors:
        raise OfferSourceError("offer_sources.neither_json_nor_yaml", json_error=excerpt(str(json_error), 120), yaml_error=errors[0])
    return data
