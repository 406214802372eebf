"""Enrolling this PC with a team server: one function for ``team-join`` and the window's dialog.

No Qt; the window calls :func:`join` off the GUI thread (it talks to the server).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from ..core.journal import Journal
from ..i18n import translate
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
        raise TeamError(translate("team", "Вставьте токен, выданный руководителем."))
    if any(c.isspace() for c in token):
        raise TeamError(translate("team", "В токене не должно быть пробелов и переносов строк: вставьте его целиком одной строкой."))
    config = TeamConfig(check_url(url), token)
    folder = Path(data_dir)
    journal_file = UserPaths.resolve(folder).journal_file
    Journal.open(journal_file).close()  # creates or migrates: it needs its install id
    try:
        install_id, reply = Shipper(journal_file, config).connect()
    except UnavailableError as exc:
        config.save(folder)
        return Joined(config, None, translate("team", "{exc}\nНастройки сохранены; данные уйдут, когда сервер станет доступен.").format(exc=exc))
    lead = reply.get("lead")
    config = replace(
        config,
        team=str(reply["team"]) if reply.get("team") else None,
        lead=lead if isinstance(lead, bool) else None,
        install_id=install_id,
    )
    config.save(folder)
    role = translate("team", " (руководитель)") if config.lead else ""
    return Joined(
        config,
        reply,
        translate("team", "Подключено: оператор {login}{role}, команда «{team}». На сервере уже событий этого компьютера: до №{last}."
        ).format(login=reply.get("login"), role=role, team=reply.get("team"), last=reply.get("last_seq")),
    )

