from datetime import date, timedelta

import pytest

from operator_assist.cli.stats import format_report
from operator_assist.core.journal import Journal
from operator_assist.core.stats import compute_stats
from operator_assist.ui.stats.hold_share_chart import BAD, GOOD
from operator_assist.ui.stats.window import StatsWindow

from .builders import Builder, local

DAY = date(2025, 9, 10)  # a Wednesday


def computed(qtbot, window):
    """The figures are computed off the GUI thread: wait until the ones last asked for are shown."""
    qtbot.waitUntil(lambda: not window.busy, timeout=10_000)
    return window


@pytest.fixture
def journal(tmp_path):
    j = Journal.open(tmp_path / "journal.sqlite3")
    b = Builder(j)
    # Today: 20 calls, one with a hold over the limit → 95 % without hold (target met).
    for n in range(19):
        b.call(local(DAY, 9, n), offer="accepted" if n < 3 else None)
    b.call(local(DAY, 11), holds=(150.0,))
    b.call(local(DAY, 12), suppressed="complaint")
    # Yesterday: 2 calls, 1 with a hold → 50 %.
    b.call(local(DAY - timedelta(days=1), 10), holds=(40.0,))
    b.call(local(DAY - timedelta(days=1), 11))
    yield j
    j.close()


def test_window_shows_the_figures_of_the_journal(qtbot, journal):
    now = local(DAY, 18)
    window = StatsWindow(journal, now=now)
    qtbot.addWidget(window)
    computed(qtbot, window)
    window.show()
    assert window.headline.text() == "Без удержания: 95,2 %"
    assert "20 из 21" in window.subline.text() and "цель выполнена" in window.subline.text()
    assert GOOD in window.headline.styleSheet()
    labels = {k: v.text() for k, v in window.figure_labels.items()}
    assert labels["calls"] == "21 (прерванных: 0)"
    assert labels["holds"] == "1" and labels["over_limit"] == "1"
    assert labels["hold_times"] == "2 мин 30 с / 2 мин 30 с"
    assert labels["offers"].startswith("3 из 3") and labels["accepted"].startswith("3 из 3")
    assert "претензия клиента — 1" in labels["suppressed"]
    assert window.chart.values == [pytest.approx(20 / 21)]


def test_week_is_red_below_target_and_agrees_with_the_cli(qtbot, journal):
    now = local(DAY, 18)
    window = StatsWindow(journal, now=now)
    qtbot.addWidget(window)
    computed(qtbot, window)
    week = next(b for b in window.period_buttons.buttons() if b.property("period") == "week")
    week.click()
    stats = computed(qtbot, window).stats
    assert stats.start == date(2025, 9, 8) and stats.end == date(2025, 9, 14)
    assert stats.calls == 23 and stats.calls_without_hold == 21
    assert BAD in window.headline.styleSheet()  # 21/23 = 91.3 % < 95 %
    cli = compute_stats(journal, stats.start, stats.end, now=now)
    assert cli.to_dict() == stats.to_dict()
    assert "91,3 %" in format_report(cli) and "91,3 %" in window.headline.text()
    # Mon: no calls; Tue: 1 of 2 without hold; Wed: 20 of 21.
    assert window.chart.values[:3] == [None, pytest.approx(0.5), pytest.approx(20 / 21)]


def test_empty_journal_is_friendly(qtbot, tmp_path):
    with Journal.open(tmp_path / "empty.sqlite3") as j:
        window = StatsWindow(j, now=local(DAY, 12))
        qtbot.addWidget(window)
        computed(qtbot, window)
        assert window.message.isVisibleTo(window) and window.message.text()
        assert "—" in window.headline.text()
        assert not window.export_button.isEnabled()


def test_a_custom_range_checks_no_period_and_enter_keeps_it(qtbot, journal):
    from PySide6.QtCore import QDate, Qt

    window = StatsWindow(journal, now=local(DAY, 18))
    qtbot.addWidget(window)
    computed(qtbot, window)
    window.show()
    window.from_edit.setDate(QDate(2025, 9, 9))
    assert not any(b.isChecked() for b in window.period_buttons.buttons())
    qtbot.keyClick(window.from_edit, Qt.Key.Key_Return)  # used to press «Сегодня», the default button
    computed(qtbot, window)
    assert window.stats.start == date(2025, 9, 9) and window.stats.calls == 23
    assert not any(b.isChecked() for b in window.period_buttons.buttons())


def test_csv_export_says_where_and_survives_a_bad_folder(qtbot, journal, tmp_path):
    window = StatsWindow(journal, now=local(DAY, 18))
    qtbot.addWidget(window)
    computed(qtbot, window)
    assert window.export_to(str(tmp_path / "calls.csv"))
    assert "calls.csv" in window.export_status.text() and "звонков: 21" in window.export_status.text()
    assert not window.export_to(str(tmp_path / "no-such-dir" / "calls.csv"))
    assert "Не удалось сохранить" in window.export_status.text()


def test_a_range_over_months_keeps_one_bar_per_day(qtbot, journal):
    from PySide6.QtCharts import QBarCategoryAxis

    window = StatsWindow(journal, now=local(DAY, 18))
    qtbot.addWidget(window)
    computed(qtbot, window)
    window.show_range(date(2025, 8, 1), date(2025, 9, 30))
    computed(qtbot, window)
    axis = next(a for a in window.chart.chart().axes() if isinstance(a, QBarCategoryAxis))
    labels = axis.categories()
    assert len(labels) == len(set(labels)) == len(window.chart.values) == 41  # to «today», 10.09
    assert labels[0] == "01.08" and labels[-1] == "10.09"  # «01» twice would merge two days into one bar


def test_a_day_with_only_held_calls_is_not_an_empty_slot(qtbot, tmp_path):
    from PySide6.QtCharts import QStackedBarSeries

    with Journal.open(tmp_path / "j.sqlite3") as j:
        Builder(j).call(local(DAY, 10), holds=(30.0,))
        window = StatsWindow(j, now=local(DAY, 18))
        qtbot.addWidget(window)
        computed(qtbot, window)
        bars = next(s for s in window.chart.chart().series() if isinstance(s, QStackedBarSeries))
        missed = bars.barSets()[1]
        assert window.chart.values == [0.0] and missed.at(0) > 0


def test_pauses_over_10_s_heard_by_audio_are_shown_like_the_report_shows_them(qtbot, tmp_path):
    """Issue 17: «паузы > 10 с» per call reach the window, not only `stats` and the CSV."""
    from operator_assist.core.events import EventKind as K

    j = Journal.open(tmp_path / "journal.sqlite3")
    b = Builder(j)
    cid = b.call(local(DAY, 9), finish=False)
    b.emit(K.DEAD_AIR, cid, local(DAY, 9, 0, 30), duration=12.0, warned=True)
    b.emit(K.DEAD_AIR, cid, local(DAY, 9, 0, 50), duration=4.0, warned=False)
    b.emit(K.CALL_ENDED, cid, local(DAY, 9, 2), duration=120.0)
    b.call(local(DAY - timedelta(days=1), 9))  # a day without audio
    window = StatsWindow(j, now=local(DAY, 18))
    qtbot.addWidget(window)
    computed(qtbot, window)
    window.show()
    label = window.figure_labels["pauses"]
    assert label.text() == "1" and label.isVisibleTo(window)
    caption = window.figure_captions["pauses"]
    assert caption.text() == "Паузы > 10 с (по звуку разговора):" and caption.isVisibleTo(window)
    report = format_report(compute_stats(j, DAY, DAY, now=local(DAY, 18)))
    assert f"Паузы > 10 с (по звуку разговора): {label.text()}" in report
    window.show_range(DAY - timedelta(days=1), DAY - timedelta(days=1))  # nothing heard: no line, as in the report
    computed(qtbot, window)
    assert not label.isVisibleTo(window) and not caption.isVisibleTo(window)
    j.close()


def test_the_figures_are_computed_off_the_gui_thread_with_a_busy_mark_and_a_late_answer_dropped(
    qtbot, journal, monkeypatch
):
    """Issue 22 #20: a year of calls takes a while; the window answers meanwhile and says it is counting."""
    import threading

    from PySide6.QtCore import Qt

    from operator_assist.core import stats as st

    gate, threads = threading.Event(), []
    real = st.compute_stats

    def slow(source, start, end, now=None):
        threads.append(threading.current_thread().name)
        gate.wait(10)
        return real(source, start, end, now=now)

    monkeypatch.setattr(st, "compute_stats", slow)
    window = StatsWindow(journal, now=local(DAY, 18))
    qtbot.addWidget(window)
    window.show()
    assert window.busy and window.progress.isVisible() and window.message.text() == "Считаю…"
    assert not window.export_button.isEnabled()
    week = next(b for b in window.period_buttons.buttons() if b.property("period") == "week")
    qtbot.mouseClick(week, Qt.MouseButton.LeftButton)  # handled while counting
    assert week.isChecked() and window.busy
    gate.set()
    computed(qtbot, window)
    assert threads == ["statistics", "statistics"]
    assert window.stats.start == date(2025, 9, 8) and window.stats.calls == 23  # the week's; today's was dropped
    assert not window.progress.isVisible() and window.export_button.isEnabled()


def test_the_speech_checks_are_shown_like_the_report_shows_them(qtbot, tmp_path):
    """Issue 26: «Фраза перед удержанием сказана», «Спасибо за ожидание», «Прощание полностью», forbidden words."""
    j = Journal.open(tmp_path / "journal.sqlite3")
    b = Builder(j)
    b.call(local(DAY, 9), holds=(30.0,), said={"before_hold": (False,), "after_hold": (True,), "summary": (True,),
           "farewell": (True,)}, forbidden=1)  # fmt: skip
    b.call(local(DAY, 10), said={"summary": (True,), "farewell": (False,)})
    b.call(local(DAY - timedelta(days=1), 9))  # a day without listening
    window = StatsWindow(j, now=local(DAY, 18))
    qtbot.addWidget(window)
    window.show()
    computed(qtbot, window)
    labels = {k: window.figure_labels[k].text() for k in ("hold_phrase", "thanks", "farewell", "forbidden")}
    assert labels == {"hold_phrase": "0,0 % (0 из 1)", "thanks": "100,0 % (1 из 1)", "farewell": "50,0 % (1 из 2)",
                      "forbidden": "50,0 (всего 1 за 2 звонков)"}  # fmt: skip
    report = format_report(compute_stats(j, DAY, DAY, now=local(DAY, 18)))
    assert "Фраза перед удержанием сказана: 0,0 % (0 из 1)" in report and "Прощание полностью: 50,0 % (1 из 2)" in report
    assert all(window.figure_labels[k].isVisibleTo(window) for k in labels)
    window.show_range(DAY - timedelta(days=1), DAY - timedelta(days=1))
    computed(qtbot, window)
    assert not any(window.figure_labels[k].isVisibleTo(window) or window.figure_captions[k].isVisibleTo(window) for k in labels)
    j.close()
