"""The team server as the PBX hub (issue 25): one AMI connection, each operator's calls on that operator's
own stream only, commands checked against the operator's own call. The real server on a real
PostgreSQL, a PBX on 127.0.0.1 that answers as Asterisk 22 does and plays the recorded call."""

from __future__ import annotations

import os
import stat
import subprocess
import sys

import pytest

from operator_assist.team.server.switchboard import Switchboard
from operator_assist.team.server.telephony import ExtensionsFileError, read_extensions_file
from operator_assist.telephony.ami_protocol import AmiReader

from .live_support import Stream
from .pbx_fakes import BASIC, SECRET, STATUS, channel_of, linked_of, recorded_call, recording

RECORDED_CALL = "1796074985.4"
RECORDED_AGENT_CHANNEL = "PJSIP/2001-00000005"


def _real_steps() -> list[bytes]:
    """The real recorded bytes (2002 calls 2001), cut into the seven steps of the agent's events."""
    return recorded_call()


def calls(stream: Stream, count: int, timeout: float = 20.0) -> list[dict]:
    """The next ``count`` call events of the stream (pings and pbx news skipped)."""
    found = []
    while len(found) < count:
        event, data, _ = stream.next(timeout, skip=("pbx", "command"))
        assert event == "call", (event, data)
        found.append(data)
    return found


def opened(hub, login: str, last_id: str | None = None) -> tuple[Stream, dict, dict]:
    """The operator's own stream, its hello and its snapshot (when not resumed: None)."""
    stream = Stream(hub.url, "/v1/stream", hub.tokens[login], last_id)
    assert stream.status == 200
    event, hello, _ = stream.next()
    assert event == "hello"
    snapshot = None
    if not hello["resumed"]:
        event, snapshot, _ = stream.next()
        assert event == "snapshot"
    return stream, hello, snapshot


@pytest.fixture
def streams():
    made = []
    yield made
    for stream in made:
        stream.close()


def test_each_operator_gets_only_their_own_calls_from_the_recorded_stream(pbx_hub, streams):
    hub = pbx_hub({"ivanov": "2001", "petrova": "2003", "sidorov": None})
    ivanov, _, snap_i = opened(hub, "ivanov")
    petrova, _, snap_p = opened(hub, "petrova")
    sidorov, _, snap_s = opened(hub, "sidorov")
    streams += [ivanov, petrova, sidorov]
    assert snap_i["pbx"] == {"follows": True, "connected": True, "actions": ["hangup"]} and snap_i["call"] is None
    assert snap_s["pbx"] == {"follows": False} and snap_s["call"] is None

    # The real recorded call, interleaved with petrova's call and a call of an extension nobody has.
    own = _real_steps()
    hers = recorded_call("2003", "89991234567", 7)
    nobodys = recorded_call("2009", "2010", 9)
    for mine, theirs, stranger in zip(own, hers, nobodys):
        hub.pbx.send(stranger + mine + theirs)
    got = calls(ivanov, 7)
    assert [(e["kind"], e["by"]) for e in got] == [
        ("ringing", "agent"), ("answered", "agent"), ("hold", "agent"), ("unhold", "agent"),
        ("hold", "peer"), ("unhold", "peer"), ("ended", "agent"),
    ]  # fmt: skip
    assert {e["call_id"] for e in got} == {RECORDED_CALL}
    assert got[0]["number"] == "2002" and all("number" not in e for e in got[1:])
    theirs_got = calls(petrova, 7)
    assert {e["call_id"] for e in theirs_got} == {linked_of(7)} and theirs_got[0]["number"] == "89991234567"

    # Nothing else reached anyone: the next thing on each stream is what comes after all of it.
    hub.pbx.send(recorded_call("2001", "2002", 11)[0])
    assert calls(ivanov, 1)[0]["call_id"] == linked_of(11)
    sidorov_events = []
    while not sidorov.events.empty():
        sidorov_events.append(sidorov.events.get()[0])
    assert "call" not in sidorov_events
    # The caller's number travels on the operator's stream only: never in the server's log or its database.
    log = "".join(hub.output)
    assert "89991234567" not in log and "2002" not in log
    import psycopg

    with psycopg.connect(hub.db_url, autocommit=True) as conn:
        dump = " ".join(str(row) for table in ("operators", "events", "installs")
                        for row in conn.execute(f"SELECT * FROM {table}").fetchall())  # fmt: skip
    assert "89991234567" not in dump


def test_a_command_is_sent_only_for_the_operators_own_live_call_on_the_operators_channel(pbx_hub, streams):
    hub = pbx_hub({"ivanov": "2001", "petrova": "2003"}, offered=BASIC + STATUS + ("Hold", "Unhold"))
    ivanov, _, snapshot = opened(hub, "ivanov")
    streams.append(ivanov)
    assert snapshot["pbx"]["actions"] == ["hold", "resume", "hangup"]
    own, hers = _real_steps(), recorded_call("2003", "2004", 3)
    hub.pbx.send(own[0] + hers[0] + own[1] + hers[1])  # both ringing, then both answered
    assert [e["kind"] for e in calls(ivanov, 2)] == ["ringing", "answered"]

    before = len(hub.pbx.received)
    # Petrova's call named with ivanov's token: refused, and no action reaches the PBX.
    status, answer = hub.command("ivanov", linked_of(3), "hold")
    assert (status, answer["result"]) == (409, "refused")
    status, answer = hub.command("ivanov", "no-such-call", "hangup")
    assert (status, answer["result"]) == (409, "refused")
    assert len(hub.pbx.received) == before
    # His own: AMI Hold on his own channel, and the answer on his stream under the same id.
    status, answer = hub.command("ivanov", RECORDED_CALL, "hold", "k-7")
    assert (status, answer) == (200, {"id": "k-7", "call_id": RECORDED_CALL, "action": "hold", "result": "done"})
    held = hub.pbx.wait_received("Hold")
    assert [a["Channel"] for a in held] == [RECORDED_AGENT_CHANNEL]
    answers = [ivanov.next(skip=("pbx",)) for _ in range(3)]  # the two refusals first
    assert [(e, d["id"], d["result"]) for e, d, _ in answers] == [
        ("command", "k1", "refused"), ("command", "k1", "refused"), ("command", "k-7", "done")]  # fmt: skip
    # Answering needs a ringing call; this one is answered.
    assert hub.command("ivanov", RECORDED_CALL, "answer")[0] == 409
    # The call ends on the PBX: a command for it now reaches nothing.
    hub.pbx.send(b"".join(own[2:]))
    assert calls(ivanov, 5)[-1]["kind"] == "ended"
    count = len(hub.pbx.received)
    assert hub.command("ivanov", RECORDED_CALL, "hangup")[0] == 409
    assert len(hub.pbx.received) == count
    # A wall token is no operator's desk.
    from operator_assist.team.server import db

    wall = db.add_wall(hub.db_url, "Смена А")
    hub.tokens["wall"] = wall
    assert hub.command("wall", RECORDED_CALL, "hold")[0] == 403


def test_what_the_pbx_cannot_do_is_said_and_never_sent(pbx_hub, streams):
    """Stock Asterisk 22 has no AMI Hold (hold is the phone's); a read-only user may not hang up."""
    hub = pbx_hub({"ivanov": "2001"}, offered=BASIC)
    ivanov, _, snapshot = opened(hub, "ivanov")
    streams.append(ivanov)
    assert snapshot["pbx"]["actions"] == []
    own = _real_steps()
    hub.pbx.send(own[0] + own[1])
    calls(ivanov, 2)
    for action in ("hold", "hangup"):
        status, answer = hub.command("ivanov", RECORDED_CALL, action)
        assert (status, answer["result"]) == (501, "unsupported") and "АТС" in answer["error"]
    assert [a["Action"] for a in hub.pbx.received] == ["ListCommands", "Status"]


def test_a_desk_that_reconnects_mid_call_gets_the_call_as_it_is(pbx_hub, streams):
    hub = pbx_hub({"ivanov": "2001"})
    own = _real_steps()
    first, _, _ = opened(hub, "ivanov")
    streams.append(first)
    hub.pbx.send(own[0])
    ringing = calls(first, 1)[0]
    first.close()
    # Away while it rang: back without an id, the snapshot has it ringing, with its number.
    again, hello, snapshot = opened(hub, "ivanov")
    streams.append(again)
    assert snapshot["call"]["state"] == "ringing" and snapshot["call"]["number"] == "2002"
    last = again.last_id
    again.close()
    hub.pbx.send(own[1] + own[2])  # answered and held while the desk is away
    # Back with its last id: exactly what it missed.
    resumed, hello, snapshot = opened(hub, "ivanov", last)
    streams.append(resumed)
    assert hello["resumed"] and snapshot is None
    assert [e["kind"] for e in calls(resumed, 2)] == ["answered", "hold"]
    # Back without one: the call as it is, held by the agent.
    fresh, _, snapshot = opened(hub, "ivanov")
    streams.append(fresh)
    call = snapshot["call"]
    assert (call["call_id"], call["state"], call["hold"], call["peer_hold"]) == (ringing["call_id"], "talking", True, False)
    assert "number" not in call


def test_the_pbx_link_drops_and_the_calls_are_caught_up_on_the_reconnect(pbx_hub, streams):
    hub = pbx_hub({"ivanov": "2001", "petrova": "2003"})
    ivanov, _, _ = opened(hub, "ivanov")
    petrova, _, _ = opened(hub, "petrova")
    streams += [ivanov, petrova]
    own, hers = _real_steps(), recorded_call("2003", "2004", 5)
    hub.pbx.send(own[0] + own[1] + hers[0] + hers[1])
    calls(ivanov, 2)
    calls(petrova, 2)
    # While the link is down ivanov's call ends; petrova's goes on.
    hub.pbx.channels = [(channel_of("2003", 5), linked_of(5), "6", "2004")]
    hub.pbx.drop()
    event, pbx, _ = ivanov.next()
    assert (event, pbx["connected"]) == ("pbx", False)
    hub.pbx.wait_logged_in(2)
    seen = [ivanov.next() for _ in range(3)]  # up again (then what it may do), and the call that ended meanwhile
    assert [(e, d.get("connected"), d.get("kind"), d.get("call_id")) for e, d, _ in seen] == [
        ("pbx", True, None, None), ("pbx", True, None, None), ("call", None, "ended", RECORDED_CALL)]  # fmt: skip
    assert seen[1][1]["actions"] == ["hangup"]
    hub.pbx.send(hers[2])  # petrova's hold: her call was kept
    assert calls(petrova, 1)[0]["kind"] == "hold"

    # A server restarted mid-call learns the call from the PBX's Status: a desk's snapshot has it.
    hub.stop()
    hub.start()
    again, _, snapshot = opened(hub, "petrova")
    streams.append(again)
    if snapshot["call"] is not None:  # the PBX answered the Status before the stream opened
        assert (snapshot["call"]["call_id"], snapshot["call"]["state"]) == (linked_of(5), "talking")
    else:  # or after: the same news, as an event
        assert [(e["call_id"], e["kind"]) for e in calls(again, 1)] == [(linked_of(5), "answered")]


def test_events_in_the_same_read_as_the_logins_answer_are_not_lost(pbx_hub, streams):
    # This PBX lists no calls (Status refused): a listing that lacks the call would end it, and one that has
    # it would bring it back; either way the after-login blocks would not be what the snapshot shows.
    hub = pbx_hub({"ivanov": "2001"}, offered=BASIC, start=False)
    own = _real_steps()
    hub.pbx.after_login = own[0] + own[1]  # the call rang and was answered right as the server logged in
    hub.start()
    hub.pbx.wait_received("Status")  # written in the same turn of the server's loop as those blocks are read
    ivanov, _, snapshot = opened(hub, "ivanov")
    streams.append(ivanov)
    assert (snapshot["call"]["call_id"], snapshot["call"]["state"]) == (RECORDED_CALL, "talking")


# --- the switchboard alone ---------------------------------------------------------------------


def test_the_switchboard_gives_each_extension_its_own_side_of_a_call_between_two_agents():
    board = Switchboard()
    board.set_extensions(["2001", "2002", "2005"])
    reader = AmiReader()
    events = [e for _, raw in recording()[1] for block in reader.feed(raw) for e in board.feed(block, 1.0)]
    mine = [(e.kind, e.by) for e in events if e.extension == "2001"]
    theirs = [(e.kind, e.by) for e in events if e.extension == "2002"]
    assert mine == [("call_ringing", "agent"), ("call_answered", "agent"), ("hold_started", "agent"),
                    ("hold_ended", "agent"), ("hold_started", "peer"), ("hold_ended", "peer"), ("call_ended", "agent")]  # fmt: skip
    assert theirs == [("call_answered", "agent"), ("hold_started", "peer"), ("hold_ended", "peer"),
                      ("hold_started", "agent"), ("hold_ended", "agent"), ("call_ended", "agent")]  # fmt: skip
    assert not [e for e in events if e.extension == "2005"]
    assert board.calls == {"2001": {}, "2002": {}, "2005": {}} and board._linked == {}


def test_a_command_may_name_only_the_extensions_own_channel_in_its_own_live_call():
    board = Switchboard()
    board.set_extensions(["2001", "2003"])
    reader = AmiReader()
    for step in _real_steps()[:2] + recorded_call("2003", "2004", 2)[:2]:
        for block in reader.feed(step):
            board.feed(block, 1.0)
    assert board.channel_for("2001", RECORDED_CALL) == RECORDED_AGENT_CHANNEL
    assert board.channel_for("2003", RECORDED_CALL) is None  # not her call
    assert board.channel_for("2001", linked_of(2)) is None
    assert board.channel_for("2003", linked_of(2)) == channel_of("2003", 2)
    assert board.current("2001").state == "talking"
    board.set_extensions(["2003"])  # 2001 unmapped: forgotten
    assert board.channel_for("2001", RECORDED_CALL) is None


# --- the administrator's side --------------------------------------------------------------------


def serve(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """``serve`` refusing before anything starts (the database URL is never reached)."""
    return subprocess.run([sys.executable, "-m", "operator_assist.team.server.cli", "serve", "--db", "postgresql://nowhere/x",
                           *args], capture_output=True, text=True, timeout=60,
                          env=env or {k: v for k, v in os.environ.items() if k != "OPERATOR_ASSIST_AMI_SECRET"})  # fmt: skip


def test_the_ami_secret_comes_from_the_environment_or_a_file_only_its_owner_may_read(tmp_path):
    done = serve("--ami", "127.0.0.1:5038", "--ami-user", "cti")
    assert done.returncode == 2 and "OPERATOR_ASSIST_AMI_SECRET" in done.stderr and "--ami-secret-file" in done.stderr
    secret = tmp_path / "ami.secret"
    secret.write_text(SECRET + "\n")
    secret.chmod(0o644)
    done = serve("--ami", "127.0.0.1:5038", "--ami-user", "cti", "--ami-secret-file", str(secret))
    assert done.returncode == 2 and "chmod 600" in done.stderr and "0644" in done.stderr
    assert SECRET not in done.stderr + done.stdout
    assert serve("--ami", "127.0.0.1:5038", "--ami-secret-file", str(secret)).returncode == 2  # no --ami-user
    assert "ХОСТ:ПОРТ" in serve("--ami", "pbx.local", "--ami-user", "cti").stderr
    assert serve("--ami-user", "cti").returncode == 2  # without --ami


def test_a_server_started_with_a_secret_file_follows_the_pbx(pbx_hub, streams, tmp_path):
    secret = tmp_path / "ami.secret"
    secret.write_text(SECRET + "\n")
    secret.chmod(stat.S_IRUSR | stat.S_IWUSR)
    mapping = tmp_path / "extensions.txt"
    mapping.write_text("# login extension\npetrova, 2001\n")
    hub = pbx_hub({"ivanov": "2001", "petrova": None}, extra=("--ami-secret-file", str(secret), "--extensions", str(mapping)),
                  start=False)  # fmt: skip
    hub.start()
    petrova, _, snapshot = opened(hub, "petrova")
    ivanov, _, snapshot_i = opened(hub, "ivanov")
    streams += [petrova, ivanov]
    assert snapshot["pbx"]["follows"] and not snapshot_i["pbx"]["follows"]  # the file's word over the database's
    hub.pbx.send(_real_steps()[0])
    assert calls(petrova, 1)[0]["kind"] == "ringing"


def test_the_mapping_file_says_what_is_wrong_with_file_and_line(tmp_path):
    good = tmp_path / "ok.txt"
    good.write_text("\ufeffivanov 2001\n\n# a comment\npetrova;2002  # petrova\nsidorov,2003\n")
    assert read_extensions_file(good) == {"ivanov": "2001", "petrova": "2002", "sidorov": "2003"}
    for text, line, words in (("ivanov 2001\npetrova 2001\n", 2, "уже у оператора ivanov"),
                              ("ivanov\n", 1, "логин добавочный"),
                              ("ivanov 20 01\n", 1, "полей: 3"),
                              ("ivanov 2001\nivanov 2002\n", 2, "уже есть добавочный 2001"),
                              ("ivanov 20\u200b01\n", 1, "латинские буквы")):  # fmt: skip
        bad = tmp_path / "bad.txt"
        bad.write_text(text)
        with pytest.raises(ExtensionsFileError, match=f"bad.txt:{line}: .*{words}"):
            read_extensions_file(bad)
    done = serve("--ami", "127.0.0.1:5038", "--ami-user", "cti", "--extensions", str(bad),
                 env={**os.environ, "OPERATOR_ASSIST_AMI_SECRET": "x"})  # fmt: skip
    assert done.returncode == 2


def test_an_extension_belongs_to_one_operator(pg_cluster):
    import uuid

    import psycopg

    from operator_assist.team.server import db

    name = f"ext_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(pg_cluster.url, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    url = pg_cluster.url_for(name)
    db.migrate(url)
    db.add_operator(url, "ivanov", "A", extension="2001")
    with pytest.raises(db.ServerError, match="2001 уже у оператора ivanov"):
        db.add_operator(url, "petrova", "A", extension="2001")
    db.set_extension(url, "ivanov", "2011")  # his own, changed: no new token
    assert db.add_operator(url, "petrova", "A", extension="2001")
    with pytest.raises(db.ServerError, match="2011 уже у оператора ivanov"):
        db.set_extension(url, "petrova", "2011")
    with pytest.raises(db.ServerError, match="оператора sidorov нет"):
        db.set_extension(url, "sidorov", "2031")
    with psycopg.connect(url, autocommit=True) as conn:
        assert conn.execute("SELECT login, extension FROM operators ORDER BY login").fetchall() == [
            ("ivanov", "2011"), ("petrova", "2001")]  # fmt: skip
        assert conn.execute("SELECT count(*) FROM tokens").fetchone()[0] == 2
    db.set_extension(url, "ivanov", None)
    from operator_assist.team.server.cli import main

    assert main(["set-extension", "petrova", "20 01", "--db", url]) == 2  # checked before the database
    assert main(["set-extension", "petrova", "2002", "--db", url]) == 0
    with psycopg.connect(url, autocommit=True) as conn:
        assert conn.execute("SELECT login, extension FROM operators ORDER BY login").fetchall() == [
            ("ivanov", None), ("petrova", "2002")]  # fmt: skip


def test_300_agents_on_loopback_each_get_only_their_own_calls(pg_cluster):
    """The hub at the issue's scale (bench/bench_hub.py measures its latency): 300 desks on their own
    streams, 100 more extensions taking calls that are nobody's; every event reaches its own desk alone."""
    import random
    import uuid

    import psycopg

    from bench import bench_hub

    from .hub_support import PbxHub
    from .pbx_fakes import FakePbx

    name = f"hub300_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(pg_cluster.url, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    tokens = bench_hub.enrol(pg_cluster.url_for(name), bench_hub.AGENTS)
    hub = PbxHub(pg_cluster.url_for(name), FakePbx(BASIC + STATUS))
    try:
        hub.start()
        plan = bench_hub.Plan(bench_hub.AGENTS, bench_hub.STRANGERS, 2.0, random.Random(25), step_s=(0.02, 0.1),
                              between_s=(0.05, 0.5))  # fmt: skip
        result = bench_hub.measure(hub.port, tokens, plan, hub.pbx, 2.0)
    finally:
        hub.stop()
        hub.pbx.close()
    assert (result["hub_leaked"], result["hub_missed"]) == (0, 0)
    assert result["hub_events"] == sum(map(len, plan.expected.values())) >= 300 * 7


def test_an_operators_topic_keeps_a_shorter_window_than_a_teams():
    """300 operators' topics must not each keep 4096 messages; past the window a desk gets the snapshot."""
    from operator_assist.team.server import hub as hub_module
    from operator_assist.team.server.hub import Hub, operator_topic, team_topic

    hub = Hub(lambda: 1000.0)
    first = hub.publish(operator_topic(1), "call", {"n": 0})
    for n in range(1, 300):
        hub.publish(operator_topic(1), "call", {"n": n})
        hub.publish(team_topic(1), "desk", {"n": n})
    assert len(hub._logs[operator_topic(1)]) == hub_module.OPERATOR_WINDOW < 300
    assert len(hub._logs[team_topic(1)]) == 299
    assert hub.subscribe(operator_topic(1), first.id)[1] is False  # too far back: a snapshot instead
