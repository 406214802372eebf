"""The team server as the call centre's CTI hub (issue 25): the PBX's events to each operator's own
desk, and the desks' commands back to the PBX.

    POST /v1/commands   {"call_id", "action": "hold" | "resume" | "hangup" | "answer", "id"}  (an operator's token)
                        -> {"id", "call_id", "action", "result": "done" | "refused" | "unsupported" | "failed", "error"?}

Each extension is mapped to one operator (``add-operator … --extension``, or the mapping file of
``serve --extensions``). A call event of that extension is published on that operator's own
stream (``/v1/stream``, event ``call``) and nowhere else; the stream's snapshot carries the
operator's call now (``call``) and the PBX link (``pbx``), so a desk that reconnects mid-call
picks the call up where it is.

A command is for one call: the server sends its AMI action only when ``call_id`` is a live call
of the operator's extension, and names that extension's own channel in it (checked and sent in
one turn of the event loop: no PBX event can come between). Anything else is refused with 409
and reaches no call. What the PBX cannot do (stock Asterisk has no ``Hold`` action: hold is the
phone's) is ``unsupported`` (501), and the desk says so.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Callable

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from ...core.telephony import CALL_RINGING
from . import db
from .guard import AuthCache
from .hub import Hub, operator_topic
from .pbx import PbxLink
from .switchboard import KIND_NAMES, CallEvent, Switchboard

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 1024
AMI_ACTIONS = {"hold": ("Hold", "Unhold"), "resume": ("Unhold",), "hangup": ("Hangup",), "answer": ()}
"""A desk's command → the AMI actions the PBX must offer for it (``answer``: none can make a SIP phone pick up)."""
WHEN = {"hold": "talking", "resume": "talking", "hangup": "talking", "answer": "ringing"}
EXTENSION = re.compile(r"[A-Za-z0-9_.+-]{1,64}")
"""An endpoint's name as it stands in its channels (``PJSIP/<extension>-<hex>``)."""
UNSUPPORTED = {
    "hold": "АТС не ставит звонок на удержание по команде (у неё нет действия AMI Hold): удерживайте в телефоне",
    "resume": "АТС не снимает звонок с удержания по команде (нет действия AMI Unhold): верните звонок в телефоне",
    "hangup": "АТС не завершает звонок по команде (пользователю AMI не разрешено действие Hangup)",
    "answer": "АТС не снимает трубку за телефон: ответьте в телефоне",
}


class ExtensionsFileError(ValueError):
    """The mapping file cannot be used: ``str()`` says where (file:line) and why, in Russian."""


def check_extension(value: str) -> str:
    if not EXTENSION.fullmatch(value):
        raise ValueError(f"добавочный «{value[:64]}»: только латинские буквы, цифры и . _ + - (до 64 знаков)")
    return value


def read_extensions_file(path: Path) -> dict[str, str]:
    """``LOGIN EXTENSION`` per line (or ``LOGIN,EXTENSION``: a spreadsheet's CSV), ``#`` comments → login → extension."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ExtensionsFileError(f"{path}: не читается ({exc})") from None
    found: dict[str, str] = {}
    owner: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        fields = [f for f in re.split(r"[\s,;]+", line) if f]
        where = f"{path}:{number}"
        if len(fields) != 2:
            raise ExtensionsFileError(f"{where}: нужно «логин добавочный», найдено полей: {len(fields)}")
        login, extension = fields
        try:
            check_extension(extension)
        except ValueError as exc:
            raise ExtensionsFileError(f"{where}: {exc}") from None
        if login in found and found[login] != extension:
            raise ExtensionsFileError(f"{where}: у оператора {login} уже есть добавочный {found[login]}")
        if owner.get(extension, login) != login:
            raise ExtensionsFileError(f"{where}: добавочный {extension} уже у оператора {owner[extension]}")
        found[login], owner[extension] = extension, login
    return found


class Telephony:
    """The hub's PBX side: the link, the switchboard, the extension map, the route and the snapshot part."""

    def __init__(self, hub: Hub, auth: AuthCache, body: Callable, token: Callable, ami: tuple[str, int, str, str],
                 extensions_file: Path | None = None) -> None:  # fmt: skip
        host, port, user, secret = ami
        self.hub = hub
        self.auth = auth
        self._body = body
        self._token = token
        self.board = Switchboard()
        self.link = PbxLink(host, port, user, secret, self.board, self._publish, self._link_changed, hub.now)
        self.extensions_file = extensions_file
        self.operator_of: dict[str, int] = {}
        """extension → operator_id"""
        self.extension_of: dict[int, str] = {}
        self._warned: set[str] = set()

    def routes(self, guarded: Callable) -> list[Route]:
        return [Route("/v1/commands", guarded(self.command), methods=["POST"])]

    # --- the extension map --------------------------------------------------------------------

    async def reload(self, conn) -> None:
        """The operators' extensions from the database, the mapping file's over them (at start, then every minute)."""
        rows = await db.extensions(conn)
        ids = {login: operator_id for operator_id, login, _ in rows}
        mapping = {extension: operator_id for operator_id, _, extension in rows if extension}
        if self.extensions_file is not None:
            try:
                from_file = read_extensions_file(self.extensions_file)
            except ExtensionsFileError as exc:  # checked at start: someone broke it since; keep the last good map
                self._warn(str(exc))
                return
            for login in from_file.keys() - ids.keys():
                self._warn(f"{self.extensions_file}: оператора {login} нет на сервере (add-operator)")
            named = {ids[login]: extension for login, extension in from_file.items() if login in ids}
            taken = set(from_file.values())
            mapping = {ext: op for ext, op in mapping.items() if ext not in taken and op not in named}
            mapping.update({extension: operator for operator, extension in named.items()})
        self.set_map(mapping)

    def set_map(self, mapping: dict[str, int]) -> None:
        self.operator_of = dict(mapping)
        self.extension_of = {op: ext for ext, op in mapping.items()}
        self.board.set_extensions(mapping)

    def _warn(self, text: str) -> None:
        if text not in self._warned:
            self._warned.add(text)
            log.warning("%s", text)

    # --- PBX → desks ----------------------------------------------------------------------------

    def _publish(self, events: list[CallEvent]) -> None:
        now = round(self.hub.now(), 3)
        for event in events:
            operator = self.operator_of.get(event.extension)
            if operator is None:
                continue
            data = {"call_id": event.call_id, "kind": KIND_NAMES[event.kind], "by": event.by, "at": now, "now": now}
            if event.kind == CALL_RINGING and event.number:
                data["number"] = event.number  # this operator's stream only; never logged or stored
            self.hub.publish(operator_topic(operator), "call", data)

    def _link_changed(self) -> None:
        state = {**self.pbx_state(), "now": round(self.hub.now(), 3)}
        for operator in self.extension_of:
            self.hub.publish(operator_topic(operator), "pbx", state)

    def pbx_state(self) -> dict:
        offered = self.link.actions
        can = [verb for verb, needs in AMI_ACTIONS.items() if needs and all(name in offered for name in needs)]
        return {"connected": self.link.connected, "actions": can}

    def snapshot_part(self, who: dict) -> dict:
        """The operator's stream snapshot: whether the server follows this operator's calls, and the call now."""
        extension = self.extension_of.get(who["operator_id"])
        if extension is None:
            return {"pbx": {"follows": False}, "call": None}
        call = self.board.current(extension)
        return {"pbx": {"follows": True, **self.pbx_state()}, "call": None if call is None else call.public()}

    # --- desks → PBX ---------------------------------------------------------------------------

    async def command(self, request: Request) -> JSONResponse:
        who = await self.auth.who(self._token(request))
        db.operator_only(who)
        body = await self._body(request, MAX_BODY_BYTES)
        if not isinstance(body, dict) or set(body) - {"call_id", "action", "id"}:
            raise db.ServerError(422, "Команда отклонена: нужен объект {call_id, action, id}.")
        call_id, verb, command_id = body.get("call_id"), body.get("action"), body.get("id", "")
        if verb not in AMI_ACTIONS:
            raise db.ServerError(422, "Команда отклонена: action — hold, resume, hangup или answer.")
        if not isinstance(call_id, str) or not 0 < len(call_id) <= 200 or not isinstance(command_id, str) or len(command_id) > 64:
            raise db.ServerError(422, "Команда отклонена: call_id — строка до 200 знаков, id — до 64.")
        operator = who["operator_id"]
        result, status, error = await self._run(operator, call_id, verb)
        answer = {"id": command_id, "call_id": call_id, "action": verb, "result": result}
        if error:
            answer["error"] = error
        self.hub.publish(operator_topic(operator), "command", {**answer, "now": round(self.hub.now(), 3)})
        return JSONResponse(answer, status_code=status)

    async def _run(self, operator: int, call_id: str, verb: str) -> tuple[str, int, str]:
        extension = self.extension_of.get(operator)
        if extension is None:
            return "refused", 409, "за звонками этого оператора сервер не следит (нет добавочного)"
        channel = self.board.channel_for(extension, call_id)
        call = self.board.calls.get(extension, {}).get(call_id)
        if channel is None or call is None:
            return "refused", 409, "этого звонка у оператора на АТС уже нет"
        if call.state != WHEN[verb]:
            return "refused", 409, "звонок ещё не отвечен" if call.state == "ringing" else "звонок уже отвечен"
        needs = AMI_ACTIONS[verb]
        if not self.link.connected:
            return "failed", 503, "нет связи с АТС"
        if not needs or not all(name in self.link.actions for name in needs):
            return "unsupported", 501, UNSUPPORTED[verb]
        try:  # checked above and sent here, in the same turn of the loop
            answer = await self.link.send(needs[0], Channel=channel)
        except (ConnectionError, TimeoutError) as exc:
            log.info("PBX: %s for extension %s not sent: %s", verb, extension, exc)
            return "failed", 503, "связь с АТС прервалась"
        if answer.get("Response") != "Success":
            reason = (answer.get("Message") or "ошибка")[:80]
            log.info("PBX: %s for extension %s refused: %s", verb, extension, reason)
            return "failed", 502, f"АТС отказала: {reason}"
        return "done", 200, ""
