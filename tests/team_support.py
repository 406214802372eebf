"""Real PostgreSQL and a real team server for the team tests (imported by conftest.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
import urllib.request
import uuid

import pytest

from operator_assist.team.server.testing import APT_HINT, TempCluster, free_port, pg_bin, stop_server


def require_postgres():
    found = pg_bin()
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL binaries missing under CI: {APT_HINT}")
        pytest.skip(f"PostgreSQL binaries missing: {APT_HINT}")
    return found


@pytest.fixture(scope="session")
def pg_cluster():
    cluster = TempCluster(require_postgres())
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.destroy()


class TeamServer:
    def __init__(self, cluster: TempCluster, db_url: str, port: int, proc: subprocess.Popen) -> None:
        self.cluster, self.db_url, self.port, self.proc = cluster, db_url, port, proc
        self.url = f"http://127.0.0.1:{port}"
        self.output: list[str] = []
        """The server's stdout and stderr lines so far (its log)."""

    def enrol(self, login: str | None = None, team: str | None = None, lead: bool = False, tz: str = "Europe/Moscow"):
        from operator_assist.team.server import db

        login = login or f"op-{uuid.uuid4().hex[:8]}"
        team = team or f"team-{uuid.uuid4().hex[:8]}"
        return login, team, db.add_operator(self.db_url, login, team, lead=lead, tz=tz)

    def sql(self, query: str, params=()):
        import psycopg

        with psycopg.connect(self.db_url, autocommit=True) as conn:
            return conn.execute(query, params).fetchall()

    def wait_healthy(self, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(self.url + "/v1/health", timeout=2) as r:
                    if json.loads(r.read()).get("ok"):
                        return
            except OSError:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"team server did not come up ({self.proc.poll()})")
            time.sleep(0.1)


stop_process_group = stop_server


@pytest.fixture(scope="session")
def team_server(pg_cluster):
    import psycopg

    name = "team_tests"
    with psycopg.connect(pg_cluster.url, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    db_url = pg_cluster.url_for(name)
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "operator_assist.team.server.cli", "serve", "--db", db_url, "--listen", f"127.0.0.1:{port}"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        text=True,
    )
    server = TeamServer(pg_cluster, db_url, port, proc)
    reader = threading.Thread(target=lambda: server.output.extend(proc.stdout), daemon=True)  # never a full pipe
    reader.start()
    try:
        server.wait_healthy()
        yield server
    finally:
        stop_process_group(proc)
        reader.join(10)
        proc.stdout.close()
