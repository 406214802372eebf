"""The app's log: where it is, what reaches it (worker threads, Qt), that it rotates, --log-level."""

from __future__ import annotations

import logging
import threading

import platformdirs
import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from operator_assist import logs
from operator_assist.cli import main as cli
from operator_assist.paths import APP_NAME, DATA_DIR_ENV


@pytest.fixture
def app_log(tmp_path):
    """The log as the app sets it up, in tmp_path/logs; taken back after the test."""
    app_log = logs.setup("INFO", tmp_path, stderr=False)
    yield app_log
    app_log.close()


def read(app_log) -> str:
    return app_log.path.read_text(encoding="utf-8")


def test_the_log_is_in_the_data_dir_or_the_user_log_dir_and_made_at_the_first_record(user_dirs, monkeypatch):
    assert logs.log_dir() == user_dirs.app_data / "logs"  # $OPERATOR_ASSIST_DATA_DIR, as --data-dir
    monkeypatch.delenv(DATA_DIR_ENV)
    assert str(logs.log_dir()) == platformdirs.user_log_dir(APP_NAME, appauthor=False)
    assert logs.log_dir().is_relative_to(user_dirs.home)
    app_log = logs.setup("WARNING", stderr=False)
    try:
        assert not app_log.path.exists()  # nothing opened at start
        logging.getLogger("operator_assist.x").info("not at WARNING")
        assert not app_log.path.exists()
        logging.getLogger("operator_assist.x").warning("written")
        assert app_log.path.parent.stat().st_mode & 0o077 == 0  # the user's own, like the journal's dir
        assert "WARNING [MainThread] operator_assist.x: written" in read(app_log)
    finally:
        app_log.close()


def test_an_exception_on_a_worker_thread_reaches_the_log_and_once_the_window(qtbot, make_window, app_log, logged_errors):
    from operator_assist.ui.error_notices import ErrorNotices

    window = make_window()
    ErrorNotices(app_log, window)
    assert not window.notices.banner.isVisible()

    def poll(n):
        raise RuntimeError(f"offer source exploded {n}")

    for n in (1, 2):
        worker = threading.Thread(target=poll, args=(n,), name=f"offer-poller-{n}")
        worker.start()
        worker.join()
    qtbot.waitUntil(window.notices.banner.isVisible)
    QApplication.processEvents()  # a second notice, if one were queued, would be in by now
    assert window.notices.banner.text().count("Внутренняя ошибка помощника") == 1
    assert str(app_log.path) in window.notices.banner.text()
    assert "RuntimeError: offer source exploded 1 (offer-poller-1)" in window.notices.banner.toolTip()
    text = read(app_log)
    for n in (1, 2):  # both are in the log, with their tracebacks
        assert f"ERROR [offer-poller-{n}] operator_assist.logs: uncaught exception on thread offer-poller-{n}" in text
        assert f'raise RuntimeError(f"offer source exploded {{n}}")\nRuntimeError: offer source exploded {n}' in text
    assert [r.getMessage() for r in logged_errors.take()] == [
        "uncaught exception on thread offer-poller-1",
        "uncaught exception on thread offer-poller-2",
    ]


def test_an_exception_in_a_slot_on_the_gui_thread_is_logged_and_a_notice_too(qtbot, make_window, app_log, logged_errors):
    from operator_assist.ui.error_notices import ErrorNotices

    window = make_window()
    ErrorNotices(app_log, window)

    def slot():
        raise KeyError("phrase.missing")

    QTimer.singleShot(0, slot)  # Qt calls it; PySide6 hands the exception to sys.excepthook
    qtbot.waitUntil(window.notices.banner.isVisible)
    assert "KeyError: 'phrase.missing' (MainThread)" in window.notices.banner.toolTip()
    assert "KeyError: 'phrase.missing'" in read(app_log)
    assert len(logged_errors.take()) == 1


def test_a_qt_warning_lands_in_the_log(qapp, app_log):
    from operator_assist.ui.error_notices import install_qt_messages

    undo = install_qt_messages()
    try:
        timer = QTimer()
        timer.start(-5)  # Qt warns, and runs it every 1 ms instead
        timer.stop()
    finally:
        undo()
    assert "WARNING [MainThread] operator_assist.qt: QTimer::start: negative intervals aren't allowed" in read(app_log)


def test_the_log_rotates(tmp_path):
    app_log = logs.setup("INFO", tmp_path, max_bytes=2000, backups=2, stderr=False)
    try:
        for n in range(100):
            logging.getLogger("operator_assist.x").info("line %03d %s", n, "ж" * 40)
    finally:
        app_log.close()
    folder = app_log.path.parent
    assert sorted(p.name for p in folder.iterdir()) == ["operator-assist.log", "operator-assist.log.1", "operator-assist.log.2"]
    assert all(p.stat().st_size <= 2000 for p in folder.iterdir())
    newest, older = read(app_log), (folder / "operator-assist.log.1").read_text(encoding="utf-8")
    assert "line 099" in newest and "line 000" not in newest + older
    last_of_older = older.splitlines()[-1]
    first_of_newest = newest.splitlines()[0]
    assert int(first_of_newest.split("line ")[1][:3]) == int(last_of_older.split("line ")[1][:3]) + 1


def test_setup_is_taken_back_by_close(tmp_path):
    root = logging.getLogger()
    before = (list(root.handlers), root.level, threading.excepthook)
    logs.setup("DEBUG", tmp_path, stderr=True).close()
    assert (list(root.handlers), root.level, threading.excepthook) == before


def test_log_level_on_the_command_line():
    parser = cli.build_parser()
    assert parser.parse_args([]).log_level == "WARNING"
    assert parser.parse_args(["--log-level", "debug"]).log_level == "DEBUG"
    assert cli.LOG_LEVELS == logs.LEVELS
    assert "--log-level УРОВЕНЬ" in parser.format_help() and "журнал работы" in parser.format_help()


def test_a_wrong_log_level_is_said_in_russian(capsys):
    with pytest.raises(SystemExit):
        cli.build_parser().parse_args(["--log-level", "loud"])
    assert "аргумент --log-level: неверное значение 'LOUD' (можно: 'DEBUG', 'INFO', 'WARNING', 'ERROR')" in capsys.readouterr().err


def test_the_app_started_from_the_command_line_writes_its_log(tmp_path):
    import os
    import subprocess
    import sys

    data = tmp_path / "data"
    run = [sys.executable, "-m", "operator_assist", "--data-dir", str(data), "--exit-after-startup"]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    subprocess.run(run, env=env, capture_output=True, timeout=60, check=True)
    log_file = data / "logs" / "operator-assist.log"
    assert "starts" not in (log_file.read_text(encoding="utf-8") if log_file.exists() else "")  # INFO is below WARNING
    subprocess.run([*run, "--log-level", "info"], env=env, capture_output=True, timeout=60, check=True)
    assert "INFO [MainThread] operator_assist.logs: operator-assist " in log_file.read_text(encoding="utf-8")
    # The demo window logs the same way.
    demo = [sys.executable, "-m", "operator_assist", "--data-dir", str(data), "--log-level", "info", "demo", "--list"]
    subprocess.run(demo, env=env, capture_output=True, timeout=60, check=True)
    assert "starts: --data-dir" in log_file.read_text(encoding="utf-8").splitlines()[-1]
    assert "demo --list" in log_file.read_text(encoding="utf-8").splitlines()[-1]
