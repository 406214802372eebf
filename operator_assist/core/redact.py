"""Credentials in an address are never shown: ``http://user:password@host`` → ``http://***@host``.

For every text that may quote an address a user configured (an offer source's URL on the lamp, in
the log and in notices; the command line in the log).
"""

from __future__ import annotations

import re

_CREDENTIALS = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)[^\s/@]+@")


def redact(text: str) -> str:
    """``text`` with the ``user:password@`` of every URL in it replaced by ``***@``."""
    return _CREDENTIALS.sub(r"\1***@", text)
