"""Ships the journal to the team server while the app runs (a worker thread, never the GUI thread).

Wiring (for the app): ``runner = TeamSyncRunner(paths.journal_file, paths.data_dir, parent=window)``,
``runner.start()`` after the first paint, ``runner.wake()`` when a call ends, ``runner.stop()`` on quit.
Never give it the demo journal (the shipper refuses it anyway).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal

from ..team.client import TeamConfig, TeamError
from ..team.shipper import BackgroundShipper


class TeamSyncRunner(QObject):
    status = Signal(str, bool)
    """A Russian line for the status bar and whether all is well; delivered on the GUI thread."""

    def __init__(self, journal_file: str | Path, data_dir: str | Path, *, interval: float = 60.0, parent=None) -> None:
        super().__init__(parent)
        self._data_dir = Path(data_dir)
        self._relay = _Relay()
        self._relay.line.connect(self.status, Qt.ConnectionType.QueuedConnection)
        self.worker = BackgroundShipper(journal_file, self._config, interval=interval, on_status=self._relay.line.emit)

    def _config(self) -> TeamConfig | None:
        try:
            return TeamConfig.load(self._data_dir)  # read each round: a new team-join takes effect
        except TeamError as exc:
            self._relay.line.emit(str(exc), False)
            return None

    def start(self) -> None:
        self.worker.start()

    def wake(self) -> None:
        self.worker.wake()

    def stop(self) -> None:
        self.worker.stop()


class _Relay(QObject):
    line = Signal(str, bool)
