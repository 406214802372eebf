"""The «Демонстрация» menu: the scenarios to show or practise, and the demo's speed.

Filled each time it opens (the scenarios are read then, not at start); each scenario opens in a
window of its own, which the menu keeps while it is shown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from .. import texts

if TYPE_CHECKING:
    from ...core.scenario import Scenario
    from ...paths import UserPaths

DemoOpener = Callable[..., QWidget]
"""``(scenario, speed=…, practice=…)`` → the scenario's window, shown and playing."""

SPEEDS = (1, 5, 10, 30)


class DemoMenu(QObject):
    def __init__(self, menu: QMenu, paths: UserPaths | None, opener: DemoOpener | None,
                 notify: Callable[[str], None]) -> None:  # fmt: skip
        """``opener`` None: no demos from this window (a demo's own window)."""
        super().__init__(menu)
        self.menu = menu
        self.paths = paths
        self.opener = opener
        self.notify = notify
        self.speed = 5.0
        self.scenarios: dict[str, Scenario] = {}
        """By id, as read when the menu last opened."""
        self.windows: list[QWidget] = []
        menu.aboutToShow.connect(self.fill)
        menu.triggered.connect(self._chosen)

    def fill(self) -> None:
        from ...core.scenario_files import load_all

        self.menu.clear()
        if self.paths is None or self.opener is None:
            self.menu.addAction(self.tr("Недоступно в этом окне")).setEnabled(False)
            return
        scenarios, problems = load_all(self.paths)
        self.scenarios = scenarios
        for problem in problems:
            self.notify(self.tr("Ошибка в сценарии: {problem}").format(problem=problem))
        for practice, title in ((False, self.tr("Показать (ведёт программа)")), (True, self.tr("Практика (ведёт стажёр)"))):
            sub = self.menu.addMenu(title)
            for scenario in sorted(scenarios.values(), key=lambda sc: sc.id):
                action = sub.addAction(scenario.title)
                action.setToolTip(texts.plain_tooltip(scenario.description))
                action.setData(("practice" if practice else "demo", scenario.id))
        speeds = self.menu.addMenu(self.tr("Скорость демонстрации"))
        for speed in SPEEDS:
            action = speeds.addAction(f"×{speed}")
            action.setCheckable(True)
            action.setChecked(speed == self.speed)
            action.setData(("speed", speed))

    def _chosen(self, action: QAction) -> None:
        # One handler for the whole menu: each action carries (mode, value) as its data.
        mode, value = action.data() or (None, None)
        if mode == "speed" and isinstance(value, (int, float)):
            self.speed = float(value)
        elif mode in ("demo", "practice") and value in self.scenarios:
            self.open(self.scenarios[value], practice=mode == "practice")

    def open(self, scenario: Scenario, practice: bool = False) -> QWidget | None:
        if self.opener is None:
            return None
        window = self.opener(scenario, speed=1.0 if practice else self.speed, practice=practice)
        # Kept while shown; a closed one goes with its last reference.
        self.windows = [w for w in self.windows if w.isVisible()] + [window]
        return window
