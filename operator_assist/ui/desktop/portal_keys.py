"""Global keys on Wayland: the desktop's ``org.freedesktop.portal.GlobalShortcuts`` portal.

Wayland gives no program the keys meant for another; a desktop that wants to allow global
shortcuts offers them through xdg-desktop-portal (GNOME 48 and later, KDE Plasma 5.27 and
later). The conversation, on the session bus:

1. ``Properties.Get(GlobalShortcuts, "version")`` — no portal, or a portal without the
   interface, is the Wayland notice (the keys work in the assistant's windows);
2. ``CreateSession`` → the Request's ``Response`` signal carries the session handle;
3. ``BindShortcuts`` with the global actions (id = the keymap's action id, description =
   its label, ``preferred_trigger`` = the key in the shortcuts specification's spelling,
   ``CTRL+F7``) → ``Response`` lists what the desktop bound; the desktop may have asked the
   user to confirm or change the triggers, so what differs from what we asked is a notice;
4. ``Activated(session, id, …)`` → :attr:`GlobalKeys.activated`, as on X11.

D-Bus is spoken with jeepney's sans-I/O parts on a non-blocking socket of our own, read
through a ``QSocketNotifier``: no thread, no polling, no wait on the GUI thread. Nothing
here raises into the app: every failure becomes :attr:`GlobalKeys.notice`.
"""

from __future__ import annotations

import logging
import os
import secrets
import socket
from typing import Any, Callable

from PySide6.QtCore import QObject, QSocketNotifier

from ...core.keymap import BY_ID, BadKey, parse_key
from ...i18n import QT_TRANSLATE_NOOP, translate
from ..texts import action_label
from .global_keys import NO_GLOBAL, GlobalKeys

log = logging.getLogger(__name__)

PORTAL = "org.freedesktop.portal.Desktop"
PORTAL_PATH = "/org/freedesktop/portal/desktop"
SHORTCUTS = "org.freedesktop.portal.GlobalShortcuts"
REQUEST = "org.freedesktop.portal.Request"
SESSION = "org.freedesktop.portal.Session"
REGISTRY = "org.freedesktop.host.portal.Registry"
REPEAT_GAP_MS = 700
"""An ``Activated`` of a held key sooner than this after the last one is the keyboard repeating
(repeat delays are 250–660 ms, repeats 25–40 ms apart); a new press comes later or after ``Deactivated``."""
APP_ID = "operator-assist"
"""Our application id for the portal (xdg-desktop-portal ≥ 1.21 wants one from a host app)."""

_TRIGGER_MODIFIERS = {"Ctrl": "CTRL", "Shift": "SHIFT", "Alt": "ALT", "Meta": "LOGO"}
_TRIGGER_KEYS = {"Enter": "KP_Enter", "Space": "space", "Backspace": "BackSpace", "PgUp": "Page_Up",
                 "PgDown": "Page_Down", "ScrollLock": "Scroll_Lock"}  # fmt: skip

CANCELLED = QT_TRANSLATE_NOOP("keys", "назначение отменено")
REFUSED = QT_TRANSLATE_NOOP("keys", "рабочий стол отказал")


def portal_trigger(key: str) -> str:
    """A keymap key (``Ctrl+F7``) in the shortcuts specification's spelling (``CTRL+F7``):
    xkbcommon's modifier and keysym names joined by ``+``."""
    *mods, name = key.split("+")
    name = _TRIGGER_KEYS.get(name, name.lower() if len(name) == 1 else name)
    return "+".join([_TRIGGER_MODIFIERS[mod] for mod in mods] + [name])


def _same_key(description: str, key: str) -> bool:
    try:
        return parse_key(description) == key
    except BadKey:
        return False


class PortalGlobalKeys(GlobalKeys):
    """The keys bound by the desktop's portal; :attr:`active` and :attr:`notice` are filled in
    when the desktop answers (``changed`` says so)."""

    name = "portal"

    def __init__(self, bindings: dict[str, str], parent: QObject | None = None, address: str | None = None) -> None:
        """``address``: the D-Bus address of the session bus (default: ``DBUS_SESSION_BUS_ADDRESS``)."""
        super().__init__(bindings, parent)
        from jeepney import Parser
        from jeepney.auth import Authenticator
        from jeepney.bus import get_bus

        self.unbound: dict[str, str] = {}
        """``{action id: key}`` the desktop did not bind (they work in the window only)."""
        self._auth = Authenticator()
        self._parser = Parser()
        self._out = bytearray()
        self._serial = 0
        self._replies: dict[int, Callable[[Any], None]] = {}
        self._responses: dict[str, Callable[[int, dict], None]] = {}  # request path -> its Response
        self._unique = ""
        self._session = ""
        self._held: dict[str, int] = {}  # shortcut id -> the time (ms) of its last Activated while held
        self._sock: socket.socket | None = None
        try:
            address = address or os.environ.get("DBUS_SESSION_BUS_ADDRESS", "")
            if not address:
                raise OSError("DBUS_SESSION_BUS_ADDRESS is not set")
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            sock.setblocking(False)
            try:
                sock.connect(get_bus(address))  # a local socket: at once, or refused
            except Exception:
                sock.close()
                raise
        except Exception as exc:  # no bus, a bus we cannot reach: the keys stay in the window
            log.info("global keys: no session bus: %s", exc)
            self.notice = translate("keys", NO_GLOBAL["wayland"])
            return
        self._sock = sock
        self._reader = QSocketNotifier(sock.fileno(), QSocketNotifier.Type.Read, self)
        self._reader.activated.connect(self._read)
        self._writer = QSocketNotifier(sock.fileno(), QSocketNotifier.Type.Write, self)
        self._writer.setEnabled(False)
        self._writer.activated.connect(self._flush)
        self._send_raw(self._auth.data_to_send() or b"")

    # --- the connection ---------------------------------------------------------------------

    def _send_raw(self, data: bytes) -> None:
        self._out += data
        self._flush()

    def _flush(self, *_: object) -> None:
        if self._sock is None:
            return
        try:
            while self._out:
                sent = self._sock.send(self._out)
                del self._out[:sent]
        except BlockingIOError:
            pass
        except OSError as exc:
            self._lost(exc)
            return
        self._writer.setEnabled(bool(self._out))

    def _read(self, *_: object) -> None:
        from jeepney.auth import BEGIN

        while self._sock is not None:
            try:
                data = self._sock.recv(65536)
            except BlockingIOError:
                return
            except OSError as exc:
                self._lost(exc)
                return
            if not data:
                self._lost(ConnectionError("the session bus closed the connection"))
                return
            if not self._auth.authenticated:
                try:
                    self._auth.feed(data)
                except Exception as exc:
                    self._lost(exc)
                    return
                if self._auth.authenticated:
                    self._send_raw(BEGIN)
                    self._call("/org/freedesktop/DBus", "org.freedesktop.DBus", "Hello", "", (), self._hello,
                               bus_name="org.freedesktop.DBus")  # fmt: skip
                continue
            try:
                for message in self._parser.feed(data):
                    self._dispatch(message)
            except Exception as exc:  # a peer outside the specification: a notice, never the app's end
                log.warning("global keys: unexpected message from the session bus: %r", exc)
                self._failed(str(exc))
                return

    def _call(self, path: str, interface: str, member: str, signature: str, body: tuple,
              on_reply: Callable[[Any], None] | None = None, bus_name: str = PORTAL) -> None:  # fmt: skip
        """A method call; ``on_reply`` gets the reply or the error message (None: no reply wanted)."""
        from jeepney import DBusAddress, MessageFlag, new_method_call

        message = new_method_call(DBusAddress(path, bus_name, interface), member, signature or None, body)
        if on_reply is None:
            message.header.flags |= MessageFlag.no_reply_expected
        self._serial += 1
        if on_reply is not None:
            self._replies[self._serial] = on_reply
        self._send_raw(message.serialise(serial=self._serial))

    def _dispatch(self, message: Any) -> None:
        from jeepney import HeaderFields, MessageType

        kind = message.header.message_type
        fields = message.header.fields
        if kind in (MessageType.method_return, MessageType.error):
            handler = self._replies.pop(fields.get(HeaderFields.reply_serial, -1), None)
            if handler is not None:
                handler(message)
            return
        if kind is not MessageType.signal:
            return
        interface, member = fields.get(HeaderFields.interface), fields.get(HeaderFields.member)
        if interface == REQUEST and member == "Response":
            on_response = self._responses.pop(fields.get(HeaderFields.path, ""), None)
            if on_response is not None:
                code, results = message.body
                on_response(code, results)
        elif interface == SHORTCUTS and message.body and message.body[0] == self._session and self._session:
            if member == "Activated" and message.body[1] in self.active:
                if self._pressed(message.body[1], message.body[2]):
                    self.activated.emit(message.body[1])
            elif member == "Deactivated":
                self._held.pop(message.body[1], None)
            elif member == "ShortcutsChanged":
                self._bound(message.body[1])

    def _pressed(self, shortcut: str, timestamp_ms: int) -> bool:
        """A new press, not the desktop repeating a held key (F7 held must not hold and resume).

        A key is held from ``Activated`` to ``Deactivated``; a desktop that sends no
        ``Deactivated`` repeats within the keyboard's repeat delay, so an ``Activated`` less
        than :data:`REPEAT_GAP_MS` after the last one of a held key is a repeat too.
        """
        last = self._held.get(shortcut)
        self._held[shortcut] = timestamp_ms
        return last is None or timestamp_ms - last >= REPEAT_GAP_MS

    @staticmethod
    def _error(message: Any) -> str | None:
        """The D-Bus error of a reply (its name and text), or None for a method return."""
        from jeepney import HeaderFields, MessageType

        if message.header.message_type is not MessageType.error:
            return None
        name = message.header.fields.get(HeaderFields.error_name, "")
        text = message.body[0] if message.body and isinstance(message.body[0], str) else ""
        return f"{name}: {text}" if text else name

    def _request(self, method: str, signature: str, body: tuple, on_response: Callable[[int, dict], None]) -> None:
        """A portal call answered by a Request's ``Response`` signal; its path is known before the call
        (``handle_token``), so the match is in place before the portal can answer."""
        token = f"operator_assist_{secrets.token_hex(4)}"
        sender = self._unique.lstrip(":").replace(".", "_")
        path = f"{PORTAL_PATH}/request/{sender}/{token}"
        self._responses[path] = on_response
        *args, options = body
        body = (*args, {**options, "handle_token": ("s", token)})

        def replied(message: Any) -> None:
            error = self._error(message)
            if error is not None:
                self._responses.pop(path, None)
                self._failed(error)
                return
            handle = message.body[0]
            if handle != path and path in self._responses:  # a portal older than handle_token
                self._responses[handle] = self._responses.pop(path)
                self._add_match(f"type='signal',sender='{PORTAL}',interface='{REQUEST}',member='Response',path='{handle}'")

        self._call(PORTAL_PATH, SHORTCUTS, method, signature, body, replied)

    def _add_match(self, rule: str) -> None:
        self._call("/org/freedesktop/DBus", "org.freedesktop.DBus", "AddMatch", "s", (rule,), bus_name="org.freedesktop.DBus")

    # --- the portal's conversation ------------------------------------------------------------

    def _hello(self, message: Any) -> None:
        if self._error(message) is not None:
            self._lost(ConnectionError(self._error(message)))
            return
        self._unique = message.body[0]
        sender = self._unique.lstrip(":").replace(".", "_")
        self._add_match(f"type='signal',sender='{PORTAL}',interface='{REQUEST}',member='Response',"
                        f"path_namespace='{PORTAL_PATH}/request/{sender}'")  # fmt: skip
        self._add_match(f"type='signal',sender='{PORTAL}',interface='{SHORTCUTS}',path='{PORTAL_PATH}'")
        # A host app names itself before any portal call; an older portal (or ours already known) says no: no matter.
        self._call(PORTAL_PATH, REGISTRY, "Register", "sa{sv}", (APP_ID, {}))
        self._call(PORTAL_PATH, "org.freedesktop.DBus.Properties", "Get", "ss", (SHORTCUTS, "version"), self._version)

    def _version(self, message: Any) -> None:
        error = self._error(message)
        version = 0 if error is not None else message.body[0][1]
        if not version:
            log.info("global keys: no GlobalShortcuts portal (%s)", error or "version 0")
            self._shut()  # nothing more to hear
            self._set_notice(translate("keys", NO_GLOBAL["wayland"]))
            return
        self._request("CreateSession", "a{sv}", ({"session_handle_token": ("s", f"operator_assist_{secrets.token_hex(4)}")},),
                      self._session_created)  # fmt: skip

    def _session_created(self, code: int, results: dict) -> None:
        if code != 0 or "session_handle" not in results:
            self._failed(translate("keys", CANCELLED if code == 1 else REFUSED))
            return
        self._session = results["session_handle"][1]
        shortcuts = [
            (action_id, {"description": ("s", action_label(BY_ID[action_id].label)), "preferred_trigger": ("s", portal_trigger(key))})
            for action_id, key in self.bindings.items()
        ]  # fmt: skip
        self._request("BindShortcuts", "oa(sa{sv})sa{sv}", (self._session, shortcuts, "", {}), self._shortcuts_bound)

    def _shortcuts_bound(self, code: int, results: dict) -> None:
        if code != 0:
            self._failed(translate("keys", CANCELLED if code == 1 else REFUSED))
            return
        self._bound(results.get("shortcuts", ("a(sa{sv})", []))[1])

    def _bound(self, shortcuts: list) -> None:
        """What the desktop bound (``[(id, {"trigger_description": ("s", …)})]``): the active keys, and
        a notice if they are not what we asked."""
        self.active = {}
        for action_id, info in shortcuts:
            if action_id in self.bindings:
                self.active[action_id] = info.get("trigger_description", ("s", ""))[1] or self.bindings[action_id]
        self.unbound = {a: key for a, key in self.bindings.items() if a not in self.active}
        log.info("global keys bound by the portal: %s; not bound: %s", self.active, self.unbound)
        lines = []
        if any(not _same_key(trigger, self.bindings[a]) for a, trigger in self.active.items()) or (self.unbound and self.active):
            bound = ", ".join(f"{trigger} — {action_label(BY_ID[a].label)}" for a, trigger in self.active.items())
            lines.append(translate("keys", "Рабочий стол назначил глобальные клавиши: {bound}.").format(bound=bound))
        if self.unbound:
            missing = ", ".join(f"{key} ({action_label(BY_ID[a].label)})" for a, key in self.unbound.items())
            lines.append(translate("keys", "Не назначены рабочим столом — работают, только когда активно окно помощника: "
                                           "{missing}.").format(missing=missing))  # fmt: skip
        self._set_notice("\n".join(lines))

    def _failed(self, reason: str) -> None:
        log.warning("global keys: the portal did not bind them: %s", reason)
        self.close()
        self.active = {}
        self._set_notice(translate("keys", "Wayland: глобальные клавиши не назначены ({reason}) — F5–F8 работают, когда активно "
                                           "окно помощника (компактное окно поверх всех окон — Ctrl+Shift+K).").format(reason=reason))  # fmt: skip

    def _lost(self, exc: BaseException) -> None:
        log.warning("global keys: the session bus connection failed: %s", exc)
        had_keys = bool(self.active)
        self._shut()
        self.active = {}
        if had_keys:
            self._set_notice(translate("keys", "Связь с рабочим столом потеряна: глобальные клавиши больше не работают — "
                                               "клавиши работают, когда активно окно помощника."))  # fmt: skip
        else:
            self._set_notice(translate("keys", NO_GLOBAL["wayland"]))

    def _set_notice(self, text: str) -> None:
        self.notice = text
        self.changed.emit()

    # --- the end ------------------------------------------------------------------------------

    def close(self) -> None:
        """Ends the session (the desktop drops our shortcuts) and the connection."""
        if self._sock is None:
            return
        if self._session:
            self._call(self._session, SESSION, "Close", "", ())
        for path in list(self._responses):  # a dialog still open for us
            self._call(path, REQUEST, "Close", "", ())
        self._responses.clear()
        self._shut()

    def _shut(self) -> None:
        if self._sock is None:
            return
        self._reader.setEnabled(False)
        self._writer.setEnabled(False)
        try:
            self._sock.send(self._out)  # the last words, if the socket takes them now
        except OSError:
            pass
        self._sock.close()
        self._sock = None
        self._session = ""
