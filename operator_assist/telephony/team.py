"""``team`` — the operator's calls as the team server follows them on the PBX (issue 25).

The server holds the one AMI connection (``operator-assist-server serve --ami``); this desk needs
nothing but its team token (``team-join``): no PBX address, user or secret is ever on it. The
server's ``/v1/stream`` (the operator's own, authenticated) brings this operator's call events
(``call``) and the PBX link's state (``pbx``); its snapshot, on every connection that could not
resume, carries the call as it is now, so a desk that reconnects mid-call picks it up where it
is (a call that ended meanwhile ends here too).

The operator's keys go back as ``POST /v1/commands`` naming the call they were meant for; the
server sends the AMI action only for a live call of this operator's extension. A key pressed
while either link is down is refused at once and never sent later: it cannot reach the next
call. Where the PBX cannot do it (stock Asterisk has no AMI ``Hold``: hold is the phone's), F7
says so once, and the hold stays «не подтверждено» until the phone's own hold comes through.

With the default ``telephony.source: auto`` an enrolled desk uses this source by itself; it stays
«вручную» until the server says it follows this operator's calls.
"""

from __future__ import annotations

import http.client
import json
import logging
import queue
import secrets
import threading
import time
import urllib.parse
from collections import deque
from dataclasses import dataclass

from ..core.call_sources import CallSource, CommandRefused, TelephonyConfig
from ..core.telephony import (
    ANSWER,
    BY_AGENT,
    BY_PEER,
    CALL_ANSWERED,
    CALL_ENDED,
    CALL_RINGING,
    HOLD_ENDED,
    HOLD_STARTED,
    clean_number,
)
from ..i18n import translate
from ..messages import render
from ..team import protocol
from ..team.client import TeamConfig, TeamError
from ..team.live_client import StreamSubscriber

log = logging.getLogger(__name__)

VERBS = {"start_hold": "hold", "resume": "resume", "end_call": "hangup", ANSWER: "answer"}
"""The session's command → the server's ``action``."""
KINDS = {"ringing": CALL_RINGING, "answered": CALL_ANSWERED, "hold": HOLD_STARTED, "unhold": HOLD_ENDED,
         "ended": CALL_ENDED}  # fmt: skip
COMMAND_TIMEOUT = 5.0
"""Seconds for one command's whole exchange with the server."""
STALE_S = 2.0
"""A command still waiting for the sender this long after its key is dropped (and said), not sent."""
MAX_ANSWER = 64 * 1024
STOP_WAIT = 0.3
"""Seconds the closing app waits for a command in flight."""


@dataclass
class Followed:
    call_id: str
    state: str
    """``ringing`` or ``talking``."""
    hold: bool = False
    peer_hold: bool = False


def auto_source(config: TelephonyConfig) -> CallSource | None:
    """``telephony.source: auto``: this source when the PC is enrolled with a team server, else None (the keys alone)."""
    if config.data_dir is None:
        return None
    try:
        enrolled = TeamConfig.load(config.data_dir)
    except TeamError:
        return None  # the team link says why, in the status bar
    if enrolled is None:
        return None
    source = TeamCallSource(None, config, auto=True)
    source.name = "team"
    return source


class TeamCallSource(CallSource):
    name = "team"
    can_answer = False
    """No AMI action makes a SIP phone pick up: F5 on a ringing call says to answer in the phone."""

    def __init__(self, arg: str | None = None, config: TelephonyConfig | None = None, auto: bool = False) -> None:
        super().__init__(arg, config)
        self.label = translate("telephony", "АТС")
        try:
            team = TeamConfig.load(self.config.data_dir) if self.config.data_dir is not None else None
        except TeamError as exc:
            raise ValueError(str(exc)) from None
        if team is None:
            raise ValueError(translate("telephony", "для источника 'team' подключите этот компьютер к серверу команды: operator-assist team-join АДРЕС ТОКЕН"))
        self.team = team
        self.auto = auto
        self._lock = threading.Lock()
        self.follows: bool | None = None
        """Whether the server follows this operator's calls (None: not known yet)."""
        self.linked = False
        self.pbx_connected = False
        self.actions: frozenset[str] = frozenset()
        """What the server can have the PBX do (``hold``, ``resume``, ``hangup``)."""
        self.call: Followed | None = None
        self.held: set[str] = set()
        """Calls whose hold was sent: a resume is sent only for these."""
        self._told: set[str] = set()
        """Commands the PBX cannot do that the operator has been told of."""
        self._outbox: queue.Queue = queue.Queue()
        self._stream: StreamSubscriber | None = None
        self._sender: threading.Thread | None = None
        self.sent: deque[tuple[str, str]] = deque(maxlen=64)
        """(action, call id) of the last commands sent to the server (for a look in a test)."""
        self._show()

    def __repr__(self) -> str:  # never the token
        return f"TeamCallSource({self.team.url!r})"

    # --- life -----------------------------------------------------------------------------

    def start(self, on_event, on_status, clock=None) -> None:
        super().start(on_event, on_status, clock)
        refused = translate("telephony", "сервер команды не принял токен этого компьютера (отозван?)")
        self._stream = StreamSubscriber(self.team, f"{protocol.API}/stream", self._on_stream, self._on_link, refused=refused)
        self._sender = threading.Thread(target=self._send_loop, name="call-source-team-commands", daemon=True)
        self._sender.start()
        self._stream.start()

    def stop(self) -> None:
        if self._stream is not None:
            self._stream.stop()
            self._stream = None
        if self._sender is not None:
            self._outbox.put(None)
            self._sender.join(timeout=STOP_WAIT)  # quitting never waits on a slow server (the thread is a daemon)
            self._sender = None

    @property
    def following(self) -> bool:
        """The desk's call follows the PBX (False: the server does not follow this operator, or not known yet)."""
        return bool(self.follows)

    # --- the stream (its reader thread) -----------------------------------------------------------

    def _on_link(self, text: str, ok: bool) -> None:
        if ok:
            return  # «hello» says more
        with self._lock:
            self.linked = False
        self._show(text)

    def _on_stream(self, event: str, data: dict) -> None:
        if event == "hello":
            with self._lock:
                self.linked = True
            self._show()
        elif event == "snapshot":
            self._pbx(data.get("pbx"), whole=True)
            if self.follows:
                self._reconcile(data.get("call"))
        elif event == "pbx":
            self._pbx(data, whole=False)
        elif event == "call" and self.follows:
            self._call(data)

    def _pbx(self, state, whole: bool) -> None:
        state = state if isinstance(state, dict) else {}
        with self._lock:
            if whole:
                self.follows = state.get("follows") is True
            self.pbx_connected = state.get("connected") is True
            actions = frozenset(a for a in state.get("actions", ()) if isinstance(a, str)) if self.follows else frozenset()
            if actions != self.actions:
                self.actions, self._told = actions, set()
        self._show()

    def _call(self, data: dict) -> None:
        kind, call_id, by = KINDS.get(str(data.get("kind"))), data.get("call_id"), data.get("by", BY_AGENT)
        if kind is None or not isinstance(call_id, str) or not call_id or by not in (BY_AGENT, BY_PEER):
            log.warning("team: a call event that is not of the vocabulary skipped")
            return
        self._emit(kind, call_id, by, clean_number(data.get("number")) if kind == CALL_RINGING else "")

    def _reconcile(self, call) -> None:
        """The snapshot's call (the server's word on the call now) against the call this desk follows."""
        call = call if isinstance(call, dict) and isinstance(call.get("call_id"), str) and call["call_id"] else None
        mine = self.call
        if mine is not None and (call is None or call["call_id"] != mine.call_id):
            log.info("team: call %s ended while the link was down", mine.call_id)
            self._emit(CALL_ENDED, mine.call_id, BY_AGENT)
        if call is None:
            return
        call_id = call["call_id"]
        if call.get("state") == "ringing":
            self._emit(CALL_RINGING, call_id, BY_AGENT, clean_number(call.get("number")))
            return
        self._emit(CALL_ANSWERED, call_id, BY_AGENT)
        for key, by in (("hold", BY_AGENT), ("peer_hold", BY_PEER)):
            now = call.get(key) is True
            before = self.call is not None and getattr(self.call, key)
            if now != before:
                self._emit(HOLD_STARTED if now else HOLD_ENDED, call_id, by)

    def _emit(self, kind: str, call_id: str, by: str, number: str = "") -> None:
        with self._lock:
            mine = self.call
            if kind == CALL_RINGING:
                if mine is None or mine.state == "ringing":
                    self.call = Followed(call_id, "ringing")
            elif kind == CALL_ANSWERED:
                if mine is None or mine.call_id != call_id:
                    mine = self.call = Followed(call_id, "talking")
                mine.state = "talking"
            elif kind == CALL_ENDED:
                self.held.discard(call_id)
                if mine is not None and mine.call_id == call_id:
                    self.call = None
            elif mine is not None and mine.call_id == call_id:
                setattr(mine, "peer_hold" if by == BY_PEER else "hold", kind == HOLD_STARTED)
        self.emit(kind, call_id, by, number=number)

    def _show(self, down: str | None = None) -> None:
        """The link as the status bar says it; ``down``: the stream's link just dropped."""
        with self._lock:
            follows, linked, pbx = self.follows, self.linked, self.pbx_connected
        connected = False
        if self.auto and not follows:  # the server offers nothing (yet): the keys alone, as without this source
            text = render("call_sources.manual")
        elif follows is False:
            text = translate("telephony", "телефония не подключена (сервер команды не следит за звонками этого оператора: администратор не назначил добавочный)")
        elif down is not None:
            text = translate("telephony", "телефония не подключена (нет связи с сервером команды; повтор…)")
        elif not linked or follows is None:
            text = translate("telephony", "АТС: подключение к серверу команды…")
        elif not pbx:
            text = translate("telephony", "телефония не подключена (у сервера команды нет связи с АТС)")
        else:
            text, connected = translate("telephony", "АТС через сервер команды: подключено"), True
        self._set_status(text, connected)

    # --- commands (the GUI thread) -------------------------------------------------------------

    def command(self, action: str, call_id: str | None) -> bool:
        verb = VERBS.get(action)
        if verb is None or not call_id:
            return False
        with self._lock:
            if not self.follows:
                return False  # the server does not follow this operator's calls: the keys alone
            if verb == "resume" and call_id not in self.held:
                return False  # the hold never reached the PBX: nothing to undo there
            if not self.linked:
                raise CommandRefused(translate("telephony", "нет связи с сервером команды"))
            if self.call is None or self.call.call_id != call_id:
                raise CommandRefused(translate("telephony", "этого звонка на АТС уже нет"))
            if not self.pbx_connected:
                raise CommandRefused(translate("telephony", "у сервера команды нет связи с АТС"))
            if verb not in self.actions:
                return self._cannot(verb)
            if verb == "hold":
                self.held.add(call_id)
            elif verb == "resume":
                self.held.discard(call_id)
            self._outbox.put((secrets.token_hex(8), verb, call_id, action, time.monotonic()))
        return True

    def _cannot(self, verb: str) -> bool:
        """Under the lock: what the PBX cannot do. F7 says so once (the phone's own hold then confirms
        the window's); F8 and F5 are the phone's, as without a PBX link."""
        if verb != "hold":
            return False
        if verb in self._told:
            return True  # said already: the window's hold waits for the phone's
        self._told.add(verb)
        raise CommandRefused(translate("telephony", "АТС не ставит звонок на удержание по команде помощника; поставьте его на удержание в телефоне — помощник увидит это сам"))

    def _send_loop(self) -> None:
        while True:
            item = self._outbox.get()
            if item is None:
                return
            command_id, verb, call_id, action, queued = item
            if time.monotonic() - queued > STALE_S:  # never late: by now it could be meant for a call that is gone
                self._failed(verb, action, call_id, translate("telephony", "команда не ушла на сервер вовремя"))
                continue
            self.sent.append((verb, call_id))
            try:
                status, answer = self._post({"call_id": call_id, "action": verb, "id": command_id})
            except (OSError, http.client.HTTPException, ValueError) as exc:
                log.info("team: %s not sent: %s", verb, type(exc).__name__)
                self._failed(verb, action, call_id, translate("telephony", "связь с сервером команды прервалась"))
                continue
            if status == 200 and answer.get("result") == "done":
                continue  # the PBX's own event confirms it on the stream
            self._failed(verb, action, call_id, self._why(status, answer))

    def _why(self, status: int, answer: dict) -> str:
        result = answer.get("result")
        if result == "refused":
            return translate("telephony", "этого звонка на АТС уже нет")
        if result == "unsupported":
            return translate("telephony", "АТС этого не умеет")
        if result == "failed":
            return translate("telephony", "АТС не выполнила ({reason})").format(reason=str(answer.get("error", ""))[:120])
        if status in (401, 403):
            return translate("telephony", "сервер команды не принял токен этого компьютера (отозван?)")
        return translate("telephony", "сервер команды ответил {status}").format(status=status)

    def _failed(self, verb: str, action: str, call_id: str, detail: str) -> None:
        if verb == "hold":
            with self._lock:
                self.held.discard(call_id)
        self.command_failed(action, call_id, detail)

    def _post(self, body: dict) -> tuple[int, dict]:
        parts = urllib.parse.urlsplit(self.team.url)
        kind = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
        conn = kind(parts.hostname or "", parts.port, timeout=COMMAND_TIMEOUT)
        try:
            conn.request("POST", parts.path.rstrip("/") + f"{protocol.API}/commands", json.dumps(body).encode(),
                         {"Authorization": f"Bearer {self.team.token}", "Content-Type": "application/json"})  # fmt: skip
            response = conn.getresponse()
            raw = response.read(MAX_ANSWER)
        finally:
            conn.close()
        try:
            answer = json.loads(raw)
        except (ValueError, RecursionError):
            answer = None
        return response.status, answer if isinstance(answer, dict) else {}
