"""The live floor at scale (issue 23): 500 desks on loopback changing state every 5–20 s, 20 boards.

    python bench/bench_live.py [--quick] [--seconds N]

A throwaway PostgreSQL (Debian's, as the tests) and the real server (``operator-assist-server
serve``) in its own process. 500 operators in 25 teams; 20 of the teams have a board subscribed
(``/v1/teams/NAME/live``, Server-Sent Events). Each desk is a real HTTP client with its own
kept-alive connection: it reports a new state every 5–20 s (uniformly random) and repeats its
state as a heartbeat every 10 s while nothing changes, exactly as the app's reporter does.
All desks and boards run on one asyncio loop in this process.

Figures: ``live_latency_p50_ms`` / ``live_latency_p99_ms`` (a desk's report sent → the board
has the event), ``live_server_cpu_percent`` (the server process's user+system CPU over the
measured window, percent of one core), ``live_dropped`` (changes acknowledged by the server that
never reached their board, plus reports the server did not acknowledge), ``live_changes``,
``live_reports_per_s``. 60 s measured (quick: 20 s) after a 10 s ramp; about 75 s in all.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from operator_assist.team.server.testing import TempCluster, pg_bin, start_server, stop_server  # noqa: E402

DESKS = 500
TEAMS = 25
BOARDS = 20
CHANGE_S = (5.0, 20.0)
HEARTBEAT_S = 10.0
RAMP_S = 10.0
STATES = ("talking", "lookup", "hold", "talking", "wrapup", "idle")


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _enrol(url: str) -> tuple[list[tuple[str, str, int]], list[tuple[str, str]]]:
    """(login, token, team) per desk and (team, lead token) per board, straight into the tables."""
    import psycopg

    from operator_assist.team.server import db

    db.migrate(url)
    desks, leads = [], []
    with psycopg.connect(url, autocommit=True) as conn, conn.transaction():
        for t in range(TEAMS):
            team_id = conn.execute("INSERT INTO teams (name) VALUES (%s) RETURNING team_id", (f"team{t:02d}",)).fetchone()[0]
            for n in range(DESKS // TEAMS + (1 if t < BOARDS else 0)):
                lead = n == DESKS // TEAMS
                login = f"lead{t:02d}" if lead else f"op{t:02d}{n:02d}"
                token = db.new_token()
                operator = conn.execute("INSERT INTO operators (login, team_id, is_lead) VALUES (%s, %s, %s) RETURNING operator_id",
                                        (login, team_id, lead)).fetchone()[0]  # fmt: skip
                conn.execute("INSERT INTO tokens (token_hash, operator_id) VALUES (%s, %s)", (db.hash_token(token), operator))
                (leads.append((f"team{t:02d}", token)) if lead else desks.append((login, token, t)))
    return desks, leads


class Bench:
    def __init__(self, port: int, seconds: float) -> None:
        self.port = port
        self.seconds = seconds
        self.sent: dict[str, list[tuple[float, str]]] = {}
        """login → (sent at, state) per acknowledged change, in order."""
        self.received: dict[str, list[tuple[float, str]]] = {}
        self.reports = 0
        self.refused = 0
        self.stop_at = 0.0

    async def desk(self, login: str, token: str, rng: random.Random) -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", self.port)
        state, since = "idle", time.monotonic()
        await asyncio.sleep(rng.uniform(0, RAMP_S))
        next_change = time.monotonic()
        last_report = 0.0
        step = rng.randrange(len(STATES))
        try:
            while time.monotonic() < self.stop_at:
                now = time.monotonic()
                changed = now >= next_change
                if changed:
                    step = (step + 1) % len(STATES)
                    state, since = STATES[step], now
                    next_change = now + rng.uniform(*CHANGE_S)
                elif now - last_report < HEARTBEAT_S:
                    await asyncio.sleep(min(next_change, last_report + HEARTBEAT_S) - now)
                    continue
                body = json.dumps({"state": state, "elapsed": round(now - since, 3), "limit": 120.0, "warning": None,
                                   "dead_air": False, "listening": "on", "telephony": "connected",
                                   "heartbeat": HEARTBEAT_S}).encode()  # fmt: skip
                sent = time.monotonic()
                writer.write(b"PUT /v1/live HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token.encode()
                             + b"\r\nContent-Type: application/json\r\nContent-Length: " + str(len(body)).encode()
                             + b"\r\n\r\n" + body)  # fmt: skip
                await writer.drain()
                status = await self._status(reader)
                last_report = sent
                self.reports += 1
                if status != 204:
                    self.refused += 1
                elif changed:
                    self.sent.setdefault(login, []).append((sent, state))
        finally:
            writer.close()

    @staticmethod
    async def _status(reader: asyncio.StreamReader) -> int:
        head = await reader.readuntil(b"\r\n\r\n")
        status = int(head.split(b" ", 2)[1])
        length = 0
        for line in head.split(b"\r\n"):
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        if length:
            await reader.readexactly(length)
        return status

    async def board(self, team: str, token: str, ready: asyncio.Event) -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", self.port)
        writer.write(f"GET /v1/teams/{urllib.parse.quote(team)}/live HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                     f"Authorization: Bearer {token}\r\nAccept: text/event-stream\r\n\r\n".encode())  # fmt: skip
        await writer.drain()
        await reader.readuntil(b"\r\n\r\n")
        ready.set()
        event = None
        try:
            while True:
                line = await reader.readline()
                if not line:
                    return
                if line.startswith(b"event: "):
                    event = line[7:].strip()
                elif line.startswith(b"data: ") and event == b"desk":
                    desk = json.loads(line[6:])
                    self.received.setdefault(desk["login"], []).append((time.monotonic(), desk["state"]))
                # chunked framing lines (sizes) and blank lines are skipped
        finally:
            writer.close()

    async def run(self, desks, leads) -> None:
        readies = []
        boards = []
        for team, token in leads:
            ready = asyncio.Event()
            readies.append(ready.wait())
            boards.append(asyncio.create_task(self.board(team, token, ready)))
        await asyncio.gather(*readies)
        self.stop_at = time.monotonic() + RAMP_S + self.seconds
        rng = random.Random(23)
        await asyncio.gather(*(self.desk(login, token, random.Random(rng.random())) for login, token, _ in desks))
        await asyncio.sleep(3.0)  # the last changes' way to the boards
        for task in boards:
            task.cancel()
        await asyncio.gather(*boards, return_exceptions=True)


def run(quick: bool = False, seconds: float | None = None) -> dict:
    binaries = pg_bin()
    if binaries is None:
        raise RuntimeError("PostgreSQL binaries missing: apt-get install postgresql")
    seconds = seconds or (20.0 if quick else 60.0)
    cluster = TempCluster(binaries)
    server = None
    try:
        cluster.start()
        desks, leads = _enrol(cluster.url)
        server, url = start_server("--db", cluster.url)
        bench = Bench(int(url.rsplit(":", 1)[1]), seconds)
        watched = {team for team, _ in leads}

        async def measured() -> tuple[float, float]:
            task = asyncio.create_task(bench.run(desks, leads))
            await asyncio.sleep(RAMP_S + 2)  # every board subscribed, every desk reporting
            cpu0, wall0 = _cpu_seconds(server.pid), time.monotonic()
            await asyncio.sleep(seconds - 2)
            cpu = (_cpu_seconds(server.pid) - cpu0) / (time.monotonic() - wall0) * 100
            await task
            return cpu, seconds

        cpu, _ = asyncio.run(measured())
        latencies, dropped, changes = [], bench.refused, 0
        for login, token, team in desks:
            if f"team{team:02d}" not in watched:
                continue
            sent = bench.sent.get(login, [])
            got = [r for r in bench.received.get(login, [])]
            changes += len(sent)
            # The board gets the desk's changes in order: match them one to one.
            i = 0
            for at, state in sent:
                while i < len(got) and got[i][1] != state:
                    i += 1
                if i == len(got):
                    dropped += 1
                    continue
                latencies.append((got[i][0] - at) * 1000)
                i += 1
        latencies.sort()
        return {
            "live_latency_p50_ms": round(statistics.median(latencies), 1) if latencies else None,
            "live_latency_p99_ms": round(latencies[int(len(latencies) * 0.99) - 1], 1) if latencies else None,
            "live_server_cpu_percent": round(cpu, 1),
            "live_dropped": dropped,
            "live_changes": changes,
            "live_reports_per_s": round(bench.reports / (RAMP_S + seconds), 1),
        }
    finally:
        if server is not None:
            stop_server(server)
        cluster.destroy()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--seconds", type=float, default=None)
    args = parser.parse_args()
    print(json.dumps(run(args.quick, args.seconds), ensure_ascii=False))
