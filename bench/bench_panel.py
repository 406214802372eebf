"""The real window on a virtual X screen (Xvfb): key stalls with 10,000 phrases, telephony event → painted.

    python bench/bench_panel.py [--quick] [--phrases N]

``run()`` is called by bench/run.py; it starts Xvfb and this file again as the probe
(``--probe``), with the window on the xcb platform as an operator has it.

- ``key_stall_10k_phrases_ms``: 10,000 phrases in the user's ``phrases/`` (10 files,
  each phrase suggested in one of the call's moments) are added while the window
  runs; then F5, F6, F7, F7, F9, F9, F8 are pressed in cycles. The figure is the
  worst lateness of a 10 ms timer on the window's thread over every key press
  (the event loop's stall, as the fault suite measures it). Details: the window
  thread's own CPU time per key (which machine load does not stretch), the worst
  lateness while the 10,000 phrases were read and applied and how long that took,
  the garbage collector's full passes meanwhile, the resident memory after.
- ``telephony_display_p99_ms``: a local AMI server sends the agent's calls (answered,
  hold, unhold, hangup: each changes the phrase panel's moment) one event at a
  time; each latency runs from just before the bytes are sent to the end of the
  window's last paint that followed (the paint pass is over when the event loop
  has had no paint for 50 ms; that quiet wait is not counted).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

PHRASES = 10_000
KEYS = ("F5", "F6", "F7", "F7", "F9", "F9", "F8")
STATES = ("idle", "talking", "lookup", "hold", "hold_long", "hold_limit", "resumed", "resumed_long", "wrapup")
QUIET_MS = 50


def write_phrase_files(folder: Path, count: int, files: int = 10, seed: int = 5) -> None:
    """``count`` generated phrases in ``files`` category files (as an operator's or a team's own)."""
    from bench_phrases import _WORDS

    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for f in range(files):
        lines = [f"category: user{f}", f"label: Свои фразы {f + 1}", "phrases:"]
        for k in range(count // files + (f < count % files)):
            title = " ".join(rng.choices(_WORDS, k=3)).capitalize()
            text = " ".join(rng.choices(_WORDS, k=rng.randint(8, 30))).capitalize() + "."
            lines += [f"  - id: user{f}.p{k}", f"    title: {title}", f"    text: {text}", f"    states: [{rng.choice(STATES)}]"]
        (folder / f"user{f}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


# --- the probe (runs under Xvfb) ----------------------------------------------------------------


class FullCollections:
    """The garbage collector's full passes (they stop every thread): how many, and the longest (ms)."""

    def __init__(self) -> None:
        import gc

        self.passes: list[float] = []
        self._started = 0.0
        gc.callbacks.append(self._callback)

    def _callback(self, phase: str, info: dict) -> None:
        if info["generation"] != 2:
            return
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self.passes.append((time.perf_counter() - self._started) * 1000)

    def take(self) -> str:
        passes, self.passes = self.passes, []
        return f"{len(passes)}, longest {max(passes, default=0):.1f} ms"


class StallMeter:
    """A repeating 10 ms timer on the GUI thread; ``worst`` is the longest lateness of a tick (ms)."""

    def __init__(self) -> None:
        from PySide6.QtCore import Qt, QTimer

        self.worst = 0.0
        self._last = time.perf_counter()
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.timeout.connect(self._tick)
        self.timer.start(10)

    def _tick(self) -> None:
        now = time.perf_counter()
        self.worst = max(self.worst, (now - self._last) * 1000 - 10)
        self._last = now

    def reset(self) -> None:
        self._tick()
        self.worst = 0.0


def wait(ms: int, until=None) -> None:
    """Runs the event loop for ``ms`` or until ``until()`` holds (checked every 10 ms)."""
    from PySide6.QtCore import QCoreApplication, QEventLoop

    deadline = time.perf_counter() + ms / 1000
    while time.perf_counter() < deadline and not (until and until()):
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 10)
        time.sleep(0.002)


def show(window) -> None:
    from PySide6.QtTest import QTest

    from operator_assist.ui.app import start_window, wait_for_first_paint

    window.resize(960, 600)
    window.show()
    wait_for_first_paint(window)
    start_window(window)  # as the app: the rest of the cards, the journal, the phrase files' watch, the offers
    QTest.qWaitForWindowExposed(window)
    window.activateWindow()
    wait(500)


def key_stalls(data_dir: Path, count: int, cycles: int) -> dict:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from operator_assist.core.clock import FakeClock
    from operator_assist.paths import UserPaths
    from operator_assist.ui.app import build_window

    paths = UserPaths(config_dir=data_dir, data_dir=data_dir, cache_dir=data_dir / "cache")
    window = build_window(paths, clock=FakeClock(), audio=False)
    show(window)
    wait(5000, lambda: window.phrase_files is not None and window.phrase_files.watching)
    meter = StallMeter()
    collections = FullCollections()
    started = time.perf_counter()
    write_phrase_files(paths.phrases_dir, count)  # the folder watcher reloads them

    def settled() -> bool:
        return len(window.phrases.library) >= count and not window.phrase_files.busy

    wait(600_000, settled)
    loaded_s = time.perf_counter() - started
    wait(1000)  # the loaded library's first paint, and its lists' first cards built between passes of the loop, count too
    add_stall = meter.worst
    add_collections = collections.take()
    stalls, cpu = [], []
    for cycle in range(cycles):
        for key in KEYS:
            meter.reset()
            started_cpu = time.thread_time()
            QTest.keyClick(window, getattr(Qt.Key, f"Key_{key}"))
            wait(80)
            cpu.append((time.thread_time() - started_cpu) * 1000)
            stalls.append((meter.worst, f"{key} in cycle {cycle + 1}"))
    meter.timer.stop()
    key_collections = collections.take()
    rss = _rss_mib()
    window.close()
    stalls.sort()
    return {
        "key_stall_10k_phrases_ms": round(stalls[-1][0], 1),
        "key_stall_10k_phrases_median_ms": round(statistics.median(stall for stall, _ in stalls), 1),
        "key_stalls_worst": [f"{key}: {stall:.1f} ms" for stall, key in stalls[-3:]],
        # The window thread's own CPU time from the key to 80 ms later (the press, its paint, the
        # stall meter's ticks): what a loaded machine's scheduling does not stretch.
        "key_cpu_ms_median_max": [round(statistics.median(cpu), 1), round(max(cpu), 1)],
        "key_presses": len(stalls),
        "full_gc_passes_during_keys": key_collections,
        "full_gc_passes_while_adding": add_collections,
        "add_10k_phrases_stall_ms": round(add_stall, 1),
        "add_10k_phrases_s": round(loaded_s, 2),
        "rss_with_10k_phrases_mib": rss,
        "phrases": len(window.phrases.library),
    }


def _rss_mib() -> float | None:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            return round(int(next(row.split()[1] for row in status if row.startswith("VmRSS:"))) / 1024, 1)
    except (OSError, StopIteration):
        return None


def _ami_call(call: int) -> list[tuple[bytes, str]]:
    """The AMI blocks of one answered call with one hold, each with the state it leads to."""
    linked = f"1796074985.{call}"
    chan = f"PJSIP/2001-{call:08x}"
    head = f"Channel: {chan}\r\nUniqueid: x\r\nLinkedid: {linked}\r\n"
    blocks = [("BridgeEnter", "talking"), ("Hold", "hold"), ("Unhold", "talking"), ("Hangup", "ended")]
    return [(f"Event: {event}\r\n{head}\r\n".encode(), state) for event, state in blocks]


def telephony_display(data_dir: Path, calls: int) -> dict:
    from bench_telephony import LineServer
    from PySide6.QtCore import QEvent, QObject, QTimer

    from operator_assist.core.call_sources import TelephonyConfig, create_source
    from operator_assist.core.clock import FakeClock
    from operator_assist.paths import UserPaths
    from operator_assist.ui.app import attach_call_source, build_window

    paths = UserPaths(config_dir=data_dir, data_dir=data_dir, cache_dir=data_dir / "cache")
    window = build_window(paths, clock=FakeClock(), audio=False)
    show(window)
    marks: list[float] = []

    class PaintWatch(QObject):
        """The window's paint passes: an UpdateRequest is the pass; a call queued from it runs after it."""

        def eventFilter(self, watched, event) -> bool:
            if event.type() == QEvent.Type.UpdateRequest:
                QTimer.singleShot(0, lambda: marks.append(time.perf_counter()))
            return False

    watch = PaintWatch()
    window.installEventFilter(watch)
    window.windowHandle().installEventFilter(watch)
    server = LineServer(b"Asterisk Call Manager/11.0.0\r\n", b"Response: Success\r\nActionID: 1\r\nMessage: Authentication accepted\r\n\r\n")
    config = TelephonyConfig(agent="2001", ami_user="cti", ami_secret="bench", data_dir=data_dir)
    feed = attach_call_source(window, create_source(f"ami:127.0.0.1:{server.port}", config))
    wait(5000, lambda: feed.source.status.connected)
    wait(300)
    latencies = []
    for call in range(calls):
        for block, state in _ami_call(call):
            marks.clear()
            started = time.perf_counter()
            server.out.put(block)
            wait(5000, lambda state=state: window.session.snapshot.state.value == state)
            if window.session.snapshot.state.value != state:
                raise RuntimeError(f"call {call}: {state} was not reached")
            wait(5000, lambda: bool(marks) and (time.perf_counter() - marks[-1]) * 1000 >= QUIET_MS)
            latencies.append((marks[-1] - started) * 1000)
    feed.stop()
    server.close()
    window.close()
    latencies.sort()
    return {
        "telephony_display_p99_ms": round(latencies[max(0, int(len(latencies) * 0.99) - 1)], 1),
        "telephony_display_median_ms": round(statistics.median(latencies), 1),
        "telephony_display_max_ms": round(latencies[-1], 1),
        "telephony_display_events": len(latencies),
    }


def probe(quick: bool, count: int) -> dict:
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    result = {}
    with tempfile.TemporaryDirectory() as first, tempfile.TemporaryDirectory() as second:
        result.update(key_stalls(Path(first), count, 3 if quick else 10))
        result.update(telephony_display(Path(second), 25 if quick else 150))
    app.quit()
    return result


# --- the runner --------------------------------------------------------------------------------


def run(quick: bool = False, count: int = PHRASES) -> dict:
    """Both figures from the probe on a fresh Xvfb; empty (the keys stay null) without Xvfb."""
    if shutil.which("Xvfb") is None:
        return {}
    read, write = os.pipe()
    xvfb = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    os.close(write)
    try:
        with os.fdopen(read) as pipe:
            display = pipe.readline().strip()
        env = {**os.environ, "DISPLAY": f":{display}", "QT_QPA_PLATFORM": "xcb"}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        cmd = [sys.executable, __file__, "--probe", "--phrases", str(count), *(["--quick"] if quick else [])]
        out = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=1800)
        if out.returncode != 0:
            raise RuntimeError(f"bench_panel probe failed ({out.returncode}): {out.stderr[-2000:]}")
        return json.loads(out.stdout.strip().splitlines()[-1])
    finally:
        xvfb.terminate()
        xvfb.wait(10)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer key cycles and calls")
    parser.add_argument("--phrases", type=int, default=PHRASES, help="phrases added while the window runs")
    parser.add_argument("--probe", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.probe:
        print(json.dumps(probe(args.quick, args.phrases)))
    else:
        print(json.dumps(run(args.quick, args.phrases), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
