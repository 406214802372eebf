"""One assistant per desk (ui/desktop/single_instance.py): a second start raises the first window; team-join reaches it."""

from __future__ import annotations

import json
import signal
import subprocess
import sys

import pytest

from operator_assist.ui.desktop.single_instance import TEAM_JOINED, Desk, server_name, tell

from .desk_support import RunningApp, second_start_raises_the_first
from .test_global_keys import OtherProgram, x_display  # noqa: F401 - a private Xvfb (fixture)

APP = [sys.executable, "-m", "operator_assist"]


@pytest.fixture
def desk(tmp_path):
    desk = Desk(tmp_path / "data")
    yield desk
    desk.release()


def test_the_first_start_holds_the_desk_and_a_second_cannot(tmp_path, desk):
    assert desk.claim()
    assert not Desk(tmp_path / "data").claim()
    desk.release()
    again = Desk(tmp_path / "data")
    assert again.claim()
    again.release()


def test_a_crashed_apps_lock_is_taken_over(tmp_path):
    data = tmp_path / "data"
    holder = subprocess.Popen([sys.executable, "-c", "import sys, time\nfrom operator_assist.ui.desktop.single_instance import Desk\n"
                               f"assert Desk({str(data)!r}).claim()\nprint('held', flush=True)\ntime.sleep(60)"],
                              stdout=subprocess.PIPE, text=True)  # fmt: skip
    assert holder.stdout.readline() == "held\n"
    assert not Desk(data).claim()
    holder.send_signal(signal.SIGKILL)  # as a crash: nothing released
    holder.wait(timeout=10)
    holder.stdout.close()
    desk = Desk(data)
    assert desk.claim()
    desk.release()


def test_a_second_start_asks_the_running_app_to_raise_its_window_and_exits_0(qtbot, tmp_path, desk):
    calls = []
    assert desk.claim()
    desk.listen(None, lambda: calls.append("raise"), lambda: calls.append("team"))
    second = subprocess.Popen([*APP, "--data-dir", str(desk.data_dir)], stderr=subprocess.PIPE, text=True)
    qtbot.waitUntil(lambda: calls == ["raise"], timeout=30000)
    assert second.wait(timeout=30) == 0
    assert "уже запущен" in second.stderr.read()
    second.stderr.close()


def test_a_start_while_the_first_is_still_starting_waits_for_it(qtbot, tmp_path, desk):
    calls = []
    assert desk.claim()
    second = subprocess.Popen([*APP, "--data-dir", str(desk.data_dir)], stderr=subprocess.DEVNULL)
    qtbot.wait(300)  # the second start knocks before anything listens; it keeps knocking
    desk.listen(None, lambda: calls.append("raise"), lambda: None)
    qtbot.waitUntil(lambda: calls == ["raise"], timeout=30000)
    assert second.wait(timeout=30) == 0


def test_a_stranger_on_the_socket_changes_nothing(qtbot, desk):
    from PySide6.QtNetwork import QLocalSocket

    calls = []
    assert desk.claim()
    desk.listen(None, lambda: calls.append("raise"), lambda: calls.append("team"))
    socket = QLocalSocket()
    socket.connectToServer(server_name(desk.data_dir))
    assert socket.waitForConnected(2000)
    socket.write(b"format c:\n")
    qtbot.waitUntil(lambda: socket.bytesAvailable() > 0 or socket.state() != QLocalSocket.LocalSocketState.ConnectedState)
    assert bytes(socket.readAll()) == b"unknown\n" and calls == []


def test_team_join_tells_the_running_window_and_uses_the_administrators_address(qtbot, tmp_path, user_dirs, desk):
    calls = []
    assert desk.claim()
    desk.listen(None, lambda: None, lambda: calls.append("team"))
    closed = __import__("socket").socket()
    closed.bind(("127.0.0.1", 0))
    url = f"http://127.0.0.1:{closed.getsockname()[1]}"  # nothing listens: the enrolment is stored for later
    user_dirs.system.mkdir()
    (user_dirs.system / "settings.yaml").write_text(f"team:\n  server_url: {url}\n", encoding="utf-8")
    join = subprocess.Popen([*APP, "team-join", "TOKEN-1", "--data-dir", str(desk.data_dir)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
    qtbot.waitUntil(lambda: calls == ["team"], timeout=30000)
    out, err = join.communicate(timeout=30)
    closed.close()
    assert join.returncode == 0, err
    assert json.loads((desk.data_dir / "team.json").read_text(encoding="utf-8"))["url"] == url


def test_team_join_refuses_another_address_than_the_locked_one(tmp_path, user_dirs):
    user_dirs.system.mkdir()
    (user_dirs.system / "settings.yaml").write_text("team:\n  server_url: https://stats.example\n", encoding="utf-8")
    (user_dirs.system / "policy.yaml").write_text("locked: [team.server_url]\n", encoding="utf-8")
    run = subprocess.run([*APP, "team-join", "https://elsewhere.example", "TOKEN", "--data-dir", str(tmp_path)],
                         capture_output=True, text=True, timeout=60)  # fmt: skip
    assert run.returncode == 2 and "закрепил администратор: https://stats.example" in run.stderr
    assert not (tmp_path / "team.json").exists()


def test_tell_without_a_running_app_is_false(tmp_path):
    assert tell(tmp_path, TEAM_JOINED) is False  # team-join without a window: nothing to tell, no error


def test_a_second_start_of_the_real_app_raises_the_first_over_another_program(tmp_path, x_display):  # noqa: F811
    """On a real X server: the first start's window, another program focused, then a second start."""
    data = tmp_path / "data"
    first = RunningApp([*APP, "--no-global-keys"], x_display, data)
    try:
        first.wait_ready()
        other = OtherProgram(x_display)  # takes the focus
        try:
            second_start_raises_the_first(first, APP, x_display, "Помощник оператора", other.window.id)
        finally:
            other.close()
    finally:
        code, _, err = first.stop()
    assert code == 128 + signal.SIGTERM, err
