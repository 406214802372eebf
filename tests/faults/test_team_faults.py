"""A hostile team server (issue 28 #6, #7, #15): a redirect to another host gets no token, a 48 MB
answer is refused unread, a server that drips a byte a second is cut off at the whole answer's
deadline; the window never stalls, says why in its status line, and quits without waiting for it."""

from __future__ import annotations

import threading
import time

import pytest

from operator_assist.team.client import TeamClient, TeamConfig, TeamError, UnavailableError

from .conftest import STALL_LIMIT_MS, StallMeter
from .hostile_http import HostileServer
from .test_fault_suite import call_with, lost_events, window_with

TOKEN = "oa_the-operators-secret-token"


@pytest.fixture
def hostile():
    made = []

    def make(*args, **kwargs) -> HostileServer:
        made.append(HostileServer(*args, **kwargs))
        return made[-1]

    yield make
    for server in made:
        server.close()


def bounded(fn, seconds: float = 15.0):
    """``fn()`` on a thread: (its result or exception, whether it ended within ``seconds``)."""
    box: dict = {}

    def run() -> None:
        try:
            box["value"] = fn()
        except Exception as exc:  # noqa: BLE001 - handed to the test
            box["value"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    return box.get("value"), not thread.is_alive()


# --- #6: a redirect to another origin ---------------------------------------------------------


def test_team_join_refuses_a_redirect_to_another_host_and_sends_it_no_token(hostile, tmp_path):
    from operator_assist.cli.team import join_main

    elsewhere = hostile("team", host="127.0.0.2")
    server = hostile("redirect", target=elsewhere.url)
    out, err = _Text(), _Text()
    code = join_main([server.url, TOKEN], str(tmp_path), out=out, err=err)
    assert code == 1 and "Подключено" not in out.text
    assert "перенаправил запрос на другой адрес (127.0.0.2)" in err.text
    assert elsewhere.requests == []  # the token never left for the other host
    assert server.requests and all(auth == f"Bearer {TOKEN}" for _, _, auth in server.requests)
    assert not (tmp_path / "team.json").exists()


def test_a_redirect_on_the_same_origin_is_still_followed(hostile):
    server = hostile("team")
    hop = hostile("redirect", target=server.url)  # another port: another origin
    with pytest.raises(TeamError, match="перенаправил"):
        TeamClient(TeamConfig(hop.url, TOKEN)).install("i")
    same = hostile("redirect", target="")  # a path on itself: same origin (it loops, urllib stops it)
    with pytest.raises(TeamError) as caught:
        TeamClient(TeamConfig(same.url, TOKEN)).install("i")
    assert "перенаправил" not in str(caught.value)


# --- #7: a 48 MB answer -----------------------------------------------------------------------


def test_a_48_mb_answer_is_refused_before_it_is_read_whole(hostile):
    server = hostile("huge")
    with pytest.raises(UnavailableError, match="слишком большой ответ"):
        TeamClient(TeamConfig(server.url, TOKEN)).install("i")


# --- #15: a server that drips a byte a second ---------------------------------------------------


def test_a_dripping_server_is_cut_off_at_the_whole_answers_deadline(hostile):
    server = hostile("drip")
    outcome, ended = bounded(lambda: TeamClient(TeamConfig(server.url, TOKEN), timeout=1.5).install("i"))
    assert ended, "the request waited on the drip"
    assert isinstance(outcome, UnavailableError) and "не ответил целиком за 1 с" in str(outcome)
    assert server.dripped >= 1  # it was answering, just slowly


# --- the window against them ------------------------------------------------------------------


@pytest.mark.parametrize("mode", ["huge", "drip"])
def test_the_window_ships_against_a_hostile_server_without_stalling_and_says_why(qtbot, paths, hostile, fault_row,
                                                                                 mode):  # fmt: skip
    from operator_assist.ui.app import attach_team_sync

    server = hostile(mode)
    TeamConfig(server.url, TOKEN, "team").save(paths.data_dir)
    window, clock, _ = window_with(qtbot, paths)
    meter = StallMeter()
    sync = attach_team_sync(window, paths, interval=3600, timeout=1.5)

    def fault() -> str:  # mid-hold: the first shipping round meets the server
        qtbot.waitUntil(lambda: sync.state_label.isVisible(), timeout=15000)
        return f"{sync.state_label.text()} — {sync.state_label.toolTip()}"

    message = call_with(qtbot, window, clock, fault, meter)
    assert ("слишком большой ответ" if mode == "huge" else "не ответил целиком") in message
    stall = meter.measure_now()
    if mode == "drip":
        qtbot.waitUntil(lambda: len(server.requests) >= 2, timeout=15000)  # the next round is dripping now
    start = time.monotonic()
    window.close()
    quit_ms = (time.monotonic() - start) * 1000
    lost = lost_events(paths)
    fault_row(f"team server: {'48 MB answer' if mode == 'huge' else 'drips 1 byte/s'} (quit {quit_ms:.0f} ms)", stall,
              lost, message)  # fmt: skip
    assert stall < STALL_LIMIT_MS and lost == 0
    assert quit_ms < 2000  # closing waits on no answer (the worker is let go)


class _Text:
    def __init__(self) -> None:
        self.text = ""

    def write(self, chunk: str) -> int:
        self.text += chunk
        return len(chunk)

    def flush(self) -> None:
        pass


def test_joining_from_the_window_refuses_the_redirect_and_stalls_nothing(qtbot, paths, hostile, fault_row):
    from operator_assist.ui.team.join_dialog import TeamJoinDialog

    elsewhere = hostile("team", host="127.0.0.2")
    server = hostile("redirect", target=elsewhere.url)
    window, _, _ = window_with(qtbot, paths)
    meter = StallMeter()
    dialog = window.team.open_join()
    assert isinstance(dialog, TeamJoinDialog)
    dialog.url_edit.setText(server.url)
    dialog.token_edit.setText(TOKEN)
    with qtbot.waitSignal(dialog.finished_join, timeout=15000) as joined:
        dialog.join_button.click()
    stall = meter.measure_now()
    stored, message = joined.args
    dialog.close()
    window.close()
    fault_row("team-join (window) to a server that redirects to another host", stall, 0, message)
    assert not stored and "перенаправил запрос на другой адрес (127.0.0.2)" in message
    assert elsewhere.requests == [] and stall < STALL_LIMIT_MS
