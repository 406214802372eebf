"""The live floor in the running app (issue 23): this desk's state goes to the team server, and a
team lead's app watches the team and alerts once per episode.

:class:`DeskLive` feeds the Qt-free :class:`~operator_assist.team.live_reporter.LiveReporter`
with the call session's snapshots and the listening and telephony links. :class:`LeadFloor`
(a lead's enrolment only) keeps the team's desks from the server's stream, for the «Команда»
tab's live section, and raises a notice and a tray message when someone of the team passes the
hold limit or has had silence for over 20 s — once per episode. Both are made by
:class:`~operator_assist.ui.team.sync.WindowTeamSync`, never for a demo window.
"""

from __future__ import annotations

import time
import urllib.parse

from PySide6.QtCore import QObject, Qt, Signal

from ...team import live
from ...team.client import TeamConfig
from ...team.live_client import StreamSubscriber
from ...team.live_reporter import LiveReporter
from .. import timers

_LOST = ("missing", "lost", "failed")
SEEN_LIMIT = 1000


class DeskLive(QObject):
    """This desk's live state → the server, while the window runs and the PC is enrolled."""

    def __init__(self, window, config: TeamConfig, heartbeat: float = live.HEARTBEAT_S) -> None:
        super().__init__(window)
        self.window = window
        self.session = window.session
        self.reporter = LiveReporter(config, heartbeat=heartbeat, now=self.session.clock.now)
        self.listening = "off"
        self.telephony = "manual"
        self.state: live.LiveState | None = None
        from ..audio.mark import MicMark
        from ..call.source_feed import CallSourceFeed

        mark = window.findChild(MicMark)
        if mark is not None:
            mark.changed.connect(self._mark)
            self._mark(mark.state)
        self._feed = window.findChild(CallSourceFeed)
        if self._feed is not None:
            self._feed.status.connect(self._link)
            self._link()
        self.session.changed.connect(self._changed)
        self.reporter.start()
        self._changed(self.session.snapshot)

    def _mark(self, state: str, *_) -> None:
        self.listening = "on" if state == "listening" else "lost" if state in _LOST else "off"
        self._changed(self.session.snapshot)

    def _link(self, *_) -> None:
        source = self._feed.source
        if not source.following:  # the team source while the server does not follow this desk's calls
            self.telephony = "manual"
        else:
            self.telephony = "connected" if source.status.connected else "down"
        self._changed(self.session.snapshot)

    def _changed(self, snapshot) -> None:
        self.state = live.carry_since(self.state, live.from_snapshot(snapshot, self.listening, self.telephony))
        self.reporter.update(self.state)

    def stop(self) -> None:
        self.session.changed.disconnect(self._changed)
        self.reporter.stop()


class LeadFloor(QObject):
    """The team's desks as the server streams them (a lead's app), and the lead's alerts."""

    changed = Signal()
    """The desks or today's share changed (GUI thread)."""
    status = Signal(str, bool)
    alert = Signal(str)
    """A new episode, in Russian (the notice's and the tray message's text)."""
    _event = Signal(str, object)
    _status = Signal(str, bool)

    def __init__(self, config: TeamConfig, parent=None, now=time.time) -> None:
        super().__init__(parent)
        self.team = config.team or ""
        self.desks: dict[str, dict] = {}
        self.today: dict | None = None
        self.offset = 0.0
        """Server time minus ours, from the stream's ``now``."""
        self._now = now
        self._seen: dict[tuple, None] = {}  # an ordered set of the episodes already told
        self._event.connect(self._apply, Qt.ConnectionType.QueuedConnection)
        self._status.connect(self.status, Qt.ConnectionType.QueuedConnection)
        self._wake = timers.timer(self, 1000, single_shot=True)
        self._wake.timeout.connect(self._check)
        path = f"/v1/teams/{urllib.parse.quote(self.team, safe='')}/live"
        self.subscriber = StreamSubscriber(config, path, self._event.emit, self._status.emit)

    def start(self) -> None:
        self.subscriber.start()

    def stop(self) -> None:
        self._wake.stop()
        self.subscriber.stop()

    def server_now(self) -> float:
        return self._now() + self.offset

    def apply(self, event: str, data: dict) -> None:
        """One event of the stream (GUI thread; the tests call it directly)."""
        self._apply(event, data)

    def _apply(self, event: str, data: object) -> None:
        if not isinstance(data, dict):
            return
        if isinstance(data.get("now"), (int, float)):
            self.offset = data["now"] - self._now()
        if event == "snapshot":
            self.desks = {d["login"]: d for d in data.get("desks", []) if isinstance(d, dict) and "login" in d}
            self.today = data.get("today")
        elif event == "desk" and "login" in data:
            self.desks[data["login"]] = data
        elif event == "today":
            self.today = data
        elif event == "gone":
            login = data.get("login")
            if isinstance(login, str):  # a login as the desks are keyed (an odd one, a list, would not hash)
                self.desks.pop(login, None)
        else:
            return
        self.changed.emit()
        self._check()

    def ordered(self) -> list[dict]:
        now = self.server_now()
        return sorted(self.desks.values(), key=lambda d: live.urgency(d, now))

    def _check(self) -> None:
        """New alert episodes now; then sleeps until the next silence would cross 20 s."""
        now = self.server_now()
        for desk in self.desks.values():
            for kind, started in live.alerts(desk, now):
                key = (desk["login"], kind, started)
                if key not in self._seen:
                    self._seen[key] = None
                    self.alert.emit(self._words(desk, kind, now))
        while len(self._seen) > SEEN_LIMIT:  # episodes are keyed by their start: old ones never come back
            del self._seen[next(iter(self._seen))]
        self._wake.stop()
        moment = live.next_alert_at(list(self.desks.values()), now)
        if moment is not None:
            self._wake.start(max(50, int((moment - now) * 1000) + 50))

    def _words(self, desk: dict, kind: str, now: float) -> str:
        elapsed = max(0, int(now - desk["since"]))
        if kind == "hold_over":
            over = max(0, elapsed - int(desk.get("limit") or 0))
            return self.tr("{login}: удержание сверх лимита (+{m}:{s:02d}).").format(login=desk["login"], m=over // 60, s=over % 60)
        return self.tr("{login}: тишина на линии уже {n} с.").format(login=desk["login"], n=elapsed)
