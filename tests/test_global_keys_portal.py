"""Global keys on Wayland through the GlobalShortcuts portal, against a fake portal on a private D-Bus.

A real ``dbus-daemon`` (its own configuration: no service activation, so no real portal can start)
and a fake ``org.freedesktop.portal.Desktop`` written here with jeepney, on a thread of the test:
CreateSession and BindShortcuts answered through Request ``Response`` signals, ``Activated`` on
demand. The backend under test speaks to it as it would to xdg-desktop-portal.
"""

from __future__ import annotations

import queue
import subprocess
import threading

import pytest
from PySide6.QtCore import Qt

from operator_assist.core.clock import FakeClock
from operator_assist.core.engine import CallState
from operator_assist.core.journal import Journal
from operator_assist.ui.desktop.global_keys import NO_GLOBAL
from operator_assist.ui.desktop.key_backends import create_global_keys
from operator_assist.ui.desktop.portal_keys import PortalGlobalKeys, portal_trigger
from operator_assist.ui.desktop.shell import DesktopShell

from .components import require

jeepney = pytest.importorskip("jeepney")
from jeepney import DBusAddress, HeaderFields, MessageType, new_error, new_method_return, new_signal  # noqa: E402
from jeepney.bus_messages import message_bus  # noqa: E402
from jeepney.io.blocking import open_dbus_connection  # noqa: E402

PORTAL = "org.freedesktop.portal.Desktop"
PORTAL_PATH = "/org/freedesktop/portal/desktop"
SHORTCUTS = "org.freedesktop.portal.GlobalShortcuts"
WAYLAND_NOTICE = NO_GLOBAL["wayland"]

BUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir={dir}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""


@pytest.fixture(scope="module")
def session_bus(tmp_path_factory):
    """A private session bus (``dbus-daemon``); its address."""
    daemon = require("dbus-daemon", "dbus")
    folder = tmp_path_factory.mktemp("bus")
    config = folder / "session.conf"
    config.write_text(BUS_CONFIG.format(dir=folder), encoding="utf-8")
    proc = subprocess.Popen([daemon, f"--config-file={config}", "--nofork", "--print-address"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        address = proc.stdout.readline().decode().strip()
        assert address.startswith("unix:"), "dbus-daemon did not report its address"
        yield address
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        proc.stdout.close()


class FakePortal:
    """``org.freedesktop.portal.Desktop`` with GlobalShortcuts ``version``; ``create``/``bind``: the
    Response codes it answers (0 granted, 1 cancelled by the user, 2 refused); ``drop``: ids it leaves
    unbound; ``triggers``: ``{id: trigger_description}`` as if the user changed them."""

    def __init__(self, address: str, version: int | None = 1, create: int = 0, bind: int = 0,
                 drop: tuple[str, ...] = (), triggers: dict[str, str] | None = None) -> None:  # fmt: skip
        self.version, self.create, self.bind, self.drop = version, create, bind, drop
        self.triggers = triggers or {}
        self.bound: list = []
        """The shortcuts BindShortcuts was given."""
        self.sessions: list[str] = []
        self.closed: list[str] = []
        self._emit: queue.Queue = queue.Queue()
        self._stop = threading.Event()
        self.conn = open_dbus_connection(address)
        self.conn.send_and_get_reply(message_bus.RequestName(PORTAL))
        self.thread = threading.Thread(target=self._serve, name="fake-portal")
        self.thread.start()

    def activate(self, shortcut_id: str, at_ms: int = 1234, release: bool = True) -> None:
        """The user pressed the shortcut at ``at_ms`` (and let it go, unless ``release`` is false)."""
        self._emit.put(("Activated", "osta{sv}", shortcut_id, at_ms, {}))
        if release:
            self._emit.put(("Deactivated", "osta{sv}", shortcut_id, at_ms + 80, {}))

    def change(self, triggers: dict[str, str]) -> None:
        """``ShortcutsChanged``: the user gave the shortcuts other triggers in the desktop's settings."""
        shortcuts = [(sid, {"description": info["description"], "trigger_description": ("s", triggers[sid])})
                     for sid, info in self.bound if sid in triggers]  # fmt: skip
        self._emit.put(("ShortcutsChanged", "oa(sa{sv})", shortcuts))

    def stop(self) -> None:
        self._stop.set()
        self.thread.join(timeout=5)
        self.conn.close()

    def _serve(self) -> None:
        while not self._stop.is_set():
            while not self._emit.empty():
                member, signature, *args = self._emit.get()
                body = (self.sessions[-1], *args)
                self.conn.send(new_signal(DBusAddress(PORTAL_PATH, interface=SHORTCUTS), member, signature, body))
            try:
                message = self.conn.receive(timeout=0.01)
            except TimeoutError:
                continue
            if message.header.message_type is MessageType.method_call:
                self._answer(message)

    def _answer(self, message) -> None:
        fields = message.header.fields
        member, interface, sender = fields[HeaderFields.member], fields.get(HeaderFields.interface), fields[HeaderFields.sender]
        escaped = sender[1:].replace(".", "_")
        if member == "Get" and message.body == (SHORTCUTS, "version") and self.version is not None:
            self.conn.send(new_method_return(message, "v", (("u", self.version),)))
        elif interface == SHORTCUTS and member in ("CreateSession", "BindShortcuts"):
            options = message.body[-1]
            request = f"{PORTAL_PATH}/request/{escaped}/{options['handle_token'][1]}"
            self.conn.send(new_method_return(message, "o", (request,)))
            if member == "CreateSession":
                session = f"{PORTAL_PATH}/session/{escaped}/{options['session_handle_token'][1]}"
                self.sessions.append(session)
                code, results = self.create, {"session_handle": ("s", session)}
            else:
                assert message.body[0] == self.sessions[-1]
                self.bound = message.body[1]
                granted = [
                    (sid, {"description": info["description"],
                           "trigger_description": ("s", self.triggers.get(sid, info["preferred_trigger"][1].replace("CTRL", "Ctrl")))})
                    for sid, info in self.bound if sid not in self.drop
                ]  # fmt: skip
                code, results = self.bind, {"shortcuts": ("a(sa{sv})", granted)}
            response = new_signal(DBusAddress(request, interface="org.freedesktop.portal.Request"), "Response", "ua{sv}",
                                  (code, results if code == 0 else {}))  # fmt: skip
            response.header.fields[HeaderFields.destination] = sender  # as the portal does: to the caller only
            self.conn.send(response)
        elif interface == "org.freedesktop.portal.Session" and member == "Close":
            self.closed.append(fields[HeaderFields.path])
            self.conn.send(new_method_return(message))
        elif not message.header.flags & jeepney.MessageFlag.no_reply_expected:
            self.conn.send(new_error(message, "org.freedesktop.DBus.Error.UnknownMethod", "s", (f"no {member}",)))


@pytest.fixture
def portal(session_bus):
    portals = []

    def start(**behaviour) -> FakePortal:
        portals.append(FakePortal(session_bus, **behaviour))
        return portals[-1]

    yield start
    for fake in portals:
        fake.stop()


GRANTED = {"new_call": "F5", "lookup": "F6", "hold": "F7", "end_call": "F8"}


def test_the_desktop_binds_our_keys_and_activated_drives_the_call(qtbot, make_window, paths, session_bus, portal):
    fake = portal()
    window = make_window(FakeClock())
    shell = DesktopShell(window, "wayland", display=session_bus, tray=False)
    assert isinstance(shell.keys, PortalGlobalKeys)
    qtbot.waitUntil(lambda: shell.keys.active == GRANTED, timeout=3000)
    assert fake.bound == [
        ("new_call", {"description": ("s", "Новый звонок"), "preferred_trigger": ("s", "F5")}),
        ("lookup", {"description": ("s", "Поиск информации / нашёл — говорю"), "preferred_trigger": ("s", "F6")}),
        ("hold", {"description": ("s", "Удержание / вернуться"), "preferred_trigger": ("s", "F7")}),
        ("end_call", {"description": ("s", "Завершить звонок"), "preferred_trigger": ("s", "F8")}),
    ]
    assert shell.keys.notice == "" and window.notices.banner.isHidden()  # bound as asked: nothing to tell
    fake.activate("new_call")
    qtbot.waitUntil(lambda: window.session.snapshot.state is CallState.TALKING, timeout=3000)
    fake.activate("hold")
    qtbot.waitUntil(lambda: window.session.snapshot.state is CallState.HOLD, timeout=3000)
    fake.activate("hold")
    qtbot.waitUntil(lambda: window.session.snapshot.state is CallState.TALKING, timeout=3000)
    fake.activate("end_call")
    qtbot.waitUntil(lambda: window.session.snapshot.state is CallState.ENDED, timeout=3000)
    window.close()  # the session ends with the window: the desktop drops our shortcuts
    qtbot.waitUntil(lambda: fake.closed == fake.sessions[-1:], timeout=3000)
    with Journal.open(paths.journal_file) as journal:
        origins = {e.data.get("origin") for e in journal.events() if e.kind.value != "role_changed"}
    assert origins == {"hotkey"}


def test_keys_with_modifiers_are_asked_in_the_portal_spelling():
    assert portal_trigger("F7") == "F7"
    assert portal_trigger("Ctrl+F7") == "CTRL+F7"
    assert portal_trigger("Ctrl+Shift+Alt+Meta+K") == "CTRL+SHIFT+ALT+LOGO+k"
    assert portal_trigger("Alt+PgUp") == "ALT+Page_Up"
    assert portal_trigger("Shift+Enter") == "SHIFT+KP_Enter"
    assert portal_trigger("Ctrl+Space") == "CTRL+space"
    assert portal_trigger("Ctrl+Return") == "CTRL+Return"
    assert portal_trigger("Pause") == "Pause"


def test_triggers_the_user_changed_and_keys_left_unbound_are_told(qtbot, session_bus, portal):
    fake = portal(drop=("end_call",), triggers={"hold": "Ctrl+F9"})
    keys = PortalGlobalKeys({"hold": "Ctrl+F7", "end_call": "F8"}, address=session_bus)
    with qtbot.waitSignal(keys.changed, timeout=3000):
        pass
    assert [(sid, info["preferred_trigger"][1]) for sid, info in fake.bound] == [("hold", "CTRL+F7"), ("end_call", "F8")]
    assert keys.active == {"hold": "Ctrl+F9"} and keys.unbound == {"end_call": "F8"}
    assert "Ctrl+F9 — Удержание / вернуться" in keys.notice
    assert "F8 (Завершить звонок)" in keys.notice and "только когда активно окно помощника" in keys.notice
    fake.activate("end_call")  # not bound: a stray signal does nothing
    fake.activate("hold")
    with qtbot.waitSignal(keys.activated, timeout=3000) as blocker:
        pass
    assert blocker.args == ["hold"]
    keys.close()


def test_triggers_changed_later_in_the_desktop_settings_are_followed(qtbot, session_bus, portal):
    fake = portal()
    keys = PortalGlobalKeys({"hold": "F7", "end_call": "F8"}, address=session_bus)
    qtbot.waitUntil(lambda: keys.active == {"hold": "F7", "end_call": "F8"}, timeout=3000)
    with qtbot.waitSignal(keys.changed, timeout=3000):
        fake.change({"hold": "Shift+F7"})
    assert keys.active == {"hold": "Shift+F7"} and keys.unbound == {"end_call": "F8"}
    assert "Shift+F7 — Удержание / вернуться" in keys.notice and "F8 (Завершить звонок)" in keys.notice
    keys.close()


@pytest.mark.parametrize("stage, code, words", [("bind", 1, "назначение отменено"), ("bind", 2, "рабочий стол отказал"),
                                                ("create", 2, "рабочий стол отказал")])  # fmt: skip
def test_a_desktop_that_refuses_leaves_the_keys_in_the_window(qtbot, make_window, session_bus, portal, stage, code, words):
    portal(**{stage: code})
    window = make_window(FakeClock())
    shell = DesktopShell(window, "wayland", display=session_bus, tray=False)
    qtbot.waitUntil(lambda: words in window.notices.banner.text(), timeout=3000)
    assert shell.keys.active == {} and "работают, когда активно окно помощника" in shell.keys.notice
    qtbot.keyClick(window, Qt.Key.Key_F5)
    qtbot.keyClick(window, Qt.Key.Key_F7)  # in the assistant's own window they work
    assert window.session.snapshot.state is CallState.HOLD


@pytest.mark.parametrize("version", [None, 0], ids=["no-interface", "version-0"])
def test_a_portal_without_global_shortcuts_gives_the_wayland_notice(qtbot, session_bus, portal, version):
    portal(version=version)
    keys = create_global_keys({"hold": "F7"}, "wayland", display=session_bus)
    with qtbot.waitSignal(keys.changed, timeout=3000):
        pass
    assert keys.active == {} and keys.notice == WAYLAND_NOTICE


def test_no_portal_on_the_bus_gives_the_wayland_notice(qtbot, make_window, session_bus):
    window = make_window(FakeClock())
    shell = DesktopShell(window, "wayland", display=session_bus, tray=False)
    qtbot.waitUntil(lambda: "GlobalShortcuts" in window.notices.banner.text(), timeout=3000)
    assert shell.keys.active == {} and shell.keys.notice == WAYLAND_NOTICE
    assert "Wayland" in window.notices.banner.text()


def test_no_session_bus_at_all_is_the_notice_at_once(qapp, monkeypatch):
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    keys = create_global_keys({"hold": "F7"}, "wayland")
    assert keys.active == {} and keys.notice == WAYLAND_NOTICE
    keys = create_global_keys({"hold": "F7"}, "wayland", display="unix:path=/nonexistent/bus")
    assert keys.active == {} and keys.notice == WAYLAND_NOTICE


def test_a_held_key_is_one_press_whether_or_not_the_desktop_says_it_was_let_go(qtbot, make_window, session_bus, portal):
    fake = portal()
    window = make_window(FakeClock())
    shell = DesktopShell(window, "wayland", display=session_bus, tray=False)
    qtbot.waitUntil(lambda: shell.keys.active == GRANTED, timeout=3000)
    fake.activate("new_call")
    qtbot.waitUntil(lambda: window.session.snapshot.state is CallState.TALKING, timeout=3000)
    # F7 held: the desktop repeats Activated (first after the repeat delay, then every 33 ms).
    for at in (10_000, 10_500, 10_533, 10_566):
        fake.activate("hold", at, release=False)
    fake.activate("lookup", 10_600, release=False)  # a marker (refused on hold): all before it is handled
    qtbot.waitUntil(lambda: window.session.snapshot.state is CallState.HOLD and "lookup" in shell.keys._held, timeout=3000)
    assert window.session.snapshot.state is CallState.HOLD  # held F7 put the call on hold once, never resumed it
    fake._emit.put(("Deactivated", "osta{sv}", "hold", 10_600, {}))
    fake.activate("hold", 11_000)  # pressed again after letting go: back from hold
    qtbot.waitUntil(lambda: window.session.snapshot.state is CallState.TALKING, timeout=3000)
    # A desktop that never sends Deactivated: a press well after the last repeat is a new press.
    fake.activate("hold", 20_000, release=False)
    qtbot.waitUntil(lambda: window.session.snapshot.state is CallState.HOLD, timeout=3000)
    fake.activate("hold", 22_000, release=False)
    qtbot.waitUntil(lambda: window.session.snapshot.state is CallState.TALKING, timeout=3000)
    window.close()
