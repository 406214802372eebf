"""The loopback HTTP inbox and `operator-assist event`, over real HTTP."""

from __future__ import annotations

import contextlib
import json
import os
import socket
import stat
import subprocess
import sys
import urllib.error
import urllib.request

import pytest

from operator_assist.core.call_sources import TelephonyConfig, create_source
from operator_assist.core.clock import MonotonicClock
from operator_assist.core.commands import Action
from operator_assist.core.settings import bundled_settings
from operator_assist.ui.call.source_feed import CallSourceFeed

from .telephony_fakes import RecordingSession


@pytest.fixture
def inbox(qtbot, tmp_path):
    session = RecordingSession(MonotonicClock(), bundled_settings())
    source = create_source("inbox", TelephonyConfig(data_dir=tmp_path))
    feed = CallSourceFeed(source, session)
    handled = []
    feed.handled.connect(lambda event, step: handled.append((event, step)))
    feed.start()
    info = json.loads((tmp_path / "inbox.json").read_text())
    yield session, feed, info, handled, tmp_path
    feed.stop()


def while_the_window_runs(work):
    """``work()`` on a thread of its own while this (the GUI) thread serves the window: the inbox
    answers once the window has applied the event."""
    import threading

    from PySide6.QtCore import QCoreApplication, QEventLoop

    done = {}
    thread = threading.Thread(target=lambda: done.update(result=work()), daemon=True)
    thread.start()
    while thread.is_alive():
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        thread.join(0.005)
    return done["result"]


def post(info, body, token=None, path="/v1/events"):
    return while_the_window_runs(lambda: post_now(info, body, token, path))


def post_now(info, body, token=None, path="/v1/events"):
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    request = urllib.request.Request(info["url"] + path, data=data, method="POST")
    request.add_header("Authorization", f"Bearer {token or info['token']}")
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(request, timeout=5) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def test_inbox_json_is_private_and_points_at_loopback(inbox):
    session, feed, info, _, tmp_path = inbox
    mode = stat.S_IMODE(os.stat(tmp_path / "inbox.json").st_mode)
    assert mode == 0o600
    assert info["url"].startswith("http://127.0.0.1:") and len(info["token"]) >= 32
    assert feed.source.status.text == f"входящие события: {info['url'].removeprefix('http://')}"


def test_posted_events_drive_the_call(inbox, qtbot):
    session, _, info, handled, _ = inbox
    for body in ({"kind": "call_answered", "call_id": "7"}, {"kind": "hold_started", "call_id": "7"},
                 {"kind": "hold_ended", "call_id": "7"}, {"kind": "hold_started", "by": "peer"},
                 {"kind": "call_ended", "call_id": "7"}):  # fmt: skip
        assert post(info, body) == (202, {"ok": True, "message": "принято"})
    qtbot.waitUntil(lambda: len(handled) == 5, timeout=5_000)
    assert session.actions("telephony") == [
        "start_call", "start_hold", "resume", "peer_hold_start", "peer_hold_end", "end_call",
    ]  # fmt: skip


def test_the_inbox_file_goes_when_the_source_stops(tmp_path, qtbot):
    source = create_source("inbox", TelephonyConfig(data_dir=tmp_path))
    source.start(lambda e: None, lambda s: None)
    assert (tmp_path / "inbox.json").exists()
    source.stop()
    assert not (tmp_path / "inbox.json").exists()


@pytest.mark.parametrize(
    "body, token, code",
    [
        ({"kind": "call_answered"}, "wrong", 401),
        (b"{not json", None, 400),
        ({"kind": "call_exploded"}, None, 422),
        ({"kind": "call_answered", "phone": "+79990001122"}, None, 422),
        (b"x" * 1_000_000, None, 413),
    ],
    ids=["no-token", "invalid-json", "unknown-kind", "unknown-field", "1MB-body"],
)
def test_bad_input_gets_a_4xx_and_changes_nothing(inbox, qtbot, body, token, code):
    session, _, info, handled, _ = inbox
    status, answer = post(info, body, token=token) if code != 413 else _post_raw(info, body)
    assert status == code and answer["ok"] is False and answer["message"]
    assert post(info, {"kind": "call_ringing"})[0] == 202  # still serving
    qtbot.waitUntil(lambda: len(handled) == 1, timeout=5_000)
    assert session.actions() == []


def _post_raw(info, body):
    """A big body: the inbox answers 413 from the headers and may close before reading it all."""
    host, port = info["url"].removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=5) as sock:
        head = f"POST /v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {info['token']}\r\nContent-Length: {len(body)}\r\n\r\n"
        sock.sendall(head.encode())
        try:
            sock.sendall(body)
        except OSError:
            pass
        answer = _read_all(sock)
    status = int(answer.split(b" ", 2)[1])
    return status, json.loads(answer.split(b"\r\n\r\n", 1)[1])


def _read_all(sock):
    data = b""
    while True:
        try:
            chunk = sock.recv(65536)
        except ConnectionResetError:
            break
        if not chunk:
            break
        data += chunk
    return data


def test_without_authorization_it_is_401(inbox):
    _, _, info, _, _ = inbox
    request = urllib.request.Request(info["url"] + "/v1/events", data=b'{"kind":"call_answered"}', method="POST")
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with pytest.raises(urllib.error.HTTPError) as caught:
        opener.open(request, timeout=5)
    caught.value.close()
    assert caught.value.code == 401


def test_a_slow_client_gets_408_and_the_inbox_keeps_serving(inbox, qtbot, monkeypatch):
    from operator_assist.telephony import inbox as inbox_module

    session, _, info, handled, _ = inbox
    monkeypatch.setattr(inbox_module, "CLIENT_TIMEOUT", 0.2)  # 2 s in the app; the test need not wait that long
    monkeypatch.setattr(inbox_module._Handler, "timeout", 0.2)
    host, port = info["url"].removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as slow:
        slow.sendall(
            f"POST /v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {info['token']}\r\nContent-Length: 40\r\n\r\n{{".encode()
        )
        assert post(info, {"kind": "call_answered", "call_id": "1"})[0] == 202  # others are served meanwhile
        answer = _read_all(slow)  # bounded: the inbox gives up on it after CLIENT_TIMEOUT
    assert answer.split(b" ", 2)[1] == b"408"
    qtbot.waitUntil(lambda: len(handled) == 1, timeout=5_000)
    assert session.actions() == ["start_call"]


def test_a_flood_is_refused_with_429_and_the_gui_thread_stays_free(inbox, qtbot):
    from concurrent.futures import ThreadPoolExecutor

    session, _, info, handled, _ = inbox

    def flood():
        with ThreadPoolExecutor(8) as pool:  # 1,000 requests: the bucket holds 200 and refills 200 a second
            return list(pool.map(lambda i: post_now(info, {"kind": "call_ringing"} if i % 10 == 0 else b"{}",
                                                    path="/v1/events" if i % 10 == 0 else "/v1/x")[0], range(1000)))

    codes = while_the_window_runs(flood)
    assert 429 in codes and set(codes) <= {202, 404, 429}


def run_cli(*args, data_dir):
    return while_the_window_runs(lambda: subprocess.run(
        [sys.executable, "-m", "operator_assist", "event", *args, "--data-dir", str(data_dir)],
        capture_output=True, text=True, timeout=30, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    ))  # fmt: skip


def test_the_cli_drives_the_call_like_a_softphone_hook(inbox, qtbot):
    session, _, _, handled, tmp_path = inbox
    for args in (("call-answered", "+79990001122"), ("hold",), ("resume",), ("call-ended", "+79990001122")):
        done = run_cli(*args, data_dir=tmp_path)
        assert (done.returncode, done.stderr) == (0, "")
    qtbot.waitUntil(lambda: len(handled) == 4, timeout=5_000)
    assert session.actions("telephony") == ["start_call", "start_hold", "resume", "end_call"]
    assert all(event.call_id == "" for event, _ in handled)  # the number is never sent


def test_the_cli_says_when_the_app_is_not_running(tmp_path):
    done = run_cli("hold", data_dir=tmp_path)
    assert done.returncode == 1 and "не запущен" in done.stderr
    (tmp_path / "inbox.json").write_text(json.dumps({"url": "http://127.0.0.1:9", "token": "t"}))
    done = run_cli("hold", data_dir=tmp_path)
    assert done.returncode == 1 and "не отвечает" in done.stderr


def test_the_cli_reports_a_refusal(inbox):
    _, _, info, _, tmp_path = inbox
    (tmp_path / "inbox.json").write_text(json.dumps({**info, "token": "stolen"}))
    done = run_cli("hold", data_dir=tmp_path)
    assert done.returncode == 2 and "HTTP 401" in done.stderr


def test_the_cli_says_why_a_hold_with_no_call_is_refused(inbox):
    """Issue 22 #9: `event hold` with no call in progress exited 0; now the window's own reason."""
    session, _, _, handled, tmp_path = inbox
    done = run_cli("hold", data_dir=tmp_path)
    assert done.returncode == 2
    assert done.stderr.strip() == "operator-assist event: Нет активного звонка — начните новый (F5)."
    assert session.actions() == []
    assert run_cli("call-ended", data_dir=tmp_path).returncode == 0  # a hangup with no call changes nothing: no error


def test_the_cli_shows_a_ringing_call_with_its_number(inbox):
    session, feed, _, handled, tmp_path = inbox
    done = run_cli("call-ringing", "+7 999 000-11-22", data_dir=tmp_path)  # as MicroSIP's cmdIncomingCall passes it
    assert (done.returncode, done.stderr) == (0, "")
    assert (session.snapshot.state.value, session.snapshot.number) == ("ringing", "+7 999 000-11-22")
    assert session.snapshot.answerable is False  # the inbox cannot pick up: F5 starts the call by hand
    assert run_cli("call-ended", data_dir=tmp_path).returncode == 0  # missed
    assert session.snapshot.state.value == "idle"
    assert run_cli("call-ringing", "--number", "2002", data_dir=tmp_path).returncode == 0
    assert session.snapshot.number == "2002"
    hints = []
    feed.hint.connect(hints.append)
    assert session.perform(Action.START_CALL, "hotkey") is None  # F5
    assert session.snapshot.state.value == "talking"
    assert hints == ["Снимите трубку в телефоне: источник звонков «входящие события» не отвечает на звонок сам. Звонок уже идёт."]


def test_the_inbox_listens_on_the_port_settings_give(tmp_path, qtbot, paths):
    """Issue 22 #18: a CRM script needs a fixed address (`inbox: {port: …}`); the token stays in inbox.json."""
    from operator_assist.ui.app import load_startup
    from tests.test_baresip import free_port_block

    port = free_port_block(1)
    (paths.settings_file).write_text(f"telephony:\n  source: inbox\ninbox:\n  port: {port}\n", encoding="utf-8")
    source = load_startup(paths).call_source
    statuses = []
    source.start(lambda event, reply=None: True, lambda status: statuses.append(status.text))
    try:
        info = json.loads((paths.data_dir / "inbox.json").read_text())
        assert info["url"] == f"http://127.0.0.1:{port}" and len(info["token"]) >= 32
        assert stat.S_IMODE(os.stat(paths.data_dir / "inbox.json").st_mode) == 0o600
        second = create_source("inbox", TelephonyConfig(data_dir=tmp_path / "other", inbox_port=port))
        second.start(lambda event, reply=None: True, lambda status: statuses.append(status.text))
        assert statuses[-1] == f"телефония не подключена (входящие события: порт {port} занят)"
        assert not (tmp_path / "other" / "inbox.json").exists()
        second.stop()
    finally:
        source.stop()


@contextlib.contextmanager
def running_app(data_dir, *extra):
    """The real app (offscreen) with the inbox as its call source, ready for events; ended by SIGTERM.
    Yields (the process, the `operator-assist event` command line)."""
    import signal
    import time

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    app = subprocess.Popen(
        [sys.executable, "-m", "operator_assist", "--data-dir", str(data_dir), "--call-source", "inbox", "--no-global-keys", *extra],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while not (data_dir / "inbox.json").exists():  # bounded wait for a real process to start
            assert app.poll() is None and time.monotonic() < deadline, app.stderr.read() if app.poll() is not None else ""
            time.sleep(0.05)
        yield app, [sys.executable, "-m", "operator_assist", "event", "--data-dir", str(data_dir)]
        os.kill(app.pid, signal.SIGTERM)
        app.wait(30)
    finally:
        if app.poll() is None:
            os.killpg(app.pid, signal.SIGKILL)
            app.wait(10)
        app.output = app.stdout.read() + app.stderr.read()
        app.stdout.close()
        app.stderr.close()


def test_the_callers_number_is_on_screen_only_never_in_the_journal_logs_or_caches(tmp_path):
    """Issue 25: the number is shown, never written (journal, log, caches: every file the app leaves)."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    with running_app(tmp_path, "--log-level", "DEBUG") as (app, cli):
        for args in (["call-ringing", "--number", "+7 912 345-67-89"], ["call-answered"], ["hold"], ["resume"],
                     ["call-ended", "+7 912 345-67-89"]):  # fmt: skip
            done = subprocess.run([*cli, *args], capture_output=True, text=True, timeout=30, env=env)
            assert (done.returncode, done.stderr) == (0, ""), args
    from operator_assist.core.journal import Journal

    with Journal.open_readonly(tmp_path / "journal.sqlite3") as journal:
        assert [e.kind.value for e in journal.events()][:2] == ["call_started", "hold_started"]  # the call was followed
    written = [path for path in tmp_path.rglob("*") if path.is_file()]
    assert any(path.suffix == ".log" for path in written) and any("cache" in path.parts for path in written)
    for path in written:
        data = path.read_bytes()
        for form in (b"912 345-67-89", b"9123456789", b"345-67-89", "912 345-67-89".encode("utf-16-le")):
            assert form not in data, path
    assert "345-67-89" not in app.output


def test_an_event_sent_while_the_app_is_stopped_is_never_applied_and_the_cli_says_so(tmp_path):
    """Issue 28 #19: the CLI said «не отвечает», then the app applied the event once continued."""
    import signal

    from operator_assist.core.journal import Journal

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    with running_app(tmp_path) as (app, cli):
        os.kill(app.pid, signal.SIGSTOP)
        try:
            late = subprocess.run([*cli, "call-answered", "--timeout", "1"], capture_output=True, text=True, timeout=30, env=env)
        finally:
            os.kill(app.pid, signal.SIGCONT)
        assert late.returncode == 1
        assert "не ответил за 1 с (остановлен или занят): событие не применено" in late.stderr
        now = subprocess.run([*cli, "call-ringing"], capture_output=True, text=True, timeout=30, env=env)
        assert (now.returncode, now.stderr) == (0, "")  # served again, after the late one
    assert app.returncode == 128 + signal.SIGTERM
    with Journal.open_readonly(tmp_path / "journal.sqlite3") as journal:
        assert [e.kind.value for e in journal.events() if e.kind.value.startswith("call_")] == []  # as the CLI said
