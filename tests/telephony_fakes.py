"""A stand-in for ui/call_session.CallSession (coming to main) with its shape, and helpers."""

from __future__ import annotations

import os
import shutil
from dataclasses import replace

import pytest
from PySide6.QtCore import QObject, Signal

from operator_assist.core.engine import CallEngine, InvalidAction

PEER_ACTIONS = ("peer_hold_start", "peer_hold_end")


class FakeSession(QObject):
    """perform() drives a real CallEngine; every engine event is re-emitted with its origin."""

    changed = Signal(object)
    event = Signal(object)

    def __init__(self, clock, settings):
        super().__init__()
        self.clock = clock
        self.engine = CallEngine(clock, settings)
        self.done: list[tuple[str, str, float | None]] = []
        self.peer_hold = False
        self._origin = "window"
        self.engine.bus.subscribe(self._forward)

    def _forward(self, event):
        self.event.emit(replace(event, data={**event.data, "origin": self._origin}))

    @property
    def snapshot(self):
        return self.engine.snapshot()

    def perform(self, action: str, origin: str = "window", at: float | None = None) -> str | None:
        if action in PEER_ACTIONS:
            self.peer_hold = action == "peer_hold_start"
            self.done.append((action, origin, at))
            return None
        self._origin = origin
        try:
            getattr(self.engine, action)()
        except InvalidAction as exc:
            return str(exc)
        finally:
            self._origin = "window"
        self.done.append((action, origin, at))
        self.changed.emit(self.engine.snapshot())
        return None

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
