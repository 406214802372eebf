"""The practice score card: each step of the standard and how the trainee did it."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTextBrowser, QVBoxLayout

from ...core.scoring import VERDICT_WORDS, ScoreCard, Verdict
from ...i18n import translate
from ...messages import say

MARKS = {
    Verdict.ON_TIME: ("✔", "#2e7d32"),
    Verdict.LATE: ("◷", "#ef6c00"),  # a clock face in common fonts (⏱ is missing from DejaVu)
    Verdict.MISSED: ("✖", "#c62828"),
    Verdict.WRONG: ("✖", "#c62828"),
}


def heard_words(text: str) -> str:
    if not text:
        return translate("ScoreCardDialog", "Услышано: ничего")
    return translate("ScoreCardDialog", "Услышано: «{text}»").format(text=text)


def card_html(card: ScoreCard) -> str:
    rows = []
    for item in card.items:
        mark, colour = MARKS[item.verdict]
        heard = ""
        if item.heard is not None:  # a practice that hears the trainee: what came instead (never stored)
            words = heard_words(item.heard)
            heard = f"<br><span style='color:#6a4a00'>{escape(words)}</span>"
        rows.append(
            f"<tr><td style='color:{colour}; font-size:14pt; padding-right:6px'>{mark}</td>"
            f"<td><b>{escape(item.title)}</b> — <span style='color:{colour}'>{say(VERDICT_WORDS[item.verdict])}</span>"
            f"<br><span style='color:#555'>{escape(item.explanation)}</span>{heard}</td></tr>"
        )
    return "<table cellspacing='4'>" + "".join(rows) + "</table>"


class ScoreCardDialog(QDialog):
    def __init__(self, card: ScoreCard, parent=None) -> None:
        super().__init__(parent)
        self.card = card
        self.setWindowTitle(self.tr("Итоги практики"))
        self.resize(560, 560)
        done = card.count(Verdict.ON_TIME)
        self.summary = QLabel()
        self.summary.setObjectName("scoreSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)  # the title
        self.summary.setText(
            self.tr("«{title}»: вовремя {done} из {total}").format(title=card.scenario, done=done, total=len(card.items))
        )
        colour = "#2e7d32" if card.perfect else "#c62828" if done < len(card.items) / 2 else "#ef6c00"
        self.summary.setStyleSheet(f"#scoreSummary {{ font-size: 15pt; font-weight: bold; color: {colour}; }}")
        self.details = QTextBrowser()
        self.details.setHtml(card_html(card))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        # Qt's own "Close" is English unless a Qt translation is installed.
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Закрыть"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.details, 1)
        layout.addWidget(buttons)
