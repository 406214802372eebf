"""Offer sources: where «Отличное предложение» offers come from (no Qt).

A source gets the call context (role, call id, flags — never client data) and
returns an :class:`Offer` or None. Sources are found through the entry-point
group ``operator_assist.offer_sources``; the built-ins are registered there
too, so a third-party package adds one with a single line in its pyproject::

    [project.entry-points."operator_assist.offer_sources"]
    crm = "my_package.offers:CrmOfferSource"

A source class is constructed with the text after ``name:`` in the spec
(``file:/tmp/offer.json`` → ``"/tmp/offer.json"``, ``none`` → None).
:class:`OfferPoller` runs ``fetch`` off the caller's thread with a timeout, so
a hanging or failing source never freezes the window.
"""

from __future__ import annotations

import functools
import json
import logging
import threading
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from .clock import Clock, MonotonicClock
from .files import KB, UserFileError, excerpt, os_error_words, read_regular_file
from .plugins import entry_points_by_name
from .words import Said, SaidValueError, say

log = logging.getLogger(__name__)

GROUP = "operator_assist.offer_sources"
USAGE = {"none": "none", "demo": "demo", "file": "file:PATH", "http": "http:URL"}


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
    from .yamlio import parse_yaml  # YAML only when the file is not JSON; aliases within a budget

    data, problems = parse_yaml(text, where)
    errors = [p for p in problems if p.is_error]
    if errors:
        raise OfferSourceError("offer_sources.neither_json_nor_yaml", json_error=excerpt(str(json_error), 120), yaml_error=errors[0])
    return data


class FileOfferSource(OfferSource):
    """A JSON or YAML file another program writes; re-read when it changes."""

    name = "file"
    interval = 1.0  # a stat() per second

    def __init__(self, arg: str | None = None) -> None:
        if not arg:
            raise SaidValueError("offer_sources.file_needs_path")
        self.path = Path(arg).expanduser()
        self._seen: tuple[int, int] | None = None
        self._offer: Offer | None = None

    def fetch(self, context: OfferContext) -> Offer | None:
        try:
            stat = self.path.stat()
        except OSError as exc:
            self._seen = None
            raise OfferSourceError(os_error_words(exc, self.path)) from None
        version = (stat.st_mtime_ns, stat.st_size)
        if version != self._seen:
            try:
                raw = read_regular_file(self.path, OFFER_LIMIT)  # never waits on a FIFO, never reads 20 MB
            except UserFileError as exc:
                raise OfferSourceError(f"{self.path}: {exc}") from None
            except OSError as exc:
                raise OfferSourceError(os_error_words(exc, self.path)) from None
            # Remembered only once parsed: a half-written file is read again next time.
            self._offer = parse_offer(_decode(raw, str(self.path)))
            self._seen = version
        return self._offer


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


# --- discovery ------------------------------------------------------------------


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
        raise SaidValueError("offer_sources.bad_spec", spec=spec, exc=exc) from None
    source.name = name  # the journal keeps only this identifier, never a path or URL
    return source


# --- polling off the GUI thread ---------------------------------------------------


@dataclass(frozen=True)
class PollResult:
    offer: Offer | None
    error: str | None
    at: float


class OfferPoller:
    """Fetches from a source on background threads, with a timeout.

    ``on_result`` is called from a background thread: a UI must hand the result
    over to its own thread. A fetch that hangs past ``source.timeout`` is
    reported as an error; while it is still hanging no second fetch starts (so
    threads never pile up), and its late answer is dropped.
    """

    def __init__(
        self,
        source: OfferSource,
        context: Callable[[], OfferContext],
        on_result: Callable[[PollResult], None],
        clock: Clock | None = None,
    ) -> None:
        self.source = source
        self.context = context
        self.on_result = on_result
        self.clock = clock or MonotonicClock()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._hung: threading.Thread | None = None
        self._loop: threading.Thread | None = None
        self.failing: str | None = None
        """The error of the current run of failures (None while the source answers)."""

    def start(self) -> None:
        self._loop = threading.Thread(target=self._run, name="offer-poller", daemon=True)
        self._loop.start()

    def request(self) -> None:
        """Fetch now (a call started, the context changed)."""
        self._wake.set()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._loop is not None:
            self._loop.join(timeout=1.0)  # the loop never waits on a hung fetch for longer than its timeout
        self.source.close()

    def _run(self) -> None:
        self.poll_once()
        while not self._stop.is_set():
            self._wake.wait(self.source.interval)
            self._wake.clear()
            if not self._stop.is_set():
                self.poll_once()

    def poll_once(self) -> PollResult:
        timeout = self.source.timeout
        if self._hung is not None and self._hung.is_alive():
            result = PollResult(None, f"no answer within {timeout:g} s", self.clock.now())
            self._note(result)
            self._deliver(result)
            return result
        box: dict[str, Any] = {}
        context = self.context()

        def fetch() -> None:
            try:
                box["offer"] = self.source.fetch(context)
            except OfferSourceTimeout:  # it may beat join(timeout) by a hair: one hang, one report
                box["error"] = f"no answer within {timeout:g} s"
            except OfferSourceError as exc:
                box["error"] = f"OfferSourceError: {exc}"
            except Exception as exc:  # a plugin's bug is its problem, not the operator's
                if self.failing is None:  # the traceback once per run of failures
                    log.warning("offer source %s failed", self.source.name, exc_info=True)
                box["error"] = f"{type(exc).__name__}: {exc}"

        worker = threading.Thread(target=fetch, name="offer-fetch", daemon=True)
        worker.start()
        worker.join(timeout)
        if worker.is_alive():
            self._hung = worker
            result = PollResult(None, f"no answer within {timeout:g} s", self.clock.now())
        else:
            self._hung = None
            result = PollResult(box.get("offer"), box.get("error"), self.clock.now())
        self._note(result)
        self._deliver(result)
        return result

    def _note(self, result: PollResult) -> None:
        """Logs when the source starts failing and when it recovers, not every poll (a file is read each second)."""
        if result.error and self.failing is None:
            log.warning("offer source %s unavailable: %s", self.source.name, result.error)
        elif not result.error and self.failing is not None:
            log.info("offer source %s answers again", self.source.name)
        self.failing = result.error

    def _deliver(self, result: PollResult) -> None:
        try:
            self.on_result(result)
        except Exception:
            log.exception("offer result handler failed")

