"""A private PulseAudio server with null sinks, started and ended by its user (tests, bench).

Runs in the foreground as our own child (``--daemonize=no``) in its own process
group, with a private runtime dir and HOME, so it touches no other server and
is always ended. As root PulseAudio only warns («not intended to be run as
root») when it is not daemonized, so no ``--system`` is needed.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def private_pulseaudio(base: Path, sinks: tuple[str, ...] = ("micsink", "callsink"), timeout: float = 10.0):
    """Yields the environment (dict) under which clients reach the server; sinks are loaded."""
    runtime, home = base / "run", base / "home"
    runtime.mkdir(parents=True, exist_ok=True)
    home.mkdir(parents=True, exist_ok=True)
    os.chmod(runtime, 0o700)
    env = dict(os.environ, XDG_RUNTIME_DIR=str(runtime), HOME=str(home), PULSE_RUNTIME_PATH=str(runtime / "pulse"))
    env.pop("PULSE_SERVER", None)
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)
    socket = runtime / "pulse" / "native"
    log = open(base / "pulseaudio.log", "wb")
    proc = subprocess.Popen(
        ["pulseaudio", "--daemonize=no", "--exit-idle-time=-1", "-n", "--use-pid-file=no",
         "--load=module-native-protocol-unix auth-anonymous=1", "--log-target=stderr", "--disallow-exit"],
        env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    env["PULSE_SERVER"] = f"unix:{socket}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"pulseaudio exited: {(base / 'pulseaudio.log').read_text(errors='replace')[-2000:]}")
            if socket.exists() and subprocess.run(["pactl", "info"], env=env, capture_output=True, timeout=5).returncode == 0:
                break
            if time.monotonic() > deadline:
                raise RuntimeError("pulseaudio did not start in time")
            time.sleep(0.05)
        for sink in sinks:
            subprocess.run(["pactl", "load-module", "module-null-sink", f"sink_name={sink}", "rate=16000",
                            f"sink_properties=device.description={sink}"],
                           env=env, check=True, capture_output=True, timeout=5)  # fmt: skip
        subprocess.run(["pactl", "set-default-sink", sinks[-1]], env=env, check=True, capture_output=True, timeout=5)
        subprocess.run(["pactl", "set-default-source", f"{sinks[0]}.monitor"], env=env, check=True,
                       capture_output=True, timeout=5)  # fmt: skip
        yield env
    finally:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(5)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            proc.wait(5)
        log.close()


@contextmanager
def playing(env: dict, files_and_sinks: list[tuple[Path, str]]):
    """paplay each file into its sink at once; yields the start time (monotonic); all players ended after."""
    procs = []
    try:
        start = time.monotonic()
        for path, sink in files_and_sinks:
            procs.append(subprocess.Popen(["paplay", f"--device={sink}", str(path)], env=env, start_new_session=True,
                                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))  # fmt: skip
        yield start, procs
    finally:
        for proc in procs:
            if proc.poll() is None:
                try:
                    os.killpg(proc.pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
            proc.wait(5)
