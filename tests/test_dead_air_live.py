"""Live: a generated conversation played into a real PulseAudio null sink, heard through the real capture backend."""

import sys
import threading
import time

import pytest

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
