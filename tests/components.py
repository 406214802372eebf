"""Real components the tests use: present, or a skip with the install command — a failure under CI."""

from __future__ import annotations

import os
import shutil

import pytest


def require(binary: str, package: str) -> str:
    """The path of ``binary``; without it a skip (locally) or a failure (CI=true: .ci/run installs it)."""
    path = shutil.which(binary)
    if path is None:
        message = f"{binary} is missing: apt-get install -y {package}"
        if os.environ.get("CI") == "true":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return path
