"""A demo or practice run of its own (``operator-assist demo …``) takes F5–F8 while it is active.

The running assistant holds F5–F8 system-wide (:mod:`.global_keys`): on X11 a grabbed key never
reaches the focused window, so a trainee's F5 in the «ПРАКТИКА» window would start a real call in
the assistant instead. While a window of this process has the focus, :class:`KeyClaim` owns the
X selection :data:`~.global_keys.CLAIM`; the assistant lets go of its keys meanwhile, so they reach
this window as its own keys, and takes them back when the focus goes elsewhere or this process ends
(the X server drops the selection of a connection that is gone, crash included).

X11 only; elsewhere (and without python-xlib) :func:`claim_keys` does nothing.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from .global_keys import CLAIM

log = logging.getLogger(__name__)


class KeyClaim(QObject):
    def __init__(self, window: QWidget, display: str | None = None) -> None:
        super().__init__(window)
        from Xlib import X
        from Xlib import display as xdisplay

        self._X = X
        self._display = xdisplay.Display(display)
        self._atom = self._display.intern_atom(CLAIM)
        self._owner = self._display.screen().root.create_window(-1, -1, 1, 1, 0, X.CopyFromParent)  # never shown
        self.claimed = False
        app = QGuiApplication.instance()
        assert isinstance(app, QGuiApplication), "the keys' claim needs the GUI application"
        app.focusWindowChanged.connect(self._focus_changed)
        app.aboutToQuit.connect(self.close)
        window.destroyed.connect(self.close)
        self._focus_changed(app.focusWindow())

    def _focus_changed(self, focused) -> None:
        """Any window of this process (the demo window, its score card) has the focus: the keys are ours."""
        if self._display is None or (focused is not None) == self.claimed:
            return
        self.claimed = focused is not None
        if self.claimed:
            self._owner.set_selection_owner(self._atom, self._X.CurrentTime)
        elif self._display.get_selection_owner(self._atom) == self._owner:  # another demo's claim is not ours to drop
            self._display.create_resource_object("window", self._X.NONE).set_selection_owner(self._atom, self._X.CurrentTime)
        self._display.flush()

    def close(self) -> None:
        if self._display is None:
            return
        self._owner.destroy()  # the selection goes with it
        self._display.close()
        self._display = None
        self.claimed = False


def claim_keys(window: QWidget, platform: str) -> KeyClaim | None:
    """The claim for ``window`` on X11 (Qt's platform ``xcb``); None elsewhere or when X refuses us."""
    if platform != "xcb":
        return None
    try:
        return KeyClaim(window)
    except Exception as exc:  # no python-xlib, an X server that refuses a second connection: the window keys work
        log.warning("demo window cannot claim F5-F8 from a running assistant: %s", exc)
        return None
