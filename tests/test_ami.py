"""The Asterisk AMI call source against a local server replaying a real Asterisk 22 stream."""

from __future__ import annotations

import logging
import socket
import threading
import time

import pytest

from operator_assist.core.call_sources import TelephonyConfig, create_source
from operator_assist.core.clock import MonotonicClock
from operator_assist.core.commands import Action
from operator_assist.core.journal_sink import JournalSink
from operator_assist.core.settings import bundled_settings
from operator_assist.telephony.ami import AmiCallSource
from operator_assist.telephony.ami_protocol import AmiMapper, AmiReader
from operator_assist.ui.call.source_feed import CallSourceFeed

from .telephony_fakes import REFUSED, RecordingSession, greet, journaled_events, recording


class ReplayServer:
    """Listens on 127.0.0.1; per connection: banner, checks the Login, answers it as recorded, replays blocks.

    ``plan``: one list of block indexes (or raw bytes to inject) per connection; after its
    list the connection is closed (a dropped link) unless it is the last one, which stays open.
    """

    DENIED = b"Response: Error\r\nActionID: 2\r\nMessage: Permission denied\r\n\r\n"
    """What Asterisk answers a read-only user's Status action."""

    def __init__(self, plan: list[list], speed: float = 100.0, secret: str = "ctisecret", status_reply: bytes = DENIED) -> None:
        self.banner, self.blocks = recording()
        self.status_reply = status_reply
        self.actions: list[str] = []
        self._send_lock = threading.Lock()
        self.plan = plan
        self.speed = speed
        self.secret = secret
        self.logins: list[dict] = []
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(4)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self._stop = threading.Event()
        self._conns: list[socket.socket] = []
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        for index, items in enumerate(self.plan):
            while not self._stop.is_set():
                try:
                    conn, _ = self.sock.accept()
                    break
                except socket.timeout:
                    continue
                except OSError:  # closed by close()
                    return
            else:
                return
            self._conns.append(conn)
            conn.settimeout(5)
            try:
                self._serve(conn, items, last=index == len(self.plan) - 1)
            except OSError:
                pass

    def _serve(self, conn: socket.socket, items: list, last: bool) -> None:
        login, rest = greet(conn, self.banner)
        if login is None:
            return
        self.logins.append(login)
        if login.get("Secret") != self.secret:
            conn.sendall(REFUSED)
            conn.close()
            return
        conn.sendall(self.blocks[0][1])  # the recorded «Authentication accepted»
        threading.Thread(target=self._answer_actions, args=(conn, rest), daemon=True).start()
        previous = 0.0
        for item in items:
            if self._stop.is_set():
                return
            if isinstance(item, bytes):
                with self._send_lock:
                    conn.sendall(item)
                continue
            at, raw = self.blocks[item]
            time.sleep(max(0.0, at - previous) / self.speed)  # the server's pacing, not a test's timing
            previous = at
            with self._send_lock:
                conn.sendall(raw)
        if not last:
            conn.shutdown(socket.SHUT_RDWR)
            conn.close()

    def _answer_actions(self, conn: socket.socket, data: bytes) -> None:
        while True:
            while b"\r\n\r\n" in data:
                raw, data = data.split(b"\r\n\r\n", 1)
                action = dict(line.split(": ", 1) for line in raw.decode().split("\r\n") if ": " in line)
                self.actions.append(action.get("Action", ""))
                if action.get("Action") == "Status":
                    with self._send_lock:
                        conn.sendall(self.status_reply)
            try:
                chunk = conn.recv(4096)
            except OSError:
                return
            if not chunk:
                return
            data += chunk

    def close(self) -> None:
        self._stop.set()
        for conn in self._conns:
            conn.close()
        self.sock.close()
        self.thread.join(timeout=5)


@pytest.fixture
def servers():
    started = []

    def start(plan, **kwargs):
        server = ReplayServer(plan, **kwargs)
        started.append(server)
        return server

    yield start
    for server in started:
        server.close()


HOLD_INDEX = next(i for i, (_, raw) in enumerate(recording()[1]) if raw.startswith(b"Event: Hold\r\n"))
ALL = list(range(1, len(recording()[1])))
"""Every recorded event (block 0 is the login's answer, sent on each connection)."""


def make_source(port, secret="ctisecret", agent="2001"):
    source = create_source(f"ami:127.0.0.1:{port}", TelephonyConfig(agent=agent, ami_user="cti", ami_secret=secret))
    source.first_backoff = 0.05
    return source


@pytest.fixture
def rig(qtbot, servers):
    made = []

    def build(plan, journal=None, status_reply=ReplayServer.DENIED, **kwargs):
        server = servers(plan, status_reply=status_reply)
        session = RecordingSession(MonotonicClock(), bundled_settings(), journal)
        feed = CallSourceFeed(make_source(server.port, **kwargs), session)
        statuses = []
        feed.status.connect(statuses.append)
        made.append(feed)
        feed.start()
        return server, session, feed, statuses

    yield build
    for feed in made:
        feed.stop()


def test_the_recorded_call_maps_to_exact_actions_and_the_clients_hold_starts_no_countdown(rig, qtbot, tmp_path):
    journal = JournalSink(tmp_path / "journal.sqlite3")
    server, session, feed, statuses = rig([ALL], journal=journal)
    steps = []
    feed.handled.connect(lambda event, step: steps.append(step))
    qtbot.waitUntil(lambda: session.snapshot.state.value == "ended", timeout=10_000)
    assert steps[0].actions == ("ring",) and steps[0].number == "2002"  # rang, with the caller's number
    assert [(e.kind.value, e.data.get("origin")) for e in journaled_events(journal)] == [
        ("call_started", "telephony"), ("hold_started", "telephony"), ("hold_ended", "telephony"),
        ("peer_hold_started", "telephony"), ("peer_hold_ended", "telephony"), ("call_ended", "telephony"),
    ]  # fmt: skip
    journal.close()
    assert session.actions() == [
        "start_call", "start_hold", "resume", "peer_hold_start", "peer_hold_end", "end_call",
    ]  # fmt: skip
    assert set(session.actions("telephony")) == set(session.actions())
    assert session.snapshot.hold_index == 1  # the client's hold was never the operator's hold
    assert "Asterisk: подключено" in statuses
    assert server.logins[0]["Username"] == "cti" and server.logins[0]["Secret"] == "ctisecret"
    assert server.logins[0]["Action"] == "Login"


def test_a_dropped_link_keeps_the_call_and_the_rest_follows_after_the_reconnect(rig, qtbot):
    hold = HOLD_INDEX
    server, session, feed, statuses = rig([ALL[: hold + 1], ALL[hold + 1 :]])
    qtbot.waitUntil(lambda: session.snapshot.state.value == "ended", timeout=10_000)
    assert session.actions() == [
        "start_call", "start_hold", "resume", "peer_hold_start", "peer_hold_end", "end_call",
    ]  # fmt: skip
    assert any(text.startswith("телефония не подключена") for text in statuses)
    assert statuses[-1] == "Asterisk: подключено"
    assert len(server.logins) == 2


def test_while_the_link_is_down_the_call_stays_as_it_is(rig, qtbot, caplog):
    caplog.set_level(logging.INFO, "operator_assist.telephony")
    server, session, feed, statuses = rig([ALL[: HOLD_INDEX + 1], []])
    qtbot.waitUntil(lambda: session.actions() == ["start_call", "start_hold"], timeout=10_000)
    qtbot.waitUntil(lambda: len(server.logins) == 2, timeout=10_000)
    qtbot.waitUntil(lambda: "cannot check the call after the reconnect: Permission denied" in caplog.text, timeout=10_000)
    assert server.actions == ["Status"]  # asked once, on the reconnect with a call under way
    assert session.snapshot.state.value == "hold"
    assert session.perform(Action.RESUME, "hotkey") is None  # the manual keys work meanwhile


def status_list(*channels: str) -> bytes:
    reply = b"Response: Success\r\nActionID: 2\r\nEventList: start\r\nMessage: Channel status will follow\r\n\r\n"
    for channel in channels:
        reply += f"Event: Status\r\nActionID: 2\r\nChannel: {channel}\r\nLinkedid: 1796074985.4\r\n\r\n".encode()
    return reply + b"Event: StatusComplete\r\nActionID: 2\r\nEventList: Complete\r\nListItems: 1\r\n\r\n"


def test_a_call_that_ended_while_the_link_was_down_ends_on_the_reconnect(rig, qtbot):
    server, session, feed, statuses = rig([ALL[: HOLD_INDEX + 1], []], status_reply=status_list("PJSIP/2002-00000004"))
    qtbot.waitUntil(lambda: session.snapshot.state.value == "ended", timeout=10_000)
    assert [(a, o) for a, o, _ in session.done] == [("start_call", "telephony"), ("start_hold", "telephony"), ("end_call", "telephony")]


def test_a_call_still_up_after_the_reconnect_goes_on(rig, qtbot):
    server, session, feed, statuses = rig(
        [ALL[: HOLD_INDEX + 1], ALL[HOLD_INDEX + 1 :]], status_reply=status_list("PJSIP/2001-00000005", "PJSIP/2002-00000004")
    )
    qtbot.waitUntil(lambda: session.snapshot.state.value == "ended", timeout=10_000)
    assert session.actions() == [
        "start_call", "start_hold", "resume", "peer_hold_start", "peer_hold_end", "end_call",
    ]  # fmt: skip


def test_garbage_lines_are_skipped_and_the_call_still_follows(rig, qtbot, caplog):
    blocks = []
    for index in ALL:
        blocks.append(index)
        blocks.append(b"\x00\xff garbage without a colon\r\n")
    blocks.insert(3, b"Event: Hold\r\nChannel: PJSIP/2001-0000000z\r\nno colon here\r\n\r\n")  # not a hex channel
    blocks.insert(5, b"x" * 20000 + b"\r\n")
    server, session, feed, statuses = rig([blocks])
    qtbot.waitUntil(lambda: session.snapshot.state.value == "ended", timeout=10_000)
    assert session.actions() == [
        "start_call", "start_hold", "resume", "peer_hold_start", "peer_hold_end", "end_call",
    ]  # fmt: skip


def test_a_wrong_secret_says_so_backs_off_further_and_never_shows_the_secret(servers, qtbot, caplog):
    """Issue 28 #12: a refused login said «нет связи» and was retried every 10 s forever."""
    caplog.set_level(logging.DEBUG)
    server = servers([[], [], [], []])
    source = make_source(server.port, secret="wrong-Secret-42")
    source.max_backoff = 0.1
    source.first_refused_backoff = 0.05  # 30 s doubling to 10 min in the app
    source.max_refused_backoff = 1.0
    statuses, events = [], []
    source.start(events.append, lambda status: statuses.append(status.text))
    try:
        qtbot.waitUntil(lambda: len(server.logins) == 4, timeout=10_000)
    finally:
        source.stop()
    assert events == []
    retries = [text for text in statuses if "повтор" in text]
    assert retries[:3] == [
        f"телефония не подключена (Asterisk: вход отклонён — Authentication failed; проверьте пользователя и пароль, повтор через {wait} с)"
        for wait in ("0.05", "0.1", "0.2")  # beyond the 0.1 s of a lost link
    ]
    assert not any("нет связи" in text for text in statuses)
    assert "wrong-Secret-42" not in caplog.text + "".join(statuses)
    warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert warnings == ["call source ami: login refused: Authentication failed"]  # once, not once per retry
    assert "wrong-Secret-42" not in repr(source) + repr(source.config)


def test_an_unreachable_asterisk_is_shown_and_retried(qtbot, caplog):
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()  # nothing listens there now
    source = make_source(port)
    statuses = []
    source.start(lambda event: None, lambda status: statuses.append(status.text))  # every one, none coalesced
    try:
        qtbot.waitUntil(lambda: sum("нет связи" in s for s in statuses) >= 2, timeout=5_000)
        assert source.connects == 0
    finally:
        source.stop()
    assert statuses[1].startswith("Asterisk: подключение")  # after the «not connected» it starts with
    refused = [r for r in caplog.records if "Connection refused" in r.getMessage()]
    assert [r.levelname for r in refused][:1] == ["WARNING"] and all(r.levelname == "DEBUG" for r in refused[1:])


def test_the_mapper_on_the_recording_alone():
    _, blocks = recording()
    reader, mapper = AmiReader(), AmiMapper("2001")
    out = []
    for _, raw in blocks:
        for block in reader.feed(raw):
            out += mapper.map(block)
    assert out == [
        ("call_ringing", "1796074985.4", "agent", "2002"),  # the caller's number, for the screen
        ("call_answered", "1796074985.4", "agent", ""),
        ("hold_started", "1796074985.4", "agent", ""),
        ("hold_ended", "1796074985.4", "agent", ""),
        ("hold_started", "1796074985.4", "peer", ""),
        ("hold_ended", "1796074985.4", "peer", ""),
        ("call_ended", "1796074985.4", "agent", ""),
    ]
    assert mapper.channels == {}


def test_the_customers_extension_sees_the_mirror_image():
    _, blocks = recording()
    reader, mapper = AmiReader(), AmiMapper("2002")
    out = [m for _, raw in blocks for block in reader.feed(raw) for m in mapper.map(block)]
    assert [(k, by) for k, _, by, _ in out] == [
        ("call_answered", "agent"), ("hold_started", "peer"), ("hold_ended", "peer"),
        ("hold_started", "agent"), ("hold_ended", "agent"), ("call_ended", "agent"),
    ]  # fmt: skip


def test_another_extension_sees_nothing():
    _, blocks = recording()
    reader, mapper = AmiReader(), AmiMapper("3001")
    assert [m for _, raw in blocks for block in reader.feed(raw) for m in mapper.map(block)] == []


def test_the_ami_source_needs_an_agent_and_a_secret(monkeypatch):
    monkeypatch.delenv("OPERATOR_ASSIST_AMI_SECRET", raising=False)
    with pytest.raises(ValueError, match="telephony.agent"):
        create_source("ami:127.0.0.1:5038", TelephonyConfig(ami_secret="s"))
    with pytest.raises(ValueError, match="OPERATOR_ASSIST_AMI_SECRET"):
        create_source("ami:127.0.0.1:5038", TelephonyConfig(agent="2001"))
    with pytest.raises(ValueError, match="ХОСТ:ПОРТ"):
        create_source("ami:localhost", TelephonyConfig(agent="2001", ami_secret="s"))
    monkeypatch.setenv("OPERATOR_ASSIST_AMI_SECRET", "from-env")
    source = create_source("ami:127.0.0.1:5038", TelephonyConfig(agent="2001"))
    assert isinstance(source, AmiCallSource) and (source.host, source.port) == ("127.0.0.1", 5038)


def test_garbage_never_costs_the_next_call(rig, qtbot):
    """Issue 28 #12: random bytes merged with the next real event and the whole next call went
    untracked. Here the garbage (2 MB, no blank line at its end) runs straight into the call."""
    import random

    noise = random.Random(12).randbytes(2_000_000).replace(b"\n\r\n", b"\n").replace(b"\n\n", b"\n")
    server, session, feed, statuses = rig([[noise, *ALL]])
    qtbot.waitUntil(lambda: session.snapshot.state.value == "ended", timeout=10_000)
    assert session.actions() == [
        "start_call", "start_hold", "resume", "peer_hold_start", "peer_hold_end", "end_call",
    ]  # fmt: skip


def test_a_block_with_garbage_resynchronises_on_its_last_event_line():
    reader = AmiReader()
    blocks = list(reader.feed(
        b"\x8f\x12 no colon\r\nzz: \xff\r\nEvent: Hangup\r\nChannel: PJSIP/2001-0000000a\r\nLinkedid: 7\r\n\r\n"
        b"Event: Newstate\r\nthis line is garbage\r\n\r\n"
        b"Event: Hold\r\nChannel: PJSIP/2001-0000000a\r\n\r\n"
    ))  # fmt: skip
    assert blocks == [
        {"Event": "Hangup", "Channel": "PJSIP/2001-0000000a", "Linkedid": "7"},
        {"Event": "Hold", "Channel": "PJSIP/2001-0000000a"},
    ]
    assert reader.garbage == 2
    reader.feed(b"x" * 300_000)  # never a blank line: cut back, not kept
    assert len(reader._buffer) == 0
    assert list(reader.feed(b"\r\nEvent: Hold\r\nChannel: PJSIP/2001-0000000b\r\n\r\n")) == [
        {"Event": "Hold", "Channel": "PJSIP/2001-0000000b"}
    ]


def test_other_channels_blocks_are_skipped_unparsed_and_agent_named_floods_stay_bounded():
    """Issue 28 #12: 3.48 M Newchannel events for agent-named channels reached 704 MB."""
    mapper = AmiMapper("2001")
    reader = AmiReader(mapper.wanted)
    other = b"".join(
        b"Event: Newchannel\r\nChannel: PJSIP/3001-%08x\r\nLinkedid: 9.%d\r\n\r\n" % (i, i) for i in range(20_000)
    )
    assert [mapper.map(block) for block in reader.feed(other)] == []
    assert reader.skipped == 20_000  # never parsed: a flood of the rest of the PBX costs next to nothing
    mine = b"".join(
        b"Event: Newchannel\r\nChannel: PJSIP/2001-%08x\r\nLinkedid: 8.%d\r\n\r\n" % (i, i) for i in range(50_000)
    )
    assert [m for block in reader.feed(mine) for m in mapper.map(block)] == []
    assert len(mapper.channels) <= 64
    _, recorded = recording()
    out = [m for _, raw in recorded for block in reader.feed(raw) for m in mapper.map(block)]
    assert [kind for kind, *_ in out] == [
        "call_ringing", "call_answered", "hold_started", "hold_ended", "hold_started", "hold_ended", "call_ended",
    ]  # fmt: skip
