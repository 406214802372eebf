"""The server's hub on a fake clock: latest wins, stale and forgotten desks, resume and resync."""

from __future__ import annotations

import json

from operator_assist.team import live
from operator_assist.team.server import hub as hub_module
from operator_assist.team.server.hub import Hub, team_topic


def report(**fields):
    base = {"state": "talking", "elapsed": 0.0, "limit": 120.0, "warning": None, "dead_air": False,
            "listening": "off", "telephony": "manual", "heartbeat": 10.0}  # fmt: skip
    base.update(fields)
    return live.check_state(base)


def test_heartbeats_are_quiet_changes_are_told_silence_is_told_then_forgotten():
    now = [1000.0]
    hub = Hub(lambda: now[0])
    board, resumed = hub.subscribe(team_topic(1), None)
    assert not resumed
    assert hub.update_desk(1, "ivanov", report(elapsed=3.0)) is True
    now[0] += 10
    assert hub.update_desk(1, "ivanov", report(elapsed=13.2)) is False  # the same call: a heartbeat
    assert hub.update_desk(1, "ivanov", report(state="hold")) is True
    assert [m.event for m in board.queue] == ["desk", "desk"]
    now[0] += live.stale_after(10.0) - 0.1
    assert hub.sweep() == 0
    now[0] += 0.2
    assert hub.sweep() == 1 and json.loads(board.queue[-1].data)["online"] is False
    assert hub.sweep() == 0  # told once
    now[0] += live.FORGET_AFTER_S
    assert hub.sweep() == 1 and board.queue[-1].event == "gone" and hub.desks[1] == {}


def test_resume_within_the_window_and_a_resync_for_a_subscriber_that_falls_behind(monkeypatch):
    monkeypatch.setattr(hub_module, "RESUME_WINDOW", 8)
    monkeypatch.setattr(hub_module, "QUEUE_LIMIT", 5)
    hub = Hub(lambda: 1000.0)
    first = hub.publish(team_topic(1), "desk", {"n": 0})
    for n in range(1, 5):
        hub.publish(team_topic(1), "desk", {"n": n})
    again, resumed = hub.subscribe(team_topic(1), first.id)
    assert resumed and [json.loads(m.data)["n"] for m in again.queue] == [1, 2, 3, 4]
    for n in range(5, 20):  # more than the window: the oldest ids are gone
        hub.publish(team_topic(1), "desk", {"n": n})
    late, resumed = hub.subscribe(team_topic(1), first.id)
    assert not resumed and not late.queue
    assert again.resync and not again.queue  # it fell 15 behind a limit of 5: a snapshot, not a backlog
    other, resumed = hub.subscribe(team_topic(1), "feedface-3")  # another server run
    assert not resumed
