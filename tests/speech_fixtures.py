"""Session fixtures of the speech tests: the recogniser loaded once, the conversations made once, each checked once."""

from __future__ import annotations

import io
import json
import os

import pytest

from tests import speech_corpus as corpus
from tests.speech_corpus import (
    DONT_KNOW,
    FAREWELL,
    FAREWELL_SHORT,
    HOLD,
    HOLD_NO_CONSENT,
    ORDINARY,
    SUMMARY,
    THANKS,
    WAIT_RIGHT,
    WAIT_WRONG,
    Line,
)

CLIENT_ONLY = ("Мне нужна помощь с интернетом на даче.", "Понятно, благодарю, до свидания.")
"""The client's side of the «standard» conversation: never to be heard."""


def _need(what: str, install: str) -> None:
    message = f"{what} is missing: {install}"
    if os.environ.get("CI") == "true":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def recogniser(tmp_path_factory):
    """Whisper base, joined from the two wheels into a session cache (SHA-256 checked) and loaded once."""
    try:
        import faster_whisper  # noqa: F401
    except ImportError:
        _need("faster-whisper", "pip install 'operator-assist[speech]'")
    from operator_assist.speech.recognisers import RecogniserConfig, WhisperRecogniser

    whisper = WhisperRecogniser(RecogniserConfig(cache_dir=tmp_path_factory.mktemp("speech-cache")))
    whisper.load()
    yield whisper
    whisper.close()


@pytest.fixture(scope="session")
def model_dir(recogniser):
    return recogniser.config.cache_dir / "whisper-base-1.0.0"


@pytest.fixture(scope="session")
def sounds(tmp_path_factory):
    missing = corpus.missing_tools()
    if missing:
        _need(", ".join(missing), f"apt-get install -y {corpus.packages(missing)}")
    root = tmp_path_factory.mktemp("speech-corpus")
    cache = root / "utterances"
    prompts = [Line(corpus.PROMPTS[name], phrases, forbidden, prompt=name) for name, phrases, forbidden in (
        ("hello", (), ()), ("pls-hold-while-try", (), ()), ("queue-thankyou", ("resume.thanks",), ()),
        ("one-moment-please", (), ("секундочку",)), ("goodbye", ("farewell.goodbye",), ()),
    )]  # fmt: skip
    standard = [HOLD, THANKS, WAIT_WRONG, WAIT_RIGHT, DONT_KNOW, SUMMARY, FAREWELL]
    return {
        "prompts": corpus.conversation(root / "prompts.wav", prompts, cache, gap=1.2, noise_db=-50, seed=1),
        "standard": corpus.conversation(root / "standard.wav", standard, cache, gap=1.5, noise_db=-42, seed=3, client=CLIENT_ONLY),
        "call_short": corpus.conversation(root / "call-short.wav", [HOLD_NO_CONSENT, THANKS, ORDINARY[0], FAREWELL_SHORT], cache, seed=6),
        "noise": corpus.noise_clip(root / "noise.wav", 30.0),
    }


@pytest.fixture(scope="session")
def checked(sounds, model_dir):
    """Each conversation through ``operator-assist speech-check --json``, once per session."""
    from operator_assist.cli import speech as speech_cli

    done = {}

    def get(name: str) -> dict:
        if name not in done:
            out, err = io.StringIO(), io.StringIO()
            code = speech_cli.main([str(sounds[name].path), "--json", "--model", str(model_dir)], None, out=out, err=err)
            assert code == 0, err.getvalue()
            done[name] = json.loads(out.getvalue())
        return done[name]

    return get


