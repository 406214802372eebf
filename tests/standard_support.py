"""A team's standard for the tests: a copy of the bundled one, with the changes a lead would make."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from operator_assist.paths import bundled_standard_dir

HOLD_ID = "hold.clarify"
BUNDLED_HOLD = "Я уточню информацию для Вас. Это займет не более минуты. Оставайтесь, пожалуйста, на линии. Хорошо/Вы согласны?"


def hold_text(version: int) -> str:
    """The team's own wording of the hold phrase in version ``version``."""
    return f"Я уточню информацию для Вас (редакция {version}). Это займет не более минуты. Оставайтесь, пожалуйста, на линии. Хорошо?"


def standard_copy(target: Path, version: int | None = None, senior_limit: str | None = None,
                  policy: str | None = None, offers: str | None = None) -> Path:  # fmt: skip
    """``target``: a copy of the bundled standard; ``version``: the hold phrase worded as :func:`hold_text`;
    ``senior_limit``: the senior specialist's hold limit (``4:00``); ``policy``/``offers``: those files' text."""
    shutil.copytree(bundled_standard_dir(), target)
    if version is not None:
        hold = target / "phrases" / "03-hold.yaml"
        text = hold.read_text(encoding="utf-8")
        assert BUNDLED_HOLD in text
        hold.write_text(text.replace(BUNDLED_HOLD, hold_text(version)), encoding="utf-8")
    if senior_limit is not None:
        roles = target / "roles.yaml"
        text = roles.read_text(encoding="utf-8")
        text, n = re.subn(r"(senior:\n(?:.*\n)*?\s+hold_limit: )180", rf"\g<1>{senior_limit}", text)
        assert n == 1
        roles.write_text(text, encoding="utf-8")
    if policy is not None:
        (target / "policy.yaml").write_text(policy, encoding="utf-8")
    if offers is not None:
        (target / "offers.yaml").write_text(offers, encoding="utf-8")
    return target


def files_of(folder: Path) -> dict[str, str]:
    """A bundle's ``{name: text}`` as the HTTP publish sends it."""
    from operator_assist.core.standard import read_folder

    files, problems = read_folder(folder)
    assert not [p for p in problems if p.is_error], problems
    return {name: raw.decode("utf-8") for name, raw in files.items()}
