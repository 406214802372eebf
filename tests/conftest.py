import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

from operator_assist.core.clock import FakeClock
from operator_assist.core.engine import CallEngine
from operator_assist.core.settings import bundled_settings


@pytest.fixture
def clock():
    return FakeClock(start=1000.0)


@pytest.fixture
def settings():
    return bundled_settings()


@pytest.fixture
def engine(clock, settings):
    return CallEngine(clock, settings)


@pytest.fixture
def events(engine):
    received = []
    engine.bus.subscribe(received.append)
    return received


def kinds(events):
    return [e.kind.value for e in events]
