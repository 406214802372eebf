"""Chooses the system-wide hotkey backend for Qt's platform (:mod:`.global_keys`, :mod:`.portal_keys`)."""

from __future__ import annotations

import logging
import os
import sys

from PySide6.QtCore import QObject

from ...i18n import QT_TRANSLATE_NOOP, translate
from .global_keys import NO_GLOBAL, GlobalKeys, WindowsGlobalKeys, X11GlobalKeys

log = logging.getLogger(__name__)


def create_global_keys(bindings: dict[str, str], platform: str, parent: QObject | None = None,
                       display: str | None = None) -> GlobalKeys:  # fmt: skip
    """The backend for Qt's ``platform`` (``xcb``, ``windows``, ``wayland``…); never raises.

    ``display``: the X display (``xcb``) or the session bus's D-Bus address (``wayland``)."""
    import warnings

    with warnings.catch_warnings():
        # python-xlib leaves its socket open when a connection fails; it goes with the traceback here.
        warnings.simplefilter("ignore", ResourceWarning)
        try:
            if platform == "xcb":
                return X11GlobalKeys(bindings, parent, display)
            if platform == "windows" and sys.platform == "win32":
                return WindowsGlobalKeys(bindings, parent)
            if platform == "wayland":
                from .portal_keys import PortalGlobalKeys

                return PortalGlobalKeys(bindings, parent, display)
        except ImportError as exc:
            log.warning("global keys unavailable: %s", exc)
            return GlobalKeys(bindings, parent, translate("keys", "Глобальные клавиши недоступны: не установлен модуль {name}.").format(name=exc.name))
        except Exception as exc:  # an X server that refuses us, a broken ctypes: never the app's end
            log.warning("global keys unavailable: %s", str(exc))  # not exc itself: its traceback holds the socket
            return GlobalKeys(bindings, parent, translate("keys", "Глобальные клавиши недоступны: {error}").format(error=exc))
    if platform in ("offscreen", "minimal") or (platform == "xcb" and not os.environ.get("DISPLAY")):
        return GlobalKeys(bindings, parent)  # no screen: nothing to tell
    return GlobalKeys(bindings, parent, translate("keys", NO_GLOBAL.get(platform, QT_TRANSLATE_NOOP("keys", "Платформа {platform}: глобальные клавиши недоступны."))).format(
        platform=platform
    ))
