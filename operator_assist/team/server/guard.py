"""Who may ask: a short-lived cache of good tokens and a per-address limit on wrong ones.

The live floor authenticates every desk's message and every board: asking PostgreSQL each time
would cost more than the message itself, so a good token's owner is kept for :data:`AUTH_TTL`
seconds (a revoked token stops working within that time; an open stream is checked again as
often). Wrong tokens are never cached; instead each address gets :data:`WRONG_LIMIT` of them per
:data:`WRONG_WINDOW` seconds, after which it is refused with 429 until the window passes, and
the log says so once per window (the address and the count, never the token).
"""

from __future__ import annotations

import logging
from collections import OrderedDict, deque
from typing import Awaitable, Callable

from . import db

log = logging.getLogger(__name__)

AUTH_TTL = 30.0
AUTH_CACHE_SIZE = 10_000
WRONG_LIMIT = 20
WRONG_WINDOW = 60.0
TRACKED_ADDRESSES = 10_000


class AuthCache:
    def __init__(self, lookup: Callable[[str], Awaitable[dict]], now: Callable[[], float], ttl: float = AUTH_TTL) -> None:
        self._lookup = lookup
        self._now = now
        self.ttl = ttl
        self._kept: OrderedDict[str, tuple[float, dict]] = OrderedDict()

    async def who(self, token: str) -> dict:
        """The token's owner (see :func:`db.authenticate`); raises ServerError 401 for a wrong one."""
        key = db.hash_token(token)
        kept = self._kept.get(key)
        now = self._now()
        if kept is not None and kept[0] > now:
            return kept[1]
        who = await self._lookup(token)
        self._kept[key] = (now + self.ttl, who)
        self._kept.move_to_end(key)
        while len(self._kept) > AUTH_CACHE_SIZE:
            self._kept.popitem(last=False)
        return who


class WrongTokens:
    """Counts 401s per address in a sliding window."""

    def __init__(self, now: Callable[[], float], limit: int = WRONG_LIMIT, window: float = WRONG_WINDOW) -> None:
        self._now = now
        self.limit = limit
        self.window = window
        self._seen: OrderedDict[str, deque[float]] = OrderedDict()
        self._logged: dict[str, float] = {}

    def _recent(self, address: str) -> deque[float] | None:
        times = self._seen.get(address)
        if times is None:
            return None
        horizon = self._now() - self.window
        while times and times[0] <= horizon:
            times.popleft()
        if not times:
            del self._seen[address]
            self._logged.pop(address, None)
            return None
        return times

    def blocked_for(self, address: str) -> float:
        """Seconds until ``address`` may try again (0: it may now)."""
        times = self._recent(address)
        if times is None or len(times) < self.limit:
            return 0.0
        return max(0.0, times[-self.limit] + self.window - self._now())

    def failed(self, address: str) -> None:
        now = self._now()
        times = self._recent(address)
        if times is None:
            times = self._seen[address] = deque()
            while len(self._seen) > TRACKED_ADDRESSES:
                old, _ = self._seen.popitem(last=False)
                self._logged.pop(old, None)
        times.append(now)
        if len(times) > self.limit:
            times.popleft()
        blocked = len(times) >= self.limit
        if len(times) == 1 or (blocked and now - self._logged.get(address, -1e18) > self.window):
            if blocked:
                self._logged[address] = now
            log.warning("wrong team token from %s (%d in the last %d s%s)", address, len(times), self.window,
                        ", refused for now" if len(times) >= self.limit else "")  # fmt: skip
