"""Modes (issue 28 #8): every file the app makes is 0600 and every folder 0700, whichever way it was
first made (the window with ``--log-level``, ``team-join``, the journal's recovery), under the usual
umask; and no secret is ever written into a cache."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

SECRET = "s3cr3t-ami-password"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def usual_umask():
    old = os.umask(0o022)  # the app must not rely on a stricter one
    yield
    os.umask(old)


def private_tree(root: Path) -> list[tuple[str, str]]:
    """(path, mode) of everything under ``root`` that is not 0700 (folders) or 0600 (files)."""
    wrong = []
    for path in [root, *root.rglob("*")]:
        expected = 0o700 if path.is_dir() else 0o600
        if mode(path) != expected:
            wrong.append((str(path.relative_to(root.parent)), oct(mode(path))))
    return wrong


def run_app(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run([sys.executable, "-m", "operator_assist", *args], capture_output=True, text=True, timeout=120,
                          env=env)  # fmt: skip


def test_a_data_folder_first_made_with_log_level_info_is_private_log_and_cache_too(tmp_path, usual_umask):
    data = tmp_path / "new" / "data"
    result = run_app("--exit-after-startup", "--log-level", "INFO", "--data-dir", str(data))
    assert result.returncode == 0, result.stderr[-2000:]
    assert (data / "logs" / "operator-assist.log").exists() and (data / "cache" / "yaml-cache.pickle").exists()
    assert mode(tmp_path / "new") == 0o700
    assert private_tree(data) == []


def test_no_secret_reaches_the_yaml_cache_and_the_settings_still_work(tmp_path, usual_umask):
    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    (data / "settings.yaml").write_text(
        f"telephony:\n  ami_user: operator\n  ami_secret: {SECRET}\n", encoding="utf-8"
    )
    for _ in range(2):  # the second start reads the cache the first one wrote
        result = run_app("--exit-after-startup", "--data-dir", str(data))
        assert result.returncode == 0, result.stderr[-2000:]
    cache = data / "cache" / "yaml-cache.pickle"
    assert cache.exists() and SECRET.encode() not in cache.read_bytes()
    assert b"roles.yaml" in cache.read_bytes()  # the bundled files are still cached
    assert private_tree(data / "cache") == []
    from operator_assist.core.settings import load_settings
    from operator_assist.core.yamlio import ParseCache

    settings, problems = load_settings(data / "settings.yaml", ParseCache(cache))
    assert problems == [] and settings.telephony.ami_secret == SECRET


def test_an_old_cache_holding_a_secret_is_dropped(tmp_path, usual_umask):
    import pickle

    from operator_assist.core.settings import load_settings
    from operator_assist.core.yamlio import ParseCache

    settings_file = tmp_path / "settings.yaml"
    settings_file.write_text(f"telephony:\n  ami_secret: {SECRET}\n", encoding="utf-8")
    cache_file = tmp_path / "cache" / "yaml-cache.pickle"
    cache_file.parent.mkdir()
    stat_ = settings_file.stat()
    old = ((1, 0, 0), {str(settings_file): ((stat_.st_mtime_ns, stat_.st_size), {"telephony": {"ami_secret": SECRET}}, [])})
    cache_file.write_bytes(pickle.dumps(old))  # a cache of the format that kept settings whole
    cache = ParseCache(cache_file)
    load_settings(settings_file, cache)
    cache.save()
    assert SECRET.encode() not in cache_file.read_bytes() and mode(cache_file) == 0o600


def test_team_join_makes_a_private_data_folder_journal_and_lock(tmp_path, usual_umask):
    from operator_assist.team.enrol import join

    data = tmp_path / "new" / "data"
    joined = join("http://127.0.0.1:9", "oa_token", data)  # nobody listens: stored for later
    assert not joined.connected
    assert {p.name for p in data.iterdir()} >= {"journal.sqlite3", "journal.sqlite3.lock", "team.json"}
    assert mode(tmp_path / "new") == 0o700
    assert private_tree(data) == []


def test_the_real_app_in_a_new_data_folder_makes_everything_private(tmp_path, usual_umask, app_process, fault_row):
    import signal

    from .test_fault_suite import CALL
    from .test_signals import wait_for_events

    data = tmp_path / "new" / "data"
    app = app_process(data, "F5,F7,F7,F8")
    wait_for_events(data / "journal.sqlite3", CALL)
    app.signal(signal.SIGTERM)
    app.wait()
    wrong = private_tree(data)
    fault_row("modes: a new data folder made by the real app (umask 022)", app.stall_ms, 0,
              f"{len(wrong)} path(s) not 0600/0700")  # fmt: skip
    assert wrong == [] and mode(tmp_path / "new") == 0o700
    assert (data / "cache" / "yaml-cache.pickle").exists()


def test_a_journal_started_afresh_by_recovery_is_private(tmp_path, usual_umask):
    from operator_assist.core.journal import Journal

    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    (data / "journal.sqlite3").write_bytes(b"not a journal at all" * 100)
    os.chmod(data / "journal.sqlite3", 0o600)
    with Journal.open(data / "journal.sqlite3") as journal:
        assert journal.recovered_from is not None
    assert private_tree(data) == []
