"""The static checks run with the suite (so `.ci/run` runs them): ruff, and mypy over the package (strict on the core)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_ruff_finds_nothing():
    """pyflakes, pycodestyle and the import order (pyproject.toml [tool.ruff])."""
    result = _run("ruff", "check", "--no-cache", "operator_assist", "tests", "bench", "scripts")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_finds_nothing(tmp_path):
    """The package type-checks as Python 3.10 sees it, the core under the strict flags (pyproject.toml [tool.mypy])."""
    result = _run("mypy", "--cache-dir", str(tmp_path / "mypy-cache"))
    assert result.returncode == 0, result.stdout + result.stderr
