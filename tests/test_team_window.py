"""The team server from the window: enrolment dialog, background shipping of the running app,
the «Команда» tab for an enrolled lead. Real PostgreSQL and the real server over loopback HTTP."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QApplication

from operator_assist.core.clock import FakeClock
from operator_assist.core.commands import Action
from operator_assist.core.journal import Journal
from operator_assist.core.stats import compute_stats, format_percent
from operator_assist.team.client import TeamConfig, TeamError
from operator_assist.team.enrol import join
from operator_assist.ui.app import attach_team_sync, build_window
from operator_assist.ui.team.join_dialog import TeamJoinDialog

from . import test_team as tt
from .builders import Builder
from .conftest import show_active

moscow = tt.moscow
WAIT = 20_000
"""ms: a bounded wait for the server (a round trip is milliseconds; CI machines are slow)."""


def screenshot(widget, name: str) -> None:
    folder = os.environ.get("TEAM_UI_SCREENSHOTS")
    if folder:
        widget.grab().save(str(Path(folder) / name))


def open_window(qtbot, paths):
    return show_active(qtbot, build_window(paths, clock=FakeClock(), audio=False))


def server_count(team_server, journal_file) -> int:
    with Journal.open_outbox(journal_file) as box:
        install_id = box.install_id()
    return team_server.sql("SELECT count(*) FROM events WHERE install_id = %s", (install_id,))[0][0]


def local_count(journal_file) -> int:
    with Journal.open_outbox(journal_file) as box:
        return box.outbox_pending(0)


def join_in_dialog(qtbot, dialog: TeamJoinDialog, url: str, token: str):
    dialog.url_edit.setText(url)
    dialog.token_edit.setText(f"  {token}\n")  # pasted with a line break
    with qtbot.waitSignal(dialog.finished_join, timeout=WAIT) as signal:
        dialog.join_button.click()
        assert not dialog.join_button.isEnabled()  # the server is asked off the GUI thread
    return signal.args


# --- enrolment -----------------------------------------------------------------------


def test_join_dialog_enrols_a_lead_against_the_real_server(qtbot, team_server, tmp_path):
    login, team, token = team_server.enrol(lead=True)
    dialog = TeamJoinDialog(tmp_path)
    qtbot.addWidget(dialog)
    dialog.show()
    stored, message = join_in_dialog(qtbot, dialog, team_server.url + "/", token)
    assert stored is True
    assert message.startswith(f"Подключено: оператор {login} (руководитель), команда «{team}»")
    assert dialog.result_label.text() == message and dialog.token_edit.text() == ""
    with Journal.open_outbox(tmp_path / "journal.sqlite3") as box:
        install_id = box.install_id()
    config = TeamConfig.load(tmp_path)
    assert config == TeamConfig(team_server.url, token, team, True, install_id)
    assert oct((tmp_path / "team.json").stat().st_mode & 0o777) == "0o600"
    # The token is bound to this PC's journal, as team-join does it.
    assert team_server.sql("SELECT count(*) FROM tokens WHERE install_id = %s", (install_id,))[0][0] == 1
    screenshot(dialog, "team-join-dialog.png")


def test_join_dialog_refused_token_stores_nothing(qtbot, team_server, tmp_path):
    dialog = TeamJoinDialog(tmp_path)
    qtbot.addWidget(dialog)
    stored, message = join_in_dialog(qtbot, dialog, team_server.url, "oa_not-a-token")
    assert stored is False
    assert message.startswith("Не подключено: Сервер не принял токен") and "Вид → Команда" in message
    assert not (tmp_path / "team.json").exists()


def test_join_dialog_checks_its_fields_before_asking(qtbot, tmp_path):
    calls = []

    def recorded(*args):
        calls.append(args)
        return join(*args)

    dialog = TeamJoinDialog(tmp_path, join_fn=recorded)
    qtbot.addWidget(dialog)
    dialog.join_button.click()
    assert dialog.result_label.text() == "Вставьте адрес сервера."
    dialog.url_edit.setText("stats.example:8470")
    dialog.join_button.click()
    assert dialog.result_label.text() == "Вставьте токен, выданный руководителем."
    assert calls == []
    dialog.token_edit.setText("oa_x")
    with qtbot.waitSignal(dialog.finished_join, timeout=WAIT) as signal:
        dialog.join_button.click()
    assert signal.args[0] is False and "должен начинаться с http:// или https://" in signal.args[1]
    assert len(calls) == 1 and not (tmp_path / "team.json").exists()


def test_join_dialog_stores_the_enrolment_while_the_server_is_down(qtbot, tmp_path):
    from operator_assist.team.server.testing import free_port

    url = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    dialog = TeamJoinDialog(tmp_path)
    qtbot.addWidget(dialog)
    stored, message = join_in_dialog(qtbot, dialog, url, "oa_later")
    assert stored is True and "недоступен" in message and "данные уйдут" in message
    assert TeamConfig.load(tmp_path) == TeamConfig(url, "oa_later")


def test_team_join_command_stores_the_same_as_the_dialog(team_server, tmp_path):
    login, team, token = team_server.enrol()
    code, out, err = tt.run(tt.team_cli.join_main, team_server.url, token, data_dir=tmp_path)
    assert code == 0, err
    assert out.startswith(f"Подключено: оператор {login}, команда «{team}»")
    with Journal.open_outbox(tmp_path / "journal.sqlite3") as box:
        install_id = box.install_id()
    assert json.loads((tmp_path / "team.json").read_text(encoding="utf-8")) == {
        "url": team_server.url, "token": token, "team": team, "lead": False, "install_id": install_id
    }  # fmt: skip


def test_team_json_from_before_the_team_was_kept_still_loads(tmp_path):
    (tmp_path / "team.json").write_text('{"url": "http://x:1", "token": "oa_t"}', encoding="utf-8")
    assert TeamConfig.load(tmp_path) == TeamConfig("http://x:1", "oa_t", None, None)


# --- the running app ships by itself ---------------------------------------------------


def _call(window) -> None:
    clock = window.session.clock
    assert window.session.perform(Action.START_CALL, "window") is None
    clock.advance(30)
    assert window.session.perform(Action.END_CALL, "window") is None


def test_running_app_ships_when_a_call_ends(qtbot, team_server, paths):
    _, _, token = team_server.enrol()
    join(team_server.url, token, paths.data_dir)
    window = open_window(qtbot, paths)
    link = attach_team_sync(window, paths, interval=3600)  # no round of its own within the test
    qtbot.waitUntil(lambda: link.runner is not None, timeout=WAIT)  # once the writer has the journal open
    runner = link.runner
    qtbot.waitUntil(lambda: runner.worker.last_result is not None, timeout=WAIT)  # the first round: nothing yet
    assert runner.worker.last_result.sent == 0
    _call(window)  # the worker, woken by the call's end, waits for the writer: no flush here
    qtbot.waitUntil(lambda: server_count(team_server, paths.journal_file) >= 2, timeout=WAIT)
    expected = local_count(paths.journal_file)
    qtbot.waitUntil(lambda: server_count(team_server, paths.journal_file) == expected, timeout=WAIT)
    qtbot.waitUntil(lambda: window.statusBar().currentMessage().startswith("Отправлено на сервер команды"), timeout=WAIT)
    assert window.statusBar().currentMessage() == f"Отправлено на сервер команды событий: {expected}."
    window.close()
    assert not runner.worker.running


def test_running_app_without_enrolment_has_no_worker_until_the_window_enrols(qtbot, team_server, paths):
    login, _, token = team_server.enrol()
    window = open_window(qtbot, paths)
    link = attach_team_sync(window, paths, interval=3600)
    assert link.runner is None
    _call(window)  # recorded before enrolment: shipped once enrolled
    dialog = window.team.open_join()
    qtbot.addWidget(dialog)
    assert window.team.action.text() == "Команда: подключиться к серверу…"
    stored, _ = join_in_dialog(qtbot, dialog, team_server.url, token)
    assert stored
    qtbot.waitUntil(lambda: link.runner is not None, timeout=WAIT)
    assert window.session.journal.flush(5.0)
    expected = local_count(paths.journal_file)
    qtbot.waitUntil(lambda: server_count(team_server, paths.journal_file) == expected, timeout=WAIT)
    window.close()
    assert not link.runner.worker.running


def test_revoked_token_is_one_notice_and_the_journal_keeps_recording(qtbot, team_server, paths):
    from operator_assist.team.server import db

    login, _, token = team_server.enrol()
    join(team_server.url, token, paths.data_dir)
    db.revoke_operator(team_server.db_url, login)
    window = open_window(qtbot, paths)
    link = attach_team_sync(window, paths, interval=3600)
    qtbot.waitUntil(lambda: "не принял токен" in window.notices.banner.text(), timeout=WAIT)
    assert link.state_label.text() == "Сервер команды: токен не принят" and link.state_label.isVisible()
    with qtbot.waitSignal(link.runner.refused, timeout=WAIT):
        _call(window)  # the call's end wakes the worker: refused again, no second notice
    assert window.notices.banner.text().count("не принял токен") == 1
    assert local_count(paths.journal_file) >= 2 and server_count(team_server, paths.journal_file) == 0


# --- the «Команда» tab -----------------------------------------------------------------


def _operator_shipped(team_server, folder: Path, team: str | None = None):
    login, team, token = team_server.enrol(team=team)
    with Journal.open(folder / "journal.sqlite3") as journal:
        tt.operator_a(tt.prefixed(Builder(journal), folder.name[:1]))
    assert tt.run(tt.team_cli.join_main, team_server.url, token, data_dir=folder)[0] == 0
    assert tt.run(tt.team_cli.sync_main, data_dir=folder)[0] == 0
    return login, team, token


def test_stats_window_has_the_team_tab_for_an_enrolled_lead(qtbot, team_server, tmp_path, moscow, paths):
    operator_dir = tmp_path / "a-operator"
    login, team, _ = _operator_shipped(team_server, operator_dir)
    _, _, lead_token = team_server.enrol(team=team, lead=True)
    join(team_server.url, lead_token, paths.data_dir)
    window = open_window(qtbot, paths)
    stats = window.open_stats()
    panel = stats.team_panel
    assert panel is not None and stats.tabs.tabText(1) == "Команда" and panel.team == team
    stats.tabs.setCurrentIndex(1)
    stats.resize(720, 640)
    panel.period.from_edit.setDate(QDate(2026, 3, 10))  # the tab's own period
    panel.period.to_edit.setDate(QDate(2026, 3, 11))
    qtbot.waitUntil(lambda: panel.result is not None and panel.result["to"] == "2026-03-11", timeout=WAIT)
    assert panel.result["from"] == "2026-03-10"
    table = panel.table
    rows = {table.item(r, 0).text(): r for r in range(table.rowCount())}
    assert len(rows) == 1 and login in rows  # the operator; the lead takes no calls: no row (issue 22 #14)
    mine = compute_stats(operator_dir / "journal.sqlite3", tt.DAY1, tt.DAY2)
    r = rows[login]
    assert mine.calls > 0
    assert [table.item(r, c).text() for c in range(1, 6)] == [
        str(mine.calls), format_percent(mine.share_without_hold), str(mine.holds_over_limit),
        str(mine.silence_warnings), f"{mine.offers_voiced} / {mine.offers_accepted}",
    ]  # fmt: skip
    assert panel.headline.text().startswith(f"Команда «{team}»: звонков {mine.calls}")
    qtbot.waitExposed(stats)
    screenshot(stats, "team-tab.png")


def test_operator_enrolment_has_no_team_tab(qtbot, team_server, paths):
    _, _, token = team_server.enrol()
    join(team_server.url, token, paths.data_dir)
    window = open_window(qtbot, paths)
    stats = window.open_stats()
    assert stats.team_panel is None and not hasattr(stats, "tabs")


def test_an_operator_token_in_the_team_tab_is_the_servers_refusal(qtbot, team_server, paths):
    # A team.json that names the team but not the role (the server did not say): the tab asks, the
    # server refuses, and the lead reads why inside the tab.
    _, team, token = team_server.enrol()
    TeamConfig(team_server.url, token, team, None).save(paths.data_dir)
    window = open_window(qtbot, paths)
    stats = window.open_stats()
    panel = stats.team_panel
    stats.tabs.setCurrentIndex(1)  # the tab asks when first shown
    qtbot.waitUntil(lambda: "недоступна" in panel.status.text(), timeout=WAIT)
    assert panel.status.text() == (
        "Статистика команды недоступна: Сервер отказал: Статистика команды доступна только по токену руководителя."
    )
    assert panel.table.rowCount() == 0


@pytest.mark.parametrize("content", ["{", "[]"])
def test_a_broken_team_json_is_a_status_line_not_a_crash(qtbot, paths, content):
    (paths.data_dir / "team.json").write_text(content, encoding="utf-8")
    window = open_window(qtbot, paths)
    stats = window.open_stats()
    assert stats.team_panel is None
    assert "team.json" in window.statusBar().currentMessage()


def test_an_unusable_journal_stops_the_wait_for_it_and_the_waits_grow(qtbot, paths, monkeypatch):
    """Shipping waits for the window's journal writer: ever longer while the file is held, not at all
    once the journal cannot be used (the window already says why) — no endless 4 Hz loop."""
    import sqlite3

    from operator_assist.ui import timers
    from operator_assist.ui.team import sync as team_sync

    (paths.data_dir / "team.json").write_text('{"url": "http://127.0.0.1:9", "token": "oa_t"}', encoding="utf-8")
    db = sqlite3.connect(paths.journal_file)
    db.execute("PRAGMA user_version = 99")  # a newer program's journal: this one gives up on it
    db.close()
    waits = []
    monkeypatch.setattr(timers, "later", lambda parent, ms, callback: waits.append(ms))
    window = build_window(paths, clock=FakeClock(), audio=False)  # not shown: the journal is not open yet
    qtbot.addWidget(window)
    link = team_sync.WindowTeamSync(window, paths, interval=3600)
    for _ in range(8):  # the writer has not opened the journal yet: each look waits longer
        link.start()
    assert waits[:2] == [250, 500] and waits[-1] == team_sync.OPEN_WAIT_MAX_MS and link.runner is None
    waits.clear()
    window.session.journal.start()  # what the first paint does
    qtbot.waitUntil(lambda: window.session.journal.writer.unusable, timeout=10_000)  # it gave up (and said so)
    link.start()
    assert waits == [] and link.runner is None


def test_join_dialog_shows_a_long_error_whole_wrapped_inside_it(qtbot, tmp_path):
    """The refusal names the menu and the command at its end: it wraps, and the dialog grows to show it."""
    long_error = ("Сервер не принял токен (неверный или отозван). Попросите у руководителя новый и подключитесь "
                  "заново: меню «Вид → Команда: подключиться к серверу…» или «operator-assist team-join АДРЕС "
                  "ТОКЕН». Журнал на этом компьютере не изменён.")  # fmt: skip

    def refused(*args):
        raise TeamError(long_error)

    dialog = TeamJoinDialog(tmp_path, join_fn=refused)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.url_edit.setText("https://stats.example:8470")
    dialog.token_edit.setText("oa_x")
    with qtbot.waitSignal(dialog.finished_join, timeout=WAIT):
        dialog.join_button.click()
    qtbot.waitUntil(lambda: dialog.result_label.isVisible())
    QApplication.processEvents()
    label = dialog.result_label
    assert long_error in label.text()
    assert dialog.rect().contains(label.geometry()), (label.geometry(), dialog.rect())
    assert label.height() >= label.heightForWidth(label.width()), (label.height(), label.heightForWidth(label.width()))
    assert label.sizeHint().width() <= label.width() or label.wordWrap()


def test_team_join_in_a_terminal_while_the_window_runs_takes_effect_at_once(qtbot, team_server, paths):
    """`operator-assist team-join` from a terminal: the running window notices the enrolment file and ships."""
    from operator_assist.cli import team as team_cli

    _, _, token = team_server.enrol()
    window = open_window(qtbot, paths)
    link = attach_team_sync(window, paths, interval=3600)
    assert link.runner is None
    _call(window)
    code, out, err = tt.run(team_cli.join_main, team_server.url, token, data_dir=paths.data_dir)  # another process's write
    assert code == 0, err
    qtbot.waitUntil(lambda: link.runner is not None, timeout=WAIT)  # no restart
    assert window.session.journal.flush(5.0)
    expected = local_count(paths.journal_file)
    qtbot.waitUntil(lambda: server_count(team_server, paths.journal_file) == expected, timeout=WAIT)
    window.close()
    assert not link.runner.worker.running
