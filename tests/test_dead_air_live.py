"""Live: a generated conversation played into a real PulseAudio null sink, heard through the real capture backend."""

import sys
import threading
import time

import pytest

from operator_assist.core.commands import Action
from tests.audio_gen import build
from tests.components import require

pytest.importorskip("numpy", reason="pip install 'operator-assist[audio]'")

LIVE_SCRIPT = (("operator", 1), ("pause", 0.5), ("client", 3), ("pause", 12.0), ("operator", 1), ("pause", 1.0),
               ("client", 3), ("pause", 0.5))  # fmt: skip
"""Two sides, two players: on a loaded machine one may start a good part of a second after the other,
which shortens the silence both hear; the 12 s gap is still over the 10 s warning then. How exactly
a gap is timed is the bench's figure (dead_air_detection_error_ms), not this test's."""
PLAYERS_SKEW = 1.0
"""Seconds the two players' starts may differ by (what the machine's load allows them), and so the gap heard."""


@pytest.fixture(scope="module")
def pulse(tmp_path_factory):
    """One server for the module: soundcard stays connected to the server it first reached."""
    for name, package in (("pulseaudio", "pulseaudio"), ("pactl", "pulseaudio-utils"), ("paplay", "pulseaudio-utils"),
                          ("espeak-ng", "espeak-ng"), ("sox", "sox")):  # fmt: skip
        require(name, package)
    if "soundcard" in sys.modules:  # it keeps the server it first connected to
        pytest.skip("soundcard already connected to another sound server in this process")
    from tests.pulse import private_pulseaudio

    with private_pulseaudio(tmp_path_factory.mktemp("pulse")) as env, pytest.MonkeyPatch.context() as monkeypatch:
        for key in ("XDG_RUNTIME_DIR", "PULSE_RUNTIME_PATH", "PULSE_SERVER", "HOME"):
            monkeypatch.setenv(key, env[key])
        yield env


def test_dead_air_played_through_a_null_sink_is_heard_and_warned(pulse, tmp_path):
    import subprocess

    from operator_assist.audio.monitor import AudioMonitor
    from operator_assist.audio.sources import DeviceAudioSource, DeviceNames
    from operator_assist.core.clock import MonotonicClock
    from tests.pulse import playing

    conv = build(tmp_path / "audio", None, LIVE_SCRIPT)
    left, right = tmp_path / "left.wav", tmp_path / "right.wav"
    subprocess.run(["sox", str(conv.path), str(left), "remix", "1"], check=True, timeout=30)
    subprocess.run(["sox", str(conv.path), str(right), "remix", "2"], check=True, timeout=30)
    [(gap_start, gap_end)] = conv.dead_air

    events, statuses = [], []
    listening = threading.Event()

    def on_status(status):
        statuses.append(status)
        if status.state == "listening":
            listening.set()

    monitor = AudioMonitor(
        lambda: DeviceAudioSource(devices=DeviceNames(mic="micsink.monitor", playback="callsink")),
        "webrtc", MonotonicClock(), on_event=events.append, on_status=on_status,
    )  # fmt: skip
    monitor.start()
    try:
        assert listening.wait(10), statuses
        with playing(pulse, [(left, "micsink"), (right, "callsink")]) as (started, players):
            for player in players:
                player.wait(conv.duration + 15)
            time.sleep(0.3)  # the last block reaches the monitor
    finally:
        monitor.stop()
    assert not monitor.running

    warnings = [e for e in events if e.kind == "warning"]
    ended = [e.episode for e in events if e.kind == "ended"]
    assert len(warnings) == 1 and len(ended) == 1, events
    episode = ended[0]
    assert warnings[0].at == pytest.approx(episode.start + 10.0)
    assert episode.warned and episode.duration == pytest.approx(gap_end - gap_start, abs=PLAYERS_SKEW)
    # Heard at the right moment of the playback (PulseAudio latency included).
    assert episode.start - started == pytest.approx(gap_start, abs=PLAYERS_SKEW)
    assert [s.state for s in statuses][:1] == ["listening"]


DIALOG_SCRIPT = (("operator", 0), ("pause", 0.5), ("client", 0), ("pause", 0.5), ("operator", 1), ("pause", 0.5),
                 ("client", 1), ("pause", 0.5))  # fmt: skip


def test_the_device_dialog_lists_the_null_sinks_and_both_meters_move(pulse, tmp_path, qtbot):
    """Вид → «Звук разговора…» against a real PulseAudio: its outputs are listed, a choice restarts the
    capture on that device, and the level meter of each side moves while that side speaks."""
    import subprocess

    from operator_assist.audio.sources import DeviceAudioSource, DeviceNames
    from operator_assist.core.settings import AudioSettings
    from operator_assist.ui.audio.feed import AudioFeed
    from tests.pulse import playing

    conv = build(tmp_path / "audio", None, DIALOG_SCRIPT)
    left, right = tmp_path / "left.wav", tmp_path / "right.wav"
    subprocess.run(["sox", str(conv.path), str(left), "remix", "1"], check=True, timeout=30)
    subprocess.run(["sox", str(conv.path), str(right), "remix", "2"], check=True, timeout=30)

    feed = AudioFeed(lambda: DeviceAudioSource(devices=DeviceNames()), AudioSettings("devices"))
    dialog = feed.open_dialog()
    qtbot.addWidget(dialog)
    outputs = [dialog.out_box.itemText(i) for i in range(dialog.out_box.count())]
    assert "callsink" in outputs and "micsink" in outputs, outputs
    seen = {"mic": 0, "client": 0}

    def record(_levels):
        seen["mic"] = max(seen["mic"], dialog.mic_meter.value())
        seen["client"] = max(seen["client"], dialog.client_meter.value())

    feed.levels.connect(record)  # after the dialog's own slot: it reads the meters as shown
    dialog.out_box.setCurrentIndex(outputs.index("callsink"))
    try:
        with qtbot.waitSignal(dialog.devices_chosen):
            dialog._apply()  # the choice restarts the capture on callsink's monitor
        assert feed.settings.playback == "callsink"
        qtbot.waitUntil(lambda: feed.last_status is not None and feed.last_status.state == "listening", timeout=10000)
        with playing(pulse, [(left, "micsink"), (right, "callsink")]):
            qtbot.waitUntil(lambda: seen["mic"] > 50 and seen["client"] > 50, timeout=int((conv.duration + 5) * 1000))
    finally:
        feed.stop()
    assert not feed.monitor.running


CUE_SCRIPT = (("client", 3), ("pause", 12.5), ("client", 3), ("pause", 0.5))


def test_the_warning_sound_played_into_the_call_s_output_never_counts_as_speech(pulse, tmp_path, qtbot, paths):
    """Issue 22 #2: the cue plays into the default output, which is the call's output here (its monitor is
    what the app hears as the client). The warning stays until the client really speaks again."""
    import subprocess

    from operator_assist.core.clock import MonotonicClock
    from operator_assist.core.events import EventKind
    from operator_assist.ui.app import attach_audio, build_window, load_startup
    from tests.pulse import playing

    conv = build(tmp_path / "audio", None, CUE_SCRIPT)
    right = tmp_path / "right.wav"
    subprocess.run(["sox", str(conv.path), str(right), "remix", "2"], check=True, timeout=30)
    [(gap_start, gap_end)] = conv.dead_air
    (paths.config_dir / "settings.yaml").write_text(
        "audio:\n  source: devices\n  mic: micsink.monitor\n  playback: callsink\n", encoding="utf-8"
    )
    startup = load_startup(paths)
    window = build_window(paths, clock=MonotonicClock(), audio=True, startup=startup)  # real sound cues
    qtbot.addWidget(window)
    events, played = [], []
    window.session.occurred.connect(events.append)
    window.cues.played.connect(played.append)
    listening = attach_audio(window, startup, None)
    try:
        qtbot.waitUntil(lambda: listening.mark.state == "listening", timeout=10000)
        assert window.session.perform(Action.START_CALL) is None
        with playing(pulse, [(right, "callsink")]) as (started, players):
            qtbot.waitUntil(lambda: players[0].poll() is not None, timeout=int((conv.duration + 15) * 1000))
            qtbot.waitUntil(lambda: any(e.kind is EventKind.DEAD_AIR for e in events), timeout=5000)
    finally:
        listening.stop()
    assert played == ["silence_warning"] and window.cues.failure is None  # the cue really sounded
    by_kind = {e.kind: e for e in events}
    warning, ended = by_kind[EventKind.SILENCE_WARNING], by_kind[EventKind.LOOKUP_ENDED]
    assert warning.at - started == pytest.approx(gap_start + 10.0, abs=0.6)
    # Ended by the client's words, not by our own beep ~10.4 s into the pause.
    assert ended.data["origin"] == "audio" and ended.at - started == pytest.approx(gap_end, abs=0.6)


def test_the_warning_sound_plays_on_the_output_the_operator_chose(pulse, tmp_path, qtbot):
    """Issue 22 #2: cues on another output (here micsink) never reach the call's output (callsink)."""
    import subprocess

    import numpy as np

    from operator_assist.ui.call.cue_player import CuePlayer

    cues = CuePlayer()
    assert cues.set_output("micsink") is None and cues.output == "micsink"
    recordings = {sink: tmp_path / f"{sink}.raw" for sink in ("micsink", "callsink")}
    recorders = [subprocess.Popen(["parec", f"--device={sink}.monitor", "--format=s16le", "--rate=16000", "--channels=1",
                                   str(path)], env=pulse, start_new_session=True) for sink, path in recordings.items()]  # fmt: skip
    try:
        qtbot.waitUntil(lambda: all(p.exists() and p.stat().st_size > 3200 for p in recordings.values()), timeout=10000)
        with qtbot.waitSignal(cues.sounding, timeout=5000):
            cues.play("hold_limit")

        def peak(sink: str) -> float:
            data = np.fromfile(recordings[sink], dtype="<i2")
            return float(np.abs(data).max()) / 32768 if len(data) else 0.0

        qtbot.waitUntil(lambda: peak("micsink") > 0.3, timeout=10000)
        heard = recordings["callsink"].stat().st_size
        qtbot.waitUntil(lambda: recordings["callsink"].stat().st_size > heard + 32000, timeout=5000)  # 1 s more
    finally:
        for recorder in recorders:
            recorder.terminate()
            recorder.wait(5)
    assert cues.failure is None and peak("callsink") == 0.0  # the call's output heard none of it
