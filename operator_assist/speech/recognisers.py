"""Speech recognisers: one utterance of the operator's audio in, its text out.

Found through the entry-point group ``operator_assist.speech_recognisers`` (the built-ins too):
``off`` (the default: hears nothing), ``whisper`` (faster-whisper; the pinned base model or a
model folder from settings) and ``vosk`` (a model folder the administrator installs). A plugin
subclasses :class:`Recogniser`: ``load`` does the slow part (called on the recognition thread),
``transcribe`` takes a 16 kHz mono float32 utterance. Errors are :class:`RecogniserError` with
a Russian message. Nothing here downloads anything, and no text is logged.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..core.plugins import PluginGroup, UnknownPlugin, load_plugin
from ..i18n import translate
from . import SAMPLE_RATE

log = logging.getLogger(__name__)

GROUP = "operator_assist.speech_recognisers"
DEFAULT = "whisper"
"""What the View menu's speech toggle turns on when settings.yaml names no recogniser."""


class RecogniserError(Exception):
    """The recogniser cannot run here (a package or its model is missing); the message is Russian."""


@dataclass(frozen=True)
class RecogniserConfig:
    model: str | None = None
    """A model folder (settings' ``speech.model``); None: the recogniser's own default."""
    cache_dir: Path | None = None
    """Where the pinned model is joined (the user's cache)."""
    phrases: tuple[str, ...] = ()
    """The words worth hearing (the library's variants and forbidden forms), for a grammar."""
    grammar: bool = False
    """Recognise only :attr:`phrases` (Vosk's restricted grammar)."""
    threads: int = 1


class Recogniser:
    name = "recogniser"

    def __init__(self, config: RecogniserConfig | None = None) -> None:
        self.config = config or RecogniserConfig()

    def load(self) -> None:
        """Loads the model (slow; the recognition thread calls it). Raises RecogniserError."""

    def transcribe(self, audio: np.ndarray) -> str:
        """The words of one utterance (16 kHz mono float32), "" for none."""
        raise NotImplementedError

    def close(self) -> None:
        pass


class NullRecogniser(Recogniser):
    """Off (the default): nothing is recognised."""

    name = "off"

    def transcribe(self, audio: np.ndarray) -> str:
        return ""


def _model_folder(path: str) -> Path:
    folder = Path(path).expanduser()
    if not folder.is_dir():
        raise RecogniserError(translate("speech", "папка модели {path} не найдена").format(path=folder))
    return folder


HALLUCINATIONS = ("субтитр", "продолжение следует", "dimatorzok", "корректор а.", "редактор а.")
"""What Whisper writes on noise it was trained on (film subtitles' credits): never the operator's words."""


class WhisperRecogniser(Recogniser):
    """faster-whisper, int8 on the CPU, Russian, beam 5, one thread.

    The model: ``speech.model`` (a folder with ``model.bin``, e.g. a user's whisper-small) or the
    pinned base model joined from its two wheels (:mod:`.models`). A name that is not a folder is
    refused before faster-whisper sees it: given a name, it would go to a model hub.
    """

    name = "whisper"
    beam_size = 5

    def __init__(self, config: RecogniserConfig | None = None) -> None:
        super().__init__(config)
        self._model = None

    def load(self) -> None:
        try:
            from faster_whisper import WhisperModel
        except ImportError as exc:
            raise RecogniserError(
                translate("speech", "распознавание whisper недоступно: нет пакета {name} (pip install 'operator-assist[speech]')").format(name=exc.name)
            ) from None
        logging.getLogger("faster_whisper").setLevel(logging.WARNING)  # its INFO lines say nothing the operator needs
        if self.config.model:
            folder = _model_folder(self.config.model)
            if not (folder / "model.bin").is_file():
                raise RecogniserError(translate("speech", "в папке {path} нет model.bin: это не модель faster-whisper").format(path=folder))
        else:
            from .models import ModelError, pinned_model_dir

            if self.config.cache_dir is None:
                raise RecogniserError(translate("speech", "не указана папка кэша для модели"))
            try:
                folder = pinned_model_dir(self.config.cache_dir)
            except ModelError as exc:
                raise RecogniserError(str(exc)) from None
        try:
            self._model = WhisperModel(str(folder), device="cpu", compute_type="int8", cpu_threads=self.config.threads,
                                       num_workers=1, local_files_only=True)  # fmt: skip
        except Exception as exc:  # ctranslate2's RuntimeError for a damaged or foreign model
            raise RecogniserError(translate("speech", "модель {path} не загружается: {error}").format(path=folder, error=exc)) from None

    def transcribe(self, audio: np.ndarray) -> str:
        if self._model is None:
            raise RecogniserError(translate("speech", "модель не загружена"))
        segments, _info = self._model.transcribe(
            np.asarray(audio, dtype=np.float32), language="ru", beam_size=self.beam_size, vad_filter=False,
            condition_on_previous_text=False, without_timestamps=True,
        )  # fmt: skip
        text = " ".join(segment.text.strip() for segment in segments).strip()
        lowered = text.lower()
        if any(words in lowered for words in HALLUCINATIONS):
            return ""
        return text

    def close(self) -> None:
        self._model = None


class VoskRecogniser(Recogniser):
    """Vosk (Kaldi) with a model folder the administrator installs (``speech.model``), e.g. small-ru.

    With ``speech.vosk_grammar`` it recognises only the library's phrases and forbidden words
    (Vosk's restricted grammar; models with a static graph ignore it and say so in their log).
    """

    name = "vosk"

    def __init__(self, config: RecogniserConfig | None = None) -> None:
        super().__init__(config)
        self._model = None
        self._vosk = None

    def load(self) -> None:
        try:
            import vosk
        except ImportError as exc:
            raise RecogniserError(
                translate("speech", "распознавание vosk недоступно: нет пакета {name} (pip install 'operator-assist[speech]')").format(name=exc.name)
            ) from None
        if not self.config.model:
            raise RecogniserError(translate("speech", "для vosk нужна папка модели: speech: {{recogniser: vosk, model: ПАПКА}}").format())
        folder = _model_folder(self.config.model)
        vosk.SetLogLevel(-1)  # Kaldi's own log goes to stderr otherwise
        try:
            self._model = vosk.Model(str(folder))
        except Exception:  # vosk raises a bare Exception("Failed to create a model")
            raise RecogniserError(
                translate("speech", "папка {path} — не модель Vosk (нужны am/, conf/, graph/ из архива модели)").format(path=folder)
            ) from None
        self._vosk = vosk

    def _recognizer(self):
        args = [self._model, float(SAMPLE_RATE)]
        if self.config.grammar and self.config.phrases:
            args.append(json.dumps([*self.config.phrases, "[unk]"], ensure_ascii=False))
        return self._vosk.KaldiRecognizer(*args)

    def transcribe(self, audio: np.ndarray) -> str:
        if self._model is None:
            raise RecogniserError(translate("speech", "модель не загружена"))
        recognizer = self._recognizer()
        pcm = (np.clip(np.asarray(audio, dtype=np.float32), -1.0, 1.0) * 32767.0).astype("<i2").tobytes()
        step = SAMPLE_RATE // 5 * 2  # 200 ms at a time, as a stream would come
        for offset in range(0, len(pcm), step):
            recognizer.AcceptWaveform(pcm[offset : offset + step])
        text = json.loads(recognizer.FinalResult()).get("text", "")
        return " ".join(word for word in text.split() if word != "[unk]")

    def close(self) -> None:
        self._model = None


BUILT_IN: dict[str, type] = {"off": NullRecogniser, "whisper": WhisperRecogniser, "vosk": VoskRecogniser}
"""Registered as entry points too (pyproject.toml); this is for a tree without package metadata."""


RECOGNISERS = PluginGroup(GROUP, "plugins.speech_recogniser", BUILT_IN)


def available() -> list[str]:
    """The recognisers' names (nothing is loaded)."""
    return RECOGNISERS.names()


def create_recogniser(name: str | None, config: RecogniserConfig | None = None) -> Recogniser:
    """A recogniser by name (nothing loaded yet). Raises RecogniserError for an unknown or broken one
    (a broken plugin's traceback goes to the log)."""
    try:
        cls = load_plugin(RECOGNISERS, (name or "off").strip())
    except UnknownPlugin as exc:
        raise RecogniserError(str(exc)) from None
    return cls(config)


def from_settings(speech, cache_dir: Path | None, grammar: tuple[str, ...] = (), name: str | None = None,
                  model: str | None = None) -> Recogniser:  # fmt: skip
    """The recogniser settings.yaml's ``speech:`` names (``name``/``model`` override it; ``off`` there means
    the default, :data:`DEFAULT`: the operator asked to listen). ``grammar``: the library's words (Vosk's
    restricted grammar). Raises RecogniserError for an unknown name."""
    chosen = name or (speech.recogniser if speech.recogniser.strip() not in ("", "off") else DEFAULT)
    config = RecogniserConfig(model=model or speech.model, cache_dir=cache_dir, phrases=grammar, grammar=speech.vosk_grammar)
    return create_recogniser(chosen, config)


def lower_priority() -> None:
    """The calling thread yields the CPU to the window and the call (Linux: a thread's own nice value)."""
    try:
        import threading

        thread = threading.get_native_id()
        os.setpriority(os.PRIO_PROCESS, thread, max(10, os.getpriority(os.PRIO_PROCESS, thread)))
    except (AttributeError, OSError):  # not POSIX, or not allowed: recognition still runs
        log.debug("could not lower the recognition thread's priority", exc_info=True)
