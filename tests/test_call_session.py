"""The call session: the one door every input goes through, with its own timer."""


import pytest

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
    session.perform("start_call", "hotkey")
    session.perform("start_hold", "telephony")
    session.perform("resume", "window")
    session.perform("register_request", "demo")
    session.perform("end_call", "audio")
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
    session.event.connect(lambda e: e.kind is K.SILENCE_WARNING and warnings.append(e))
    session.perform("start_call")
    session.perform("start_lookup")
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
    session.perform("start_call")
    assert session._timer.isActive()
    session.perform("end_call")
    assert not session._timer.isActive()  # nothing changes on screen until the next call


def test_a_refused_action_says_why_and_changes_nothing(session):
    refused = []
    session.refused.connect(lambda reason, origin: refused.append((reason, origin)))
    assert session.perform("start_hold", "hotkey") == "Нет активного звонка — начните новый (F5)."
    assert refused == [("Нет активного звонка — начните новый (F5).", "hotkey")]
    assert session.engine.state is CallState.IDLE


def test_an_unknown_origin_or_action_is_a_programming_error(session):
    with pytest.raises(ValueError):
        session.perform("start_call", "elsewhere")
    with pytest.raises(ValueError):
        session.perform("dance")


def test_a_backdated_lookup_warns_at_its_true_start_plus_ten_seconds(session, clock):
    session.perform("start_call")
    clock.advance(20)
    events = []
    session.event.connect(events.append)
    session.perform("start_lookup", "audio", at=clock.now() - 4)  # dead air heard since 4 s ago
    assert session.snapshot.display == "00:04"
    clock.advance(6)
    session._timer.fire()
    warning = [e for e in events if e.kind is K.SILENCE_WARNING]
    assert [w.at for w in warning] == [pytest.approx(1026.0)] and warning[0].data["origin"] == "audio"


def test_a_backdated_action_never_goes_before_the_last_change(session, clock):
    session.perform("start_call")
    clock.advance(3)
    session.perform("start_hold", "telephony", at=clock.now() - 60)
    assert session.snapshot.state_elapsed == pytest.approx(3.0)  # not 60 s: the call is 3 s old


def test_the_client_holding_the_line_is_shown_without_a_countdown(session, clock):
    session.perform("start_call")
    session.perform("peer_hold_start", "telephony")
    snap = session.snapshot
    assert snap.peer_hold and snap.status is Status.PEER_HOLD and snap.state is CallState.TALKING
    assert snap.hold_limit is None
    clock.advance(300)
    assert session.refresh().level.value == "neutral"  # no limit of the operator's runs
    events = []
    session.event.connect(events.append)
    session.perform("peer_hold_end", "telephony")
    assert [(e.kind, e.data["duration"]) for e in events] == [(K.PEER_HOLD_ENDED, pytest.approx(300.0))]
    assert not session.snapshot.peer_hold


def test_quitting_mid_call_records_the_call_as_interrupted(session, tmp_path):
    session.perform("start_call")
    call_id = session.engine.call_id
    session.shutdown()
    with Journal.open(tmp_path / "journal.sqlite3") as journal:
        assert journal.call_status(call_id) == "interrupted"
