"""The dead-air rules on synthetic frame decisions (no audio library)."""

from operator_assist.core.dead_air import CLIENT, OPERATOR, DeadAirTracker, EnergyGate, StreamVoice, rms_dbfs

FRAME = 0.01


def run(tracker, timeline, total):
    """timeline: list of (stream, start, end) of speech; both streams fed frame by frame until ``total``."""
    events = []
    for i in range(round(total / FRAME)):
        t = round(i * FRAME, 6)
        for stream in (OPERATOR, CLIENT):
            speech = any(s == stream and a <= t < b - 1e-9 for s, a, b in timeline)
            events += tracker.feed(stream, t, round(t + FRAME, 6), speech, -20.0 if speech else -70.0)
    return events


def test_rms_of_digital_silence_is_the_floor_value():
    assert rms_dbfs(0.0, 160) == -100.0
    assert abs(rms_dbfs(160 * 0.01**2, 160) - (-40.0)) < 1e-9


def test_gate_rejects_quiet_frames_and_steady_noise_but_passes_speech_over_it():
    gate = EnergyGate()
    assert not gate.passes(-50.0, FRAME)  # below −45 dBFS: never speech
    for _ in range(300):  # 3 s of steady hiss at −40 dBFS
        steady = gate.passes(-40.0, FRAME)
    assert not steady
    assert gate.passes(-20.0, FRAME)  # speech 20 dB above the floor


def test_a_click_does_not_count_as_speech_but_100_ms_does():
    voice = StreamVoice(min_speech=0.1, hangover=0.0)
    onsets = [voice.feed(i * FRAME, (i + 1) * FRAME, True) for i in range(5)]  # 50 ms click
    assert onsets == [None] * 5 and not voice.speaking
    voice.feed(0.05, 0.06, False)
    onsets = [voice.feed(1 + i * FRAME, 1 + (i + 1) * FRAME, True) for i in range(10)]
    assert onsets[:-1] == [None] * 9 and onsets[-1] == 1.0 and voice.speaking  # confirmed after 100 ms, dated from its first frame


def test_dead_air_warns_exactly_at_gap_start_plus_threshold():
    tracker = DeadAirTracker(threshold=10.0, confirm=4.0, hangover=0.0)
    events = run(tracker, [(OPERATOR, 0.0, 2.0), (CLIENT, 14.0, 16.0)], 17.0)
    kinds = [(e.kind, round(e.at, 6)) for e in events]
    assert kinds == [("confirmed", 6.0), ("warning", 12.0), ("ended", 14.0)]
    [episode] = tracker.episodes
    assert (round(episode.start, 6), round(episode.end, 6), episode.warned) == (2.0, 14.0, True)


def test_natural_pauses_and_one_sided_speech_make_no_episode():
    tracker = DeadAirTracker(threshold=10.0, confirm=4.0)
    timeline = [(OPERATOR, 0, 2), (CLIENT, 5, 7), (OPERATOR, 7.5, 20), (CLIENT, 23, 40)]
    events = run(tracker, timeline, 41)
    assert events == [] and tracker.episodes == []


def test_a_cough_during_dead_air_does_not_end_it():
    tracker = DeadAirTracker(threshold=10.0, confirm=4.0, hangover=0.0)
    events = run(tracker, [(OPERATOR, 0, 1), (CLIENT, 6.0, 6.05), (OPERATOR, 13, 14)], 14.5)
    assert [e.kind for e in events] == ["confirmed", "warning", "ended"]
    assert round(tracker.episodes[0].duration, 6) == 12.0


def test_a_short_episode_ends_without_warning():
    tracker = DeadAirTracker(threshold=10.0, confirm=4.0, hangover=0.0)
    events = run(tracker, [(OPERATOR, 0, 1), (CLIENT, 7, 8)], 9)
    assert [e.kind for e in events] == ["confirmed", "ended"]
    assert not tracker.episodes[0].warned


def test_a_silent_microphone_marks_the_episode_as_muted():
    tracker = DeadAirTracker(threshold=10.0, confirm=4.0, hangover=0.0)
    events = []
    t = 0.0
    while t < 12:
        speech = t < 1
        events += tracker.feed(OPERATOR, t, t + FRAME, speech, -20.0 if speech else -100.0)  # mic muted after 1 s
        events += tracker.feed(CLIENT, t, t + FRAME, False, -60.0)
        t += FRAME
    warning = [e for e in events if e.kind == "warning"][0]
    assert warning.episode.operator_muted


def test_quiet_but_open_microphone_is_not_muted():
    tracker = DeadAirTracker(threshold=10.0, confirm=4.0, hangover=0.0)
    events = run(tracker, [(OPERATOR, 0, 1)], 12)  # silence at −70 dBFS: room noise, a live mic
    assert not [e for e in events if e.kind == "warning"][0].episode.operator_muted


def test_the_end_of_the_audio_closes_an_episode_under_way():
    tracker = DeadAirTracker(threshold=10.0, confirm=4.0, hangover=0.0)
    run(tracker, [(OPERATOR, 0, 1)], 20)
    events = tracker.finish()
    assert [e.kind for e in events] == ["ended"]
    assert tracker.episodes[0].warned and round(tracker.episodes[0].end, 6) == 20.0
