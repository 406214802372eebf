"""The one way the app replaces a file of its own: whole, private, through a temp file beside it."""

import os
import stat

import pytest

from operator_assist.core.files import write_private


def _mode(path):
    return stat.S_IMODE(path.stat().st_mode)


def test_a_file_is_replaced_whole_and_private_even_over_a_stale_temp_file(tmp_path):
    target = tmp_path / "team.json"
    target.write_text("old", encoding="utf-8")
    stale = tmp_path / f".team.json.{os.getpid()}.tmp"
    stale.write_text("left by a crash", encoding="utf-8")
    stale.chmod(0o644)
    write_private(target, b'{"token": "secret"}')
    assert target.read_bytes() == b'{"token": "secret"}' and _mode(target) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["team.json"]


def test_a_failed_write_leaves_the_old_file_and_no_temp_file(tmp_path, monkeypatch):
    target = tmp_path / "preferences.json"
    target.write_text("old", encoding="utf-8")

    def refused(source, destination):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refused)
    with pytest.raises(PermissionError):
        write_private(target, b"new")
    monkeypatch.undo()
    assert target.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["preferences.json"]


def test_a_symlink_planted_at_the_temp_name_is_not_followed(tmp_path):
    victim = tmp_path / "victim"
    victim.write_text("keep", encoding="utf-8")
    (tmp_path / f".prefs.{os.getpid()}.tmp").symlink_to(victim)
    with pytest.raises(OSError):
        write_private(tmp_path / "prefs", b"x")
    assert victim.read_text(encoding="utf-8") == "keep"
