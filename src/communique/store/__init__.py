"""Store: SQLAlchemy models behind one session factory; SQLite by default, PostgreSQL for teams.

Every write happens in one transaction: a check run and its findings land
whole or not at all. Documents are keyed by the SHA-256 of their bytes, so
storing the same file twice is a no-op. The schema is created and upgraded
by Alembic migrations shipped in the package.
"""

from __future__ import annotations

import ast
import dataclasses
import functools
import hashlib
import re
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import Engine, create_engine, event, make_url, select
from sqlalchemy.exc import ArgumentError, DataError, IntegrityError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from ..errors import BusyError, DuplicateError, InputError, KeyReuseError, NotFoundError, StoreError
from ..models import CheckResult, Document, Segmented
from ..settings import Options, default_db_path
from .models import (
    Base,
    BatchErrorRow,
    CheckRunRow,
    CommitmentRow,
    DocumentRow,
    EvidenceEventRow,
    EvidenceRow,
    FindingRow,
    IdempotencyRow,
    RunArticleRow,
    SentenceRow,
    StatementRow,
    TokenRow,
)

#: Ids are 32-bit integers in every supported database; a larger one names no row.
MAX_ID = 2**31 - 1


def get_row(session: Session, cls: type[Any], ident: int, what: str, hint: str | None = None) -> Any:
    """The row of ``cls`` with id ``ident``, or ``NotFoundError`` (also for ids no database holds)."""
    row = session.get(cls, ident) if isinstance(ident, int) and 1 <= ident <= MAX_ID else None
    if row is None:
        raise NotFoundError(f"no {what} with id {ident}", hint=hint)
    return row


@dataclasses.dataclass(frozen=True, slots=True)
class ArticleOrigin:
    """Where an article was published and when: its outlet (a manifest's or a JSONL row's ``outlet``,
    else the site name its page's metadata gives, else its URL's host) and its day, YYYY-MM-DD."""

    outlet: str | None = None
    published: str | None = None

    @classmethod
    def of(cls, doc: Document) -> ArticleOrigin:
        """The outlet the page's metadata names (its site name), else the host of its URL (without
        www.), and the day the text gives."""
        host = urlsplit(doc.path).hostname if "://" in doc.path else None
        if host and host.startswith("www."):
            host = host[4:]
        return cls(outlet=doc.site or host, published=doc.date)


def content_key(text: str) -> str:
    """A document's identity by its words: the SHA-256 of its text with every line ending made LF, blank
    space at line ends dropped and the whole trimmed. The same article saved with CRLF or LF, or pasted
    with or without a final line break, has one key."""
    lines = re.split(r"\r\n?|\n", text)
    return hashlib.sha256("\n".join(line.rstrip() for line in lines).strip().encode("utf-8")).hexdigest()


def manifest_origins(articles: Sequence[Path], manifest: dict[str, Any]) -> dict[str, ArticleOrigin]:
    """The outlet and day a corpus manifest gives each of its articles (``outlet``, ``published``), by
    the path the article is read from."""
    entries = [e for e in manifest.get("articles", []) if isinstance(e, dict)]
    return {
        str(path): ArticleOrigin(
            outlet=str(e["outlet"]) if e.get("outlet") else None,
            published=str(e["published"]) if e.get("published") else None,
        )
        for path, e in zip(articles, entries, strict=False)
    }


@dataclasses.dataclass(frozen=True, slots=True)
class IdempotencyKey:
    """A client's ``Idempotency-Key`` for one write: who sent it (``scope``), where, and a digest of
    what was sent, so a retry of the same request is recognised and a different one refused."""

    scope: str
    endpoint: str
    key: str
    request_sha256: str


__all__ = [
    "ArticleOrigin",
    "Base",
    "BatchErrorRow",
    "CheckRunRow",
    "CommitmentRow",
    "DocumentRow",
    "EvidenceEventRow",
    "EvidenceRow",
    "FindingRow",
    "IdempotencyKey",
    "IdempotencyRow",
    "RunArticleRow",
    "SentenceRow",
    "StatementRow",
    "Store",
    "TokenRow",
    "content_key",
    "database_url",
    "manifest_origins",
]


def database_url(db: str | Path | None) -> str:
    """A URL as given, a file path as SQLite, or the default file in the user data directory."""
    if not db:
        path = default_db_path()
    elif "://" in str(db):
        return str(db)
    else:
        path = Path(db).expanduser()
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


def _connect_args(url: str) -> dict[str, Any]:
    # the web server answers from worker threads: SQLite connections may move between them
    return {"check_same_thread": False} if url.startswith("sqlite") else {}


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


# Alembic's command API keeps its context in module globals: one migration at a time per process
_MIGRATING = threading.Lock()


_REVISION = re.compile(r"^(revision|down_revision)\s*(?::[^=\n]*)?=\s*(.+)$", re.MULTILINE)


@functools.lru_cache(maxsize=1)
def head_revisions() -> frozenset[str]:
    """The newest migrations (those no other one revises), read from the shipped scripts' text: knowing
    them needs no Alembic, whose import and script loading cost a read-only command most of its time."""
    revisions: set[str] = set()
    revised: set[str] = set()
    for path in (Path(__file__).parent / "migrations" / "versions").glob("*.py"):
        for key, value in _REVISION.findall(path.read_text(encoding="utf-8")):
            parsed = ast.literal_eval(value.strip())
            names = {parsed} if isinstance(parsed, str) else set(parsed or ())
            (revisions if key == "revision" else revised).update(names)
    return frozenset(revisions - revised)


def _at_head(engine: Engine) -> bool:
    """Whether the database already has the newest schema (False when unsure: Alembic then decides)."""
    try:
        with engine.connect() as conn:
            found = {str(r[0]) for r in conn.exec_driver_sql("SELECT version_num FROM alembic_version")}
    except SQLAlchemyError:
        return False
    return bool(found) and found == head_revisions()


def migrate(engine: Engine) -> None:
    """Upgrade the schema to the newest migration (Alembic, scripts shipped in the package); a database
    already at the newest one is left alone without starting Alembic."""
    if _at_head(engine):
        return
    from alembic import command
    from alembic.config import Config

    here = Path(__file__).parent
    cfg = Config()
    cfg.set_main_option("script_location", str(here / "migrations"))
    cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    with _MIGRATING, engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def _shown(url: str) -> str:
    """A database URL fit for a message: without its password."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return "(the configured URL)"


def _reason(exc: SQLAlchemyError) -> str:
    """The driver's one-line reason, never the SQL statement or its parameters (which hold user text)."""
    orig = getattr(exc, "orig", None)
    lines = str(orig if orig is not None else exc).strip().splitlines()
    first = lines[0][:300] if lines else ""
    return f"{type(orig if orig is not None else exc).__name__}: {first}" if first else type(exc).__name__


def _confidence(value: Any) -> float | None:
    """A sentence's ``confidence`` from the check JSON as stored: a number from 0 to 1, else None (absent
    for sentences that are not flagged, and in JSON written before the checker gave it)."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0.0 <= value <= 1.0:
        return None
    return float(value)


class Store:
    """The project's database. ``Store(":memory:")`` or a path or URL; ``None`` for the default file."""

    def __init__(self, db: str | Path | None = None) -> None:
        url = "sqlite://" if db == ":memory:" else database_url(db)
        try:
            if db == ":memory:":  # one shared connection, or every session would see a new empty database
                self.engine = create_engine(
                    url, poolclass=StaticPool, connect_args={"check_same_thread": False}
                )
            else:
                self.engine = create_engine(url, future=True, connect_args=_connect_args(url))
            if self.engine.dialect.name == "sqlite":
                event.listen(self.engine, "connect", _sqlite_pragmas)
            migrate(self.engine)
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot open the database {_shown(url)}: {_reason(exc)}") from None
        except OSError as exc:
            raise StoreError(f"cannot open the database {_shown(url)}: {exc}") from None
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @classmethod
    def from_options(cls, options: Options) -> Store:
        return cls(options.db or None)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One transaction: committed on success, rolled back on any error."""
        session = self._sessions()
        try:
            with session.begin():
                yield session
        except IntegrityError as exc:
            raise DuplicateError(f"database write refused: {_reason(exc)}") from None
        except OperationalError as exc:
            if "locked" in str(exc.orig) or "could not serialize" in str(exc.orig):
                raise BusyError(f"the database is busy: {_reason(exc)}") from None
            raise StoreError(f"database write failed: {_reason(exc)}") from None
        except DataError as exc:  # a value the database cannot hold (PostgreSQL: a NUL in a text)
            raise InputError(f"the database refused a value: {_reason(exc)}") from None
        except SQLAlchemyError as exc:
            raise StoreError(f"database write failed: {_reason(exc)}") from None
        except UnicodeEncodeError:  # SQLite's driver cannot encode a lone surrogate
            raise InputError("a text holds a character that cannot be stored (a lone surrogate)") from None
        finally:
            session.close()

    # --- documents ------------------------------------------------------------------------------------

    def document_row(self, session: Session, doc: Document, seg: Segmented | None = None) -> DocumentRow:
        """The row of ``doc`` in this session, created if new (the same bytes always give one row)."""
        return self._document(session, doc, seg)

    def _document(self, session: Session, doc: Document, seg: Segmented | None = None) -> DocumentRow:
        row = session.scalar(select(DocumentRow).where(DocumentRow.sha256 == doc.sha256))
        key = content_key(doc.text)
        if row is None:
            # the same words stored from other bytes (a paste of an uploaded file, a final line break
            # more or less): one document, as long as every offset into the text stays the same
            row = next(
                (
                    r
                    for r in session.scalars(select(DocumentRow).where(DocumentRow.content_sha256 == key))
                    if r.text.rstrip() == doc.text.rstrip()
                ),
                None,
            )
        if row is None:
            row = DocumentRow(
                content_sha256=key,
                sha256=doc.sha256,
                path=doc.path,
                title=doc.title,
                date=doc.date,
                format=doc.format,
                encoding=doc.encoding,
                text=doc.text,
            )
            session.add(row)
            session.flush()
        if seg is not None and not row.sentences:
            for s in seg.sentences:
                row.sentences.append(
                    SentenceRow(idx=s.index, start=s.start, end=s.end, paragraph=s.paragraph, kind=s.kind)
                )
        return row

    def add_document(self, doc: Document, seg: Segmented | None = None) -> int:
        """Store a document (and its sentences); the same bytes twice give the same id."""
        with self.session() as s:
            return self._document(s, doc, seg).id

    def documents(self, limit: int = 100) -> list[dict[str, Any]]:
        """Stored documents, newest first (without their text)."""
        with self.session() as s:
            rows = s.execute(
                select(
                    DocumentRow.id, DocumentRow.path, DocumentRow.title, DocumentRow.date, DocumentRow.format
                )
                .order_by(DocumentRow.id.desc())
                .limit(limit)
            ).all()
            return [{"id": r[0], "path": r[1], "title": r[2], "date": r[3], "format": r[4]} for r in rows]

    def count_documents(self) -> int:
        with self.session() as s:
            return len(s.scalars(select(DocumentRow.id)).all())

    # --- check runs -----------------------------------------------------------------------------------

    # --- idempotent writes ------------------------------------------------------------------------------

    def replay(self, key: IdempotencyKey) -> dict[str, Any] | None:
        """What the write made with ``key`` stored, or None; ``KeyReuseError`` if it was another request."""
        with self.session() as s:
            row = s.scalar(
                select(IdempotencyRow).where(
                    IdempotencyRow.scope == key.scope,
                    IdempotencyRow.endpoint == key.endpoint,
                    IdempotencyRow.key == key.key,
                )
            )
            if row is None:
                return None
            if row.request_sha256 != key.request_sha256:
                raise KeyReuseError(
                    f"the Idempotency-Key {key.key!r} was used before for a different request",
                    hint="use a new key for a new request",
                )
            return dict(row.response)

    @staticmethod
    def remember(session: Session, key: IdempotencyKey | None, response: dict[str, Any]) -> None:
        """Record ``key`` in the write's own transaction (a concurrent write of it fails as a duplicate)."""
        if key is not None:
            session.add(
                IdempotencyRow(
                    scope=key.scope,
                    endpoint=key.endpoint,
                    key=key.key,
                    request_sha256=key.request_sha256,
                    response=response,
                )
            )
            session.flush()

    def save_check(
        self,
        result: CheckResult,
        result_json: dict[str, Any],
        options: Options,
        idempotency: IdempotencyKey | None = None,
        origins: dict[str, ArticleOrigin] | None = None,
        on_replay: Callable[[], None] | None = None,
    ) -> int:
        """Store a run, its documents and findings in one transaction; returns the run id. ``origins``
        gives articles' outlets and days by path (else a URL's host and the text's date).

        With ``idempotency``, the key is stored in the same transaction: a retry of a write that landed
        gets the stored run's id back (also when two arrive at once; ``on_replay`` is then called), and a
        write that did not land left nothing behind."""
        return int(
            self.retrying(
                lambda: self._save_check(result, result_json, options, idempotency, origins),
                lambda: self.replay(idempotency) if idempotency is not None else None,
                "run_id",
                on_replay,
            )
        )

    def retrying(
        self,
        write: Callable[[], int],
        replay: Callable[[], dict[str, Any] | None],
        field: str,
        on_replay: Callable[[], None] | None = None,
    ) -> int:
        """Run a write transaction, again when a concurrent writer got in first: a unique key it took
        (the same document stored at once), or a lock it held. A replayed idempotent write answers
        with what was stored the first time (and calls ``on_replay``)."""
        for attempt in range(6):
            try:
                return write()
            except DuplicateError:
                hit = replay()
                if hit is not None:
                    if on_replay is not None:
                        on_replay()
                    return int(hit[field])
                if attempt == 5:
                    raise
            except BusyError:
                if attempt == 5:
                    raise
            time.sleep(0.05 * 2**attempt)
        raise AssertionError("unreachable")

    def _save_check(
        self,
        result: CheckResult,
        result_json: dict[str, Any],
        options: Options,
        idempotency: IdempotencyKey | None,
        origins: dict[str, ArticleOrigin] | None = None,
    ) -> int:
        settings = {**dataclasses.asdict(options), "checks": {k: dict(v) for k, v in result.checks.items()}}
        return self._save(
            result.source.document,
            [a.article.document for a in result.articles],
            result_json,
            settings,
            idempotency,
            source_seg=result.source,
            article_segs=[a.article for a in result.articles],
            origins=origins,
        )

    def save_json(
        self,
        source: Document,
        articles: list[Document],
        result_json: dict[str, Any],
        settings: dict[str, Any],
        idempotency: IdempotencyKey | None = None,
        origins: dict[str, ArticleOrigin] | None = None,
    ) -> int:
        """Store a run from its contract JSON and its documents alone (what a batch worker sends back)."""
        return int(
            self.retrying(
                lambda: self._save(source, articles, result_json, settings, idempotency, origins=origins),
                lambda: self.replay(idempotency) if idempotency is not None else None,
                "run_id",
            )
        )

    def _save(
        self,
        source: Document,
        articles: list[Document],
        result_json: dict[str, Any],
        settings: dict[str, Any],
        idempotency: IdempotencyKey | None,
        *,
        source_seg: Segmented | None = None,
        article_segs: list[Segmented] | None = None,
        origins: dict[str, ArticleOrigin] | None = None,
    ) -> int:
        origins = origins or {}
        with self.session() as s:
            src = self._document(s, source, source_seg)
            run = CheckRunRow(
                source_id=src.id,
                schema=str(result_json.get("schema", "")),
                settings=settings,
                result=result_json,
            )
            s.add(run)
            for n, (doc, art_json) in enumerate(zip(articles, result_json["articles"], strict=True)):
                art = self._document(s, doc, article_segs[n] if article_segs else None)
                given, found = origins.get(doc.path) or ArticleOrigin(), ArticleOrigin.of(doc)
                art.outlet = art.outlet or given.outlet or found.outlet
                art.published = art.published or given.published or found.published
                if all(ra.article_id != art.id for ra in run.articles):
                    run.articles.append(
                        RunArticleRow(article_id=art.id, omitted=len(art_json.get("omitted_paragraphs", [])))
                    )
                for cj in art_json["sentences"]:
                    run.findings.append(
                        FindingRow(
                            article_id=art.id,
                            start=cj["start"],
                            end=cj["end"],
                            kind=cj["kind"],
                            verdict=cj["verdict"],
                            explanation=cj["explanation"],
                            details={k: cj[k] for k in ("evidence", "quotes", "issues")},
                            confidence=_confidence(cj.get("confidence")),
                        )
                    )
            s.flush()
            self.remember(s, idempotency, {"run_id": run.id})
            return run.id

    def name_outlet(self, run_id: int, outlet: str) -> int:
        """Give the articles of a run that have no outlet yet, and no URL to name one, this outlet (what a
        person says of the files and texts they checked); returns how many were named."""
        with self.session() as s:
            run: CheckRunRow = get_row(s, CheckRunRow, run_id, "check run")
            named = 0
            for ra in run.articles:
                doc = s.get(DocumentRow, ra.article_id)
                if doc is not None and not doc.outlet and "://" not in doc.path:
                    doc.outlet = outlet
                    named += 1
            return named

    def checked_articles(self, digests: list[str]) -> set[str]:
        """Which of these article digests some stored run has already checked."""
        found: set[str] = set()
        with self.session() as s:
            for i in range(0, len(digests), 500):
                chunk = digests[i : i + 500]
                rows = s.execute(
                    select(DocumentRow.sha256)
                    .join(FindingRow, FindingRow.article_id == DocumentRow.id)
                    .where(DocumentRow.sha256.in_(chunk))
                    .distinct()
                ).all()
                found.update(r[0] for r in rows)
        return found

    def article_summaries(self) -> list[dict[str, Any]]:
        """Every checked article once, as its latest run found it: outlet, day, omitted paragraphs and
        the count of its sentences by kind and verdict (``counts``: {(kind, verdict): n})."""
        from sqlalchemy import and_, func

        with self.session() as s:
            latest = (
                select(RunArticleRow.article_id, func.max(RunArticleRow.run_id).label("run_id"))
                .group_by(RunArticleRow.article_id)
                .subquery()
            )
            heads = s.execute(
                select(
                    DocumentRow.id,
                    DocumentRow.outlet,
                    DocumentRow.published,
                    DocumentRow.date,
                    DocumentRow.path,
                    RunArticleRow.omitted,
                    RunArticleRow.run_id,
                )
                .join(latest, latest.c.article_id == DocumentRow.id)
                .join(
                    RunArticleRow,
                    and_(
                        RunArticleRow.article_id == latest.c.article_id,
                        RunArticleRow.run_id == latest.c.run_id,
                    ),
                )
            ).all()
            counts = s.execute(
                select(FindingRow.article_id, FindingRow.kind, FindingRow.verdict, func.count())
                .join(
                    latest,
                    and_(latest.c.article_id == FindingRow.article_id, latest.c.run_id == FindingRow.run_id),
                )
                .group_by(FindingRow.article_id, FindingRow.kind, FindingRow.verdict)
            ).all()
        by_article: dict[int, dict[tuple[str, str | None], int]] = {}
        for art_id, kind, verdict, n in counts:
            by_article.setdefault(art_id, {})[(kind, verdict)] = int(n)
        return [
            {
                "article_id": h[0],
                "outlet": h[1],
                "published": h[2] or h[3],
                "path": h[4],
                "omitted": h[5],
                "run_id": h[6],
                "counts": by_article.get(h[0], {}),
            }
            for h in heads
        ]

    def record_error(self, sha256: str, path: str, error: str) -> None:
        with self.session() as s:
            s.add(BatchErrorRow(sha256=sha256, path=path, error=error[:2000]))

    def errors(self, limit: int = 100) -> list[dict[str, Any]]:
        with self.session() as s:
            rows = s.scalars(select(BatchErrorRow).order_by(BatchErrorRow.id.desc()).limit(limit)).all()
            return [{"sha256": r.sha256, "path": r.path, "error": r.error} for r in rows]

    # --- API tokens ---------------------------------------------------------------------------------

    def create_token(self, name: str) -> str:
        """A new API token; only its hash is stored, so this is the one time it can be shown."""
        import secrets

        token = "cq_" + secrets.token_urlsafe(32)
        with self.session() as s:
            s.add(TokenRow(name=name, sha256=hashlib.sha256(token.encode()).hexdigest()))
        return token

    def check_token(self, token: str | None) -> bool:
        if not token:
            return False
        digest = hashlib.sha256(token.encode()).hexdigest()
        with self.session() as s:
            row = s.scalar(select(TokenRow).where(TokenRow.sha256 == digest))
            return row is not None and not row.revoked

    def token_name(self, token: str | None) -> str | None:
        """The name a valid, unrevoked token was created with (who is writing), else None."""
        if not token:
            return None
        digest = hashlib.sha256(token.encode()).hexdigest()
        with self.session() as s:
            row = s.scalar(select(TokenRow).where(TokenRow.sha256 == digest))
            return row.name if row is not None and not row.revoked else None

    def tokens(self) -> list[dict[str, Any]]:
        with self.session() as s:
            rows = s.scalars(select(TokenRow).order_by(TokenRow.id)).all()
            return [
                {
                    "id": r.id,
                    "name": r.name,
                    "created_at": r.created_at.isoformat() if r.created_at else None,
                    "revoked": r.revoked,
                }
                for r in rows
            ]

    def revoke_token(self, token_id: int) -> None:
        with self.session() as s:
            get_row(s, TokenRow, token_id, "token").revoked = True

    def runs(self, limit: int = 20) -> list[dict[str, Any]]:
        with self.session() as s:
            rows = s.execute(
                select(CheckRunRow.id, CheckRunRow.created_at, DocumentRow.path, DocumentRow.title)
                .join(DocumentRow, DocumentRow.id == CheckRunRow.source_id)
                .order_by(CheckRunRow.id.desc())
                .limit(limit)
            ).all()
            return [
                {"id": r[0], "created_at": r[1].isoformat() if r[1] else None, "source": r[2], "title": r[3]}
                for r in rows
            ]

    def run_with_source(self, run_id: int) -> tuple[dict[str, Any], str]:
        """A stored run's result and the text of its source (that its offsets index)."""
        with self.session() as s:
            row = get_row(s, CheckRunRow, run_id, "check run")
            data: dict[str, Any] = dict(row.result)
            source: dict[str, Any] = data["source"]
            text = source.get("text")
            if not text:
                doc = s.get(DocumentRow, row.source_id)
                text = doc.text if doc is not None else ""
            return data, str(text)

    def run_result(self, run_id: int) -> dict[str, Any]:
        with self.session() as s:
            row = get_row(s, CheckRunRow, run_id, "check run")
            return dict(row.result)
