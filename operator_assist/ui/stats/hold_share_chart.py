"""Daily share of calls without hold against the standard's 95 % line.

QtCharts is heavy: this module is imported only when the statistics window opens.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCharts import QBarCategoryAxis, QBarSet, QChart, QChartView, QLineSeries, QStackedBarSeries, QValueAxis
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen

GOOD = "#2e7d32"
BAD = "#c62828"
ZERO_DAY_MARK = 1.0
"""Percent drawn for a day whose calls all had a hold, so it is not an empty slot."""


class HoldShareChart(QChartView):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(220)
        self.values: list[float | None] = []

    def show_days(self, daily: dict[date, float | None], target: float) -> None:
        """One bar per day (percent), green at or over the target, red under; a dashed target line."""
        self.values = list(daily.values())
        chart = QChart()
        chart.setMargins(QMargins(4, 4, 4, 4))
        chart.legend().setVisible(True)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        chart.setTitle(self.tr("Доля звонков без удержания по дням"))

        met, missed = QBarSet(self.tr("цель выполнена")), QBarSet(self.tr("ниже цели"))
        met.setColor(QColor(GOOD))
        missed.setColor(QColor(BAD))
        for share in self.values:
            percent = 0.0 if share is None else share * 100
            if share == 0:
                percent = ZERO_DAY_MARK  # calls, none without hold: unlike a day without calls, visible
            ok = share is not None and share * 100 >= target * 100 - 1e-9
            met.append(percent if ok else 0.0)
            missed.append(0.0 if ok else percent)
        bars = QStackedBarSeries()  # one of the two sets is 0 each day: full-width bars
        bars.append(met)
        bars.append(missed)
        chart.addSeries(bars)

        x_axis = self._day_axis(list(daily))
        y_axis = QValueAxis()
        y_axis.setRange(0, 100)
        y_axis.setLabelFormat(self.tr("%d %%"))  # «95 %» in Russian, «95%» in English
        chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
        bars.attachAxis(x_axis)
        bars.attachAxis(y_axis)
        self._target_line(chart, y_axis, target)
        self.setChart(chart)

    @staticmethod
    def _day_axis(days: list[date]) -> QBarCategoryAxis:
        # Labels must be unique (equal ones merge their bars): the day number alone only
        # within one month, where a month of dd.mm labels would not fit.
        one_month = bool(days) and (days[0].year, days[0].month) == (days[-1].year, days[-1].month)
        one_year = bool(days) and days[0].year == days[-1].year
        label_format = "%d" if one_month and len(days) > 14 else "%d.%m" if one_year else "%d.%m.%y"
        x_axis = QBarCategoryAxis()
        x_axis.append([day.strftime(label_format) for day in days])
        if len(days) > 14:
            small = QFont(x_axis.labelsFont())
            small.setPointSizeF(max(6.0, small.pointSizeF() * 0.8))
            x_axis.setLabelsFont(small)
        return x_axis

    def _target_line(self, chart: QChart, y_axis: QValueAxis, target: float) -> None:
        """The target as a line across the whole plot, on its own hidden x axis."""
        line = QLineSeries()
        line.setName(self.tr("цель {n} %").format(n=round(target * 100)))
        line.append(0, target * 100)
        line.append(1, target * 100)
        pen = QPen(QColor("#1565c0"))
        pen.setWidth(2)
        pen.setStyle(Qt.PenStyle.DashLine)
        line.setPen(pen)
        chart.addSeries(line)
        line_x = QValueAxis()
        line_x.setRange(0, 1)
        line_x.setVisible(False)
        chart.addAxis(line_x, Qt.AlignmentFlag.AlignTop)
        line.attachAxis(line_x)
        line.attachAxis(y_axis)
