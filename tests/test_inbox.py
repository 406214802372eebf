"""The loopback HTTP inbox and `operator-assist event`, over real HTTP."""

from __future__ import annotations

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


def post(info, body, token=None, path="/v1/events"):
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


def test_a_flood_is_refused_with_429_and_the_gui_thread_stays_free(inbox, qtbot, monkeypatch):
    from operator_assist.telephony import inbox as inbox_module

    # A bucket of 2 requests a second: a flood of 50 exceeds it however slowly a loaded machine posts them.
    monkeypatch.setattr(inbox_module, "RATE", 2)
    session, _, info, handled, _ = inbox
    codes = [post(info, {"kind": "call_ringing"})[0] for _ in range(50)]
    assert 429 in codes and set(codes) <= {202, 429}


def run_cli(*args, data_dir):
    return subprocess.run(
        [sys.executable, "-m", "operator_assist", "event", *args, "--data-dir", str(data_dir)],
        capture_output=True, text=True, timeout=30, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )  # fmt: skip


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
