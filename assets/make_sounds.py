"""Regenerates the cue sounds in this folder (stdlib only): python assets/make_sounds.py"""

import math
import struct
import wave
from pathlib import Path

RATE = 22050


def tone(freq: float, seconds: float, volume: float = 0.5) -> list[float]:
    n = int(RATE * seconds)
    fade = int(RATE * 0.01)  # 10 ms fades avoid clicks
    out = []
    for i in range(n):
        env = min(1.0, i / fade, (n - i) / fade)
        out.append(volume * env * math.sin(2 * math.pi * freq * i / RATE))
    return out


def silence(seconds: float) -> list[float]:
    return [0.0] * int(RATE * seconds)


def write(name: str, samples: list[float]) -> None:
    with wave.open(str(Path(__file__).with_name(name)), "wb") as f:
        f.setnchannels(1)
        f.setsampwidth(2)
        f.setframerate(RATE)
        f.writeframes(b"".join(struct.pack("<h", int(s * 32767)) for s in samples))


if __name__ == "__main__":
    # Silence warning: two soft rising notes. Hold limit: three firm descending ones.
    write("silence-warning.wav", tone(660, 0.12) + silence(0.06) + tone(880, 0.18))
    write("hold-limit.wav", tone(988, 0.15, 0.6) + silence(0.05) + tone(784, 0.15, 0.6) + silence(0.05) + tone(659, 0.25, 0.6))
