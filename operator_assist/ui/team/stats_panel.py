"""The «Команда» tab: the team server's figures per operator, fetched off the GUI thread."""

from __future__ import annotations

import logging
import threading
from datetime import date
from typing import Callable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHeaderView, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from ...core import stats as st
from ...i18n import QT_TRANSLATE_NOOP
from ..stats.hold_share_chart import BAD, GOOD, HoldShareChart
from ..stats.period_bar import PeriodBar

log = logging.getLogger(__name__)

Fetch = Callable[[str, date, date, "str | None"], dict]
"""(team, start, end, period) -> the server's team-stats JSON; may raise TeamError (Russian message).
``period`` («today», «week», «month») asks for the team's own days instead of ``start``..``end``."""

COLUMNS = (
    QT_TRANSLATE_NOOP("TeamStatsPanel", "Оператор"), QT_TRANSLATE_NOOP("TeamStatsPanel", "Звонков"),
    QT_TRANSLATE_NOOP("TeamStatsPanel", "Без удерж."), QT_TRANSLATE_NOOP("TeamStatsPanel", "Поздн. возвр."),
    QT_TRANSLATE_NOOP("TeamStatsPanel", "Тишина"), QT_TRANSLATE_NOOP("TeamStatsPanel", "Предл. озв./прин."),
    QT_TRANSLATE_NOOP("TeamStatsPanel", "Фраза удерж."), QT_TRANSLATE_NOOP("TeamStatsPanel", "Спасибо за ожид."),
    QT_TRANSLATE_NOOP("TeamStatsPanel", "Прощание"), QT_TRANSLATE_NOOP("TeamStatsPanel", "Запр. слов/100"),
)  # fmt: skip
TIPS = ("", "", QT_TRANSLATE_NOOP("TeamStatsPanel", "Доля звонков без удержания; цель — 95 %"),
        QT_TRANSLATE_NOOP("TeamStatsPanel", "Возвраты с удержания позже лимита роли"),
        QT_TRANSLATE_NOOP("TeamStatsPanel", "Предупреждения о тишине"),
        QT_TRANSLATE_NOOP("TeamStatsPanel", "Предложение озвучено / принято"),
        QT_TRANSLATE_NOOP("TeamStatsPanel", "По речи оператора: фраза перед удержанием сказана (цель, время, согласие)"),
        QT_TRANSLATE_NOOP("TeamStatsPanel", "По речи оператора: «Спасибо за ожидание» после удержания"),
        QT_TRANSLATE_NOOP("TeamStatsPanel", "По речи оператора: прощание полностью (благодарность, пожелание, прощание)"),
        QT_TRANSLATE_NOOP("TeamStatsPanel", "По речи оператора: запрещённые слова на 100 проверенных звонков"))  # fmt: skip


class _Relay(QObject):
    done = Signal(object, object)  # (request number, result dict or an error text)


class TeamStatsPanel(QWidget):
    loaded = Signal(object)
    """The result dict after it is shown (tests wait on it)."""

    def __init__(self, team: str, fetch: Fetch, parent=None, floor=None, now=None) -> None:
        """``floor``: the lead's :class:`~operator_assist.ui.team.live.LeadFloor` (the live section on top);
        ``now``: Unix time for tests (the period's today)."""
        super().__init__(parent)
        self.team = team
        self._fetch = fetch
        self._request = 0
        self.result: dict | None = None
        self._relay = _Relay(self)
        self._relay.done.connect(self._show, Qt.ConnectionType.QueuedConnection)

        self.headline = QLabel()
        self.headline.setObjectName("teamHeadline")
        self.headline.setWordWrap(True)
        self.headline.setTextFormat(Qt.TextFormat.PlainText)
        self.status = QLabel(wordWrap=True, textFormat=Qt.TextFormat.PlainText)  # the server's words: plain text
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNS])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column, tip in enumerate(TIPS):
            if tip:
                item = self.table.horizontalHeaderItem(column)
                if item is not None:
                    item.setToolTip(self.tr(tip))
        self.chart = HoldShareChart()
        self.period = PeriodBar(now)  # the team's own period, not the «Мои звонки» tab's
        self.period.chosen.connect(self.load)
        layout = QVBoxLayout(self)
        self.live = None
        if floor is not None:
            from .live_floor_panel import LiveFloorPanel

            self.live = LiveFloorPanel(floor)
            layout.addWidget(self.live, 1)
        layout.addWidget(self.period)
        layout.addWidget(self.headline)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.chart, 1)

    def showEvent(self, event) -> None:
        if self._request == 0:  # the first time the tab is seen: today's figures
            self.period.show_period("today")
        super().showEvent(event)

    def load(self, start: date, end: date, period: str | None = None) -> None:
        """Asks the server on a worker thread; the answer is shown on the GUI thread. ``period``: the
        team's today, week or month, counted in the team's time zone where it is known (the server)."""
        self._request += 1
        number = self._request
        self.status.setText(self.tr("Загрузка статистики команды…"))
        self.status.show()
        relay = self._relay

        def work() -> None:
            try:
                outcome: object = self._fetch(self.team, start, end, period)
            except Exception as exc:  # noqa: BLE001 - shown to the lead, never raised in a thread
                outcome = str(exc) or type(exc).__name__
            relay.done.emit(number, outcome)

        threading.Thread(target=work, name="team-stats", daemon=True).start()

    def _show(self, number: int, outcome: object) -> None:
        if number != self._request:  # an older period's answer arriving late
            return
        if not isinstance(outcome, dict):
            self.status.setText(self.tr("Статистика команды недоступна: {error}").format(error=outcome))
            return
        try:
            self._fill(outcome)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:  # a server that answers out of shape
            log.warning("team statistics: unexpected answer: %r", exc)
            self.result = None
            self.status.setText(self.tr("Статистика команды недоступна: сервер ответил не в том виде ({error})").format(
                error=exc.__class__.__name__))
            self.status.show()
            return
        self.loaded.emit(outcome)

    def _fill(self, outcome: dict) -> None:
        self.result = outcome
        self.status.setText("")
        self.status.hide()  # no empty line between the headline and the table
        target = round(outcome["target_share"] * 100)
        headline = self.tr("Команда «{team}»: звонков {calls}, без удержания {share} (цель {t} %)").format(
            team=self.team, calls=outcome["calls"], share=st.format_percent(outcome["share_without_hold"]), t=target
        )
        start, end = date.fromisoformat(outcome["from"]), date.fromisoformat(outcome["to"])
        days = st.format_date(start) if start == end else f"{st.format_date(start)} — {st.format_date(end)}"
        if outcome.get("tz"):  # the team's days, which may not be this PC's
            days = self.tr("{days}, часовой пояс команды {tz}").format(days=days, tz=outcome["tz"])
        self.headline.setText(f"{headline}\n{days}")
        rows = outcome["operators"]
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            share = QTableWidgetItem(st.format_percent(row["share_without_hold"]))
            if row["target_met"] is not None:
                share.setForeground(QColor(GOOD if row["target_met"] else BAD))
            cells = [
                QTableWidgetItem(row["login"]),
                QTableWidgetItem(str(row["calls"])),
                share,
                QTableWidgetItem(str(row["holds_over_limit"])),
                QTableWidgetItem(str(row["silence_warnings"])),
                QTableWidgetItem(f"{row['offers_voiced']} / {row['offers_accepted']}"),
                # the speech check (issue 26); a server from before it sends none: «—»
                QTableWidgetItem(st.format_percent(row.get("hold_phrase_share"))),
                QTableWidgetItem(st.format_percent(row.get("thanks_share"))),
                QTableWidgetItem(st.format_percent(row.get("farewell_share"))),
                QTableWidgetItem(st.format_decimal(row.get("forbidden_per_100_calls"))),
            ]
            for c, item in enumerate(cells):
                if c:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, c, item)
        daily = {date.fromisoformat(day): share for day, share in outcome["daily_without_hold"].items()}
        self.chart.show_days(daily, outcome["target_share"])


def server_fetch(config) -> Fetch:
    """A fetch through the stored enrolment (a team lead's token)."""
    from ...team.client import TeamClient

    def fetch(team: str, start: date, end: date, period: str | None) -> dict:
        client = TeamClient(config)
        return client.team_stats(team, period=period) if period else client.team_stats(team, start, end)

    return fetch
