"""The main window: renders the engine's snapshot and forwards the operator's actions."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QByteArray, QFileSystemWatcher, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QMainWindow, QSplitter, QVBoxLayout, QWidget

from ..core.engine import Action, CallEngine, InvalidAction
from ..core.events import Event, EventKind
from ..core.offer_sources import Offer, OfferContext, OfferSource
from ..core.offers import OfferError, OfferWorkflow
from ..core.phrases import PhraseBook, call_context
from ..core.preferences import Preferences, PreferenceStore
from . import texts
from .call_controls import CallControls
from .cue_player import CuePlayer
from .offer_controls import OfferControls
from .offer_indicator import OfferIndicator
from .operator_bar import OperatorBar
from .phrase_card import escape
from .phrase_panel import PhrasePanel
from .side_column import SideColumn
from .timer_display import TimerDisplay


HEARTBEAT_MS = 5000

OUTCOME_WORDS = {"accepted": "клиент согласился", "declined": "клиент отказался", "not_voiced": "не озвучено"}


class MainWindow(QMainWindow):
    first_paint = Signal()
    _phrases_loaded = Signal(object)  # a LoadResult from the reload thread
    _journal_status = Signal(str, object)  # (kind, text) from the journal's writer thread

    def __init__(
        self,
        engine: CallEngine,
        store: PreferenceStore | None,
        prefs: Preferences,
        notices: list[tuple[str, str]] | None = None,
        cues: CuePlayer | None = None,
        journal=None,
        book: PhraseBook | None = None,
        offer_spec: str = "none",
        offer_source: OfferSource | None = None,
    ) -> None:
        super().__init__()
        self.engine = engine
        self.store = store
        self.prefs = prefs
        self.cues = cues or CuePlayer(muted=prefs.muted)
        self.journal = journal
        self.book = book
        self.stats_window = None
        self._watcher: QFileSystemWatcher | None = None
        self._phrase_loader = None
        self._reload_again = False
        self._phrases_loaded.connect(self._apply_phrases)
        # The source itself is made after the first paint (plugin discovery takes time)
        # unless the caller already made it to check the spec.
        self.offer_spec = offer_spec
        self._offer_source = offer_source
        self.offer_feed = None
        self.offer_card = None
        engine.offer_source = offer_spec.partition(":")[0]
        self.offers = OfferWorkflow(engine.clock, engine.bus, engine.offer_source)
        self._painted = False
        self.setWindowTitle(self.tr("Помощник оператора"))

        self.notice_label = QLabel(wordWrap=True)
        self.notice_label.setObjectName("noticeBanner")
        self.notice_label.setStyleSheet(
            "#noticeBanner { background: #fff4ce; color: #5c4400; border: 1px solid #e0c060;"
            " border-radius: 4px; padding: 4px 6px; }"
        )
        self.notice_label.setTextFormat(Qt.TextFormat.RichText)  # escaped text and a «Скрыть» link
        self.notice_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.LinksAccessibleByMouse
        )
        self.notice_label.linkActivated.connect(lambda _: self._hide_notices())
        self._notices: list[tuple[str, str]] = []
        self.notice_label.hide()
        self.journal_label = QLabel(wordWrap=True, objectName="journalDelayed")
        self.journal_label.setTextFormat(Qt.TextFormat.PlainText)
        self.journal_label.setStyleSheet("#journalDelayed { background: #fde7e9; color: #8a1c1c; padding: 4px 6px; }")
        self.journal_label.hide()
        self._journal_status.connect(self._show_journal_status)

        self.display = TimerDisplay()
        self.controls = CallControls()
        self.operator_bar = OperatorBar(engine.settings, engine.role.id, prefs.operator_name, prefs.operator_gender)
        self.offer_indicator = OfferIndicator()
        self.offer_controls = OfferControls()
        self.phrases = PhrasePanel()
        self.phrases.set_operator(prefs.operator_name, prefs.operator_gender)
        if book is not None:
            self.phrases.set_library(book.library)
            self.phrases.show_problems(book.problems)

        left = QWidget()
        self.body = QVBoxLayout(left)
        self.body.setContentsMargins(8, 8, 4, 8)
        self.body.setSpacing(8)
        self.body.addWidget(self.notice_label)
        self.body.addWidget(self.journal_label)
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
        self.splitter.addWidget(SideColumn(left))
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)
        self._build_menus()

        self.controls.new_call.connect(lambda: self._do(self.engine.start_call))
        self.controls.lookup.connect(lambda: self._do(self.engine.toggle_lookup))
        self.controls.hold.connect(lambda: self._do(self.engine.toggle_hold))
        self.controls.end_call.connect(lambda: self._do(self.engine.end_call))
        self.operator_bar.role_changed.connect(self.set_role)
        self.operator_bar.name_changed.connect(lambda name: self._update_prefs(operator_name=name))
        self.operator_bar.gender_changed.connect(lambda gender: self._update_prefs(operator_gender=gender))
        self.operator_bar.name_changed.connect(lambda _: self._operator_changed())
        self.operator_bar.gender_changed.connect(lambda _: self._operator_changed())
        self.phrases.copied.connect(self._phrases_copied)
        self.phrases.wrapup_button.toggled.connect(lambda _: self.refresh())  # the context depends on it
        self.offer_indicator.clicked.connect(self.open_offer)
        self.offer_controls.request_registered.connect(lambda: self._offer_step(self.offers.register_request))
        self.offer_controls.flag_toggled.connect(lambda reason, on: self._offer_step(self.offers.set_flag, reason, on))
        self.engine.bus.subscribe(self._on_event)

        # One precise single-shot timer, re-armed for the moment the display next
        # changes (next second or next threshold): no busy loop, no tick counting.
        self._tick = QTimer(self)
        self._tick.setSingleShot(True)
        self._tick.setTimerType(Qt.TimerType.PreciseTimer)
        self._tick.timeout.connect(self.refresh)
        # During a call a heartbeat goes to the journal every 5 s: a kill loses at most that.
        self._heartbeat = QTimer(self, interval=HEARTBEAT_MS)
        self._heartbeat.timeout.connect(self.engine.heartbeat)

        if prefs.geometry:
            self.restoreGeometry(QByteArray.fromBase64(prefs.geometry.encode("ascii")))
        else:
            screen = self.screen().availableGeometry()
            self.resize(min(960, screen.width()), min(600, screen.height()))
        if prefs.always_on_top:
            self.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint, True)
        for text, details in notices or []:
            self.add_notice(text, details)
        self.refresh()
        self.refresh_offer()

    # --- menus -----------------------------------------------------------

    def _build_menus(self) -> None:
        call_menu = self.menuBar().addMenu(self.tr("&Звонок"))
        for text, signal in (
            (self.tr("Новый звонок\tF5"), self.controls.new_call),
            (self.tr("Поиск информации\tF6"), self.controls.lookup),
            (self.tr("Удержание / вернуться\tF7"), self.controls.hold),
            (self.tr("Завершить звонок\tF8"), self.controls.end_call),
        ):
            action = call_menu.addAction(text)
            action.triggered.connect(signal.emit)
        call_menu.addSeparator()
        self.offer_action = call_menu.addAction(self.tr("Отличное предложение…"))
        self.offer_action.setShortcut("Ctrl+O")
        self.offer_action.triggered.connect(self.open_offer)
        self.request_action = call_menu.addAction(self.tr("Сервисный запрос зарегистрирован"))
        self.request_action.setShortcut("Ctrl+R")
        self.request_action.triggered.connect(lambda: self._offer_step(self.offers.register_request))
        self.view_menu = self.menuBar().addMenu(self.tr("&Вид"))
        self.on_top_action = QAction(self.tr("Поверх всех окон"), self, checkable=True)
        self.on_top_action.setChecked(self.prefs.always_on_top)
        self.on_top_action.toggled.connect(self.set_always_on_top)
        self.mute_action = QAction(self.tr("Без звука"), self, checkable=True)
        self.mute_action.setChecked(self.prefs.muted)
        self.mute_action.toggled.connect(self.set_muted)
        self.view_menu.addAction(self.on_top_action)
        self.view_menu.addAction(self.mute_action)
        self.view_menu.addSeparator()
        self.stats_action = self.view_menu.addAction(self.tr("Статистика…"))
        self.stats_action.setShortcut("Ctrl+Shift+S")
        self.stats_action.triggered.connect(self.open_stats)
        self.demo_menu = self.menuBar().addMenu(self.tr("&Демонстрация"))
        # Filled when opened: reading the scenarios costs nothing at startup.
        self.demo_menu.aboutToShow.connect(self._fill_demo_menu)
        self.demo_menu.triggered.connect(self._demo_chosen)
        self.demo_speed = 5.0
        self.demo_windows: list = []

    # --- actions -----------------------------------------------------------

    def _do(self, action) -> None:
        try:
            action()
        except InvalidAction as exc:
            self.statusBar().showMessage(self._invalid_words(exc), 4000)
        self.refresh()

    def _invalid_words(self, exc: InvalidAction) -> str:
        state = texts.state_words(exc.state)
        if exc.action is Action.START_CALL:
            return self.tr("Сначала завершите текущий звонок (F8).")
        if exc.state.value in ("idle", "ended"):
            return self.tr("Нет активного звонка — начните новый (F5).")
        return self.tr("Сейчас это недоступно: {state}.").format(state=state.lower())

    def set_role(self, role_id: str) -> None:
        self.engine.set_role(role_id)
        self._update_prefs(role=role_id)
        self.refresh()

    # --- «Отличное предложение» ---------------------------------------------------------

    def _offer_step(self, step, *args) -> None:
        try:
            step(*args)
        except OfferError as exc:
            self.statusBar().showMessage(str(exc), 5000)
        self.refresh_offer()

    def _offer_context(self) -> OfferContext:
        # Read from the poller's thread: plain attribute reads, no client data.
        return OfferContext(self.engine.role.id, self.engine.call_id, frozenset(self.offers.flags))

    def _start_offers(self) -> None:
        from ..core.offer_sources import UnknownOfferSource, create_source
        from .offer_feed import OfferFeed

        source = self._offer_source
        if source is None and self.offer_spec == "none":
            return  # nothing to poll: no thread, the lamp stays grey
        if source is None:
            try:
                source = create_source(self.offer_spec)
            except (UnknownOfferSource, ValueError) as exc:
                self.add_notice(self.tr("Источник предложений не подключён: {error}").format(error=exc))
                return
        self.offer_feed = OfferFeed(source, self._offer_context, self)
        self.offer_feed.result.connect(self._offer_result)
        self.offer_feed.start()

    def _offer_result(self, result) -> None:
        self.offers.apply(result)
        self.refresh_offer()

    def open_offer(self):
        from .offer_card import OfferCard

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
            self.offer_card.addActions([*self.controls.actions(), self.request_action])
            self.offer_card.outcome.connect(lambda outcome, reason: self._offer_step(self.offers.record_outcome, outcome, reason))
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
        kind = {"none": "grey", "offer": "red"}.get(view.kind, view.kind)
        status = ""
        if view.kind == "unavailable":
            status = self.tr("источник предложений недоступен")
        elif view.decided:
            status = self.tr("Итог записан: {outcome}").format(outcome=OUTCOME_WORDS.get(view.decided, view.decided))
        elif view.reminder:
            status = view.reminder
        self.offer_indicator.set_state(kind, view.caption, view.tooltip, status)
        self.offer_controls.show_state(self.offers.in_call, self.offers.request_registered, self.offers.flags)

    def _operator_changed(self) -> None:
        self.phrases.set_operator(self.prefs.operator_name, self.prefs.operator_gender)

    def _phrases_copied(self, ids: list, text: str) -> None:
        now = self.engine.clock.now()
        for phrase_id in ids:  # only ids reach the journal, never the filled-in text
            self.engine.bus.emit(
                Event(EventKind.PHRASE_COPIED, now, self.engine.clock.wall(now), self.engine.call_id, {"phrase_id": phrase_id})
            )

    # --- user phrases: reloaded while the app runs ----------------------------------

    def _watch_phrases(self) -> None:
        if self.book is None or self.book.user_dir is None:
            return
        from ..core.files import make_private_dir

        make_private_dir(self.book.user_dir)
        self._watcher = QFileSystemWatcher(self)
        self._reload_timer = QTimer(self, singleShot=True, interval=300)  # editors save in bursts
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
        self.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint, on)
        self.show()  # changing window flags hides the window
        self._update_prefs(always_on_top=on)

    def set_muted(self, muted: bool) -> None:
        self.cues.muted = muted
        self._update_prefs(muted=muted)

    def _update_prefs(self, **changes) -> None:
        self.prefs = replace(self.prefs, **changes)
        if self.store is None:  # a demo window keeps the operator's preferences untouched
            return
        try:
            self.store.save(self.prefs)
        except OSError as exc:
            self.statusBar().showMessage(self.tr("Не удалось сохранить настройки: {error}").format(error=exc), 6000)

    def _fill_demo_menu(self) -> None:
        from ..demo_cli import load_all

        self.demo_menu.clear()
        if getattr(self, "paths", None) is None:
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
        elif mode in ("demo", "practice") and value in getattr(self, "_scenarios", {}):
            self.open_demo(self._scenarios[value], practice=mode == "practice")

    def open_demo(self, scenario, practice: bool = False):
        from .app import build_demo_window

        window = build_demo_window(scenario, self.paths, speed=1.0 if practice else self.demo_speed, practice=practice)
        # Kept while shown; a closed one goes with its last reference.
        self.demo_windows = [w for w in self.demo_windows if w.isVisible()] + [window]
        window.show()
        window.demo.start()
        return window

    def _open_journal(self) -> None:
        if self.journal is not None:
            # Opened and written on the journal's own thread; its news comes back as a signal.
            self.journal.start(self._journal_status.emit)

    def _show_journal_status(self, kind: str, text) -> None:
        if kind == "notice":
            self.add_notice(text)
        elif kind == "delayed":
            self.journal_label.setText(
                self.tr("Запись журнала задерживается: {cause}. События не потеряны — они будут записаны.").format(cause=text)
            )
            self.journal_label.show()
        else:
            self.journal_label.hide()

    def open_stats(self):
        from .stats_window import StatsWindow  # QtCharts loads here, not at startup

        if self.journal is None or self.journal.writer.notice and not self.journal.path.exists():
            self.statusBar().showMessage(self.tr("Журнал звонков недоступен — статистики нет."), 6000)
            return None
        self.journal.flush(0.1)  # the latest events, unless the disk is slow right now
        self.stats_window = StatsWindow(self.journal.path, parent=self)
        self.stats_window.show()
        self.stats_window.raise_()
        self.stats_window.activateWindow()
        return self.stats_window

    # --- scenario hooks (demo and practice) -----------------------------------

    def perform_action(self, action: str) -> None:
        """Do an operator action by its scenario name, as the operator's keys would."""
        engine_actions = {
            "start_call": self.engine.start_call,
            "start_lookup": self.engine.start_lookup,
            "end_lookup": self.engine.end_lookup,
            "start_hold": self.engine.start_hold,
            "resume": self.engine.resume,
            "end_call": self.engine.end_call,
        }
        offer_actions = {
            "register_request": lambda: self.offers.register_request(),
            "offer_accepted": lambda: self.offers.record_outcome("accepted"),
            "offer_declined": lambda: self.offers.record_outcome("declined"),
            "offer_not_voiced": lambda: self.offers.record_outcome("not_voiced"),
            "flag_complaint": lambda: self.offers.set_flag("complaint", True),
            "flag_lost_phone": lambda: self.offers.set_flag("lost_phone", True),
            "flag_siebel_down": lambda: self.offers.set_flag("siebel_down", True),
        }
        if action in engine_actions:
            self._do(engine_actions[action])
        elif action in offer_actions:
            self._offer_step(offer_actions[action])
        else:
            raise ValueError(f"unknown action {action!r}")

    def say_phrase(self, phrase_id: str) -> str:
        """The operator says a phrase (demo): copied and recorded as the operator would; returns its text."""
        self.phrases.set_highlight(phrase_id)
        text = self.phrases.copy_phrase(phrase_id)
        if text is None:  # not in the library (a scenario checked against another one)
            self._phrases_copied([phrase_id], phrase_id)
            return phrase_id
        return text

    def highlight_phrase(self, phrase_id: str | None) -> None:
        self.phrases.set_highlight(phrase_id)

    def set_scenario_offer(self, offer) -> None:
        self.offers.set_offer(Offer(offer.id, offer.title, offer.text) if offer is not None else None)
        self.refresh_offer()

    def phrase_lookup(self) -> tuple[dict[str, str], dict[str, str]]:
        library = self.phrases.library
        return {p.id: self.phrases.render_phrase(p) for p in library}, library.category_of()

    def add_notice(self, text: str, details: str = "") -> None:
        """A message for the operator above the timer, until they hide it; ``details`` in its tooltip."""
        self._notices.append((text, details or text))
        body = "<br>".join(escape(t).replace("\n", "<br>") for t, _ in self._notices)
        self.notice_label.setText(f'{body}<br><a href="hide">{self.tr("Скрыть")}</a>')
        self.notice_label.setToolTip(texts.plain_tooltip("\n\n".join(d for _, d in self._notices)))
        self.notice_label.show()

    def _hide_notices(self) -> None:
        self._notices.clear()
        self.notice_label.hide()

    # --- rendering -----------------------------------------------------------

    def _on_event(self, event: Event) -> None:
        if event.kind is EventKind.CALL_STARTED:
            self._heartbeat.start()
        elif event.kind is EventKind.CALL_ENDED:
            self._heartbeat.stop()
        if event.kind in (EventKind.CALL_STARTED, EventKind.CALL_ENDED):
            self.statusBar().clearMessage()  # a hint about the previous call would mislead
            if event.kind is EventKind.CALL_STARTED and self.offer_feed is not None:
                self.offer_feed.request()  # once at call start, whatever the polling interval
            self.refresh_offer()  # the workflow hears the event first (it subscribed first)
        if event.kind is EventKind.SILENCE_WARNING:
            self.cues.play("silence_warning")
        elif event.kind is EventKind.HOLD_LIMIT_REACHED:
            self.cues.play("hold_limit")

    def refresh(self) -> None:
        snap = self.engine.snapshot()
        timers = self.engine.timers
        self.display.show_values(
            texts.state_words(snap.state),
            snap.display,
            texts.status_message(snap, timers.silence_warning, timers.hold_prewarning),
            snap.level,
        )
        self.controls.update_for(snap.state, {action: self.engine.allowed(action) for action in Action})
        in_call = snap.state.value not in ("idle", "ended")
        wrapup = self.phrases.wrapup_button.isChecked()
        self.phrases.set_context(
            call_context(snap.state.value, snap.status.value, snap.state_elapsed, timers.long_wait, wrapup, snap.call_elapsed),
            in_call,
        )
        self.snapshot = snap
        self._tick.stop()
        if snap.next_change is not None:
            # A demo's scaled clock runs `speed` times faster than real time.
            speed = getattr(self.engine.clock, "speed", 1.0)
            delay_ms = (snap.next_change - self.engine.clock.now()) / speed * 1000
            # +1 ms so the timer lands just past the boundary, not a hair before it.
            self._tick.start(max(1, min(1000, int(delay_ms) + 1)))

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            QTimer.singleShot(0, self.first_paint.emit)
            QTimer.singleShot(0, self._open_journal)
            QTimer.singleShot(0, self._watch_phrases)
            QTimer.singleShot(0, self._start_offers)

    def closeEvent(self, event) -> None:
        self._heartbeat.stop()
        self.engine.interrupt()  # a hold under way keeps its duration so far; the call is «прерван»
        self._update_prefs(geometry=bytes(self.saveGeometry().toBase64()).decode("ascii"))
        if self.offer_feed is not None:
            self.offer_feed.stop()
        if self.journal is not None:
            self.journal.close()
        super().closeEvent(event)
