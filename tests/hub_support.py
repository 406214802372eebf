"""The team server as the PBX hub (issue 25) for the tests: a real server process on a real PostgreSQL,
following a :class:`~tests.pbx_fakes.FakePbx` over a real AMI connection on 127.0.0.1."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import urllib.error
import urllib.request
import uuid

import pytest

from operator_assist.team.server.testing import free_port, stop_server

from .pbx_fakes import BASIC, SECRET, STATUS, FakePbx


class PbxHub:
    def __init__(self, db_url: str, pbx: FakePbx, extra: tuple[str, ...] = ()) -> None:
        self.db_url, self.pbx, self.extra = db_url, pbx, extra
        self.tokens: dict[str, str] = {}
        self.output: list[str] = []
        self.proc: subprocess.Popen | None = None
        self._reader: threading.Thread | None = None
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"

    def operator(self, login: str, extension: str | None = None, team: str = "Смена А") -> str:
        from operator_assist.team.server import db

        self.tokens[login] = db.add_operator(self.db_url, login, team, extension=extension)
        return self.tokens[login]

    def start(self, logins: int | None = None) -> None:
        """The server (a new process on the same port and database); back once the PBX has it logged in."""
        env = {**os.environ, "OPERATOR_ASSIST_AMI_SECRET": SECRET}  # the server's environment alone
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "operator_assist.team.server.cli", "serve", "--db", self.db_url,
             "--listen", f"127.0.0.1:{self.port}", "--ami", f"127.0.0.1:{self.pbx.port}", "--ami-user", "cti", *self.extra],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True, env=env,
        )  # fmt: skip
        proc = self.proc
        self._reader = threading.Thread(target=lambda: self.output.extend(proc.stdout), daemon=True)
        self._reader.start()
        self.pbx.wait_logged_in((logins or self.pbx.logins + 1))
        self.wait_healthy()

    def wait_healthy(self) -> None:
        from .pbx_fakes import wait_until

        def up() -> bool:
            try:
                urllib.request.urlopen(self.url + "/v1/health", timeout=2).close()
                return True
            except OSError:
                assert self.proc.poll() is None, "".join(self.output)
                return False

        wait_until(up, what="the team server")

    def stop(self) -> None:
        if self.proc is not None:
            stop_server(self.proc)
            self._reader.join(10)
            self.proc.stdout.close()
            self.proc = None

    def command(self, login: str, call_id: str, action: str, command_id: str = "k1") -> tuple[int, dict]:
        body = json.dumps({"call_id": call_id, "action": action, "id": command_id}).encode()
        request = urllib.request.Request(self.url + "/v1/commands", data=body, method="POST",
                                         headers={"Authorization": f"Bearer {self.tokens[login]}"})  # fmt: skip
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as exc:
            return exc.code, json.loads(exc.read())


@pytest.fixture
def pbx_hub(pg_cluster):
    """``make(operators={login: extension or None}, offered=…, extra=())`` → a started :class:`PbxHub`."""
    import psycopg

    made: list[PbxHub] = []

    def make(operators: dict[str, str | None], offered=BASIC + STATUS, extra: tuple[str, ...] = (), start: bool = True):
        name = f"hub_{uuid.uuid4().hex[:10]}"
        with psycopg.connect(pg_cluster.url, autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        from operator_assist.team.server import db

        db_url = pg_cluster.url_for(name)
        db.migrate(db_url)
        hub = PbxHub(db_url, FakePbx(offered), extra)
        made.append(hub)
        for login, extension in operators.items():
            hub.operator(login, extension)
        if start:
            hub.start()
        return hub

    yield make
    for hub in made:
        hub.stop()
        hub.pbx.close()
