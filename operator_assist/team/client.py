"""HTTP to the team server with urllib (no extra dependency on the PC), and the stored enrolment.

Whatever the server does, a request ends on time and small: one deadline for the whole exchange
(a server that drips a byte a second is cut off), an answer larger than :data:`MAX_ANSWER_BYTES`
is refused before it is parsed, and a redirect to another origin is refused, so the token never
goes to another host. No Qt here; callers run it off the GUI thread.
"""

from __future__ import annotations

import http.client
import json
import socket
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from ..core.files import excerpt, make_private_dir, write_private
from ..core.redact import redact
from ..i18n import translate
from . import protocol

CONFIG_NAME = "team.json"
DEFAULT_TIMEOUT = 30.0
"""Seconds for a whole exchange: connecting, sending, and every byte of the answer."""
MAX_ANSWER_BYTES = 4 * 1024 * 1024
"""A larger answer is refused unread (a team's statistics for a year are far smaller)."""
ERROR_BODY_BYTES = 64 * 1024


class TeamError(Exception):
    """Shipping or a query failed; ``str()`` is a Russian message for the operator."""


class AuthError(TeamError):
    """The server refused the token (wrong, revoked, another install's): retrying will not help."""


class UnavailableError(TeamError):
    """Network or server trouble: retry later (the journal keeps everything)."""


class RefusedError(TeamError):
    """The server refused the request itself (4xx other than auth)."""


@dataclass(frozen=True)
class TeamConfig:
    url: str
    token: str
    team: str | None = None
    """The team the server enrolled the token for, when it said so at enrolment."""
    lead: bool | None = None
    """Whether the token is a team lead's (None: the server did not say)."""
    install_id: str | None = None
    """The journal the token is bound to: a journal started afresh after damage takes it back."""

    @property
    def server_key(self) -> str:
        """What the journal's ack is kept under: a different server starts from zero."""
        return self.url.rstrip("/")

    @staticmethod
    def path(data_dir: Path) -> Path:
        return Path(data_dir) / CONFIG_NAME

    @classmethod
    def load(cls, data_dir: Path) -> "TeamConfig | None":
        try:
            raw = json.loads(cls.path(data_dir).read_text(encoding="utf-8"))
            team, lead, install = raw.get("team"), raw.get("lead"), raw.get("install_id")  # absent in older files
            return cls(
                str(raw["url"]),
                str(raw["token"]),
                team if isinstance(team, str) and team else None,
                lead if isinstance(lead, bool) else None,
                install if isinstance(install, str) and install else None,
            )
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise TeamError(translate("team", "Файл настроек команды «{path}» не читается ({exc}); подключитесь заново (меню «Вид → Команда: подключиться к серверу…» или team-join).").format(path=cls.path(data_dir), exc=exc)) from exc

    def save(self, data_dir: Path) -> Path:
        """Written 0600: the token is a secret."""
        target = self.path(data_dir)
        make_private_dir(target.parent)
        stored: dict = {"url": self.url, "token": self.token}
        if self.team is not None:
            stored["team"] = self.team
        if self.lead is not None:
            stored["lead"] = self.lead
        if self.install_id is not None:
            stored["install_id"] = self.install_id
        write_private(target, json.dumps(stored, ensure_ascii=False).encode("utf-8"))
        return target

    @classmethod
    def remember_install(cls, data_dir: Path, config: "TeamConfig", install_id: str) -> None:
        """Stores the install id ``config``'s token ships for, unless the enrolment changed meanwhile."""
        if config.install_id == install_id:
            return
        try:
            now = cls.load(data_dir)
        except TeamError:
            return
        if now is not None and (now.url, now.token) == (config.url, config.token):
            replace(now, install_id=install_id).save(data_dir)


def check_url(url: str) -> str:
    parts = urllib.parse.urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise TeamError(translate("team", "Адрес сервера «{url}» должен начинаться с http:// или https://.").format(url=url))
    return url.strip().rstrip("/")


class TeamClient:
    def __init__(self, config: TeamConfig, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.config = config
        self.timeout = timeout

    def request(self, method: str, path: str, body: bytes | None = None) -> dict:
        from .. import web

        url = self.config.url.rstrip("/") + protocol.API + path
        headers = {"Authorization": f"Bearer {self.config.token}", "Accept": "application/json"}
        if body is not None:
            headers["Content-Type"] = "application/json"
        request = urllib.request.Request(url, data=body, headers=headers, method=method)
        shown = redact(self.config.url)
        deadline = web.Deadline(self.timeout).start()
        try:
            response = web.open_with_deadline(request, deadline, web.same_origin_redirects(_refused_redirect))
            with response:
                raw = web.read_capped(response, MAX_ANSWER_BYTES)
        except web.RedirectRefused as exc:
            exc.close()
            raise RefusedError(str(exc.msg)) from None
        except urllib.error.HTTPError as exc:
            message = _server_message(exc)
            if exc.code in (401, 403):
                if exc.code == 401:
                    raise AuthError(
                        translate("team", "Сервер не принял токен (неверный или отозван). Попросите у руководителя новый и подключитесь заново: меню «Вид → Команда: подключиться к серверу…» или «operator-assist team-join АДРЕС ТОКЕН». Журнал на этом компьютере не изменён.")
                    ) from exc
                raise AuthError(translate("team", "Сервер отказал: {message}").format(message=message)) from exc
            if exc.code >= 500:
                raise UnavailableError(translate("team", "Сервер ответил ошибкой {code}: {message}").format(code=exc.code, message=message)) from exc
            raise RefusedError(translate("team", "Сервер отклонил запрос ({code}): {message}").format(code=exc.code, message=message)) from exc
        except web.TooLarge:
            raise UnavailableError(translate("team", "Сервер {url} прислал слишком большой ответ (больше {limit} МБ); он не принят.").format(url=shown, limit=MAX_ANSWER_BYTES // 2**20)) from None
        except (urllib.error.URLError, socket.timeout, ConnectionError, OSError, http.client.HTTPException) as exc:
            if deadline.expired:
                raise UnavailableError(translate("team", "Сервер {url} не ответил целиком за {seconds} с.").format(url=shown, seconds=int(self.timeout))) from None
            reason = getattr(exc, "reason", exc)
            raise UnavailableError(translate("team", "Сервер {url} недоступен ({reason}).").format(url=shown, reason=redact(str(reason)))) from exc
        finally:
            deadline.cancel()
        try:
            answer = json.loads(raw)
        except (ValueError, RecursionError):  # RecursionError: nested deeper than the parser goes
            answer = None
        if not isinstance(answer, dict):
            raise UnavailableError(translate("team", "Сервер {url} ответил не JSON.").format(url=shown))
        return answer

    # --- calls -------------------------------------------------------------------------

    def install(self, install_id: str) -> dict:
        return self.request("GET", f"/installs/{install_id}")

    def send(self, install_id: str, events: list, have: int) -> dict:
        """``have``: the journal's highest event number (the server refuses any beyond it)."""
        body = json.dumps({"events": events, "have": have}, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        return self.request("POST", f"/installs/{install_id}/events", body)

    def team_stats(self, team: str, start: date | None = None, end: date | None = None, period: str | None = None) -> dict:
        """The team's figures. A day the PC does not name is the team's: ``period`` (``today``, ``week``,
        ``month``) and a missing ``end`` are the server's days in the team's time zone (``end``
        defaults to the team's today, ``start`` to 30 days before ``end``)."""
        params = {"period": period} if period else {}
        if start is not None:
            params["from"] = start.isoformat()
        if end is not None:
            params["to"] = end.isoformat()
        query = urllib.parse.urlencode(params)
        return self.request("GET", f"/teams/{urllib.parse.quote(team, safe='')}/stats?{query}")


def _refused_redirect(host: str | None) -> str:
    return translate("team", "Сервер перенаправил запрос на другой адрес ({host}); запрос с токеном туда не отправлен. Проверьте адрес сервера.").format(host=host)


def _server_message(error: urllib.error.HTTPError) -> str:
    try:
        return excerpt(str(json.loads(error.read(ERROR_BODY_BYTES))["error"]), 300, plain=True)
    except Exception:  # noqa: BLE001 - any body at all (too long, cut short, not JSON)
        return error.reason or translate("team", "без пояснения")
    finally:
        error.close()
