"""Builds the application from the command line's choices and runs it."""

from __future__ import annotations

import sys
from dataclasses import replace

from ..core.clock import Clock, MonotonicClock
from ..core.engine import CallEngine
from ..core.journal_sink import JournalSink
from ..core.phrases import PhraseBook
from ..core.preferences import PreferenceStore
from ..core.settings import Settings, load_settings
from ..core.yamlio import ParseCache
from ..paths import UserPaths


class UnknownRole(ValueError):
    pass


def check_role(settings: Settings, role: str | None) -> None:
    if role is not None and role not in settings.role_ids():
        raise UnknownRole(f"unknown role {role!r} (available: {', '.join(settings.role_ids())})")


def build_window(
    paths: UserPaths,
    role: str | None = None,
    clock: Clock | None = None,
    audio: bool = True,
    journal_file=None,
    persist: bool = True,
    offer_spec: str | None = None,
):
    """The main window with everything loaded from ``paths``; problems become visible notices.

    ``journal_file`` defaults to the user's journal (a demo passes its own).
    ``offer_spec`` overrides the settings' offer source; raises UnknownOfferSource
    or ValueError for a bad one.
    """
    from .cue_player import CuePlayer
    from .main_window import MainWindow
    from .texts import problem_lines

    cache = ParseCache(paths.yaml_cache_file)
    settings, problems = load_settings(paths.settings_file, cache)
    try:
        check_role(settings, role)
    except UnknownRole as exc:
        if not problems:
            raise
        details = "\n".join(str(p) for p in problems)
        raise UnknownRole(f"{exc}\n{paths.settings_file} has errors, so its roles are not used:\n{details}") from None
    store = PreferenceStore(paths.preferences_file)
    prefs = store.load()
    notices = []
    if store.notice:
        notices.append(store.notice)
    if problems:
        heading = "Ошибка в файле настроек — используются значения по умолчанию:"
        shown, full = problem_lines(problems)
        notices.append((f"{heading}\n{shown}", f"{heading}\n{full}"))
    if role is not None:
        prefs = replace(prefs, role=role)
    engine = CallEngine(clock or MonotonicClock(), settings, role=prefs.role)
    spec = offer_spec or settings.offer_source
    source = None
    if spec != "none":  # check it now, so a typo is an error at startup, not a silent grey lamp
        from ..core.offer_sources import create_source

        source = create_source(spec)
    book = PhraseBook(paths.phrases_dir, cache)
    book.reload()
    journal = JournalSink(journal_file or paths.journal_file)
    engine.bus.subscribe(journal.record)
    window = MainWindow(
        engine, store if persist else None, prefs, notices=notices, cues=CuePlayer(muted=prefs.muted, audio=audio), journal=journal,
        book=book, offer_spec=spec, offer_source=source,
    )
    window.paths = paths
    if role is not None:
        window.set_role(role)
    return window


def _report_first_paint(app) -> None:
    # Wall time of the first paint, so bench/ can measure process start → paint.
    import time

    print(f"first paint at {time.time():.6f}", flush=True)
    app.quit()


def build_demo_window(scenario, paths: UserPaths, speed: float = 1.0, practice: bool = False,
                      autoclose: bool = False, base_clock: Clock | None = None, audio: bool = True):
    """A separate window for a scenario: scaled clock, demo journal, the operator's preferences untouched."""
    from ..core.clock import ScaledClock
    from .demo_controller import DemoController

    clock = ScaledClock(base_clock or MonotonicClock(), speed)
    window = build_window(
        paths, role=scenario.role, clock=clock, audio=audio, journal_file=paths.demo_journal_file, persist=False,
        offer_spec="none",  # the scenario brings its own offers
    )
    window.demo = DemoController(window, scenario, practice=practice, autoclose=autoclose)
    return window


def run_demo(scenario, paths: UserPaths, speed: float = 1.0, practice: bool = False, autoclose: bool = False) -> int:
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("operator-assist")
    window = build_demo_window(scenario, paths, speed, practice, autoclose)
    window.show()
    window.demo.start()
    return app.exec()


def run_gui(role: str | None, data_dir: str | None, exit_after_startup: bool = False, offer_spec: str | None = None) -> int:
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("operator-assist")
    app.setApplicationDisplayName("Помощник оператора")
    try:
        window = build_window(UserPaths.resolve(data_dir), role, offer_spec=offer_spec)
    except ValueError as exc:  # an unknown role or offer source: say which ones exist
        print(f"operator-assist: {exc}", file=sys.stderr)
        return 2
    window.show()
    if exit_after_startup:
        window.first_paint.connect(lambda: _report_first_paint(app))
    return app.exec()
