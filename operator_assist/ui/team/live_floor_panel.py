"""The «Команда» tab's live section: the team's desks now, most urgent first (issue 23).

It renders a :class:`~operator_assist.ui.team.live.LeadFloor`; the running times tick once a
second while the section is on screen, and not at all otherwise.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHeaderView, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from ...core.engine import format_mmss
from ...i18n import QT_TRANSLATE_NOOP
from ...team import live
from .. import timers
from ..stats.hold_share_chart import BAD, GOOD

# The app's state colours (timer_display.py): neutral, amber, red; a desk without a link is grey.
COLOURS = {"neutral": ("#e8edf3", "#1b2733"), "amber": ("#ffc83d", "#1b1b1b"), "red": ("#d32f2f", "#ffffff"),
           "stale": ("#c9ced4", "#4a5560")}  # fmt: skip
STATE_WORDS = {
    "idle": QT_TRANSLATE_NOOP("LiveFloorPanel", "Нет звонка"), "talking": QT_TRANSLATE_NOOP("LiveFloorPanel", "Разговор"),
    "lookup": QT_TRANSLATE_NOOP("LiveFloorPanel", "Поиск — тишина"), "hold": QT_TRANSLATE_NOOP("LiveFloorPanel", "Удержание"),
    "wrapup": QT_TRANSLATE_NOOP("LiveFloorPanel", "Звонок завершён"),
}  # fmt: skip
COLUMNS = (QT_TRANSLATE_NOOP("LiveFloorPanel", "Оператор"), QT_TRANSLATE_NOOP("LiveFloorPanel", "Сейчас"),
           QT_TRANSLATE_NOOP("LiveFloorPanel", "Время"), QT_TRANSLATE_NOOP("LiveFloorPanel", "Отметки"))  # fmt: skip


def _short(seconds: float) -> str:
    text = format_mmss(max(0.0, seconds))
    return text[1:] if text.startswith("0") and len(text) == 5 else text


class LiveFloorPanel(QWidget):
    def __init__(self, floor, parent=None) -> None:
        super().__init__(parent)
        self.floor = floor
        self.headline = QLabel(wordWrap=True, textFormat=Qt.TextFormat.PlainText)
        self.headline.setObjectName("liveHeadline")
        self.link = QLabel(wordWrap=True, textFormat=Qt.TextFormat.PlainText)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNS])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.headline)
        layout.addWidget(self.link)
        layout.addWidget(self.table, 1)
        self._tick = timers.timer(self, 1000)
        self._tick.timeout.connect(self.refresh)
        floor.changed.connect(self.refresh)
        floor.status.connect(self._link)
        self.link.setText(self.tr("Подключение к серверу команды…"))
        self.refresh()

    def showEvent(self, event) -> None:
        self._tick.start()
        self.refresh()
        super().showEvent(event)

    def hideEvent(self, event) -> None:
        self._tick.stop()
        super().hideEvent(event)

    def _link(self, text: str, ok: bool) -> None:
        self.link.setText("" if ok else text)
        self.link.setVisible(not ok)

    def row(self, desk: dict, now: float) -> tuple[str, str, str, str, str]:
        """(state words, time, marks, level) of one desk, as the wallboard shows it."""
        elapsed = max(0.0, now - desk["since"])
        if not desk.get("online", True):
            return desk["login"], self.tr("нет связи"), "—", "", "stale"
        state = desk["state"]
        words, time, marks, level = self.tr(STATE_WORDS[state]), _short(elapsed), [], "neutral"
        if state == "hold" and desk.get("limit"):
            remaining = desk["limit"] - elapsed
            if desk.get("warning") == "over" or remaining <= 0:
                time, level = self.tr("сверх лимита +{t}").format(t=_short(-remaining)), "red"
            else:
                time = self.tr("осталось {t}").format(t=_short(remaining + 0.999))
                level = "amber" if desk.get("warning") == "prewarning" else "neutral"
        elif state == "lookup" and (elapsed > live.DEAD_AIR_ALERT_S or desk.get("warning") == "silence" or desk.get("dead_air")):
            level = "amber"
            marks.append(self.tr("● тишина"))
        elif state == "idle":
            time = ""
        if desk.get("telephony") == "down":
            marks.append(self.tr("телефония не подключена"))
        if desk.get("listening") == "lost":
            marks.append(self.tr("нет звука"))
        return desk["login"], words, time, ", ".join(marks), level

    def refresh(self) -> None:
        floor = self.floor
        now = floor.server_now()
        today = floor.today
        if today and today.get("calls"):
            self.headline.setText(self.tr("Сейчас на линии. Без удержания сегодня: {p} % ({n} из {c}; цель {t} %)").format(
                p=round(today["share"] * 100), n=today["without_hold"], c=today["calls"], t=round(today["target"] * 100)))
            self.headline.setStyleSheet(f"#liveHeadline {{ font-weight: bold; color: {GOOD if today.get('met') else BAD}; }}")
        else:
            self.headline.setText(self.tr("Сейчас на линии. Без удержания сегодня: звонков ещё нет"))
            self.headline.setStyleSheet("#liveHeadline { font-weight: bold; }")
        desks = floor.ordered()
        self.table.setRowCount(len(desks))
        for r, desk in enumerate(desks):
            *cells, level = self.row(desk, now)
            background, foreground = COLOURS[level]
            for c, text in enumerate(cells):
                item = self.table.item(r, c)
                if item is None:
                    item = QTableWidgetItem()
                    self.table.setItem(r, c, item)
                item.setText(text)
                item.setBackground(QColor(background))
                item.setForeground(QColor(foreground))
