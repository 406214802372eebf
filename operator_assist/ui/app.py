"""Builds the application from the command line's choices and runs it."""

from __future__ import annotations

import sys
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QEvent, QEventLoop, QObject, Qt
from PySide6.QtWidgets import QApplication, QWidget
from shiboken6 import isValid as shiboken_valid

from ..core.clock import Clock, MonotonicClock
from ..core.engine import CallEngine
from ..core.journal_sink import JournalSink
from ..core.phrases import PhraseBook
from ..core.policy import load_layered
from ..core.preferences import Preferences, PreferenceStore
from ..core.settings import Settings
from ..core.standard_store import in_force
from ..core.yamlio import ParseCache
from ..i18n import QT_TRANSLATE_NOOP, translate
from ..paths import UserPaths
from ..startup import resume_collector

if TYPE_CHECKING:
    from ..core.call_sources import CallSource
    from ..core.offer_sources import OfferSource
    from ..core.standard import TeamStandard
    from ..logs import AppLog
    from .audio.feed import Listening
    from .call.source_feed import CallSourceFeed
    from .desktop.shell import DesktopShell
    from .main_window import MainWindow
    from .speech.feed import SpeechListening
    from .team.sync import WindowTeamSync


class UnknownRole(ValueError):
    pass


def check_role(settings: Settings, role: str | None) -> None:
    if role is not None and role not in settings.role_ids():
        raise UnknownRole(translate("app", "неизвестная роль {role!r} (есть: {roles})").format(role=role, roles=", ".join(settings.role_ids())))


@dataclass
class Startup:
    """What a window is built from, loaded and checked before any Qt object exists."""

    paths: UserPaths
    role: str | None
    settings: Settings
    store: PreferenceStore
    prefs: Preferences
    notices: list[tuple[str, str]]
    """(text, details for its tooltip)"""
    offer_spec: str
    offer_source: OfferSource | None
    book: PhraseBook
    call_source: CallSource | None = None
    """None: manual (the keys alone)."""
    standard: TeamStandard | None = None
    """The team's standard in force (its last good copy in the data folder); None: the bundled standard."""


def load_call_source(settings: Settings, paths: UserPaths, spec: str | None = None) -> CallSource | None:
    """The call source from ``--call-source`` or settings.yaml; None for manual.

    Raises UnknownPlugin (listing what exists) / ValueError for a bad spec.
    """
    telephony = settings.telephony
    spec = (spec or telephony.source or "manual").strip()
    if spec == "manual" or spec == "auto" and not (paths.data_dir / TEAM_FILE).exists():
        return None  # auto: the team server's calls when this PC is enrolled (issue 25), else the keys alone
    from ..core.call_sources import TelephonyConfig, create_source

    config = TelephonyConfig(telephony.agent, telephony.ami_user, telephony.ami_secret, paths.data_dir, settings.inbox.port)
    if spec == "auto":
        from ..telephony.team import auto_source

        return auto_source(config)
    return create_source(spec, config)


TEAM_FILE = "team.json"
"""team/client.py's enrolment file: looked for without importing anything of the team on the way to the window."""


def load_startup(paths: UserPaths, role: str | None = None, offer_spec: str | None = None, call_spec: str | None = None) -> Startup:
    """Settings, preferences, the offer source and the phrases; problems become notices.

    Raises UnknownRole, or UnknownPlugin / ValueError for a bad offer or call source.
    """
    from .texts import problem_lines

    cache = ParseCache(paths.yaml_cache_file)
    standard, team = in_force(paths.data_dir, cache)  # the team's standard, when enrolled (issue 24)
    settings, problems = load_layered(paths.system_dir, paths.settings_file, cache, standard)  # the administrator's files too
    if standard is not None:
        from ..core.standard import personal_problems, team_problems

        team += team_problems(problems) + personal_problems(standard, paths.phrases_dir, paths.scenarios_dir)
    locked = [p for p in problems if not p.is_error and p not in team]
    problems = [p for p in problems if p.is_error]
    try:
        check_role(settings, role)
    except UnknownRole as exc:
        if not problems:
            raise
        details = "\n".join(str(p) for p in problems)
        raise UnknownRole(
            translate("app", "{error}\nв файле {path} ошибки, его роли не действуют:\n{details}").format(
                error=exc, path=paths.settings_file, details=details
            )
        ) from None
    spec = offer_spec or settings.offer_source
    source = None
    if spec != "none":  # check it now, so a typo is an error at startup, not a silent grey lamp
        from ..offers import create_source

        source = create_source(spec)
    store = PreferenceStore(paths.preferences_file)
    prefs = store.load()
    notices: list[tuple[str, str]] = []
    from .. import i18n

    if i18n.warning():
        notices.append((i18n.warning() or "", ""))
    if store.notice:
        notices.append((store.notice, ""))
    if locked:  # the user's own value of a key the administrator locked (core/policy.py)
        heading, (shown, full) = translate("app", "Настройки администратора:"), problem_lines(locked)
        notices.append((f"{heading}\n{shown}", f"{heading}\n{full}"))
    if problems:
        heading = translate("app", "Ошибка в файле настроек — используются значения по умолчанию:")
        shown, full = problem_lines(problems)
        notices.append((f"{heading}\n{shown}", f"{heading}\n{full}"))
    if team:  # a key the team's standard locked, files its policy does not allow, a damaged copy
        heading, (shown, full) = translate("app", "Стандарт команды:"), problem_lines(team)
        notices.append((f"{heading}\n{shown}", f"{heading}\n{full}"))
    if role is not None:
        prefs = replace(prefs, role=role)
    personal = standard is None or standard.policy.personal_phrases
    book = PhraseBook(paths.phrases_dir if personal else None, cache, standard.phrases_dir if standard else None)
    book.reload(lint=False)  # the window lints after its first paint
    call_source = load_call_source(settings, paths, call_spec)
    return Startup(paths, role, settings, store, prefs, notices, spec, source, book, call_source, standard)


def build_window(
    paths: UserPaths,
    role: str | None = None,
    clock: Clock | None = None,
    audio: bool = True,
    journal_file=None,
    persist: bool = True,
    offer_spec: str | None = None,
    startup: Startup | None = None,
    confirm_close=None,
) -> MainWindow:
    """The main window and its call session, with everything loaded from ``paths`` (or ``startup``).

    ``journal_file`` defaults to the user's journal (a demo passes its own).
    ``confirm_close``: asks before closing mid-call (the real app passes the dialog).
    Raises what :func:`load_startup` raises. The window's own work once it is on screen is
    :func:`start_window`.
    """
    from ..core.keymap import Keymap
    from .call.cue_player import CuePlayer
    from .call.session import CallSession
    from .main_window import MainWindow

    s = startup or load_startup(paths, role, offer_spec)
    version = s.standard.version if s.standard is not None else None  # journaled with each call
    engine = CallEngine(clock or MonotonicClock(), s.settings, role=s.prefs.role, standard=version)
    journal = JournalSink(journal_file or s.paths.journal_file, spare_dirs=s.paths.spare_dirs)
    session = CallSession(engine, journal, s.offer_spec.partition(":")[0])
    window = MainWindow(
        session, s.settings, s.store if persist else None, s.prefs, book=s.book,
        cues=CuePlayer(muted=s.prefs.muted, audio=audio), offer_spec=s.offer_spec, offer_source=s.offer_source,
        paths=s.paths, keymap=Keymap(dict(s.settings.hotkeys)),
        demo_opener=(lambda scenario, speed, practice: open_demo_window(scenario, s.paths, speed, practice, audio=audio))
        if persist else None,
        confirm_close=confirm_close,
    )  # fmt: skip
    for text, details in s.notices:
        window.add_notice(text, details)
    if s.role is not None:
        window.set_role(s.role)
    return window


def start_window(window: MainWindow) -> None:
    """The window's own work once it is on screen, in the order it is needed: the phrase cards
    outside the call's moment, the journal, the phrases' «Говорим правильно» check and the watch on
    the user's phrase files, and the offer source."""
    window.phrases.build_rest()
    window.notices.follow_journal(window.session.journal)
    if window.phrase_files is not None:
        window.phrase_files.start()
    window.offer.start()


def attach_call_source(window: MainWindow, source: CallSource | None) -> CallSourceFeed | None:
    """Telephony drives the window's call session (ui/call_session.py) when a call source is chosen
    (``Startup.call_source``; None: manual, the keys alone). Returns the running feed, which the caller keeps."""
    if source is None:
        return None
    from .call.source_feed import attach

    return attach(window.session, source, window, window.add_notice)


def report_first_paint() -> None:
    """``first paint at <wall s> cpu <process CPU s> rss <VmRSS KiB>``: read right after the first paint,
    so bench/run.py counts the way to the window and nothing after it (bench/bare_window.py prints the same)."""
    import time

    line = f"first paint at {time.time():.6f} cpu {time.process_time():.6f}"
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            line += next(f" rss {row.split()[1]}" for row in status if row.startswith("VmRSS:"))
    except (OSError, StopIteration):  # no /proc (not Linux): the smoke test needs the first part only
        pass
    print(line, flush=True)


class _FirstPaint(QObject):
    """Ends ``loop`` once the window it watches has painted."""

    def __init__(self, loop: QEventLoop) -> None:
        super().__init__()
        self.loop = loop

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.loop.quit()  # the paint goes on; the loop returns once it is done
        return False


def wait_for_first_paint(window: QWidget) -> None:
    """Runs the event loop until ``window`` has painted once (or is gone)."""
    loop = QEventLoop()
    watcher = _FirstPaint(loop)
    window.installEventFilter(watcher)
    window.destroyed.connect(loop.quit)
    loop.exec()
    if shiboken_valid(window):
        window.removeEventFilter(watcher)


DEMO_OPERATOR = QT_TRANSLATE_NOOP("app", "Ольга")
"""The specialist's name in a demo when the team lead has not set their own."""


def build_demo_window(scenario, paths: UserPaths, speed: float = 1.0, practice: bool = False,
                      autoclose: bool = False, base_clock: Clock | None = None, audio: bool = True):
    """A separate window for a scenario: scaled clock, demo journal, the operator's preferences untouched."""
    from ..core.clock import ScaledClock
    from .demo.controller import DemoController

    clock = ScaledClock(base_clock or MonotonicClock(), speed)
    startup = load_startup(paths, role=scenario.role, offer_spec="none", call_spec="manual")  # the scenario brings its own offers; no telephony
    if not startup.prefs.operator_name and not practice:  # the standard's greeting names the specialist
        startup.prefs = replace(startup.prefs, operator_name=translate("app", DEMO_OPERATOR), operator_gender="f")
    window = build_window(
        paths, clock=clock, audio=audio, journal_file=paths.demo_journal_file, persist=False, startup=startup
    )
    demo = DemoController(window.session, window.phrases, scenario, practice=practice, autoclose=autoclose, parent=window)
    window.attach_demo(demo)
    if practice:  # «Слушать свою речь» on: a step counts when the trainee says its phrase
        attach_speech(window, startup)
    return window


def open_demo_window(scenario, paths: UserPaths, speed: float = 1.0, practice: bool = False,
                     audio: bool = True) -> MainWindow:  # fmt: skip
    """A scenario's window opened from the Демонстрация menu: shown, its own start, then the scenario."""
    window = build_demo_window(scenario, paths, speed, practice, audio=audio)
    window.show()
    wait_for_first_paint(window)
    start_window(window)
    assert window.demo is not None
    window.demo.start()
    return window


def speak_russian(app: QApplication) -> None:
    """Qt's own dialogs (file dialog, calendar) in Russian, like the rest of the UI (English: Qt's own)."""
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

    from .. import i18n

    if i18n.language() != "ru":
        return
    russian = QLocale(QLocale.Language.Russian, QLocale.Country.Russia)
    QLocale.setDefault(russian)
    translator = QTranslator(app)  # parented: it lives as long as the app
    if translator.load(russian, "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(translator)


def no_display() -> bool:
    """Says in Russian why no window can open (before Qt would abort with exit 134); True then."""
    from .desktop.display_check import display_problem

    problem = display_problem()
    if problem is not None:
        print(f"operator-assist: {problem}", file=sys.stderr)
    return problem is not None


def make_app() -> QApplication | None:
    """The application (or the one a test made), in the user's language; None where no window can open."""
    from .. import i18n

    if QApplication.instance() is None and no_display():
        return None
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("operator-assist")
    app.setDesktopFileName("operator-assist")  # Wayland's app id: the menu entry (packaging/), portal_keys.APP_ID
    i18n.install(app)
    app.setApplicationDisplayName(translate("app", "Помощник оператора"))
    return app


def run_demo(scenario, paths: UserPaths, speed: float = 1.0, practice: bool = False, autoclose: bool = False) -> int:
    app = make_app()
    if app is None:
        return 2
    window = build_demo_window(scenario, paths, speed, practice, autoclose)
    from .desktop.key_claim import claim_keys

    claim_keys(window, app.platformName())  # F5–F8 drive this window while it is active, not a running assistant
    window.show()
    wait_for_first_paint(window)
    start_window(window)
    speak_russian(app)  # dialogs come later: not on the way to the window
    assert window.demo is not None
    window.demo.start()
    return app.exec()


def check_audio_spec(settings: Settings, spec: str | None) -> None:
    """Raises ValueError for an unknown ``--audio`` / ``audio.source`` (before any window exists)."""
    source = spec if spec is not None else settings.audio.source
    if source.strip() in ("", "off"):
        return
    try:
        from ..audio.sources import create_source
    except ImportError as exc:
        raise ValueError(
            translate("app", "слушать разговор нельзя: нет пакета {name} (pip install 'operator-assist[audio]')").format(name=exc.name)
        ) from None
    create_source(source)


def attach_audio(window: MainWindow, startup: Startup, spec: str | None) -> Listening:
    """Issue 17's one wiring point: the call's audio → the window's call session, listening as ``--audio``,
    the window's last choice or settings.yaml say; Вид → «Слушать разговор». Once per window: the returned
    Listening owns the feed (``.feed``, None while not listening) and the microphone mark (``.mark``)."""
    from .audio.feed import Listening

    listening = Listening(window, window.session, startup.settings, window.add_notice)
    listening.start(spec, window.prefs.listen)
    return listening


def attach_speech(window: MainWindow, startup: Startup, listening: Listening | None = None) -> SpeechListening:
    """Issue 26's one wiring point: Вид → «Слушать свою речь», the operator's own words checked against the
    standard's phrases, as the window's last choice or settings.yaml say. ``listening``: the call's audio,
    whose client's voice makes the marks wait."""
    from .speech.feed import SpeechListening, client_speaking

    speech = SpeechListening(window, startup.settings, startup.paths.cache_dir, window.add_notice, client_speaking(listening))
    speech.start(window.prefs.speech)
    return speech


def attach_desktop(window: MainWindow, app: QApplication, startup: Startup, listening: Listening,
                   global_keys: bool) -> DesktopShell:  # fmt: skip
    """Global keys, the compact view and the tray: the assistant while another program has the focus."""
    from .desktop.shell import DesktopShell

    shell = DesktopShell(window, app.platformName(), global_keys=global_keys and startup.settings.global_keys)
    shell.show_listening(listening.mark)
    if startup.prefs.compact:
        shell.set_compact(True)
    return shell


def attach_team_sync(window: MainWindow, paths: UserPaths, interval: float = 60.0, timeout: float | None = None,
                     tray_message: Callable[[str, str], None] | None = None) -> WindowTeamSync:  # fmt: skip
    """The user's window ships the user's journal to the team server in the background (when this PC
    is enrolled, or once it is enrolled from the window). Never for a demo window. ``timeout``: seconds
    for one whole request (the client's default when None); ``tray_message``: where a lead's alerts
    become desktop notifications too (the tray's, :meth:`DesktopShell.tray_message`)."""
    from .team.sync import WindowTeamSync

    extra = {} if timeout is None else {"timeout": timeout}
    return WindowTeamSync(window, paths, interval=interval, tray_message=tray_message, **extra)


def ask_before_closing_a_call(parent: QWidget) -> bool:
    from PySide6.QtWidgets import QMessageBox

    answer = QMessageBox.question(
        parent,
        translate("MainWindow", "Идёт звонок"),
        translate("MainWindow", "Идёт звонок. Закрыть помощник? Звонок будет записан в журнал как прерванный."),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


def run_gui(role: str | None, data_dir: str | None, exit_after_startup: bool = False, offer_spec: str | None = None,
            global_keys: bool = True, call_spec: str | None = None,
            audio_spec: str | None = None, app_log: AppLog | None = None) -> int:  # fmt: skip
    """The app from the command line's choices to its end. The start-up, in order: everything read and
    checked before Qt; the window built and shown; once it has painted, what it needs next."""
    from .desktop.single_instance import Desk

    paths = UserPaths.resolve(data_dir)
    desk = None if exit_after_startup else Desk(paths.data_dir)  # one assistant per desk
    if desk is not None and not desk.claim():
        return desk.raise_running()  # a second start: the running window comes to the front instead
    try:  # before Qt starts: a typo is a clear message even where no display is available
        startup = load_startup(paths, role, offer_spec, call_spec)
        check_audio_spec(startup.settings, audio_spec)
    except ValueError as exc:  # an unknown role, offer, call or audio source: say which ones exist
        print(f"operator-assist: {exc}", file=sys.stderr)
        return 2
    if app_log is not None:
        from .error_notices import install_qt_messages

        install_qt_messages()
    app = make_app()
    if app is None:
        return 2
    app.setQuitOnLastWindowClosed(False)  # the compact view or the tray may be all that is shown
    window = build_window(startup.paths, startup=startup, confirm_close=ask_before_closing_a_call)
    attach_call_source(window, startup.call_source)  # the window's child, stopped when the app quits
    if app_log is not None:
        from .error_notices import ErrorNotices

        ErrorNotices(app_log, window)
    window.show()
    wait_for_first_paint(window)
    if exit_after_startup:
        report_first_paint()
    resume_collector()  # paused by the command line for the way to the window (operator_assist/startup.py)
    start_window(window)
    speak_russian(app)
    listening = attach_audio(window, startup, audio_spec)
    speech = attach_speech(window, startup, listening)  # after the call's audio, whose client's voice it waits for
    if exit_after_startup:
        window.close_without_asking()
        return 0
    shell = attach_desktop(window, app, startup, listening, global_keys)
    speech.show_in(shell.compact)
    attach_team_sync(window, startup.paths, tray_message=shell.tray_message)
    if desk is not None:
        assert window.team is not None  # the operator's own window
        desk.listen(window, shell.show_front, window.team.joined.emit)
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    window.destroyed.connect(app.quit)
    return run_until_quit(app, window)


def run_until_quit(app: QApplication, window: MainWindow) -> int:
    """The event loop; SIGINT/SIGTERM close the window at once (a call under way is «прерван»)."""
    from .desktop.signals import SignalBridge

    received: list[int] = []

    def quit_on(signum: int) -> None:
        if not received:  # a second signal while closing changes nothing
            received.append(signum)
            window.close_without_asking()
        app.quit()

    bridge = SignalBridge(quit_on, app)
    code = app.exec()
    bridge.close()
    return 128 + received[0] if received else code
