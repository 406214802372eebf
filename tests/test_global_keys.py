"""Global hotkeys on a real X server (Xvfb): the operator's keys work while another program has the focus."""

from __future__ import annotations

import os
import subprocess
import time

import pytest
from PySide6.QtCore import Qt

from operator_assist.core.clock import FakeClock
from operator_assist.core.engine import CallState
from operator_assist.core.journal import Journal
from operator_assist.ui.desktop.global_keys import GlobalKeys, X11GlobalKeys
from operator_assist.ui.desktop.key_backends import create_global_keys
from operator_assist.ui.desktop.shell import DesktopShell

from .components import require


@pytest.fixture(scope="module")
def x_display():
    """A private Xvfb; its display name (":N")."""
    xvfb = require("Xvfb", "xvfb")
    require("xdotool", "xdotool")
    read, write = os.pipe()
    proc = subprocess.Popen([xvfb, "-displayfd", str(write), "-nolisten", "tcp", "-noreset", "-screen", "0", "1024x768x24"],
                            pass_fds=(write,), stderr=subprocess.DEVNULL)  # fmt: skip
    os.close(write)
    try:
        number = b""
        deadline = time.monotonic() + 20
        while not number.endswith(b"\n") and time.monotonic() < deadline:
            chunk = os.read(read, 16)
            if not chunk:
                break
            number += chunk
        assert number.strip(), "Xvfb did not report its display"
        yield f":{number.strip().decode()}"
    finally:
        os.close(read)
        proc.terminate()
        proc.wait(timeout=10)


class OtherProgram:
    """A window of another X client that has the keyboard focus (the CRM, the softphone)."""

    def __init__(self, display: str) -> None:
        from Xlib import X
        from Xlib import display as xdisplay

        self.X = X
        self.display = xdisplay.Display(display)
        screen = self.display.screen()
        self.window = screen.root.create_window(0, 0, 200, 100, 0, screen.root_depth, event_mask=X.KeyPressMask)
        self.window.map()
        self.display.sync()
        self.window.set_input_focus(X.RevertToParent, X.CurrentTime)
        self.display.sync()

    def keys_received(self) -> list[int]:
        self.display.sync()
        codes = []
        while self.display.pending_events():
            event = self.display.next_event()
            if event.type == self.X.KeyPress:
                codes.append(event.detail)
        return codes

    def keycode(self, name: str) -> int:
        from Xlib import XK

        return self.display.keysym_to_keycode(XK.string_to_keysym(name))

    def close(self) -> None:
        self.window.destroy()
        self.display.close()


@pytest.fixture
def other_program(x_display):
    program = OtherProgram(x_display)
    yield program
    program.close()


def xdotool(display: str, *keys: str) -> None:
    subprocess.run(["xdotool", "key", *keys], env=dict(os.environ, DISPLAY=display), check=True, timeout=10)


def settle(qtbot, condition, timeout=3000):
    qtbot.waitUntil(condition, timeout=timeout)


def test_f5_to_f8_drive_the_call_while_another_program_has_the_focus(qtbot, make_window, paths, x_display, other_program):
    window = make_window(FakeClock())
    shell = DesktopShell(window, "xcb", display=x_display, tray=False)
    assert shell.keys.active == {"new_call": "F5", "lookup": "F6", "hold": "F7", "end_call": "F8"}
    xdotool(x_display, "F5")
    settle(qtbot, lambda: window.session.snapshot.state is CallState.TALKING)
    xdotool(x_display, "F6")
    settle(qtbot, lambda: window.session.snapshot.state is CallState.LOOKUP)
    xdotool(x_display, "F7")
    settle(qtbot, lambda: window.session.snapshot.state is CallState.HOLD)
    xdotool(x_display, "F7")
    settle(qtbot, lambda: window.session.snapshot.state is CallState.TALKING)
    xdotool(x_display, "F2")  # not ours: it goes where the focus is
    xdotool(x_display, "F8")
    settle(qtbot, lambda: window.session.snapshot.state is CallState.ENDED)
    # The other program got F2 and none of the assistant's keys.
    assert other_program.keys_received() == [other_program.keycode("F2")]
    window.close()
    with Journal.open(paths.journal_file) as journal:
        origins = {e.data.get("origin") for e in journal.events() if e.kind.value != "role_changed"}
    assert origins == {"hotkey"}


def _journal_kinds(path):
    if not path.exists():
        return []
    with Journal.open(path) as journal:
        return [e.kind.value for e in journal.events()]


def test_while_a_practice_window_is_active_the_global_keys_drive_it_not_the_operator_s_call(
    qtbot, make_window, paths, x_display, other_program
):
    """Issue 22 #4: Демонстрация → Практика; F5–F8 grabbed system-wide go to the active practice window
    (its session, its demo journal), never the hidden main window's real call."""
    from operator_assist.core.scenario_files import load_all

    window = make_window()
    DesktopShell(window, "xcb", display=x_display, tray=False)
    scenarios, _ = load_all(paths)
    practice = window.demo_menu.open(scenarios["01-balance"], practice=True)
    qtbot.addWidget(practice)
    practice.windowHandle().requestActivate()
    qtbot.waitUntil(practice.isActiveWindow)
    xdotool(x_display, "F5")
    settle(qtbot, lambda: practice.session.snapshot.state is CallState.TALKING)
    xdotool(x_display, "F6")
    settle(qtbot, lambda: practice.session.snapshot.state is CallState.LOOKUP)
    assert window.session.snapshot.state is CallState.IDLE
    assert "Ваш ход: Закончить поиск и продолжить разговор" not in practice.demo.panel.lines()  # the trainee's own pace
    practice.demo.panel.restart_button.setFocus()  # a widget of the practice window has the focus: still its keys
    xdotool(x_display, "F8")
    settle(qtbot, lambda: practice.session.snapshot.state is CallState.ENDED)
    settle(qtbot, lambda: practice.demo.score_dialog is not None and practice.demo.score_dialog.isVisible())
    practice.demo.score_dialog.activateWindow()
    qtbot.waitUntil(practice.demo.score_dialog.isActiveWindow)
    xdotool(x_display, "F5")  # the score card is the practice's: a new practice call, not a real one
    settle(qtbot, lambda: practice.session.snapshot.state is CallState.TALKING)
    assert window.session.snapshot.state is CallState.IDLE
    practice.close()

    window.windowHandle().requestActivate()  # the operator's window again: the keys are the operator's
    qtbot.waitUntil(window.isActiveWindow)
    xdotool(x_display, "F5")
    settle(qtbot, lambda: window.session.snapshot.state is CallState.TALKING)
    window.close()
    assert _journal_kinds(paths.journal_file).count("call_started") == 1  # the operator's one call, no practice
    assert _journal_kinds(paths.demo_journal_file).count("call_started") == 2


def _kinds_so_far(path):
    """Event kinds in a journal another process is writing (none yet: no file, or not made yet)."""
    import sqlite3

    from operator_assist.core.journal import JournalError

    if not path.exists():
        return []
    try:
        with Journal.open_readonly(path) as journal:
            return [e.kind.value for e in journal.events()]
    except (sqlite3.OperationalError, JournalError):  # the other process is creating it right now
        return []


def test_a_practice_run_of_its_own_has_the_keys_while_it_is_active_and_gives_them_back(
    qtbot, make_window, x_display, other_program, user_dirs
):
    """Issue 22 #4: `operator-assist demo … --practice` while the assistant runs. The keys belong to the
    active window: the practice window's while it has the focus, the operator's call otherwise — also
    after the practice process is killed."""
    import signal
    import sys

    from operator_assist.paths import UserPaths

    window = make_window()
    shell = DesktopShell(window, "xcb", display=x_display, tray=False)
    demo_journal = UserPaths.resolve(None).demo_journal_file  # the practice process's (OPERATOR_ASSIST_DATA_DIR)
    env = dict(os.environ, DISPLAY=x_display, QT_QPA_PLATFORM="xcb")
    log = open(user_dirs.home / "practice.log", "wb")
    practice = subprocess.Popen([sys.executable, "-m", "operator_assist", "demo", "01-balance", "--practice"], env=env,
                                stdout=log, stderr=subprocess.STDOUT, start_new_session=True)  # fmt: skip

    def focus_practice():
        # --onlyvisible: a window is named before it is mapped, and focusing an unmapped one fails (BadMatch);
        # on a loaded machine the search used to find it in between
        found = subprocess.run(["xdotool", "search", "--sync", "--onlyvisible", "--name", "ПРАКТИКА"], env=env,
                               capture_output=True, text=True, timeout=30, check=True)  # fmt: skip
        subprocess.run(["xdotool", "windowfocus", "--sync", found.stdout.split()[-1]], env=env, check=True, timeout=10)
        settle(qtbot, lambda: shell.keys.claimed_by != 0, timeout=10000)

    try:
        focus_practice()
        xdotool(x_display, "F5")
        qtbot.waitUntil(lambda: "call_started" in _kinds_so_far(demo_journal), timeout=15000)  # the trainee's call
        assert window.session.snapshot.state is CallState.IDLE and shell.keys.active["new_call"] == "F5"

        other_program.window.set_input_focus(other_program.X.RevertToParent, other_program.X.CurrentTime)
        other_program.display.sync()  # the CRM has the focus: the keys are the operator's again
        settle(qtbot, lambda: shell.keys.claimed_by == 0, timeout=10000)
        xdotool(x_display, "F5")
        settle(qtbot, lambda: window.session.snapshot.state is CallState.TALKING)

        focus_practice()
        os.killpg(practice.pid, signal.SIGKILL)  # a crash while it has the keys: they come back
        practice.wait(10)
        settle(qtbot, lambda: shell.keys.claimed_by == 0, timeout=10000)
        xdotool(x_display, "F8")
        settle(qtbot, lambda: window.session.snapshot.state is CallState.ENDED)
    finally:
        if practice.poll() is None:
            os.killpg(practice.pid, signal.SIGKILL)
            practice.wait(10)
        log.close()
    assert _kinds_so_far(demo_journal).count("call_started") == 1


def test_keys_work_with_numlock_and_capslock_on(qtbot, make_window, x_display, other_program):
    window = make_window(FakeClock())
    DesktopShell(window, "xcb", display=x_display, tray=False)
    xdotool(x_display, "Num_Lock", "Caps_Lock")
    try:
        xdotool(x_display, "F5")
        settle(qtbot, lambda: window.session.snapshot.state is CallState.TALKING)
    finally:
        xdotool(x_display, "Num_Lock", "Caps_Lock")


def test_a_key_another_program_holds_is_named_and_still_works_in_the_window(qtbot, make_window, x_display, other_program):
    squatter = X11GlobalKeys({"hold": "F7"}, display=x_display)  # another program grabbed F7 first
    try:
        assert squatter.active == {"hold": "F7"}
        window = make_window(FakeClock())
        shell = DesktopShell(window, "xcb", display=x_display, tray=False)
        assert shell.keys.taken == {"hold": "F7"} and "hold" not in shell.keys.active
        assert "F7" in window.notices.banner.text() and "Удержание / вернуться" in window.notices.banner.text()
        assert "занята другой программой" in window.notices.banner.text()
        qtbot.keyClick(window, Qt.Key.Key_F5)
        qtbot.keyClick(window, Qt.Key.Key_F7)  # in the assistant's own window it works
        assert window.session.snapshot.state is CallState.HOLD
    finally:
        squatter.close()


def test_holding_a_key_down_is_one_press(qtbot, make_window, x_display, other_program):
    window = make_window(FakeClock())
    DesktopShell(window, "xcb", display=x_display, tray=False)
    xdotool(x_display, "F5")
    settle(qtbot, lambda: window.session.snapshot.state is CallState.TALKING)
    env = dict(os.environ, DISPLAY=x_display)
    subprocess.run(["xdotool", "keydown", "F7", "sleep", "0.6", "keyup", "F7"], env=env, check=True, timeout=10)
    settle(qtbot, lambda: window.session.snapshot.state is CallState.HOLD)
    qtbot.wait(50)
    assert window.session.snapshot.state is CallState.HOLD  # auto-repeat did not toggle it back


def test_no_global_keys_setting_leaves_the_keys_to_the_focused_program(qtbot, make_window, x_display, other_program):
    window = make_window(FakeClock())
    shell = DesktopShell(window, "xcb", global_keys=False, display=x_display, tray=False)
    assert shell.keys.active == {}
    xdotool(x_display, "F5")
    assert other_program.keys_received() == [other_program.keycode("F5")]
    assert window.session.snapshot.state is CallState.IDLE


def test_platforms_without_a_backend_say_so_and_never_fail(qapp):
    keys = create_global_keys({"hold": "F7"}, "cocoa")  # Wayland: test_global_keys_portal.py
    assert type(keys) is GlobalKeys and keys.active == {} and "macOS" in keys.notice


def test_an_unreachable_x_server_is_a_notice_not_a_crash(qapp):
    keys = create_global_keys({"hold": "F7"}, "xcb", display=":987")
    assert keys.active == {} and "недоступны" in keys.notice
