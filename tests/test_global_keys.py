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
