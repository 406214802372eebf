"""The live floor in the app (issue 23): the desk's reporter, the lead's alerts and the «Команда» tab's
live section. The end-to-end test runs two real windows against the real server."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from operator_assist.core.clock import FakeClock
from operator_assist.core.commands import Action
from operator_assist.core.engine import CallEngine
from operator_assist.core.settings import bundled_settings
from operator_assist.team import live
from operator_assist.team.client import TeamConfig
from operator_assist.team.enrol import join
from operator_assist.team.live_reporter import LiveReporter
from operator_assist.team.server.testing import free_port
from operator_assist.ui.app import attach_team_sync
from operator_assist.ui.desktop.shell import DesktopShell
from operator_assist.ui.team.live import LeadFloor
from operator_assist.ui.team.live_floor_panel import LiveFloorPanel

from .test_team_window import WAIT, open_window


class StubServer:
    """Records the desks' reports; answers ``status`` (204, or a refusal)."""

    def __init__(self, port: int | None = None) -> None:
        self.bodies: list[dict] = []
        self.status = 204
        self.answer = threading.Event()
        """Cleared: a report is taken, then answered only once it is set again."""
        self.answer.set()
        stub = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_PUT(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                stub.bodies.append(json.loads(body))
                stub.answer.wait(10)
                self.send_response(stub.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", port or 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.answer.set()
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(10)


def wait_for(predicate, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline
        time.sleep(0.01)


@pytest.fixture
def stub():
    server = StubServer()
    yield server
    server.close()


def desk_state(engine, **links):
    return live.from_snapshot(engine.snapshot(), **links)


def test_the_reporter_sends_changes_and_heartbeats_only_the_listed_fields(stub):
    clock = FakeClock(start=1000.0)
    engine = CallEngine(clock, bundled_settings())
    reporter = LiveReporter(TeamConfig(stub.url, "oa_t"), heartbeat=0.3, now=clock.now)
    reporter.start()
    try:
        engine.start_call()
        clock.advance(7)
        reporter.update(desk_state(engine, listening="on", telephony="connected"))
        wait_for(lambda: stub.bodies)
        first = stub.bodies[0]
        assert first == {"state": "talking", "elapsed": 7.0, "limit": 120.0, "warning": None, "dead_air": False,
                         "listening": "on", "telephony": "connected", "heartbeat": 0.3}  # fmt: skip
        for _ in range(5):  # the same state, second by second: no report of its own
            clock.advance(1)
            reporter.update(desk_state(engine, listening="on", telephony="connected"))
        engine.start_hold()
        reporter.update(desk_state(engine, listening="on", telephony="connected"))
        wait_for(lambda: any(b["state"] == "hold" for b in stub.bodies))
        holds = [b for b in stub.bodies if b["state"] == "hold"]
        assert holds[0]["elapsed"] == 0.0 and all(b["state"] == "talking" for b in stub.bodies[: stub.bodies.index(holds[0])])
        # Heartbeats repeat the state while nothing changes (the time in it grows with the call's clock).
        clock.advance(3)
        count = len(stub.bodies)
        wait_for(lambda: len(stub.bodies) >= count + 2)
        assert stub.bodies[-1]["state"] == "hold" and stub.bodies[-1]["elapsed"] == 3.0
    finally:
        reporter.stop()
    assert reporter.dropped == 0


def test_a_report_cut_off_by_quitting_is_not_a_dropped_report_nor_a_lost_server(stub):
    """Under load, quitting met a heartbeat in flight: it was counted as dropped and «не на связи» was said."""
    clock = FakeClock(start=1000.0)
    engine = CallEngine(clock, bundled_settings())
    said = []
    reporter = LiveReporter(TeamConfig(stub.url, "oa_t"), heartbeat=30, now=clock.now, on_status=lambda text, ok: said.append(ok))
    stub.answer.clear()  # the server takes the report and has not answered yet
    reporter.start()
    reporter.update(desk_state(engine))
    wait_for(lambda: stub.bodies)
    reporter.stop()
    assert (reporter.dropped, reporter.sent, said) == (0, 0, [])


def test_an_unreachable_server_drops_the_states_and_the_next_one_is_the_latest(stub):
    port = free_port()
    clock = FakeClock(start=1000.0)
    engine = CallEngine(clock, bundled_settings())
    statuses = []
    reporter = LiveReporter(TeamConfig(f"http://127.0.0.1:{port}", "oa_t"), heartbeat=60, now=clock.now,
                            on_status=lambda text, ok: statuses.append((text, ok)))  # fmt: skip
    for action in ("start_call", "start_lookup", "start_hold"):  # nobody listens on the port
        engine.perform(action)
        reporter.update(desk_state(engine))
        assert reporter.send_now() is False
    assert reporter.dropped == 3 and reporter.sent == 0
    assert len(statuses) == 1 and statuses[0][1] is False and "не на связи" in statuses[0][0]
    back = StubServer(port)
    try:
        engine.resume()
        reporter.update(desk_state(engine))
        assert reporter.send_now() is True
        assert [b["state"] for b in back.bodies] == ["talking"]  # the latest only: nothing was queued
        assert statuses[-1] == ("Состояние передаётся руководителю.", True)
        back.status = 401
        engine.end_call()
        reporter.update(desk_state(engine))
        assert reporter.send_now() is False and reporter.refused
        assert "не принял токен" in statuses[-1][0]
    finally:
        reporter.stop()
        back.close()


def _desk(login, state, since, **extra):
    desk = {"login": login, "state": state, "since": since, "limit": 120.0, "warning": None, "dead_air": False,
            "listening": "off", "telephony": "manual", "online": True}  # fmt: skip
    desk.update(extra)
    return desk


def test_the_lead_is_alerted_once_per_episode(qtbot, fake_timers):
    now = [10_000.0]
    floor = LeadFloor(TeamConfig("http://127.0.0.1:9", "oa_t", "Смена А", True), now=lambda: now[0])
    alerts = []
    floor.alert.connect(alerts.append)
    floor.apply("snapshot", {"now": now[0], "desks": [_desk("ivanov", "hold", now[0] - 100), _desk("petrova", "lookup", now[0] - 5)],
                             "today": None})  # fmt: skip
    assert alerts == []
    floor.apply("desk", {**_desk("ivanov", "hold", now[0] - 121, warning="over"), "now": now[0]})
    assert alerts == ["ivanov: удержание сверх лимита (+0:01)."]
    floor.apply("desk", {**_desk("ivanov", "hold", now[0] - 121, warning="over", listening="on"), "now": now[0]})
    assert len(alerts) == 1  # the same hold: told once
    # petrova's silence passes 20 s with no message at all: the floor's own timer finds it.
    now[0] += 16
    fake_timers.advance(16_000)
    assert alerts[-1] == "petrova: тишина на линии уже 21 с." and len(alerts) == 2
    fake_timers.advance(5_000)
    assert len(alerts) == 2
    # A new hold over the limit is a new episode; a desk without a link alerts nothing.
    floor.apply("desk", {**_desk("ivanov", "talking", now[0] - 1), "now": now[0]})
    floor.apply("desk", {**_desk("ivanov", "hold", now[0] - 130, warning="over"), "now": now[0]})
    floor.apply("desk", {**_desk("sidorov", "hold", now[0] - 500, warning="over", online=False), "now": now[0]})
    assert len(alerts) == 3 and alerts[-1].startswith("ivanov:")


def test_the_live_section_shows_the_most_urgent_first_in_the_apps_colours(qtbot):
    now = 20_000.0
    floor = LeadFloor(TeamConfig("http://127.0.0.1:9", "oa_t", "Смена А", True), now=lambda: now)
    panel = LiveFloorPanel(floor)
    qtbot.addWidget(panel)
    floor.apply("snapshot", {"now": now, "today": {"calls": 40, "without_hold": 39, "share": 0.975, "met": True, "target": 0.95},
                             "desks": [_desk("anna", "idle", now - 50), _desk("boris", "talking", now - 65),
                                       _desk("vera", "hold", now - 100, warning="prewarning"),
                                       _desk("gleb", "hold", now - 135, warning="over"),
                                       _desk("dina", "lookup", now - 12, warning="silence", dead_air=True),
                                       _desk("egor", "hold", now - 10, online=False, telephony="down")]})  # fmt: skip
    table = panel.table
    rows = [[table.item(r, c).text() for c in range(4)] for r in range(table.rowCount())]
    assert [r[0] for r in rows] == ["gleb", "dina", "vera", "egor", "boris", "anna"]
    assert rows[0][1:3] == ["Удержание", "сверх лимита +0:15"]
    assert rows[1][1:] == ["Поиск — тишина", "0:12", "● тишина"] and rows[2][2] == "осталось 0:20"
    assert rows[3][1] == "нет связи"
    colours = [table.item(r, 0).background().color().name() for r in range(4)]
    assert colours == ["#d32f2f", "#ffc83d", "#ffc83d", "#c9ced4"]
    assert panel.headline.text() == "Сейчас на линии. Без удержания сегодня: 98 % (39 из 40; цель 95 %)"


def test_a_desk_going_over_the_limit_reaches_the_leads_app_once(qtbot, team_server, tmp_path, user_dirs):
    """Two real windows and the real server: the operator's hold passes the limit; the lead's window
    shows one notice and one tray message, the «Команда» tab shows the desk."""
    from operator_assist.paths import UserPaths

    _, team, token = team_server.enrol()
    login = team_server.sql("SELECT o.login FROM operators o JOIN teams t USING (team_id) WHERE t.name = %s", (team,))[0][0]
    _, _, lead_token = team_server.enrol(team=team, lead=True)
    operator_paths, lead_paths = UserPaths.resolve(tmp_path / "operator"), UserPaths.resolve(tmp_path / "lead")
    join(team_server.url, token, operator_paths.data_dir)
    join(team_server.url, lead_token, lead_paths.data_dir)
    desk_window, lead_window = open_window(qtbot, operator_paths), open_window(qtbot, lead_paths)
    shell = DesktopShell(lead_window, "offscreen", tray=True)
    told = []
    shell.tray.message = lambda title, text: told.append((title, text))
    desk_link = attach_team_sync(desk_window, operator_paths, interval=3600)
    lead_link = attach_team_sync(lead_window, lead_paths, interval=3600, tray_message=shell.tray_message)
    qtbot.waitUntil(lambda: desk_link.desk_live is not None and lead_link.lead_floor is not None, timeout=WAIT)
    floor = lead_link.lead_floor
    qtbot.waitUntil(lambda: floor.subscriber.connected, timeout=WAIT)

    clock = desk_window.session.clock
    session = desk_window.session
    session.perform(Action.START_CALL)
    clock.advance(5)
    session.perform(Action.START_HOLD)
    qtbot.waitUntil(lambda: floor.desks.get(login, {}).get("state") == "hold", timeout=WAIT)
    assert not told
    clock.advance(121)
    session.refresh()  # the session's timer would: the limit passes
    qtbot.waitUntil(lambda: bool(told), timeout=WAIT)
    assert told == [("Команда", f"{login}: удержание сверх лимита (+0:01).")]
    assert f"{login}: удержание сверх лимита" in lead_window.notices.banner.text()
    clock.advance(1)
    session.refresh()
    stats = lead_window.open_stats()
    stats.tabs.setCurrentIndex(1)
    live_rows = stats.team_panel.live.table
    qtbot.waitUntil(lambda: live_rows.rowCount() >= 1, timeout=WAIT)
    assert live_rows.item(0, 0).text() == login and live_rows.item(0, 2).text().startswith("сверх лимита")
    assert len(told) == 1  # once per episode
    stats.close()
    desk_window.close()
    lead_window.close()
    assert desk_link.desk_live is None and lead_link.lead_floor is None


def test_idle_and_wrap_up_keep_their_start_across_snapshots():
    clock = FakeClock(start=1000.0)
    engine = CallEngine(clock, bundled_settings())
    engine.start_call()
    clock.advance(30)
    engine.end_call()
    first = live.carry_since(None, live.from_snapshot(engine.snapshot()))
    clock.advance(12)  # a refresh later (a phrase copied in the wrap-up): the same wrap-up
    again = live.carry_since(first, live.from_snapshot(engine.snapshot()))
    assert again.state == "wrapup" and again.since == first.since == 1030.0 and again.key() == first.key()
    engine.start_call()
    fresh = live.carry_since(again, live.from_snapshot(engine.snapshot()))
    assert fresh.state == "talking" and fresh.since == 1042.0
