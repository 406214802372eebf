"""Hostile files: FIFOs, devices, symlink loops, alias bombs and huge files never freeze or flood."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from operator_assist.core.phrases import PhraseBook, load_library, phrase_files
from operator_assist.core.settings import load_settings
from operator_assist.core.yamlio import load_yaml


def timed(fn, *args):
    start = time.monotonic()
    result = fn(*args)
    return result, time.monotonic() - start


# --- non-regular files -------------------------------------------------------------


def test_a_fifo_as_a_yaml_file_is_a_problem_naming_it_not_a_wait(tmp_path, fifo):
    pipe = fifo(tmp_path / "new.yaml")
    (data, problems), seconds = timed(load_yaml, pipe)
    assert data is None and seconds < 1.0
    assert len(problems) == 1 and problems[0].file == str(pipe) and "канал" in problems[0].message


def test_a_device_as_a_yaml_file_is_a_problem(tmp_path):
    (tmp_path / "zero.yaml").symlink_to("/dev/zero")  # reading would never end
    (data, problems), seconds = timed(load_yaml, tmp_path / "zero.yaml")
    assert data is None and seconds < 1.0 and "устройство" in problems[0].message


def test_a_fifo_in_the_phrase_dir_skips_that_file_only(tmp_path, fifo):
    user = tmp_path / "phrases"
    user.mkdir()
    (user / "good.yaml").write_text("category: mine\nphrases:\n  - id: mine.hi\n    text: Привет\n", encoding="utf-8")
    fifo(user / "new.yaml")
    book = PhraseBook(user)
    changed, seconds = timed(book.reload)
    assert changed and seconds < 2.0
    assert "mine.hi" in book.library
    assert [p.file for p in book.problems if p.is_error] == [str(user / "new.yaml")]


def test_a_fifo_as_settings_yaml_is_a_notice_and_defaults(tmp_path, fifo):
    settings_file = fifo(tmp_path / "settings.yaml")
    (settings, problems), seconds = timed(load_settings, settings_file)
    assert seconds < 1.0 and settings.role_ids() == ["specialist", "senior"]
    assert problems and problems[0].file == str(settings_file) and "канал" in problems[0].message


def test_a_symlink_loop_as_settings_yaml_is_said_not_ignored(tmp_path):
    settings_file = tmp_path / "settings.yaml"
    settings_file.symlink_to(settings_file)
    settings, problems = load_settings(settings_file)
    assert problems and "по кругу" in problems[0].message and problems[0].file == str(settings_file)


def test_check_phrases_refuses_a_fifo_at_once(tmp_path, fifo):
    pipe = fifo(tmp_path / "new.yaml", after=5.0)
    start = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "operator_assist", "check-phrases", str(pipe)],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert time.monotonic() - start < 4.5  # the FIFO is released after 5 s: it was never waited on
    assert result.returncode == 1 and f"{pipe}:1:" in result.stdout and "канал" in result.stdout


def test_a_fifo_as_preferences_is_a_notice_not_a_wait(tmp_path, fifo):
    from operator_assist.core.preferences import PreferenceStore

    store = PreferenceStore(fifo(tmp_path / "preferences.json"))
    prefs, seconds = timed(store.load)
    assert seconds < 1.0 and prefs.operator_name == ""
    assert store.notice and "канал" in store.notice


def test_a_fifo_as_the_offer_file_is_an_error_not_a_wait(tmp_path, fifo):
    from operator_assist.core.offer_sources import OfferContext, OfferSourceError
    from operator_assist.offers.file import FileOfferSource

    source = FileOfferSource(str(fifo(tmp_path / "offer.json")))
    start = time.monotonic()
    with pytest.raises(OfferSourceError, match="канал"):
        source.fetch(OfferContext("specialist", "c1"))
    assert time.monotonic() - start < 1.0


# --- sizes and alias bombs -----------------------------------------------------------


def alias_bomb(levels: int, width: int = 9) -> str:
    lines = ["a0: &a0 [" + ", ".join(["lol"] * width) + "]"]
    for level in range(1, levels):
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * width) + "]")
    lines.append(f"timers:\n  silence_warning: *a{levels - 1}")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("levels", [6, 9])
def test_an_alias_bomb_in_settings_is_refused_fast_with_file_and_line(tmp_path, levels):
    settings_file = tmp_path / "settings.yaml"
    settings_file.write_text(alias_bomb(levels), encoding="utf-8")
    (settings, problems), seconds = timed(load_settings, settings_file)
    assert seconds < 1.0
    assert settings.timers.silence_warning == 10.0  # defaults
    assert len(problems) == 1 and "alias" in problems[0].message
    assert 1 < problems[0].line <= levels + 2
    assert sum(len(str(p)) for p in problems) < 500  # a short notice, never the expansion


def test_a_value_shown_in_a_message_is_an_excerpt(tmp_path):
    settings_file = tmp_path / "settings.yaml"
    big = "x" * 100_000
    settings_file.write_text(f"timers:\n  silence_warning: {big}\ndefault_role: {big}\n", encoding="utf-8")
    _, problems = load_settings(settings_file)
    assert len(problems) == 2 and all(len(p.message) < 300 for p in problems)


def test_a_small_alias_use_still_loads(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text("base: &b [hold, lookup]\nother: *b\n", encoding="utf-8")
    data, problems = load_yaml(path)
    assert problems == [] and data["other"] == ["hold", "lookup"]


def test_a_50_mb_phrase_file_is_refused_in_well_under_a_second(tmp_path):
    user = tmp_path / "phrases"
    user.mkdir()
    big = user / "big.yaml"
    with big.open("w", encoding="utf-8") as stream:
        stream.write("category: big\nphrases:\n")
        line = "  - {id: big.x, text: " + "а" * 200 + "}\n"
        stream.write(line * (50 * 1024 * 1024 // len(line.encode())))
    result, seconds = timed(load_library, [phrase_files(user)])
    assert seconds < 0.5
    assert [p for p in result.errors if p.file == str(big) and "слишком большой" in p.message]


def test_a_settings_file_over_256_kb_is_refused(tmp_path):
    settings_file = tmp_path / "settings.yaml"
    settings_file.write_text("# " + "x" * (300 * 1024) + "\n", encoding="utf-8")
    _, problems = load_settings(settings_file)
    assert problems and "слишком большой" in problems[0].message


def test_a_phrase_over_4000_characters_is_an_error(tmp_path):
    path = tmp_path / "long.yaml"
    path.write_text("category: long\nphrases:\n  - id: long.x\n    text: " + "а" * 4001 + "\n", encoding="utf-8")
    result = load_library([[path]])
    assert "long.x" not in result.library
    assert any("4001 символов" in p.message and p.line == 4 for p in result.errors)


def test_a_20_mb_offer_file_is_refused_in_well_under_a_second(tmp_path):
    from operator_assist.core.offer_sources import OfferContext, OfferSourceError
    from operator_assist.offers.file import FileOfferSource

    path = tmp_path / "offer.json"
    path.write_text('{"id": "x", "title": "t", "text": "' + "a" * (20 * 1024 * 1024) + '"}', encoding="utf-8")
    source = FileOfferSource(str(path))
    start = time.monotonic()
    with pytest.raises(OfferSourceError, match="слишком большой"):
        source.fetch(OfferContext("specialist", "c1"))
    assert time.monotonic() - start < 0.5


def test_an_alias_bomb_as_a_yaml_offer_is_refused(tmp_path):
    from operator_assist.core.offer_sources import OfferContext, OfferSourceError
    from operator_assist.offers.file import FileOfferSource

    path = tmp_path / "offer.yaml"
    path.write_text(alias_bomb(9).replace("timers:\n  silence_warning:", "id:"), encoding="utf-8")
    source = FileOfferSource(str(path))
    start = time.monotonic()
    with pytest.raises(OfferSourceError, match="alias"):
        source.fetch(OfferContext("specialist", "c1"))
    assert time.monotonic() - start < 1.0


def test_a_huge_unknown_key_is_quoted_short(tmp_path):
    settings_file = tmp_path / "settings.yaml"
    # "? key" is YAML's explicit key: no 1024-character limit
    settings_file.write_text(f"? {'k' * 100_000}\n: 1\ntimers:\n  ? {'t' * 100_000}\n  : 5\n", encoding="utf-8")
    _, problems = load_settings(settings_file)
    assert len(problems) == 2 and all(len(p.message) < 300 for p in problems)
