"""The store: migrations, idempotent ingest, and all-or-nothing writes."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select, text

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
