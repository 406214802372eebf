"""The HTTP offer source: GETs the offer as JSON from a local or intranet service."""

from __future__ import annotations

import json

from ..core.files import KB, excerpt, os_error_words
from ..core.offer_sources import Offer, OfferContext, OfferSource, OfferSourceError, OfferSourceTimeout, parse_offer
from ..messages import SaidValueError, say
from .payload import OFFER_LIMIT


def _same_host_redirects():
    """A urllib redirect handler that follows a redirect only on the same scheme, host and port."""
    import urllib.error
    import urllib.parse
    import urllib.request

    class SameHostRedirects(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, req, fp, code, msg, headers, newurl):
            old, new = urllib.parse.urlsplit(req.full_url), urllib.parse.urlsplit(newurl)
            if (old.scheme, old.hostname, old.port) != (new.scheme, new.hostname, new.port):
                raise urllib.error.HTTPError(
                    req.full_url, code, say("offer_sources.no_redirect", hostname=new.hostname), headers, fp
                )
            return super().redirect_request(req, fp, code, msg, headers, newurl)

    return SameHostRedirects


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
        self.url = url

    def fetch(self, context: OfferContext) -> Offer | None:
        import urllib.error
        import urllib.request

        request = urllib.request.Request(self.url, headers={"Accept": "application/json"})
        opener = urllib.request.build_opener(_same_host_redirects())
        try:
            with opener.open(request, timeout=self.timeout) as response:
                raw = response.read(OFFER_LIMIT + 1)
        except urllib.error.HTTPError as exc:
            if 300 <= exc.code < 400:
                raise OfferSourceError("offer_sources.http_error_message", code=exc.code, url=self.url, msg=exc.msg) from None
            raise OfferSourceError("offer_sources.http_error", code=exc.code, url=self.url) from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            if isinstance(reason, TimeoutError):  # the socket's timeout is the source's timeout
                raise OfferSourceTimeout(f"{self.url}: {reason}") from None
            if isinstance(reason, OSError):
                raise OfferSourceError(os_error_words(reason, self.url)) from None
            raise OfferSourceError(f"{self.url}: {reason}") from None
        if len(raw) > OFFER_LIMIT:
            raise OfferSourceError("offer_sources.too_large", url=self.url, limit=OFFER_LIMIT // KB)
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise OfferSourceError("offer_sources.bad_json", url=self.url, error=excerpt(str(exc), 120)) from None
        return parse_offer(data)
