"""Generated test conversations: Russian speech from espeak-ng, shaped and mixed with sox.

Each conversation is a two-channel 16 kHz WAV (left = operator, right = client)
with a known timeline: where each side speaks, and where the dead air is.
Used by the tests and by bench/bench_audio.py; nothing here is hand-made audio.
"""

from __future__ import annotations

import shutil
import subprocess
import wave
from dataclasses import dataclass, field
from pathlib import Path

RATE = 16000

OPERATOR_LINES = (
    "Здравствуйте, компания связи, меня зовут Ольга, чем могу помочь?",
    "Подскажите, пожалуйста, номер договора.",
    "Спасибо, сейчас я проверю информацию по вашему тарифу.",
    "Я вижу, что у вас подключена услуга роуминга.",
    "Могу ли я ещё чем-нибудь вам помочь?",
)
CLIENT_LINES = (
    "Добрый день, у меня не работает мобильный интернет.",
    "Номер договора сто двадцать три, четыреста пятьдесят шесть.",
    "Да, я вчера вернулся из поездки за границу.",
    "Хорошо, я подожду, спасибо большое.",
    "Нет, спасибо, это всё, до свидания.",
)

MISSING = {"espeak-ng": "espeak-ng", "sox": "sox"}


def missing_tools() -> list[str]:
    return [name for name in MISSING if shutil.which(name) is None]


def _run(args: list[str]) -> None:
    subprocess.run(args, check=True, capture_output=True, timeout=60)


def speech_clip(text: str, voice: str, target: Path) -> Path:
    """espeak-ng says ``text``; sox makes it 16 kHz mono, trims its silent ends, peaks it at −3 dBFS."""
    if target.exists():
        return target
    raw = target.with_suffix(".raw.wav")
    _run(["espeak-ng", "-v", voice, "-s", "160", "-w", str(raw), text])
    _run(["sox", str(raw), "-r", str(RATE), "-c", "1", "-b", "16", str(target),
          "silence", "1", "0.01", "0.5%", "reverse", "silence", "1", "0.01", "0.5%", "reverse", "norm", "-3"])  # fmt: skip
    raw.unlink()
    return target


def read_mono(path: Path) -> list[int]:
    import array

    with wave.open(str(path), "rb") as w:
        data = array.array("h", w.readframes(w.getnframes()))
    return list(data)


@dataclass
class Conversation:
    """A timeline of lines; gaps are where both sides are silent."""

    name: str
    noise: str | None = None
    """None, ``hiss-50``, ``hiss-40``, ``hum``."""
    segments: list[tuple[str, float, float]] = field(default_factory=list)
    """(side, start, end) of each line, in seconds."""
    dead_air: list[tuple[float, float]] = field(default_factory=list)
    """Gaps that should warn (start, end)."""
    natural: list[tuple[float, float]] = field(default_factory=list)
    """Both-silent pauses that must not warn."""
    duration: float = 0.0
    path: Path | None = None


def _clips(cache: Path) -> dict[str, list[Path]]:
    cache.mkdir(parents=True, exist_ok=True)
    return {
        "operator": [speech_clip(t, "ru", cache / f"op{i}.wav") for i, t in enumerate(OPERATOR_LINES)],
        "client": [speech_clip(t, "ru+f3", cache / f"cl{i}.wav") for i, t in enumerate(CLIENT_LINES)],
    }


# The script: (side, line index) or ("pause", seconds). A pause of ≥ 10.5 s is dead air.
SCRIPT = (
    ("operator", 0), ("pause", 0.5), ("client", 0), ("pause", 1.5), ("operator", 1), ("pause", 3.0),
    ("client", 1), ("pause", 10.5), ("operator", 2), ("pause", 0.8), ("client", 2), ("pause", 15.0),
    ("operator", 3), ("pause", 2.0), ("client", 3),
    # one side talks while the other is silent: no dead air
    ("operator", 0), ("pause", 0.7), ("operator", 1), ("pause", 1.0), ("operator", 2), ("pause", 0.6), ("operator", 3),
    ("pause", 1.2), ("client", 0), ("pause", 0.5), ("client", 1), ("pause", 0.9), ("client", 2), ("pause", 0.7),
    ("client", 4), ("pause", 2.5), ("operator", 4), ("pause", 1.0),
)  # fmt: skip


def build(cache: Path, noise: str | None = None, script=SCRIPT) -> Conversation:
    """The conversation WAV (cached in ``cache``) with its known timeline."""
    clips = _clips(cache / "clips")
    name = f"conversation-{noise or 'clean'}"
    conv = Conversation(name, noise)
    left: list[int] = []
    right: list[int] = []
    t = 0.0
    for side, value in script:
        if side == "pause":
            n = int(round(value * RATE))
            left += [0] * n
            right += [0] * n
            (conv.dead_air if value >= 10.5 else conv.natural).append((t, t + n / RATE))
            t += n / RATE
            continue
        samples = read_mono(clips[side][value])
        this, other = (left, right) if side == "operator" else (right, left)
        this += samples
        other += [0] * len(samples)
        conv.segments.append((side, t, t + len(samples) / RATE))
        t += len(samples) / RATE
    conv.duration = t
    target = cache / f"{name}.wav"
    conv.path = target
    if target.exists():
        return conv
    import array

    parts = []
    for label, data in (("l", left), ("r", right)):
        dry = cache / f"{name}-{label}-dry.wav"
        with wave.open(str(dry), "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(RATE)
            w.writeframes(array.array("h", data).tobytes())
        if noise is None:
            parts.append(dry)
            continue
        bed = cache / f"{name}-{label}-bed.wav"
        if noise.startswith("hiss"):  # white noise at the named RMS level (sox's white noise: RMS ≈ −9.73 dBFS)
            level = -float(noise.split("-", 1)[1])
            synth, gain = ["whitenoise"], level + 9.73
        else:  # a 300 Hz mains-like hum at −35 dBFS RMS (a sine: RMS = peak − 3.01 dB)
            synth, gain = ["sine", "300"], -35 + 3.01
        _run(["sox", "-n", "-r", str(RATE), "-c", "1", "-b", "16", str(bed), "synth", f"{t:.3f}", *synth,
              "gain", f"{gain:.2f}"])  # fmt: skip
        mixed = cache / f"{name}-{label}.wav"
        _run(["sox", "-m", "-v", "1", str(dry), "-v", "1", str(bed), str(mixed)])
        parts.append(mixed)
    _run(["sox", "-M", str(parts[0]), str(parts[1]), "-b", "16", str(target)])
    return conv


VARIANTS = (None, "hiss-50", "hiss-40", "hum")
