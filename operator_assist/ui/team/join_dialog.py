"""«Команда: подключиться к серверу…»: the operator pastes the address and token the team lead gave.

The same check and storage as ``operator-assist team-join`` (:func:`operator_assist.team.enrol.join`),
run on a worker thread: the window stays responsive while the server answers (or times out).
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout

from ...team.client import TeamConfig, TeamError
from ...team.enrol import Joined, join

Join = Callable[[str, str, Path], Joined]
"""(url, token, data dir) -> the stored enrolment; raises TeamError / JournalError (Russian message)."""

GOOD, LATER, BAD = "#1b5e20", "#7a5a00", "#b71c1c"
"""Text colours: connected; stored, the server unreachable now; not stored."""


class _Relay(QObject):
    done = Signal(object)  # a Joined, or an error text


class TeamJoinDialog(QDialog):
    joined = Signal(object)
    """A :class:`Joined` after the enrolment was stored (the server may have been unreachable)."""
    finished_join = Signal(bool, str)
    """(stored, the Russian message shown) after each attempt."""

    def __init__(self, data_dir: str | Path, join_fn: Join = join, parent=None, server_url: str = "",
                 url_locked: bool = False) -> None:  # fmt: skip
        """``server_url``: settings.yaml's ``team.server_url`` (the administrator's), filled in when this PC
        has no enrolment; ``url_locked``: the administrator locked it, and only it can be used."""
        super().__init__(parent)
        self.setWindowTitle(self.tr("Подключение к серверу команды"))
        self.data_dir = Path(data_dir)
        self._join = join_fn
        self._relay = _Relay(self)
        self._relay.done.connect(self._finish, Qt.ConnectionType.QueuedConnection)
        self.busy = False

        intro = QLabel(
            self.tr("Вставьте адрес сервера и токен, которые выдал руководитель. Журнал звонков останется на этом "
                    "компьютере; на сервер уходят только показатели звонков без данных клиентов."),
            wordWrap=True,
        )  # fmt: skip
        self.url_edit = QLineEdit(placeholderText="https://stats.example:8470")
        self.token_edit = QLineEdit(placeholderText=self.tr("токен руководителя или оператора"))
        self.token_edit.setEchoMode(QLineEdit.EchoMode.Password)  # a secret: not shown over the shoulder
        try:
            stored = TeamConfig.load(self.data_dir)
        except TeamError:
            stored = None
        if url_locked and server_url:
            self.url_edit.setText(server_url)
            self.url_edit.setReadOnly(True)
            self.url_edit.setToolTip(self.tr("Адрес сервера задал администратор."))
        elif stored is not None or server_url:
            self.url_edit.setText(stored.url if stored is not None else server_url)
        form = QFormLayout()
        form.addRow(self.tr("Адрес сервера:"), self.url_edit)
        form.addRow(self.tr("Токен:"), self.token_edit)
        self.result_label = QLabel(wordWrap=True)
        self.result_label.setTextFormat(Qt.TextFormat.PlainText)  # the server's words are plain text
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result_label.hide()
        self.buttons = QDialogButtonBox()
        self.join_button = QPushButton(self.tr("Подключить"), default=True)
        self.buttons.addButton(self.join_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.tr("Закрыть"), QDialogButtonBox.ButtonRole.RejectRole)
        self.join_button.clicked.connect(self.start_join)
        self.buttons.rejected.connect(self.reject)

        layout = self.column = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.result_label)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(min(480, self.screen().availableGeometry().width()))

    def start_join(self) -> None:
        """Asks the server on a worker thread; the answer is shown on the GUI thread."""
        if self.busy:
            return
        url, token = self.url_edit.text(), self.token_edit.text()
        if not url.strip():
            self._show(BAD, self.tr("Вставьте адрес сервера."))
            self.url_edit.setFocus()
            return
        if not token.strip():
            self._show(BAD, self.tr("Вставьте токен, выданный руководителем."))
            self.token_edit.setFocus()
            return
        self.busy = True
        self.join_button.setEnabled(False)
        self._show("palette(text)", self.tr("Подключение к серверу…"))
        relay, fn, folder = self._relay, self._join, self.data_dir

        def work() -> None:
            try:
                outcome: object = fn(url, token, folder)
            except Exception as exc:  # noqa: BLE001 - shown to the operator, never raised in a thread
                outcome = str(exc) or type(exc).__name__
            relay.done.emit(outcome)

        threading.Thread(target=work, name="team-join", daemon=True).start()

    def _finish(self, outcome: object) -> None:
        self.busy = False
        self.join_button.setEnabled(True)
        if isinstance(outcome, Joined):
            self.token_edit.clear()  # stored 0600 in the data folder; no need to keep it on screen
            self._show(GOOD if outcome.connected else LATER, outcome.message)
            self.finished_join.emit(True, outcome.message)
            self.joined.emit(outcome)
            return
        message = self.tr("Не подключено: {error}").format(error=outcome)
        self._show(BAD, message)
        self.finished_join.emit(False, message)

    def _show(self, colour: str, text: str) -> None:
        self.result_label.setStyleSheet(f"color: {colour};")
        self.result_label.setText(text)
        self.result_label.show()
        self._fit_height()

    def _fit_height(self) -> None:
        """Taller at the same width when the wrapped message needs it: a window's layout ignores height-for-width."""
        layout = self.column
        layout.activate()
        needed = layout.totalHeightForWidth(self.width()) if layout.hasHeightForWidth() else -1
        if needed > self.height():
            self.resize(self.width(), needed)
