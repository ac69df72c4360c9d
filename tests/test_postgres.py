"""The store on a real PostgreSQL server: migrations, runs, the library, concurrent writers and a
concurrent batch.

The set-up starts a throwaway server on 127.0.0.1 from Debian's ``postgresql`` binaries, installing them
with apt-get when they are missing and the tests run as root (as the browser tests do with Chromium);
otherwise the tests are skipped with the reason. The server runs as the ``postgres`` user when the tests
run as root.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from _system import apt_install
from communique import Checker, Options
from communique.batch import Batch, read_inputs
from communique.library import Library
from communique.report import result_to_dict
from communique.store import DocumentRow, StatementRow, Store

pytest.importorskip("psycopg")


def _bin_dir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


def _ensure_postgres() -> Path:
    apt_install("postgresql", lambda: _bin_dir() is not None, "PostgreSQL")
    found = _bin_dir()
    assert found is not None
    return found


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def pg_url() -> Iterator[str]:
    bindir = _ensure_postgres()
    as_root = os.geteuid() == 0
    if as_root and not shutil.which("runuser"):
        pytest.skip("running as root without runuser: cannot start PostgreSQL as the postgres user")
    data = Path(tempfile.mkdtemp(prefix="communique-pg-"))
    if as_root:
        shutil.chown(data, "postgres", "postgres")
    prefix = ["runuser", "-u", "postgres", "--"] if as_root else []
    port = _free_port()

    def run(*args: str) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run([*prefix, *args], capture_output=True, timeout=120)

    init = run(str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "-E", "UTF8")
    if init.returncode != 0:
        pytest.skip(f"initdb failed: {init.stderr.decode(errors='replace')[-200:]}")
    opts = f"-p {port} -k {data} -c listen_addresses=127.0.0.1 -c max_connections=60 -c fsync=off"
    start = run(str(bindir / "pg_ctl"), "-D", str(data), "-o", opts, "-l", str(data / "log"), "-w", "start")
    if start.returncode != 0:
        pytest.skip(f"PostgreSQL did not start: {start.stderr.decode(errors='replace')[-200:]}")
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        run(str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(data, ignore_errors=True)


@pytest.fixture()
def pg_store(pg_url: str) -> Store:
    store = Store(pg_url)
    # a clean slate for each test: drop every table and migrate again
    from sqlalchemy import text

    with store.engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    return Store(pg_url)


def test_migrations_and_runs_round_trip(pg_store: Store, sample_result, checker: Checker) -> None:  # type: ignore[no-untyped-def]
    data = result_to_dict(sample_result)
    run_id = pg_store.save_check(sample_result, data, checker.options)
    assert pg_store.run_result(run_id) == data
    assert pg_store.runs(5)[0]["id"] == run_id
    again = Store(pg_store.engine.url.render_as_string(hide_password=False))  # migrating twice is a no-op
    assert again.run_result(run_id)["schema"] == data["schema"]


def test_stored_confidence_filters_and_sorts_flagged_claims(pg_store: Store) -> None:
    """findings.confidence (migration 0007) on PostgreSQL, which puts NULLs first in a descending
    order where SQLite puts them last: claims without a confidence come last either way."""
    from communique.ingest import document_from_text
    from communique.store.flagged import FlaggedQuery, flagged_claims

    body = "Report\n\nThey agreed in 2028. They demanded calm. They met twice.\n"
    sentences = [("They agreed in 2028.", 0.896), ("They demanded calm.", 0.545), ("They met twice.", None)]
    data = {
        "schema": "communique.check/1",
        "source": {"path": "s.txt", "paragraphs": []},
        "articles": [
            {
                "path": "r.txt",
                "sentences": [
                    {
                        "start": body.index(t),
                        "end": body.index(t) + len(t),
                        "kind": "claim",
                        "verdict": "unsupported",
                        "explanation": None,
                        "evidence": [],
                        "quotes": [],
                        "issues": [],
                        **({"confidence": c} if c is not None else {}),
                    }
                    for t, c in sentences
                ],
                "omitted_paragraphs": [],
            }
        ],
    }
    source = document_from_text("Statement\n\nThey agreed in 2027.", "s.txt")
    pg_store.save_json(source, [document_from_text(body, "r.txt")], data, {})
    down = flagged_claims(pg_store, FlaggedQuery(sort="-confidence"))
    up = flagged_claims(pg_store, FlaggedQuery(sort="confidence"))
    assert [c.confidence for c in down.claims] == [0.896, 0.545, None]
    assert [c.confidence for c in up.claims] == [0.545, 0.896, None]
    assert [c.text for c in flagged_claims(pg_store, FlaggedQuery(min_confidence=0.6)).claims] == [
        "They agreed in 2028."
    ]


def test_concurrent_writers_lose_and_duplicate_nothing(
    pg_store: Store,
    sample_result,  # type: ignore[no-untyped-def]
    checker: Checker,
) -> None:
    data = result_to_dict(sample_result)
    ids: list[int] = []
    errors: list[BaseException] = []

    def write() -> None:
        try:
            for _ in range(3):
                ids.append(pg_store.save_check(sample_result, data, checker.options))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=write) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert len(set(ids)) == 24  # every acknowledged run stored, once
    docs = 1 + len(sample_result.articles)
    with pg_store.session() as s:
        assert s.scalar(select(func.count()).select_from(DocumentRow)) == docs  # no document twice
    assert all(pg_store.run_result(i) == data for i in ids[:3])


def test_concurrent_library_adds_store_one_statement(pg_store: Store, corpus: Path, nlp) -> None:  # type: ignore[no-untyped-def]
    lib = Library(pg_store, nlp)
    out: list[int] = []

    def add() -> None:
        out.extend(a.entry.id for a in lib.add([corpus]))

    threads = [threading.Thread(target=add) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(out) == 6 and len(set(out)) == 1
    with pg_store.session() as s:
        assert s.scalar(select(func.count()).select_from(StatementRow)) == 1


def test_concurrent_batches_on_postgres(pg_store: Store, shared: Path, tmp_path: Path, nlp) -> None:  # type: ignore[no-untyped-def]
    packs = shared / "eval" / "packs"
    roots = []
    for name in ("cpfmsd-7", "ceasefire-mediators"):
        shutil.copytree(packs / name, tmp_path / name)
        roots.append(tmp_path / name)
    Library(pg_store, nlp).add(roots)
    opts = Options(progress=False, db=str(pg_store.engine.url.render_as_string(hide_password=False)))
    summaries = []

    def run(root: Path) -> None:
        summaries.append(Batch(Store(opts.db), opts, chunk_size=2).run(read_inputs([root], opts.max_bytes)))

    threads = [threading.Thread(target=run, args=(r,)) for r in roots]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(summaries) == 2 and all(s.errors == 0 for s in summaries)
    checked = sum(s.checked for s in summaries)
    assert checked >= 4
    articles = [a.document.sha256 for r in roots for a in read_inputs([r], opts.max_bytes)]  # type: ignore[union-attr]
    assert len(pg_store.checked_articles(articles)) == checked
    # a second pass finds everything done
    again = Batch(pg_store, opts).run(read_inputs(roots, opts.max_bytes))
    assert again.checked == 0 and again.skipped == checked


def test_a_nul_in_a_text_is_one_clear_error_without_the_sql(pg_store: Store) -> None:
    """PostgreSQL refuses NUL in text: that was a 503 echoing the SQL statement and its parameters."""
    from communique.errors import InputError

    with pytest.raises(InputError) as refused:
        pg_store.create_token("name with a \x00 inside")
    message = str(refused.value)
    assert message.startswith("the database refused a value:") and "NUL" in message
    assert "INSERT" not in message and "inside" not in message
