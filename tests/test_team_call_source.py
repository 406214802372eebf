"""The desk's ``team`` call source (issue 25): a desk with only its team token follows its calls from the
team server, which follows the PBX. The real server on a real PostgreSQL, the recorded Asterisk 22
call played by a PBX on 127.0.0.1, the real call session and its feed."""

from __future__ import annotations

import os

import pytest

from operator_assist.core.call_sources import CommandRefused, TelephonyConfig
from operator_assist.core.clock import MonotonicClock
from operator_assist.core.commands import Action
from operator_assist.core.settings import bundled_settings
from operator_assist.paths import UserPaths
from operator_assist.team.client import TeamConfig
from operator_assist.telephony.team import TeamCallSource, auto_source
from operator_assist.ui.app import load_call_source
from operator_assist.ui.call.source_feed import CallSourceFeed

from .pbx_fakes import BASIC, SECRET, STATUS, channel_of, linked_of, recorded_call
from .telephony_fakes import LinkGate, RecordingSession
from .test_pbx_hub import RECORDED_AGENT_CHANNEL, RECORDED_CALL, _real_steps

HOLDS = BASIC + STATUS + ("Hold", "Unhold")
"""A PBX whose AMI offers Hold and Unhold (stock Asterisk 22 does not: see the test without them)."""


class Desk:
    """An operator's desk: enrolled with its token alone (``team-join``), the default settings."""

    def __init__(self, qtbot, url: str, token: str) -> None:
        from operator_assist.team.enrol import join

        self.paths = UserPaths.resolve(None)
        assert join(url, token, self.paths.data_dir).connected
        self.source = load_call_source(bundled_settings(), self.paths)  # telephony.source: auto
        assert isinstance(self.source, TeamCallSource)
        self.session = RecordingSession(MonotonicClock(), bundled_settings())
        self.feed = CallSourceFeed(self.source, self.session)
        self.notices: list[str] = []
        self.handled: list = []
        self.feed.notice.connect(self.notices.append)
        self.feed.handled.connect(lambda event, step: self.handled.append(event))
        self.feed.start()
        self.qtbot = qtbot

    def wait_connected(self) -> None:
        self.qtbot.waitUntil(lambda: self.source.status.connected, timeout=20_000)

    def wait_state(self, state: str) -> None:
        self.qtbot.waitUntil(lambda: self.session.snapshot.state.value == state, timeout=20_000)

    def wait_done(self, count: int) -> None:
        self.qtbot.waitUntil(lambda: len(self.session.done) >= count, timeout=20_000)

    def done(self) -> list[tuple[str, str]]:
        return [(a, o) for a, o, _ in self.session.done]

    def stop(self) -> None:
        self.feed.stop()
        self.session.shutdown()


@pytest.fixture
def desks(qtbot):
    made: list[Desk] = []

    def make(url: str, token: str) -> Desk:
        desk = Desk(qtbot, url, token)
        made.append(desk)
        return desk

    yield make
    for desk in made:
        desk.stop()


def test_a_desk_with_only_its_team_token_follows_its_calls_and_holds(pbx_hub, desks, qtbot, user_dirs):
    hub = pbx_hub({"ivanov": "2001", "petrova": "2003"}, offered=HOLDS)
    desk = desks(hub.url, hub.tokens["ivanov"])
    desk.wait_connected()
    assert desk.source.status.text == "АТС через сервер команды: подключено"
    own, hers = _real_steps(), recorded_call("2003", "2004", 3)

    hub.pbx.send(hers[0] + own[0])  # two calls ring at once: petrova's and ivanov's
    desk.wait_state("ringing")
    assert desk.session.snapshot.number == "2002"  # the caller's number, on this screen
    assert not desk.session.snapshot.answerable  # F5 says to answer in the phone: no AMI action answers a SIP phone
    hub.pbx.send(hers[1] + own[1])
    desk.wait_state("talking")

    assert desk.session.perform(Action.START_HOLD, origin="hotkey") is None  # F7
    assert desk.session.snapshot.unconfirmed  # until the PBX says the call is held
    assert [a["Channel"] for a in hub.pbx.wait_received("Hold")] == [RECORDED_AGENT_CHANNEL]
    hub.pbx.send(hers[2] + own[2])  # the PBX holds the call: its own Hold event
    qtbot.waitUntil(lambda: not desk.session.snapshot.unconfirmed, timeout=20_000)
    assert desk.session.perform(Action.RESUME, origin="hotkey") is None  # F7 again
    assert [a["Channel"] for a in hub.pbx.wait_received("Unhold")] == [RECORDED_AGENT_CHANNEL]
    hub.pbx.send(b"".join(hers[3:]) + b"".join(own[3:]))  # the PBX's unhold, the client's hold and back, the hangup
    desk.wait_state("ended")
    desk.wait_done(8)
    assert desk.done() == [
        ("start_call", "telephony"), ("hold_unconfirmed", "telephony"), ("start_hold", "hotkey"),
        ("hold_confirmed", "telephony"), ("resume", "hotkey"), ("peer_hold_start", "telephony"),
        ("peer_hold_end", "telephony"), ("end_call", "telephony"),
    ]  # fmt: skip
    assert {event.call_id for event in desk.handled} == {RECORDED_CALL}  # petrova's call never reached this desk
    assert list(desk.source.sent) == [("hold", RECORDED_CALL), ("resume", RECORDED_CALL)]
    assert not hub.pbx.actions("Hangup") and desk.notices == []

    # No PBX secret, user or address anywhere on the desk: its files, its settings, its environment.
    assert "OPERATOR_ASSIST_AMI_SECRET" not in os.environ
    assert bundled_settings().telephony.ami_secret == ""
    found = []
    for root in (user_dirs.home, user_dirs.app_data, user_dirs.runtime):
        for folder, _, files in os.walk(root):
            for name in files:
                with open(os.path.join(folder, name), "rb") as file:
                    data = file.read()
                if SECRET.encode() in data or f":{hub.pbx.port}".encode() in data:
                    found.append(os.path.join(folder, name))
    assert found == []


def test_a_key_pressed_while_the_link_is_down_never_touches_the_next_call(pbx_hub, desks, qtbot):
    hub = pbx_hub({"ivanov": "2001"}, offered=HOLDS)
    gate = LinkGate(hub.port)  # the test decides when the desk's link to the server comes back
    try:
        desk = desks(f"http://127.0.0.1:{gate.port}", hub.tokens["ivanov"])
        desk.wait_connected()
        first, second = _real_steps(), recorded_call("2001", "2005", 21)
        hub.pbx.send(first[0] + first[1])
        desk.wait_state("talking")

        gate.cut()
        qtbot.waitUntil(lambda: not desk.source.status.connected, timeout=20_000)
        assert desk.session.perform(Action.START_HOLD, origin="hotkey") is None  # F7 while the link is down
        assert desk.session.snapshot.unconfirmed
        assert desk.session.perform(Action.END_CALL, origin="hotkey") is None  # F8
        assert desk.notices == [
            "АТС: команда «удержание» не выполнена — нет связи с сервером команды. Проверьте звонок в софтфоне.",
            "АТС: команда «завершение звонка» не выполнена — нет связи с сервером команды. Проверьте звонок в софтфоне.",
        ]
        # Meanwhile the first call ends on the PBX and the next client's call rings and is answered.
        hub.pbx.send(first[-1] + second[0] + second[1])
        gate.restore()
        desk.wait_state("talking")  # the next call, picked up after the reconnect
        assert desk.feed.tracker.call_id == linked_of(21)
        assert list(desk.source.sent) == [] and [a["Action"] for a in hub.pbx.received] == ["ListCommands", "Status"]

        # A key now is for this call, on this call's channel.
        assert desk.session.perform(Action.START_HOLD, origin="hotkey") is None
        assert [a["Channel"] for a in hub.pbx.wait_received("Hold")] == [channel_of("2001", 21)]
        assert len(desk.notices) == 2
    finally:
        gate.close()


def test_a_desk_back_from_a_restarted_server_ends_the_call_that_ended_and_takes_the_next(pbx_hub, desks):
    hub = pbx_hub({"ivanov": "2001"})
    desk = desks(hub.url, hub.tokens["ivanov"])
    desk.wait_connected()
    first = _real_steps()
    hub.pbx.send(first[0] + first[1])
    desk.wait_state("talking")
    hub.stop()  # the server goes away: its memory of what the desk has seen with it
    # Meanwhile (nobody follows the PBX) the call ends and the next one is answered: the PBX has that one now.
    hub.pbx.channels = [(channel_of("2001", 31), linked_of(31), "6", "2005")]
    hub.start()  # a new server: the PBX's Status tells it of the call under way
    desk.wait_done(3)
    desk.wait_state("talking")
    assert desk.done() == [("start_call", "telephony"), ("end_call", "telephony"), ("start_call", "telephony")]
    assert desk.feed.tracker.call_id == linked_of(31)


def test_without_an_ami_hold_f7_says_once_to_hold_in_the_phone_and_the_phones_hold_confirms_it(pbx_hub, desks, qtbot):
    hub = pbx_hub({"ivanov": "2001"}, offered=BASIC)  # stock Asterisk 22, a read-only AMI user
    desk = desks(hub.url, hub.tokens["ivanov"])
    desk.wait_connected()
    own = _real_steps()
    hub.pbx.send(own[0] + own[1])
    desk.wait_state("talking")
    assert desk.session.perform(Action.START_HOLD, origin="hotkey") is None
    assert desk.notices == [
        "АТС: команда «удержание» не выполнена — АТС не ставит звонок на удержание по команде помощника; "
        "поставьте его на удержание в телефоне — помощник увидит это сам. Проверьте звонок в софтфоне."
    ]
    assert desk.session.snapshot.unconfirmed
    hub.pbx.send(own[2])  # the operator holds in the phone: the PBX says so
    qtbot.waitUntil(lambda: not desk.session.snapshot.unconfirmed, timeout=20_000)
    hub.pbx.send(own[3])
    desk.wait_state("talking")
    assert desk.session.perform(Action.START_HOLD, origin="hotkey") is None  # said once: not again
    assert len(desk.notices) == 1 and desk.session.snapshot.unconfirmed
    assert desk.session.perform(Action.END_CALL, origin="hotkey") is None  # F8: the phone hangs up, nothing to say
    assert len(desk.notices) == 1 and list(desk.source.sent) == []


# --- the source alone (no network) ----------------------------------------------------------------


@pytest.fixture
def quiet(tmp_path):
    """A team source whose stream the test plays itself."""
    TeamConfig("http://127.0.0.1:9", "oa_test").save(tmp_path)

    def make(auto: bool = False) -> tuple[TeamCallSource, list, list]:
        source = TeamCallSource(None, TelephonyConfig(data_dir=tmp_path), auto=auto)
        events, statuses = [], []
        source._on_event, source._on_status = events.append, statuses.append
        return source, events, statuses

    return make


def kinds(events) -> list[tuple[str, str, str]]:
    return [(e.kind, e.call_id, e.by) for e in events]


def test_a_snapshot_brings_the_desk_to_the_call_as_it_is_now(quiet):
    source, events, statuses = quiet()
    source._on_stream("hello", {"resumed": False})
    source._on_stream("snapshot", {"pbx": {"follows": True, "connected": True, "actions": ["hangup"]},
                                   "call": {"call_id": "c1", "state": "talking", "hold": True, "peer_hold": False}})  # fmt: skip
    assert kinds(events) == [("call_answered", "c1", "agent"), ("hold_started", "c1", "agent")]
    assert statuses[-1].connected and source.following
    source._on_stream("snapshot", {"pbx": {"follows": True, "connected": True, "actions": []},
                                   "call": {"call_id": "c1", "state": "talking", "hold": False, "peer_hold": True}})  # fmt: skip
    assert kinds(events[2:]) == [("call_answered", "c1", "agent"), ("hold_ended", "c1", "agent"), ("hold_started", "c1", "peer")]
    source._on_stream("snapshot", {"pbx": {"follows": True, "connected": True, "actions": []},
                                   "call": {"call_id": "c2", "state": "ringing", "number": "+7 999 000-11-22"}})  # fmt: skip
    assert kinds(events[5:]) == [("call_ended", "c1", "agent"), ("call_ringing", "c2", "agent")]
    assert events[-1].number == "+7 999 000-11-22"
    source._on_stream("call", {"call_id": "c2", "kind": "ended", "by": "agent"})
    source._on_stream("call", {"call_id": "c3", "kind": "nonsense"})
    assert kinds(events[7:]) == [("call_ended", "c2", "agent")] and source.call is None


def test_the_keys_alone_where_the_server_does_not_follow_this_operator(quiet):
    source, events, statuses = quiet(auto=True)
    assert statuses == [] and source.status.text == "телефония: вручную"
    source._on_stream("hello", {"resumed": False})
    source._on_stream("snapshot", {"login": "ivanov", "team": "A"})  # a server without --ami
    assert source.status.text == "телефония: вручную" and not source.status.connected and not source.following
    assert source.command("start_hold", "c1") is False  # the window's own hold: nothing to send
    source._on_stream("call", {"call_id": "c1", "kind": "answered"})  # (never sent to such a desk; ignored anyway)
    assert events == []
    chosen, _, _ = quiet(auto=False)
    chosen._on_stream("hello", {"resumed": False})
    chosen._on_stream("snapshot", {"pbx": {"follows": False}, "call": None})
    assert "не назначил добавочный" in chosen.status.text


def test_a_command_is_refused_at_once_when_it_cannot_be_sent(quiet):
    source, events, _ = quiet()
    source._on_stream("hello", {"resumed": False})
    source._on_stream("snapshot", {"pbx": {"follows": True, "connected": True, "actions": ["hold", "resume", "hangup"]},
                                   "call": {"call_id": "c1", "state": "talking"}})  # fmt: skip
    with pytest.raises(CommandRefused, match="этого звонка на АТС уже нет"):
        source.command("start_hold", "c0")  # not the call followed
    assert source.command("resume", "c1") is False  # never held through the PBX
    source._on_stream("pbx", {"connected": False, "actions": ["hold", "resume", "hangup"]})
    with pytest.raises(CommandRefused, match="нет связи с АТС"):
        source.command("start_hold", "c1")
    source._on_link("Нет связи с сервером команды", False)
    assert not source.status.connected and "нет связи с сервером команды" in source.status.text
    with pytest.raises(CommandRefused, match="нет связи с сервером команды"):
        source.command("end_call", "c1")
    assert source._outbox.empty()  # nothing kept for later


def test_auto_is_the_team_source_only_on_an_enrolled_desk(tmp_path):
    assert auto_source(TelephonyConfig(data_dir=tmp_path)) is None
    assert load_call_source(bundled_settings(), UserPaths.resolve(str(tmp_path))) is None  # the default: auto
    TeamConfig("http://127.0.0.1:9", "oa_test").save(tmp_path)
    assert isinstance(auto_source(TelephonyConfig(data_dir=tmp_path)), TeamCallSource)
    with pytest.raises(ValueError, match="team-join"):
        from operator_assist.core.call_sources import create_source

        create_source("team", TelephonyConfig(data_dir=tmp_path / "elsewhere"))


def test_an_enrolled_window_follows_the_pbx_and_its_desk_on_the_board_says_so(pbx_hub, qtbot, tmp_path):
    """The real window as the app builds it: the default settings, the team source, the live floor's report."""
    from operator_assist.team.enrol import join
    from operator_assist.ui.app import attach_call_source, attach_team_sync, build_window, load_startup

    from .conftest import show_active

    hub = pbx_hub({"ivanov": "2001", "petrova": None})
    opened = []
    try:
        for login in ("ivanov", "petrova"):
            paths = UserPaths.resolve(tmp_path / login)
            join(hub.url, hub.tokens[login], paths.data_dir)
            startup = load_startup(paths)
            window = show_active(qtbot, build_window(paths, audio=False, startup=startup))  # its journal opens once shown
            feed = attach_call_source(window, startup.call_source)
            link = attach_team_sync(window, paths, interval=3600)
            opened.append((window, feed, link))
        (ivanov, ivanov_feed, ivanov_link), (petrova, petrova_feed, petrova_link) = opened
        qtbot.waitUntil(lambda: ivanov_feed.text == "АТС через сервер команды: подключено", timeout=20_000)
        qtbot.waitUntil(lambda: petrova_feed.source.follows is False, timeout=20_000)
        assert petrova_feed.text == "телефония: вручную"  # no extension: the keys alone, as before
        qtbot.waitUntil(lambda: ivanov_link.desk_live is not None and petrova_link.desk_live is not None, timeout=20_000)
        qtbot.waitUntil(lambda: ivanov_link.desk_live.telephony == "connected", timeout=20_000)
        assert petrova_link.desk_live.telephony == "manual"  # the board does not show her telephony as down

        hub.pbx.send(_real_steps()[0])
        qtbot.waitUntil(lambda: ivanov.session.snapshot.state.value == "ringing", timeout=20_000)
        assert ivanov.session.snapshot.number == "2002" and petrova.session.snapshot.state.value == "idle"
    finally:
        for window, feed, _ in opened:
            feed.stop()
            window.close()
