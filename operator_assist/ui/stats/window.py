"""Statistics over the journal: the same figures as ``operator-assist stats``.

The figures are computed on a worker thread (a year of calls takes a while): the window stays
responsive meanwhile, with a busy bar and «Считаю…» where the figures go; an answer for a period
no longer asked for is dropped.
"""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...core import stats as st
from ...messages import say
from .hold_share_chart import BAD, GOOD, HoldShareChart
from .period_bar import PeriodBar


class _Relay(QObject):
    done = Signal(int, object)  # (request number, Stats or an error text), from the worker thread

SPEECH_ROWS = ("hold_phrase", "thanks", "farewell", "forbidden")
"""The speech check's figures (issue 26)."""


class StatsWindow(QDialog):
    computed = Signal(object)
    """The :class:`Stats` shown, once they are on screen."""

    def __init__(self, journal_source, now=None, parent=None, team_panel=None) -> None:
        """``journal_source``: a journal path (or an open Journal: its file is read); ``now``: Unix time for tests.

        ``team_panel``: a :class:`TeamStatsPanel` (a team lead's enrolment) shown as the «Команда» tab,
        with its own period (the lead compares the team with their own calls over different ones).
        """
        super().__init__(parent)
        self.setWindowTitle(self.tr("Статистика звонков"))
        screen = (parent.screen() if parent is not None else self.screen()).availableGeometry()
        self.resize(min(640, screen.width()), min(640, screen.height() - 40))  # small screens: all of it visible
        # The worker opens the file itself: a connection belongs to the thread that made it.
        self._path = Path(getattr(journal_source, "path", journal_source))
        self._now = now
        self.stats: st.Stats | None = None
        self._request = 0
        self._relay = _Relay(self)
        self._relay.done.connect(self._computed, Qt.ConnectionType.QueuedConnection)

        self.period = PeriodBar(now)
        self.period_buttons, self.from_edit, self.to_edit = self.period.buttons, self.period.from_edit, self.period.to_edit
        self.progress = QProgressBar(textVisible=False)
        self.progress.setMaximumWidth(90)
        self.progress.setRange(0, 0)  # busy: how long a year takes is not known ahead
        self.progress.setToolTip(self.tr("Считаю…"))
        self.progress.hide()

        self.headline = QLabel(wordWrap=True, textFormat=Qt.TextFormat.PlainText)
        self.headline.setObjectName("headline")
        self.subline = QLabel(wordWrap=True, textFormat=Qt.TextFormat.PlainText)
        self.message = QLabel(wordWrap=True, textFormat=Qt.TextFormat.PlainText)
        self.figures = QGridLayout()
        self.figure_labels: dict[str, QLabel] = {}
        self.figure_captions: dict[str, QLabel] = {}
        self._add_figures()

        self.chart = HoldShareChart()
        self.export_button = QPushButton(self.tr("Экспорт в CSV…"), autoDefault=False)
        self.export_button.clicked.connect(self._export)
        self.export_status = QLabel(wordWrap=True, textFormat=Qt.TextFormat.PlainText)
        self.team_panel = team_panel
        self._lay_out(team_panel)

        self.period.chosen.connect(lambda start, end, _key: self.show_range(start, end))
        self.show_period("today")

    def _add_figures(self) -> None:
        """The figures' grid: a caption and a value a row."""
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
                ("hold_phrase", self.tr("Фраза перед удержанием сказана")),
                ("thanks", self.tr("Спасибо за ожидание")),
                ("farewell", self.tr("Прощание полностью")),
                ("forbidden", self.tr("Запрещённые слова на 100 звонков")),
            )
        ):
            value = QLabel(textFormat=Qt.TextFormat.PlainText)
            self.figure_labels[key] = value
            self.figure_captions[key] = QLabel(caption + ":", textFormat=Qt.TextFormat.PlainText)
            self.figures.addWidget(self.figure_captions[key], row, 0)
            self.figures.addWidget(value, row, 1)
        self.figures.setColumnStretch(1, 1)

    def _lay_out(self, team_panel: QWidget | None) -> None:
        """The period on top, the figures and the chart, the export below; in a «Мои звонки» tab beside
        the team's when there is a team panel."""
        bottom = QHBoxLayout()
        bottom.addWidget(self.export_status, 1)
        bottom.addWidget(self.export_button)
        mine = QWidget() if team_panel is not None else self
        layout = QVBoxLayout(mine)
        period_row = QHBoxLayout()
        period_row.addWidget(self.period, 1)
        period_row.addWidget(self.progress)
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
        self.period.show_period(key)

    @property
    def busy(self) -> bool:
        """The figures of the period last asked for are still being computed."""
        return self.progress.isVisibleTo(self)

    def show_range(self, start: date, end: date) -> None:
        """Computes the figures of ``start``..``end`` off the GUI thread; shown when they come."""
        self._request += 1
        number, path, now, relay = self._request, self._path, self._now, self._relay
        self.progress.show()
        self.export_button.setEnabled(False)
        self.message.setText(self.tr("Считаю…"))
        self.message.show()

        def work() -> None:
            try:
                outcome: object = st.compute_stats(path, start, end, now=now)
            except Exception as exc:  # noqa: BLE001 - said in the window, never raised in a thread
                outcome = str(exc) or type(exc).__name__
            try:
                relay.done.emit(number, outcome)
            except RuntimeError:  # the window was closed meanwhile
                pass

        threading.Thread(target=work, name="statistics", daemon=True).start()

    def _computed(self, number: int, outcome: object) -> None:
        if number != self._request:  # an earlier period's answer, arriving late
            return
        self.progress.hide()
        if not isinstance(outcome, st.Stats):
            self.message.setText(self.tr("Статистика недоступна: {error}").format(error=outcome))
            return
        self._fill(outcome)
        self.computed.emit(outcome)

    def _fill(self, stats: st.Stats) -> None:
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
            **self._speech_values(stats.speech),
        }
        for key, text in values.items():
            self.figure_labels[key].setText(text)
        for widget in (self.figure_labels["pauses"], self.figure_captions["pauses"]):
            widget.setVisible(bool(stats.long_pauses))  # only when the call's audio heard some, as in `stats`
        for key in SPEECH_ROWS:  # only when the operator's words were checked, as in `stats`
            self.figure_labels[key].setVisible(bool(stats.speech.calls))
            self.figure_captions[key].setVisible(bool(stats.speech.calls))
        self.chart.show_days(stats.daily_without_hold, stats.target_share)
        self.export_button.setEnabled(bool(stats.rows))

    def _speech_values(self, speech: st.SpeechFigures) -> dict[str, str]:
        percent = st.format_percent
        of = self.tr("{share} ({part} из {whole})")
        return {
            "hold_phrase": of.format(share=percent(speech.hold_phrase_share), part=speech.hold_phrase_said, whole=speech.hold_phrase_checks),
            "thanks": of.format(share=percent(speech.thanks_share), part=speech.thanks_said, whole=speech.thanks_checks),
            "farewell": of.format(share=percent(speech.farewell_share), part=speech.farewell_full, whole=speech.farewell_checks),
            "forbidden": self.tr("{per100} (всего {n} за {calls} звонков)").format(
                per100=st.format_decimal(speech.forbidden_per_100_calls), n=speech.forbidden_words, calls=speech.calls
            ),
        }

    def _export(self) -> None:
        if self.stats is None:
            return
        name = f"calls-{self.stats.start.isoformat()}-{self.stats.end.isoformat()}.csv"
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Сохранить звонки в CSV"), name, "CSV (*.csv)")
        if path:
            self.export_to(path)

    def export_to(self, path: str) -> bool:
        if self.stats is None:  # nothing computed yet: nothing to write
            return False
        try:
            st.write_csv(self.stats.rows, path)
        except OSError as exc:
            self.export_status.setText(self.tr("Не удалось сохранить «{path}»: {error}").format(path=path, error=exc.strerror or exc))
            return False
        self.export_status.setText(self.tr("Сохранено: {path} (звонков: {n})").format(path=path, n=len(self.stats.rows)))
        return True
