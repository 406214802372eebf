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
VERSION_COLOUR = "#6a1b9a"
"""The line where a version of the team's standard took over (issue 24)."""
LABEL_OFFSET = 0.35
"""Days right of its line the version's label is centred."""
ZERO_DAY_MARK = 1.0
"""Percent drawn for a day whose calls all had a hold, so it is not an empty slot."""


class HoldShareChart(QChartView):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(220)
        self.values: list[float | None] = []
        self.boundaries: dict[date, tuple[int | None, ...]] = {}

    def show_days(self, daily: dict[date, float | None], target: float,
                  boundaries: dict[date, tuple[int | None, ...]] | None = None) -> None:  # fmt: skip
        """One bar per day (percent), green at or over the target, red under; a dashed target line;
        ``boundaries``: the days a version of the team's standard took over (day → the versions that
        did, None: the bundled standard), each a line before its day's bar, labelled with them."""
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
        self.boundaries = {day: version for day, version in (boundaries or {}).items() if day in daily}
        if self.boundaries:
            self._version_lines(chart, list(daily), y_axis)
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

    def _version_words(self, versions: tuple[int | None, ...]) -> str:
        """«версия 2»; «версии 1, 2, 3» for several in one day; «встроенный» for the bundled standard."""
        names = [str(v) if v is not None else self.tr("встроенный") for v in versions]
        if len(versions) == 1:
            return self.tr("версия {n}").format(n=names[0]) if versions[0] is not None else names[0]
        return self.tr("версии {list}").format(list=", ".join(names))

    def _version_lines(self, chart: QChart, days: list[date], y_axis: QValueAxis) -> None:
        """A solid line at the left edge of each day a version took over, «версия N» at its top."""
        from PySide6.QtCharts import QScatterSeries

        x_axis = QValueAxis()  # the bars' categories are centred on 0, 1, 2…: a day's left edge is index − 0.5
        x_axis.setRange(-0.5, len(days) - 0.5)
        x_axis.setVisible(False)
        chart.addAxis(x_axis, Qt.AlignmentFlag.AlignTop)
        pen = QPen(QColor(VERSION_COLOUR))
        pen.setWidth(2)
        for day, versions in sorted(self.boundaries.items()):
            x = days.index(day) - 0.5
            edge = QLineSeries()
            edge.append(x, 0)
            edge.append(x, 100)
            edge.setPen(pen)
            label = QScatterSeries()  # its point's label is the text: centred above the point, right of the line
            label.append(x + LABEL_OFFSET, 100)
            label.setMarkerSize(1)
            label.setPointLabelsClipping(False)
            label.setColor(QColor(VERSION_COLOUR))
            label.setPointLabelsVisible(True)
            label.setPointLabelsColor(QColor(VERSION_COLOUR))
            label.setPointLabelsFormat(self._version_words(versions))  # no @xPoint field: the text as it is
            for series in (edge, label):
                chart.addSeries(series)
                series.attachAxis(x_axis)
                series.attachAxis(y_axis)
                for marker in chart.legend().markers(series):
                    marker.setVisible(False)
