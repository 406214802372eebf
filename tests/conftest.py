import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from dataclasses import dataclass
from pathlib import Path

import pytest

from operator_assist.core.clock import FakeClock
from operator_assist.core.engine import CallEngine
from operator_assist.core.settings import bundled_settings
from operator_assist.paths import DATA_DIR_ENV, SYSTEM_DIR_ENV, UserPaths

pytest_plugins = ["pytester", "tests.log_guard", "tests.speech_fixtures"]


def pytest_collection_modifyitems(config, items):
    """The package tests (``-m package``: build the .deb, install it system-wide with apt-get) run in CI,
    or when asked for: an engineer's full run on a shared machine does not install packages."""
    if os.environ.get("CI") == "true" or "package" in (config.getoption("markexpr") or ""):
        return
    skipped = [item for item in items if item.get_closest_marker("package")]
    if skipped:
        config.hook.pytest_deselected(items=skipped)
        items[:] = [item for item in items if not item.get_closest_marker("package")]


@dataclass(frozen=True)
class UserDirs:
    """Where this test's «user» lives: HOME, the XDG dirs and the app's data dir, all temporary."""

    home: Path
    runtime: Path
    app_data: Path
    """``$OPERATOR_ASSIST_DATA_DIR``: the app and the CLIs (also in subprocesses) keep everything here."""
    system: Path
    """``$OPERATOR_ASSIST_SYSTEM_DIR``: the administrator's folder (not created: no policy)."""


@pytest.fixture(autouse=True)
def collected_here():
    """A test's objects left in reference cycles (a call session and its engine's bus, say) are
    collected when it ends, on the GUI thread. Left to the collector, they would go whenever it next
    runs, on whatever thread is allocating then (an inbox or journal thread), and a Qt object
    deleted on a thread that is not its own crashes the process at its next timer."""
    yield
    import gc

    gc.collect()


@pytest.fixture(autouse=True)
def user_dirs(tmp_path_factory, monkeypatch) -> UserDirs:
    """No test can read or write a real user's files: every per-user location is a fresh temporary dir,
    and so is the administrator's folder (``/etc/operator-assist``; only the package test reads the real one).

    Not under ``tmp_path`` (some tests check that nothing else was written there). A test may
    still set its own (the PulseAudio tests set XDG_RUNTIME_DIR and HOME for their server).
    """
    root = tmp_path_factory.mktemp("user")
    home, runtime = root / "home", root / "run"
    home.mkdir()
    runtime.mkdir(mode=0o700)  # Qt checks the runtime dir's owner and permissions
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / ".local" / "state"))
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    monkeypatch.setenv(DATA_DIR_ENV, str(root / "app-data"))
    monkeypatch.setenv(SYSTEM_DIR_ENV, str(root / "system"))  # the administrator's folder: never the real /etc
    return UserDirs(home=home, runtime=runtime, app_data=root / "app-data", system=root / "system")


@pytest.fixture
def fake_timers():
    """The widgets' timers (blink, debounce, confirmation, demo steps…) made fake: ``fake_timers.advance(ms)``.

    Install it before the window is built (request it among the test's arguments).
    """
    from operator_assist.ui import timers

    from .fakes import FakeTimers

    fake = FakeTimers()
    previous = timers.install(fake)
    yield fake
    timers.install(previous)


@pytest.fixture
def clock():
    return FakeClock(start=1000.0)


@pytest.fixture
def settings():
    return bundled_settings()


@pytest.fixture
def engine(clock, settings):
    return CallEngine(clock, settings)


@pytest.fixture
def events(engine):
    received = []
    engine.bus.subscribe(received.append)
    return received


def kinds(events):
    return [e.kind.value for e in events]


@pytest.fixture
def paths(tmp_path):
    return UserPaths(config_dir=tmp_path, data_dir=tmp_path, cache_dir=tmp_path / "cache")


@pytest.fixture
def make_window(qtbot, paths):
    def make(clock=None, role=None):
        from operator_assist.ui.app import build_window

        return show_active(qtbot, build_window(paths, role=role, clock=clock or FakeClock(), audio=False))

    return make


def show_active(qtbot, window):
    """Shows ``window`` as the app does (its own work once it is on screen too) and makes it active."""
    from operator_assist.ui.app import start_window, wait_for_first_paint

    qtbot.addWidget(window)
    window.show()
    wait_for_first_paint(window)
    start_window(window)
    # Offscreen windows are not activated by show(); window shortcuts need an active window.
    window.windowHandle().requestActivate()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def type_text(widget, text: str) -> None:
    """Types ``text`` key by key; QTest.keyClicks asserts on non-ASCII (Cyrillic) characters."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))


from .hub_support import pbx_hub  # noqa: E402,F401 - the PBX hub's tests (issue 25)
from .team_support import pg_cluster, team_server  # noqa: E402,F401 - session fixtures for the team tests
