"""``operator-assist stats``: text, JSON and CSV output from the user's journal."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime, timedelta

import pytest

from operator_assist.cli.stats import main
from operator_assist.core.journal import Journal
from operator_assist.paths import UserPaths

from .test_stats import Builder, local

DAY = date(2025, 9, 10)


def run(argv, data_dir, now=None):
    out, err = io.StringIO(), io.StringIO()
    code = main(argv, str(data_dir), now=now if now is not None else local(DAY, 20), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def data_dir(tmp_path):
    """A journal with 20 calls on DAY (one with a 150 s hold) and one on the day before."""
    root = tmp_path / "data"
    with Journal.open(UserPaths.resolve(root).journal_file) as j:
        b = Builder(j)
        b.call(local(DAY - timedelta(days=1), 17), holds=(40.0,), offer="declined")
        for n in range(20):
            b.call(
                local(DAY, 9, n),
                holds=(150.0,) if n == 0 else (),
                offer="accepted" if n < 2 else "not_voiced" if n == 2 else None,
                suppressed="complaint" if n == 3 else None,
                silence=1 if n == 4 else 0,
            )
    return root


def test_json(data_dir):
    code, out, err = run(["--from", "2025-09-10", "--to", "10.09.2025", "--json"], data_dir)
    assert code == 0, err
    data = json.loads(out)
    assert data == {
        "from": "2025-09-10",
        "to": "2025-09-10",
        "calls": 20,
        "interrupted": 0,
        "in_progress": 0,
        "calls_without_hold": 19,
        "share_without_hold": 0.95,
        "target_share": 0.95,
        "target_met": True,
        "holds": 1,
        "average_hold_s": 150.0,
        "longest_hold_s": 150.0,
        "holds_over_limit": 1,
        "silence_warnings": 1,
        "long_pauses": 0,
        "offer_calls": 3,
        "offers_voiced": 2,
        "voiced_share": 2 / 3,
        "offers_accepted": 2,
        "acceptance_rate": 1.0,
        "suppressions": {"complaint": 1, "lost_phone": 0, "siebel_down": 0},
        "daily_without_hold": {"2025-09-10": 0.95},
        "speech_calls": 0,
        "hold_phrase_checks": 0,
        "hold_phrase_said": 0,
        "hold_phrase_share": None,
        "thanks_checks": 0,
        "thanks_said": 0,
        "thanks_share": None,
        "summary_checks": 0,
        "summary_said": 0,
        "summary_share": None,
        "farewell_checks": 0,
        "farewell_full": 0,
        "farewell_share": None,
        "forbidden_words": 0,
        "forbidden_per_100_calls": None,
        "message": None,
    }


def test_two_days_miss_the_target(data_dir):
    code, out, _ = run(["--from", "2025-09-09", "--to", "2025-09-10", "--json"], data_dir)
    data = json.loads(out)
    assert (data["calls"], data["calls_without_hold"], data["target_met"]) == (21, 19, False)
    assert data["daily_without_hold"] == {"2025-09-09": 0.0, "2025-09-10": 0.95}


def test_text_report(data_dir):
    code, out, _ = run(["--from", "2025-09-10", "--to", "2025-09-10"], data_dir)
    assert code == 0
    assert out.splitlines() == [
        "Статистика за 10.09.2025",
        "Звонков: 20 (прерванных: 0)",
        "Без удержания: 19 из 20 — 95,0 % (цель 95 %: выполнена)",
        "Удержаний: 1; среднее 2 мин 30 с, самое долгое 2 мин 30 с; сверх лимита: 1",
        "Предупреждений о тишине: 1",
        "Предложения: озвучено в 2 из 3 звонков (66,7 %), принято 2 из 2 (100,0 %)",
        "Не предлагались: претензия клиента — 1, утеря телефона — 0, нет доступа к Siebel — 0",
    ]


def test_default_period_is_the_last_30_days(data_dir):
    _, out, _ = run(["--json"], data_dir, now=local(DAY + timedelta(days=29), 8))
    data = json.loads(out)
    assert (data["from"], data["to"], data["calls"]) == ("2025-09-10", "2025-10-09", 20)
    _, out, _ = run(["--json"], data_dir, now=local(DAY + timedelta(days=30), 8))
    assert json.loads(out)["calls"] == 0


def test_only_from_runs_to_today(data_dir):
    _, out, _ = run(["--from", "2025-09-01", "--json"], data_dir)
    data = json.loads(out)
    assert (data["from"], data["to"], data["calls"]) == ("2025-09-01", "2025-09-10", 21)


def test_csv_with_json(data_dir, tmp_path):
    target = tmp_path / "calls.csv"
    code, out, err = run(["--from", "2025-09-10", "--to", "2025-09-10", "--json", "--csv", str(target)], data_dir)
    assert code == 0
    json.loads(out)  # stdout stays pure JSON; the CSV note goes to stderr
    assert str(target) in err
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert len(rows) == 21
    assert rows[0][0] == "Начало"
    assert rows[1] == ["2025-09-10 09:00:00", "211", "завершён", "1", "150", "1", "0", "принято", "0", "", "", "", ""]
    assert rows[4][7] == "не предлагалось: претензия клиента"


def test_csv_with_text(data_dir, tmp_path):
    target = tmp_path / "calls.csv"
    code, out, _ = run(["--from", "2025-09-09", "--to", "2025-09-09", "--csv", str(target)], data_dir)
    assert code == 0 and "строк: 1" in out
    assert target.read_bytes().decode("utf-8-sig").count("\r\n") == 2


def test_no_journal_reports_empty_and_creates_nothing(tmp_path):
    root = tmp_path / "fresh"
    code, out, _ = run([], root)
    assert code == 0
    assert "Журнал пуст" in out
    assert not root.exists()
    code, out, _ = run(["--json"], root)
    assert json.loads(out)["calls"] == 0 and not root.exists()


def test_empty_period_text(data_dir):
    code, out, _ = run(["--from", "2025-01-01", "--to", "2025-01-31"], data_dir)
    assert code == 0
    assert out.splitlines() == ["Статистика за 01.01.2025 — 31.01.2025", "За период 01.01.2025 — 31.01.2025 звонков нет."]


def test_reversed_period(data_dir):
    code, _, err = run(["--from", "2025-09-10", "--to", "2025-09-01"], data_dir)
    assert code == 2 and "позже конца" in err


def test_bad_date_is_a_usage_error(data_dir, capsys):
    with pytest.raises(SystemExit) as info:
        main(["--from", "10/09/2025"], str(data_dir))
    assert info.value.code == 2
    assert "неверная дата" in capsys.readouterr().err


def test_damaged_journal_is_reported_and_left_alone(tmp_path):
    journal_file = UserPaths.resolve(tmp_path).journal_file
    journal_file.write_bytes(b"garbage" * 50)
    code, _, err = run([], tmp_path)
    assert code == 1 and "повреждён" in err
    assert journal_file.read_bytes() == b"garbage" * 50
    assert [p.name for p in tmp_path.iterdir()] == [journal_file.name]


def test_writes_to_real_stdout(data_dir, capsys):
    assert main(["--from", "2025-09-10", "--to", "2025-09-10", "--json"], str(data_dir)) == 0
    assert json.loads(capsys.readouterr().out)["calls"] == 20


def test_dates_are_local_days(data_dir):
    # The 23:59:59 / 00:00:00 split through the CLI as well.
    with Journal.open(UserPaths.resolve(data_dir).journal_file) as j:
        b = Builder(j)
        b.ids = (f"{n:032x}" for n in range(1000, 1010))
        b.call(local(DAY, 23, 59, 59))
        b.call(local(DAY + timedelta(days=1), 0, 0, 0))
    _, out, _ = run(["--from", "2025-09-11", "--to", "2025-09-11", "--json"], data_dir, now=local(DAY, 23, 0) + 86400)
    assert json.loads(out)["calls"] == 1
    _, out, _ = run(["--from", "2025-09-10", "--to", "2025-09-10", "--json"], data_dir)
    assert json.loads(out)["calls"] == 21
    assert datetime.fromtimestamp(local(DAY, 23, 59, 59)).date() == DAY


def test_data_dir_after_the_subcommand(data_dir, tmp_path):
    code, out, _ = run(["--data-dir", str(data_dir), "--from", "2025-09-10", "--to", "2025-09-10", "--json"], tmp_path / "other")
    assert code == 0 and json.loads(out)["calls"] == 20


def test_a_reader_that_leaves_early_gets_no_traceback(tmp_path):
    import subprocess
    import sys

    # The pipe's reader is gone before the command writes (as with `| head` on long output).
    with subprocess.Popen(
        [sys.executable, "-m", "operator_assist", "--data-dir", str(tmp_path), "demo", "--list"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as proc:
        proc.stdout.close()
        stderr = proc.stderr.read().decode()
    assert "Traceback" not in stderr and "BrokenPipeError" not in stderr


@pytest.fixture
def heard_dir(tmp_path):
    """Four calls whose words were checked (issue 26) and one whose were not."""
    root = tmp_path / "heard"
    with Journal.open(UserPaths.resolve(root).journal_file) as j:
        b = Builder(j)
        b.call(local(DAY, 9), holds=(30.0, 40.0), said={"before_hold": (True, False), "after_hold": (True, True),
               "summary": (True,), "farewell": (True,)}, forbidden=1)  # fmt: skip
        b.call(local(DAY, 10), holds=(20.0,), said={"before_hold": (True,), "after_hold": (False,), "summary": (False,),
               "farewell": (False,)}, forbidden=2)  # fmt: skip
        b.call(local(DAY, 11), said={"summary": (True,), "farewell": (True,)})
        b.call(local(DAY, 12), said={"summary": (False,), "farewell": (True,)})
        b.call(local(DAY, 13), holds=(10.0,))  # listening was off
    return root


def test_the_speech_checks_in_text_json_and_csv(heard_dir, tmp_path):
    code, out, _ = run(["--from", "2025-09-10", "--to", "2025-09-10"], heard_dir)
    assert code == 0
    assert out.splitlines()[-5:] == [
        "Речь оператора проверена в звонках: 4",
        "Фраза перед удержанием сказана: 66,7 % (2 из 3)",
        "Спасибо за ожидание: 66,7 % (2 из 3)",
        "Прощание полностью: 75,0 % (3 из 4)",
        "Запрещённые слова: 75,0 на 100 звонков (всего 3)",
    ]
    code, out, _ = run(["--from", "2025-09-10", "--to", "2025-09-10", "--json"], heard_dir)
    data = json.loads(out)
    assert {k: data[k] for k in ("speech_calls", "hold_phrase_share", "thanks_share", "farewell_share", "summary_share",
                                 "forbidden_words", "forbidden_per_100_calls")} == {
        "speech_calls": 4, "hold_phrase_share": 2 / 3, "thanks_share": 2 / 3, "farewell_share": 0.75, "summary_share": 0.5,
        "forbidden_words": 3, "forbidden_per_100_calls": 75.0,
    }  # fmt: skip
    target = tmp_path / "calls.csv"
    run(["--from", "2025-09-10", "--to", "2025-09-10", "--csv", str(target)], heard_dir)
    rows = list(csv.reader(io.StringIO(target.read_bytes().decode("utf-8-sig"), newline=""), delimiter=";"))
    assert rows[0][-4:] == ["Фраза перед удержанием", "Спасибо за ожидание", "Прощание полностью", "Запрещённых слов"]
    assert [row[-4:] for row in rows[1:]] == [
        ["1 из 2", "2 из 2", "да", "1"],
        ["1 из 1", "0 из 1", "нет", "2"],
        ["", "", "да", "0"],
        ["", "", "да", "0"],
        ["", "", "", ""],
    ]


def test_without_speech_checks_the_report_has_no_speech_lines(data_dir):
    code, out, _ = run(["--from", "2025-09-10", "--to", "2025-09-10"], data_dir)
    assert "Речь оператора" not in out
