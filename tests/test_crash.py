"""Crash safety: a writer killed with SIGKILL in the middle of storing runs leaves no half-written run,
loses nothing it acknowledged, and — retried with the same idempotency keys — duplicates nothing.

The writer is a separate process that stores one large check (hundreds of findings a run) again and
again, each under its own key, printing a key once its transaction has committed. The test kills it at
random moments (most of its time is spent inside write transactions), restarts it on the keys not yet
acknowledged, and at the end reads the database back."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

WRITER = r"""
import sys
from communique import Checker, Options
from communique.ingest import document_from_text
from communique.report import result_to_dict
from communique.store import IdempotencyKey, Store

db, keys = sys.argv[1], sys.argv[2:]
source = "Joint Statement\n\nThe two sides agreed to build a new railway by 2027.\n"
article = "\n\n".join(f"Report {i}. The two sides agreed to build a new railway by 2027." for i in range(150))
checker = Checker(Options(progress=False, use_embeddings=False))
result = checker.check(document_from_text(source, "s.txt"), [document_from_text(article, "a.txt")])
data = result_to_dict(result)
store = Store(db)
print("ready", flush=True)
for key in keys:
    run_id = store.save_check(result, data, Options(), IdempotencyKey("crash-test", "check", key, "0" * 64))
    print(f"ack {key} {run_id}", flush=True)
"""


def _run_writer(db: Path, keys: list[str], kill_after: int | None, rng: random.Random) -> dict[str, int]:
    """Start the writer on ``keys``; kill it with SIGKILL a random moment after ``kill_after`` acks."""
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db), *keys],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "COMMUNIQUE_PROGRESS": "0"},
    )
    assert proc.stdout is not None
    acked: dict[str, int] = {}
    try:
        for line in proc.stdout:
            if line.startswith("ack "):
                _, key, run_id = line.split()
                acked[key] = int(run_id)
                if kill_after is not None and len(acked) >= kill_after:
                    time.sleep(rng.uniform(0.0, 0.03))  # land inside the next write transaction
                    os.kill(proc.pid, signal.SIGKILL)
                    break
    finally:
        proc.wait(timeout=120)
    return acked


def test_kill_mid_write_loses_and_duplicates_nothing(tmp_path: Path) -> None:
    db = tmp_path / "crash.db"
    rng = random.Random(11)
    keys = [f"job-{i}" for i in range(12)]
    acked: dict[str, int] = {}
    kills = 0
    for _ in range(3):  # three crashes at random points, each followed by a retry of the rest
        pending = [k for k in keys if k not in acked]
        got = _run_writer(db, pending, kill_after=rng.randint(1, 3), rng=rng)
        kills += 1
        for key, run_id in got.items():
            assert acked.setdefault(key, run_id) == run_id
    # the client retries everything it has no acknowledgement for, with the same keys
    got = _run_writer(db, [k for k in keys if k not in acked], kill_after=None, rng=rng)
    acked.update(got)
    assert kills == 3 and set(acked) == set(keys)

    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        runs = dict(con.execute("SELECT id, json_extract(result, '$.articles[0].sentences') FROM check_runs"))
        findings = dict(con.execute("SELECT run_id, count(*) FROM findings GROUP BY run_id"))
        keyed = dict(con.execute("SELECT key, json_extract(response, '$.run_id') FROM idempotency_keys"))
    finally:
        con.close()
    # nothing duplicated: one run per key, and each key names its run
    assert len(runs) == len(keys) and keyed == acked
    # nothing acknowledged lost, and no run half-written: every run has all of its findings
    import json

    for run_id in acked.values():
        assert run_id in runs
        assert findings.get(run_id) == len(json.loads(runs[run_id])) > 100
    assert set(findings) == set(runs)
