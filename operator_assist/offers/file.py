"""The file offer source: a JSON or YAML file another program writes."""

from __future__ import annotations

from pathlib import Path

from ..core.files import UserFileError, os_error_words, read_regular_file
from ..core.offer_sources import Offer, OfferContext, OfferSource, OfferSourceError, parse_offer
from ..messages import SaidValueError
from .payload import OFFER_LIMIT, _decode


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
