"""The call session: the one door every input goes through, with its own timer."""


import pytest

from operator_assist.core.commands import Action, CopyPhrases, DeadAirHeard, ServiceRequest, WrapUp
from operator_assist.core.engine import CallEngine, CallState, Status
from operator_assist.core.events import EventKind as K
from operator_assist.core.journal import Journal
from operator_assist.core.journal_sink import JournalSink
from operator_assist.ui.call.session import CallSession

from .fakes import FakeTimer


@pytest.fixture
def session(qapp, clock, settings, tmp_path):
    s = CallSession(CallEngine(clock, settings), JournalSink(tmp_path / "journal.sqlite3"), timer_factory=FakeTimer)
    yield s
    s.shutdown()


def test_each_journaled_action_records_where_it_came_from(session, tmp_path):
    session.perform(Action.START_CALL, "hotkey")
    session.perform(Action.START_HOLD, "telephony")
    session.perform(Action.RESUME, "window")
    session.perform(ServiceRequest(registered=True), "demo")
    session.perform(Action.END_CALL, "audio")
    session.shutdown()
    with Journal.open(tmp_path / "journal.sqlite3") as journal:
        origins = [(e.kind.value, e.data.get("origin")) for e in journal.events()]
    assert origins == [
        ("call_started", "hotkey"),
        ("hold_started", "telephony"),
        ("hold_ended", "window"),
        ("service_request_registered", "demo"),
        ("call_ended", "audio"),
    ]


def test_the_silence_warning_fires_from_the_session_timer_with_no_window_at_all(session, clock):
    warnings = []
    session.occurred.connect(lambda e: e.kind is K.SILENCE_WARNING and warnings.append(e))
    session.perform(Action.START_CALL)
    session.perform(Action.START_LOOKUP)
    timer = session._timer
    assert timer.isActive() and timer.interval <= 1001
    for _ in range(9):  # each second of the display, then the threshold itself
        clock.advance(timer.interval / 1000)
        timer.fire()
    clock.set(1010.0)
    timer.fire()
    assert [w.at for w in warnings] == [pytest.approx(1010.0)]
    assert session.snapshot.status is Status.SILENCE_WARNING


def test_between_calls_the_session_sleeps(session):
    assert not session._timer.isActive()
    session.perform(Action.START_CALL)
    assert session._timer.isActive()
    session.perform(Action.END_CALL)
    assert not session._timer.isActive()  # nothing changes on screen until the next call


def test_a_refused_action_says_why_and_changes_nothing(session):
    refused = []
    session.refused.connect(lambda reason, origin: refused.append((reason, origin)))
    assert session.perform(Action.START_HOLD, "hotkey") == "Нет активного звонка — начните новый (F5)."
    assert refused == [("Нет активного звонка — начните новый (F5).", "hotkey")]
    assert session.snapshot.state is CallState.IDLE


def test_an_unknown_origin_or_action_is_a_programming_error(session):
    with pytest.raises(ValueError):
        session.perform(Action.START_CALL, "elsewhere")
    with pytest.raises(TypeError):
        session.perform("start_call")  # type: ignore[arg-type]  # a name is not a command


def test_copied_phrases_and_heard_dead_air_reach_the_journal_with_the_call_and_nothing_else(session, clock, tmp_path):
    session.perform(Action.START_CALL)
    call_id = session.snapshot.call_id
    clock.advance(3)
    session.perform(CopyPhrases(("greeting.default", "needs.name")), "hotkey")
    session.perform(DeadAirHeard(at=clock.now() - 1, duration=12.3456, warned=True), "audio")
    session.shutdown()
    with Journal.open(tmp_path / "journal.sqlite3") as journal:
        recorded = [(e.kind, e.call_id, e.data) for e in journal.events() if e.kind in (K.PHRASE_COPIED, K.DEAD_AIR)]
    assert recorded == [
        (K.PHRASE_COPIED, call_id, {"phrase_id": "greeting.default", "origin": "hotkey"}),
        (K.PHRASE_COPIED, call_id, {"phrase_id": "needs.name", "origin": "hotkey"}),
        (K.DEAD_AIR, call_id, {"duration": 12.346, "warned": True}),
    ]


def test_the_snapshot_carries_what_the_views_need(session, clock, settings):
    snap = session.snapshot
    assert snap.allowed == {Action.START_CALL, Action.RING} and snap.timers == settings.timers and snap.phrase_context == "idle"
    session.perform(Action.START_CALL)
    clock.advance(20)
    session.perform(Action.TOGGLE_HOLD)
    assert session.snapshot.allowed == {Action.RESUME, Action.END_CALL, Action.PEER_HOLD_START, Action.PEER_HOLD_END,
                                        Action.HOLD_UNCONFIRMED, Action.HOLD_CONFIRMED}
    assert session.snapshot.phrase_context == "hold"
    session.perform(Action.TOGGLE_HOLD)
    session.perform(WrapUp(True))
    assert session.snapshot.phrase_context == "wrapup"  # F9 wins over the thanks reminder
    session.perform(Action.END_CALL)
    session.perform(Action.START_CALL)
    assert session.snapshot.phrase_context == "idle"  # the next call starts with its greeting, not the wrap-up


def test_a_backdated_lookup_warns_at_its_true_start_plus_ten_seconds(session, clock):
    session.perform(Action.START_CALL)
    clock.advance(20)
    events = []
    session.occurred.connect(events.append)
    session.perform(Action.START_LOOKUP, "audio", at=clock.now() - 4)  # dead air heard since 4 s ago
    assert session.snapshot.display == "00:04"
    clock.advance(6)
    session._timer.fire()
    warning = [e for e in events if e.kind is K.SILENCE_WARNING]
    assert [w.at for w in warning] == [pytest.approx(1026.0)] and warning[0].data["origin"] == "audio"


def test_a_backdated_action_never_goes_before_the_last_change(session, clock):
    session.perform(Action.START_CALL)
    clock.advance(3)
    session.perform(Action.START_HOLD, "telephony", at=clock.now() - 60)
    assert session.snapshot.state_elapsed == pytest.approx(3.0)  # not 60 s: the call is 3 s old


def test_the_client_holding_the_line_is_shown_without_a_countdown(session, clock):
    session.perform(Action.START_CALL)
    session.perform(Action.PEER_HOLD_START, "telephony")
    snap = session.snapshot
    assert snap.peer_hold and snap.status is Status.PEER_HOLD and snap.state is CallState.TALKING
    assert snap.hold_limit is None
    clock.advance(300)
    assert session.refresh().level.value == "neutral"  # no limit of the operator's runs
    events = []
    session.occurred.connect(events.append)
    session.perform(Action.PEER_HOLD_END, "telephony")
    assert [(e.kind, e.data["duration"]) for e in events] == [(K.PEER_HOLD_ENDED, pytest.approx(300.0))]
    assert not session.snapshot.peer_hold


def test_quitting_mid_call_records_the_call_as_interrupted(session, tmp_path):
    session.perform(Action.START_CALL)
    call_id = session.snapshot.call_id
    session.shutdown()
    with Journal.open(tmp_path / "journal.sqlite3") as journal:
        assert journal.call_status(call_id) == "interrupted"
