"""Ships the journal to the team server while the app runs (a worker thread, never the GUI thread).

:class:`TeamSyncRunner` is the worker's Qt face; :class:`WindowTeamSync` wires it into the
running app (``run_gui``): started after the first paint when this PC is enrolled (or when the
operator enrols from the window), woken when a call ends, stopped when the window closes.
Never give it the demo journal (the shipper refuses it anyway). It also starts the live floor
(ui/team/live.py): this desk's state for the lead's board and, for a lead, the team's.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QFileSystemWatcher, QObject, Qt, Signal
from PySide6.QtWidgets import QLabel

from ...core.events import Event, EventKind
from ...team.client import DEFAULT_TIMEOUT, TeamConfig, TeamError
from ...team.shipper import BackgroundShipper
from .. import timers
from ..texts import plain_tooltip

if TYPE_CHECKING:
    from ...paths import UserPaths
    from .live import DeskLive, LeadFloor
    from .standard_sync import StandardSync

OPEN_WAIT_MS = 250
OPEN_WAIT_MAX_MS = 8000
"""How soon, then how rarely, the window looks whether the journal writer has the journal open
before shipping starts (a journal held by another program may take a while)."""

SETTLE_WAIT = 2.0
"""Seconds a round waits for the journal writer to catch up (a slow disk: the rest goes next round)."""

STOP_WAIT = 0.3
"""Seconds the closing window waits for a batch in flight (quitting never waits on a slow server);
the next start resumes from the server's word."""


class TeamSyncRunner(QObject):
    status = Signal(str, bool)
    """A Russian line for the status bar and whether all is well; delivered on the GUI thread."""
    refused = Signal(str)
    """The server refused the token (wrong or revoked): the operator has to enrol again."""

    def __init__(self, journal_file: str | Path, data_dir: str | Path, *, interval: float = 60.0, settle=None,
                 timeout: float = DEFAULT_TIMEOUT, parent=None) -> None:  # fmt: skip
        super().__init__(parent)
        self._data_dir = Path(data_dir)
        self._relay = _Relay()
        self._relay.line.connect(self.status, Qt.ConnectionType.QueuedConnection)
        self._relay.refused.connect(self.refused, Qt.ConnectionType.QueuedConnection)
        self.worker = BackgroundShipper(
            journal_file, self._config, interval=interval, on_status=self._relay.line.emit,
            on_refused=self._relay.refused.emit, settle=settle, request_timeout=timeout,
            remember=lambda config, install_id: TeamConfig.remember_install(self._data_dir, config, install_id),
        )  # fmt: skip

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

    def stop(self, timeout: float = 35.0) -> None:
        self.worker.stop(timeout)


class _Relay(QObject):
    line = Signal(str, bool)
    refused = Signal(str)


class WindowTeamSync(QObject):
    """The running app's background shipping, hung on its main window.

    No timer of its own: the worker wakes every ``interval`` seconds, when a call ends and
    after an enrolment from the window. Lines go to the status bar; a refused token becomes
    a notice once (until shipping works again).
    """

    def __init__(self, window, paths: UserPaths, *, interval: float = 60.0, timeout: float = DEFAULT_TIMEOUT,
                 tray_message: Callable[[str, str], None] | None = None) -> None:  # fmt: skip
        """``paths``: the user's files: the journal shipped, the enrolment read, and the settings and
        phrases the team's standard overlays. ``tray_message``: a desktop notification ``(title, text)``
        for the lead's alerts (the tray's: ui/desktop/shell.py); None: the window's notice alone."""
        super().__init__(window)
        self.tray_message = tray_message
        self.paths = paths
        self.timeout = timeout
        self.window = window
        self.journal_file = paths.journal_file
        self.data_dir = paths.data_dir
        self.interval = interval
        self.runner: TeamSyncRunner | None = None
        self._refusal_shown = False
        self._open_wait = 0  # ms: the last wait for the journal writer to open the journal
        self.desk_live: DeskLive | None = None
        self.lead_floor: LeadFloor | None = None
        self.standard: StandardSync | None = None
        """The team's standard (ui/team/standard_sync.py), while enrolled."""
        self.state_label = QLabel(textFormat=Qt.TextFormat.PlainText)  # a lasting trouble line at the status bar's right; hidden when all is well
        self.state_label.hide()
        window.statusBar().addPermanentWidget(self.state_label)
        window.session.occurred.connect(self._on_event)
        if window.team is not None:  # enrolled from the window: shipping starts
            window.team.joined.connect(self._joined)
        window.closing.connect(self.stop)
        # `operator-assist team-join` in a terminal writes the enrolment while the window runs: taken at once.
        self._enrolment = self._enrolment_stamp()
        self._watch = QFileSystemWatcher([str(self.data_dir)], self) if self.data_dir.is_dir() else None
        if self._watch is not None:
            self._watch.directoryChanged.connect(self._folder_changed)
        if TeamConfig.path(self.data_dir).exists():
            self.start()

    def _enrolment_stamp(self) -> tuple[int, int] | None:
        try:
            stat = TeamConfig.path(self.data_dir).stat()
        except OSError:
            return None
        return stat.st_mtime_ns, stat.st_size

    def _folder_changed(self, _path: str) -> None:
        """A file came or went in the data folder (the journal's too): only a new or rewritten enrolment counts."""
        stamp = self._enrolment_stamp()
        if stamp != self._enrolment:
            self._enrolment = stamp
            if stamp is not None:
                self._joined()

    def start(self) -> None:
        if self.runner is not None:
            return
        journal = self.window.session.journal
        if journal is not None and not journal.writer.opened:
            # The shipper reads only a journal of this version: the window's journal writer creates
            # or migrates it after the first paint (at once, unless another program holds the file).
            if journal.writer.unusable:  # the window says why: nothing to ship from
                return
            self._open_wait = min(self._open_wait * 2, OPEN_WAIT_MAX_MS) if self._open_wait else OPEN_WAIT_MS
            timers.later(self, self._open_wait, self.start)
            return
        settle = None if journal is None else (lambda: journal.flush(SETTLE_WAIT))
        self.runner = TeamSyncRunner(self.journal_file, self.data_dir, interval=self.interval, settle=settle,
                                     timeout=self.timeout, parent=self)  # fmt: skip
        self.runner.status.connect(self._show_status)
        self.runner.refused.connect(self._show_refusal)
        self.runner.start()
        self._start_live()

    def _start_live(self) -> None:
        """The live floor (issue 23): this desk's state to the server; for a lead, the team's."""
        from .live import DeskLive, LeadFloor

        try:
            config = TeamConfig.load(self.data_dir)
        except TeamError:
            return  # the shipper's round says why, in the status bar
        if config is None:
            return
        self._start_standard(config)
        self.desk_live = DeskLive(self.window, config)
        if config.lead and config.team:
            self.lead_floor = LeadFloor(config, self)
            self.lead_floor.alert.connect(self._alert)
            self.lead_floor.start()

    def _start_standard(self, config: TeamConfig) -> None:
        """The team's standard (issue 24): fetched now and every minute, applied between calls."""
        from .standard_sync import StandardSync

        if self.standard is None:
            self.standard = StandardSync(self.window, self.paths, config, timeout=self.timeout)
            self.standard.start()

    def _stop_live(self) -> None:
        if self.standard is not None:
            self.standard.stop()
            self.standard.deleteLater()
            self.standard = None
        if self.desk_live is not None:
            self.desk_live.stop()
            self.desk_live = None
        if self.lead_floor is not None:
            self.lead_floor.stop()
            self.lead_floor = None

    def _alert(self, text: str) -> None:
        """Once per episode (LeadFloor decides): a notice in the window and a tray message."""
        self.window.add_notice(text)
        if self.tray_message is not None:
            self.tray_message(self.tr("Команда"), text)

    def stop(self) -> None:
        if self.runner is not None:
            self.runner.stop(STOP_WAIT)
        self._stop_live()

    def _on_event(self, event: Event) -> None:
        if event.kind is EventKind.CALL_ENDED and self.runner is not None:
            self.runner.wake()

    def _joined(self) -> None:
        self._enrolment = self._enrolment_stamp()
        self._refusal_shown = False
        self.state_label.hide()
        if self.runner is None:
            self.start()
        else:
            self.runner.wake()  # the new enrolment at once, not after the refusal's long wait
            self._stop_live()
            self._start_live()

    def _show_status(self, text: str, ok: bool) -> None:
        if ok:
            self._refusal_shown = False
            self.state_label.hide()
            self.window.statusBar().showMessage(text, 5000)
            return
        self.state_label.setText(self.tr("Сервер команды: данные ждут отправки"))
        self.state_label.setToolTip(plain_tooltip(text))
        self.state_label.show()

    def _show_refusal(self, text: str) -> None:
        self.state_label.setText(self.tr("Сервер команды: токен не принят"))
        self.state_label.setToolTip(plain_tooltip(text))
        self.state_label.show()
        if not self._refusal_shown:
            self._refusal_shown = True
            self.window.add_notice(text)


def lead_floor(window):
    """The running app's :class:`~operator_assist.ui.team.live.LeadFloor` (a lead's enrolment), or None."""
    link = window.findChild(WindowTeamSync)
    return None if link is None else link.lead_floor
