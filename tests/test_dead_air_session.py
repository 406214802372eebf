"""Dead air → the call session's actions: origin audio, backdated to the gap, only during talking."""

import pytest

from operator_assist.core.commands import Action, DeadAirHeard
from operator_assist.core.dead_air import Episode, TrackerEvent
from operator_assist.core.dead_air_session import DeadAirLink
from operator_assist.core.engine import InvalidAction


class FakeSession:
    """The CallSession shape over a real engine; records every perform (``at`` included)."""

    def __init__(self, engine):
        self.engine = engine
        self.performed = []
        self.heard = []
        self.links = []

    @property
    def snapshot(self):
        return self.engine.snapshot()

    def perform(self, command, origin="window", at=None):
        if isinstance(command, DeadAirHeard):  # only journaled
            self.heard.append(command)
            return None
        self.performed.append((command, origin, at))
        try:
            self.engine.perform(command, origin, at)
        except InvalidAction as exc:
            return str(exc)
        for link in self.links:
            link.on_snapshot(self.snapshot)
        return None


@pytest.fixture
def session(engine):
    return FakeSession(engine)


@pytest.fixture
def link(session, engine):
    notes = []
    link = DeadAirLink(session, notes.append)
    link.notes, link.recorded = notes, session.heard
    session.links.append(link)
    return link


def ep(start, end=None, muted=False, spoken=True):
    return Episode(start, end, 10.0, muted, spoken)


def test_heard_dead_air_changes_nothing_until_the_threshold_then_the_warning_is_backdated_and_speech_ends_it(
    session, link, clock
):
    session.perform(Action.START_CALL)  # at 1000; speech, then silence from 1010
    clock.advance(14)
    link.on_event(TrackerEvent("confirmed", 1014.0, ep(1010.0)))
    link.on_snapshot(session.snapshot)
    assert [a for a, _, _ in session.performed] == ["start_call"]  # silence heard is not a declared lookup
    assert session.snapshot.state.value == "talking"
    clock.advance(6)  # now 1020
    link.on_event(TrackerEvent("warning", 1020.0, ep(1010.0)))
    assert session.performed[-1] == ("start_lookup", "audio", 1010.0)
    snap = session.snapshot
    assert snap.state.value == "lookup" and snap.status.value == "silence_warning" and snap.display == "00:10"
    clock.advance(4.5)
    link.on_event(TrackerEvent("ended", 1024.5, ep(1010.0, 1024.5)))
    assert session.performed[-1] == ("end_lookup", "audio", 1024.5)
    assert session.snapshot.state.value == "talking"
    assert link.recorded == [DeadAirHeard(at=1024.5, duration=14.5, warned=True)]


def test_on_hold_nothing_is_started_or_journaled(session, link, clock):
    session.perform(Action.START_CALL)
    session.perform(Action.START_HOLD)
    clock.advance(20)
    link.on_event(TrackerEvent("confirmed", 1014.0, ep(1010.0)))
    link.on_event(TrackerEvent("warning", 1020.0, ep(1010.0)))
    link.on_event(TrackerEvent("ended", 1020.0, ep(1010.0, 1020.0)))
    assert [a for a, _, _ in session.performed] == ["start_call", "start_hold"]
    assert link.recorded == [] and link.notes == []


def test_a_lookup_the_operator_started_is_never_ended_by_audio(session, link, clock):
    session.perform(Action.START_CALL)
    session.perform(Action.START_LOOKUP, "hotkey")
    clock.advance(20)
    link.on_event(TrackerEvent("confirmed", 1014.0, ep(1010.0)))
    link.on_event(TrackerEvent("warning", 1020.0, ep(1010.0)))
    link.on_event(TrackerEvent("ended", 1022.0, ep(1010.0, 1022.0)))
    assert [a for a, _, _ in session.performed] == ["start_call", "start_lookup"]
    assert session.snapshot.state.value == "lookup"


def test_operator_ending_the_audio_lookup_leaves_it_ended_and_silence_counts_again_from_then(session, link, clock):
    session.perform(Action.START_CALL)
    clock.advance(20)
    link.on_event(TrackerEvent("warning", 1020.0, ep(1010.0)))
    clock.advance(1)
    session.perform(Action.END_LOOKUP, "window")  # F6 at 1021: «нашёл — говорю»
    clock.advance(9)
    link.on_snapshot(session.snapshot)
    assert [a for a, _, _ in session.performed] == ["start_call", "start_lookup", "end_lookup"]
    clock.advance(1)  # 10 s of silence since the operator's F6
    link.on_snapshot(session.snapshot)
    assert session.performed[-1] == ("start_lookup", "audio", 1021.0)
    link.on_event(TrackerEvent("ended", 1032.0, ep(1010.0, 1032.0)))
    assert session.performed[-1] == ("end_lookup", "audio", 1032.0)


def test_before_anyone_speaks_in_a_call_its_silence_is_no_dead_air(session, link, clock):
    """F5 with nobody speaking yet: «Разговор» and the greeting stay; the rule starts from the first speech."""
    clock.advance(30)  # idle since 1000; the last words heard were the previous call's, at 1025
    session.perform(Action.START_CALL)  # at 1030
    clock.advance(12)
    for episode in (ep(1000.0, spoken=False), ep(1025.0)):
        link.on_event(TrackerEvent("confirmed", 1034.0, episode))
        link.on_event(TrackerEvent("warning", 1040.0, episode))
        link.on_snapshot(session.snapshot)
        assert session.snapshot.state.value == "talking" and [a for a, _, _ in session.performed] == ["start_call"]
    link.on_event(TrackerEvent("ended", 1042.0, ep(1025.0, 1042.0)))  # the client says «Алло»
    assert link.recorded == [] and link.notes == []
    clock.advance(12)  # 1054: the first words ended at 1043, silence since
    link.on_event(TrackerEvent("warning", 1053.0, ep(1043.0)))
    assert session.performed[-1] == ("start_lookup", "audio", 1043.0)


def test_listening_turned_on_mid_call_waits_for_speech_it_heard(session, engine, clock):
    session.perform(Action.START_CALL)
    clock.advance(60)
    link = DeadAirLink(session, threshold=10.0)  # at 1060
    session.links.append(link)
    clock.advance(12)
    link.on_event(TrackerEvent("warning", 1070.0, ep(1060.0, spoken=False)))
    assert [a for a, _, _ in session.performed] == ["start_call"]
    link.on_event(TrackerEvent("warning", 1072.0, ep(1062.0)))
    assert session.performed[-1] == ("start_lookup", "audio", 1062.0)


def test_dead_air_going_on_after_a_hold_is_timed_from_the_resume(session, link, clock):
    session.perform(Action.START_CALL)
    session.perform(Action.START_HOLD)
    clock.advance(10)
    link.on_event(TrackerEvent("confirmed", 1004.0, ep(1000.0)))
    link.on_event(TrackerEvent("warning", 1010.0, ep(1000.0)))
    session.perform(Action.RESUME)  # at 1010, nobody speaks
    clock.advance(9.5)
    link.on_snapshot(session.snapshot)
    assert session.performed[-1][0] == "resume"
    clock.advance(0.5)  # the session's snapshot of 1020
    link.on_snapshot(session.snapshot)
    assert session.performed[-1] == ("start_lookup", "audio", 1010.0)
    assert session.snapshot.status.value == "silence_warning"


def test_silence_with_a_muted_microphone_says_hold_not_mute(session, link, clock):
    session.perform(Action.START_CALL)
    clock.advance(20)
    link.on_event(TrackerEvent("confirmed", 1014.0, ep(1010.0, muted=True)))
    link.on_event(TrackerEvent("warning", 1020.0, ep(1010.0, muted=True)))
    [note] = link.notes
    assert "не на удержании" in note and "HOLD" in note


def test_a_quiet_but_live_microphone_gets_no_mute_notice(session, link, clock):
    session.perform(Action.START_CALL)
    clock.advance(20)
    link.on_event(TrackerEvent("confirmed", 1014.0, ep(1010.0)))
    link.on_event(TrackerEvent("warning", 1020.0, ep(1010.0)))
    assert link.notes == []


def test_short_episode_is_journaled_as_not_warned(session, link, clock):
    session.perform(Action.START_CALL)
    clock.advance(20)
    link.on_event(TrackerEvent("confirmed", 1014.0, ep(1010.0)))
    link.on_event(TrackerEvent("ended", 1016.0, ep(1010.0, 1016.0)))
    assert [a for a, _, _ in session.performed] == ["start_call"]
    assert (link.recorded[0].duration, link.recorded[0].warned) == (6.0, False)


def test_when_the_client_holds_the_operator_audio_ends_its_timer_and_waits(session, link, clock):
    session.perform(Action.START_CALL)
    clock.advance(20)
    link.on_event(TrackerEvent("warning", 1020.0, ep(1010.0)))
    assert session.snapshot.state.value == "lookup"
    session.perform(Action.PEER_HOLD_START)  # telephony: the client's side is on hold
    assert session.performed[-1][:2] == ("end_lookup", "audio")
    assert session.snapshot.state.value == "talking" and session.snapshot.peer_hold
    clock.advance(30)
    link.on_event(TrackerEvent("warning", 1020.0, ep(1010.0, muted=True)))
    link.on_snapshot(session.snapshot)
    assert link.notes == [] and session.performed[-1][:2] == ("end_lookup", "audio")  # on (their) hold: nothing
    session.perform(Action.PEER_HOLD_END)  # at 1050, still nobody speaks: silence counts from here
    clock.advance(10)
    link.on_snapshot(session.snapshot)
    assert session.performed[-1] == ("start_lookup", "audio", 1050.0)


def test_listening_turned_off_ends_the_timer_audio_started_but_not_the_operator_s(session, link, clock):
    session.perform(Action.START_CALL)
    clock.advance(20)
    link.on_event(TrackerEvent("warning", 1020.0, ep(1010.0)))
    assert session.snapshot.state.value == "lookup"
    link.release()  # Вид → «Слушать разговор» off: no speech will come to end it
    assert session.performed[-1][:2] == ("end_lookup", "audio") and session.snapshot.state.value == "talking"
    session.perform(Action.START_LOOKUP)  # the operator's own F6
    link.release()
    assert session.snapshot.state.value == "lookup"
