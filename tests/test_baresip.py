"""Two real baresip user agents on loopback: the customer dials the agent directly (no PBX);
the assistant follows the agent's softphone through ctrl_tcp and holds it on F7.

Runs inside a private network namespace (``unshare -n``, loopback only) when the machine
allows it: the outer test re-runs this file's call test there.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import threading
import time

import pytest

from operator_assist.core.call_sources import TelephonyConfig, create_source
from operator_assist.core.clock import MonotonicClock
from operator_assist.core.commands import Action
from operator_assist.core.journal_sink import JournalSink
from operator_assist.core.settings import bundled_settings
from operator_assist.telephony.baresip import NetstringReader, netstring
from operator_assist.ui.call.source_feed import CallSourceFeed

from .telephony_fakes import (
    INNER,
    RecordingSession,
    can_unshare,
    journaled_events,
    require_binary,
    rerun_in_private_network,
)

CONFIG = """\
poll_method\t\tepoll
sip_listen\t\t127.0.0.1:{sip}
net_interface\t\t127.0.0.1
call_local_timeout\t120
call_max_calls\t\t4
audio_player\t\taubridge,nil{n}
audio_source\t\tausine,440
audio_alert\t\taubridge,nil{n}
ausrc_format\t\ts16
auplay_format\t\ts16
auenc_format\t\ts16
audec_format\t\ts16
audio_buffer\t\t20-160
rtp_ports\t\t{rtp}-{rtp_end}
rtcp_mux\t\tno
jitter_buffer_delay\t5-10
module_path\t\t/usr/lib/baresip/modules
module\t\t\tg711.so
module\t\t\tausine.so
module\t\t\taubridge.so
module_tmp\t\tuuid.so
module_tmp\t\taccount.so
module_app\t\tmenu.so
module_app\t\tctrl_tcp.so
ctrl_tcp_listen\t\t127.0.0.1:{ctrl}
ausrc_srate\t\t48000
ausrc_channels\t\t2
"""
"""/work/shared/telephony/baresip/ua2001/config with the ports made parameters."""


def free_port_block(size: int = 8) -> int:
    """A base port with ``size`` consecutive free ports (TCP and UDP) on 127.0.0.1."""
    for _ in range(50):
        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        base = probe.getsockname()[1]
        probe.close()
        if base + size >= 65535:
            continue
        try:
            held = []
            for port in range(base, base + size):
                for kind in (socket.SOCK_STREAM, socket.SOCK_DGRAM):
                    s = socket.socket(socket.AF_INET, kind)
                    held.append(s)
                    s.bind(("127.0.0.1", port))
        except OSError:
            continue
        finally:
            for s in held:
                s.close()
        return base
    raise RuntimeError("no free ports on 127.0.0.1")


class Ctrl:
    """A ctrl_tcp client that collects every message on a reader thread."""

    def __init__(self, port: int) -> None:
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=5)
        self.messages: list[dict] = []
        self._lock = threading.Lock()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        frames = NetstringReader()
        self.sock.settimeout(None)
        while True:
            try:
                data = self.sock.recv(65536)
            except OSError:
                return
            if not data:
                return
            for frame in frames.feed(data):
                with self._lock:
                    self.messages.append(json.loads(frame))

    def send(self, command: str, params: str = "", token: str = "t") -> None:
        self.sock.sendall(netstring(json.dumps({"command": command, "params": params, "token": token}).encode()))

    def types(self) -> list[str]:
        with self._lock:
            return [m.get("type") for m in self.messages if m.get("event")]

    def close(self) -> None:
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.sock.close()
        self._reader.join(timeout=5)


@pytest.fixture
def two_softphones(tmp_path):
    """Agent 2001 and customer 2002: {name: (sip port, ctrl port)}; both ended by the fixture."""
    require_binary("baresip", "baresip-core")
    base = free_port_block(8)
    ports = {"agent": (base, base + 4), "customer": (base + 2, base + 5)}  # SIP ports a gap of 2 apart (TLS: +1)
    procs = []
    for n, (name, user) in enumerate((("agent", "2001"), ("customer", "2002")), start=1):
        folder = tmp_path / name
        folder.mkdir()
        sip, ctrl = ports[name]
        rtp = 30000 + 200 * n if os.environ.get(INNER) else base + 100 + 40 * n
        (folder / "config").write_text(CONFIG.format(sip=sip, ctrl=ctrl, n=n, rtp=rtp, rtp_end=rtp + 30))
        (folder / "accounts").write_text(f"<sip:{user}@127.0.0.1>;regint=0\n")
        log = open(tmp_path / f"{name}.log", "wb")
        procs.append(subprocess.Popen(
            ["baresip", "-f", str(folder)], stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        ))  # fmt: skip
        log.close()
    try:
        for name, (_, ctrl) in ports.items():
            deadline = time.monotonic() + 10
            while True:  # bounded wait for a real subprocess to listen
                try:
                    socket.create_connection(("127.0.0.1", ctrl), timeout=1).close()
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise RuntimeError(f"baresip {name} did not start: {(tmp_path / f'{name}.log').read_text(errors='replace')[-2000:]}")
                    time.sleep(0.05)
        yield ports
    finally:
        for proc in procs:
            try:
                os.killpg(proc.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        for proc in procs:
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=5)


def test_the_call_test_runs_in_a_private_network_namespace():
    require_binary("baresip", "baresip-core")
    if os.environ.get(INNER):
        pytest.skip("this is the run inside the namespace")
    if not can_unshare():
        pytest.skip("unshare -n is not permitted here: the call test runs on the shared loopback instead")
    rerun_in_private_network(__file__, "follows or customer_hangs_up", passed=2)


def skip_unless_inside():
    if not os.environ.get(INNER) and can_unshare():
        pytest.skip("runs inside unshare -n through test_the_call_test_runs_in_a_private_network_namespace")


@pytest.fixture
def agent_rig(qtbot, two_softphones, tmp_path):
    journal = JournalSink(tmp_path / "journal.sqlite3")
    session = RecordingSession(MonotonicClock(), bundled_settings(), journal)
    _, agent_ctrl = two_softphones["agent"]
    source = create_source(f"baresip:127.0.0.1:{agent_ctrl}", TelephonyConfig(agent="2001"))
    feed = CallSourceFeed(source, session)
    handled = []
    feed.handled.connect(lambda event, step: handled.append(event.kind))
    feed.start()
    qtbot.waitUntil(lambda: source.status.connected, timeout=10_000)
    customer = Ctrl(two_softphones["customer"][1])
    yield session, feed, handled, customer, journal
    customer.close()
    feed.stop()
    session.shutdown()


def journaled(journal):
    """(kind, origin) of every event the session journaled for its call."""
    return [(e.kind.value, e.data.get("origin")) for e in journaled_events(journal)]


def dial(customer, two_softphones):
    customer.send("dial", f"sip:2001@127.0.0.1:{two_softphones['agent'][0]}", "d1")


def test_the_assistant_follows_a_baresip_call_and_holds_it_on_f7(agent_rig, two_softphones, qtbot):
    skip_unless_inside()
    session, feed, handled, customer, journal = agent_rig
    dial(customer, two_softphones)
    qtbot.waitUntil(lambda: "call_ringing" in handled, timeout=10_000)
    assert session.actions() == []  # ringing: the timer does not run yet
    feed.source.request("accept")  # the operator answers in the softphone
    qtbot.waitUntil(lambda: session.snapshot.state.value == "talking", timeout=10_000)
    assert session.done[-1][:2] == ("start_call", "telephony")

    assert session.perform(Action.START_HOLD, origin="hotkey") is None  # F7
    qtbot.waitUntil(lambda: "hold_started" in handled, timeout=10_000)  # baresip said ok to our hold
    qtbot.waitUntil(lambda: customer.types().count("CALL_REMOTE_SDP") >= 2, timeout=10_000)  # the re-INVITE
    assert session.snapshot.state.value == "hold"
    assert session.perform(Action.RESUME, origin="hotkey") is None  # F7 again
    qtbot.waitUntil(lambda: "hold_ended" in handled, timeout=10_000)
    assert session.snapshot.state.value == "talking"

    assert session.perform(Action.END_CALL, origin="hotkey") is None  # F8: the softphone hangs up too
    qtbot.waitUntil(lambda: "call_ended" in handled, timeout=10_000)
    qtbot.waitUntil(lambda: "CALL_CLOSED" in customer.types(), timeout=10_000)
    qtbot.waitUntil(lambda: len(feed.source.responses) == 4, timeout=10_000)  # accept, hold, resume, hangup
    assert [(m["token"], m["ok"]) for m in feed.source.responses] == [("oa1", True), ("oa2", True), ("oa3", True), ("oa4", True)]
    assert session.actions() == ["start_call", "start_hold", "resume", "end_call"]
    assert journaled(journal) == [
        ("call_started", "telephony"), ("hold_started", "hotkey"), ("hold_ended", "hotkey"), ("call_ended", "hotkey"),
    ]  # fmt: skip


def test_when_the_customer_hangs_up_the_call_ends_by_telephony(agent_rig, two_softphones, qtbot):
    skip_unless_inside()
    session, feed, handled, customer, journal = agent_rig
    dial(customer, two_softphones)
    qtbot.waitUntil(lambda: "call_ringing" in handled, timeout=10_000)
    feed.source.request("accept")
    qtbot.waitUntil(lambda: session.snapshot.state.value == "talking", timeout=10_000)
    customer.send("hangup", "", "b1")
    qtbot.waitUntil(lambda: session.snapshot.state.value == "ended", timeout=10_000)
    assert [(a, o) for a, o, _ in session.done] == [("start_call", "telephony"), ("end_call", "telephony")]
    assert journaled(journal) == [("call_started", "telephony"), ("call_ended", "telephony")]


def test_netstrings_are_framed_across_reads_and_garbage_is_refused():
    reader = NetstringReader()
    assert reader.feed(b"5:hel") == []
    assert reader.feed(b"lo,2:ab,") == [b"hello", b"ab"]
    with pytest.raises(ValueError):
        NetstringReader().feed(b"GET / HTTP/1.1\r\n")
    with pytest.raises(ValueError):
        NetstringReader().feed(b"3:abcX")
    with pytest.raises(ValueError):
        NetstringReader().feed(b"99999999:")


def test_baresip_events_of_another_account_or_not_json_are_dropped(caplog):
    from operator_assist.telephony.baresip import account_user

    source = create_source("baresip:127.0.0.1:4444", TelephonyConfig(agent="2001"))
    got = []
    source._on_event = got.append
    source._handle(b"{not json")
    source._handle(b"[1, 2]")
    source._handle(json.dumps({"event": True, "type": "CALL_ESTABLISHED", "accountaor": "sip:2002@h", "id": "x"}).encode())
    source._handle(json.dumps({"event": True, "type": "CALL_RTCP", "accountaor": "sip:2001@h", "id": "y"}).encode())
    assert got == []
    source._handle(json.dumps({"event": True, "type": "CALL_ESTABLISHED", "accountaor": "sip:2001@h", "id": "z"}).encode())
    assert [(e.kind, e.call_id, e.agent, e.source) for e in got] == [("call_answered", "z", "2001", "baresip")]
    assert account_user("sips:2001@127.0.0.1:5061") == "2001" and account_user("garbage") == ""
    assert "baresip: a frame that is not JSON skipped" in caplog.text


def test_keys_without_a_softphone_call_send_nothing_to_baresip():
    source = create_source("baresip:127.0.0.1:4444", TelephonyConfig(agent="2001"))
    for action in ("start_hold", "resume", "end_call", "start_lookup"):
        source.command(action)
    assert source._outbox.empty()
    source.current = "c1"
    source.command("start_hold")
    source.command("start_lookup")  # the lookup is the assistant's alone
    assert source._outbox.get_nowait() == ("hold", "") and source._outbox.empty()
