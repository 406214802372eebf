"""HTTP for the adapters (the team client, the HTTP offer source) with urllib: what they share.

- :func:`same_origin_redirects`: a redirect is followed only to the same scheme, host and port,
  so a header with a secret (a token, a password) never goes to another server.
- :func:`open_with_deadline`: one deadline for the whole exchange (connect, request, every byte
  of the answer), not per socket read: a server that drips a byte a second still ends on time.
  At the deadline the connection's socket is shut down from a timer thread, which ends any read
  under way.
- :func:`read_capped`: an answer's body, refused past a size before it is all read.
- :func:`split_credentials`: ``user:password@`` of a URL as a Basic header, never in a shown URL
  (:func:`operator_assist.core.redact.redact`).

No Qt here; callers run these off the GUI thread.
"""

from __future__ import annotations

import functools
import http.client
import socket
import threading
import urllib.error
import urllib.parse
import urllib.request
from typing import Callable


def split_credentials(url: str) -> tuple[str, str | None]:
    """(the URL without ``user:password@``, the value of a Basic ``Authorization`` header or None)."""
    import base64

    parts = urllib.parse.urlsplit(url)
    if parts.username is None and parts.password is None:
        return url, None
    host = parts.hostname or ""
    if ":" in host:  # IPv6
        host = f"[{host}]"
    netloc = host if parts.port is None else f"{host}:{parts.port}"
    user = urllib.parse.unquote(parts.username or "")
    password = urllib.parse.unquote(parts.password or "")
    token = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
    return urllib.parse.urlunsplit(parts._replace(netloc=netloc)), f"Basic {token}"


class RedirectRefused(urllib.error.HTTPError):
    """A redirect to another origin was not followed (``msg`` says where it pointed)."""


def _origin(url: str) -> tuple[str, str | None, int | None]:
    parts = urllib.parse.urlsplit(url)
    port = parts.port or {"http": 80, "https": 443}.get(parts.scheme)
    return parts.scheme, parts.hostname, port


def same_origin_redirects(message: Callable[[str | None], str] = lambda host: f"redirect to {host} refused"):
    """A urllib handler that follows a redirect only on the same scheme, host and port; otherwise it
    raises :class:`RedirectRefused` with ``message(hostname)``."""

    class SameOriginRedirects(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, req, fp, code, msg, headers, newurl):
            target = urllib.parse.urljoin(req.full_url, newurl)
            if _origin(req.full_url) != _origin(target):
                raise RedirectRefused(req.full_url, code, message(urllib.parse.urlsplit(target).hostname), headers, fp)
            return super().redirect_request(req, fp, code, msg, headers, newurl)

    return SameOriginRedirects


class Deadline:
    """Shuts down every socket it tracks once ``seconds`` have passed since :meth:`start`."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def start(self) -> "Deadline":
        self._timer.start()
        return self

    def cancel(self) -> None:
        self._timer.cancel()

    def track(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.append(sock)
            expired = self.expired
        if expired:
            _shut(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            sockets = list(self._sockets)
        for sock in sockets:
            _shut(sock)


def _shut(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:  # already closed
        pass


class _Tracked:
    """A connection whose socket its :class:`Deadline` can cut."""

    def __init__(self, *args, deadline: Deadline, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._deadline = deadline

    def connect(self) -> None:
        super().connect()  # type: ignore[misc]
        self._deadline.track(self.sock)  # type: ignore[attr-defined]


class _TrackedHTTP(_Tracked, http.client.HTTPConnection):
    pass


class _TrackedHTTPS(_Tracked, http.client.HTTPSConnection):
    pass


def _handlers(deadline: Deadline) -> list:
    class HTTP(urllib.request.HTTPHandler):
        def http_open(self, req):
            return self.do_open(functools.partial(_TrackedHTTP, deadline=deadline), req)

    class HTTPS(urllib.request.HTTPSHandler):
        def https_open(self, req):
            return self.do_open(functools.partial(_TrackedHTTPS, deadline=deadline), req)

    return [HTTP(), HTTPS()]


def open_with_deadline(request: urllib.request.Request, deadline: Deadline, *handlers):
    """The open response to ``request``, its connections cut when ``deadline`` (started) expires; the
    caller reads it (:func:`read_capped`), then cancels the deadline. Raises what urllib raises; past
    the deadline, whatever the cut connection raises (the caller checks ``deadline.expired``)."""
    opener = urllib.request.build_opener(*_handlers(deadline), *handlers)
    return opener.open(request, timeout=deadline.seconds)


class TooLarge(ValueError):
    """The answer is larger than the cap."""


def read_capped(response, limit: int) -> bytes:
    """The body of ``response``, refused (:class:`TooLarge`) past ``limit`` bytes before it is all read."""
    length = response.headers.get("Content-Length")
    if length is not None and length.strip().isdigit() and int(length) > limit:
        raise TooLarge(length)
    body = response.read(limit + 1)
    if len(body) > limit:
        raise TooLarge(len(body))
    return body
