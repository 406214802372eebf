"""A throwaway PostgreSQL cluster for tests and the benchmark (Debian's postgresql package).

initdb refuses to run as root, so as root the cluster belongs to the ``postgres`` user and
lives in a ``mkdtemp`` dir chowned to it (pytest's own tmp dirs are not enterable by it).
It listens on 127.0.0.1 only, with fsync off. :meth:`kill` is a crash (SIGKILL to the
postmaster and its children); :meth:`start` again recovers from the WAL.
:func:`start_server` / :func:`stop_server` run the real team server beside it.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PG_BIN_DIRS = ("/usr/lib/postgresql/17/bin", "/usr/lib/postgresql/16/bin", "/usr/lib/postgresql/15/bin")
APT_HINT = "apt-get install postgresql"


def pg_bin() -> Path | None:
    for folder in PG_BIN_DIRS:
        if Path(folder, "initdb").is_file() and Path(folder, "pg_ctl").is_file():
            return Path(folder)
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class TempCluster:
    def __init__(self, bin_dir: Path) -> None:
        self.bin = bin_dir
        self.root = Path(tempfile.mkdtemp(prefix="oa-pg-"))
        self.data = self.root / "data"
        self.port = free_port()
        self._as_postgres = os.geteuid() == 0
        self._proc: subprocess.Popen | None = None
        if self._as_postgres:
            import pwd

            pw = pwd.getpwnam("postgres")
            os.chown(self.root, pw.pw_uid, pw.pw_gid)
        os.chmod(self.root, 0o700)
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8",
                  "--locale=C.UTF-8")  # fmt: skip

    def _cmd(self, tool: str, *args: str) -> list[str]:
        cmd = [str(self.bin / tool), *args]
        return ["runuser", "-u", "postgres", "--", *cmd] if self._as_postgres else cmd

    def _run(self, tool: str, *args: str, timeout: float = 60.0) -> None:
        proc = subprocess.run(self._cmd(tool, *args), capture_output=True, text=True, timeout=timeout, cwd=self.root)
        if proc.returncode != 0:
            raise RuntimeError(f"{tool} failed ({proc.returncode}): {proc.stdout}\n{proc.stderr}")

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def url_for(self, dbname: str) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{dbname}"

    def start(self, timeout: float = 30.0) -> None:
        """Runs the postmaster as our own child (so a killed one is reaped, not left a zombie)."""
        args = [
            "-D", str(self.data), "-p", str(self.port), "-k", str(self.root),
            "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "synchronous_commit=off",
            "-c", "full_page_writes=off", "-c", "max_connections=60", "-c", "shared_buffers=128MB",
        ]  # fmt: skip
        log = open(self.root / "log", "ab")  # noqa: SIM115 - the child keeps it
        try:
            self._proc = subprocess.Popen(
                self._cmd("postgres", *args), stdout=log, stderr=log, cwd=self.root, start_new_session=True
            )
        finally:
            log.close()
        deadline = time.monotonic() + timeout
        while True:
            ready = subprocess.run(
                [str(self.bin / "pg_isready"), "-h", "127.0.0.1", "-p", str(self.port), "-t", "1"],
                capture_output=True,
            )
            if ready.returncode == 0:
                return
            if self._proc.poll() is not None or time.monotonic() > deadline:
                tail = (self.root / "log").read_text(errors="replace")[-2000:]
                self.kill()
                raise RuntimeError(f"PostgreSQL did not start:\n{tail}")
            time.sleep(0.1)

    def postmaster_pid(self) -> int | None:
        try:
            return int((self.data / "postmaster.pid").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return None

    def kill(self, timeout: float = 30.0) -> None:
        """A crash: SIGKILL to the postmaster and all its children, then wait until they are gone."""
        pid = self.postmaster_pid()
        if pid is None:
            return
        family = [pid, *children(pid)]
        for p in family:
            try:
                os.kill(p, signal.SIGKILL)
            except ProcessLookupError:
                pass
        deadline = time.monotonic() + timeout
        if self._proc is not None:
            self._proc.wait(timeout=timeout)  # runuser reaps the postmaster, we reap runuser
            self._proc = None
        while any(_alive(p) for p in family):
            if time.monotonic() > deadline:
                raise RuntimeError("PostgreSQL did not die")
            time.sleep(0.05)

    def stop(self) -> None:
        """A fast shutdown (SIGINT), a kill if it takes too long."""
        pid = self.postmaster_pid()
        if pid is None or self._proc is None:
            self.kill()
            return
        try:
            os.kill(pid, signal.SIGINT)
            self._proc.wait(timeout=30)
            self._proc = None
        except (ProcessLookupError, subprocess.TimeoutExpired):
            self.kill()

    def destroy(self) -> None:
        try:
            self.stop()
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return False
    return fields[0] != "Z"


def start_server(*args: str, timeout: float = 60.0, output=subprocess.DEVNULL) -> tuple[subprocess.Popen, str]:
    """``operator-assist-server serve ARGS`` on a free loopback port, in its own process group; returns
    the process and its URL once ``/v1/health`` answers. End it with :func:`stop_server`."""
    import urllib.request

    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "operator_assist.team.server.cli", "serve", *args, "--listen", f"127.0.0.1:{port}"],
        stdout=output, stderr=subprocess.STDOUT if output is subprocess.PIPE else output, text=True,
        start_new_session=True,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while True:
        try:
            urllib.request.urlopen(url + "/v1/health", timeout=2).close()
            return proc, url
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                stop_server(proc)
                raise RuntimeError(f"the team server did not start ({proc.returncode})") from None
            time.sleep(0.1)


def stop_server(proc: subprocess.Popen, timeout: float = 15.0) -> None:
    """SIGTERM to its process group (a graceful stop), SIGKILL if that takes too long."""
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=timeout)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            proc.wait(timeout=timeout)
