"""What is wrong in the phrase files, above the phrase list (red, selectable, the whole of it in the tooltip).

Hidden until a phrase file has a problem: the panel builds it when first shown.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLabel

from ..texts import plain_tooltip, problem_lines


class PhraseProblems(QLabel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("phraseProblems")
        self.setWordWrap(True)
        self.setStyleSheet("#phraseProblems { color: #9a2a00; font-size: 11px; }")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

    def show_problems(self, problems, kept_previous: bool) -> None:
        """``kept_previous``: a reload failed and the phrases from before the edit stay."""
        # The panel's context: the texts were the panel's before this widget was split from it.
        if all(not p.is_error for p in problems):
            heading = QCoreApplication.translate("PhrasePanel", "Замечания к фразам:")
        elif kept_previous:
            heading = QCoreApplication.translate("PhrasePanel", "Ошибка в файле фраз — показаны фразы до правки:")
        else:
            heading = QCoreApplication.translate("PhrasePanel", "Файл фраз с ошибкой пропущен, остальные фразы загружены:")
        shown, full = problem_lines(problems)
        self.setText(f"{heading}\n{shown}")
        self.setToolTip(plain_tooltip(full))
        self.show()
