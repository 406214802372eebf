"""Call sources: discovery, settings, the Qt feed and its commands back to the source."""

from __future__ import annotations

import logging

import pytest

from operator_assist.core.call_sources import (
    SOURCES,
    CallSource,
    ManualCallSource,
    TelephonyConfig,
    create_source,
)
from operator_assist.core.clock import FakeClock
from operator_assist.core.commands import Action
from operator_assist.core.plugins import UnknownPlugin, entry_points_by_name
from operator_assist.core.settings import load_settings
from operator_assist.ui.app import load_startup
from operator_assist.ui.call.source_feed import CallSourceFeed, attach

from .telephony_fakes import RecordingSession


def test_the_built_ins_are_entry_points():
    assert {"manual", "ami", "baresip", "inbox", "team"} <= set(entry_points_by_name(SOURCES.group))


def test_an_unknown_source_lists_what_exists():
    with pytest.raises(UnknownPlugin, match=r"неизвестный источник звонков 'sip'; есть: .*ami:HOST:PORT.*baresip:HOST:PORT.*inbox.*manual"):
        create_source("sip:1.2.3.4")


@pytest.mark.parametrize("spec, words", [
    ("manual:x", "не нужен аргумент"),
    ("baresip", "ХОСТ:ПОРТ"),
    ("baresip:127.0.0.1:99999", "ХОСТ:ПОРТ"),
    ("inbox", "папка данных"),
])  # fmt: skip
def test_a_bad_argument_is_a_russian_error(spec, words):
    with pytest.raises(ValueError, match=f"неверный источник звонков {spec!r}: .*{words}"):
        create_source(spec)


def test_manual_is_the_default():
    source = create_source(None)
    assert isinstance(source, ManualCallSource) and source.status.text == "телефония: вручную"


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def test_telephony_settings_are_read(tmp_path):
    f = write(tmp_path / "settings.yaml", "telephony:\n  source: ami:127.0.0.1:5038\n  agent: 2001\n  ami_user: cti\n  ami_secret: s3cret\n")
    settings, problems = load_settings(f)
    assert problems == []
    t = settings.telephony
    assert (t.source, t.agent, t.ami_user, t.ami_secret) == ("ami:127.0.0.1:5038", "2001", "cti", "s3cret")
    assert "s3cret" not in repr(settings)


@pytest.mark.parametrize("text, line, words", [
    ("telephony: ami\n", 1, "telephony: нужен набор полей"),
    ("telephony:\n  source: ''\n", 2, "telephony.source: нужен текст вида auto, manual, team"),
    ("telephony:\n  agent: x\n  secret: y\n", 3, "telephony.secret: неизвестное поле"),
    ("telephony:\n  ami_secret: [1]\n", 2, "telephony.ami_secret: нужен текст, а здесь список ***"),
])  # fmt: skip
def test_bad_telephony_settings_name_file_and_line(tmp_path, text, line, words):
    f = write(tmp_path / "settings.yaml", text)
    settings, problems = load_settings(f)
    assert settings.telephony.source == "auto"  # the default: the team server's calls on an enrolled desk, else the keys
    assert str(problems[0]).startswith(f"{f}:{line}: {words}")


def test_startup_checks_the_call_source_before_qt(paths):
    write(paths.settings_file, "telephony:\n  source: inbox\n")
    startup = load_startup(paths)
    assert startup.call_source.name == "inbox"
    assert load_startup(paths, call_spec="manual").call_source is None
    with pytest.raises(UnknownPlugin, match="есть:"):
        load_startup(paths, call_spec="pbx")


class Scripted(CallSource):
    """A source the test drives by hand; it records the commands it gets."""

    name = "scripted"

    def __init__(self):
        super().__init__(None, TelephonyConfig(agent="2001"))
        self.commands = []

    def start(self, on_event, on_status, clock=None):
        super().start(on_event, on_status, clock)
        self._set_status("scripted: подключено", True)

    def command(self, action, call_id):
        self.commands.append((action, call_id))
        return False


@pytest.fixture
def fed(qtbot, settings):
    clock = FakeClock()
    session = RecordingSession(clock, settings)
    source = Scripted()
    feed = CallSourceFeed(source, session)
    statuses = []
    feed.status.connect(statuses.append)
    feed.start()
    yield session, source, feed, statuses, clock
    feed.stop()


def test_events_from_another_thread_reach_the_session_on_the_gui_thread(fed, qtbot):
    import threading

    session, source, feed, statuses, clock = fed
    seen_threads = []
    feed.handled.connect(lambda e, s: seen_threads.append(threading.current_thread()))
    worker = threading.Thread(target=lambda: source.emit("call_answered", "c1"))
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: session.actions() == ["start_call"], timeout=5_000)
    assert seen_threads == [threading.main_thread()]
    assert session.done[0] == ("start_call", "telephony", clock.now())
    assert statuses == ["scripted: подключено"]


def test_the_operators_keys_are_passed_to_the_source_but_telephonys_own_actions_are_not(fed, qtbot):
    session, source, feed, statuses, clock = fed
    source.emit("call_answered", "c1")
    qtbot.waitUntil(lambda: session.actions() == ["start_call"], timeout=5_000)
    source.emit("hold_started", "c1")
    qtbot.waitUntil(lambda: session.snapshot.state.value == "hold", timeout=5_000)
    assert source.commands == []  # the telephony's own hold is not echoed back
    session.perform(Action.RESUME, "hotkey")
    session.perform(Action.START_HOLD, "window")
    session.perform(Action.END_CALL, "hotkey")
    assert source.commands == [  # an end on hold resumes first; each names the call the telephony follows
        ("resume", "c1"), ("start_hold", "c1"), ("resume", "c1"), ("end_call", "c1"),
    ]  # fmt: skip


def test_a_refused_action_is_logged_not_raised(fed, qtbot, caplog, monkeypatch):
    session, source, feed, statuses, clock = fed
    caplog.set_level(logging.INFO, "operator_assist")
    monkeypatch.setattr(session, "perform", lambda action, origin="window", at=None: "идёт демонстрация")  # noqa
    handled = []
    feed.handled.connect(lambda e, s: handled.append(s))
    source.emit("call_answered", "c9")
    qtbot.waitUntil(lambda: len(handled) == 1, timeout=5_000)
    assert handled[0].actions == ("start_call",)
    assert "telephony scripted: start_call not done: идёт демонстрация" in caplog.text


def test_attach_shows_the_link_state_in_the_status_bar(qtbot, settings):
    from PySide6.QtWidgets import QLabel, QMainWindow

    window = QMainWindow()
    qtbot.addWidget(window)
    session = RecordingSession(FakeClock(), settings)
    feed = attach(session, Scripted(), window)
    label = window.statusBar().findChild(QLabel, "callSourceStatus")
    qtbot.waitUntil(lambda: label.text() == "scripted: подключено", timeout=5_000)
    assert feed.parent() is window
    feed.stop()


def test_the_window_follows_the_inbox_and_shows_the_link(qtbot, paths):
    import json
    import urllib.request

    from PySide6.QtWidgets import QLabel

    from operator_assist.core.clock import MonotonicClock
    from operator_assist.ui.app import attach_call_source, build_window, load_startup
    from tests.conftest import show_active
    from tests.test_inbox import while_the_window_runs

    write(paths.settings_file, "telephony:\n  source: inbox\n")
    startup = load_startup(paths)
    window = show_active(qtbot, build_window(paths, clock=MonotonicClock(), audio=False, startup=startup))
    feed = attach_call_source(window, startup.call_source)
    assert feed is not None and feed.source.name == "inbox"
    try:
        label = window.statusBar().findChild(QLabel, "callSourceStatus")
        qtbot.waitUntil(lambda: label.text().startswith("входящие события: 127.0.0.1:"), timeout=5_000)
        info = json.loads((paths.data_dir / "inbox.json").read_text())
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

        def post(kind, **extra):
            request = urllib.request.Request(
                info["url"] + "/v1/events", data=json.dumps({"kind": kind, **extra}).encode(), method="POST",
                headers={"Authorization": f"Bearer {info['token']}"},
            )  # fmt: skip
            def send():
                with opener.open(request, timeout=5) as response:
                    return response.status

            assert while_the_window_runs(send) == 202

        post("call_answered", call_id="42")
        qtbot.waitUntil(lambda: window.session.snapshot.state.value == "talking", timeout=5_000)
        post("hold_started", call_id="42")
        qtbot.waitUntil(lambda: window.session.snapshot.state.value == "hold", timeout=5_000)
        qtbot.waitUntil(lambda: window.display.time_label.text() in ("02:00", "01:59"), timeout=5_000)  # the specialist's countdown
        post("hold_ended", call_id="42")
        post("hold_started", call_id="42", by="peer")
        qtbot.waitUntil(lambda: window.session.snapshot.status.value == "peer_hold", timeout=5_000)
        post("call_ended", call_id="42")
        qtbot.waitUntil(lambda: window.session.snapshot.state.value == "ended", timeout=5_000)
    finally:
        feed.stop()
    assert not (paths.data_dir / "inbox.json").exists()


def test_a_bad_call_source_is_a_message_before_qt(tmp_path):
    import os
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "operator_assist", "--data-dir", str(tmp_path), "--call-source", "pbx:1"],
        capture_output=True, text=True, timeout=60, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )  # fmt: skip
    assert result.returncode == 2
    assert "неизвестный источник звонков 'pbx'; есть:" in result.stderr and "inbox" in result.stderr


def test_idle_sources_wait_on_their_sockets_without_waking(tmp_path):
    """Issue 22 #21: the inbox polled every 0.2 s (5 wake-ups a second) and baresip every 1 s."""
    import socket
    import threading
    import time

    def switches(thread: threading.Thread) -> int:
        with open(f"/proc/self/task/{thread.native_id}/status") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("voluntary_ctxt_switches"))

    softphone = socket.socket()  # a ctrl_tcp that accepts and stays silent, as an idle baresip does
    softphone.bind(("127.0.0.1", 0))
    softphone.listen(1)
    baresip = create_source(f"baresip:127.0.0.1:{softphone.getsockname()[1]}", TelephonyConfig(agent="2001"))
    inbox = create_source("inbox", TelephonyConfig(data_dir=tmp_path))
    connected = threading.Event()
    baresip.start(lambda *event: True, lambda status: status.connected and connected.set())
    inbox.start(lambda *event: True, lambda status: None)
    try:
        assert connected.wait(10)
        conn, _ = softphone.accept()
        time.sleep(0.2)  # the threads settle into their wait
        before = {name: switches(source._thread) for name, source in (("baresip", baresip), ("inbox", inbox))}
        time.sleep(2.5)  # idle, in real time: what is measured is that nothing happens
        after = {name: switches(source._thread) for name, source in (("baresip", baresip), ("inbox", inbox))}
    finally:
        baresip.stop()
        inbox.stop()
        softphone.close()
    assert {name: after[name] - before[name] for name in after} == {"baresip": 0, "inbox": 0}
    conn.close()


class Answering(Scripted):
    """A source that picks up ringing calls (as baresip does); its answer can be refused."""

    can_answer = True

    def __init__(self, refuse: str | None = None):
        super().__init__()
        self.refuse = refuse

    def command(self, action, call_id):
        from operator_assist.core.call_sources import CommandRefused

        self.commands.append((action, call_id))
        if self.refuse:
            raise CommandRefused(self.refuse)
        return True


def test_f5_on_a_ringing_call_asks_the_source_to_pick_up_and_the_call_starts_when_it_did(qtbot, settings):
    session = RecordingSession(FakeClock(), settings)
    source = Answering()
    feed = CallSourceFeed(source, session)
    feed.start()
    source.emit("call_ringing", "r1", number="2002")
    qtbot.waitUntil(lambda: session.snapshot.state.value == "ringing", timeout=5_000)
    assert session.perform(Action.START_CALL, "hotkey") is None  # F5
    assert source.commands == [("answer", "r1")] and session.snapshot.status.value == "answering"
    session.perform(Action.START_CALL, "hotkey")  # pressed again: asked once
    assert source.commands == [("answer", "r1")]
    source.emit("call_answered", "r1")
    qtbot.waitUntil(lambda: session.snapshot.state.value == "talking", timeout=5_000)
    assert [(a, o) for a, o, _ in session.done][-1] == ("start_call", "telephony")
    feed.stop()


def test_an_answer_the_source_cannot_send_leaves_the_call_ringing_and_says_so(qtbot, settings):
    session = RecordingSession(FakeClock(), settings)
    source = Answering(refuse="нет связи с софтфоном")
    feed = CallSourceFeed(source, session)
    notices = []
    feed.notice.connect(notices.append)
    feed.start()
    source.emit("call_ringing", "r1", number="2002")
    qtbot.waitUntil(lambda: session.snapshot.state.value == "ringing", timeout=5_000)
    session.perform(Action.START_CALL, "hotkey")
    assert session.snapshot.status.value == "ringing" and session.snapshot.number == "2002"  # F5 may be pressed again
    assert notices == ["телефония: команда «ответ на звонок» не выполнена — нет связи с софтфоном. Проверьте звонок в софтфоне."]
    source.refuse = None
    session.perform(Action.START_CALL, "hotkey")
    assert source.commands == [("answer", "r1"), ("answer", "r1")]
    source.command_failed("answer", "r1", "софтфон отказал")  # refused later, by the softphone
    qtbot.waitUntil(lambda: len(notices) == 2, timeout=5_000)
    assert session.snapshot.status.value == "ringing"
    feed.stop()
