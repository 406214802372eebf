"""Builds the application from the command line's choices and runs it."""

from __future__ import annotations

import sys
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ..core.clock import Clock, MonotonicClock
from ..core.engine import CallEngine
from ..core.journal_sink import JournalSink
from ..core.phrases import PhraseBook
from ..core.preferences import Preferences, PreferenceStore
from ..core.settings import Settings, load_settings
from ..core.yamlio import ParseCache
from ..paths import UserPaths

if TYPE_CHECKING:
    from ..core.offer_sources import OfferSource


class UnknownRole(ValueError):
    pass


def check_role(settings: Settings, role: str | None) -> None:
    if role is not None and role not in settings.role_ids():
        raise UnknownRole(f"неизвестная роль {role!r} (есть: {', '.join(settings.role_ids())})")


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


def load_startup(paths: UserPaths, role: str | None = None, offer_spec: str | None = None) -> Startup:
    """Settings, preferences, the offer source and the phrases; problems become notices.

    Raises UnknownRole, or UnknownOfferSource / ValueError for a bad offer source.
    """
    from .texts import problem_lines

    cache = ParseCache(paths.yaml_cache_file)
    settings, problems = load_settings(paths.settings_file, cache)
    try:
        check_role(settings, role)
    except UnknownRole as exc:
        if not problems:
            raise
        details = "\n".join(str(p) for p in problems)
        raise UnknownRole(f"{exc}\nв файле {paths.settings_file} ошибки, его роли не действуют:\n{details}") from None
    spec = offer_spec or settings.offer_source
    source = None
    if spec != "none":  # check it now, so a typo is an error at startup, not a silent grey lamp
        from ..core.offer_sources import create_source

        source = create_source(spec)
    store = PreferenceStore(paths.preferences_file)
    prefs = store.load()
    notices: list[tuple[str, str]] = []
    if store.notice:
        notices.append((store.notice, ""))
    if problems:
        heading = "Ошибка в файле настроек — используются значения по умолчанию:"
        shown, full = problem_lines(problems)
        notices.append((f"{heading}\n{shown}", f"{heading}\n{full}"))
    if role is not None:
        prefs = replace(prefs, role=role)
    book = PhraseBook(paths.phrases_dir, cache)
    book.reload()
    return Startup(paths, role, settings, store, prefs, notices, spec, source, book)


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
):
    """The main window and its call session, with everything loaded from ``paths`` (or ``startup``).

    ``journal_file`` defaults to the user's journal (a demo passes its own).
    ``confirm_close``: asks before closing mid-call (the real app passes the dialog).
    Raises what :func:`load_startup` raises.
    """
    from ..core.keymap import Keymap
    from .call_session import CallSession
    from .cue_player import CuePlayer
    from .main_window import MainWindow

    s = startup or load_startup(paths, role, offer_spec)
    engine = CallEngine(clock or MonotonicClock(), s.settings, role=s.prefs.role)
    session = CallSession(engine, JournalSink(journal_file or s.paths.journal_file), s.offer_spec.partition(":")[0])
    window = MainWindow(
        session, s.store if persist else None, s.prefs, notices=s.notices, book=s.book,
        cues=CuePlayer(muted=s.prefs.muted, audio=audio), offer_spec=s.offer_spec, offer_source=s.offer_source,
        paths=s.paths, keymap=Keymap(dict(s.settings.hotkeys)),
        demo_opener=(lambda scenario, speed, practice: build_demo_window(scenario, s.paths, speed, practice, audio=audio))
        if persist else None,
        confirm_close=confirm_close,
    )  # fmt: skip
    if s.role is not None:
        window.set_role(s.role)
    return window


def _report_first_paint(app) -> None:
    # Wall time of the first paint, so bench/ can measure process start → paint.
    import time

    print(f"first paint at {time.time():.6f}", flush=True)
    app.quit()


DEMO_OPERATOR = "Ольга"
"""The specialist's name in a demo when the team lead has not set their own."""


def build_demo_window(scenario, paths: UserPaths, speed: float = 1.0, practice: bool = False,
                      autoclose: bool = False, base_clock: Clock | None = None, audio: bool = True):
    """A separate window for a scenario: scaled clock, demo journal, the operator's preferences untouched."""
    from ..core.clock import ScaledClock
    from .demo_controller import DemoController

    clock = ScaledClock(base_clock or MonotonicClock(), speed)
    startup = load_startup(paths, role=scenario.role, offer_spec="none")  # the scenario brings its own offers
    if not startup.prefs.operator_name and not practice:  # the standard's greeting names the specialist
        startup.prefs = replace(startup.prefs, operator_name=DEMO_OPERATOR, operator_gender="f")
    window = build_window(
        paths, clock=clock, audio=audio, journal_file=paths.demo_journal_file, persist=False, startup=startup
    )
    demo = DemoController(window.session, window.phrases, scenario, practice=practice, autoclose=autoclose, parent=window)
    window.attach_demo(demo)
    return window


def _speak_russian(app) -> None:
    """Qt's own dialogs (file dialog, calendar) in Russian, like the rest of the UI."""
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

    russian = QLocale(QLocale.Language.Russian, QLocale.Country.Russia)
    QLocale.setDefault(russian)
    translator = QTranslator(app)  # parented: it lives as long as the app
    if translator.load(russian, "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(translator)


def run_demo(scenario, paths: UserPaths, speed: float = 1.0, practice: bool = False, autoclose: bool = False) -> int:
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("operator-assist")
    window = build_demo_window(scenario, paths, speed, practice, autoclose)
    window.first_paint.connect(lambda: _speak_russian(app))  # dialogs come later: not on the way to the window
    window.show()
    window.demo.start()
    return app.exec()


def run_gui(role: str | None, data_dir: str | None, exit_after_startup: bool = False, offer_spec: str | None = None,
            global_keys: bool = True) -> int:  # fmt: skip
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from .main_window import ask_before_closing_a_call

    try:  # before Qt starts: a typo is a clear message even where no display is available
        startup = load_startup(UserPaths.resolve(data_dir), role, offer_spec)
    except ValueError as exc:  # an unknown role or offer source: say which ones exist
        print(f"operator-assist: {exc}", file=sys.stderr)
        return 2
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("operator-assist")
    app.setApplicationDisplayName("Помощник оператора")
    app.setQuitOnLastWindowClosed(False)  # the compact view or the tray may be all that is shown
    window = build_window(startup.paths, startup=startup, confirm_close=ask_before_closing_a_call)
    window.first_paint.connect(lambda: _speak_russian(app))  # dialogs come later: not on the way to the window
    window.destroyed.connect(app.quit)
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if exit_after_startup:
        window.first_paint.connect(lambda: _report_first_paint(app))
        window.show()
        return app.exec()

    def add_shell() -> None:  # after the first paint: nothing of it is needed to show the window
        from .shell import DesktopShell

        shell = DesktopShell(window, app.platformName(), global_keys=global_keys and startup.settings.global_keys)
        if startup.prefs.compact:
            shell.set_compact(True)

    window.first_paint.connect(add_shell)
    window.first_paint.connect(lambda: attach_team_sync(window, startup.paths))
    window.show()
    return app.exec()


def attach_team_sync(window, paths: UserPaths, interval: float = 60.0):
    """The user's window ships the user's journal to the team server in the background (when this PC
    is enrolled, or once it is enrolled from the window). Never for a demo window."""
    from .team_sync import WindowTeamSync

    return WindowTeamSync(window, paths.journal_file, paths.data_dir, interval=interval)
