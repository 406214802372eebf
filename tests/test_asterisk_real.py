"""The AMI source against a real Asterisk with two real baresip phones (when an ``asterisk`` binary exists).

Asterisk is not packaged in Debian 12, so this runs only where one was built (see docs/development.md,
telephony section); the recorded stream in test_ami.py is the always-on test. The configuration is
the one the recording was made with (tests/data/asterisk), fixed ports, so the run happens inside a
private network namespace (``unshare -n``).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest

from operator_assist.core.call_sources import TelephonyConfig, create_source
from operator_assist.core.clock import MonotonicClock
from operator_assist.core.settings import bundled_settings
from operator_assist.ui.call.source_feed import CallSourceFeed

from .telephony_fakes import INNER, RecordingSession, can_unshare, require_binary, rerun_in_private_network
from .test_baresip import CONFIG, Ctrl

DATA = Path(__file__).resolve().parent / "data" / "asterisk"


def asterisk_or_skip() -> str:
    path = shutil.which("asterisk")
    if path is None:  # never a CI failure: Asterisk is not a Debian package
        pytest.skip("no asterisk binary on PATH (not packaged in Debian 12; build Asterisk 22 from source)")
    require_binary("baresip", "baresip-core")
    return path


def test_the_real_asterisk_test_runs_in_a_private_network_namespace():
    asterisk_or_skip()
    if os.environ.get(INNER):
        pytest.skip("this is the run inside the namespace")
    if not can_unshare():
        pytest.skip("unshare -n is not permitted here, and Asterisk's configuration uses fixed ports")
    rerun_in_private_network(__file__, "follows_a_call_through_asterisk", passed=1, timeout=240)


def wait_port(port: int, what: str, log: Path, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise RuntimeError(f"{what} did not start: {log.read_text(errors='replace')[-3000:]}") from None
            time.sleep(0.05)


def stop_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


@pytest.fixture
def pbx(tmp_path):
    binary = asterisk_or_skip()
    if not os.environ.get(INNER):
        pytest.skip("runs inside unshare -n through test_the_real_asterisk_test_runs_in_a_private_network_namespace")
    run, prefix = tmp_path / "run", Path(binary).resolve().parent.parent
    for sub in ("etc", "var/lib/agi-bin", "var/spool", "run", "log"):
        (run / sub).mkdir(parents=True, exist_ok=True)
    template = (DATA / "asterisk.conf.template").read_text()
    (run / "etc" / "asterisk.conf").write_text(template.replace("$RUN", str(run)).replace("$PREFIX", str(prefix)))
    for name in ("pjsip.conf", "extensions.conf", "manager.conf", "modules.conf"):
        shutil.copy(DATA / name, run / "etc" / name)
    procs = []
    log = tmp_path / "asterisk.log"
    with open(log, "wb") as out:
        procs.append(subprocess.Popen([binary, "-f", "-n", "-C", str(run / "etc" / "asterisk.conf")],
                                      stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT, start_new_session=True))  # fmt: skip
    try:
        wait_port(5038, "Asterisk", log)
        phones = {}
        for n, (name, user, sip, ctrl) in enumerate((("agent", "2001", 5081, 4441), ("customer", "2002", 5091, 4442)), start=1):
            folder = tmp_path / name
            folder.mkdir()
            (folder / "config").write_text(CONFIG.format(sip=sip, ctrl=ctrl, n=n, rtp=11000 + n, rtp_end=11090 + n))
            (folder / "accounts").write_text(f"<sip:{user}@127.0.0.1:5060;transport=udp>;auth_pass=secret{user};regint=300\n")
            phone_log = tmp_path / f"{name}.log"
            with open(phone_log, "wb") as out:
                procs.append(subprocess.Popen(["baresip", "-f", str(folder)], stdin=subprocess.DEVNULL, stdout=out,
                                              stderr=subprocess.STDOUT, start_new_session=True))  # fmt: skip
            wait_port(ctrl, f"baresip {name}", phone_log)
            phones[name] = Ctrl(ctrl)
        yield phones
        for phone in phones.values():
            phone.close()
    finally:
        for proc in reversed(procs):
            stop_group(proc)


def registered(phone: Ctrl) -> bool:
    with phone._lock:
        return any(m.get("type") == "REGISTER_OK" for m in phone.messages if m.get("event"))


def test_the_assistant_follows_a_call_through_asterisk(pbx, qtbot):
    agent, customer = pbx["agent"], pbx["customer"]
    session = RecordingSession(MonotonicClock(), bundled_settings())
    source = create_source("ami:127.0.0.1:5038", TelephonyConfig(agent="2001", ami_user="cti", ami_secret="ctisecret"))
    feed = CallSourceFeed(source, session)
    feed.start()
    try:
        qtbot.waitUntil(lambda: source.status.connected, timeout=10_000)
        qtbot.waitUntil(lambda: registered(agent) and registered(customer), timeout=10_000)
        customer.send("dial", "sip:2001@127.0.0.1", "d1")
        qtbot.waitUntil(lambda: "CALL_INCOMING" in agent.types(), timeout=10_000)
        agent.send("accept", "", "a1")
        qtbot.waitUntil(lambda: session.snapshot.state.value == "talking", timeout=10_000)
        agent.send("hold", "", "h1")
        qtbot.waitUntil(lambda: session.snapshot.state.value == "hold", timeout=10_000)
        agent.send("resume", "", "r1")
        qtbot.waitUntil(lambda: session.snapshot.state.value == "talking", timeout=10_000)
        customer.send("hold", "", "h2")
        qtbot.waitUntil(lambda: session.snapshot.status.value == "peer_hold", timeout=10_000)
        assert session.snapshot.state.value == "talking"  # the client's hold: no countdown of the operator's
        customer.send("resume", "", "r2")
        qtbot.waitUntil(lambda: session.actions()[-1:] == ["peer_hold_end"], timeout=10_000)
        agent.send("hangup", "", "b1")
        qtbot.waitUntil(lambda: session.snapshot.state.value == "ended", timeout=10_000)
    finally:
        feed.stop()
    assert [(a, o) for a, o, _ in session.done] == [
        (action, "telephony")
        for action in ("start_call", "start_hold", "resume", "peer_hold_start", "peer_hold_end", "end_call")
    ]
