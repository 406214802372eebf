"""System-wide hotkeys: F5–F8 reach the call session while the softphone or the CRM has the focus.

One backend per platform, chosen from Qt's platform name:

- X11 (``xcb``): ``XGrabKey`` on the root window through python-xlib, on a connection of
  our own read through a ``QSocketNotifier`` — no thread, no polling. Each key is grabbed
  with and without NumLock and CapsLock, and a grabbed key goes to us only: the focused
  program does not also get it. A key another program holds already (``BadAccess``) is
  reported with the key and the action; the in-window key still works. While a demo or
  practice window of another process (``operator-assist demo``) is active it owns the
  :data:`CLAIM` selection (:mod:`.key_claim`): the grabs are let go meanwhile, so the keys
  reach that window, and taken again when it is not active or gone (XFixes says when).
- Windows: ``RegisterHotKey`` and a native event filter for ``WM_HOTKEY``.
- Wayland: the desktop's ``org.freedesktop.portal.GlobalShortcuts`` portal where it offers
  one (:mod:`.portal_keys`); the desktop answers later, so the keys and the notice come
  with ``changed``.
- macOS, a Wayland desktop without the portal and anything else: no global layer;
  :attr:`GlobalKeys.notice` says so and the keys work in the assistant's windows.

:func:`.key_backends.create_global_keys` chooses among them.

The app never fails for lack of a backend: every failure becomes a notice.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QSocketNotifier, Signal

from ...i18n import QT_TRANSLATE_NOOP

log = logging.getLogger(__name__)


class GlobalKeys(QObject):
    """No global layer (the null backend); the base of the real ones."""

    activated = Signal(str)
    """The keymap id of the action whose global key was pressed."""
    changed = Signal()
    """:attr:`active` or :attr:`notice` changed after construction (the Wayland portal answers later)."""

    name = "none"

    def __init__(self, bindings: dict[str, str], parent: QObject | None = None, notice: str = "") -> None:
        super().__init__(parent)
        self.bindings = dict(bindings)
        self.notice = notice
        """Why some or all keys are not global (Russian), or ''."""
        self.active: dict[str, str] = {}
        """``{action id: key}`` grabbed system-wide."""
        self.taken: dict[str, str] = {}
        """``{action id: key}`` another program holds."""

    def close(self) -> None:
        pass


# --- X11 ----------------------------------------------------------------------------------

_X_MODIFIERS = {"Ctrl": "ControlMask", "Shift": "ShiftMask", "Alt": "Mod1Mask", "Meta": "Mod4Mask"}
_X_NAMES = {"Return": "Return", "Enter": "KP_Enter", "PgUp": "Prior", "PgDown": "Next", "ScrollLock": "Scroll_Lock",
            "Escape": "Escape", "Backspace": "BackSpace"}  # fmt: skip


CLAIM = "_OPERATOR_ASSIST_KEYS"
"""An X selection: its owner is a demo or practice run of its own whose window is active and takes
F5–F8 itself (:mod:`.key_claim` owns it, :class:`X11GlobalKeys` follows it). The X server drops an
owner whose window or connection ends, so a crashed demo gives the keys back."""


class X11GlobalKeys(GlobalKeys):
    name = "x11"

    def __init__(self, bindings: dict[str, str], parent: QObject | None = None, display: str | None = None) -> None:
        super().__init__(bindings, parent)
        from Xlib import XK, X, error
        from Xlib import display as xdisplay

        self._X = X
        self._display = xdisplay.Display(display)
        self._root = self._display.screen().root
        self._grabs: dict[tuple[int, int], str] = {}  # (keycode, modifiers) -> action id
        self._down: set[int] = set()
        self.claimed_by = 0
        """The X window through which another process's demo or practice window has the keys now (0: we have them)."""
        ignorable = self._locks = self._lock_masks()
        for action_id, key in self.bindings.items():
            *mods, name = key.split("+")
            keysym = XK.string_to_keysym(_X_NAMES.get(name, name))
            keycode = self._display.keysym_to_keycode(keysym) if keysym else 0
            if not keycode:
                self.taken[action_id] = key
                log.warning("global key %s (%s): no keycode on this keyboard", key, action_id)
                continue
            mask = 0
            for mod in mods:
                mask |= getattr(X, _X_MODIFIERS[mod])
            catch = error.CatchError(error.BadAccess)
            for extra in ignorable:
                self._root.grab_key(keycode, mask | extra, True, X.GrabModeAsync, X.GrabModeAsync, onerror=catch)
            self._display.sync()
            if catch.get_error() is not None:
                for extra in ignorable:  # drop the half we may have got
                    self._root.ungrab_key(keycode, mask | extra)
                self._display.sync()
                self.taken[action_id] = key
                continue
            self.active[action_id] = key
            self._grabs[(keycode, mask)] = action_id
        self._ignored = 0
        for extra in ignorable:
            self._ignored |= extra
        self._claim = None
        self._watch_claim()
        self._notifier = QSocketNotifier(self._display.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._read)
        self._read()  # sync() may already have buffered events

    def _lock_masks(self) -> tuple[int, ...]:
        """0, CapsLock, NumLock and both: a grab must hold whatever the lock keys are."""
        from Xlib import XK

        X = self._X
        numlock = 0
        numlock_code = self._display.keysym_to_keycode(XK.string_to_keysym("Num_Lock"))
        mapping = self._display.get_modifier_mapping()
        for index, codes in enumerate(mapping):
            if numlock_code and numlock_code in codes:
                numlock = 1 << index
        masks = {0, X.LockMask, numlock, numlock | X.LockMask}
        return tuple(sorted(masks))

    def _read(self, *_: object) -> None:
        X = self._X
        events = []
        while self._display.pending_events():
            events.append(self._display.next_event())
        for index, event in enumerate(events):
            if event.type == X.KeyRelease:
                follower = events[index + 1] if index + 1 < len(events) else None
                # Auto-repeat: a release and a press of the same key at the same moment.
                if not (follower is not None and follower.type == X.KeyPress and follower.detail == event.detail
                        and follower.time == event.time):  # fmt: skip
                    self._down.discard(event.detail)
            elif event.type == X.KeyPress:
                if event.detail in self._down:
                    continue  # held down: one press, one action
                self._down.add(event.detail)
                action_id = self._grabs.get((event.detail, event.state & ~self._ignored))
                if action_id is not None:
                    self.activated.emit(action_id)
            elif self._claim is not None and isinstance(event, self._claim_event):
                self._follow_claim()

    def _watch_claim(self) -> None:
        """XFixes tells us whenever :data:`CLAIM`'s owner changes — also when its window or process ends."""
        from Xlib.ext import xfixes

        if not self._display.has_extension("XFIXES"):
            log.warning("no XFIXES on this X server: a demo run of its own cannot take F5-F8 from the assistant")
            return
        self._display.xfixes_query_version()
        self._claim = self._display.intern_atom(CLAIM)
        self._claim_event = xfixes.SelectionNotify
        self._display.xfixes_select_selection_input(
            self._root, self._claim,
            xfixes.XFixesSetSelectionOwnerNotifyMask | xfixes.XFixesSelectionWindowDestroyNotifyMask
            | xfixes.XFixesSelectionClientCloseNotifyMask,
        )  # fmt: skip
        self._follow_claim()

    def _follow_claim(self) -> None:
        """Let go of the grabs while another process's demo window has the keys; take them back after."""
        from Xlib import error

        owner = self._display.get_selection_owner(self._claim)
        claimant = int(getattr(owner, "id", owner) or 0)
        if bool(claimant) == bool(self.claimed_by):
            self.claimed_by = claimant
            return
        self.claimed_by = claimant
        self._down.clear()
        lost = []
        for (keycode, mask), action_id in list(self._grabs.items()):
            catch = error.CatchError(error.BadAccess)
            for extra in self._locks:
                if claimant:
                    self._root.ungrab_key(keycode, mask | extra)
                else:
                    self._root.grab_key(keycode, mask | extra, True, self._X.GrabModeAsync, self._X.GrabModeAsync,
                                        onerror=catch)  # fmt: skip
            self._display.sync()
            if catch.get_error() is not None:  # another program took it meanwhile
                for extra in self._locks:
                    self._root.ungrab_key(keycode, mask | extra)
                lost.append((keycode, mask))
                self.taken[action_id] = self.active.pop(action_id, "")
                log.warning("global key %s (%s): taken by another program while a demo had it", self.taken[action_id], action_id)
        for grab in lost:
            del self._grabs[grab]
        self._display.sync()
        if lost:
            self.changed.emit()

    def close(self) -> None:
        if self._display is None:
            return
        self._notifier.setEnabled(False)
        self._root.ungrab_key(self._X.AnyKey, self._X.AnyModifier)
        self._display.close()
        self._display = None


# --- Windows ------------------------------------------------------------------------------

_VK_NAMED = {"Return": 0x0D, "Enter": 0x0D, "Space": 0x20, "Tab": 0x09, "Backspace": 0x08, "Insert": 0x2D,
             "Delete": 0x2E, "Home": 0x24, "End": 0x23, "PgUp": 0x21, "PgDown": 0x22, "Pause": 0x13,
             "Print": 0x2C, "ScrollLock": 0x91, "Up": 0x26, "Down": 0x28, "Left": 0x25, "Right": 0x27,
             "Escape": 0x1B}  # fmt: skip
_MOD_WIN = {"Alt": 0x1, "Ctrl": 0x2, "Shift": 0x4, "Meta": 0x8}
_MOD_NOREPEAT = 0x4000
_WM_HOTKEY = 0x0312


def _virtual_key(name: str) -> int:
    if name.startswith("F") and name[1:].isdigit():
        return 0x70 + int(name[1:]) - 1
    if name in _VK_NAMED:
        return _VK_NAMED[name]
    return ord(name.upper())


class WindowsGlobalKeys(GlobalKeys):
    """``RegisterHotKey`` per key; ``WM_HOTKEY`` arrives through a native event filter.

    Written to the Win32 documentation; not exercised by the test suite (no Windows here).
    """

    name = "windows"

    def __init__(self, bindings: dict[str, str], parent: QObject | None = None) -> None:
        super().__init__(bindings, parent)
        import ctypes
        from ctypes import wintypes

        from PySide6.QtCore import QAbstractNativeEventFilter, QCoreApplication

        self._user32 = ctypes.windll.user32  # type: ignore[attr-defined]
        self._ids: dict[int, str] = {}
        for number, (action_id, key) in enumerate(self.bindings.items(), start=1):
            *mods, name = key.split("+")
            modifiers = _MOD_NOREPEAT
            for mod in mods:
                modifiers |= _MOD_WIN[mod]
            if self._user32.RegisterHotKey(None, number, modifiers, _virtual_key(name)):
                self._ids[number] = action_id
                self.active[action_id] = key
            else:
                self.taken[action_id] = key
        owner = self

        class Filter(QAbstractNativeEventFilter):
            def nativeEventFilter(self, event_type, message):  # noqa: N802 - Qt's name
                if bytes(event_type) == b"windows_generic_MSG":
                    msg = wintypes.MSG.from_address(int(message))
                    if msg.message == _WM_HOTKEY and msg.wParam in owner._ids:
                        owner.activated.emit(owner._ids[msg.wParam])
                        return True, 0
                return False, 0

        self._filter = Filter()
        app = QCoreApplication.instance()
        assert app is not None, "global keys need the application"
        app.installNativeEventFilter(self._filter)

    def close(self) -> None:
        for number in self._ids:
            self._user32.UnregisterHotKey(None, number)
        self._ids.clear()


# --- where there is none ----------------------------------------------------------------------

NO_GLOBAL = {
    "wayland": QT_TRANSLATE_NOOP(
        "keys",
        "Wayland: рабочий стол не предлагает глобальные клавиши (портал GlobalShortcuts) — F5–F8 работают, "
        "когда активно окно помощника (компактное окно поверх всех окон — Ctrl+Shift+K).",
    ),
    "cocoa": QT_TRANSLATE_NOOP("keys", "macOS: глобальные клавиши пока не поддерживаются — F5–F8 работают, когда активно окно помощника."),
}
