"""The team's entry points in the window: Вид → «Команда: подключиться к серверу…» and, for a team
lead's enrolment, the «Команда» tab of the statistics window."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMainWindow, QMenu

if TYPE_CHECKING:
    from ...core.settings import Settings
    from .join_dialog import TeamJoinDialog
    from .stats_panel import TeamStatsPanel


class TeamMenu(QObject):
    joined = Signal()
    """This PC was enrolled with a team server from the window (background shipping starts)."""

    def __init__(self, window: QMainWindow, menu: QMenu, data_dir: Path, settings: Settings) -> None:
        """``settings``: the administrator's ``team.server_url``, perhaps locked (core/policy.py)."""
        super().__init__(window)
        self.window = window
        self.data_dir = data_dir
        self.server_url = settings.team.server_url
        self.url_locked = settings.is_locked("team.server_url")
        self.dialog: TeamJoinDialog | None = None
        self.action = menu.addAction(self.tr("Команда: подключиться к серверу…"))
        self.action.triggered.connect(self.open_join)

    def open_join(self) -> TeamJoinDialog:
        from .join_dialog import TeamJoinDialog

        if self.dialog is None:
            self.dialog = TeamJoinDialog(self.data_dir, parent=self.window, server_url=self.server_url,
                                         url_locked=self.url_locked)  # fmt: skip
            self.dialog.joined.connect(lambda _: self.joined.emit())
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()
        return self.dialog

    def stats_panel(self) -> TeamStatsPanel | None:
        """The «Команда» tab for a team lead's enrolment (or one whose role the server did not say)."""
        from ...team.client import TeamConfig, TeamError

        try:
            config = TeamConfig.load(self.data_dir)
        except TeamError as exc:
            self.window.statusBar().showMessage(str(exc), 8000)
            return None
        if config is None or config.team is None or config.lead is False:
            return None
        from .stats_panel import TeamStatsPanel, server_fetch
        from .sync import lead_floor

        return TeamStatsPanel(config.team, server_fetch(config), floor=lead_floor(self.window))
