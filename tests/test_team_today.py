"""The team's «Сегодня» and default periods are the team's days (issue 22 #5), computed where the team's
time zone is known (the server), not on a PC in another zone. Real PostgreSQL and the real server.

The issue's case: the PC on UTC, the team on Europe/Moscow, calls at 23:00–23:25 UTC (02:00–02:25 in
Moscow, the team's today). Whether a UTC PC's day differs from Moscow's depends on the hour the test
runs; a PC zone whose day differs from Moscow's right now (Etc/GMT+12 or Pacific/Kiritimati) makes the
case hold at any hour.
"""

from __future__ import annotations

import json
import time
from datetime import date, datetime, timedelta, timezone
from datetime import time as clock_time
from zoneinfo import ZoneInfo

import pytest

from operator_assist.core.journal import Journal
from operator_assist.team.client import TeamConfig
from operator_assist.ui.stats.window import StatsWindow
from operator_assist.ui.team.stats_panel import TeamStatsPanel, server_fetch

from . import test_team as tt
from .builders import Builder

TEAM_ZONE = ZoneInfo("Europe/Moscow")


@pytest.fixture
def pc_on_another_day(monkeypatch):
    """The PC's time zone, chosen so that its date is not the team's date now."""
    zone = "Etc/GMT+12" if datetime.now(TEAM_ZONE).hour < 13 else "Pacific/Kiritimati"
    monkeypatch.setenv("TZ", zone)
    time.tzset()
    yield zone
    monkeypatch.undo()
    time.tzset()


def test_the_teams_today_counts_calls_of_the_teams_day_on_a_pc_in_another_zone(qtbot, team_server, tmp_path,
                                                                               pc_on_another_day):  # fmt: skip
    team_day = datetime.now(TEAM_ZONE).date()
    assert date.today() != team_day
    login, team, token = team_server.enrol(tz="Europe/Moscow")
    _, _, lead = team_server.enrol(team=team, lead=True)
    folder = tmp_path / "operator"
    first = datetime.combine(team_day - timedelta(days=1), clock_time(23, 0), tzinfo=timezone.utc).timestamp()
    with Journal.open(folder / "journal.sqlite3") as journal:
        builder = Builder(journal)
        for n in range(6):  # 23:00–23:25 UTC: 02:00–02:25 of the team's today
            builder.call(first + n * 300, talk=120)
    assert tt.run(tt.team_cli.join_main, team_server.url, token, data_dir=folder)[0] == 0
    assert tt.run(tt.team_cli.sync_main, data_dir=folder)[0] == 0

    # team-stats with no dates: the 30 days ending at the team's today.
    code, out, err = tt.run(tt.team_cli.stats_main, "--team", team, "--json", "--url", team_server.url, "--token", lead)
    assert code == 0, err
    result = json.loads(out)
    assert result["to"] == team_day.isoformat() and result["from"] == (team_day - timedelta(days=29)).isoformat()
    assert result["calls"] == 6
    code, out, _ = tt.run(tt.team_cli.stats_main, "--team", team, "--url", team_server.url, "--token", lead)
    assert f"— {team_day:%d.%m.%Y} (часовой пояс Europe/Moscow)" in out and "Звонков: 6" in out

    # The «Команда» tab opens on «Сегодня»: the team's today.
    panel = TeamStatsPanel(team, server_fetch(TeamConfig(team_server.url, lead)))
    window = StatsWindow(folder / "journal.sqlite3", team_panel=panel)
    qtbot.addWidget(window)
    window.tabs.setCurrentIndex(1)
    with qtbot.waitSignal(panel.loaded, timeout=20_000):  # the tab loads when first shown
        window.show()
    assert panel.result["from"] == panel.result["to"] == team_day.isoformat()
    assert panel.result["calls"] == 6 and panel.table.item(0, 1) is not None
    assert f"{team_day:%d.%m.%Y}, часовой пояс команды Europe/Moscow" in panel.headline.text()
    rows = {panel.table.item(r, 0).text(): panel.table.item(r, 1).text() for r in range(panel.table.rowCount())}
    assert rows[login] == "6"
