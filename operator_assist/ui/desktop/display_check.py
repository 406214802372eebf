"""Before Qt starts: is there a display the window can open on? (No Qt import here.)

Without one, Qt prints an English message and aborts (exit 134). The app says in
Russian what is missing and exits with 2 instead: no graphical session on Linux, or
a system library Qt's X11 plugin (xcb) needs, named with its Debian/Ubuntu package.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import Callable, Mapping

from ...i18n import QT_TRANSLATE_NOOP, translate

XCB_PACKAGES = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-xinerama.so.0": "libxcb-xinerama0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxcb.so.1": "libxcb1",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libdbus-1.so.3": "libdbus-1-3",
}
"""Libraries Qt's xcb plugin loads, and the Debian/Ubuntu package that has each."""

NO_SESSION = QT_TRANSLATE_NOOP(
    "display",
    "Нет графического сеанса: не заданы переменные DISPLAY и WAYLAND_DISPLAY. "
    "Запустите помощник на рабочем столе (X11 или Wayland), а не в текстовой консоли "
    "или по ssh без пересылки X (ssh -X)."
)


def _xcb_plugin() -> Path | None:
    try:
        import PySide6  # the package only: no Qt library is loaded by this
    except ImportError:
        return None
    plugin = Path(PySide6.__file__).parent / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    return plugin if plugin.is_file() else None


def _load(path: str) -> None:
    import ctypes

    ctypes.CDLL(path)


def display_problem(
    env: Mapping[str, str] | None = None,
    platform: str | None = None,
    load: Callable[[str], None] = _load,
    plugin: Path | None | bool = True,
) -> str | None:
    """Why no window can open (Russian), or None. ``plugin``: the xcb plugin's path (True: find it)."""
    env = os.environ if env is None else env
    platform = sys.platform if platform is None else platform
    if not platform.startswith("linux"):
        return None  # Windows and macOS always have their own platform plugin
    qpa = env.get("QT_QPA_PLATFORM", "").split(":")[0].split(";")[0].strip()
    if qpa and qpa not in ("xcb", "wayland", "wayland-egl"):
        return None  # offscreen, vnc, eglfs…: chosen on purpose
    if not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        return translate("display", NO_SESSION)
    uses_xcb = qpa == "xcb" or (not qpa and env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"))
    if not uses_xcb:
        return None
    path = _xcb_plugin() if plugin is True else plugin
    if not path:
        return None
    try:
        load(str(path))  # the plugin and every library it needs, as Qt will load them
    except OSError as exc:
        found = re.search(r"(lib[\w.+-]+\.so[\w.]*)", str(exc).replace(str(path), ""))
        library = found.group(1) if found else str(exc)
        package = XCB_PACKAGES.get(library)
        install = translate("display", " Установите пакет {package} (Debian/Ubuntu: sudo apt install {package}).") if package else ""
        return translate("display", "Qt не может открыть окно в X11: нет системной библиотеки {library}, которая нужна модулю xcb.").format(
            library=library
        ) + install.format(package=package)
    return None
