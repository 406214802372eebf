"""Keeping damaged user files: they are renamed aside, never deleted."""

from __future__ import annotations

import time
from pathlib import Path


def aside_name(path: Path) -> Path:
    """A free ``<name>.corrupt-YYYYmmdd-HHMMSS[-n]`` beside ``path``."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    candidate = path.with_name(f"{path.name}.corrupt-{stamp}")
    n = 1
    while candidate.exists():
        candidate = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
        n += 1
    return candidate
