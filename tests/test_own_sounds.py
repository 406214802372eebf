"""The app's own warning sounds never count as speech (issue 22 #2), and play where the operator chose."""

import wave

import pytest

from operator_assist.core.own_sounds import OwnSounds
from tests.components import require

pytest.importorskip("numpy", reason="pip install 'operator-assist[audio]'")


def test_a_stretch_overlapping_a_sound_or_its_margins_is_covered():
    own = OwnSounds(lead=0.1, tail=0.5)
    assert not own.covers(0.0, 100.0)
    own.add(10.0, 0.4)  # heard 9.9 … 10.9
    assert own.covers(10.2, 10.23) and own.covers(9.8, 9.91) and own.covers(10.85, 11.0)
    assert not own.covers(9.0, 9.9) and not own.covers(10.9, 12.0)
    own.add(100.0, 0.4)  # the first is long gone: forgotten
    assert not own.covers(10.2, 10.23) and own.covers(100.0, 100.1)


def _cue_at_16k():
    import numpy as np

    from operator_assist.paths import asset

    with wave.open(str(asset("silence-warning.wav")), "rb") as sound:
        rate, data = sound.getframerate(), np.frombuffer(sound.readframes(sound.getnframes()), dtype="<i2")
    x = data.astype(np.float32) / 32768.0
    n = int(round(len(x) * 16000 / rate))
    return np.interp(np.arange(n) * (rate / 16000), np.arange(len(x)), x).astype(np.float32), len(x) / rate


@pytest.fixture(scope="module")
def line_with_a_beep(tmp_path_factory):
    """The client's side: words, 12.5 s of silence with our warning beep at 10.2 s into it, words again."""
    import numpy as np

    from tests.audio_gen import CLIENT_LINES, read_mono, speech_clip

    require("espeak-ng", "espeak-ng")
    require("sox", "sox")
    words = np.array(read_mono(speech_clip(CLIENT_LINES[3], "ru+f3", tmp_path_factory.mktemp("beep") / "c.wav")),
                     dtype=np.float32) / 32768.0  # fmt: skip
    beep, length = _cue_at_16k()
    gap_start = len(words) / 16000
    client = np.concatenate([words, np.zeros(int(12.5 * 16000), np.float32), words, np.zeros(8000, np.float32)])
    at = int((gap_start + 10.2) * 16000)
    client[at : at + len(beep)] += beep
    return client, gap_start, gap_start + 10.2, length


@pytest.mark.parametrize("gated", [False, True], ids=["ungated", "own sound known"])
def test_our_beep_in_the_call_s_audio_is_not_speech_once_it_is_known(line_with_a_beep, gated):
    import numpy as np

    from operator_assist.audio.analyser import Analyser

    client, gap_start, beep_at, length = line_with_a_beep
    own = OwnSounds()
    if gated:
        own.add(beep_at, length)
    analyser = Analyser("webrtc", 0.0, own_sounds=own)
    operator = np.zeros_like(client)
    events = []
    for i in range(0, len(client), 1600):
        events += analyser.feed(operator[i : i + 1600], client[i : i + 1600])
    [ended] = [e for e in events if e.kind == "ended"]
    assert ended.episode.start == pytest.approx(gap_start, abs=0.3)
    if gated:  # ended by the client's words at the end of the pause
        assert ended.at == pytest.approx(gap_start + 12.5, abs=0.3)
    else:  # the beep itself would have ended it: what the gate is for
        assert ended.at == pytest.approx(beep_at, abs=0.3)


def test_a_cue_says_how_long_it_sounds_and_an_unknown_output_is_a_notice(qapp, monkeypatch):
    from operator_assist.ui.call import cue_player

    class Effect:
        def __init__(self, *args):
            self.args = args
            self.statusChanged = self.playingChanged = type("S", (), {"connect": lambda *a: None})()

        def setSource(self, url):
            pass

        def setVolume(self, volume):
            pass

        def play(self):
            pass

        def deleteLater(self):  # noqa: N802 - Qt's name
            pass

    class Device:
        def __init__(self, name, id):
            self.name, self.ident = name, id

        def description(self):
            return self.name

        def id(self):
            from PySide6.QtCore import QByteArray

            return QByteArray(self.ident)

    speaker = Device("Встроенный динамик", b"alsa_output.pci-0000_00_1f.3.analog-stereo")
    monkeypatch.setattr(cue_player, "_sound_effect_class", lambda: Effect)
    monkeypatch.setattr(cue_player, "_outputs", lambda: [Device("Гарнитура", b"bluez_sink.00_1B"), speaker])
    cues = cue_player.CuePlayer()
    sounding = []
    cues.sounding.connect(lambda cue, seconds: sounding.append((cue, round(seconds, 2))))
    cues.play("silence_warning")
    cues.play("hold_limit")
    assert sounding == [("silence_warning", 0.36), ("hold_limit", 0.65)]
    cues.muted = True
    cues.play("hold_limit")
    assert len(sounding) == 2  # muted: nothing sounds, nothing to ignore
    cues.muted = False
    problem = cues.set_output("Нет такого выхода")
    assert "«Нет такого выхода»" in problem and "по умолчанию" in problem and cues.output is None
    assert cues.set_output("Встроенный динамик") is None and cues.output == "Встроенный динамик"
    cues.play("hold_limit")
    assert cues._effects["hold_limit"].args[0] is speaker  # the effect plays on that device
    assert cues.set_output("alsa_output.pci-0000_00_1f.3.analog-stereo") is None  # its id works too
    assert cues.set_output(None) is None and cues.output is None
    cues.play("hold_limit")
    assert cues._effects["hold_limit"].args[0] is cues  # the default output: only the parent
