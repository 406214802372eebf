"""Two real baresip user agents on loopback: the customer dials the agent directly (no PBX);
the assistant follows the agent's softphone through ctrl_tcp and holds it on F7.

Runs inside a private network namespace (``unshare -n``, loopback only) when the machine
allows it: the outer test re-runs this file's call test there.
"""

from __future__ import annotations

import json
import logging
import os
import random
import signal
import socket
import subprocess
import threading
import time
from pathlib import Path

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
    LinkGate,
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
    """A base port with ``size`` consecutive free ports (TCP and UDP) on 127.0.0.1, below the kernel's
    ephemeral range: a port handed out for another program's connection cannot take it before the
    test's server binds it (it still may be taken by a chosen port: callers retry on EADDRINUSE)."""
    low = 20000
    high = min(32000, int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])) - 250  # RTP: +100…+210
    for _ in range(50):
        base = random.randrange(low, high - size)
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


class PortTaken(RuntimeError):
    """A port of the block was taken by another program between the probe and baresip's bind."""


class Softphones(dict):
    """Real baresip user agents by name → (SIP port, ctrl_tcp port); each can be killed and started again."""

    def __init__(self, tmp_path, base: int) -> None:
        super().__init__()
        self.tmp_path = tmp_path
        self.base = base
        self.procs: dict[str, subprocess.Popen] = {}
        self.args: dict[str, tuple] = {}

    def start(self, name: str, user: str, n: int, sip: int, ctrl: int, account: str = "") -> None:
        self.args[name] = (user, n, sip, ctrl, account)
        folder = self.tmp_path / name
        folder.mkdir(exist_ok=True)
        rtp = 30000 + 200 * n if os.environ.get(INNER) else self.base + 100 + 40 * n
        (folder / "config").write_text(CONFIG.format(sip=sip, ctrl=ctrl, n=n, rtp=rtp, rtp_end=rtp + 30))
        (folder / "accounts").write_text(f"<sip:{user}@127.0.0.1>;regint=0{account}\n")
        log = open(self.tmp_path / f"{name}.log", "ab")
        self.procs[name] = subprocess.Popen(
            ["baresip", "-f", str(folder)], stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        log.close()
        self[name] = (sip, ctrl)
        deadline = time.monotonic() + 10
        while True:  # bounded wait for a real subprocess to listen
            try:
                socket.create_connection(("127.0.0.1", ctrl), timeout=1).close()
                return
            except OSError:
                exited = self.procs[name].poll() is not None
                if exited or time.monotonic() > deadline:
                    said = (self.tmp_path / f"{name}.log").read_text(errors="replace")[-2000:]
                    raise (PortTaken if exited and "Address already in use" in said else RuntimeError)(f"baresip {name} did not start: {said}")
                time.sleep(0.05)

    def restart(self, name: str) -> None:
        """Starts a killed one again, as it was (same ports, same account)."""
        self.start(name, *self.args[name])

    def kill(self, name: str) -> None:
        proc = self.procs.pop(name)
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait(timeout=5)

    def stop_all(self) -> None:
        for proc in self.procs.values():
            try:
                os.killpg(proc.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        for proc in self.procs.values():
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=5)
        self.procs.clear()


@pytest.fixture
def softphones(tmp_path):
    """``softphones(agent_account="")``: agent 2001 and customer 2002 started; all ended by the fixture.
    ``agent_account``: extra account parameters of the agent's softphone (``;answermode=auto``)."""
    require_binary("baresip", "baresip-core")
    skip_unless_inside()  # before any softphone starts: the outer run only re-runs these tests inside
    made = []

    def start(agent_account: str = "") -> Softphones:
        attempts = 3
        while True:
            base = free_port_block(8)
            phones = Softphones(tmp_path, base)
            made.append(phones)
            try:  # SIP ports a gap of 2 apart (TLS: +1)
                phones.start("agent", "2001", 1, base, base + 4, agent_account)
                phones.start("customer", "2002", 2, base + 2, base + 5)
                return phones
            except PortTaken:
                phones.stop_all()
                attempts -= 1
                if not attempts:
                    raise

    try:
        yield start
    finally:
        for phones in made:
            phones.stop_all()


@pytest.fixture
def two_softphones(softphones):
    """Agent 2001 and customer 2002: {name: (sip port, ctrl port)}."""
    return softphones()


def test_the_call_test_runs_in_a_private_network_namespace():
    require_binary("baresip", "baresip-core")
    if os.environ.get(INNER):
        pytest.skip("this is the run inside the namespace")
    if not can_unshare():
        pytest.skip("unshare -n is not permitted here: the call test runs on the shared loopback instead")
    rerun_in_private_network(__file__, "follows or customer_hangs_up or never_reach_the_next_call", passed=3)


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


def test_the_assistant_follows_a_baresip_call_answers_it_on_f5_and_holds_it_on_f7(agent_rig, two_softphones, qtbot, caplog):
    caplog.set_level(logging.DEBUG, "operator_assist")
    session, feed, handled, customer, journal = agent_rig
    dial(customer, two_softphones)
    qtbot.waitUntil(lambda: session.snapshot.state.value == "ringing", timeout=10_000)
    assert session.actions() == []  # ringing: the timer does not run yet, nothing journaled
    assert (session.snapshot.number, session.snapshot.answerable) == ("2002", True)
    assert session.perform(Action.START_CALL, origin="hotkey") is None  # F5: baresip picks up
    assert session.snapshot.status.value == "answering"
    qtbot.waitUntil(lambda: session.snapshot.state.value == "talking", timeout=10_000)
    assert session.done[-1][:2] == ("start_call", "telephony")  # started when the softphone said so
    call = feed.tracker.call_id

    assert session.perform(Action.START_HOLD, origin="hotkey") is None  # F7
    assert session.snapshot.unconfirmed  # until baresip says ok
    qtbot.waitUntil(lambda: "hold_started" in handled, timeout=10_000)  # baresip said ok to our hold
    assert session.snapshot.state.value == "hold" and not session.snapshot.unconfirmed
    qtbot.waitUntil(lambda: customer.types().count("CALL_REMOTE_SDP") >= 2, timeout=10_000)  # the re-INVITE
    assert session.perform(Action.RESUME, origin="hotkey") is None  # F7 again
    qtbot.waitUntil(lambda: "hold_ended" in handled, timeout=10_000)
    assert session.snapshot.state.value == "talking"

    assert session.perform(Action.END_CALL, origin="hotkey") is None  # F8: the softphone hangs up too
    qtbot.waitUntil(lambda: "call_ended" in handled, timeout=10_000)
    qtbot.waitUntil(lambda: "CALL_CLOSED" in customer.types(), timeout=10_000)
    qtbot.waitUntil(lambda: len(feed.source.responses) == 8, timeout=10_000)  # accept, hold, resume, hangup
    responses = list(feed.source.responses)
    assert all(m["ok"] for m in responses)
    assert [m["data"].strip() for m in responses[::2]] == [f"setting current call: {call}"] * 4  # each named the call
    assert [(a, o) for a, o, _ in session.done] == [
        ("start_call", "hotkey"), ("start_call", "telephony"),  # F5 asked, the softphone answered
        ("hold_unconfirmed", "telephony"), ("start_hold", "hotkey"),  # (recorded as each returns: the inner first)
        ("hold_confirmed", "telephony"), ("resume", "hotkey"), ("end_call", "hotkey"),
    ]  # fmt: skip
    assert journaled(journal) == [
        ("call_started", "telephony"), ("hold_started", "hotkey"), ("hold_ended", "hotkey"), ("call_ended", "hotkey"),
    ]  # fmt: skip
    assert "telephony baresip call_ringing → ring" in caplog.text and "2002" not in caplog.text  # the number: screen only


def test_when_the_customer_hangs_up_the_call_ends_by_telephony(agent_rig, two_softphones, qtbot):
    session, feed, handled, customer, journal = agent_rig
    dial(customer, two_softphones)
    qtbot.waitUntil(lambda: "call_ringing" in handled, timeout=10_000)
    session.perform(Action.START_CALL, origin="window")
    qtbot.waitUntil(lambda: session.snapshot.state.value == "talking", timeout=10_000)
    customer.send("hangup", "", "b1")
    qtbot.waitUntil(lambda: session.snapshot.state.value == "ended", timeout=10_000)
    assert [(a, o) for a, o, _ in session.done] == [("start_call", "window"), ("start_call", "telephony"), ("end_call", "telephony")]
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


def test_a_command_is_for_one_call_and_never_kept_for_later():
    from operator_assist.core.call_sources import CommandRefused

    source = create_source("baresip:127.0.0.1:4444", TelephonyConfig(agent="2001"))
    for action in ("start_hold", "resume", "end_call", "start_lookup"):
        assert source.command(action, None) is False  # a call run by hand: no softphone call to drive
    with pytest.raises(CommandRefused, match="нет связи с baresip"):
        source.command("end_call", "c1")  # no link: refused now, not queued
    source._connected = True
    with pytest.raises(CommandRefused, match="этого звонка в софтфоне уже нет"):
        source.command("end_call", "gone")
    source.calls["c1"] = "established"
    assert source.command("start_lookup", "c1") is False  # the lookup is the assistant's alone
    assert source.command("resume", "c1") is False  # never held there: nothing to resume
    assert source.command("start_hold", "c1") is True
    assert list(source._outbox) == [("hold", "c1", "start_hold")]
    failed = []
    source._on_event = failed.append
    source._link_lost()  # the link drops before it went out: said, and gone from the outbox
    assert list(source._outbox) == [] and source.held == set()
    assert [(e.kind, e.command, e.call_id, e.detail) for e in failed] == [
        ("command_failed", "start_hold", "c1", "связь с baresip прервалась")
    ]
    with pytest.raises(CommandRefused):
        source.command("start_hold", "c1")


def test_keys_pressed_while_the_softphone_is_gone_never_reach_the_next_call(softphones, qtbot, tmp_path):
    """Issue 22 #1: F7 and F8 pressed while baresip was down were sent after it came back and
    held, then cut, the next client's call. A command is meant for one call: never sent later."""
    phones = softphones(";answermode=auto")
    gate = LinkGate(phones["agent"][1])  # the test decides when the assistant's link comes back
    session = RecordingSession(MonotonicClock(), bundled_settings())
    source = create_source(f"baresip:127.0.0.1:{gate.port}", TelephonyConfig(agent="2001"))
    source.max_backoff = 0.5
    feed = CallSourceFeed(source, session)
    notices = []
    feed.notice.connect(notices.append)
    feed.start()
    customer = Ctrl(phones["customer"][1])
    try:
        qtbot.waitUntil(lambda: source.status.connected, timeout=10_000)
        dial(customer, phones)  # the agent's softphone answers by itself
        qtbot.waitUntil(lambda: session.snapshot.state.value == "talking", timeout=10_000)

        gate.cut()
        phones.kill("agent")
        qtbot.waitUntil(lambda: not source.status.connected, timeout=10_000)
        assert session.perform(Action.START_HOLD, origin="hotkey") is None  # F7 while the softphone is gone
        assert session.snapshot.unconfirmed  # shown as a hold the softphone has not confirmed
        assert session.perform(Action.END_CALL, origin="hotkey") is None  # F8
        assert notices == [
            "baresip: команда «удержание» не выполнена — нет связи с baresip. Проверьте звонок в софтфоне.",
            "baresip: команда «завершение звонка» не выполнена — нет связи с baresip. Проверьте звонок в софтфоне.",
        ]

        phones.restart("agent")
        customer.send("hangup", "", "b1")  # the first call, dead on the agent's side
        dial(customer, phones)  # the next client: answered by the softphone while the link is still down
        qtbot.waitUntil(lambda: customer.types().count("CALL_ESTABLISHED") == 2, timeout=10_000)

        gate.restore()
        qtbot.waitUntil(lambda: source.status.connected and source.connects == 2, timeout=10_000)
        source.request("listcalls")
        qtbot.waitUntil(lambda: any("Active calls" in str(m.get("data")) for m in source.responses), timeout=10_000)
        listed = [m["data"] for m in source.responses if "Active calls" in str(m.get("data"))]
        assert "Active calls (1)" in listed[0], listed  # the next client's call is still up
        assert "on hold" not in listed[0], listed
        assert len(notices) == 2 and session.snapshot.state.value == "ended"
    finally:
        customer.close()
        feed.stop()
        gate.close()


def test_the_responses_kept_are_bounded_however_many_come():
    """Issue 28 #13: a flood of responses grew RSS to 3.8 GB and never released it."""
    source = create_source("baresip:127.0.0.1:4444", TelephonyConfig(agent="2001"))
    frame = json.dumps({"response": True, "ok": True, "data": "x" * 100, "token": "nobody"}).encode()
    for _ in range(10_000):
        source._handle(frame)
    assert len(source.responses) <= 64 and source._pending == {}
