"""The bench's window probes run on today's window (bench/run.py's figures come from them).

They reach into the window as the app builds it; a refactoring that moves what they wait for
must fail here, in the suite, not in the next bench run."""

from pathlib import Path

BENCH = Path(__file__).resolve().parents[1] / "bench"


def test_the_panel_probe_loads_the_phrases_and_presses_the_keys(qapp, tmp_path, monkeypatch):
    monkeypatch.syspath_prepend(str(BENCH))
    import bench_panel

    found = bench_panel.key_stalls(tmp_path, 40, 1)
    assert found["key_stall_10k_phrases_ms"] >= 0 and len(found["key_stalls_worst"]) == 3
