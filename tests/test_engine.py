import pytest

from operator_assist.core.engine import CallEngine, CallState, InvalidAction, Level, Status
from operator_assist.core.events import Event, EventBus, EventKind

from .conftest import kinds


def start_hold(engine):
    engine.start_call()
    engine.start_hold()


def test_silence_warning_fires_exactly_at_ten_seconds(engine, clock, events):
    engine.start_call()
    engine.start_lookup()
    clock.advance(9.999)
    snap = engine.snapshot()
    assert snap.status is Status.LOOKUP and snap.level is Level.NEUTRAL
    assert "silence_warning" not in kinds(events)
    clock.advance(0.001)
    snap = engine.snapshot()
    assert snap.status is Status.SILENCE_WARNING and snap.level is Level.AMBER
    warning = [e for e in events if e.kind is EventKind.SILENCE_WARNING]
    assert len(warning) == 1 and warning[0].at == pytest.approx(1010.0)
    assert warning[0].data == {"threshold": 10.0, "origin": "window"}


def test_silence_warning_fires_once_per_lookup_and_again_in_a_new_lookup(engine, clock, events):
    engine.start_call()
    engine.start_lookup()
    clock.advance(30)
    engine.snapshot()
    engine.snapshot()
    engine.end_lookup()
    engine.start_lookup()
    clock.advance(10)
    engine.snapshot()
    assert kinds(events).count("silence_warning") == 2


@pytest.mark.parametrize(
    "role, limit",
    [("specialist", 120.0), ("senior", 180.0)],
)
def test_hold_limit_by_role_at_its_boundary(clock, settings, role, limit):
    engine = CallEngine(clock, settings, role=role)
    got = []
    engine.bus.subscribe(got.append)
    start_hold(engine)
    clock.advance(limit - 0.1)
    snap = engine.snapshot()
    assert snap.status is Status.HOLD_PREWARNING and snap.level is Level.AMBER
    assert snap.display == "00:01"
    assert "hold_limit_reached" not in kinds(got)
    clock.advance(0.1)
    snap = engine.snapshot()
    assert snap.status is Status.HOLD_LIMIT and snap.level is Level.RED
    assert snap.display == "+00:00"
    reached = [e for e in got if e.kind is EventKind.HOLD_LIMIT_REACHED]
    assert len(reached) == 1 and reached[0].at == pytest.approx(1000.0 + limit)
    assert reached[0].data == {"limit": limit, "origin": "window"}


def test_hold_prewarning_thirty_seconds_before_the_limit(engine, clock, events):
    start_hold(engine)
    clock.advance(89.999)
    assert engine.snapshot().status is Status.HOLD
    assert "hold_prewarning" not in kinds(events)
    clock.advance(0.001)
    assert engine.snapshot().status is Status.HOLD_PREWARNING
    pre = [e for e in events if e.kind is EventKind.HOLD_PREWARNING]
    assert pre[0].at == pytest.approx(1090.0) and pre[0].data == {"limit": 120.0, "remaining": 30.0, "origin": "window"}


def test_hold_counts_down_then_counts_the_excess_up(engine, clock):
    start_hold(engine)
    assert engine.snapshot().display == "02:00"
    clock.advance(0.5)
    assert engine.snapshot().display == "02:00"  # rounded up: reads 00:00 exactly at the limit
    clock.advance(0.5)
    assert engine.snapshot().display == "01:59"
    clock.advance(124)
    snap = engine.snapshot()
    assert snap.display == "+00:05" and snap.level is Level.RED
    clock.advance(60)
    assert engine.snapshot().display == "+01:05"


def test_resume_thanks_switches_to_long_wait_after_sixty_seconds(engine, clock, events):
    start_hold(engine)
    clock.advance(60.0)
    engine.resume()
    assert engine.snapshot().status is Status.THANK_FOR_WAITING
    assert events[-1].kind is EventKind.HOLD_ENDED and events[-1].data["long_wait"] is False
    engine.start_hold()
    clock.advance(60.001)
    engine.resume()
    assert engine.snapshot().status is Status.THANK_FOR_LONG_WAITING
    assert events[-1].data["long_wait"] is True


def test_thanks_reminder_goes_away_after_resume_hint(engine, clock):
    start_hold(engine)
    clock.advance(5)
    engine.resume()
    clock.advance(14.9)
    assert engine.snapshot().status is Status.THANK_FOR_WAITING
    clock.advance(0.1)
    assert engine.snapshot().status is Status.TALKING


def test_second_hold_gets_its_own_countdown(engine, clock, events):
    start_hold(engine)
    clock.advance(100)
    engine.resume()
    clock.advance(20)
    engine.start_hold()
    snap = engine.snapshot()
    assert snap.display == "02:00" and snap.status is Status.HOLD and snap.hold_index == 2
    clock.advance(119.9)
    assert engine.snapshot().status is Status.HOLD_PREWARNING
    clock.advance(0.1)
    assert engine.snapshot().status is Status.HOLD_LIMIT
    ended = [e for e in events if e.kind is EventKind.HOLD_ENDED]
    assert ended[0].data == {"duration": 100.0, "limit": 120.0, "over_limit": False, "long_wait": True, "index": 1, "origin": "window"}
    assert [e.data["index"] for e in events if e.kind is EventKind.HOLD_STARTED] == [1, 2]


def test_over_limit_is_strictly_past_the_limit(engine, clock, events):
    start_hold(engine)
    clock.advance(120.0)
    engine.resume()
    assert events[-1].data["over_limit"] is False
    engine.start_hold()
    clock.advance(120.5)
    engine.resume()
    assert events[-1].data["over_limit"] is True


def test_thresholds_missed_by_a_frozen_loop_are_stamped_with_their_true_time(engine, clock, events):
    start_hold(engine)
    clock.advance(500)  # nobody polled for 500 s
    engine.resume()
    tail = [(e.kind.value, e.at) for e in events[-3:]]
    assert tail == [("hold_prewarning", 1090.0), ("hold_limit_reached", 1120.0), ("hold_ended", 1500.0)]
    assert events[-1].data["duration"] == 500.0


def test_event_wall_times_follow_the_clock(engine, clock, events):
    engine.start_call()
    clock.advance(42)
    engine.end_call()
    assert events[1].wall - events[0].wall == pytest.approx(42)
    assert events[0].wall == clock.wall(1000.0)


def test_full_call_emits_events_in_order_with_one_call_id(engine, clock, events):
    engine.start_call()
    engine.start_lookup()
    clock.advance(12)
    engine.start_hold()
    clock.advance(30)
    engine.resume()
    clock.advance(10)
    engine.end_call()
    assert kinds(events) == [
        "call_started",
        "lookup_started",
        "silence_warning",
        "lookup_ended",
        "hold_started",
        "hold_ended",
        "call_ended",
    ]
    assert len({e.call_id for e in events}) == 1 and events[0].call_id
    assert events[0].data == {"role": "specialist", "offer_source": "none", "origin": "window"}
    assert events[-1].data == {"duration": 52.0, "origin": "window"}
    assert engine.snapshot().display == "00:52" and engine.state is CallState.ENDED


def test_ending_a_call_on_hold_closes_the_hold_first(engine, clock, events):
    start_hold(engine)
    clock.advance(7)
    engine.end_call()
    assert kinds(events)[-2:] == ["hold_ended", "call_ended"]
    clock.advance(200)  # past where the hold's limit would have been
    assert kinds(events)[-2:] == ["hold_ended", "call_ended"] and engine.snapshot().next_change is None


def test_each_call_has_a_new_id(engine):
    engine.start_call()
    first = engine.call_id
    engine.end_call()
    engine.start_call()
    assert engine.call_id != first


@pytest.mark.parametrize(
    "setup, action",
    [
        ([], "start_lookup"),
        ([], "start_hold"),
        ([], "resume"),
        ([], "end_call"),
        (["start_call"], "start_call"),
        (["start_call"], "resume"),
        (["start_call"], "end_lookup"),
        (["start_call", "start_hold"], "start_hold"),
        (["start_call", "start_hold"], "start_lookup"),
        (["start_call", "end_call"], "end_call"),
    ],
)
def test_actions_invalid_in_a_state_are_rejected_and_change_nothing(engine, events, setup, action):
    for step in setup:
        getattr(engine, step)()
    state, count = engine.state, len(events)
    with pytest.raises(InvalidAction) as info:
        getattr(engine, action)()
    assert info.value.state is state
    assert action in str(info.value) and state.value in str(info.value)
    assert engine.state is state and len(events) == count


def test_role_switch_applies_to_the_next_hold(engine, clock, events):
    engine.start_call()
    engine.start_hold()
    engine.set_role("senior")
    assert events[-1].kind is EventKind.ROLE_CHANGED and events[-1].data == {"role": "senior"}
    assert engine.snapshot().hold_limit == 120.0
    engine.resume()
    engine.start_hold()
    assert engine.snapshot().hold_limit == 180.0


def test_unknown_role_is_rejected(engine):
    with pytest.raises(KeyError):
        engine.set_role("boss")
    assert engine.role.id == "specialist"


def test_next_change_is_the_next_second_or_an_earlier_threshold(engine, clock):
    engine.start_call()
    clock.advance(0.25)
    assert engine.snapshot().next_change == pytest.approx(1001.0)
    engine.start_lookup()
    clock.advance(9.5)
    assert engine.snapshot().next_change == pytest.approx(1010.25)  # the silence warning's moment


def test_a_failing_subscriber_does_not_stop_the_others(clock, logged_errors):
    bus = EventBus()
    got = []

    def broken(event):
        raise RuntimeError("disk full")

    bus.subscribe(broken)
    bus.subscribe(got.append)
    bus.emit(Event(EventKind.CALL_STARTED, 1.0, 2.0))
    assert len(got) == 1
    [failure] = logged_errors.take()
    assert failure.getMessage().startswith("event subscriber") and failure.exc_info[1].args == ("disk full",)


def test_unsubscribe_stops_delivery():
    bus = EventBus()
    got = []
    unsubscribe = bus.subscribe(got.append)
    unsubscribe()
    bus.emit(Event(EventKind.CALL_STARTED, 1.0, 2.0))
    assert got == []


def test_a_ringing_call_shows_its_number_and_time_and_journals_nothing(engine, clock, events):
    engine.ring("telephony", number="+7 999 000-11-22", answerable=False)
    clock.advance(3.2)
    snap = engine.snapshot()
    assert (snap.state, snap.status, snap.display, snap.number) == (CallState.RINGING, Status.RINGING, "00:03", "+7 999 000-11-22")
    assert snap.call_id is None and "999" not in repr(snap)
    assert events == []  # a ring is no call: nothing for the journal
    engine.heartbeat()
    assert engine.interrupt() is False and events == []
    engine.stop_ringing()
    assert engine.snapshot().state is CallState.IDLE


def test_new_call_on_a_ringing_call_asks_the_telephony_when_it_can_pick_up(engine, clock, events):
    engine.ring("telephony", number="2002", answerable=True)
    engine.start_call("hotkey")  # F5
    snap = engine.snapshot()
    assert (snap.state, snap.status, snap.number) == (CallState.RINGING, Status.ANSWERING, "2002")
    assert events == []
    engine.ring("telephony")  # the softphone did not pick up: it rings again, the number kept
    assert (engine.snapshot().status, engine.snapshot().number) == (Status.RINGING, "2002")
    clock.advance(1)
    engine.start_call("telephony")  # the softphone says it answered
    snap = engine.snapshot()
    assert snap.state is CallState.TALKING and snap.number == "" and kinds(events) == ["call_started"]
    assert events[0].data["origin"] == "telephony"


def test_new_call_on_a_ringing_call_starts_it_where_the_telephony_cannot_pick_up(engine, events):
    engine.ring("telephony", number="2002", answerable=False)
    engine.start_call("window")
    assert engine.snapshot().state is CallState.TALKING and kinds(events) == ["call_started"]


def test_a_hold_the_softphone_has_not_confirmed_is_marked(engine):
    start_hold(engine)
    assert engine.snapshot().unconfirmed is False
    engine.hold_unconfirmed()
    assert engine.snapshot().unconfirmed is True and engine.snapshot().level is Level.AMBER
    engine.hold_confirmed()
    assert engine.snapshot().unconfirmed is False
    engine.hold_unconfirmed()
    engine.resume()
    engine.start_hold()  # a new hold starts confirmed until a softphone is asked
    assert engine.snapshot().unconfirmed is False
    with pytest.raises(InvalidAction):
        engine.resume()
        engine.hold_confirmed()
