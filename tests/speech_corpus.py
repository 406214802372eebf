"""Real Russian speech for the speech checks' tests and bench: recorded prompts and Festival's voice.

- Debian's ``asterisk-core-sounds-ru-wav``: a woman's recorded Russian prompts (8 kHz). What
  each one says is written here (:data:`PROMPTS`), checked against the prompts' English originals.
- Festival's Russian voice (Debian ``festvox-ru``, ``text2wave``): sentences of the standard and
  ordinary talk, made telephone-like with sox (300–3400 Hz, 8 kHz) with noise mixed in.

A conversation is the operator's channel with silence and noise between utterances, and its
ground truth: where each utterance is, which library phrases it says and which forbidden words.
Stereo files carry a «client» on the right channel, which the speech check must never hear.
Files are made once per cache folder (``make_*`` skip what exists).
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import wave
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

RATE = 16000
ASTERISK = Path("/usr/share/asterisk/sounds/ru_RU_f_IvrvoiceRU")
FESTIVAL_VOICE = "(voice_msu_ru_nsh_clunits)"
TOOLS = {"text2wave": "festival festvox-ru", "sox": "sox"}

PROMPTS = {
    "hello": "Здравствуйте!",
    "pls-hold-while-try": "Оставайтесь на линии, происходит соединение с абонентом.",
    "queue-thankyou": "Благодарим за терпение.",
    "one-moment-please": "Секундочку, пожалуйста.",
    "goodbye": "До свидания!",
    "auth-thankyou": "Спасибо!",
    "please-try-again": "Пожалуйста, попробуйте ещё раз.",
    "tt-allbusy": "В данный момент все операторы заняты, пожалуйста, оставайтесь на линии. Ваш вызов будет принят в порядке очереди.",
}
"""Asterisk prompt → its words."""


@dataclass(frozen=True)
class Line:
    """One utterance of a conversation: what is said and what the checks should find in it."""

    text: str
    phrases: tuple[str, ...] = ()
    """Library phrase ids said in it (a whole phrase: in this utterance alone)."""
    forbidden: tuple[str, ...] = ()
    prompt: str | None = None
    """An Asterisk prompt's name (recorded speech) instead of Festival's voice."""


# The standard's moments in Festival's voice, and ordinary talk (nothing of the library in it).
GREETING = Line("Здравствуйте! Компания МТС, меня зовут Ольга. Чем могу Вам помочь?", ("greeting.default",))
HOLD = Line("Я уточню информацию для Вас. Это займет не более минуты. Оставайтесь, пожалуйста, на линии. Хорошо?", ("hold.clarify",))
HOLD_TARIFF = Line("Изменение тарифного плана займет не больше минуты. Оставайтесь, пожалуйста, на линии. Вы согласны?", ("hold.tariff_change",))
HOLD_NO_CONSENT = Line("Я уточню информацию для Вас. Это займет не более минуты.")
THANKS = Line("Спасибо за ожидание.", ("resume.thanks",))
THANKS_LONG = Line("Спасибо за длительное ожидание.", ("resume.thanks_long", "resume.thanks"))
SUMMARY = Line("Могу ли я еще чем-нибудь Вам помочь?", ("summary.more_help",))
FAREWELL = Line("Спасибо за звонок! Хорошего Вам дня! До свидания!", ("farewell.thanks", "creative.good_day", "farewell.goodbye"))
FAREWELL_SHORT = Line("Спасибо за звонок, всего доброго.", ("farewell.thanks", "farewell.all_best", "creative.all_best"))
WAIT_WRONG = Line("Подождите, я сейчас посмотрю.", (), ("подождите",))
DONT_KNOW = Line("Я не знаю, куда ушли деньги.", (), ("не знаю", "деньги"))
WAIT_RIGHT = Line("Вы готовы подождать еще немного?")  # «подождать» is not «подождите»
ORDINARY = (
    Line("Ваш номер договора сто двадцать три."),
    Line("Тариф подключён с первого числа следующего месяца."),
    Line("В вашем регионе действует пакет интернета на двадцать гигабайт."),
    Line("Абонентская плата списывается каждый месяц первого числа."),
    Line("Роуминг включается автоматически при выезде за границу."),
    Line("Проверьте, пожалуйста, включена ли передача данных в настройках телефона."),
    Line("Новая сим-карта будет готова через два рабочих дня."),
    Line("Эта услуга бесплатна в течение первого месяца."),
)
CLIENT = (
    "Подождите, я не знаю номер договора.",
    "Хорошо, спасибо за ожидание, до свидания.",
)
"""The client's side of a stereo conversation: the speech check must not hear these."""


@dataclass
class Conversation:
    path: Path
    """16 kHz 16-bit WAV: mono (the operator) or stereo (operator left, client right)."""
    lines: list[tuple[float, float, Line]] = field(default_factory=list)
    """(start, end, line) of each utterance, in seconds from the file's start."""

    @property
    def duration(self) -> float:
        with wave.open(str(self.path)) as w:
            return w.getnframes() / w.getframerate()


def missing_tools() -> list[str]:
    found = [name for name in TOOLS if shutil.which(name) is None]
    if not ASTERISK.is_dir():
        found.append("asterisk-core-sounds-ru-wav")
    return found


def packages(missing: list[str]) -> str:
    return " ".join(dict.fromkeys(TOOLS.get(m, m) for m in missing))


def _read(path: Path) -> np.ndarray:
    with wave.open(str(path), "rb") as w:
        rate, channels = w.getframerate(), w.getnchannels()
        data = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").reshape(-1, channels)[:, 0]
    x = data.astype(np.float32) / 32768.0
    if rate != RATE:
        n = int(round(len(x) * RATE / rate))
        x = np.interp(np.arange(n) * (rate / RATE), np.arange(len(x)), x).astype(np.float32)
    return x


def _write(path: Path, *channels: np.ndarray) -> None:
    data = np.stack(channels, axis=1) if len(channels) > 1 else channels[0][:, None]
    pcm = (np.clip(data, -1.0, 1.0) * 32767.0).astype("<i2")
    with wave.open(str(path), "wb") as w:
        w.setnchannels(len(channels))
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(pcm.tobytes())


def _telephone(source: Path, target: Path) -> None:
    """The telephone band: 300–3400 Hz through 8 kHz, back at 16 kHz (sox)."""
    subprocess.run(["sox", str(source), "-r", "16000", "-c", "1", str(target), "sinc", "300-3400", "rate", "8000", "rate", "16000"],
                   check=True, capture_output=True)  # fmt: skip


def utterance(line: Line, cache: Path) -> np.ndarray:
    """The line's audio at 16 kHz: the recorded prompt, or Festival's voice in the telephone band."""
    cache.mkdir(parents=True, exist_ok=True)
    if line.prompt is not None:
        return _read(ASTERISK / f"{line.prompt}.wav")
    name = f"fest-{hashlib.sha1(line.text.encode('utf-8')).hexdigest()[:12]}.wav"
    done = cache / name
    if not done.exists():
        text = cache / (name + ".txt")
        raw = cache / (name + ".raw.wav")
        text.write_text(line.text + "\n", encoding="utf-8")
        subprocess.run(["text2wave", "-eval", FESTIVAL_VOICE, str(text), "-o", str(raw)], check=True, capture_output=True)
        _telephone(raw, done)
        raw.unlink()
        text.unlink()
    return _read(done)


def noise(seconds: float, level_db: float, seed: int, kind: str = "pink") -> np.ndarray:
    """Noise at ``level_db`` dBFS RMS: pink (an office), white (a line's hiss) or a 50 Hz hum with its harmonics."""
    n = int(seconds * RATE)
    rng = np.random.default_rng(seed)
    if kind == "hum":
        t = np.arange(n) / RATE
        x = sum(np.sin(2 * np.pi * 50 * k * t) / k for k in (1, 2, 3, 4))
    elif kind == "white":
        x = rng.standard_normal(n)
    else:  # pink: white through 1/f in the spectrum
        spectrum = np.fft.rfft(rng.standard_normal(n))
        f = np.fft.rfftfreq(n, 1 / RATE)
        spectrum[1:] /= np.sqrt(f[1:])
        spectrum[0] = 0
        x = np.fft.irfft(spectrum, n)
    x = np.asarray(x, dtype=np.float64)
    x *= 10 ** (level_db / 20) / max(1e-12, float(np.sqrt(np.mean(x**2))))
    return x.astype(np.float32)


def conversation(path: Path, lines: list[Line], cache: Path, gap: float = 1.5, noise_db: float = -45.0,
                 seed: int = 1, client: tuple[str, ...] = ()) -> Conversation:  # fmt: skip
    """The lines one after another, ``gap`` seconds of quiet between them, with noise under it all.

    ``client``: sentences on the right channel, in the gaps after the first lines (a stereo file).
    """
    parts: list[np.ndarray] = [np.zeros(int(RATE * gap), dtype=np.float32)]
    timeline: list[tuple[float, float, Line]] = []
    t = gap
    for line in lines:
        audio = utterance(line, cache)
        active = np.flatnonzero(np.abs(audio) > 10 ** (-35 / 20))
        first, last = (active[0], active[-1]) if len(active) else (0, len(audio) - 1)
        timeline.append((t + first / RATE, t + last / RATE, line))
        parts += [audio, np.zeros(int(RATE * gap), dtype=np.float32)]
        t += len(audio) / RATE + gap
    operator = np.concatenate(parts)
    operator = operator + noise(len(operator) / RATE, noise_db, seed)[: len(operator)]
    if client:
        right = noise(len(operator) / RATE, noise_db, seed + 1)[: len(operator)]
        for (start, end, _line), sentence in zip(timeline, client):
            words = utterance(Line(sentence), cache)
            at = int((end + 0.1) * RATE)  # the client speaks while the operator is quiet
            right[at : at + len(words)] += words[: max(0, len(right) - at)]
        _write(path, operator, right)
    else:
        _write(path, operator)
    return Conversation(path, timeline)


def quiet_room(path: Path, seconds: float = 30.0) -> Conversation:
    """Silence as a headset microphone hears it when nobody speaks: a quiet room's noise and the line's hiss."""
    _write(path, noise(seconds, -62.0, 21, "pink") + noise(seconds, -70.0, 22, "white"))
    return Conversation(path, [])


def noise_clip(path: Path, seconds: float = 30.0) -> Conversation:
    """No speech at all: office noise, a line's hiss, a hum and a click or two, louder and softer."""
    pieces = [
        noise(seconds / 4, -30.0, 11, "pink"),
        noise(seconds / 4, -40.0, 12, "white"),
        noise(seconds / 4, -35.0, 13, "hum") + noise(seconds / 4, -50.0, 14, "white"),
        noise(seconds / 4, -25.0, 15, "pink"),
    ]
    audio = np.concatenate(pieces)
    for at in (0.3, 0.6):  # clicks: a key pressed, a headset touched
        i = int(at * len(audio))
        audio[i : i + 80] += 0.5
    _write(path, audio)
    return Conversation(path, [])
