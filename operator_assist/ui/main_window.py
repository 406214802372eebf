"""The main window: lays out the views of the call session and wires the operator's input to it.

The window never drives the call itself: keys, buttons and menus send the session typed commands
(:meth:`CallSession.perform`), and everything on screen renders what the session says
(:attr:`CallSession.changed`, :attr:`CallSession.offer_changed`), whatever input caused it. Its
jobs beside the layout have modules of their own: the offer (``offers/presenter.py``), the phrase
files (``phrases/watcher.py``), the demo menu (``demo/menu.py``), the notices (``notices.py``) and
the team (``team/menu.py``); ``app.py`` builds it and runs its start-up.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QSplitter, QVBoxLayout, QWidget

from ..core.commands import KEY_COMMANDS, ChooseRole, CopyPhrases, WrapUp
from ..core.engine import Snapshot
from ..core.events import Event, EventKind
from ..core.keymap import Keymap
from ..core.phrases import PhraseBook
from ..core.preferences import Preferences, PreferenceStore
from ..core.settings import Settings
from ..paths import UserPaths
from . import texts
from .call.controls import CallControls
from .call.cue_player import CuePlayer
from .call.operator_bar import OperatorBar
from .call.session import CallSession
from .call.timer_display import TimerDisplay
from .demo.menu import DemoMenu, DemoOpener
from .desktop import geometry
from .notices import Notices
from .offers.controls import OfferControls
from .offers.indicator import OfferIndicator
from .offers.presenter import OfferPresenter
from .phrases.panel import PhrasePanel
from .phrases.watcher import PhraseFilesWatcher
from .side_column import SideColumn
from .stacking import NARROW, Stacking

if TYPE_CHECKING:
    from ..core.offer_sources import OfferSource
    from .demo.controller import DemoController
    from .stats.window import StatsWindow
    from .team.menu import TeamMenu



class MainWindow(QMainWindow):
    compact_toggled = Signal(bool)
    closing = Signal()
    """The window is closing for good (the app quits): what hangs on it lets go."""

    def __init__(
        self,
        session: CallSession,
        settings: Settings,
        store: PreferenceStore | None,
        prefs: Preferences,
        cues: CuePlayer | None = None,
        book: PhraseBook | None = None,
        offer_spec: str = "none",
        offer_source: OfferSource | None = None,
        paths: UserPaths | None = None,
        keymap: Keymap | None = None,
        demo_opener: DemoOpener | None = None,
        confirm_close: Callable[[QWidget], bool] | None = None,
    ) -> None:
        """``store`` None: a demo's window, which keeps the operator's preferences and team untouched.
        ``offer_spec``/``offer_source``: the offer source, polled once the window is on screen.
        ``confirm_close``: asked before closing mid-call (None: closes without asking)."""
        super().__init__()
        self.session = session
        self.store = store
        self.prefs = prefs
        self.keymap = keymap or Keymap()
        self.cues = cues or CuePlayer(muted=prefs.muted)
        self.book = book
        self.demo: DemoController | None = None
        self.stats_window: StatsWindow | None = None
        self._confirm_close = confirm_close
        self.setWindowTitle(self.tr("Помощник оператора"))
        self._build_layout(settings, session.snapshot, book)
        self.notices = Notices(self.body, self.operator_bar, self)  # under the keys: a notice never moves them
        self.stacking = Stacking(self)
        self._build_actions()
        self._build_menus(paths, demo_opener, settings)
        self.offer = OfferPresenter(session, self, self.body, self.offer_indicator, self.offer_controls,
                                    self.call_actions(), self.add_notice, offer_spec, offer_source)  # fmt: skip
        self.phrase_files = PhraseFilesWatcher(book, self.phrases, self) if book is not None else None
        self._connect()
        if prefs.geometry:
            geometry.restore(self, prefs.geometry)
        else:
            screen = self.screen().availableGeometry()
            self.resize(min(960, screen.width()), min(600, screen.height()))
        if prefs.always_on_top:
            self.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint, True)
        self._allow_narrow()
        self.geometry_keeper = geometry.GeometryKeeper(self, lambda saved: self.update_prefs(geometry=saved))
        self.show_snapshot(session.refresh())

    def _build_layout(self, settings: Settings, snap: Snapshot, book: PhraseBook | None) -> None:
        """The timer, the call's keys, the operator, the offer on the left; the phrases on the right."""
        self.display = TimerDisplay()
        self.controls = CallControls(self.keymap)
        self.operator_bar = OperatorBar(settings, snap.role.id, self.prefs.operator_name, self.prefs.operator_gender)
        self.offer_indicator = OfferIndicator()
        self.offer_controls = OfferControls(self.keymap.key("register_request"))
        self.phrases = PhrasePanel(self.keymap)
        self.phrases.set_operator(self.prefs.operator_name, self.prefs.operator_gender)
        if book is not None:
            self.phrases.set_library(book.library)
            self.phrases.show_problems(book.problems)
        left = QWidget()
        self.body = QVBoxLayout(left)
        self.body.setContentsMargins(8, 8, 4, 8)
        self.body.setSpacing(8)
        for widget in (self.display, self.controls, self.operator_bar, self.offer_indicator, self.offer_controls):
            self.body.addWidget(widget)
        self.body.addStretch(1)
        right = self.right = QWidget()
        right_layout = self.right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(4, 8, 8, 8)
        right_layout.addWidget(self.phrases)
        self.side = SideColumn(left)
        self.splitter = QSplitter()
        self.splitter.addWidget(self.side)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)

    def _connect(self) -> None:
        session = self.session
        self.controls.pressed.connect(lambda action: session.perform(action, "window"))
        self.operator_bar.role_changed.connect(self.set_role)
        self.operator_bar.name_changed.connect(lambda name: self._operator_changed(operator_name=name))
        self.operator_bar.gender_changed.connect(lambda gender: self._operator_changed(operator_gender=gender))
        self.phrases.copied.connect(self._phrases_copied)
        self.phrases.wrapup_button.toggled.connect(lambda on: session.perform(WrapUp(on), "window"))
        session.changed.connect(self.show_snapshot)
        session.occurred.connect(self._on_event)
        session.refused.connect(lambda reason, _origin: self.statusBar().showMessage(reason, 4000))
        self.cues.unavailable.connect(
            lambda reason: self.add_notice(
                self.tr("Звуковые сигналы недоступны: {reason}. Предупреждения на экране работают.").format(reason=reason)
            )
        )

    # --- keys and menus ---------------------------------------------------------

    def _build_actions(self) -> None:
        """One QAction per keyed action of the keymap; the offer card and the compact window carry them too."""
        handlers = {
            "wrapup": self.phrases.wrapup_button.toggle,
            "open_offer": lambda: self.offer.open_card(),
            "search": self.phrases.focus_search,
            "copy_farewell": self.phrases.copy_farewell,
            "stats": self.open_stats,
        }
        self.key_actions: dict[str, QAction] = {}
        for binding, key in self.keymap.items():
            action = QAction(texts.action_label(binding.label), self)
            action.setShortcuts([QKeySequence(key)] if key else [])
            command = KEY_COMMANDS.get(binding.id)
            if command is not None:
                action.triggered.connect(lambda _=False, command=command: self.session.perform(command, "window"))
            elif binding.id == "compact":
                action.setCheckable(True)
                action.setChecked(self.prefs.compact)
                action.toggled.connect(self.compact_toggled.emit)
            else:
                action.triggered.connect(lambda _=False, handler=handlers[binding.id]: handler())
            self.addAction(action)
            self.key_actions[binding.id] = action

    def call_actions(self) -> list[QAction]:
        """The actions another window of the app carries so the keys work there too."""
        return [self.key_actions[i] for i in ("new_call", "lookup", "hold", "end_call", "register_request")]

    def _build_menus(self, paths: UserPaths | None, demo_opener: DemoOpener | None, settings: Settings) -> None:
        call_menu = self.menuBar().addMenu(self.tr("&Звонок"))
        for action_id in ("new_call", "lookup", "hold", "end_call", None, "open_offer", "register_request"):
            if action_id is None:
                call_menu.addSeparator()
            else:
                call_menu.addAction(self.key_actions[action_id])
        self.view_menu = self.menuBar().addMenu(self.tr("&Вид"))
        self.on_top_action = QAction(self.tr("Поверх всех окон"), self)
        self.on_top_action.setCheckable(True)
        self.on_top_action.setChecked(self.prefs.always_on_top)
        self.on_top_action.toggled.connect(self.set_always_on_top)
        self.mute_action = QAction(self.tr("Без звука"), self)
        self.mute_action.setCheckable(True)
        self.mute_action.setChecked(self.prefs.muted)
        self.mute_action.toggled.connect(self.set_muted)
        for action in (self.key_actions["compact"], self.on_top_action, self.mute_action, None, self.key_actions["stats"]):
            if action is None:
                self.view_menu.addSeparator()
            else:
                self.view_menu.addAction(action)
        self.team: TeamMenu | None = None
        if paths is not None and self.store is not None:  # the operator's own window, not a demo's
            from .team.menu import TeamMenu

            self.team = TeamMenu(self, self.view_menu, paths.data_dir, settings)
        menu = self.menuBar().addMenu(self.tr("&Демонстрация"))
        self.demo_menu = DemoMenu(menu, paths, demo_opener, self.add_notice)

    def add_view_actions(self, actions: list[QAction]) -> None:
        """An adapter's entries in Вид, after «Без звука» (listening to the call: ui/audio/feed.py)."""
        entries = self.view_menu.actions()
        after = entries.index(self.mute_action) + 1
        if after < len(entries):
            self.view_menu.insertActions(entries[after], actions)
        else:
            self.view_menu.addActions(actions)

    # --- the operator's input ---------------------------------------------------------

    def set_role(self, role_id: str) -> None:
        self.session.perform(ChooseRole(role_id), "window")
        self.update_prefs(role=role_id)

    def _operator_changed(self, **changes: str) -> None:
        self.update_prefs(**changes)
        self.phrases.set_operator(self.prefs.operator_name, self.prefs.operator_gender)

    def _phrases_copied(self, ids: list, text: str) -> None:
        origin = "demo" if self.demo is not None and not self.demo.practice else "window"
        unfilled = tuple(self.phrases.unfilled(ids).items())  # a practice's score card reads them; the journal keeps none
        self.session.perform(CopyPhrases(tuple(ids), unfilled), origin)

    def set_always_on_top(self, on: bool) -> None:
        self.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint, on)
        self.show()  # changing window flags hides the window
        self.update_prefs(always_on_top=on)

    def set_muted(self, muted: bool) -> None:
        self.cues.muted = muted
        if self.mute_action.isChecked() != muted:
            self.mute_action.setChecked(muted)  # the tray's toggle lands here too
        self.update_prefs(muted=muted)

    def update_prefs(self, **changes) -> None:
        self.prefs = replace(self.prefs, **changes)
        if self.store is None:  # a demo window keeps the operator's preferences untouched
            return
        try:
            self.store.save(self.prefs)
        except OSError as exc:
            self.statusBar().showMessage(self.tr("Не удалось сохранить настройки: {error}").format(error=exc), 6000)

    def add_notice(self, text: str, details: str = "") -> None:
        """A message for the operator under the call keys, until they hide it; ``details`` in its tooltip."""
        self.notices.add(text, details)

    # --- windows opened from here --------------------------------------------------------

    def open_stats(self) -> StatsWindow | None:
        from .stats.window import StatsWindow  # QtCharts loads here, not at startup

        journal = self.session.journal
        if journal is None or journal.notice and not journal.path.exists():
            self.statusBar().showMessage(self.tr("Журнал звонков недоступен — статистики нет."), 6000)
            return None
        journal.flush(0.1)  # the latest events, unless the disk is slow right now
        team_panel = self.team.stats_panel() if self.team is not None else None
        self.stats_window = StatsWindow(journal.path, parent=self, team_panel=team_panel)
        self.stats_window.show()
        self.stats_window.raise_()
        self.stats_window.activateWindow()
        return self.stats_window

    def attach_demo(self, demo: DemoController) -> None:
        """A demo or practice controller drives this window's session; its panel goes on top."""
        self.demo = demo
        self.body.insertWidget(0, demo.panel, 1)  # the transcript takes the column's spare height
        # Trainees read the transcript from a distance: a taller window where the screen allows.
        screen = self.screen().availableGeometry()
        self.resize(min(max(self.width(), 1100), screen.width()), min(max(self.height(), 780), screen.height()))
        self.setWindowTitle(f"{demo.panel.banner.text()} — {self.windowTitle()}")

    # --- rendering -----------------------------------------------------------

    def show_snapshot(self, snap: Snapshot) -> None:
        library = self.book.library if self.book is not None else None  # quoted as the operator's library has them
        self.display.show_values(texts.state_title(snap), snap.display, texts.status_message(snap, library), snap.level,
                                 texts.time_caption(snap))  # fmt: skip
        self.controls.show_snapshot(snap)
        self.phrases.set_context(snap.phrase_context, snap.state.value not in ("idle", "ended"))

    def _on_event(self, event: Event) -> None:
        if event.kind in (EventKind.CALL_STARTED, EventKind.CALL_ENDED):
            self.statusBar().clearMessage()  # a hint about the previous call would mislead
        if event.kind is EventKind.SILENCE_WARNING:
            self.cues.play("silence_warning")
        elif event.kind is EventKind.HOLD_LIMIT_REACHED:
            self.cues.play("hold_limit")

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.stacking.follow()  # narrow: the phrases under the timer, nothing clipped down to 400 px

    def _allow_narrow(self) -> None:
        """The window may shrink to the stacked layout's width, not the side-by-side one's."""
        self.offer_controls.set_columns(1)
        self.offer_controls.grid.activate()
        self.body.activate()
        width = max(self.side.minimumSizeHint().width(), self.right.minimumSizeHint().width())
        self.offer_controls.set_columns(1 if self.width() < NARROW else 2)
        self.splitter.setMinimumWidth(width)
        available = self.screen().availableGeometry().width()
        if self.width() > available:  # opened wider than a narrow screen allowed: fit it now
            self.resize(max(width, available), self.height())

    # --- the end ----------------------------------------------------------------

    def quit_app(self) -> None:
        """Quit from anywhere (tray, compact window): the same question as closing the window."""
        self.close()

    def close_without_asking(self) -> None:
        """SIGTERM/SIGINT: close now (no question); a call under way is recorded as interrupted."""
        self._confirm_close = None
        self.close()

    def closeEvent(self, event) -> None:
        if self.session.in_call and self._confirm_close is not None and not self._confirm_close(self):
            event.ignore()
            return
        self.update_prefs(geometry=geometry.encoded(self))
        if self.demo is not None:
            self.demo.stop()
        self.offer.stop()
        self.session.shutdown()
        self.closing.emit()
        super().closeEvent(event)
