"""The ``audio:`` settings: source, detector, device names; mistakes reported with file and line."""

import pytest

from operator_assist.core.settings import AudioSettings, load_settings


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def test_audio_is_off_by_default():
    settings, problems = load_settings(None)
    assert problems == [] and settings.audio == AudioSettings("off", "webrtc", None, None)


def test_audio_settings_are_read(tmp_path):
    f = write(tmp_path / "settings.yaml", "audio:\n  source: devices\n  detector: silero\n  mic: USB Headset\n"
              "  playback: alsa_output.pci.analog-stereo\n")  # fmt: skip
    settings, problems = load_settings(f)
    assert problems == []
    assert settings.audio == AudioSettings("devices", "silero", "USB Headset", "alsa_output.pci.analog-stereo")


def test_a_bare_source_is_enough(tmp_path):
    settings, problems = load_settings(write(tmp_path / "settings.yaml", "audio: file:/tmp/call.wav\n"))
    assert problems == [] and settings.audio.source == "file:/tmp/call.wav"


@pytest.mark.parametrize(
    "text, line, words",
    [
        ("timers:\n  long_wait: 90\naudio:\n  detector: vosk\n", 4, "неизвестный детектор 'vosk'"),
        ("audio:\n  source: devices\n  microphone: x\n", 3, "audio.microphone: неизвестное поле"),
        ("audio:\n  source: 5\n", 2, "audio.source: нужен непустой текст"),
        ("audio:\n  source: 'file:'\n", 2, "после file: нужен путь"),
        ("audio: [devices]\n", 1, "audio: нужен набор полей"),
    ],
)
def test_mistakes_are_reported_with_file_and_line_and_defaults_apply(tmp_path, text, line, words):
    f = write(tmp_path / "settings.yaml", text)
    settings, problems = load_settings(f)
    assert settings.audio == AudioSettings()
    [problem] = problems
    assert str(problem).startswith(f"{f}:{line}: ") and words in str(problem)
