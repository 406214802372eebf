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

log = logging.getLogger(__name__)

Fetch = Callable[[str, date, date], dict]
"""(team, start, end) -> the server's team-stats JSON; may raise TeamError (Russian message)."""

COLUMNS = (
    QT_TRANSLATE_NOOP("TeamStatsPanel", "Оператор"), QT_TRANSLATE_NOOP("TeamStatsPanel", "Звонков"),
    QT_TRANSLATE_NOOP("TeamStatsPanel", "Без удерж."), QT_TRANSLATE_NOOP("TeamStatsPanel", "Поздн. возвр."),
    QT_TRANSLATE_NOOP("TeamStatsPanel", "Тишина"), QT_TRANSLATE_NOOP("TeamStatsPanel", "Предл. озв./прин."),
)  # fmt: skip
TIPS = ("", "", QT_TRANSLATE_NOOP("TeamStatsPanel", "Доля звонков без удержания; цель — 95 %"),
        QT_TRANSLATE_NOOP("TeamStatsPanel", "Возвраты с удержания позже лимита роли"),
        QT_TRANSLATE_NOOP("TeamStatsPanel", "Предупреждения о тишине"),
        QT_TRANSLATE_NOOP("TeamStatsPanel", "Предложение озвучено / принято"))  # fmt: skip


class _Relay(QObject):
    done = Signal(object, object)  # (request number, result dict or an error text)


class TeamStatsPanel(QWidget):
    loaded = Signal(object)
    """The result dict after it is shown (tests wait on it)."""

    def __init__(self, team: str, fetch: Fetch, parent=None) -> None:
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
        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.chart, 1)

    def load(self, start: date, end: date) -> None:
        """Asks the server on a worker thread; the answer is shown on the GUI thread."""
        self._request += 1
        number = self._request
        self.status.setText(self.tr("Загрузка статистики команды…"))
        self.status.show()
        relay = self._relay

        def work() -> None:
            try:
                outcome: object = self._fetch(self.team, start, end)
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
        self.headline.setText(
            self.tr("Команда «{team}»: звонков {calls}, без удержания {share} (цель {t} %)").format(
                team=self.team, calls=outcome["calls"], share=st.format_percent(outcome["share_without_hold"]), t=target
            )
        )
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

    return lambda team, start, end: TeamClient(config).team_stats(team, start, end)
