"""Team statistics against a real PostgreSQL and the real server over loopback HTTP."""

from __future__ import annotations

import http.client
import io
import itertools
import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from datetime import date

import pytest

from operator_assist.cli import team as team_cli
from operator_assist.core.events import Event
from operator_assist.core.events import EventKind as K
from operator_assist.core.journal import Journal
from operator_assist.core.stats import compute_stats
from operator_assist.team.client import TeamConfig
from operator_assist.team.server.testing import free_port
from operator_assist.team.shipper import BackgroundShipper, Backoff, Shipper

from .builders import Builder, local

DAY1, DAY2 = date(2026, 3, 10), date(2026, 3, 11)


@pytest.fixture
def moscow(monkeypatch):
    """The PC and the team both on Moscow time (stats uses the process's local day)."""
    monkeypatch.setenv("TZ", "Europe/Moscow")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def run(main, *argv, data_dir=None):
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), str(data_dir) if data_dir else None, out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def prefixed(builder: Builder, prefix: str) -> Builder:
    builder.ids = (f"{prefix}{n:028x}" for n in itertools.count(1))
    return builder


class Tee(Builder):
    """Records each event into its own journal and into a combined one (the team as one journal)."""

    def __init__(self, journal, combined):
        super().__init__(journal)
        self.combined = combined

    def emit(self, kind, call_id, wall, **data):
        super().emit(kind, call_id, wall, **data)
        self.combined.record(Event(kind, wall - 1_700_000_000, wall, call_id, data))


def operator_a(b: Builder) -> None:
    for n in range(19):  # day 1: 19 of 20 without hold: exactly 95 %
        b.call(local(DAY1, 9, n), offer="accepted" if n % 3 == 0 else None)
    b.call(local(DAY1, 10), holds=(30.0,), silence=1, offer="declined", forbidden=2,
           said={"before_hold": (False,), "after_hold": (True,), "summary": (True,), "farewell": (False,)})  # fmt: skip
    b.call(local(DAY1, 23, 58), holds=(150.0,), talk=200,
           said={"before_hold": (True,), "after_hold": (False,), "summary": (False,), "farewell": (True,)})  # fmt: skip
    b.call(local(DAY2, 0, 0, 1), holds=(20.0, 130.0), offer="not_voiced")
    b.call(local(DAY2, 9), suppressed="complaint")
    b.call(local(DAY2, 9, 10), offer="shown", silence=2)
    cut = b.call(local(DAY2, 9, 20), holds=(10.0,), finish=False)  # cut by the next call
    b.emit(K.HOLD_STARTED, cut, local(DAY2, 9, 21), limit=120.0, role="specialist", index=2)
    b.emit(K.HOLD_LIMIT_REACHED, cut, local(DAY2, 9, 23), limit=120.0)  # a hold over the limit, never ended
    odd = b.call(local(DAY2, 9, 30), finish=False)
    b.emit(K.HOLD_ENDED, odd, local(DAY2, 9, 31), duration=44.0, limit=120.0, index=1)  # its start not journalled
    b.emit(K.CALL_ENDED, odd, local(DAY2, 9, 32), duration=120.0)
    b.call(local(DAY2, 10), suppressed="siebel_down", holds=(5.0,))
    b.call(local(DAY2, 11), holds=(60.0,), finish=False)  # open when the journal closes: interrupted


def operator_b(b: Builder) -> None:
    for n in range(10):
        b.call(local(DAY1, 12, n), holds=(70.0,) if n < 3 else (), offer="accepted" if n < 5 else "declined")
    b.call(local(DAY2, 14), suppressed="lost_phone", silence=3, forbidden=1, said={"summary": (True,), "farewell": (True,)})


def assert_same(server: dict, local_figures: dict) -> None:
    for key, value in local_figures.items():
        if key in ("average_hold_s",) and value is not None:
            assert server[key] == pytest.approx(value, rel=1e-12), key
        else:
            assert server[key] == value, key


@pytest.fixture
def enrolled(team_server, tmp_path):
    def make(name: str, team: str | None = None, lead: bool = False):
        login, team, token = team_server.enrol(team=team, lead=lead)
        folder = tmp_path / name
        folder.mkdir()
        return login, team, token, folder

    return make


def test_team_figures_equal_the_apps_own_stats(team_server, enrolled, moscow, tmp_path):
    login_a, team, token_a, dir_a = enrolled("a")
    login_b, _, token_b, dir_b = enrolled("b", team=team)
    lead, _, lead_token = team_server.enrol(team=team, lead=True)
    combined = Journal.open(tmp_path / "team.sqlite3")
    for folder, fill, prefix in ((dir_a, operator_a, "a"), (dir_b, operator_b, "b")):
        journal = Journal.open(folder / "journal.sqlite3")
        fill(prefixed(Tee(journal, combined), prefix))
        journal.close()
    combined.close()

    for folder, token in ((dir_a, token_a), (dir_b, token_b)):
        code, out, err = run(team_cli.join_main, team_server.url, token, data_dir=folder)
        assert code == 0, err
        assert "Подключено" in out
        assert oct((folder / "team.json").stat().st_mode & 0o777) == "0o600"
        code, out, err = run(team_cli.sync_main, data_dir=folder)
        assert code == 0, err
        assert "Отправлено событий" in out

    code, out, err = run(team_cli.stats_main, "--team", team, "--from", "2026-03-10", "--to", "2026-03-11", "--json",
                         "--url", team_server.url, "--token", lead_token)  # fmt: skip
    assert code == 0, err
    result = json.loads(out)

    whole = compute_stats(tmp_path / "team.sqlite3", DAY1, DAY2).to_dict()
    assert whole["calls"] == 39 and whole["interrupted"] == 2 and whole["holds_over_limit"] == 3
    assert (whole["speech_calls"], whole["forbidden_words"], whole["farewell_share"]) == (3, 3, 2 / 3)
    assert_same(result, whole)
    rows = {row["login"]: row for row in result["operators"]}
    assert set(rows) == {login_a, login_b}  # the lead takes no calls: not an operator's row (issue 22 #14)
    for login, folder in ((login_a, dir_a), (login_b, dir_b)):
        mine = compute_stats(folder / "journal.sqlite3", DAY1, DAY2).to_dict()
        assert_same(rows[login], mine)
    a_day1 = compute_stats(dir_a / "journal.sqlite3", DAY1, DAY1)
    assert (a_day1.calls, a_day1.calls_without_hold, a_day1.target_met) == (21, 19, False)
    assert rows[login_a]["daily_without_hold"]["2026-03-10"] == pytest.approx(19 / 21)

    # The text report and the CSV read the same rows.
    code, out, _ = run(team_cli.stats_main, "--team", team, "--from", "2026-03-10", "--to", "2026-03-11",
                       "--url", team_server.url, "--token", lead_token)  # fmt: skip
    assert code == 0 and login_a in out and f"Команда «{team}»" in out
    assert "Речь операторов (звонков проверено: 3)" in out
    speech_row = next(line for line in out.splitlines() if line.startswith(login_a) and "%" in line and line.count("%") == 3)
    assert speech_row.split()[1:] == ["2", "50,0", "%", "50,0", "%", "50,0", "%", "100,0"]
    target = tmp_path / "team.csv"
    code, out, _ = run(team_cli.stats_main, "--team", team, "--from", "2026-03-10", "--to", "2026-03-11",
                       "--csv", str(target), "--url", team_server.url, "--token", lead_token)  # fmt: skip
    assert code == 0
    text = target.read_bytes().decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Оператор;Звонков") and len(text.splitlines()) == 3  # the header, the two operators (not the lead)
    header, *cells = [line.split(";") for line in text.splitlines()]
    assert header[-4:] == ["Фраза перед удержанием, %", "Спасибо за ожидание, %", "Прощание полностью, %", "Запрещённых слов на 100 звонков"]
    assert {row[0]: row[-4:] for row in cells}[login_b] == ["", "", "100,0", "100,0"]

    # An operator's token cannot read the team.
    code, _, err = run(team_cli.stats_main, "--team", team, "--url", team_server.url, "--token", token_a)
    assert code == 1 and "руководителя" in err


def _fill(path, calls: int) -> int:
    from bench.bench_journal import _events

    with Journal.open(path) as journal:
        journal.record_many(_events(calls * 10))
        return journal.outbox_pending(0)


def _local_count(path) -> tuple[int, int]:
    with Journal.open_outbox(path) as box:
        return box.outbox_pending(0), box.install_id()


def _server_count(team_server, install_id):
    return team_server.sql(
        "SELECT count(*), count(DISTINCT event_seq), coalesce(max(event_seq), 0) FROM events WHERE install_id = %s",
        (install_id,),
    )[0]


def _sync_process(folder, batch=500):
    return subprocess.Popen(
        [sys.executable, "-m", "operator_assist", "team-sync", "--data-dir", str(folder), "--batch", str(batch)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )  # fmt: skip


def _wait(condition, timeout=60.0, what="condition"):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def test_sigkill_of_the_shipper_mid_batch_loses_and_duplicates_nothing(team_server, enrolled):
    _, _, token, folder = enrolled("k")
    total = _fill(folder / "journal.sqlite3", 4000)
    assert run(team_cli.join_main, team_server.url, token, data_dir=folder)[0] == 0
    _, install_id = _local_count(folder / "journal.sqlite3")
    proc = _sync_process(folder)
    try:
        _wait(lambda: team_server.sql("SELECT last_seq FROM installs WHERE install_id = %s", (install_id,))[0][0] >= 3000,
              what="some batches")  # fmt: skip
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
        proc.stdout.close()
        proc.stderr.close()
    shipped, _, top = _server_count(team_server, install_id)
    assert 0 < shipped < total and top == shipped

    code, out, err = run(team_cli.sync_main, data_dir=folder)
    assert code == 0, err
    assert _server_count(team_server, install_id) == (total, total, total)
    assert _local_count(folder / "journal.sqlite3")[0] == total


def test_postgres_killed_mid_ship_then_restarted(team_server, enrolled):
    _, _, token, folder = enrolled("p")
    total = _fill(folder / "journal.sqlite3", 4000)
    assert run(team_cli.join_main, team_server.url, token, data_dir=folder)[0] == 0
    _, install_id = _local_count(folder / "journal.sqlite3")
    proc = _sync_process(folder)
    try:
        _wait(lambda: team_server.sql("SELECT last_seq FROM installs WHERE install_id = %s", (install_id,))[0][0] >= 3000,
              what="some batches")  # fmt: skip
        team_server.cluster.kill()  # a crash of the database server, mid-batch
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
            proc.stdout.close()
            proc.stderr.close()
        if team_server.cluster.postmaster_pid() is None or not _pg_up(team_server):
            team_server.cluster.start()
    assert proc.returncode == 1 and "позже" in err
    assert _local_count(folder / "journal.sqlite3")[0] == total  # the journal is untouched

    code, out, err = run(team_cli.sync_main, data_dir=folder)  # the server's pool heals by itself
    assert code == 0, err
    assert _server_count(team_server, install_id) == (total, total, total)


def _pg_up(team_server) -> bool:
    try:
        team_server.sql("SELECT 1")
        return True
    except Exception:  # noqa: BLE001
        return False


def test_server_down_for_the_whole_run_loses_nothing(team_server, enrolled):
    _, _, token, folder = enrolled("d")
    total = _fill(folder / "journal.sqlite3", 50)
    dead = f"http://127.0.0.1:{free_port()}"
    code, out, _ = run(team_cli.join_main, dead, token, data_dir=folder)
    assert code == 0 and "недоступен" in out and "сохранены" in out
    code, _, err = run(team_cli.sync_main, data_dir=folder)
    assert code == 1 and "недоступен" in err and "не изменён" in err

    # The app's background worker backs off and keeps everything.
    statuses = []
    worker = BackgroundShipper(folder / "journal.sqlite3", lambda: TeamConfig.load(folder),
                               backoff=Backoff(base=2.0, cap=60.0, rng=lambda: 1.0),
                               on_status=lambda text, ok: statuses.append((text, ok)))  # fmt: skip
    assert [worker.run_once() for _ in range(4)] == [2.0, 4.0, 8.0, 16.0]
    assert statuses and not statuses[-1][1] and "недоступен" in statuses[-1][0]
    assert _local_count(folder / "journal.sqlite3")[0] == total

    TeamConfig(team_server.url, token).save(folder)  # the server is back (here: its real address)
    assert worker.run_once() == worker.interval and worker.backoff.failures == 0
    install_id = _local_count(folder / "journal.sqlite3")[1]
    assert _server_count(team_server, install_id) == (total, total, total)
    assert statuses[-1] == (f"Отправлено на сервер команды событий: {total}.", True)


def test_background_worker_thread_ships_and_stops(team_server, enrolled):
    _, _, token, folder = enrolled("t")
    total = _fill(folder / "journal.sqlite3", 30)
    assert run(team_cli.join_main, team_server.url, token, data_dir=folder)[0] == 0
    worker = BackgroundShipper(folder / "journal.sqlite3", lambda: TeamConfig.load(folder), interval=3600)
    worker.start()
    try:
        _wait(lambda: worker.last_result is not None, timeout=30, what="the first round")
        assert worker.last_result.sent == total
        with Journal.open(folder / "journal.sqlite3") as journal:  # the app records on
            journal.record(Event(K.PHRASE_COPIED, 1.0, 1_790_000_000.0, None, {"phrase_id": "x"}))
        worker.wake()
        _wait(lambda: worker.last_result.last_seq == total + 1, timeout=30, what="the woken round")
    finally:
        worker.stop()
    assert not worker.running


def test_wrong_and_revoked_tokens(team_server, enrolled):
    login, _, token, folder = enrolled("w")
    _fill(folder / "journal.sqlite3", 5)
    before = (folder / "journal.sqlite3").read_bytes()
    code, _, err = run(team_cli.join_main, team_server.url, "oa_not-a-token", data_dir=folder)
    assert code == 1 and "не принял токен" in err and "не изменён" in err
    assert not (folder / "team.json").exists()
    assert (folder / "journal.sqlite3").read_bytes() == before  # a refused enrolment touches nothing

    assert run(team_cli.join_main, team_server.url, token, data_dir=folder)[0] == 0
    from operator_assist.team.server import db

    assert db.revoke_operator(team_server.db_url, login) == 1
    code, _, err = run(team_cli.sync_main, data_dir=folder)
    assert code == 1 and "не принял токен" in err
    with Journal.open_outbox(folder / "journal.sqlite3") as box:
        assert box.outbox_pending(0) == 50


def _post(url, token, body: bytes, path: str):
    request = urllib.request.Request(url + path, data=body, method="POST",
                                     headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})  # fmt: skip
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def test_hostile_clients_get_4xx_and_store_nothing(team_server, enrolled):
    _, _, token_a, folder_a = enrolled("ha")
    _, _, token_b, folder_b = enrolled("hb")
    _fill(folder_a / "journal.sqlite3", 5)
    _fill(folder_b / "journal.sqlite3", 5)
    assert run(team_cli.join_main, team_server.url, token_a, data_dir=folder_a)[0] == 0
    assert run(team_cli.join_main, team_server.url, token_b, data_dir=folder_b)[0] == 0
    install_a = _local_count(folder_a / "journal.sqlite3")[1]
    install_b = _local_count(folder_b / "journal.sqlite3")[1]
    event = [1, 1_790_000_000.0, "c1", "call_started", {"role": "specialist"}]
    ok = json.dumps({"events": [event], "have": 5}).encode()

    # A's token shipping as B's install (or as a fresh id) is refused.
    for target in (install_b, str(uuid.uuid4())):
        status, answer = _post(team_server.url, token_a, ok, f"/v1/installs/{target}/events")
        assert status == 403 and answer["error"]
    # A 10 MB batch, malformed bodies and events.
    huge = b'{"events": [' + b",".join([json.dumps(event).encode()] * 200_000) + b"]}"
    assert len(huge) > 10_000_000
    # Declared size: refused from the headers alone, before a byte of the body is read.
    conn = http.client.HTTPConnection("127.0.0.1", team_server.port, timeout=30)
    try:
        conn.putrequest("POST", f"/v1/installs/{install_a}/events")
        conn.putheader("Authorization", f"Bearer {token_a}")
        conn.putheader("Content-Length", str(len(huge)))
        conn.endheaders()
        response = conn.getresponse()
        assert response.status == 413 and "слишком большой" in json.loads(response.read())["error"]
    finally:
        conn.close()
    # Sent in full: the server answers 413 and hangs up mid-upload (the client may only see the reset).
    try:
        assert _post(team_server.url, token_a, huge, f"/v1/installs/{install_a}/events")[0] == 413
    except urllib.error.URLError as exc:
        assert isinstance(exc.reason, (ConnectionResetError, BrokenPipeError))
    # Chunked, no length given: cut off at the limit while streaming.
    conn = http.client.HTTPConnection("127.0.0.1", team_server.port, timeout=30)
    try:
        conn.request("POST", f"/v1/installs/{install_a}/events", body=iter([huge[i:i + 65536] for i in range(0, 5_000_000, 65536)]),
                     headers={"Authorization": f"Bearer {token_a}", "Transfer-Encoding": "chunked"})  # fmt: skip
        assert conn.getresponse().status == 413
    except (ConnectionResetError, BrokenPipeError):
        pass
    finally:
        conn.close()
    assert _post(team_server.url, token_a, b"{nope", f"/v1/installs/{install_a}/events")[0] == 400
    bad_events = (
        [[2, 1_790_000_000.0, None, "x", {}], [1, 1_790_000_000.0, None, "x", {}]],  # not increasing
        [[1, "yesterday", None, "x", {}]],
        [[1, 1_790_000_000.0, "+7 (916) 123-45-67", "call_started", {}]],
        [[1, 1_790_000_000.0, None, "DROP TABLE", {}]],
        [[True, 1_790_000_000.0, None, "x", {}]],
        [[1, 1e300, None, "x", {}]],
    )
    for events in bad_events:
        status, _ = _post(team_server.url, token_a, json.dumps({"events": events, "have": 5}).encode(), f"/v1/installs/{install_a}/events")
        assert status == 422, events
    assert _post(team_server.url, "oa_forged", ok, f"/v1/installs/{install_a}/events")[0] == 401
    assert _post(team_server.url, token_a, ok, "/v1/installs/not-a-uuid/events")[0] == 404
    for install in (install_a, install_b):
        assert _server_count(team_server, install)[0] == 0

    # Personal data slipped into a genuine-looking event is dropped on the server too.
    sneaky = [[1, 1_790_000_000.0, "c1", "call_started", {"role": "specialist", "phone": "+79161234567"}]]
    status, answer = _post(team_server.url, token_a, json.dumps({"events": sneaky, "have": 5}).encode(), f"/v1/installs/{install_a}/events")
    assert status == 200 and answer == {"stored": 1, "last_seq": 1}
    assert team_server.sql("SELECT data FROM events WHERE install_id = %s", (install_a,)) == [({"role": "specialist"},)]


def test_a_server_restored_from_an_older_backup_gets_the_rest_again(team_server, enrolled):
    _, _, token, folder = enrolled("r")
    total = _fill(folder / "journal.sqlite3", 100)
    assert run(team_cli.join_main, team_server.url, token, data_dir=folder)[0] == 0
    assert run(team_cli.sync_main, data_dir=folder)[0] == 0
    install_id = _local_count(folder / "journal.sqlite3")[1]
    team_server.sql("WITH d AS (DELETE FROM events WHERE install_id = %s AND event_seq > 400 RETURNING 1) "
                    "UPDATE installs SET last_seq = 400 WHERE install_id = %s RETURNING 1", (install_id, install_id))  # fmt: skip
    code, out, _ = run(team_cli.sync_main, data_dir=folder)
    assert code == 0 and f"Отправлено событий: {total - 400}" in out
    assert _server_count(team_server, install_id) == (total, total, total)


def test_the_demo_journal_is_never_shipped(tmp_path):
    from operator_assist.paths import UserPaths
    from operator_assist.team.client import TeamError

    demo = UserPaths.resolve(tmp_path).demo_journal_file
    Journal.open(demo).close()
    with pytest.raises(TeamError, match="тренировок"):
        Shipper(demo, TeamConfig("http://127.0.0.1:1", "t"))


def test_add_operator_prints_the_token_last_and_stores_only_its_hash(team_server):
    team = f"cli-{uuid.uuid4().hex[:6]}"
    proc = subprocess.run(
        [sys.executable, "-m", "operator_assist.team.server.cli", "add-operator", "petrov", "--team", team,
         "--lead", "--tz", "Asia/Yekaterinburg", "--db", team_server.db_url],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    token = proc.stdout.strip().splitlines()[-1]
    assert token.startswith("oa_") and len(token) > 30
    assert team_server.sql("SELECT count(*) FROM tokens WHERE token_hash = %s", (token,))[0][0] == 0
    assert team_server.sql("SELECT tz FROM teams WHERE name = %s", (team,)) == [("Asia/Yekaterinburg",)]
    bad = subprocess.run(
        [sys.executable, "-m", "operator_assist.team.server.cli", "add-operator", "x", "--team", "t2", "--tz", "Mars/Base",
         "--db", team_server.db_url], capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert bad.returncode == 2 and "часовой пояс" in bad.stderr


@pytest.mark.parametrize("argv", [["--help"], ["add-operator", "--help"], ["serve", "--help"]])
def test_the_server_cli_help_is_russian(argv, capsys):
    from operator_assist.team.server.cli import main

    with pytest.raises(SystemExit) as stopped:
        main(argv)
    assert stopped.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("использование: operator-assist-server")
    assert "показать эту справку и выйти" in out and "параметры:" in out
    for english in ("usage", "options", "show this help", "positional arguments"):
        assert english not in out


def test_a_server_cli_mistake_is_said_in_russian(capsys):
    from operator_assist.team.server.cli import main

    with pytest.raises(SystemExit) as stopped:
        main(["add-operator", "--team"])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert "ошибка" in err and "error" not in err and "usage" not in err


def test_a_lead_who_takes_calls_is_a_row_and_an_operator_without_calls_still_is(team_server, enrolled, tmp_path):
    login_a, team, token_a, dir_a = enrolled("a")
    idle_login, _, _ = team_server.enrol(team=team)
    lead, _, lead_token = team_server.enrol(team=team, lead=True)
    lead_dir = tmp_path / "lead"
    lead_dir.mkdir()
    journal = Journal.open(lead_dir / "journal.sqlite3")
    operator_a(prefixed(Builder(journal), "l"))
    journal.close()
    for code, out, err in (run(team_cli.join_main, team_server.url, lead_token, data_dir=lead_dir),
                           run(team_cli.sync_main, data_dir=lead_dir)):  # fmt: skip
        assert code == 0, err
    code, out, err = run(team_cli.stats_main, "--team", team, "--from", "2026-03-10", "--to", "2026-03-11", "--json",
                         "--url", team_server.url, "--token", lead_token)  # fmt: skip
    assert code == 0, err
    rows = {row["login"]: row for row in json.loads(out)["operators"]}
    assert set(rows) == {login_a, idle_login, lead} and rows[lead]["calls"] > 0 and rows[idle_login]["calls"] == 0
