"""The team's standard on the server (issue 24): publish, history, rollback, the desks' download and
the ``standard`` event, a team's figures per version, and hostile bundles — against the real server
on a real PostgreSQL."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.error
import urllib.request
import uuid

import pytest

from operator_assist.core.journal import Journal
from operator_assist.team.client import NotModified, RefusedError, TeamClient, TeamConfig
from operator_assist.team.server import db

from .builders import Builder, local
from .live_support import Stream
from .standard_support import files_of, hold_text, standard_copy
from .test_team import DAY1, DAY2, moscow, run, team_cli  # noqa: F401 - moscow is a fixture

BOMB = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{name}: &{name} [{', '.join([f'*{previous}'] * 10)}]\n" for previous, name in zip("abcde", "bcdef")
)
"""Each line ten of the one before: a million items from 200 bytes."""


def server_cli(team_server, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "operator_assist.team.server.cli", *args, "--db", team_server.db_url],
                          capture_output=True, text=True, timeout=120)  # fmt: skip


@pytest.fixture
def team(team_server):
    """A team with an operator and a lead: (name, operator's token, lead's token, operator's login)."""
    name = f"std-{uuid.uuid4().hex[:6]}"
    login, _, token = team_server.enrol(f"ivanov-{name}", name)
    _, _, lead = team_server.enrol(f"petrova-{name}", name, lead=True)
    return name, token, lead, login


def client(team_server, token: str) -> TeamClient:
    return TeamClient(TeamConfig(team_server.url, token))


def test_publish_history_rollback_and_the_desks_download(team_server, team, tmp_path):
    name, token, lead, _ = team
    desk = client(team_server, token)
    assert desk.standard() == {"team": name, "version": None}  # nothing published: the bundled standard

    v1 = standard_copy(tmp_path / "v1", version=1)
    done = server_cli(team_server, "publish", str(v1), "--team", name, "--by", "petrova")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == f"Стандарт команды «{name}»: опубликована версия 1."
    first = desk.standard()
    assert (first["version"], first["format"], first["published_by"]) == (1, 1, "petrova")
    assert hold_text(1) in first["files"]["phrases/03-hold.yaml"]
    assert set(first["files"]) == set(files_of(v1))
    with pytest.raises(NotModified):  # the 60-second poll of an unchanged standard: a 304, no body
        desk.standard(first["etag"])

    v2 = standard_copy(tmp_path / "v2", version=2, senior_limit="4:00")
    second = client(team_server, lead).publish_standard(name, files_of(v2))  # a lead over HTTP (team-publish)
    assert second["version"] == 2 and second["etag"] != first["etag"]
    assert "hold_limit: 4:00" in desk.standard(first["etag"])["files"]["roles.yaml"]

    back = server_cli(team_server, "rollback", "1", "--team", name)
    assert back.returncode == 0, back.stderr
    assert "опубликована версия 3 (файлы версии 1)" in back.stdout
    third = desk.standard(second["etag"])
    assert third["version"] == 3 and third["rollback_of"] == 1 and third["files"] == first["files"]
    assert third["etag"] != first["etag"]  # a new version: every desk takes it, even one still on version 1

    history = server_cli(team_server, "history", "--team", name)
    lines = history.stdout.strip().splitlines()
    assert [line.split(":")[0] for line in lines] == ["версия 1", "версия 2", "версия 3"]
    assert ", petrova, файлов 20" in lines[0] and f", petrova-{name}, " in lines[1]
    assert lines[2].endswith("(повтор версии 1)") and ", server:" in lines[2]
    over_http = client(team_server, lead).standard_history(name)["versions"]
    assert [(v["version"], v["rollback_of"]) for v in over_http] == [(1, None), (2, None), (3, 1)]
    assert client(team_server, lead).rollback_standard(name, 2)["version"] == 4


def test_a_bundle_with_a_yaml_error_is_refused_with_file_and_line_and_nothing_changes(team_server, team, tmp_path):
    name, token, lead, _ = team
    good = standard_copy(tmp_path / "good", version=1)
    assert server_cli(team_server, "publish", str(good), "--team", name).returncode == 0
    broken = standard_copy(tmp_path / "broken", version=2)
    hold = broken / "phrases" / "03-hold.yaml"
    hold.write_text(hold.read_text(encoding="utf-8").replace("label: Удержание", "label Удержание"), encoding="utf-8")

    refused = server_cli(team_server, "publish", str(broken), "--team", name)
    assert refused.returncode == 1
    assert "phrases/03-hold.yaml:8: ошибка синтаксиса YAML" in refused.stderr
    assert "Стандарт не опубликован" in refused.stderr
    with pytest.raises(RefusedError) as over_http:
        client(team_server, lead).publish_standard(name, files_of(broken))
    assert "422" in str(over_http.value)
    assert over_http.value.details[0].startswith("phrases/03-hold.yaml:8: ошибка синтаксиса YAML")
    assert team_server.sql("SELECT count(*) FROM standards s JOIN teams t USING (team_id) WHERE t.name = %s", (name,)) == [(1,)]
    assert client(team_server, token).standard()["version"] == 1


@pytest.mark.parametrize(
    "files, expected",
    [
        ({"../roles.yaml": "roles: {}\n"}, "../roles.yaml:1: такого файла в стандарте быть не может"),
        ({"/etc/passwd": "x"}, "/etc/passwd:1: такого файла"),
        ({"phrases/a/b.yaml": "x"}, "phrases/a/b.yaml:1: такого файла"),
        ({"phrases/x.yaml": "category: x\nphrases: []\n\x00"}, "phrases/x.yaml:3: управляющий символ (код 0x00)"),
        ({"phrases/x.yaml": BOMB}, "phrases/x.yaml:5: ссылки (alias *…) разворачиваются"),
        ({"phrases/x.yaml": "x" * (600 * 1024)}, "phrases/x.yaml:1: файл слишком большой"),
        ({f"phrases/p{n}.yaml": "category: x\n" for n in range(201)}, "standard:1: в стандарте 221 файлов"),
        ({"roles.yaml": "telephony:\n  source: inbox\n"}, "roles.yaml:1: telephony: этого стандарт команды не задаёт"),
        ({"offers.yaml": "source: file:/etc/shadow\n"}, "offers.yaml:1: source: file:… — путь на компьютере оператора"),
        ({"offers.yaml": "source: http:http://crm:secret@crm.example/offer\n"}, "offers.yaml:1: source: в адресе пароль"),
        ({"policy.yaml": "locked: [team.server_url]\n"}, "policy.yaml:1: locked: team.server_url — настройка компьютера"),
    ],
    ids=["dot-dot", "absolute", "deeper", "nul", "alias-bomb", "too-big", "too-many", "pc-key", "offer-path",
         "offer-password", "lock-pc-key"],
)  # fmt: skip
def test_hostile_bundles_are_refused_whole(team_server, team, tmp_path, files, expected):
    name, token, lead, _ = team
    base = files_of(standard_copy(tmp_path / "base"))
    with pytest.raises(RefusedError) as refused:
        client(team_server, lead).publish_standard(name, {**base, **files})
    assert any(line.startswith(expected) for line in refused.value.details), refused.value.details
    assert client(team_server, token).standard()["version"] is None


def test_a_folder_with_links_and_strays_is_refused_or_left_out(team_server, team, tmp_path):
    name = team[0]
    folder = standard_copy(tmp_path / "with-link")
    (folder / "README.md").write_text("notes", encoding="utf-8")
    os.symlink("/etc/passwd", folder / "phrases" / "99-link.yaml")
    refused = server_cli(team_server, "publish", str(folder), "--team", name)
    assert refused.returncode == 1
    assert "phrases/99-link.yaml:1: символическая ссылка" in refused.stderr
    assert "README.md:1: предупреждение: не часть стандарта" in refused.stderr
    (folder / "phrases" / "99-link.yaml").unlink()
    done = server_cli(team_server, "publish", str(folder), "--team", name)
    assert done.returncode == 0 and "README.md:1: предупреждение" in done.stderr


def test_only_the_teams_lead_publishes_and_a_wall_downloads_nothing(team_server, team, tmp_path):
    name, token, lead, _ = team
    files = files_of(standard_copy(tmp_path / "s"))
    other_team, _, other_lead = team_server.enrol(team=f"other-{uuid.uuid4().hex[:6]}", lead=True)
    for who, code in ((token, 403), (other_lead, 403)):
        request = urllib.request.Request(f"{team_server.url}/v1/teams/{urllib.request.quote(name)}/standard",
                                         data=json.dumps({"files": files}).encode(), method="PUT",
                                         headers={"Authorization": f"Bearer {who}", "Content-Type": "application/json"})  # fmt: skip
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=30)
        refused.value.close()
        assert refused.value.code == code
    wall = db.add_wall(team_server.db_url, name)
    request = urllib.request.Request(f"{team_server.url}/v1/standard", headers={"Authorization": f"Bearer {wall}"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=30)
    refused.value.close()
    assert refused.value.code == 403


def test_a_publish_from_the_command_line_reaches_the_open_streams_at_once(team_server, team, tmp_path):
    """The server's ``publish`` runs in another process: PostgreSQL's NOTIFY tells the serving one."""
    name, token, lead, _ = team
    own = Stream(team_server.url, "/v1/stream", token)
    board = Stream(team_server.url, f"/v1/teams/{urllib.request.quote(name)}/live", lead)
    try:
        assert own.next()[0] == "hello"
        event, snapshot, _ = own.next()
        assert event == "snapshot" and snapshot["standard"] is None
        board.next(skip=("hello",))
        assert server_cli(team_server, "publish", str(standard_copy(tmp_path / "s", version=1)), "--team", name).returncode == 0
        event, data, _ = own.next(skip=("snapshot",))
        assert event == "standard" and data["version"] == 1 and data["etag"].startswith('"1-')
        assert board.next(skip=("snapshot", "today", "desk"))[:2][0] == "standard"
    finally:
        own.close()
        board.close()
    again = Stream(team_server.url, "/v1/stream", token)
    try:
        again.next()
        event, snapshot, _ = again.next()
        assert snapshot["standard"]["version"] == 1  # a desk that connects later learns it from the snapshot
    finally:
        again.close()


def test_team_stats_by_version_splits_the_calls(team_server, team, tmp_path, moscow):  # noqa: F811
    name, token, lead, login = team
    assert server_cli(team_server, "publish", str(standard_copy(tmp_path / "v1", version=1)), "--team", name).returncode == 0
    folder = tmp_path / "desk"
    journal = Journal.open(folder / "journal.sqlite3")
    b = Builder(journal)
    for minute, standard, holds in ((0, None, (30.0,)), (5, 1, (130.0,)), (10, 1, ()), (15, 2, (30.0,)), (20, 2, ())):
        b.call(local(DAY1 if minute < 15 else DAY2, 10, minute), holds=holds, standard=standard)
    journal.close()
    assert run(team_cli.join_main, team_server.url, token, data_dir=folder)[0] == 0
    code, out, err = run(team_cli.sync_main, data_dir=folder)
    assert code == 0, err
    assert "Стандарт команды: версия 1 от " in out  # team-sync fetched it too

    args = ("--team", name, "--from", DAY1.isoformat(), "--to", DAY2.isoformat(), "--url", team_server.url, "--token", lead)
    code, out, err = run(team_cli.stats_main, *args, "--by-version", "--json")
    assert code == 0, err
    result = json.loads(out)
    versions = {v["version"]: v for v in result["versions"]}
    assert [v["version"] for v in result["versions"]] == [None, 1, 2]
    assert (versions[None]["calls"], versions[1]["calls"], versions[2]["calls"]) == (1, 2, 2)
    assert (versions[1]["holds"], versions[1]["holds_over_limit"], versions[1]["over_limit_share"]) == (1, 1, 1.0)
    assert versions[2]["first_day"] == DAY2.isoformat() and versions[2]["share_without_hold"] == 0.5
    assert result["standards"] == []  # published today, after the period
    code, out, err = run(team_cli.stats_main, "--team", name, "--url", team_server.url, "--token", lead, "--by-version", "--json")
    assert [s["version"] for s in json.loads(out)["standards"]] == [1]  # the last 30 days: its day for the chart
    code, out, err = run(team_cli.stats_main, *args, "--by-version")
    assert code == 0, err
    table = out[out.index("По версиям стандарта команды"):].splitlines()
    assert table[2].split()[:3] == ["встроенный", "1", "0,0"]  # «встроенный»: calls before any team standard
    assert [line.split()[0] for line in table[2:5]] == ["встроенный", "1", "2"]
