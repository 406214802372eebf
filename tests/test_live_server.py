"""The live floor's server side (issue 23) and the server items of issue 28 (#14, #16), over real HTTP
against the real server on a real PostgreSQL."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
import uuid

import pytest

from operator_assist.team import live
from operator_assist.team.client import TeamConfig
from operator_assist.team.server import db
from operator_assist.team.shipper import BackgroundShipper

from . import test_team as tt
from .live_support import Stream, put_live, state
from .test_team import _fill, _local_count, _post, run, team_cli

enrolled = tt.enrolled


@pytest.fixture
def floor(team_server):
    """A team with two operators and a lead; streams opened by the test are closed after it."""
    team = f"floor-{uuid.uuid4().hex[:6]}"
    _, _, ivanov = team_server.enrol(f"ivanov-{team}", team)
    _, _, petrova = team_server.enrol(f"petrova-{team}", team)
    _, _, lead = team_server.enrol(f"lead-{team}", team, lead=True)
    streams = []

    class Floor:
        pass

    f = Floor()
    f.team, f.ivanov, f.petrova, f.lead, f.url = team, ivanov, petrova, lead, team_server.url
    f.login = lambda name: f"{name}-{team}"

    def stream(token, team_name=team, last_id=None):
        s = Stream(team_server.url, f"/v1/teams/{urllib.parse.quote(team_name, safe='')}/live", token, last_id)
        streams.append(s)
        return s

    f.stream = stream
    yield f
    for s in streams:
        s.close()


def test_a_desk_appears_changes_and_goes_silent_on_the_leads_board(floor):
    board = floor.stream(floor.lead)
    assert board.status == 200
    event, hello, _ = board.next()
    assert event == "hello" and hello["scope"] == "lead" and hello["team"] == floor.team and not hello["resumed"]
    event, snapshot, _ = board.next()
    assert event == "snapshot" and snapshot["desks"] == [] and snapshot["today"]["calls"] == 0

    assert put_live(floor.url, floor.ivanov, state(state="talking", elapsed=5.0, heartbeat=0.4))[0] == 204
    event, desk, _ = board.next()
    assert event == "desk" and desk["login"] == floor.login("ivanov") and desk["state"] == "talking" and desk["online"]
    assert desk["now"] - desk["since"] == pytest.approx(5.0, abs=1.0)

    # The same state again is a heartbeat: nothing new on the board. A change is.
    assert put_live(floor.url, floor.ivanov, state(state="talking", elapsed=5.3, heartbeat=0.4))[0] == 204
    assert put_live(floor.url, floor.ivanov, state(state="hold", elapsed=0.0, warning=None, heartbeat=0.4))[0] == 204
    event, desk, _ = board.next()
    assert (event, desk["state"], desk["limit"]) == ("desk", "hold", 120.0)

    # Silent for two heartbeats (0.4 s each, plus slack): «нет связи», not «still on hold».
    event, desk, _ = board.next(timeout=10)
    assert event == "desk" and desk["online"] is False and desk["login"] == floor.login("ivanov")
    assert desk["now"] - desk["since"] >= 2 * 0.4

    # Back: online again, at once.
    assert put_live(floor.url, floor.ivanov, state(state="hold", elapsed=3.0, heartbeat=0.4))[0] == 204
    event, desk, _ = board.next()
    assert desk["online"] is True and desk["state"] == "hold"


def test_only_the_listed_fields_reach_the_board(floor):
    board = floor.stream(floor.lead)
    board.next(skip=("hello",))
    sneaky = state(state="lookup", dead_air=True, caller="+7 916 123-45-67", client_name="Иван Петров", call_id="c1")
    assert put_live(floor.url, floor.petrova, sneaky)[0] == 204
    event, desk, _ = board.next()
    assert set(desk) == set(live.DESK_KEYS) | {"now"}
    assert "916" not in json.dumps(desk, ensure_ascii=False) and "Петров" not in json.dumps(desk, ensure_ascii=False)


def test_a_wall_token_sees_one_board_and_nothing_else(floor, team_server):
    wall = db.add_wall(team_server.db_url, floor.team)
    assert wall.startswith(db.WALL_PREFIX)
    assert team_server.sql("SELECT count(*) FROM wall_tokens WHERE token_hash = %s", (wall,))[0][0] == 0  # a hash only
    put_live(floor.url, floor.ivanov, state(state="hold", elapsed=10.0))
    board = floor.stream(wall)
    event, hello, _ = board.next()
    assert hello["scope"] == "wall"
    event, snapshot, _ = board.next()
    assert [d["login"] for d in snapshot["desks"]] == [floor.login("ivanov")]

    other_team = f"other-{uuid.uuid4().hex[:6]}"
    _, _, other_lead = team_server.enrol(f"lead-{other_team}", other_team, lead=True)
    assert floor.stream(wall, other_team).status == 403  # another team's board
    assert floor.stream(other_lead, floor.team).status == 403  # another team's lead
    assert floor.stream(floor.ivanov).status == 403  # an operator is no lead
    assert floor.stream("oaw_forged").status == 401
    # Read-only: it reports no state, ships nothing, reads no statistics and binds no install.
    assert put_live(floor.url, wall, state())[0] == 403
    install = str(uuid.uuid4())
    assert _post(floor.url, wall, b'{"events": [], "have": 0}', f"/v1/installs/{install}/events")[0] == 403
    for path in (f"/v1/installs/{install}", f"/v1/teams/{urllib.parse.quote(floor.team)}/stats?from=2026-01-01&to=2026-01-02"):
        request = urllib.request.Request(floor.url + path, headers={"Authorization": f"Bearer {wall}"})
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=10)
        refused.value.close()
        assert refused.value.code == 403
    # Revoked: refused (the server keeps a good token for at most 30 s; a new stream asks again after that).
    assert db.revoke_walls(team_server.db_url, floor.team) == 1


def test_a_subscriber_that_reconnects_gets_what_it_missed_or_a_snapshot(floor):
    board = floor.stream(floor.lead)
    board.next(skip=("hello",))  # the snapshot
    put_live(floor.url, floor.ivanov, state(state="talking", elapsed=1.0))
    event, _, seen = board.next()
    assert event == "desk" and seen
    board.close()
    put_live(floor.url, floor.ivanov, state(state="lookup", elapsed=0.0))
    put_live(floor.url, floor.petrova, state(state="hold", elapsed=0.0))

    again = floor.stream(floor.lead, last_id=seen)
    event, hello, _ = again.next()
    assert hello["resumed"] is True
    missed = [again.next(), again.next()]
    assert [(e, d["login"], d["state"]) for e, d, _ in missed] == [
        ("desk", floor.login("ivanov"), "lookup"), ("desk", floor.login("petrova"), "hold")]  # fmt: skip
    assert again.events.empty()  # no snapshot on top

    # An id from another server run (a restart) or from far back: a fresh snapshot instead.
    stale = floor.stream(floor.lead, last_id="0badc0de-3")
    assert stale.next()[1]["resumed"] is False
    event, snapshot, snapshot_id = stale.next()
    assert event == "snapshot" and {d["login"] for d in snapshot["desks"]} == {floor.login("ivanov"), floor.login("petrova")}
    assert snapshot_id.split("-")[0] == seen.split("-")[0]  # resumable from here


def test_the_board_shows_the_teams_share_without_hold_today(floor, team_server, tmp_path):
    board = floor.stream(floor.lead)
    board.next(skip=("hello",))
    folder = tmp_path / "ship"
    folder.mkdir()
    import time as _time

    from operator_assist.core.journal import Journal

    from .builders import Builder

    with Journal.open(folder / "journal.sqlite3") as journal:
        b = Builder(journal)
        now = _time.time() - 600
        for n in range(3):
            b.call(now + n * 60, holds=(30.0,) if n == 0 else ())
    assert run(team_cli.join_main, floor.url, floor.petrova, data_dir=folder)[0] == 0
    assert run(team_cli.sync_main, data_dir=folder)[0] == 0
    event, today, _ = board.next()
    assert event == "today" and (today["calls"], today["without_hold"], today["met"]) == (3, 2, False)
    assert today["share"] == pytest.approx(2 / 3) and today["target"] == 0.95


def test_bad_reports_are_refused_and_change_nothing(floor):
    board = floor.stream(floor.lead)
    board.next(skip=("hello",))
    cases = [
        (state(state="sleeping"), 422),
        (state(elapsed=-1), 422),
        (state(elapsed=float("nan")), 400),  # NaN is not JSON
        (state(heartbeat=0), 422),
        (state(listening="maybe"), 422),
        (b"{" + b" " * 2000 + b"}", 413),
        (b"[" * 800 + b"]" * 800, 413),
        (b"not json", 400),
    ]
    for body, status in cases:
        if isinstance(body, dict) and body.get("elapsed") != body.get("elapsed"):
            raw = json.dumps(body).encode()  # Python writes NaN; a strict parser would not
            assert put_live(floor.url, floor.ivanov, raw)[0] in (400, 422)
            continue
        assert put_live(floor.url, floor.ivanov, body)[0] == status, body
    assert board.events.empty()
    assert put_live(floor.url, "", state())[0] == 401


def test_deeply_nested_json_is_400_not_500(team_server, enrolled):
    """Issue 28 #16: [[[…]]] thousands deep (under the size cap) is a client's error."""
    _, _, token, folder = enrolled("deep")
    _fill(folder / "journal.sqlite3", 1)
    assert run(team_cli.join_main, team_server.url, token, data_dir=folder)[0] == 0
    install = _local_count(folder / "journal.sqlite3")[1]
    deep = b'{"events": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    status, answer = _post(team_server.url, token, deep, f"/v1/installs/{install}/events")
    assert status == 400 and "вложенности" in answer["error"]
    assert put_live(team_server.url, token, b"[" * 500 + b"]" * 500)[0] in (400, 422)  # 1 KB: under the live cap


def test_wrong_tokens_from_one_address_are_limited_and_logged(floor):
    """Issue 28 #16: a flood of wrong tokens is refused per address (here 127.0.0.2) and logged once."""
    source = "127.0.0.2"
    statuses = [put_live(floor.url, f"oa_wrong{n}", state(), source=source)[0] for n in range(25)]
    assert statuses[:20] == [401] * 20 and set(statuses[20:]) == {429}
    # The limit is the address's: a good token from it waits too, the same token from elsewhere does not.
    assert put_live(floor.url, floor.ivanov, state(), source=source)[0] == 429
    assert put_live(floor.url, floor.ivanov, state())[0] == 204


def test_the_wrong_token_log_line(floor, team_server):
    import time as _time

    source = "127.0.0.3"
    for n in range(21):
        put_live(floor.url, f"oa_wrong{n}", state(), source=source)
    deadline = _time.monotonic() + 10
    while not [line for line in team_server.output if source in line and "refused for now" in line]:
        assert _time.monotonic() < deadline, team_server.output[-5:]
        _time.sleep(0.05)
    lines = [line for line in team_server.output if source in line]
    assert len(lines) == 2 and "wrong team token from 127.0.0.3" in lines[0]  # the first, and the block: no flood
    assert not any("oa_wrong" in line for line in team_server.output)  # never the token itself


def test_a_seq_beyond_what_the_pc_has_is_refused_and_the_pc_says_why_it_stopped(team_server, enrolled):
    """Issue 28 #14."""
    _, _, token, folder = enrolled("seq")
    total = _fill(folder / "journal.sqlite3", 2)
    assert run(team_cli.join_main, team_server.url, token, data_dir=folder)[0] == 0
    install = _local_count(folder / "journal.sqlite3")[1]
    huge = [[2**62, 1_790_000_000.0, "c1", "call_started", {"role": "specialist"}]]
    status, answer = _post(team_server.url, token, json.dumps({"events": huge, "have": total}).encode(),
                           f"/v1/installs/{install}/events")  # fmt: skip
    assert status == 422 and "за пределами журнала" in answer["error"]
    status, answer = _post(team_server.url, token, json.dumps({"events": huge}).encode(), f"/v1/installs/{install}/events")
    assert status == 422 and "have" in answer["error"]
    assert team_server.sql("SELECT last_seq FROM installs WHERE install_id = %s", (install,)) == [(0,)]

    # A server that counts more than the PC has (restored from another install's backup, or an old
    # server's bug) no longer makes the PC go quiet: it stops and says why.
    team_server.sql("UPDATE installs SET last_seq = %s WHERE install_id = %s RETURNING 1", (2**62, install))
    lines = []
    worker = BackgroundShipper(folder / "journal.sqlite3", lambda: TeamConfig(team_server.url, token),
                               on_status=lambda text, ok: lines.append((text, ok)))  # fmt: skip
    worker.run_once()
    assert len(lines) == 1 and lines[0][1] is False
    assert f"до №{2**62}" in lines[0][0] and f"только до №{total}" in lines[0][0] and "остановлена" in lines[0][0]


def test_the_operators_own_stream_is_there_for_the_next_issues(floor, team_server):
    """``/v1/stream`` (issues 24 and 25 will publish to it): an operator's own token, nothing else."""
    own = Stream(floor.url, "/v1/stream", floor.ivanov)
    try:
        event, hello, _ = own.next()
        assert (event, hello["scope"], hello["login"], hello["team"]) == ("hello", "operator", floor.login("ivanov"), floor.team)
        event, snapshot, snapshot_id = own.next()
        assert event == "snapshot" and snapshot["login"] == floor.login("ivanov") and snapshot_id
    finally:
        own.close()
    wall = db.add_wall(team_server.db_url, floor.team)
    refused = Stream(floor.url, "/v1/stream", wall)
    refused.close()
    assert refused.status == 403
