"""The HTTP offer source: GETs the offer as JSON from a local or intranet service."""

from __future__ import annotations

import json

from ..core.files import KB, excerpt, os_error_words
from ..core.offer_sources import Offer, OfferContext, OfferSource, OfferSourceError, OfferSourceTimeout, parse_offer
from ..core.redact import redact
from ..messages import SaidValueError, say
from .payload import OFFER_LIMIT


class HttpOfferSource(OfferSource):
    """GETs the offer as JSON from a local or intranet service."""

    name = "http"
    interval = 5.0

    def __init__(self, arg: str | None = None) -> None:
        url = arg or ""
        if url.startswith("//"):  # the spec was a bare http://… URL
            url = "http:" + url
        if not url.startswith(("http://", "https://")) or len(url.split("/", 3)[2]) == 0:
            raise SaidValueError("offer_sources.http_needs_url")
        from .. import web

        self._address, self._authorization = web.split_credentials(url)
        self.url = redact(url)
        """As shown and logged: a password in the address (``http://user:pass@…``) is never shown."""

    def fetch(self, context: OfferContext) -> Offer | None:
        import urllib.error
        import urllib.request

        from .. import web

        headers = {"Accept": "application/json"}
        if self._authorization is not None:
            headers["Authorization"] = self._authorization
        request = urllib.request.Request(self._address, headers=headers)
        redirects = web.same_origin_redirects(lambda host: say("offer_sources.no_redirect", hostname=host))
        opener = urllib.request.build_opener(redirects)
        try:
            with opener.open(request, timeout=self.timeout) as response:
                raw = response.read(OFFER_LIMIT + 1)
        except urllib.error.HTTPError as exc:
            exc.close()  # its connection: the answer's body is not read
            if 300 <= exc.code < 400:
                raise OfferSourceError("offer_sources.http_error_message", code=exc.code, url=self.url, msg=exc.msg) from None
            raise OfferSourceError("offer_sources.http_error", code=exc.code, url=self.url) from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            if isinstance(reason, TimeoutError):  # the socket's timeout is the source's timeout
                raise OfferSourceTimeout(f"{self.url}: {reason}") from None
            if isinstance(reason, OSError):
                raise OfferSourceError(os_error_words(reason, self.url)) from None
            raise OfferSourceError(f"{self.url}: {redact(str(reason))}") from None
        if len(raw) > OFFER_LIMIT:
            raise OfferSourceError("offer_sources.too_large", url=self.url, limit=OFFER_LIMIT // KB)
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:  # RecursionError: nested too deep
            raise OfferSourceError("offer_sources.bad_json", url=self.url, error=excerpt(str(exc), 120)) from None
        return parse_offer(data)
