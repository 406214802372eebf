"""Enrolling this PC with a team server: one function for ``team-join`` and the window's dialog.

No Qt; the window calls :func:`join` off the GUI thread (it talks to the server).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from ..core.journal import Journal
from ..paths import UserPaths
from .client import TeamConfig, TeamError, UnavailableError, check_url
from .shipper import Shipper


@dataclass(frozen=True)
class Joined:
    config: TeamConfig
    """What was stored in ``team.json``."""
    reply: dict | None
    """The server's answer; None when it was unreachable (the enrolment is stored anyway)."""
    message: str
    """A Russian line for the operator."""

    @property
    def connected(self) -> bool:
        return self.reply is not None


def join(url: str, token: str, data_dir: str | Path) -> Joined:
    """Checks the address and token, asks the server (which binds the token to this PC's journal)
    and stores the enrolment in the data dir (0600).

    A server that cannot be reached now still gets the enrolment stored: the journal ships
    when it comes back. Raises :class:`TeamError` (``AuthError`` for a refused token: nothing is
    stored) or ``JournalError``; their ``str()`` is a Russian message.
    """
    token = token.strip()
    if not token:
        raise TeamError("Вставьте токен, выданный руководителем.")
    if any(c.isspace() for c in token):
        raise TeamError("В токене не должно быть пробелов и переносов строк: вставьте его целиком одной строкой.")
    config = TeamConfig(check_url(url), token)
    folder = Path(data_dir)
    journal_file = UserPaths.resolve(folder).journal_file
    Journal.open(journal_file).close()  # creates or migrates: it needs its install id
    try:
        _, reply = Shipper(journal_file, config).connect()
    except UnavailableError as exc:
        config.save(folder)
        return Joined(config, None, f"{exc}\nНастройки сохранены; данные уйдут, когда сервер станет доступен.")
    lead = reply.get("lead")
    config = replace(
        config,
        team=str(reply["team"]) if reply.get("team") else None,
        lead=lead if isinstance(lead, bool) else None,
    )
    config.save(folder)
    role = " (руководитель)" if config.lead else ""
    return Joined(
        config,
        reply,
        f"Подключено: оператор {reply.get('login')}{role}, команда «{reply.get('team')}». "
        f"На сервере уже событий этого компьютера: до №{reply.get('last_seq')}.",
    )

