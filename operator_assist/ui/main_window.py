"""The main window: renders the call session's snapshot and forwards the operator's actions to it.

The window never drives the engine itself: keys, buttons and menus call
:meth:`CallSession.perform`, and everything on screen follows
:attr:`CallSession.changed` / :attr:`CallSession.event`, whatever input caused them.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QByteArray, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QSplitter, QVBoxLayout, QWidget

from ..core.engine import Action, CallEngine, Snapshot
from ..core.events import Event, EventKind
from ..core.keymap import Keymap
from ..core.phrases import PhraseBook, call_context
from ..core.preferences import Preferences, PreferenceStore
from ..i18n import QT_TRANSLATE_NOOP
from ..paths import UserPaths
from . import texts, timers
from .call.controls import CallControls
from .call.cue_player import CuePlayer
from .call.operator_bar import OperatorBar
from .call.session import CallSession
from .call.timer_display import TimerDisplay
from .offers.controls import OfferControls
from .offers.indicator import OfferIndicator
from .phrases.card import escape
from .phrases.panel import PhrasePanel
from .qt_names import set_qt
from .side_column import SideColumn

if TYPE_CHECKING:
    from ..core.offer_sources import OfferContext, OfferSource


OUTCOME_WORDS = {
    "accepted": QT_TRANSLATE_NOOP("texts", "клиент согласился"),
    "declined": QT_TRANSLATE_NOOP("texts", "клиент отказался"),
    "not_voiced": QT_TRANSLATE_NOOP("texts", "не озвучено"),
}
NARROW = 760
"""Below this width the phrases go under the timer instead of beside it."""
RELOAD_DELAY_MS = 300  # user phrase files: read once the editor has finished saving


def ask_before_closing_a_call(parent: QWidget) -> bool:
    from PySide6.QtWidgets import QMessageBox  # not at start: a Qt class's first use builds its enums (1.5 ms here)

    answer = QMessageBox.question(
        parent,
        texts.translate("MainWindow", "Идёт звонок"),
        texts.translate("MainWindow", "Идёт звонок. Закрыть помощник? Звонок будет записан в журнал как прерванный."),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


def new_action(text: str, parent: QWidget, checkable: bool = False) -> QAction:
    """``QAction(text, parent)`` without its cost at start: that call makes PySide6 weigh the
    ``QAction(QIcon, text, parent)`` overload, which builds QIcon's Python enums (1.3 ms)."""
    action = QAction(parent)
    action.setText(text)
    action.setCheckable(checkable)
    return action


class MainWindow(QMainWindow):
    first_paint = Signal()
    _phrases_loaded = Signal(object)  # a LoadResult from the reload thread
    _journal_status = Signal(str, object)  # (kind, text) from the journal's writer thread
    compact_toggled = Signal(bool)
    closing = Signal()
    """The window is closing for good (the app quits): what hangs on it lets go."""
    team_joined = Signal()
    """This PC was enrolled with a team server from the window (background shipping starts)."""

    def __init__(
        self,
        session: CallSession,
        store: PreferenceStore | None,
        prefs: Preferences,
        notices: list[tuple[str, str]] | None = None,
        cues: CuePlayer | None = None,
        book: PhraseBook | None = None,
        offer_spec: str = "none",
        offer_source: OfferSource | None = None,
        paths: UserPaths | None = None,
        keymap: Keymap | None = None,
        demo_opener: Callable | None = None,
        confirm_close: Callable[[QWidget], bool] | None = ask_before_closing_a_call,
    ) -> None:
        super().__init__()
        self.session = session
        self.store = store
        self.prefs = prefs
        self.paths = paths
        self.keymap = keymap or Keymap()
        self.cues = cues or CuePlayer(muted=prefs.muted)
        self.book = book
        self.stats_window = None
        self.team_join_dialog = None
        self.demo = None
        self._demo_opener = demo_opener
        self._scenarios: dict = {}  # id -> Scenario, filled with the Демонстрация menu
        self._confirm_close = confirm_close
        self._watcher = None  # a QFileSystemWatcher after the first paint
        self._phrase_loader = None
        self._reload_again = False
        self._phrases_loaded.connect(self._apply_phrases)
        # The source itself is made after the first paint (plugin discovery takes time)
        # unless the caller already made it to check the spec.
        self.offer_spec = offer_spec
        self._offer_source = offer_source
        self.offer_feed = None
        self.offer_card = None
        self._painted = False
        self.setWindowTitle(self.tr("Помощник оператора"))

        # Hidden until needed, so built when first shown (the properties below): not on the way to the window.
        self._notice_label: QLabel | None = None
        self._notices: list[tuple[str, str]] = []
        self._journal_label: QLabel | None = None
        self._outcome_prompt = None
        self._journal_status.connect(self._show_journal_status)

        engine = session.engine
        self.display = TimerDisplay()
        self.controls = CallControls(self.keymap)
        self.operator_bar = OperatorBar(engine.settings, engine.role.id, prefs.operator_name, prefs.operator_gender)
        self.offer_indicator = OfferIndicator()
        self.offer_controls = OfferControls(self.keymap.key("register_request"))
        self.phrases = PhrasePanel(self.keymap)
        self.phrases.set_operator(prefs.operator_name, prefs.operator_gender)
        if book is not None:
            self.phrases.set_library(book.library)
            self.phrases.show_problems(book.problems)

        left = QWidget()
        self.body = QVBoxLayout(left)
        self.body.setContentsMargins(8, 8, 4, 8)
        self.body.setSpacing(8)
        self.body.addWidget(self.display)
        self.body.addWidget(self.controls)
        self.body.addWidget(self.operator_bar)
        self.body.addWidget(self.offer_indicator)
        self.body.addWidget(self.offer_controls)
        self.body.addStretch(1)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(4, 8, 8, 8)
        right_layout.addWidget(self.phrases)
        self.splitter = QSplitter()
        self._stacked = False  # the splitter's orientation: reading it at start would build the Qt namespace
        self.splitter.addWidget(SideColumn(left))
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)
        self._build_actions()
        self._build_menus()

        for name, action in (("new_call", "start_call"), ("lookup", "toggle_lookup"),
                             ("hold", "toggle_hold"), ("end_call", "end_call")):  # fmt: skip
            getattr(self.controls, name).connect(lambda a=action: self.session.perform(a, "window"))
        self.operator_bar.role_changed.connect(self.set_role)
        self.operator_bar.name_changed.connect(lambda name: self.update_prefs(operator_name=name))
        self.operator_bar.gender_changed.connect(lambda gender: self.update_prefs(operator_gender=gender))
        self.operator_bar.name_changed.connect(lambda _: self._operator_changed())
        self.operator_bar.gender_changed.connect(lambda _: self._operator_changed())
        self.phrases.copied.connect(self._phrases_copied)
        self.phrases.wrapup_button.toggled.connect(lambda _: self.render(self.session.snapshot))  # context depends on it
        self.offer_indicator.clicked.connect(self.open_offer)
        self.offer_controls.request_registered.connect(lambda: self.session.perform("register_request", "window"))
        self.offer_controls.request_withdrawn.connect(self._withdraw_request)
        self.offer_controls.flag_toggled.connect(
            lambda reason, on: self.session.perform(f"{'flag' if on else 'unflag'}_{reason}", "window")
        )
        session.changed.connect(self.render)
        session.event.connect(self._on_event)
        session.offer_changed.connect(self.refresh_offer)
        session.refused.connect(lambda reason, _origin: self.statusBar().showMessage(reason, 4000))
        self.cues.unavailable.connect(
            lambda reason: self.add_notice(
                self.tr("Звуковые сигналы недоступны: {reason}. Предупреждения на экране работают.").format(reason=reason)
            )
        )

        if prefs.geometry:
            self.restoreGeometry(QByteArray.fromBase64(prefs.geometry.encode("ascii")))
        else:
            screen = self.screen().availableGeometry()
            self.resize(min(960, screen.width()), min(600, screen.height()))
        if prefs.always_on_top:
            from PySide6.QtCore import Qt

            self.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint, True)
        for text, details in notices or []:
            self.add_notice(text, details)
        self._allow_narrow()
        self.render(session.refresh())
        self.refresh_offer()

    @property
    def engine(self) -> CallEngine:
        return self.session.engine

    @property
    def offers(self):
        return self.session.offers

    @property
    def snapshot(self) -> Snapshot:
        return self.session.snapshot

    # --- keys and menus ---------------------------------------------------------

    def _build_actions(self) -> None:
        """One QAction per keyed action of the keymap; the offer card and the compact window carry them too."""
        handlers = {
            "wrapup": self.phrases.wrapup_button.toggle,
            "open_offer": self.open_offer,
            "search": self.phrases.focus_search,
            "copy_farewell": self.phrases.copy_farewell,
            "stats": self.open_stats,
        }
        self.key_actions: dict[str, QAction] = {}
        for binding, key in self.keymap.items():
            action = new_action(texts.action_label(binding.label), self)
            # setShortcut(QKeySequence(key)) would weigh overloads that build the Qt namespace (qt_names.py):
            # the same sequence, parsed as that constructor does, set as that method does.
            action.setShortcuts([QKeySequence.fromString(key, QKeySequence.SequenceFormat.NativeText)] if key else [])
            if binding.action is not None:
                action.triggered.connect(lambda _=False, a=binding.action: self.session.perform(a, "window"))
            elif binding.id == "compact":
                action.setCheckable(True)
                action.setChecked(self.prefs.compact)
                action.toggled.connect(self.compact_toggled.emit)
            else:
                action.triggered.connect(lambda _=False, h=handlers[binding.id]: h())
            self.addAction(action)
            self.key_actions[binding.id] = action

    def call_actions(self) -> list[QAction]:
        """The actions another window of the app carries so the keys work there too."""
        return [self.key_actions[i] for i in ("new_call", "lookup", "hold", "end_call", "register_request")]

    def _build_menus(self) -> None:
        call_menu = self.menuBar().addMenu(self.tr("&Звонок"))
        for action_id in ("new_call", "lookup", "hold", "end_call"):
            call_menu.addAction(self.key_actions[action_id])
        call_menu.addSeparator()
        call_menu.addAction(self.key_actions["open_offer"])
        call_menu.addAction(self.key_actions["register_request"])
        self.view_menu = self.menuBar().addMenu(self.tr("&Вид"))
        self.on_top_action = new_action(self.tr("Поверх всех окон"), self, checkable=True)
        self.on_top_action.setChecked(self.prefs.always_on_top)
        self.on_top_action.toggled.connect(self.set_always_on_top)
        self.mute_action = new_action(self.tr("Без звука"), self, checkable=True)
        self.mute_action.setChecked(self.prefs.muted)
        self.mute_action.toggled.connect(self.set_muted)
        self.view_menu.addAction(self.key_actions["compact"])
        self.view_menu.addAction(self.on_top_action)
        self.view_menu.addAction(self.mute_action)
        self.view_menu.addSeparator()
        self.stats_action = self.key_actions["stats"]
        self.view_menu.addAction(self.stats_action)
        if self.paths is not None and self.store is not None:  # the operator's own window, not a demo's
            self.team_join_action = self.view_menu.addAction(self.tr("Команда: подключиться к серверу…"))
            self.team_join_action.triggered.connect(self.open_team_join)
        self.demo_menu = self.menuBar().addMenu(self.tr("&Демонстрация"))
        # Filled when opened: reading the scenarios costs nothing at startup.
        self.demo_menu.aboutToShow.connect(self._fill_demo_menu)
        self.demo_menu.triggered.connect(self._demo_chosen)
        self.demo_speed = 5.0
        self.demo_windows: list = []

    def add_view_actions(self, actions: list[QAction]) -> None:
        """An adapter's entries in Вид, after «Без звука» (listening to the call: ui/audio_feed.py)."""
        entries = self.view_menu.actions()
        after = entries.index(self.mute_action) + 1
        self.view_menu.insertActions(entries[after] if after < len(entries) else None, actions)

    def refresh(self) -> Snapshot:
        """Reads the session now (tests and callers that moved a fake clock)."""
        return self.session.refresh()

    def set_role(self, role_id: str) -> None:
        self.session.set_role(role_id)
        self.update_prefs(role=role_id)

    # --- «Отличное предложение» ---------------------------------------------------------

    def _offer_context(self) -> OfferContext:
        # Read from the poller's thread: plain attribute reads, no client data.
        from ..core.offer_sources import OfferContext

        return OfferContext(self.engine.role.id, self.engine.call_id, frozenset(self.offers.flags))

    def _start_offers(self) -> None:
        source = self._offer_source
        if source is None and self.offer_spec == "none":
            return  # nothing to poll: no thread, the lamp stays grey
        from ..offers import UnknownOfferSource, create_source
        from .offers.feed import OfferFeed

        if source is None:
            try:
                source = create_source(self.offer_spec)
            except (UnknownOfferSource, ValueError) as exc:
                self.add_notice(self.tr("Источник предложений не подключён: {error}").format(error=exc))
                return
        self.offer_feed = OfferFeed(source, self._offer_context, self)
        self.offer_feed.result.connect(self.session.apply_offer)
        self.offer_feed.start()

    def use_offer_source(self, spec: str) -> None:
        """Another offer source from now on (a team's new standard names one): the old one stops."""
        if self.offer_feed is not None:
            self.offer_feed.stop()
            self.offer_feed = None
        self.offer_spec, self._offer_source = spec, None
        self.session.use_offer_source(spec.partition(":")[0])
        if self._painted:
            self._start_offers()
        self.refresh_offer()

    def open_offer(self):
        from .offers.card import OfferCard

        view = self.offers.view()
        if not view.title:
            message = self.tr("Предложения нет — индикатор серый.")
            if self.offers.offer is not None:
                message = self.tr("Карточка предложения открывается во время звонка (F5 — новый звонок).")
            self.statusBar().showMessage(message, 4000)
            return None
        if self.offer_card is None:
            self.offer_card = OfferCard(self)
            # The card may be the active window while the call goes on: F5–F8 and Ctrl+R work there too.
            self.offer_card.addActions(self.call_actions())
            self.offer_card.outcome.connect(
                lambda outcome, reason: self.session.perform(f"offer_{outcome}", "window", reason=reason)
            )
            self.offer_card.finished.connect(lambda _: self.activateWindow())  # the keys come back here
        self._fill_offer_card(view)
        self.offer_card.show()
        self.offer_card.raise_()
        self.offer_card.activateWindow()  # Tab/Space work on the card at once
        return self.offer_card

    def _fill_offer_card(self, view) -> None:
        suppressed = view.caption if view.kind == "suppressed" else ""
        self.offer_card.show_offer(view.title, view.text, view.reminder, suppressed, decided=view.decided is not None)

    def refresh_offer(self) -> None:
        view = self.offers.view()
        if self.offer_card is not None and self.offer_card.isVisible():
            # An open card follows the call: new flags or request, another offer, or none
            # (between calls there is no offer to voice, so the card closes when its call ends).
            if view.title:
                self._fill_offer_card(view)
            else:
                self.offer_card.close()
        kind, status = offer_lamp(view)
        self.offer_indicator.set_state(kind, view.caption, view.tooltip, status, reserve=self.offers.in_call)
        self.offer_controls.show_state(self.offers.in_call, self.offers.request_registered, self.offers.flags)
        pending = self.offers.pending
        if pending is not None:
            self.outcome_prompt.ask(pending.offer.title)
        elif self._outcome_prompt is not None:
            self._outcome_prompt.dismiss()

    def _withdraw_request(self) -> None:
        if self.session.perform("unregister_request", "window") is None:
            self.statusBar().showMessage(self.tr("Отметка «Сервисный запрос зарегистрирован» снята."), 4000)

    def _operator_changed(self) -> None:
        self.phrases.set_operator(self.prefs.operator_name, self.prefs.operator_gender)

    def _phrases_copied(self, ids: list, text: str) -> None:
        origin = "demo" if self.demo is not None and not self.demo.practice else "window"
        self.session.phrase_copied(ids, origin, self.phrases.unfilled(ids))

    # --- user phrases: reloaded while the app runs ----------------------------------

    def _lint_phrases(self) -> None:
        """The «Говорим правильно» warnings of a library loaded without them (off the way to the first paint)."""
        if self.book is not None and self.book.lint():
            self.phrases.show_problems(self.book.problems)

    def _watch_phrases(self) -> None:
        if self.book is None or self.book.user_dir is None:
            return
        from PySide6.QtCore import QFileSystemWatcher

        from ..core.files import make_private_dir

        try:
            make_private_dir(self.book.user_dir)
        except OSError as exc:  # a read-only config folder: no user phrases to watch
            import logging

            logging.getLogger(__name__).warning("phrase folder %s not watched: %s", self.book.user_dir, exc)
            return
        self._watcher = QFileSystemWatcher(self)
        self._reload_timer = timers.timer(self, RELOAD_DELAY_MS, single_shot=True)  # editors save in bursts
        self._reload_timer.timeout.connect(self.reload_phrases)
        self._watcher.directoryChanged.connect(lambda _: self._reload_timer.start())
        self._watcher.fileChanged.connect(lambda _: self._reload_timer.start())
        self._rewatch()

    def _rewatch(self) -> None:
        # Editors that save by renaming drop the file from the watch: add it back each time.
        paths = [str(p) for p in self.book.watched_paths()]
        missing = [p for p in paths if p not in self._watcher.files() + self._watcher.directories()]
        if missing:
            self._watcher.addPaths(missing)

    def reload_phrases(self) -> None:
        """Reads the phrase files on a worker thread (a file may be a FIFO or huge); applies here."""
        if self.book is None:
            return
        if self._phrase_loader is not None and self._phrase_loader.is_alive():
            self._reload_again = True  # one reader at a time; the latest change is read after it
            return
        import threading

        self._reload_again = False
        book, done = self.book, self._phrases_loaded
        self._phrase_loader = threading.Thread(target=lambda: done.emit(book.load()), name="phrase-reload", daemon=True)
        self._phrase_loader.start()

    def _apply_phrases(self, result) -> None:
        self._phrase_loader = None  # its work is done, whether or not the thread has ended yet
        if self._reload_again:
            self.reload_phrases()
        changed = self.book.apply(result)
        if changed:
            self.phrases.set_library(self.book.library)
        self.phrases.show_problems(self.book.problems, kept_previous=not changed)
        if self._watcher is not None:
            self._rewatch()

    def set_always_on_top(self, on: bool) -> None:
        from PySide6.QtCore import Qt

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

    # --- demo and practice -----------------------------------------------------------

    def _fill_demo_menu(self) -> None:
        from ..core.scenario_files import load_all

        self.demo_menu.clear()
        if self.paths is None or self._demo_opener is None:
            self.demo_menu.addAction(self.tr("Недоступно в этом окне")).setEnabled(False)
            return
        scenarios, problems = load_all(self.paths)
        self._scenarios = scenarios
        for problem in problems:
            self.add_notice(self.tr("Ошибка в сценарии: {problem}").format(problem=problem))
        for practice, title in ((False, self.tr("Показать (ведёт программа)")), (True, self.tr("Практика (ведёт стажёр)"))):
            sub = self.demo_menu.addMenu(title)
            for scenario in sorted(scenarios.values(), key=lambda sc: sc.id):
                action = sub.addAction(scenario.title)
                action.setToolTip(texts.plain_tooltip(scenario.description))
                action.setData(f"{'practice' if practice else 'demo'}:{scenario.id}")
        speeds = self.demo_menu.addMenu(self.tr("Скорость демонстрации"))
        for speed in (1, 5, 10, 30):
            action = speeds.addAction(f"×{speed}")
            action.setCheckable(True)
            action.setChecked(speed == self.demo_speed)
            action.setData(f"speed:{speed}")

    def _demo_chosen(self, action) -> None:
        # One handler for the whole menu: each action carries "mode:value" as its data.
        mode, _, value = str(action.data() or "").partition(":")
        if mode == "speed":
            self.demo_speed = float(value)
        elif mode in ("demo", "practice") and value in self._scenarios:
            self.open_demo(self._scenarios[value], practice=mode == "practice")

    def open_demo(self, scenario, practice: bool = False):
        if self._demo_opener is None:
            return None
        window = self._demo_opener(scenario, speed=1.0 if practice else self.demo_speed, practice=practice)
        # Kept while shown; a closed one goes with its last reference.
        self.demo_windows = [w for w in self.demo_windows if w.isVisible()] + [window]
        window.show()
        window.demo.start()
        return window

    def attach_demo(self, demo) -> None:
        """A demo or practice controller drives this window's session; its panel goes on top."""
        self.demo = demo
        self.body.insertWidget(0, demo.panel, 1)  # the transcript takes the column's spare height
        # Trainees read the transcript from a distance: a taller window where the screen allows.
        screen = self.screen().availableGeometry()
        self.resize(min(max(self.width(), 1100), screen.width()), min(max(self.height(), 780), screen.height()))
        self.setWindowTitle(f"{demo.panel.banner.text()} — {self.windowTitle()}")

    def _open_journal(self) -> None:
        journal = self.session.journal
        if journal is not None:
            # Opened and written on the journal's own thread; its news comes back as a signal.
            journal.start(self._journal_status.emit)

    def _show_journal_status(self, kind: str, text) -> None:
        if kind == "notice":
            self.add_notice(text)
        elif kind == "delayed":
            self.journal_label.setText(
                self.tr("Запись журнала задерживается: {cause}. События не потеряны — они будут записаны.").format(cause=text)
            )
            self.journal_label.show()
        elif self._journal_label is not None:
            self._journal_label.hide()

    def open_stats(self):
        from .stats.window import StatsWindow  # QtCharts loads here, not at startup

        journal = self.session.journal
        if journal is None or journal.notice and not journal.path.exists():
            self.statusBar().showMessage(self.tr("Журнал звонков недоступен — статистики нет."), 6000)
            return None
        journal.flush(0.1)  # the latest events, unless the disk is slow right now
        self.stats_window = StatsWindow(journal.path, parent=self, team_panel=self._team_panel())
        self.stats_window.show()
        self.stats_window.raise_()
        self.stats_window.activateWindow()
        return self.stats_window

    def _team_panel(self):
        """The «Команда» tab for a team lead's enrolment (or one whose role the server did not say)."""
        from ..team.client import TeamConfig, TeamError

        if self.paths is None or self.store is None:
            return None
        try:
            config = TeamConfig.load(self.paths.data_dir)
        except TeamError as exc:
            self.statusBar().showMessage(str(exc), 8000)
            return None
        if config is None or config.team is None or config.lead is False:
            return None
        from .team.stats_panel import TeamStatsPanel, server_fetch
        from .team.sync import lead_floor

        return TeamStatsPanel(config.team, server_fetch(config), floor=lead_floor(self))

    def open_team_join(self):
        from .team.join_dialog import TeamJoinDialog

        if self.team_join_dialog is None:
            settings = self.engine.settings  # the administrator's team.server_url, perhaps locked (core/policy.py)
            self.team_join_dialog = TeamJoinDialog(self.paths.data_dir, parent=self, server_url=settings.get("team.server_url"),
                                                   url_locked=settings.is_locked("team.server_url"))  # fmt: skip
            self.team_join_dialog.joined.connect(lambda _: self.team_joined.emit())
        self.team_join_dialog.show()
        self.team_join_dialog.raise_()
        self.team_join_dialog.activateWindow()
        return self.team_join_dialog

    def add_notice(self, text: str, details: str = "") -> None:
        """A message for the operator above the timer, until they hide it; ``details`` in its tooltip."""
        self._notices.append((text, details or text))
        body = "<br>".join(escape(t).replace("\n", "<br>") for t, _ in self._notices)
        hide = self.tr("Скрыть")  # outside the f-string: lupdate does not look inside one
        self.notice_label.setText(f'{body}<br><a href="hide">{hide}</a>')
        self.notice_label.setToolTip(texts.plain_tooltip("\n\n".join(d for _, d in self._notices)))
        self.notice_label.show()

    def _hide_notices(self) -> None:
        self._notices.clear()
        self.notice_label.hide()

    # --- hidden until needed: built when first shown -------------------------------

    @property
    def notice_label(self) -> QLabel:
        """The notices above the timer (and above the journal's delay, if both)."""
        if self._notice_label is None:
            from PySide6.QtCore import Qt

            label = self._notice_label = QLabel(wordWrap=True, objectName="noticeBanner")
            label.setStyleSheet(
                "#noticeBanner { background: #fff4ce; color: #5c4400; border: 1px solid #e0c060;"
                " border-radius: 4px; padding: 4px 6px; }"
            )
            label.setTextFormat(Qt.TextFormat.RichText)  # escaped text and a «Скрыть» link
            label.setTextInteractionFlags(
                Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.LinksAccessibleByMouse
            )
            label.linkActivated.connect(lambda _: self._hide_notices())
            label.hide()
            self.body.insertWidget(self.body.indexOf(self._journal_label or self.display), label)
        return self._notice_label

    @property
    def journal_label(self) -> QLabel:
        """«Запись журнала задерживается», between the notices and the timer."""
        if self._journal_label is None:
            label = self._journal_label = QLabel(wordWrap=True, objectName="journalDelayed")
            set_qt(label, textFormat="PlainText")
            label.setStyleSheet("#journalDelayed { background: #fde7e9; color: #8a1c1c; padding: 4px 6px; }")
            label.hide()
            self.body.insertWidget(self.body.indexOf(self.display), label)
        return self._journal_label

    @property
    def outcome_prompt(self):
        """The offer's outcome question after a call (OutcomePrompt), under the lamp."""
        if self._outcome_prompt is None:
            from .offers.outcome_prompt import OutcomePrompt

            self._outcome_prompt = OutcomePrompt(self)
            self._outcome_prompt.chosen.connect(
                lambda outcome, reason: self.session.perform(f"offer_{outcome}", "window", reason=reason)
            )
            self.body.insertWidget(self.body.indexOf(self.offer_controls), self._outcome_prompt)
        return self._outcome_prompt

    # --- rendering -----------------------------------------------------------

    def _on_event(self, event: Event) -> None:
        if event.kind in (EventKind.CALL_STARTED, EventKind.CALL_ENDED):
            self.statusBar().clearMessage()  # a hint about the previous call would mislead
            if event.kind is EventKind.CALL_STARTED and self.offer_feed is not None:
                self.offer_feed.request()  # once at call start, whatever the polling interval
            self.refresh_offer()  # the workflow hears the event first (it subscribed first)
        if event.kind is EventKind.SILENCE_WARNING:
            self.cues.play("silence_warning")
        elif event.kind is EventKind.HOLD_LIMIT_REACHED:
            self.cues.play("hold_limit")

    def render(self, snap: Snapshot) -> None:
        timers = self.engine.timers
        self.display.show_values(
            texts.state_title(snap),
            snap.display,
            texts.status_message(snap, timers.silence_warning, timers.hold_prewarning, self.book and self.book.library),
            snap.level,
            texts.time_caption(snap),
        )
        self.controls.update_for(snap.state, {action: self.engine.allowed(action) for action in Action})
        in_call = snap.state.value not in ("idle", "ended")
        wrapup = self.phrases.wrapup_button.isChecked()
        self.phrases.set_context(
            call_context(snap.state.value, snap.status.value, snap.state_elapsed, timers.long_wait, wrapup, snap.call_elapsed),
            in_call,
        )

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        # A narrow window stacks the phrases under the timer and the ticks in one column:
        # nothing is clipped down to 400 px.
        narrow = self.width() < NARROW
        if narrow != self._stacked:
            self._stacked = narrow
            set_qt(self.splitter, orientation="Vertical" if narrow else "Horizontal")
            self.offer_controls.set_columns(1 if narrow else 2)
            if narrow:  # the timer, keys and ticks first; the phrases take the rest
                left = min(self.splitter.widget(0).sizeHint().height(), int(self.height() * 0.6))
                self.splitter.setSizes([left, max(1, self.height() - left)])

    def _allow_narrow(self) -> None:
        """The window may shrink to the stacked layout's width, not the side-by-side one's."""
        self.offer_controls.set_columns(1)
        self.offer_controls.grid.activate()
        self.body.activate()
        width = max(self.splitter.widget(i).minimumSizeHint().width() for i in range(self.splitter.count()))
        self.offer_controls.set_columns(1 if self.width() < NARROW else 2)
        self.splitter.setMinimumWidth(width)
        available = self.screen().availableGeometry().width()
        if self.width() > available:  # opened wider than a narrow screen allowed: fit it now
            self.resize(max(width, available), self.height())

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            QTimer.singleShot(0, self.first_paint.emit)
            QTimer.singleShot(0, self._open_journal)
            QTimer.singleShot(0, self._watch_phrases)
            QTimer.singleShot(0, self._lint_phrases)
            QTimer.singleShot(0, self._start_offers)

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
        self.update_prefs(geometry=bytes(self.saveGeometry().toBase64()).decode("ascii"))
        if self.demo is not None:
            self.demo.stop()
        if self.offer_feed is not None:
            self.offer_feed.stop()
        self.session.shutdown()
        self.closing.emit()
        super().closeEvent(event)


def offer_lamp(view) -> tuple[str, str]:
    """(lamp kind, the line under it) for an offer view."""
    kind = {"none": "grey", "offer": "red", "pending": "grey"}.get(view.kind, view.kind)
    status = ""
    if view.kind == "unavailable":  # the cause, so the operator (or the admin) can act on it
        status = texts.translate("texts", "Источник предложений недоступен: {cause}").format(cause=view.reminder)
    elif view.decided:
        status = texts.translate("texts", "Итог записан: {outcome}").format(
            outcome=texts.translate("texts", OUTCOME_WORDS.get(view.decided, view.decided))
        )
    elif view.reminder:
        status = view.reminder
    return kind, status
