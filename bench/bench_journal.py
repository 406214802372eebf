"""Journal write latency: one event, commit included, into a journal of 100 000 events.

    python bench/bench_journal.py [--quick]

``run()`` is called by bench/run.py; ``journal_write_ms`` (the median) is the
figure with a target, the rest are details.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from operator_assist.core.events import Event
from operator_assist.core.events import EventKind as K
from operator_assist.core.journal import Journal

PREFILL = 100_000
T0 = 1_790_000_000.0

# A typical call, in the engine's own payloads: 10 events.
_CALL = (
    (K.CALL_STARTED, {"role": "specialist", "offer_source": "demo"}),
    (K.LOOKUP_STARTED, {}),
    (K.SILENCE_WARNING, {"threshold": 10.0}),
    (K.LOOKUP_ENDED, {"duration": 11.2}),
    (K.HOLD_STARTED, {"limit": 120.0, "role": "specialist", "index": 1}),
    (K.HOLD_ENDED, {"duration": 42.5, "limit": 120.0, "over_limit": False, "long_wait": False, "index": 1}),
    (K.PHRASE_COPIED, {"phrase_id": "hold.thanks"}),
    (K.OFFER_SHOWN, {"offer_id": "tariff-smart", "source": "demo"}),
    (K.OFFER_OUTCOME, {"offer_id": "tariff-smart", "outcome": "declined", "reason": None}),
    (K.CALL_ENDED, {"duration": 180.0}),
)


def _events(count: int, first_call: int = 0):
    n = 0
    call = first_call
    while True:
        call_id = f"{call:032x}"
        base = T0 + call * 300.0
        for step, (kind, data) in enumerate(_CALL):
            if n == count:
                return
            yield Event(kind, base + step, base + step, call_id, dict(data))
            n += 1
        call += 1


def run(quick: bool = False) -> dict:
    writes = 200 if quick else 500
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "journal.sqlite3"
        journal = Journal.open(path)
        try:
            started = time.perf_counter()
            journal.record_many(_events(PREFILL))  # one transaction: filling is not what we measure
            fill_s = time.perf_counter() - started
            timings = []
            for event in _events(writes, first_call=PREFILL):
                t = time.perf_counter()
                journal.record(event)
                timings.append((time.perf_counter() - t) * 1000)
        finally:
            journal.close()
        size_mib = path.stat().st_size / 2**20
    timings.sort()
    return {
        "journal_write_ms": round(statistics.median(timings), 4),
        "journal_write_p99_ms": round(timings[int(len(timings) * 0.99) - 1], 4),
        "journal_write_max_ms": round(timings[-1], 4),
        "journal_prefill": {"events": PREFILL, "seconds": round(fill_s, 2), "file_mib": round(size_mib, 1)},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer measured writes")
    args = parser.parse_args(argv)
    result = run(quick=args.quick)
    print(json.dumps(result, ensure_ascii=False))
    print(f"journal_write_ms {result['journal_write_ms']} (target ≤ 2.0)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
