"""Thousands of phrases saved into the user's phrases/ while a call is on hold (issue 28 #1).

The folder watcher reloads them on its thread; the window's loop keeps running, the keys
work, the new phrases are found. Before, the window froze for 16–37 s. What stalls the
loop now is the loader thread's share of the interpreter (its full garbage collections,
the parse cache's pickling), which a loaded machine stretches: the limit is generous and
the table shows the figure. The bench measures it with 10,000 phrases
(``add_10k_phrases_stall_ms``, beside ``key_stall_10k_phrases_ms``: bench/bench_panel.py).
"""

from __future__ import annotations

from pathlib import Path

from tests.conftest import type_text

from .conftest import StallMeter
from .test_fault_suite import call_with, lost_events, window_with

PHRASES = 3000
STALL_LIMIT_MS = 1000.0
STATES = ("idle", "talking", "lookup", "hold", "hold_long", "hold_limit", "resumed", "resumed_long", "wrapup")


def write_phrases(folder: Path, count: int, files: int = 3) -> None:
    folder.mkdir(exist_ok=True)
    for f in range(files):
        lines = [f"category: many{f}", f"label: Свои {f + 1}", "phrases:"]
        for n in range(f, count, files):
            lines += [
                f"  - id: many.p{n}",
                f"    title: Своя фраза {n}",
                f"    text: Своя фраза номер {n}, которую оператор добавил для своих клиентов.",
                f"    states: [{STATES[n % len(STATES)]}]",
            ]
        (folder / f"many{f}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_thousands_of_phrases_saved_during_a_hold(qtbot, paths, fault_row):
    window, clock, _ = window_with(qtbot, paths)
    qtbot.waitUntil(lambda: window.phrase_files.watching)
    meter = StallMeter()

    def settled() -> bool:
        return f"many.p{PHRASES - 1}" in window.phrases.library and not window.phrase_files.busy

    def fault():
        write_phrases(paths.phrases_dir, PHRASES)
        meter.measure_now()
        meter.longest_ms = 0.0  # writing the files is the test's own work, not the app's
        qtbot.waitUntil(settled, timeout=30000)  # the watcher's reload, on its thread
        type_text(window.phrases.search, f"номер {PHRASES - 1}")
        found = window.phrases.visible_ids()
        window.phrases.search.clear()
        return f"{len(window.phrases.library)} фраз; поиск: {', '.join(found)}"

    message = call_with(qtbot, window, clock, fault)
    stall = meter.measure_now()
    window.close()
    lost = lost_events(paths)
    fault_row(f"{PHRASES:,} phrases saved into phrases/ mid-hold", stall, lost, message)
    assert stall < STALL_LIMIT_MS
    assert lost == 0
    assert message.endswith(f"поиск: many.p{PHRASES - 1}")
