"""The team's standard on the desks (issue 24): two real windows against the real server — v1 shown,
v2 applied between calls only (a hold under way keeps v1's limit), ``rollback 1``, a refused bundle
that changes nothing — and the journal's version per call."""

from __future__ import annotations

import subprocess
import sys
import uuid
from datetime import date

import pytest

from operator_assist.cli import stats as stats_cli
from operator_assist.core.commands import Action
from operator_assist.core.events import EventKind as K
from operator_assist.core.journal import Journal
from operator_assist.paths import UserPaths
from operator_assist.team.enrol import join
from operator_assist.ui.app import attach_team_sync

from .standard_support import hold_text, standard_copy
from .test_team import run
from .test_team_window import WAIT, open_window


def publish(team_server, folder, team, *extra) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "operator_assist.team.server.cli", *extra, *(["publish", str(folder)] if folder else []),
                           "--team", team, "--db", team_server.db_url], capture_output=True, text=True, timeout=120)  # fmt: skip


def shown_hold(window) -> str:
    """The hold phrase as the window's phrase panel shows it during a lookup (F6)."""
    panel = window.phrases
    assert "hold.clarify" in panel.visible_ids()
    return panel.card("hold.clarify").rendered


def lookup_shows(qtbot, window, version: int, end: bool = True) -> None:
    """A call and a lookup (F5, F6): the phrase panel offers version ``version``'s hold phrase."""
    window.session.perform(Action.START_CALL)
    window.session.perform(Action.TOGGLE_LOOKUP)
    qtbot.waitUntil(lambda: shown_hold(window) == hold_text(version), timeout=WAIT)
    if end:
        window.session.perform(Action.END_CALL)


def notices(window) -> str:
    """The notices the window shows above its timer."""
    return "\n".join(text for text, _ in window.notices.shown)


def label(window) -> str:
    from PySide6.QtWidgets import QLabel

    sync = window.findChild(QLabel, "teamStandard")
    return sync.text() if sync is not None and sync.isVisible() else ""


def test_the_walk_through_publish_apply_between_calls_rollback_and_a_refused_bundle(qtbot, team_server, tmp_path, user_dirs):
    team = f"std-{uuid.uuid4().hex[:6]}"
    _, _, ivanov = team_server.enrol(f"ivanov-{team}", team)
    _, _, petrova = team_server.enrol(f"petrova-{team}", team)
    assert publish(team_server, standard_copy(tmp_path / "v1", version=1), team).returncode == 0

    desks = []
    for name, token in (("ivanov", ivanov), ("petrova", petrova)):
        paths = UserPaths.resolve(tmp_path / name)
        join(team_server.url, token, paths.data_dir)
        window = open_window(qtbot, paths)
        link = attach_team_sync(window, paths, interval=3600)
        desks.append((window, link))
    (specialist, _), (senior, senior_link) = desks
    senior.set_role("senior")
    for window, _ in desks:
        qtbot.waitUntil(lambda w=window: label(w).startswith("Стандарт команды: версия 1 от "), timeout=WAIT)
        lookup_shows(qtbot, window, 1, end=window is specialist)

    senior.session.perform(Action.START_HOLD)  # mid-hold when version 2 comes
    assert senior.session.snapshot.hold_limit == 180
    v2 = standard_copy(tmp_path / "v2", version=2, senior_limit="4:00")
    assert publish(team_server, v2, team).returncode == 0
    qtbot.waitUntil(lambda: label(specialist).startswith("Стандарт команды: версия 2 от "), timeout=WAIT)  # idle: at once
    qtbot.waitUntil(lambda: label(senior).endswith("· версия 2 — после звонка"), timeout=WAIT)
    assert senior.session.snapshot.hold_limit == 180 and senior.session.snapshot.role.hold_limit == 180
    senior.session.clock.advance(181)
    snap = senior.session.refresh()
    assert snap.status.value == "hold_limit"  # version 1's limit, passed
    senior.session.perform(Action.END_CALL)
    assert label(senior).startswith("Стандарт команды: версия 2 от ") and "после звонка" not in label(senior)
    senior.session.perform(Action.START_CALL)
    senior.session.perform(Action.START_HOLD)
    assert senior.session.snapshot.hold_limit == 240  # 4:00 from the next call on
    senior.session.perform(Action.END_CALL)
    for window, _ in desks:
        lookup_shows(qtbot, window, 2)

    back = publish(team_server, None, team, "rollback", "1")
    assert back.returncode == 0, back.stderr
    for window, _ in desks:
        qtbot.waitUntil(lambda w=window: label(w).startswith("Стандарт команды: версия 3 от "), timeout=WAIT)
        lookup_shows(qtbot, window, 1)
    assert senior.session.snapshot.role.hold_limit == 180

    broken = standard_copy(tmp_path / "broken", version=4)
    roles = broken / "roles.yaml"
    roles.write_text(roles.read_text(encoding="utf-8").replace("label: Старший", "label Старший"), encoding="utf-8")
    refused = publish(team_server, broken, team)
    assert refused.returncode == 1 and "roles.yaml:16: ошибка синтаксиса YAML" in refused.stderr
    rounds = senior_link.standard.watch.rounds
    senior_link.standard.watch.wake()  # the next poll: still version 3
    qtbot.waitUntil(lambda: senior_link.standard.watch.rounds > rounds, timeout=WAIT)
    assert label(senior).startswith("Стандарт команды: версия 3 от ") and senior.session.snapshot.standard == 3

    for window, _ in desks:
        window.close()
    journal = Journal.open_readonly(UserPaths.resolve(tmp_path / "petrova").journal_file)
    try:
        started = [e.data.get("standard") for e in journal.events() if e.kind is K.CALL_STARTED]
    finally:
        journal.close()
    assert started == [1, 2, 2, 3]  # each call with the version it was served under
    day = date.fromtimestamp(senior.session.clock.wall(0)).isoformat()  # the fake clock's day
    code, out, err = run(stats_cli.main, "--by-version", "--json", "--from", day, "--to", day, data_dir=tmp_path / "petrova")
    assert code == 0, err
    import json

    assert [(v["version"], v["calls"]) for v in json.loads(out)["versions"]] == [(1, 1), (2, 2), (3, 1)]


class StubServer:
    """``GET /v1/standard`` answers ``self.answer`` (JSON); counts the requests and their ``If-None-Match``."""

    def __init__(self) -> None:
        import json
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        self.answer: dict = {"team": "Смена А", "version": None}
        self.asked: list[str | None] = []
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                if self.path != "/v1/standard":
                    self.send_error(404)
                    return
                etag = stub.answer.get("etag")
                stub.asked.append(self.headers.get("If-None-Match"))
                if etag and self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.end_headers()
                    return
                body = json.dumps(stub.answer, ensure_ascii=False).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(10)


@pytest.fixture
def stub():
    server = StubServer()
    yield server
    server.close()


def test_a_download_the_desk_refuses_leaves_the_window_as_it_was_with_a_notice(qtbot, stub, tmp_path, user_dirs):
    """A newer format or a damaged file (what no server of this version sends): the copy in force stays."""
    import json as json_module

    from operator_assist.team.client import TeamConfig
    from operator_assist.ui.team.standard_sync import StandardSync

    from .test_standard_core import bundle

    paths = UserPaths.resolve(tmp_path / "desk")
    config = TeamConfig(stub.url, "oa_x", team="Смена А")
    config.save(paths.data_dir)
    stub.answer = bundle(tmp_path / "v1", 1)
    window = open_window(qtbot, paths)
    sync = StandardSync(window, paths, config, interval=3600, stream=False)
    sync.start()
    qtbot.waitUntil(lambda: label(window).startswith("Стандарт команды: версия 1 от "), timeout=WAIT)
    assert window.session.snapshot.standard == 1 and window.offer.spec == "none"
    rounds = sync.watch.rounds
    sync.watch.wake()
    qtbot.waitUntil(lambda: sync.watch.rounds > rounds, timeout=WAIT)
    assert stub.asked[-1] == '"1-x"'  # an unchanged standard costs a 304

    newer = bundle(tmp_path / "v2", 2)
    newer["format"] = 2
    stub.answer = newer
    sync.watch.wake()
    qtbot.waitUntil(lambda: "не принята" in notices(window), timeout=WAIT)
    assert "формате 2, эта программа знает формат до 1: обновите программу" in notices(window)
    assert label(window).startswith("Стандарт команды: версия 1 от ") and window.session.snapshot.standard == 1

    offers = bundle(tmp_path / "v3", 3, offers="source: demo\n", policy="personal_phrases: false\n")
    stub.answer = offers
    (paths.phrases_dir).mkdir(parents=True, exist_ok=True)
    (paths.phrases_dir / "mine.yaml").write_text("category: mine\nphrases:\n  - id: mine.one\n    text: Моя.\n", encoding="utf-8")
    sync.watch.wake()
    qtbot.waitUntil(lambda: window.session.snapshot.standard == 3, timeout=WAIT)
    assert window.offer.spec == "demo" and window.session.engine.offer_source == "demo"  # the team's offer source, live
    assert "mine.yaml:1: свои фразы не действуют: стандарт команды (версия 3) их не разрешает" in notices(window)
    qtbot.waitUntil(lambda: window.book.library.get("hold.clarify").text == hold_text(3), timeout=WAIT)
    assert window.book.library.get("mine.one") is None

    stub.answer = {"team": "Смена А", "version": None}  # the team's standard withdrawn: the bundled one again
    sync.watch.wake()
    qtbot.waitUntil(lambda: window.session.snapshot.standard is None, timeout=WAIT)
    assert label(window) == "" and json_module.loads((paths.data_dir / "team.json").read_text())["url"] == stub.url
    assert window.offer.spec == "none"
    sync.stop()
    from PySide6.QtWidgets import QLabel

    qtbot.waitUntil(lambda: window.findChild(QLabel, "teamStandard") is None)  # a new enrolment makes its own
    window.close()


def test_a_stop_while_the_stream_is_being_started_waits_for_it_and_stops_it(tmp_path, monkeypatch):
    """CI under load: the window enrolled (stopping the watch) just as its worker started the operator's
    stream, and ``join`` met a thread not started yet («cannot join thread before it is started»)."""
    import threading

    from operator_assist.team import standard as team_standard
    from operator_assist.team.client import TeamConfig

    order: list[str] = []
    starting, go_on = threading.Event(), threading.Event()

    class SlowStart:  # the subscriber caught between being made and its thread started
        def __init__(self, *args, **kwargs) -> None:
            pass

        def start(self) -> None:
            order.append("start")
            starting.set()
            go_on.wait(10)
            order.append("started")

        def stop(self, timeout: float = 3.0) -> None:
            order.append("stop")

    monkeypatch.setattr(team_standard, "StreamSubscriber", SlowStart)
    monkeypatch.setattr(team_standard, "fetch_standard", lambda *args: team_standard.Fetched("none", None))
    watch = team_standard.StandardWatch(tmp_path, lambda: TeamConfig("http://127.0.0.1:9", "t"), lambda result: None)
    watch.start()
    assert starting.wait(10)
    stopper = threading.Thread(target=watch.stop)
    stopper.start()
    stopper.join(0.2)  # the stop waits for the start (a bounded look: the assertion below decides)
    go_on.set()
    stopper.join(10)
    assert not stopper.is_alive()
    assert order == ["start", "started", "stop"]
    assert watch.subscriber is None
