"""The real CallSession with a memory of what it did, and test helpers."""

from __future__ import annotations

import os
import shutil

import pytest

from operator_assist.core.engine import CallEngine
from operator_assist.core.journal_sink import JournalSink
from operator_assist.ui.call_session import CallSession


class RecordingSession(CallSession):
    """The real call session, remembering each action it did: (action, origin, at)."""

    def __init__(self, clock, settings, journal: JournalSink | None = None):
        super().__init__(CallEngine(clock, settings), journal)
        self.done: list[tuple[str, str, float | None]] = []

    def perform(self, action: str, origin: str = "window", at: float | None = None, reason: str | None = None) -> str | None:
        refused = super().perform(action, origin, at, reason)
        if refused is None:
            self.done.append((action, origin, at))
        return refused

    def actions(self, origin: str | None = None) -> list[str]:
        return [a for a, o, _ in self.done if origin is None or o == origin]


def require_binary(name: str, apt_package: str) -> str:
    """The binary's path; a skip with the install command (a failure under CI=true) when missing."""
    path = shutil.which(name)
    if path is None:
        reason = f"{name} not found: apt-get install -y --no-install-recommends {apt_package}"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    return path
