"""Statistics for hand-built journals equal hand-computed figures."""

from __future__ import annotations

import csv
import io
import time
from datetime import date, datetime, timedelta, timezone

import pytest

from operator_assist.core import stats as stats_mod
from operator_assist.core.events import EventKind as K
from operator_assist.core.journal import Journal
from operator_assist.core.stats import (
    CSV_HEADER,
    Stats,
    compute_stats,
    csv_text,
    custom,
    day_bounds,
    last_days,
    this_month,
    this_week,
    today,
    write_csv,
)
from operator_assist.messages import say

from .builders import Builder, local

DAY = date(2025, 9, 10)  # a Wednesday


@pytest.fixture
def tz(monkeypatch):
    """Runs a test in a named zone (POSIX only); restores the process zone afterwards."""
    if not hasattr(time, "tzset"):
        pytest.skip("time.tzset is POSIX-only")

    def use(name: str) -> None:
        monkeypatch.setenv("TZ", name)
        time.tzset()
        if name != "UTC" and time.timezone == 0 and time.altzone == 0:
            pytest.skip(f"no time zone data for {name}")

    yield use
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def journal(tmp_path):
    j = Journal.open(tmp_path / "journal.sqlite3")
    yield j
    j.close()


@pytest.fixture
def build(journal):
    return Builder(journal)


def test_hand_built_day(tmp_path):
    path = tmp_path / "journal.sqlite3"
    j = Journal.open(path)
    b = Builder(j)
    b.call(local(DAY, 9), silence=1, offer="accepted")
    b.call(local(DAY, 10), holds=(30.0, 150.0), offer="declined")
    b.call(local(DAY, 11), holds=(45.0,), offer="not_voiced")
    b.call(local(DAY, 12), offer="shown")
    b.call(local(DAY, 13), suppressed="complaint")
    b.call(local(DAY, 15), silence=2, suppressed="siebel_down")
    # Cut off mid-hold, after the limit: the app died (close() stands in for the crash).
    cut = b.call(local(DAY, 14), finish=False)
    b.emit(K.HOLD_STARTED, cut, local(DAY, 14, 0, 5), limit=120.0, role="specialist", index=1)
    b.emit(K.HOLD_LIMIT_REACHED, cut, local(DAY, 14, 2, 5), limit=120.0)
    j.close()

    s = compute_stats(path, DAY, DAY, now=local(DAY, 18))
    assert (s.calls, s.interrupted, s.in_progress) == (7, 1, 0)
    assert s.calls_without_hold == 4 and s.share_without_hold == pytest.approx(4 / 7)
    assert s.target_met is False
    assert s.holds == 4
    assert s.average_hold == pytest.approx((30 + 150 + 45) / 3)
    assert s.longest_hold == 150.0
    assert s.holds_over_limit == 2  # the 150 s hold and the cut one that passed its limit
    assert s.silence_warnings == 3
    assert (s.offer_calls, s.offers_voiced, s.offers_accepted) == (4, 2, 1)
    assert s.voiced_share == 0.5 and s.acceptance_rate == 0.5
    assert s.suppressions == {"complaint": 1, "lost_phone": 0, "siebel_down": 1}
    assert s.daily_without_hold == {DAY: pytest.approx(4 / 7)}
    assert s.message is None

    cut_row = next(r for r in s.rows if r.status == "interrupted")
    assert cut_row.duration == pytest.approx(125.0)  # to its last event, the limit at 14:02:05
    assert (cut_row.holds, cut_row.longest_hold, cut_row.holds_over_limit) == (1, None, 1)


@pytest.mark.parametrize("with_hold, met", [(0, True), (1, True), (2, False), (20, False)])
def test_the_95_percent_target(build, journal, with_hold, met):
    for n in range(20):
        build.call(local(DAY, 8, n), holds=(20.0,) if n < with_hold else ())
    s = compute_stats(journal, DAY, DAY)
    assert s.calls == 20
    assert s.calls_without_hold == 20 - with_hold
    assert s.share_without_hold == (20 - with_hold) / 20
    assert s.target_met is met


def test_95_percent_exactly_at_larger_counts(build, journal):
    # 57 of 60 is 95 % exactly: met, with no float rounding deciding it.
    for n in range(60):
        build.call(local(DAY, 8, n), holds=(5.0,) if n < 3 else ())
    assert compute_stats(journal, DAY, DAY).target_met is True


def test_empty_journal_and_empty_period(tmp_path, build, journal):
    missing = tmp_path / "nothing" / "journal.sqlite3"
    s = compute_stats(missing, DAY, DAY)
    assert not missing.exists() and not missing.parent.exists()
    assert s.calls == 0 and s.share_without_hold is None and s.target_met is None
    assert s.average_hold is None and s.voiced_share is None and s.acceptance_rate is None
    assert s.message == "Журнал пуст: звонков ещё не было."

    build.call(local(DAY, 9))
    s = compute_stats(journal, DAY + timedelta(days=1), DAY + timedelta(days=3), now=local(DAY, 12))
    assert s.calls == 0 and s.target_met is None and s.daily_without_hold == {}
    assert s.message == "За период 11.09.2025 — 13.09.2025 звонков нет."
    assert s.to_dict()["share_without_hold"] is None


def test_blank_sqlite_file_is_empty(tmp_path):
    path = tmp_path / "journal.sqlite3"
    path.write_bytes(b"")
    assert compute_stats(path, DAY, DAY).message == "Журнал пуст: звонков ещё не было."


def test_period_boundary_is_local_midnight(build, journal):
    late = build.call(local(DAY, 23, 59, 59), holds=(30.0,))  # its hold runs past midnight
    early = build.call(local(DAY + timedelta(days=1), 0, 0, 0))
    first = compute_stats(journal, DAY, DAY)
    second = compute_stats(journal, DAY + timedelta(days=1), DAY + timedelta(days=1))
    assert [r.call_id for r in first.rows] == [late] and first.holds == 1
    assert [r.call_id for r in second.rows] == [early] and second.holds == 0
    assert compute_stats(journal, DAY, DAY + timedelta(days=1)).calls == 2


@pytest.mark.parametrize("zone", ["Europe/Moscow", "Asia/Vladivostok", "America/Los_Angeles", "UTC"])
def test_boundaries_in_several_zones(tz, zone):
    tz(zone)
    lo, hi = day_bounds(DAY, DAY)
    assert datetime.fromtimestamp(lo) == datetime(2025, 9, 10)
    assert datetime.fromtimestamp(hi) == datetime(2025, 9, 11)
    assert hi - lo == 86400


def test_daylight_saving_day_is_23_hours(tz, tmp_path):
    tz("Europe/Berlin")  # clocks went forward on 2025-03-30
    spring = date(2025, 3, 30)
    lo, hi = day_bounds(spring, spring)
    assert hi - lo == 23 * 3600
    with Journal.open(tmp_path / "j.sqlite3") as j:
        b = Builder(j)
        b.call(local(spring, 23, 30))
        b.call(local(spring + timedelta(days=1), 0, 0, 1), holds=(10.0,))
        s = compute_stats(j, spring, spring + timedelta(days=1), now=local(spring + timedelta(days=5)))
        assert s.daily_without_hold == {spring: 1.0, spring + timedelta(days=1): 0.0}


def test_daily_series_has_gaps_and_stops_today(build, journal):
    build.call(local(DAY, 9))
    build.call(local(DAY, 10), holds=(15.0,))
    build.call(local(DAY + timedelta(days=2), 9))
    start, end = DAY, DAY + timedelta(days=6)
    s = compute_stats(journal, start, end, now=local(DAY + timedelta(days=3), 12))
    assert s.daily_without_hold == {
        DAY: 0.5,
        DAY + timedelta(days=1): None,
        DAY + timedelta(days=2): 1.0,
        DAY + timedelta(days=3): None,
    }


def test_open_call_is_in_progress_not_counted(build, journal):
    build.call(local(DAY, 9))
    build.call(local(DAY, 10), holds=(30.0,), finish=False)
    s = compute_stats(journal, DAY, DAY)
    assert (s.calls, s.in_progress, s.calls_without_hold) == (1, 1, 1)


def test_outcome_after_hang_up_counts(build, journal):
    cid = build.call(local(DAY, 9), offer="shown")
    build.emit(K.OFFER_OUTCOME, cid, local(DAY, 9, 5), offer_id="o1", outcome="accepted", reason=None)
    s = compute_stats(journal, DAY, DAY)
    assert (s.offer_calls, s.offers_voiced, s.offers_accepted) == (1, 1, 1)


def test_bad_period_is_refused(journal):
    with pytest.raises(ValueError):
        compute_stats(journal, DAY, DAY - timedelta(days=1))
    with pytest.raises(ValueError):
        custom(DAY, DAY - timedelta(days=1))


def test_period_helpers():
    now = local(DAY, 15, 30)
    assert today(now) == stats_mod.Period(DAY, DAY, "Сегодня")
    week = this_week(now)
    assert (week.start, week.end) == (date(2025, 9, 8), date(2025, 9, 14))  # Monday to Sunday
    month = this_month(now)
    assert (month.start, month.end) == (date(2025, 9, 1), date(2025, 9, 30))
    assert (this_month(local(date(2024, 2, 10))).end) == date(2024, 2, 29)
    assert (this_month(local(date(2025, 12, 31))).end) == date(2025, 12, 31)
    days = last_days(30, now)
    assert (days.start, days.end) == (date(2025, 8, 12), DAY)
    period = custom(date(2025, 9, 1), DAY)
    assert period.label == "01.09.2025 — 10.09.2025"


def test_period_helpers_use_local_date(tz):
    tz("Asia/Vladivostok")  # UTC+10: 20:00 UTC on the 9th is already the 10th there
    now = datetime(2025, 9, 9, 20, 0, tzinfo=timezone.utc).timestamp()
    assert today(now).start == date(2025, 9, 10)


def test_stats_to_dict_is_json_ready(build, journal):
    import json

    build.call(local(DAY, 9), holds=(20.0,), offer="accepted")
    data = json.loads(json.dumps(compute_stats(journal, DAY, DAY, now=local(DAY, 20)).to_dict()))
    assert data["from"] == "2025-09-10" and data["calls"] == 1
    assert data["daily_without_hold"] == {"2025-09-10": 0.0}
    assert "rows" not in data


# --- CSV ----------------------------------------------------------------------------


def test_csv_rows(tmp_path, build, journal):
    build.call(local(DAY, 9, 5, 7), talk=100.0, offer="accepted")
    build.call(local(DAY, 10), holds=(30.4, 130.6), talk=10.0, suppressed="lost_phone")
    build.call(local(DAY, 11), silence=1, finish=False)
    journal.close()
    s = compute_stats(journal.path, DAY, DAY)
    target = tmp_path / "calls.csv"
    write_csv(s.rows, target)
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel then reads UTF-8
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert rows[0] == [say(code) for code in CSV_HEADER]
    assert rows[1:] == [
        ["2025-09-10 09:05:07", "100", "завершён", "0", "", "0", "0", "принято", "0", "", "", "", ""],
        ["2025-09-10 10:00:00", "173", "завершён", "2", "131", "1", "0", "не предлагалось: утеря телефона", "0", "", "", "", ""],
        ["2025-09-10 11:00:00", "12", "прерван", "0", "", "0", "1", "нет предложения", "0", "", "", "", ""],
    ]


def test_csv_of_no_calls_is_just_the_header():
    text = csv_text([])
    assert text == ";".join(say(code) for code in CSV_HEADER) + "\r\n"


def test_csv_to_a_binary_stream(build, journal):
    build.call(local(DAY, 9))
    buffer = io.BytesIO()
    write_csv(compute_stats(journal, DAY, DAY).rows, buffer)
    assert buffer.getvalue().decode("utf-8-sig").count("\r\n") == 2


def test_stats_defaults_are_zero():
    s = Stats(DAY, DAY)
    assert s.empty and s.calls == 0 and s.suppressions == {"complaint": 0, "lost_phone": 0, "siebel_down": 0}
