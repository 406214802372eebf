"""Knowing which standard was in force (issue 24): the journal's version per call, ``stats --by-version``,
and the day a version took over on the statistics window's and the «Команда» tab's daily chart."""

from __future__ import annotations

import json
import os
import sqlite3
from datetime import date, timedelta
from pathlib import Path

from operator_assist.cli import stats as stats_cli
from operator_assist.core.journal import Journal, schema_version
from operator_assist.core.version_stats import boundaries, by_version
from operator_assist.ui.stats.window import StatsWindow
from operator_assist.ui.team.stats_panel import TeamStatsPanel

from .builders import Builder, local
from .test_stats_window import computed
from .test_team import run

DAY = date(2025, 9, 10)  # a Wednesday


def fill(journal: Journal) -> None:
    """Monday and Tuesday on version 1 (Tuesday: a hold over the limit), from Wednesday version 2."""
    b = Builder(journal)
    b.call(local(DAY - timedelta(days=2), 9))  # the bundled standard, before the team's
    b.call(local(DAY - timedelta(days=2), 10), holds=(40.0,), standard=1)
    b.call(local(DAY - timedelta(days=1), 10), holds=(150.0,), standard=1)
    for minute in range(4):
        b.call(local(DAY, 10, minute), holds=(50.0,) if minute == 0 else (), standard=2)


def test_each_call_keeps_its_version_and_stats_split_by_it(tmp_path):
    journal = Journal.open(tmp_path / "journal.sqlite3")
    fill(journal)
    journal.close()
    db = sqlite3.connect(tmp_path / "journal.sqlite3")
    assert db.execute("SELECT standard, count(*) FROM calls GROUP BY standard ORDER BY standard").fetchall() == [(None, 1), (1, 2), (2, 4)]
    assert db.execute("PRAGMA user_version").fetchone()[0] == schema_version() == 4
    db.close()
    code, out, err = run(stats_cli.main, "--from", (DAY - timedelta(days=2)).isoformat(), "--to", DAY.isoformat(),
                         "--by-version", "--json", data_dir=tmp_path)  # fmt: skip
    assert code == 0, err
    versions = json.loads(out)["versions"]
    assert [(v["version"], v["calls"], v["holds"], v["holds_over_limit"]) for v in versions] == [(None, 1, 0, 0), (1, 2, 2, 1), (2, 4, 1, 0)]
    assert versions[1]["over_limit_share"] == 0.5 and versions[2]["share_without_hold"] == 0.75
    assert versions[1]["first_day"] == (DAY - timedelta(days=2)).isoformat() and versions[1]["last_day"] == (DAY - timedelta(days=1)).isoformat()
    code, out, _ = run(stats_cli.main, "--from", (DAY - timedelta(days=2)).isoformat(), "--to", DAY.isoformat(),
                       "--by-version", data_dir=tmp_path)  # fmt: skip
    table = out[out.index("По версиям стандарта команды"):].splitlines()
    assert table[1].split()[:3] == ["Версия", "Звонков", "Без"]
    assert table[3].split() == ["1", "2", "0,0", "%", "2", "1", "50,0", "%", "—", "08.09.2025", "—", "09.09.2025"]


def test_a_journal_from_before_the_standard_gets_the_column_and_keeps_its_calls(tmp_path):
    from operator_assist.core import journal as journal_module

    path = tmp_path / "journal.sqlite3"
    steps = journal_module.MIGRATIONS
    journal_module.MIGRATIONS = steps[:3]  # a version-3 journal, as the previous release wrote it
    try:
        Journal.open(path).close()
    finally:
        journal_module.MIGRATIONS = steps
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == 3
    db.execute("INSERT INTO calls (id, started, ended, duration, role, status, last_event) VALUES ('c1', ?, ?, 60, 'senior', 'normal', ?)",
               (local(DAY, 9), local(DAY, 9) + 60, local(DAY, 9) + 60))  # fmt: skip
    db.commit()
    db.close()
    Journal.open(path).close()
    db = sqlite3.connect(path)
    assert db.execute("SELECT id, role, standard FROM calls").fetchall() == [("c1", "senior", None)]
    assert db.execute("PRAGMA user_version").fetchone()[0] == 4
    db.close()


def test_the_charts_mark_the_day_a_version_took_over(qtbot, tmp_path):
    journal = Journal.open(tmp_path / "journal.sqlite3")
    fill(journal)
    window = StatsWindow(journal, now=local(DAY, 18))
    qtbot.addWidget(window)
    computed(qtbot, window)
    week = next(b for b in window.period_buttons.buttons() if b.property("period") == "week")
    week.click()
    stats = computed(qtbot, window).stats
    assert boundaries(stats.rows) == {DAY - timedelta(days=2): (1,), DAY: (2,)}
    assert [f.version for f in by_version(stats.rows)] == [None, 1, 2]
    assert window.chart.boundaries == {DAY - timedelta(days=2): (1,), DAY: (2,)}
    labels = [s.pointLabelsFormat() for s in window.chart.chart().series() if getattr(s, "pointLabelsVisible", bool)()]
    assert labels == ["версия 1", "версия 2"]
    window.resize(900, 700)
    window.show()
    _screenshot(window, "stats-window-versions.png")
    window.close()
    journal.close()

    days = [DAY - timedelta(days=n) for n in range(6, -1, -1)]
    answer = {"from": days[0].isoformat(), "to": days[-1].isoformat(), "tz": "Europe/Moscow", "calls": 10,
              "share_without_hold": 0.9, "target_share": 0.95, "target_met": False, "operators": [],
              "daily_without_hold": {d.isoformat(): 0.9 for d in days},
              "standards": [{"version": v, "day": days[3].isoformat(), "published": 0.0, "published_by": "petrova",
                             "rollback_of": None} for v in (4, 5)]}  # fmt: skip
    panel = TeamStatsPanel("Смена А", lambda *args: answer)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.loaded, timeout=10_000):
        panel.load(days[0], days[-1])
    assert panel.chart.boundaries == {days[3]: (4, 5)}
    assert [s.pointLabelsFormat() for s in panel.chart.chart().series() if getattr(s, "pointLabelsVisible", bool)()] == ["версии 4, 5"]


def _screenshot(widget, name: str) -> None:
    folder = os.environ.get("STANDARD_SCREENSHOTS")
    if folder:
        widget.grab().save(str(Path(folder) / name))
