"""Statistics over a year: ``operator-assist stats`` on a seeded journal of 100,000 calls.

    python bench/bench_stats.py [--quick]

The journal is written through ``Journal.record_many`` with the events the app writes for a call,
heartbeats included as the app keeps them (a call's latest one). ``stats_year_s`` is the median
wall time of the whole command over the year (Python's start included), run as a user runs it.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from operator_assist.core.events import Event
from operator_assist.core.events import EventKind as K
from operator_assist.core.journal import Journal

CALLS = 100_000
DAYS = 365


def _calls(count: int, first_day: date, rng: random.Random):
    """A working year: ``count`` calls over DAYS days, 09:00–18:00, a third with a hold, some over."""
    per_day = count / DAYS
    for n in range(count):
        day = first_day + timedelta(days=int(n / per_day))
        start = datetime(day.year, day.month, day.day, 9).timestamp() + (n % per_day) / per_day * 9 * 3600
        cid = f"{n:032x}"
        talk = rng.uniform(60, 420)
        mono = start - 1_700_000_000
        events = [(K.CALL_STARTED, 0.0, {"role": "specialist", "offer_source": "demo", "origin": "window"})]
        if rng.random() < 0.4:
            events += [(K.LOOKUP_STARTED, 20.0, {"origin": "window"})]
            if rng.random() < 0.2:
                events += [(K.SILENCE_WARNING, 30.0, {"threshold": 10.0, "origin": "window"})]
            events += [(K.LOOKUP_ENDED, 35.0, {"duration": 15.0, "origin": "window"})]
        if rng.random() < 0.33:
            hold = rng.uniform(20, 160)
            events += [(K.HOLD_STARTED, 40.0, {"limit": 120.0, "role": "specialist", "index": 1, "origin": "window"})]
            if hold > 120:
                events += [(K.HOLD_LIMIT_REACHED, 160.0, {"limit": 120.0, "origin": "window"})]
            events += [(K.HOLD_ENDED, 40.0 + hold, {"duration": hold, "limit": 120.0, "over_limit": hold > 120,
                                                   "long_wait": hold > 60, "index": 1, "origin": "window"})]  # fmt: skip
        events += [(K.PHRASE_COPIED, 2.0, {"phrase_id": "greeting.default", "origin": "window"}),
                   (K.PHRASE_COPIED, talk - 5, {"phrase_id": "farewell.all_best", "origin": "window"})]  # fmt: skip
        if rng.random() < 0.5:
            outcome = rng.choice(("accepted", "declined", "not_voiced"))
            events += [(K.OFFER_SHOWN, 1.0, {"offer_id": "tariff-smart", "source": "demo"}),
                       (K.OFFER_OUTCOME, talk, {"offer_id": "tariff-smart", "outcome": outcome, "origin": "window"})]  # fmt: skip
        beat = 5.0 * int(talk // 5)
        events += [(K.CALL_HEARTBEAT, beat, {"elapsed": beat}), (K.CALL_ENDED, talk, {"duration": talk, "origin": "window"})]
        for kind, at, data in sorted(events, key=lambda e: e[1]):
            yield Event(kind, mono + at, start + at, cid, data)


def seed(path: Path, count: int, today: date) -> dict:
    started = time.perf_counter()
    with Journal.open(path) as journal:
        events = journal.record_many(_calls(count, today - timedelta(days=DAYS - 1), random.Random(7)))
    return {"calls": count, "events": events, "seconds": round(time.perf_counter() - started, 1),
            "file_mib": round(path.stat().st_size / 2**20, 1)}  # fmt: skip


def run(quick: bool = False) -> dict:
    count = 20_000 if quick else CALLS
    today = date.today()
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        seeded = seed(data / "journal.sqlite3", count, today)
        command = [sys.executable, "-m", "operator_assist", "stats", "--data-dir", str(data), "--json",
                   "--from", (today - timedelta(days=DAYS - 1)).isoformat(), "--to", today.isoformat()]  # fmt: skip
        subprocess.run(command, capture_output=True, env=env, check=True)  # the file in the page cache, as after use
        times, calls = [], None
        for _ in range(3 if quick else 5):
            t = time.perf_counter()
            out = subprocess.run(command, capture_output=True, text=True, env=env, check=True).stdout
            times.append(time.perf_counter() - t)
            calls = json.loads(out)["calls"]
        default = [sys.executable, "-m", "operator_assist", "stats", "--data-dir", str(data), "--json"]
        t = time.perf_counter()
        subprocess.run(default, capture_output=True, env=env, check=True)
        default_s = time.perf_counter() - t
    return {
        "stats_year_s": round(statistics.median(times), 3),
        "stats_year": {"runs_s": [round(t, 3) for t in times], "calls_counted": calls, "journal": seeded,
                       "default_30_days_s": round(default_s, 3)},  # fmt: skip
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true")
    print(json.dumps(run(parser.parse_args().quick), ensure_ascii=False, indent=2))
