"""The journal writer under a real full disk, a real lock and a read-only filesystem."""

from __future__ import annotations

import json
import subprocess
import sys
import time

from operator_assist.core.events import Event, EventKind
from operator_assist.core.journal import Journal
from operator_assist.core.journal_sink import JournalWriter

from .conftest import require_mount_namespace

FULL_DISK_SCRIPT = r'''
import json, os, sys, time
from pathlib import Path
from operator_assist.core.events import Event, EventKind
from operator_assist.core.journal_sink import JournalWriter

root = Path(sys.argv[1])
statuses = []
writer = JournalWriter(root / "journal.sqlite3", lambda kind, text: statuses.append([kind, text]))
writer.record(Event(EventKind.CALL_STARTED, 1.0, 1000.0, "c" * 32, {"role": "specialist"}))
assert writer.flush(10)
filler = root / "filler"
with open(filler, "wb", buffering=0) as stream:  # fill the disk for real
    try:
        while True:
            stream.write(b"\0" * 4096)
            stream.flush()
    except OSError:
        pass
longest = 0.0
sent = 0
deadline = time.monotonic() + 20
while not any(kind == "delayed" for kind, _ in statuses) and time.monotonic() < deadline:
    start = time.monotonic()
    writer.record(Event(EventKind.PHRASE_COPIED, 2.0 + sent, 1001.0 + sent, "c" * 32, {"phrase_id": f"p.n{sent}"}))
    longest = max(longest, time.monotonic() - start)
    sent += 1
    writer.flush(0.02)
pending_when_full = writer.pending
filler.unlink()  # free the disk
ok = writer.flush(20)
writer.close()
print(json.dumps({"statuses": statuses, "sent": sent, "pending_when_full": pending_when_full,
                  "flushed": ok, "longest_record_ms": longest * 1000}))
'''


def test_a_full_disk_delays_writes_says_so_and_loses_nothing(tmp_path):
    require_mount_namespace()
    root = tmp_path / "small"
    root.mkdir()
    script = tmp_path / "full_disk.py"
    script.write_text(FULL_DISK_SCRIPT, encoding="utf-8")
    result = subprocess.run(
        ["unshare", "-m", "sh", "-c", 'mount -t tmpfs -o size=256k tmpfs "$1" && "$2" "$3" "$1"; s=$?; '
         'cp "$1"/journal.sqlite3* "$4"/ 2>/dev/null; umount "$1"; exit $s',
         "sh", str(root), sys.executable, str(script), str(tmp_path)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert ["delayed", "диск заполнен"] in report["statuses"]
    assert report["statuses"][-1] == ["recovered", None]
    assert report["pending_when_full"] >= 1 and report["flushed"]
    assert report["longest_record_ms"] < 1000  # record() never waits on the disk (that would be its retries' seconds)
    with Journal.open(tmp_path / "journal.sqlite3") as journal:
        copied = [e.data.get("phrase_id") for e in journal.events() if e.kind is EventKind.PHRASE_COPIED]
    assert copied == [f"p.n{i}" for i in range(report["sent"])]  # all, in order


def test_the_writer_waits_out_a_real_exclusive_lock_in_order(tmp_path, exclusive_lock):
    path = tmp_path / "journal.sqlite3"
    statuses = []
    writer = JournalWriter(path, lambda kind, text: statuses.append((kind, text)))
    writer.record(Event(EventKind.CALL_STARTED, 1.0, 1000.0, "c" * 32, {"role": "specialist"}))
    assert writer.flush(10)
    lock = exclusive_lock(path)
    longest = 0.0
    for n in range(20):
        start = time.monotonic()
        writer.record(Event(EventKind.PHRASE_COPIED, 2.0 + n, 1001.0 + n, "c" * 32, {"phrase_id": f"p.n{n}"}))
        longest = max(longest, time.monotonic() - start)
    assert not writer.flush(0.5)
    assert ("delayed", "журнал занят другой программой") in statuses
    lock.release()
    assert writer.flush(10)
    assert statuses[-1] == ("recovered", None)
    writer.close()
    assert longest < 1.0  # never waited out the lock (it was held until after the loop)
    with Journal.open(path) as journal:
        copied = [e.data["phrase_id"] for e in journal.events() if e.kind is EventKind.PHRASE_COPIED]
        assert copied == [f"p.n{n}" for n in range(20)]


def test_a_journal_from_a_newer_program_is_a_notice_and_record_never_blocks(tmp_path, logged_errors):
    import sqlite3

    path = tmp_path / "journal.sqlite3"
    db = sqlite3.connect(path)
    db.execute("PRAGMA user_version = 99")
    db.close()
    statuses = []
    writer = JournalWriter(path, lambda kind, text: statuses.append((kind, text)))
    start = time.monotonic()
    writer.record(Event(EventKind.CALL_STARTED, 1.0, 1000.0, "c" * 32, {"role": "specialist"}))
    assert time.monotonic() - start < 1.0  # queued, not written: the writer's thread meets the newer file
    deadline = time.monotonic() + 10
    while not writer.unusable and time.monotonic() < deadline:
        time.sleep(0.01)  # bounded wait for the writer thread to give up
    writer.record(Event(EventKind.CALL_ENDED, 2.0, 1001.0, "c" * 32, {"duration": 1.0}))
    (unsaved,) = tmp_path.glob("journal.sqlite3.unsaved-*.jsonl")  # set aside at once: a kill now loses nothing
    assert [line.count('"kind"') for line in unsaved.read_text(encoding="utf-8").splitlines()] == [1, 1]
    assert writer.close(timeout=1.0)  # nothing lost: set aside for a program that can write it
    assert statuses[0][0] == "notice" and "более новой версией" in statuses[0][1]


STATS_SCRIPT = r'''
mount --bind "$1" "$1" && mount -o remount,ro,bind "$1" && "$2" -m operator_assist stats --data-dir "$1" --json
'''


def test_stats_reads_a_journal_on_a_read_only_filesystem(tmp_path):
    require_mount_namespace()
    data = tmp_path / "data"
    data.mkdir()
    from tests.builders import Builder

    with Journal.open(data / "journal.sqlite3") as journal:
        now = time.time()
        builder = Builder(journal)
        builder.call(now - 600)
        builder.call(now - 300)
    result = subprocess.run(
        ["unshare", "-m", "sh", "-c", STATS_SCRIPT, "sh", str(data), sys.executable],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    stats = json.loads(result.stdout)
    assert stats["calls"] == 2, stats
