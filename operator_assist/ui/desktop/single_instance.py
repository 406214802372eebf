"""One assistant per desk: a second start brings the running window to the front.

Two windows on one journal would mean two tray icons, two journal writers and a «key taken»
notice about the assistant itself. The first start for a data dir takes a lock file in it
(``QLockFile``: a crashed holder's lock is taken over) and, once its window is painted,
listens on a local socket (``QLocalServer``: a Unix socket in ``$XDG_RUNTIME_DIR``, a named
pipe on Windows) for one-line requests:

- ``raise``: the window (or the compact view) comes to the front — a second start sends it
  and exits 0 instead of opening a window;
- ``team-joined``: ``operator-assist team-join`` enrolled this PC; shipping starts now, not
  at the next start.

``operator-assist event …`` reaches the running app as before, through the inbox (telephony/inbox.py).
``--exit-after-startup`` (a smoke test) and ``demo`` take no part: they never hold the desk.
"""

from __future__ import annotations

import atexit
import logging
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from ...core.files import make_private_dir
from ...i18n import translate

if TYPE_CHECKING:
    from PySide6.QtCore import QObject
    from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger(__name__)

LOCK_NAME = "window.lock"
RAISE, TEAM_JOINED = b"raise", b"team-joined"
ANSWER_WAIT_MS = 3000
"""How long a client waits for the running app's answer once connected."""
STARTING_WAIT = 15.0
"""Seconds a second start keeps knocking while the first is still on its way to its first paint."""


def server_name(data_dir: str | os.PathLike[str]) -> str:
    """The socket's name for this data dir and user: a path in the private runtime dir where there is one."""
    import hashlib  # here, after the first paint: its OpenSSL is no part of the way to the window

    key = f"{getattr(os, 'getuid', lambda: 0)()}:{os.path.realpath(data_dir)}"
    name = "operator-assist-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime and os.name != "nt" and os.path.isdir(runtime):
        return os.path.join(runtime, name)
    return name  # Qt puts it in the temp dir (Unix) or makes it a named pipe (Windows)


def _beside_socket(data_dir: str | os.PathLike[str]) -> str:
    name = server_name(data_dir)
    if os.path.isabs(name):
        return name + ".lock"
    import tempfile

    return os.path.join(tempfile.gettempdir(), name + ".lock")


def tell(data_dir: str | os.PathLike[str], request: bytes, wait: float = 0.0) -> bool:
    """Sends ``request`` to the app running on ``data_dir``; True when it answered. ``wait``: seconds to keep
    trying while nothing listens yet (a first start still on its way to the window)."""
    from PySide6.QtNetwork import QLocalSocket

    deadline = time.monotonic() + wait
    name = server_name(data_dir)
    while True:
        socket = QLocalSocket()
        socket.connectToServer(name)
        if socket.waitForConnected(500):
            socket.write(request + b"\n")
            socket.waitForBytesWritten(ANSWER_WAIT_MS)
            answered = socket.waitForReadyRead(ANSWER_WAIT_MS) and bytes(socket.readLine().data()).strip() == b"ok"
            socket.disconnectFromServer()
            return answered
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.1)


class Desk:
    """The data dir's lock, held while this app runs, and the socket it listens on after its first paint."""

    def __init__(self, data_dir: str | os.PathLike[str]) -> None:
        from PySide6.QtCore import QLockFile

        self.data_dir = Path(data_dir)
        self.server: QLocalServer | None = None
        make_private_dir(self.data_dir)
        self._lock = QLockFile(str(self.data_dir / LOCK_NAME))
        self._lock.setStaleLockTime(0)  # a holder is stale only when its process is gone, never by age

    def claim(self) -> bool:
        """True: this app is the desk's (the lock is held until it quits); False: another app has it."""
        from PySide6.QtCore import QLockFile

        if not self._lock.tryLock(0):
            if self._lock.error() is QLockFile.LockError.LockFailedError:
                return False
            # No lock file can be made in the data dir (a read-only folder): the app still runs, its events
            # set aside by the journal, and the desk's lock goes beside its socket instead.
            log.warning("no lock file in %s; the desk's lock is kept beside its socket", self.data_dir)
            self._lock = QLockFile(_beside_socket(self.data_dir))
            self._lock.setStaleLockTime(0)
            if not self._lock.tryLock(0):
                return self._lock.error() is not QLockFile.LockError.LockFailedError
        atexit.register(self.release)
        return True

    def raise_running(self) -> int:
        """A second start: asks the running app to come to the front; the exit code for this one."""
        if tell(self.data_dir, RAISE, wait=STARTING_WAIT):
            print(translate("app", "operator-assist: помощник уже запущен — его окно выведено на передний план."), file=sys.stderr)
            return 0
        print(translate("app", "operator-assist: помощник уже запущен (папка данных {path}), но не отвечает; "
                               "второе окно не открыто.").format(path=self.data_dir), file=sys.stderr)  # fmt: skip
        return 1

    def listen(self, parent: QObject, show_front: Callable[[], None], team_joined: Callable[[], None]) -> None:
        """Answers the requests (module docstring); the server is ``parent``'s child."""
        from PySide6.QtNetwork import QLocalServer

        self._actions = {RAISE: show_front, TEAM_JOINED: team_joined}
        server = QLocalServer(parent)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        name = server_name(self.data_dir)
        QLocalServer.removeServer(name)  # a crashed app's socket file: we hold the lock, so it is not in use
        if not server.listen(name):
            log.warning("a second start cannot reach this window: %s", server.errorString())
            return
        server.newConnection.connect(lambda: self._accept(server))
        self.server = server

    def _accept(self, server: QLocalServer) -> None:
        while (connection := server.nextPendingConnection()) is not None:
            connection.readyRead.connect(lambda c=connection: self._answer(c))
            connection.disconnected.connect(connection.deleteLater)

    def _answer(self, connection: QLocalSocket) -> None:
        if not connection.canReadLine():
            if connection.bytesAvailable() > 64:  # not one of ours
                connection.abort()
            return
        action = self._actions.get(bytes(connection.readLine().data()).strip())
        if action is not None:
            action()  # first: "ok" says it is done
        connection.write(b"ok\n" if action else b"unknown\n")
        connection.flush()
        connection.disconnectFromServer()

    def release(self) -> None:
        if self.server is not None:
            try:
                self.server.close()
            except RuntimeError:  # its window (the parent) is gone, and the server with it
                pass
            self.server = None
        self._lock.unlock()
