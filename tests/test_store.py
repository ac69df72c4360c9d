"""The store: migrations, idempotent ingest, and all-or-nothing writes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, func, inspect, select, text

from communique import store as store_module
from communique.errors import StoreError
from communique.ingest import document_from_text
from communique.report import result_to_dict
from communique.settings import Options
from communique.store import CheckRunRow, DocumentRow, FindingRow, Store


@pytest.fixture()
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "t.db")


def _count(store: Store, table: type) -> int:
    with store.session() as s:
        return int(s.scalar(select(func.count()).select_from(table)) or 0)


def test_same_bytes_twice_is_one_document(store: Store) -> None:
    doc = document_from_text("The two sides agreed to meet again.", "a.txt")
    assert store.add_document(doc) == store.add_document(doc)
    assert store.count_documents() == 1


def test_runs_survive_reopening(tmp_path: Path, sample_result) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "r.db"
    run_id = Store(db).save_check(sample_result, result_to_dict(sample_result), Options())
    again = Store(db)
    assert again.run_result(run_id)["schema"] == "communique.check/1"
    assert [r["id"] for r in again.runs()] == [run_id]


def test_a_crash_mid_write_leaves_nothing_half_written(store: Store, sample_result, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    data = result_to_dict(sample_result)
    calls = {"n": 0}
    real = FindingRow.__init__

    def exploding_init(self, *a, **kw):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 40:  # well into the findings
            raise RuntimeError("simulated crash")
        real(self, *a, **kw)

    monkeypatch.setattr(FindingRow, "__init__", exploding_init)
    with pytest.raises(RuntimeError):
        store.save_check(sample_result, data, Options())
    monkeypatch.undo()
    assert _count(store, CheckRunRow) == 0
    assert _count(store, FindingRow) == 0
    assert _count(store, DocumentRow) == 0
    # and the store still works afterwards
    store.save_check(sample_result, data, Options())
    assert _count(store, CheckRunRow) == 1


def test_unknown_run_is_a_store_error(store: Store) -> None:
    with pytest.raises(StoreError):
        store.run_result(999)


def test_unopenable_database_is_a_store_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreError):
        Store(f"sqlite:///{blocker}/nested/db.sqlite")


def test_content_key_ignores_line_endings_and_trailing_blank_space() -> None:
    from communique.store import content_key

    text = "Headline\n\nThe two sides agreed.  \nMore text."
    assert content_key(text) == content_key(text.replace("\n", "\r\n") + "\r\n\r\n")
    assert content_key(text) == content_key(text.replace("\n", "\r"))
    assert content_key(text) != content_key(text.replace("agreed", "agree"))
    assert content_key(text) != content_key(
        "Headline\nThe two sides agreed.\nMore text."
    )  # a paragraph break counts


def test_the_same_words_from_other_bytes_are_one_document() -> None:
    store = Store(":memory:")
    first = store.add_document(document_from_text("Headline\n\nThe two sides agreed.", "upload.txt"))
    assert (
        store.add_document(document_from_text("Headline\n\nThe two sides agreed.\n", "pasted-1.txt")) == first
    )
    # the same words with CRLF would index other offsets: kept apart so every stored offset stays true
    assert (
        store.add_document(document_from_text("Headline\r\n\r\nThe two sides agreed.", "crlf.txt")) != first
    )


def test_manifest_origins_give_outlets_and_days() -> None:
    from communique.store import ArticleOrigin, manifest_origins

    manifest = {
        "articles": [{"file": "a.txt", "outlet": "Dawn", "published": "2026-01-05"}, {"file": "b.txt"}]
    }
    got = manifest_origins([Path("c/a.txt"), Path("c/b.txt")], manifest)
    assert got == {"c/a.txt": ArticleOrigin("Dawn", "2026-01-05"), "c/b.txt": ArticleOrigin(None, None)}


def test_a_named_outlet_goes_to_a_runs_articles_without_one() -> None:
    from communique.store import ArticleOrigin

    store = Store(":memory:")
    src = document_from_text("Statement\n\nThe two sides agreed.", "s.txt")
    arts = [
        document_from_text("Report one\n\nThey agreed.", "one.txt"),
        document_from_text("Report two\n\nThey agreed.", "https://news.example/two"),
        document_from_text("Report three\n\nThey agreed.", "three.txt"),
    ]
    data = {"articles": [{"sentences": [], "omitted_paragraphs": []} for _ in arts]}
    run = store.save_json(src, arts, data, {}, origins={"three.txt": ArticleOrigin("Wire")})
    assert store.name_outlet(run, "Desk paste") == 1
    outlets = {a["path"]: a["outlet"] for a in store.article_summaries()}
    assert outlets == {
        "one.txt": "Desk paste",
        "https://news.example/two": "news.example",
        "three.txt": "Wire",
    }


def test_head_revisions_read_from_the_scripts_are_alembics_heads() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from communique.store import head_revisions

    cfg = Config()
    cfg.set_main_option("script_location", str(Path(store_module.__file__).parent / "migrations"))
    assert head_revisions() == frozenset(ScriptDirectory.from_config(cfg).get_heads())


def test_a_database_at_the_newest_schema_opens_without_alembic(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import alembic.command

    db = tmp_path / "m.db"
    Store(db)  # created and migrated
    calls: list[str] = []
    monkeypatch.setattr(alembic.command, "upgrade", lambda cfg, rev: calls.append(rev))
    Store(db).add_document(document_from_text("The two sides met.", "a.txt"))
    assert calls == []
    with Store(db).session() as s:  # an older schema is upgraded
        s.execute(text("UPDATE alembic_version SET version_num = '0001_initial'"))
    Store(db)
    assert calls == ["head"]


def _alembic(url: str) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(Path(store_module.__file__).parent / "migrations"))
    cfg.set_main_option("sqlalchemy.url", url)
    return cfg


def test_migration_0007_adds_a_nullable_confidence_to_findings_and_takes_it_away(tmp_path: Path) -> None:
    from alembic import command

    url = f"sqlite:///{tmp_path / 'old.db'}"
    cfg = _alembic(url)
    command.upgrade(cfg, "0006_content_key")
    engine = create_engine(url)
    with engine.begin() as conn:  # a run stored before the revision
        conn.execute(
            text(
                "INSERT INTO documents (id, sha256, path, format, encoding, text) "
                "VALUES (1, 'a', 'a.txt', 'txt', 'utf-8', 'The sides agreed.')"
            )
        )
        conn.execute(text("INSERT INTO check_runs (id, source_id, schema, result) VALUES (1, 1, 'x', '{}')"))
        conn.execute(
            text(
                'INSERT INTO findings (run_id, article_id, start, "end", kind, verdict) '
                "VALUES (1, 1, 0, 17, 'claim', 'unsupported')"
            )
        )
    assert "confidence" not in {c["name"] for c in inspect(engine).get_columns("findings")}

    def keys_and_indexes() -> list[str]:
        found = inspect(engine)
        return sorted(map(repr, [*found.get_indexes("findings"), *found.get_foreign_keys("findings")]))

    before = keys_and_indexes()
    Store(url)  # opening the store upgrades it
    columns = {c["name"]: c for c in inspect(engine).get_columns("findings")}
    assert columns["confidence"]["nullable"]
    with Store(url).session() as s:  # the old finding reads as it was, without a confidence
        (old,) = s.scalars(select(FindingRow)).all()
        assert old.verdict == "unsupported" and old.confidence is None
    command.downgrade(cfg, "0006_content_key")
    assert "confidence" not in {c["name"] for c in inspect(engine).get_columns("findings")}
    # SQLite drops a column by copying the table: its indexes and foreign keys come back as they were
    assert keys_and_indexes() == before
    with engine.connect() as conn:  # and the finding is still there
        assert conn.execute(text("SELECT verdict FROM findings")).scalar() == "unsupported"
    engine.dispose()


def test_a_saved_run_keeps_each_sentences_confidence(store: Store) -> None:
    source = document_from_text("Statement\n\nThe two sides agreed to meet in 2027.", "s.txt")
    body = "Report\n\nThe two sides agreed to meet in 2028. They met."
    sentences = [
        {"start": 8, "end": 44, "kind": "claim", "verdict": "contradicted", "confidence": 0.896},
        {"start": 45, "end": 54, "kind": "claim", "verdict": "supported"},  # not flagged: none given
        {"start": 0, "end": 6, "kind": "heading", "verdict": None, "confidence": "high"},  # not a number
    ]
    data = {
        "articles": [
            {
                "sentences": [
                    {"explanation": None, "evidence": [], "quotes": [], "issues": [], **s} for s in sentences
                ],
                "omitted_paragraphs": [],
            }
        ]
    }
    store.save_json(source, [document_from_text(body, "r.txt")], data, {})
    with store.session() as s:
        stored = s.scalars(select(FindingRow).order_by(FindingRow.id)).all()
        assert [f.confidence for f in stored] == [0.896, None, None]


def test_a_checked_run_stores_the_confidence_its_json_gives(store: Store, sample_result) -> None:  # type: ignore[no-untyped-def]
    data = result_to_dict(sample_result)
    store.save_check(sample_result, data, Options())
    given = [s.get("confidence") for a in data["articles"] for s in a["sentences"]]
    assert any(c is not None for c in given)  # the sample has flags, each with its confidence
    with store.session() as s:
        assert s.scalars(select(FindingRow.confidence).order_by(FindingRow.id)).all() == given
