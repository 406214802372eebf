"""The .deb's bundle: its size, the package's size, and its start against the venv's app, paired in one run.

    python bench/bench_bundle.py [--quick] [--no-build]

Builds the bundle and the .deb from this checkout (scripts/build-bundle, scripts/build-deb; about
a minute and a half here, more on a busy machine), then starts both apps with
``--exit-after-startup`` on the offscreen platform, alternating, each with its own fresh data dir
warmed by one start: ``bundle_first_paint_wall_ms`` is the bundle's wall time from spawn to its
first paint (the median of the rounds), ``bundle_first_paint_ratio`` the median of the
round-by-round ratios to the venv's app (target ≤ 1.2). ``run()`` is called by bench/run.py.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

from operator_assist import __version__  # noqa: E402

BUNDLE = ROOT / "dist" / "operator-assist"
DEB = ROOT / "dist" / f"operator-assist_{__version__}_amd64.deb"
MIB = 2**20


def build() -> float:
    """Builds the bundle and the .deb (no lintian: the package test runs it); the seconds it took."""
    import time

    started = time.monotonic()
    env = dict(os.environ, PYTHON=sys.executable)
    subprocess.run([str(ROOT / "scripts" / "build-deb"), "--no-lintian"], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    return time.monotonic() - started


def size_mib(path: Path) -> float:
    if path.is_file():
        return path.stat().st_size / MIB
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink()) / MIB


def first_paints(rounds: int) -> dict:
    from run import _first_paint  # bench/run.py's: one process, its own figures at its first paint

    with tempfile.TemporaryDirectory() as venv_data, tempfile.TemporaryDirectory() as bundle_data:
        commands = {
            "venv": [sys.executable, "-m", "operator_assist", "--exit-after-startup", "--data-dir", venv_data],
            "bundle": [str(BUNDLE / "operator-assist"), "--exit-after-startup", "--data-dir", bundle_data],
        }
        for cmd in commands.values():  # warm the file cache and each app's own caches; not counted
            _first_paint(cmd)
        runs: dict[str, list[dict]] = {name: [] for name in commands}
        for _ in range(rounds):
            for name, cmd in commands.items():
                runs[name].append(_first_paint(cmd))
    ratios = [b["wall"] / v["wall"] for v, b in zip(runs["venv"], runs["bundle"])]
    return {
        "bundle_first_paint_wall_ms": round(statistics.median(r["wall"] for r in runs["bundle"]) * 1000, 1),
        "venv_first_paint_wall_ms": round(statistics.median(r["wall"] for r in runs["venv"]) * 1000, 1),
        "bundle_first_paint_ratio": round(statistics.median(ratios), 3),
        "bundle_first_paint_ratio_range": [round(min(ratios), 3), round(max(ratios), 3)],
        "bundle_first_paint_cpu_ms": round(statistics.median(r["cpu"] for r in runs["bundle"]) * 1000, 1),
        "venv_first_paint_cpu_ms": round(statistics.median(r["cpu"] for r in runs["venv"]) * 1000, 1),
        "bundle_rss_mib": round(statistics.median(r["rss"] for r in runs["bundle"]) / 1024, 1),
        "venv_rss_mib": round(statistics.median(r["rss"] for r in runs["venv"]) / 1024, 1),
        "bundle_rounds": rounds,
    }


def run(quick: bool = False, rebuild: bool = True) -> dict:
    seconds = build() if rebuild or not DEB.exists() else None
    figures = {"bundle_mib": round(size_mib(BUNDLE), 1), "deb_mib": round(size_mib(DEB), 1)}
    if seconds is not None:
        figures["bundle_build_s"] = round(seconds, 1)
    return figures | first_paints(5 if quick else 11)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="5 rounds instead of 11")
    parser.add_argument("--no-build", action="store_true", help="measure dist/ as it is (built when missing)")
    args = parser.parse_args()
    print(json.dumps(run(args.quick, rebuild=not args.no_build)))
