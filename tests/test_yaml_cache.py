"""The parsed-YAML cache that spares PyYAML at start: hits, invalidation, bad cache files."""

import os

import pytest

from operator_assist.core import yamlio
from operator_assist.core.phrases import PhraseBook
from operator_assist.core.settings import load_settings
from operator_assist.core.yamlio import ParseCache


def no_parsing(monkeypatch):
    def fail(path):
        raise AssertionError(f"{path} parsed although unchanged")

    monkeypatch.setattr(yamlio, "load_yaml", fail)


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def test_an_unchanged_file_comes_from_the_cache_with_its_lines(tmp_path, monkeypatch):
    source = write(tmp_path / "a.yaml", "category: x\nphrases:\n  - id: x.a\n    text: Привет\n")
    first = ParseCache(tmp_path / "cache.pickle")
    data, problems = first.load(source)
    first.save()
    no_parsing(monkeypatch)
    again, again_problems = ParseCache(tmp_path / "cache.pickle").load(source)
    assert again == data and again_problems == problems == []
    assert again["phrases"].line_of(0) == 3 and again.line_of("phrases") == 2


def test_a_changed_file_is_parsed_again(tmp_path):
    source = write(tmp_path / "a.yaml", "key: one\n")
    cache = ParseCache(tmp_path / "cache.pickle")
    cache.load(source)
    cache.save()
    write(source, "key: two, longer\n")
    assert ParseCache(tmp_path / "cache.pickle").load(source)[0] == {"key": "two, longer"}


def test_problems_are_cached_too_and_callers_cannot_change_them(tmp_path, monkeypatch):
    source = write(tmp_path / "a.yaml", "key: [oops\n")
    cache = ParseCache(tmp_path / "cache.pickle")
    data, problems = cache.load(source)
    assert data is None and "ошибка синтаксиса YAML" in problems[0].message
    problems.clear()
    cache.save()
    no_parsing(monkeypatch)
    assert "ошибка синтаксиса YAML" in ParseCache(tmp_path / "cache.pickle").load(source)[1][0].message


@pytest.mark.parametrize("content", [b"", b"not a pickle at all", b"\x80\x05garbage"])
def test_a_broken_cache_file_is_ignored_and_rewritten(tmp_path, content):
    source = write(tmp_path / "a.yaml", "key: value\n")
    cache_file = tmp_path / "cache.pickle"
    cache_file.write_bytes(content)
    cache = ParseCache(cache_file)
    assert cache.load(source) == ({"key": "value"}, [])
    cache.save()
    assert cache_file.read_bytes() != content


def test_an_unwritable_cache_only_costs_speed(tmp_path):
    blocker = write(tmp_path / "not-a-dir", "")
    cache = ParseCache(blocker / "cache.pickle")
    source = write(tmp_path / "a.yaml", "key: value\n")
    assert cache.load(source) == ({"key": "value"}, [])
    cache.save()  # logged, not raised


def test_the_app_loads_settings_and_phrases_without_parsing_on_the_second_start(tmp_path, monkeypatch):
    cache_file = tmp_path / "cache" / "yaml.pickle"
    user_dir = tmp_path / "phrases"
    user_dir.mkdir()
    write(user_dir / "mine.yaml", "category: hold\nphrases:\n  - id: hold.mine\n    text: Моя фраза.\n")
    cache = ParseCache(cache_file)  # one per start, shared, as the app does
    settings, _ = load_settings(None, cache)
    book = PhraseBook(user_dir, cache)
    book.reload()  # saves the cache
    no_parsing(monkeypatch)
    cache = ParseCache(cache_file)
    assert load_settings(None, cache)[0] == settings
    again = PhraseBook(user_dir, cache)
    again.reload()
    assert [p.id for p in again.library] == [p.id for p in book.library]
    assert again.library.get("hold.mine").text == "Моя фраза."


def test_editing_a_user_phrase_file_shows_the_edit_through_the_cache(tmp_path):
    cache_file = tmp_path / "cache.pickle"
    path = write(tmp_path / "mine.yaml", "category: hold\nphrases:\n  - id: hold.mine\n    text: Один.\n")
    book = PhraseBook(tmp_path, ParseCache(cache_file))
    book.reload()
    write(path, "category: hold\nphrases:\n  - id: hold.mine\n    text: Два.\n")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))  # same size: the mtime tells
    book.reload()
    assert book.library.get("hold.mine").text == "Два."


def test_a_frozen_app_without_module_files_keeps_its_cache(tmp_path, monkeypatch):
    # The .deb's bundle (PyInstaller) keeps this module in its executable's archive: no yamlio.py on disk.
    monkeypatch.setattr(yamlio, "__file__", str(tmp_path / "bundle" / "operator_assist" / "core" / "yamlio.pyc"))
    source = write(tmp_path / "a.yaml", "key: one\n")
    first = ParseCache(tmp_path / "cache.pickle")
    first.load(source)
    first.save()
    assert (tmp_path / "cache.pickle").exists()  # written (it was a warning at every start, nothing kept)
    no_parsing(monkeypatch)
    assert ParseCache(tmp_path / "cache.pickle").load(source) == ({"key": "one"}, [])
