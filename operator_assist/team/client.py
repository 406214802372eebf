"""HTTP to the team server with urllib (no extra dependency on the PC), and the stored enrolment.

No Qt here; callers run it off the GUI thread.
"""

from __future__ import annotations

import json
import socket
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..core.files import write_private
from ..i18n import translate
from . import protocol

CONFIG_NAME = "team.json"
DEFAULT_TIMEOUT = 30.0


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
            team, lead = raw.get("team"), raw.get("lead")  # absent in files from before they were kept
            return cls(
                str(raw["url"]),
                str(raw["token"]),
                team if isinstance(team, str) and team else None,
                lead if isinstance(lead, bool) else None,
            )
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise TeamError(translate("team", "Файл настроек команды «{path}» не читается ({exc}); подключитесь заново (меню «Вид → Команда: подключиться к серверу…» или team-join).").format(path=cls.path(data_dir), exc=exc)) from exc

    def save(self, data_dir: Path) -> Path:
        """Written 0600: the token is a secret."""
        target = self.path(data_dir)
        target.parent.mkdir(parents=True, exist_ok=True)
        stored: dict = {"url": self.url, "token": self.token}
        if self.team is not None:
            stored["team"] = self.team
        if self.lead is not None:
            stored["lead"] = self.lead
        write_private(target, json.dumps(stored, ensure_ascii=False).encode("utf-8"))
        return target


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
        url = self.config.url.rstrip("/") + protocol.API + path
        headers = {"Authorization": f"Bearer {self.config.token}", "Accept": "application/json"}
        if body is not None:
            headers["Content-Type"] = "application/json"
        request = urllib.request.Request(url, data=body, headers=headers, method=method)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return json.loads(response.read())
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
        except (urllib.error.URLError, socket.timeout, ConnectionError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise UnavailableError(translate("team", "Сервер {url} недоступен ({reason}).").format(url=self.config.url, reason=reason)) from exc
        except ValueError as exc:
            raise UnavailableError(translate("team", "Сервер {url} ответил не JSON.").format(url=self.config.url)) from exc

    # --- calls -------------------------------------------------------------------------

    def install(self, install_id: str) -> dict:
        return self.request("GET", f"/installs/{install_id}")

    def send(self, install_id: str, events: list) -> dict:
        body = json.dumps({"events": events}, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        return self.request("POST", f"/installs/{install_id}/events", body)

    def team_stats(self, team: str, start: date, end: date) -> dict:
        query = urllib.parse.urlencode({"from": start.isoformat(), "to": end.isoformat()})
        return self.request("GET", f"/teams/{urllib.parse.quote(team, safe='')}/stats?{query}")


def _server_message(error: urllib.error.HTTPError) -> str:
    try:
        return str(json.loads(error.read())["error"])
    except Exception:  # noqa: BLE001 - any body at all
        return error.reason or translate("team", "без пояснения")
