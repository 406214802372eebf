"""The «Команда» tab of the statistics window, against the real team server."""

from __future__ import annotations

import os
from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate

from operator_assist.core.journal import Journal
from operator_assist.core.stats import compute_stats, format_decimal, format_percent
from operator_assist.team.client import TeamConfig, TeamError
from operator_assist.ui.stats.hold_share_chart import BAD, GOOD
from operator_assist.ui.stats.window import StatsWindow
from operator_assist.ui.team.stats_panel import TeamStatsPanel, server_fetch

from . import test_team as tt
from .builders import Builder, local

moscow = tt.moscow


def test_team_tab_shows_each_operator_as_the_server_counts(qtbot, team_server, tmp_path, moscow):
    login_a, team, token_a = team_server.enrol()
    login_b, _, token_b = team_server.enrol(team=team)
    _, _, lead_token = team_server.enrol(team=team, lead=True)
    for name, token, fill in (("a", token_a, tt.operator_a), ("b", token_b, tt.operator_b)):
        folder = tmp_path / name
        with Journal.open(folder / "journal.sqlite3") as journal:
            fill(tt.prefixed(Builder(journal), name))
        assert tt.run(tt.team_cli.join_main, team_server.url, token, data_dir=folder)[0] == 0
        assert tt.run(tt.team_cli.sync_main, data_dir=folder)[0] == 0

    panel = TeamStatsPanel(team, server_fetch(TeamConfig(team_server.url, lead_token)), now=local(tt.DAY2, 18))
    window = StatsWindow(tmp_path / "a" / "journal.sqlite3", now=local(tt.DAY2, 18), team_panel=panel)
    qtbot.addWidget(window)
    window.tabs.setCurrentIndex(1)
    window.resize(720, 640)
    with qtbot.waitSignal(panel.loaded, timeout=20_000):  # the tab's own period: today, when first shown
        window.show()
    qtbot.waitExposed(window)
    team_today = datetime.now(ZoneInfo(panel.result["tz"])).date().isoformat()
    assert panel.result["from"] == panel.result["to"] == team_today  # «Сегодня» is the team's, counted by the server
    with qtbot.waitSignal(panel.loaded, timeout=20_000):
        window.from_edit.setDate(QDate(2026, 3, 1))  # the «Мои звонки» period does not move the team's
        panel.period.from_edit.setDate(QDate(2026, 3, 10))
    assert panel.result["from"] == "2026-03-10"
    table = panel.table
    rows = {table.item(r, 0).text(): r for r in range(table.rowCount())}
    assert set(rows) >= {login_a, login_b}
    mine = compute_stats(tmp_path / "a" / "journal.sqlite3", tt.DAY1, tt.DAY2)
    r = rows[login_a]
    assert table.item(r, 1).text() == str(mine.calls)
    assert mine.target_met is False
    assert table.item(r, 2).text() == format_percent(mine.share_without_hold)
    assert table.item(r, 2).foreground().color().name() == BAD
    assert table.item(r, 3).text() == str(mine.holds_over_limit)
    assert table.item(r, 4).text() == str(mine.silence_warnings)
    assert table.item(r, 5).text() == f"{mine.offers_voiced} / {mine.offers_accepted}"
    speech = mine.speech  # issue 26: the operator's words checked, as the app counts them
    assert [table.item(r, c).text() for c in (6, 7, 8, 9)] == [
        format_percent(speech.hold_phrase_share), format_percent(speech.thanks_share),
        format_percent(speech.farewell_share), format_decimal(speech.forbidden_per_100_calls),
    ] == ["50,0 %", "50,0 %", "50,0 %", "100,0"]  # fmt: skip
    # The chart is the team's per-day series (both operators), one bar per day.
    assert panel.chart.values == list(panel.result["daily_without_hold"].values()) and len(panel.chart.values) == 2
    shot = os.environ.get("TEAM_TAB_SCREENSHOT")
    if shot:
        window.grab().save(shot)


def test_team_tab_failure_is_a_message(qtbot):
    def fetch(team, start, end, period=None):
        raise TeamError("Сервер http://x недоступен (refused).")

    panel = TeamStatsPanel("alpha", fetch)
    qtbot.addWidget(panel)
    from datetime import date

    panel.load(date(2026, 3, 1), date(2026, 3, 2))
    qtbot.waitUntil(lambda: "недоступна" in panel.status.text(), timeout=5000)
    assert "недоступен" in panel.status.text() and panel.table.rowCount() == 0


def test_team_tab_says_the_servers_words_as_plain_text_and_survives_an_answer_out_of_shape(qtbot):
    from datetime import date

    from PySide6.QtCore import Qt

    def hostile(team, start, end, period=None):
        raise TeamError('Сервер ответил: <img src="file:///etc/passwd"><h1>!</h1>')

    panel = TeamStatsPanel("<b>alpha</b>", hostile)
    qtbot.addWidget(panel)
    panel.load(date(2026, 3, 1), date(2026, 3, 2))
    qtbot.waitUntil(lambda: "недоступна" in panel.status.text(), timeout=5000)
    assert panel.status.textFormat() is Qt.TextFormat.PlainText and "<img" in panel.status.text()
    assert panel.headline.textFormat() is Qt.TextFormat.PlainText
    shapeless = TeamStatsPanel("alpha", lambda *a: {"calls": 3})  # valid JSON, not the team-stats shape
    qtbot.addWidget(shapeless)
    shapeless.load(date(2026, 3, 1), date(2026, 3, 2))
    qtbot.waitUntil(lambda: "не в том виде" in shapeless.status.text(), timeout=5000)
    assert shapeless.result is None and not shapeless.status.isHidden()


def test_team_tab_colours_a_met_target_green(qtbot):
    row = {"login": "ivanov", "calls": 20, "share_without_hold": 0.95, "target_met": True, "holds_over_limit": 0,
           "silence_warnings": 1, "offers_voiced": 3, "offers_accepted": 1}  # fmt: skip
    result = {**row, "target_share": 0.95, "operators": [row], "daily_without_hold": {"2026-03-01": 0.95},
              "from": "2026-03-01", "to": "2026-03-01", "tz": "Europe/Moscow"}
    panel = TeamStatsPanel("alpha", lambda *a: result)
    qtbot.addWidget(panel)
    from datetime import date

    with qtbot.waitSignal(panel.loaded, timeout=5000):
        panel.load(date(2026, 3, 1), date(2026, 3, 1))
    assert panel.table.item(0, 2).text() == "95,0 %"
    assert panel.table.item(0, 2).foreground().color().name() == GOOD


def test_sync_runner_ships_in_the_background_and_reports_on_the_gui_thread(qtbot, team_server, tmp_path):
    from operator_assist.ui.team.sync import TeamSyncRunner

    _, _, token = team_server.enrol()
    total = tt._fill(tmp_path / "journal.sqlite3", 20)
    TeamConfig(team_server.url, token).save(tmp_path)
    runner = TeamSyncRunner(tmp_path / "journal.sqlite3", tmp_path, interval=3600)
    try:
        with qtbot.waitSignal(runner.status, timeout=20_000) as signal:
            runner.start()
        assert signal.args == [f"Отправлено на сервер команды событий: {total}.", True]
    finally:
        runner.stop()
    assert not runner.worker.running
