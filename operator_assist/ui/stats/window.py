"""Statistics over the journal: the same figures as ``operator-assist stats``."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QButtonGroup,
    QDateEdit,
    QDialog,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...core import stats as st
from ...messages import say
from .hold_share_chart import BAD, GOOD, HoldShareChart


class StatsWindow(QDialog):
    def __init__(self, journal_source, now=None, parent=None, team_panel=None) -> None:
        """``journal_source``: an open Journal or a journal path; ``now``: Unix time for tests.

        ``team_panel``: a :class:`TeamStatsPanel` (a team lead's enrolment) shown as the «Команда» tab.
        """
        super().__init__(parent)
        self.setWindowTitle(self.tr("Статистика звонков"))
        screen = (parent.screen() if parent is not None else self.screen()).availableGeometry()
        self.resize(min(640, screen.width()), min(640, screen.height() - 40))  # small screens: all of it visible
        self._source = journal_source
        self._now = now
        self.stats: st.Stats | None = None
        period_row = self._period_row(st.today(now).start)
        self.headline = QLabel()
        self.headline.setObjectName("headline")
        self.headline.setWordWrap(True)
        self.subline = QLabel(wordWrap=True)
        self.message = QLabel(wordWrap=True)
        self._build_figures()
        self.chart = HoldShareChart()
        self.export_button = QPushButton(self.tr("Экспорт в CSV…"), autoDefault=False)
        self.export_button.clicked.connect(self._export)
        self.export_status = QLabel(wordWrap=True)
        self._lay_out(period_row, team_panel)
        self.period_buttons.buttonClicked.connect(lambda b: self.show_period(b.property("period")))
        self.from_edit.dateChanged.connect(lambda _: self._custom())
        self.to_edit.dateChanged.connect(lambda _: self._custom())
        self.show_period("today")

    def _period_row(self, today: date) -> QHBoxLayout:
        """Сегодня / Неделя / Месяц, and the range «с … по …»."""
        period_row = QHBoxLayout()
        self.period_buttons = QButtonGroup(self)
        self.period_buttons.setExclusive(False)  # a custom range checks none of them
        for key, text in (("today", self.tr("Сегодня")), ("week", self.tr("Неделя")), ("month", self.tr("Месяц"))):
            button = QPushButton(text)
            button.setCheckable(True)
            button.setAutoDefault(False)  # Enter in a date field must not press it
            button.setProperty("period", key)
            self.period_buttons.addButton(button)
            period_row.addWidget(button)
        shown_as = self.tr("dd.MM.yyyy")  # Qt's date format: yyyy-MM-dd in English
        self.from_edit = QDateEdit(QDate(today.year, today.month, 1))
        self.to_edit = QDateEdit(QDate(today.year, today.month, today.day))
        for edit in (self.from_edit, self.to_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat(shown_as)
        period_row.addSpacing(12)
        period_row.addWidget(QLabel(self.tr("с")))
        period_row.addWidget(self.from_edit)
        period_row.addWidget(QLabel(self.tr("по")))
        period_row.addWidget(self.to_edit)
        period_row.addStretch(1)
        return period_row

    def _build_figures(self) -> None:
        self.figures = QGridLayout()
        self.figure_labels: dict[str, QLabel] = {}
        self.figure_captions: dict[str, QLabel] = {}
        for row, (key, caption) in enumerate(
            (
                ("calls", self.tr("Звонков")),
                ("holds", self.tr("Удержаний")),
                ("hold_times", self.tr("Среднее / самое долгое")),
                ("over_limit", self.tr("Сверх лимита роли")),
                ("silence", self.tr("Предупреждений о тишине")),
                ("pauses", self.tr("Паузы > 10 с (по звуку разговора)")),
                ("offers", self.tr("Предложение озвучено")),
                ("accepted", self.tr("Предложение принято")),
                ("suppressed", self.tr("Не озвучено по правилу")),
            )
        ):
            value = QLabel()
            self.figure_labels[key] = value
            self.figure_captions[key] = QLabel(caption + ":")
            self.figures.addWidget(self.figure_captions[key], row, 0)
            self.figures.addWidget(value, row, 1)
        self.figures.setColumnStretch(1, 1)

    def _lay_out(self, period_row: QHBoxLayout, team_panel) -> None:
        """The figures and the chart; with a team panel, in «Мои звонки» beside the «Команда» tab."""
        bottom = QHBoxLayout()
        bottom.addWidget(self.export_status, 1)
        bottom.addWidget(self.export_button)

        self.team_panel = team_panel
        mine = QWidget() if team_panel is not None else self
        layout = QVBoxLayout(mine)
        layout.addLayout(period_row)
        layout.addWidget(self.headline)
        layout.addWidget(self.subline)
        layout.addWidget(self.message)
        layout.addLayout(self.figures)
        layout.addWidget(self.chart, 1)
        layout.addLayout(bottom)
        if team_panel is not None:
            self.tabs = QTabWidget()
            self.tabs.addTab(mine, self.tr("Мои звонки"))
            self.tabs.addTab(team_panel, self.tr("Команда"))
            QVBoxLayout(self).addWidget(self.tabs)

    def show_period(self, key: str) -> None:
        period = {"today": st.today, "week": st.this_week, "month": st.this_month}[key](self._now)
        for button in self.period_buttons.buttons():
            button.setChecked(button.property("period") == key)
        for edit, day in ((self.from_edit, period.start), (self.to_edit, period.end)):
            edit.blockSignals(True)
            edit.setDate(QDate(day.year, day.month, day.day))
            edit.blockSignals(False)
        self.show_range(period.start, period.end)

    def _custom(self) -> None:
        for button in self.period_buttons.buttons():
            button.setChecked(False)
        start, end = _day(self.from_edit), _day(self.to_edit)
        if start > end:
            start, end = end, start
        self.show_range(start, end)

    def show_range(self, start: date, end: date) -> None:
        stats = st.compute_stats(self._source, start, end, now=self._now)
        self.stats = stats
        percent = st.format_percent
        target = round(stats.target_share * 100)
        self.headline.setText(self.tr("Без удержания: {share}").format(share=percent(stats.share_without_hold)))
        if stats.share_without_hold is None:
            self.subline.setText(self.tr("Цель стандарта — {t} % звонков без удержания.").format(t=target))
            colour = "#455a64"
        else:
            verdict = self.tr("цель выполнена") if stats.target_met else self.tr("ниже цели")
            self.subline.setText(
                self.tr("{n} из {calls} звонков без удержания; цель {t} % — {verdict}.").format(
                    n=stats.calls_without_hold, calls=stats.calls, t=target, verdict=verdict
                )
            )
            colour = GOOD if stats.target_met else BAD
        self.headline.setStyleSheet(f"#headline {{ font-size: 18pt; font-weight: bold; color: {colour}; }}")
        self.message.setText(stats.message or "")
        self.message.setVisible(bool(stats.message))

        values = {
            "calls": self.tr("{n} (прерванных: {i})").format(n=stats.calls, i=stats.interrupted),
            "holds": str(stats.holds),
            "hold_times": f"{st.format_seconds(stats.average_hold)} / {st.format_seconds(stats.longest_hold)}",
            "over_limit": str(stats.holds_over_limit),
            "silence": str(stats.silence_warnings),
            "pauses": str(stats.long_pauses),
            "offers": self.tr("{v} из {e} ({p})").format(
                v=stats.offers_voiced, e=stats.offer_calls, p=percent(stats.voiced_share)
            ),
            "accepted": self.tr("{a} из {v} ({p})").format(
                a=stats.offers_accepted, v=stats.offers_voiced, p=percent(stats.acceptance_rate)
            ),
            "suppressed": ", ".join(f"{say(st.REASON_LABELS[k])} — {n}" for k, n in stats.suppressions.items()),
        }
        for key, text in values.items():
            self.figure_labels[key].setText(text)
        for widget in (self.figure_labels["pauses"], self.figure_captions["pauses"]):
            widget.setVisible(bool(stats.long_pauses))  # only when the call's audio heard some, as in `stats`
        self.chart.show_days(stats.daily_without_hold, stats.target_share)
        self.export_button.setEnabled(bool(stats.rows))
        if self.team_panel is not None:
            self.team_panel.load(start, end)

    def _export(self) -> None:
        if self.stats is None:
            return
        name = f"calls-{self.stats.start.isoformat()}-{self.stats.end.isoformat()}.csv"
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Сохранить звонки в CSV"), name, "CSV (*.csv)")
        if path:
            self.export_to(path)

    def export_to(self, path: str) -> bool:
        if self.stats is None:
            return False
        try:
            st.write_csv(self.stats.rows, path)
        except OSError as exc:
            self.export_status.setText(self.tr("Не удалось сохранить «{path}»: {error}").format(path=path, error=exc.strerror or exc))
            return False
        self.export_status.setText(self.tr("Сохранено: {path} (звонков: {n})").format(path=path, n=len(self.stats.rows)))
        return True


def _day(edit: QDateEdit) -> date:
    day = edit.date()
    return date(day.year(), day.month(), day.day())
