"""The pure mapping from telephony events to call-session actions."""

import logging

import pytest

from operator_assist.core.clock import FakeClock
from operator_assist.core.commands import Action
from operator_assist.core.telephony import (
    BadTelephonyEvent,
    CallTracker,
    TelephonyEvent,
    parse_event,
)


class Session:
    """Just enough of a call session: the state each action leads to."""

    NEXT = {
        "start_call": "talking", "start_hold": "hold", "resume": "talking", "end_call": "ended",
        "start_lookup": "lookup", "ring": "ringing", "stop_ringing": "idle",
    }  # fmt: skip

    def __init__(self):
        self.state = "idle"
        self.done = []

    def perform(self, action, origin="window"):
        self.done.append((action, origin))
        if action in self.NEXT:
            self.state = self.NEXT[action]


@pytest.fixture
def rig():
    clock = FakeClock()
    tracker = CallTracker(agent="2001", clock=clock)
    session = Session()

    def feed(kind, call_id="c1", by="agent", agent="2001", number=""):
        clock.advance(1.0)
        step = tracker.feed(TelephonyEvent(kind, call_id, clock.now(), agent, by, "test", number), session.state)
        for action in step.actions:
            session.perform(action, "telephony")
        return step

    return feed, session, tracker, clock


def test_a_whole_call_maps_to_start_hold_resume_end(rig):
    feed, session, _, _ = rig
    assert feed("call_ringing").actions == ("ring",)
    assert feed("call_answered").actions == ("start_call",)
    assert feed("hold_started").actions == ("start_hold",)
    assert feed("hold_ended").actions == ("resume",)
    assert feed("call_ended").actions == ("end_call",)
    assert session.state == "ended"


def test_the_clients_hold_is_shown_without_the_operators_countdown(rig):
    feed, session, _, _ = rig
    feed("call_answered")
    assert feed("hold_started", by="peer").actions == ("peer_hold_start",)
    assert session.state == "talking"
    assert feed("hold_started", by="peer").ignored  # a repeat
    assert feed("hold_ended", by="peer").actions == ("peer_hold_end",)
    assert feed("hold_ended", by="peer").ignored


def test_a_call_ending_while_the_client_holds_clears_the_clients_hold_first(rig):
    feed, _, _, _ = rig
    feed("call_answered")
    feed("hold_started", by="peer")
    assert feed("call_ended").actions == ("peer_hold_end", "end_call")


@pytest.mark.parametrize(
    "kind", ["hold_started", "hold_ended", "call_ended"], ids=lambda k: f"{k}_before_answered"
)
def test_events_before_the_call_is_answered_are_ignored(rig, kind):
    feed, session, _, _ = rig
    step = feed(kind)
    assert step.actions == () and step.ignored
    assert session.state == "idle"


def test_repeats_are_ignored(rig, caplog):
    feed, session, _, _ = rig
    caplog.set_level(logging.INFO, "operator_assist.core.telephony")
    feed("call_answered")
    assert feed("call_answered").ignored == "this call is already answered"
    feed("hold_started")
    assert feed("hold_started").ignored
    feed("hold_ended")
    assert feed("hold_ended").ignored == "hold ended without a hold"
    feed("call_ended")
    assert feed("call_ended").ignored
    assert [a for a, _ in session.done] == ["start_call", "start_hold", "resume", "end_call"]
    assert "call_answered (call c1, by agent) ignored: this call is already answered" in caplog.text


def test_other_agents_and_other_calls_change_nothing(rig):
    feed, session, _, _ = rig
    assert feed("call_answered", agent="2002").ignored.startswith("not the agent's call")
    assert session.state == "idle"
    feed("call_answered", call_id="mine")
    assert feed("hold_started", call_id="theirs").ignored.startswith("another call")
    assert feed("call_ended", call_id="theirs").ignored
    assert session.state == "talking"


def test_an_event_without_agent_or_call_id_means_the_current_call(rig):
    feed, session, _, _ = rig
    feed("call_answered", call_id="", agent="")
    assert feed("hold_started", call_id="", agent="").actions == ("start_hold",)
    assert feed("call_ended", call_id="", agent="").actions == ("end_call",)


def test_out_of_order_by_time_is_ignored(rig):
    _, session, tracker, clock = rig
    clock.advance(5)
    assert tracker.feed(TelephonyEvent("call_answered", "c1", clock.now(), "2001"), "idle").actions
    late = tracker.feed(TelephonyEvent("call_ended", "c1", clock.now() - 2, "2001"), "talking")
    assert late.ignored == "older than the last event"
    future = tracker.feed(TelephonyEvent("call_ended", "c1", clock.now() + 2, "2001"), "talking")
    assert future.ignored == "dated in the future"


def test_a_manual_resume_stands_until_the_telephony_holds_again(rig):
    feed, session, _, _ = rig
    feed("call_answered")
    feed("hold_started")
    session.perform(Action.RESUME, "hotkey")  # the operator's key wins
    assert feed("hold_started").ignored  # a repeat of the same hold does not undo it
    assert feed("hold_ended").ignored == "not on hold (resumed by hand)"
    assert feed("hold_started").actions == ("start_hold",)  # the next real hold contradicts it
    assert session.state == "hold"


def test_a_manual_hold_stands_against_a_stray_hold_ended(rig):
    feed, session, _, _ = rig
    feed("call_answered")
    session.perform(Action.START_HOLD, "hotkey")
    assert feed("hold_ended").ignored
    assert session.state == "hold"
    assert feed("call_ended").actions == ("end_call",)


def test_a_call_started_by_hand_is_adopted_not_restarted(rig):
    feed, session, tracker, _ = rig
    session.perform(Action.START_CALL, "window")
    assert feed("call_answered").actions == ()
    assert tracker.call_id == "c1"
    assert feed("hold_started").actions == ("start_hold",)


def test_a_hold_on_a_call_started_by_hand_adopts_it(rig):
    feed, session, tracker, _ = rig
    session.perform(Action.START_CALL, "window")
    assert feed("hold_started", call_id="x").actions == ("start_hold",)
    assert tracker.call_id == "x"


def test_a_manual_end_stands_and_the_hangup_just_closes_the_call(rig):
    feed, session, tracker, _ = rig
    feed("call_answered")
    session.perform(Action.END_CALL, "hotkey")
    assert feed("call_ended").ignored == "the call has already ended"
    assert tracker.call_id is None
    assert feed("call_answered", call_id="c2").actions == ("start_call",)


def test_a_missed_hangup_is_reconciled_by_the_next_call(rig):
    feed, session, _, _ = rig
    feed("call_answered", call_id="c1")
    assert feed("call_answered", call_id="c2").actions == ("end_call", "start_call")
    assert session.state == "talking"


def test_a_hold_during_lookup_starts_the_hold(rig):
    feed, session, _, _ = rig
    feed("call_answered")
    session.perform(Action.START_LOOKUP)
    assert feed("hold_started").actions == ("start_hold",)


def test_parse_event_accepts_the_vocabulary():
    event = parse_event({"kind": "hold_started", "call_id": " 7 ", "by": "peer"}, at=5.0, source="inbox")
    assert event == TelephonyEvent("hold_started", "7", 5.0, "", "peer", "inbox")
    assert parse_event({"kind": "call_answered"}, 1.0).by == "agent"


@pytest.mark.parametrize(
    "data, words",
    [
        ([1], "нужен объект"),
        ({"kind": "dance"}, "неизвестный kind"),
        ({"kind": "call_ended", "by": "boss"}, "agent или peer"),
        ({"kind": "call_ended", "call_id": 5}, "текстом"),
        ({"kind": "call_ended", "call_id": "x" * 300}, "до 200"),
        ({"kind": "call_ended", "phone": "+7999"}, "неизвестные поля: phone"),
    ],
)
def test_parse_event_refuses_in_russian(data, words):
    with pytest.raises(BadTelephonyEvent, match=words):
        parse_event(data, at=1.0)


def test_a_ringing_call_is_shown_with_its_number_and_answered_or_missed(rig, caplog):
    feed, session, tracker, _ = rig
    caplog.set_level(logging.DEBUG)
    step = feed("call_ringing", number="+7 999 000-11-22")
    assert step.actions == ("ring",) and step.number == "+7 999 000-11-22"
    assert "999" not in repr(step) + caplog.text  # the number is for the screen only
    assert feed("call_ringing").ignored == "already ringing"
    assert feed("call_ended").actions == ("stop_ringing",)  # missed, or taken at another desk
    assert session.state == "idle" and tracker.ringing is None
    feed("call_ringing", call_id="c2")
    assert feed("call_answered", call_id="c2").actions == ("start_call",)
    assert feed("call_ringing", call_id="c3").ignored == "another call rings during this one"


def test_a_ringing_call_that_is_not_ours_does_not_stop_the_ringing(rig):
    feed, session, _, _ = rig
    feed("call_ringing", call_id="c1")
    assert feed("call_ended", call_id="other").ignored == "not the ringing call"
    assert session.state == "ringing"


def test_a_hold_with_no_call_is_refused_with_the_windows_reason(rig):
    from operator_assist.core.engine import Action, CallState, InvalidAction

    feed, session, _, _ = rig
    step = feed("hold_started", call_id="")
    assert step.actions == () and isinstance(step.refused, InvalidAction)
    assert (step.refused.action, step.refused.state) == (Action.START_HOLD, CallState.IDLE)
    assert feed("hold_ended", by="peer").refused.action is Action.PEER_HOLD_END
    assert feed("call_ended").refused is None  # a hangup with no call changes nothing: not an error
    feed("call_ringing")
    assert feed("hold_started").refused.state is CallState.RINGING


def test_the_telephony_confirms_the_operators_own_hold(rig):
    feed, session, _, _ = rig
    feed("call_answered")
    session.perform(Action.START_HOLD, "hotkey")  # F7: the softphone is asked to hold
    assert feed("hold_started").actions == ("hold_confirmed",)
    assert feed("hold_started").ignored == "the telephony already said hold"
    assert feed("hold_ended").actions == ("resume",)


def test_parse_event_takes_the_callers_number_with_a_ringing_call_only():
    event = parse_event({"kind": "call_ringing", "number": " +7 (999) 000-11-22 "}, at=1.0)
    assert event.number == "+7 (999) 000-11-22" and "999" not in repr(event)
    for data in ({"kind": "call_ringing", "number": "<b>1</b>"}, {"kind": "call_answered", "number": "2002"}):
        with pytest.raises(BadTelephonyEvent, match="number") as caught:
            parse_event(data, at=1.0)
        assert data["number"] not in str(caught.value)  # never quoted back
