"""Dead-air episodes in the journal and in the statistics: durations and «warned» only."""

import json
from datetime import date, timedelta

from operator_assist.core.events import EventKind as K
from operator_assist.core.journal import Journal, clean_data
from operator_assist.core.stats import compute_stats, csv_text
from tests.builders import Builder, local

DAY = date(2025, 9, 10)


def test_only_duration_and_warned_are_kept():
    data = {"duration": 12.5, "warned": True, "audio": b"\x00\x01", "transcript": "алло", "device": "Mic"}
    assert clean_data(K.DEAD_AIR, data) == {"duration": 12.5, "warned": True}


def test_stats_count_pauses_over_10_s_per_call(tmp_path):
    journal = Journal.open(tmp_path / "journal.sqlite")
    build = Builder(journal)
    first = build.call(local(DAY, 9), finish=False)
    build.emit(K.DEAD_AIR, first, local(DAY, 9, 0, 30), duration=12.0, warned=True)
    build.emit(K.DEAD_AIR, first, local(DAY, 9, 0, 50), duration=5.0, warned=False)
    build.emit(K.DEAD_AIR, first, local(DAY, 9, 1, 10), duration=15.2, warned=True)
    build.emit(K.CALL_ENDED, first, local(DAY, 9, 2), duration=120.0)
    build.call(local(DAY, 10))
    journal.close()

    stats = compute_stats(tmp_path / "journal.sqlite", DAY, DAY)
    assert [row.long_pauses for row in stats.rows] == [2, 0]
    assert stats.long_pauses == 2 and stats.to_dict()["long_pauses"] == 2
    rows = [line.split(";") for line in csv_text(stats.rows).splitlines()]
    column = rows[0].index("Пауз > 10 с")
    assert [row[column] for row in rows[1:]] == ["2", "0"]
    stored = Journal.open_readonly(tmp_path / "journal.sqlite")
    try:
        rows = list(stored.execute("SELECT data FROM events WHERE kind = 'dead_air'"))
    finally:
        stored.close()
    assert [json.loads(r[0]) for r in rows][0] == {"duration": 12.0, "warned": True}


def test_stats_report_shows_the_pauses_line_only_when_audio_heard_some(tmp_path):
    from operator_assist.cli.stats import format_report

    journal = Journal.open(tmp_path / "journal.sqlite")
    build = Builder(journal)
    cid = build.call(local(DAY, 9), finish=False)
    build.emit(K.DEAD_AIR, cid, local(DAY, 9, 0, 30), duration=11.0, warned=True)
    build.emit(K.CALL_ENDED, cid, local(DAY, 9, 2), duration=120.0)
    build.call(local(DAY + timedelta(days=1), 9))
    journal.close()
    path = tmp_path / "journal.sqlite"
    assert "Паузы > 10 с (по звуку разговора): 1" in format_report(compute_stats(path, DAY, DAY))
    assert "Паузы" not in format_report(compute_stats(path, DAY + timedelta(days=1), DAY + timedelta(days=1)))
