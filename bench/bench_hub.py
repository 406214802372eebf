"""The team server as the PBX hub (issue 25): 300 agents on loopback, each desk following its own calls.

    python bench/bench_hub.py [--quick] [--seconds N]

A throwaway PostgreSQL (Debian's, as the tests), the real server (``operator-assist-server serve
--ami``) in its own process, and in this process a PBX that answers as Asterisk 22 does
(tests/pbx_fakes.py) and 300 desks, each subscribed to its operator's own stream (``/v1/stream``,
Server-Sent Events) on one asyncio loop. Every agent takes calls back to back, each the recorded
Asterisk 22 call (ringing, answered, the agent's hold and resume, the client's hold and resume,
the hangup) with its own channels and ids; 100 extensions nobody is mapped to take calls too. The
steps of a call are 1–4 s apart and 2–8 s pass between calls (about 14 calls a second in all, far
more than 300 agents' real traffic).

Figures: ``hub_latency_p50_ms`` / ``hub_latency_p99_ms`` (the PBX wrote the block that makes an
agent's event → that agent's desk has the event), ``hub_events`` (events that reached their
desk), ``hub_leaked`` (events that reached a desk they are not for: must be 0), ``hub_missed``
(events that never reached their desk: must be 0), ``hub_blocks_per_s`` (AMI blocks the PBX
sent) and ``hub_server_cpu_percent`` (the server process, percent of one core). 60 s measured
(quick: 15 s); about 75 s in all.
"""

from __future__ import annotations

import argparse
import asyncio
import heapq
import json
import os
import random
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from operator_assist.team.server.testing import TempCluster, free_port, pg_bin, stop_server  # noqa: E402
from tests.pbx_fakes import BASIC, SECRET, STATUS, FakePbx, linked_of, recorded_call  # noqa: E402

AGENTS = 300
STRANGERS = 100
"""Extensions that take calls and are nobody's: their events must reach no desk."""
STEP_S = (1.0, 4.0)
BETWEEN_S = (2.0, 8.0)
KINDS = ("ringing", "answered", "hold", "unhold", "hold", "unhold", "ended")


def extension(agent: int) -> str:
    return str(3000 + agent)


def enrol(url: str, agents: int) -> list[str]:
    """One operator per agent, with its extension: their tokens, straight into the tables."""
    import psycopg

    from operator_assist.team.server import db

    db.migrate(url)
    tokens = []
    with psycopg.connect(url, autocommit=True) as conn, conn.transaction():
        team = conn.execute("INSERT INTO teams (name) VALUES ('hub') RETURNING team_id").fetchone()[0]
        for agent in range(agents):
            token = db.new_token()
            operator = conn.execute("INSERT INTO operators (login, team_id, extension) VALUES (%s, %s, %s) RETURNING operator_id",
                                    (f"agent{agent:03d}", team, extension(agent))).fetchone()[0]  # fmt: skip
            conn.execute("INSERT INTO tokens (token_hash, operator_id) VALUES (%s, %s)", (db.hash_token(token), operator))
            tokens.append(token)
    return tokens


def start_hub(db_url: str, pbx: FakePbx) -> tuple[subprocess.Popen, int]:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "operator_assist.team.server.cli", "serve", "--db", db_url, "--listen", f"127.0.0.1:{port}",
         "--ami", f"127.0.0.1:{pbx.port}", "--ami-user", "cti"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        env={**os.environ, "OPERATOR_ASSIST_AMI_SECRET": SECRET},
    )  # fmt: skip
    pbx.wait_logged_in(1, timeout=60)
    return proc, port


class Plan:
    """Every call of the run: who takes it, its steps, and when each step is sent."""

    def __init__(self, agents: int, strangers: int, seconds: float, rng: random.Random, step_s=STEP_S,
                 between_s=BETWEEN_S) -> None:  # fmt: skip
        self.schedule: list[tuple[float, int, bytes, tuple[str, int] | None]] = []
        """(at, order, bytes, (call id, step) of an agent's call or None for a stranger's), a heap by time."""
        self.expected: dict[int, list[tuple[str, str]]] = {agent: [] for agent in range(agents)}
        """agent → (call id, kind) of every event its desk must get, in order."""
        self.sent_at: dict[tuple[str, int], float] = {}
        """(call id, step) → when the PBX wrote it (filled while the run goes)."""
        self.agent_of: dict[str, int] = {}
        """An agent's call id → the agent."""
        serial = 0
        for who in range(agents + strangers):
            at = rng.uniform(0.0, between_s[1])
            while at < seconds:
                serial += 1
                ext = extension(who) if who < agents else str(5000 + who)
                call_id = linked_of(serial)
                if who < agents:
                    self.agent_of[call_id] = who
                for step, data in enumerate(recorded_call(ext, str(7000 + who), serial)):
                    key = (call_id, step) if who < agents else None
                    heapq.heappush(self.schedule, (at, len(self.schedule), data, key))
                    if key is not None:
                        self.expected[who].append((call_id, KINDS[step]))
                    at += rng.uniform(*step_s)
                at += rng.uniform(*between_s)
        self.blocks = sum(data.count(b"\r\n\r\n") for _, _, data, _ in self.schedule)

    def play(self, pbx: FakePbx, started: float, stop: threading.Event) -> None:
        """On its own thread: each step written at its time (the PBX's pacing)."""
        schedule = list(self.schedule)
        while schedule and not stop.is_set():
            at, _, data, key = heapq.heappop(schedule)
            wait = started + at - time.monotonic()
            if wait > 0:
                stop.wait(wait)
            if key is not None:
                self.sent_at[key] = time.monotonic()
            pbx.send(data)


class Desks:
    def __init__(self, port: int, tokens: list[str]) -> None:
        self.port = port
        self.tokens = tokens
        self.received: dict[int, list[tuple[float, str, str]]] = {agent: [] for agent in range(len(tokens))}
        """agent → (when, call id, kind) of every call event its desk got."""
        self.snapshots = 0

    async def desk(self, agent: int, ready: asyncio.Event) -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", self.port)
        writer.write(f"GET /v1/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {self.tokens[agent]}\r\n"
                     f"Accept: text/event-stream\r\n\r\n".encode())  # fmt: skip
        await writer.drain()
        head = await reader.readuntil(b"\r\n\r\n")
        assert b" 200 " in head.split(b"\r\n", 1)[0], head
        event = None
        got = self.received[agent]
        try:
            while True:
                line = await reader.readline()
                if not line:
                    return
                if line.startswith(b"event: "):
                    event = line[7:].strip()
                elif line.startswith(b"data: "):
                    if event == b"call":
                        data = json.loads(line[6:])
                        got.append((time.monotonic(), data["call_id"], data["kind"]))
                    elif event == b"snapshot":
                        self.snapshots += 1
                        ready.set()
                # chunked framing lines (sizes) and blank lines are skipped
        finally:
            writer.close()


def measure(port: int, tokens: list[str], plan: Plan, pbx: FakePbx, seconds: float, server_pid: int | None = None) -> dict:
    desks = Desks(port, tokens)
    cpu = {}

    async def run() -> None:
        readies = [asyncio.Event() for _ in tokens]
        tasks = [asyncio.create_task(desks.desk(agent, ready)) for agent, ready in enumerate(readies)]
        await asyncio.wait_for(asyncio.gather(*(ready.wait() for ready in readies)), 120)
        stop = threading.Event()
        started = time.monotonic()
        player = threading.Thread(target=plan.play, args=(pbx, started, stop), daemon=True)
        if server_pid is not None:
            cpu["start"] = _cpu_seconds(server_pid)
        player.start()
        try:
            await asyncio.get_running_loop().run_in_executor(None, player.join)
            if server_pid is not None:
                cpu["percent"] = (_cpu_seconds(server_pid) - cpu["start"]) / (time.monotonic() - started) * 100
            deadline = time.monotonic() + 10.0  # the last events' way to their desks
            while time.monotonic() < deadline and sum(map(len, desks.received.values())) < sum(map(len, plan.expected.values())):
                await asyncio.sleep(0.05)
        finally:
            stop.set()
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

    asyncio.run(run())
    latencies, leaked, missed, events = [], 0, 0, 0
    for agent, expected in plan.expected.items():
        got = desks.received[agent]
        leaked += sum(1 for _, call_id, _ in got if plan.agent_of.get(call_id) != agent)
        own = [(call_id, kind) for _, call_id, kind in got if plan.agent_of.get(call_id) == agent]
        if own != expected[: len(own)]:  # out of order or wrong: all of it counts as missed
            missed += len(expected)
            continue
        missed += len(expected) - len(own)
        step_of: dict[str, int] = {}
        for at, call_id, _ in got:
            if plan.agent_of.get(call_id) != agent:
                continue
            step = step_of.get(call_id, 0)
            step_of[call_id] = step + 1
            latencies.append((at - plan.sent_at[(call_id, step)]) * 1000)
            events += 1
    latencies.sort()
    return {
        "hub_latency_p50_ms": round(statistics.median(latencies), 1) if latencies else None,
        "hub_latency_p99_ms": round(latencies[max(0, int(len(latencies) * 0.99) - 1)], 1) if latencies else None,
        "hub_events": events,
        "hub_leaked": leaked,
        "hub_missed": missed,
        "hub_blocks_per_s": round(plan.blocks / seconds, 1),
        "hub_server_cpu_percent": round(cpu["percent"], 1) if "percent" in cpu else None,
    }


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run(quick: bool = False, seconds: float | None = None) -> dict:
    binaries = pg_bin()
    if binaries is None:
        raise RuntimeError("PostgreSQL binaries missing: apt-get install postgresql")
    seconds = seconds or (15.0 if quick else 60.0)
    cluster = TempCluster(binaries)
    pbx = FakePbx(BASIC + STATUS)
    server = None
    try:
        cluster.start()
        tokens = enrol(cluster.url, AGENTS)
        server, port = start_hub(cluster.url, pbx)
        plan = Plan(AGENTS, STRANGERS, seconds, random.Random(25))
        return measure(port, tokens, plan, pbx, seconds, server.pid)
    finally:
        if server is not None:
            stop_server(server)
        pbx.close()
        cluster.destroy()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--seconds", type=float, default=None)
    args = parser.parse_args()
    print(json.dumps(run(args.quick, args.seconds), ensure_ascii=False))
