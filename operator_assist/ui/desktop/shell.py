"""What makes the assistant usable while it is not the focused window: global keys, the compact
always-on-top view and the tray icon. All three are inputs to or views of the call session."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QSystemTrayIcon

from ...core.commands import KEY_COMMANDS, RecordOutcome
from ...core.engine import CallState
from ..main_window import MainWindow
from ..offers.presenter import offer_lamp
from ..texts import action_label
from . import geometry
from .compact_window import CompactWindow
from .global_keys import GlobalKeys
from .key_backends import create_global_keys

if TYPE_CHECKING:
    from ...core.offers import OfferState
    from ..audio.mark import MicMark


class DesktopShell(QObject):
    def __init__(self, window: MainWindow, platform: str, global_keys: bool = True, display: str | None = None,
                 tray: bool | None = None) -> None:  # fmt: skip
        """``platform``: Qt's platform name (chooses the global-key backend); ``display``: the X display
        (``xcb``) or the session bus address (``wayland``), by default the environment's; ``tray``:
        None = if the desktop has one."""
        super().__init__(window)
        self.window = window
        self.session = window.session
        keymap = window.keymap
        self.compact = CompactWindow(frameless=False, book=window.book)
        self.compact.addActions(window.call_actions() + [window.key_actions["compact"]])
        self.compact.full_requested.connect(lambda: window.key_actions["compact"].setChecked(False))
        self.compact.offer_clicked.connect(window.offer.open_card)
        self.compact.outcome_chosen.connect(lambda outcome, reason: self.session.perform(RecordOutcome(outcome, reason)))
        self.session.changed.connect(self._render_compact)
        self.session.offer_changed.connect(self._render_offer)
        window.compact_toggled.connect(self.set_compact)
        self._render_compact(self.session.snapshot)
        self._render_offer(self.session.offer_state)

        self.keys: GlobalKeys = GlobalKeys({})
        self._key_notice = ""
        if global_keys:
            self.keys = create_global_keys(keymap.global_bindings(), platform, self, display)
            self.keys.activated.connect(self._hotkey)
            for action_id, key in self.keys.taken.items():
                window.add_notice(
                    self.tr("Клавиша {key} ({label}) занята другой программой: она работает только в окне "
                            "помощника.").format(key=key, label=action_label(keymap.label(action_id)))
                )  # fmt: skip
            self.keys.changed.connect(self._show_key_notice)
            self._show_key_notice()

        self.tray = None
        if tray is None:
            tray = QSystemTrayIcon.isSystemTrayAvailable()
        if tray:
            from .tray import Tray

            self.tray = Tray(window.key_actions["compact"], window.mute_action, self)
            self.tray.show_requested.connect(self.show_front)
            self.tray.quit_requested.connect(window.quit_app)
            self.session.changed.connect(self.tray.show_snapshot)
            self.tray.show_snapshot(self.session.snapshot)
        window.closing.connect(self.close)
        if window.prefs.compact_geometry:
            geometry.restore(self.compact, window.prefs.compact_geometry)
        self.compact_keeper = geometry.GeometryKeeper(self.compact, lambda saved: window.update_prefs(compact_geometry=saved))

    def tray_message(self, title: str, text: str) -> None:
        """A desktop notification from the tray icon (the team lead's alerts); none without a tray."""
        if self.tray is not None:
            self.tray.message(title, text)

    def show_listening(self, mark: MicMark) -> None:
        """The full window's microphone mark (ui/audio/feed.py Listening.mark), shown in the compact view too."""
        mark.changed.connect(self.compact.set_listening)
        self.compact.set_listening(mark.state, mark.text(), mark.toolTip())

    def _show_key_notice(self) -> None:
        """The global keys' notice, once per text (the Wayland portal's comes when the desktop answers)."""
        if self.keys.notice and self.keys.notice != self._key_notice:
            self.window.add_notice(self.keys.notice)
        self._key_notice = self.keys.notice

    def _hotkey(self, action_id: str) -> None:
        """A global key: it drives the active demo or practice window when one is active (its own
        session and demo journal), else the operator's call."""
        action = KEY_COMMANDS.get(action_id)
        if action is None:
            return
        demo = self._active_demo_window()
        if demo is not None:
            demo.session.perform(action, "window")  # pressed in that window: the key is its own
        else:
            self.session.perform(action, "hotkey")

    def _active_demo_window(self) -> MainWindow | None:
        """The demo or practice window that is active (or owns the active dialog, e.g. its score card)."""
        from PySide6.QtWidgets import QApplication

        widget = QApplication.activeWindow()
        while widget is not None and not isinstance(widget, MainWindow):
            widget = widget.parentWidget()
        if widget is None or widget is self.window or widget.demo is None:
            return None
        return widget

    def _render_compact(self, snap) -> None:
        """The compact view; a ringing call with the greeting the full window has first (Ctrl+1)."""
        greeting = ""
        if snap.state is CallState.RINGING:  # the window rendered this snapshot first: its list is the ringing one
            greeting = self.window.phrases.numbered_text(1)
        self.compact.show_snapshot(snap, greeting)

    def _render_offer(self, state: OfferState) -> None:
        view = state.view
        kind, _ = offer_lamp(view)
        self.compact.offer_indicator.set_state(kind, view.caption, view.tooltip)
        self.compact.ask_outcome(state.pending_title)

    def set_compact(self, on: bool) -> None:
        """The compact view instead of the full window (remembered)."""
        if on:
            self.compact.show()
            self.compact.raise_()
            self.window.hide()
        else:
            self.window.update_prefs(compact_geometry=geometry.encoded(self.compact))
            self.compact.hide()
            self.show_front()
        self.window.update_prefs(compact=on)

    def show_front(self) -> None:
        target = self.compact if self.compact.isVisible() else self.window
        target.show()
        target.showNormal()
        target.raise_()
        target.activateWindow()

    def close(self) -> None:
        self.keys.close()
        if self.tray is not None:
            self.tray.close()
        self.compact.hide()
        self.compact.deleteLater()
