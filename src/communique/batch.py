"""Batch: many articles, each matched to the statement of the library it reports on, checked against it
and stored — in this process, or on a Dask cluster.

Articles are read in chunks of ``chunk_size`` (memory stays flat whatever the input's length). Within a
chunk each article is matched (``match.Matcher``); the articles that report the same statement are
checked together and stored as one run. Articles already checked (by content hash) are skipped, so a
batch that stopped can be run again and goes on where it stopped. An article that cannot be read or
checked is recorded (``Store.errors``) and the batch goes on.

On Dask (``workers=N`` starts a local cluster of N one-thread workers; ``scheduler=ADDRESS`` uses a running
one) each chunk is one task; a worker loads the models and indexes the library once, for all its tasks.
Only the main process writes to the store. The results do not depend on where a chunk ran.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from .errors import CommuniqueError, InputError
from .ingest import document_from_bytes, read_document
from .match import LibraryStatement, Matcher, MatchResult
from .models import Document
from .segment import Limits, check_limits
from .settings import Options

DOCUMENT_SUFFIXES = {".txt", ".md", ".html", ".htm", ".pdf"}


@dataclass(frozen=True, slots=True)
class ArticleInput:
    """An article to check, with where and when it was published when the input says so."""

    document: Document
    outlet: str | None = None
    published: str | None = None


@dataclass(frozen=True, slots=True)
class BadInput:
    """An input that could not be read, and why."""

    path: str
    error: str
    sha256: str = ""


@dataclass(frozen=True, slots=True)
class Group:
    """Articles of one chunk that report the same statement, and the contract JSON of their check."""

    statement_id: int
    articles: tuple[int, ...]  # indexes into the chunk
    result: dict[str, Any]


@dataclass(frozen=True, slots=True)
class ChunkResult:
    groups: tuple[Group, ...]
    matches: tuple[MatchResult, ...]  # one per article of the chunk
    errors: tuple[tuple[int, str], ...]  # (index, message)


@dataclass(slots=True)
class Summary:
    read: int = 0
    skipped: int = 0
    checked: int = 0
    unmatched: int = 0
    errors: int = 0
    runs: list[int] = field(default_factory=list)
    by_statement: dict[int, int] = field(default_factory=dict)
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


# --- reading inputs ---------------------------------------------------------------------------------


def _capped_lines(fh: BinaryIO, max_bytes: int) -> Iterator[bytes | None]:
    """The lines of ``fh``, never holding more than ``max_bytes`` of one: a longer line is ``None`` and
    its rest is skipped in pieces; a line that goes on past twice the cap (``/dev/zero``) ends the read."""
    while line := fh.readline(max_bytes + 1):
        if len(line) <= max_bytes or line.endswith(b"\n"):
            yield line
            continue
        skipped = len(line)
        while line and not line.endswith(b"\n"):
            line = fh.readline(1 << 20)
            skipped += len(line)
            if skipped > 2 * max_bytes:
                raise InputError(
                    f"a line goes on past {2 * max_bytes / 1e6:.0f} MB: the rest of the file is not read"
                )
        yield None


def _jsonl_rows(path: Path, max_bytes: int) -> Iterator[ArticleInput | BadInput]:
    folder = path.parent.resolve()
    with path.open("rb") as fh:
        lines = enumerate(_capped_lines(fh, max_bytes), 1)
        n = 0
        while True:
            try:
                n, raw = next(lines)
            except StopIteration:
                return
            except InputError as exc:  # the line after ``n`` never ends
                yield BadInput(f"{path}:{n + 1}", exc.message)
                return
            if raw is None:
                yield BadInput(f"{path}:{n}", f"line over the {max_bytes / 1e6:.0f} MB limit")
                continue
            if not raw.strip():
                continue
            where = f"{path}:{n}"
            try:
                row = json.loads(raw)
                if not isinstance(row, dict):
                    raise ValueError
            except ValueError:
                yield BadInput(where, "not a JSON object")
                continue
            outlet = str(row["outlet"]) if row.get("outlet") else None
            published = str(row["published"]) if row.get("published") else None
            name = str(row.get("id") or row.get("url") or row.get("path") or where)
            try:
                if "text" in row:
                    doc = document_from_bytes(str(row["text"]).encode("utf-8"), name, max_bytes=max_bytes)
                elif "url" in row:
                    doc = _fetch(str(row["url"]), max_bytes)
                elif "path" in row:
                    # a path is read only inside the JSONL file's folder (links resolved first)
                    target = path.parent / str(row["path"])
                    if not target.resolve().is_relative_to(folder):
                        yield BadInput(where, f"{row['path']}: lies outside the folder of {path.name}")
                        continue
                    doc = read_document(target, max_bytes=max_bytes)
                else:
                    yield BadInput(where, "needs one of text, url or path")
                    continue
            except CommuniqueError as exc:
                yield BadInput(where, exc.message)
                continue
            if row.get("title"):
                doc = dataclasses.replace(doc, title=str(row["title"]))
            yield ArticleInput(doc, outlet, published or doc.date)


def _fetch(url: str, max_bytes: int) -> Document:
    from .ingest.fetch import fetch

    body, final = fetch(url, max_bytes=max_bytes)
    return document_from_bytes(body, final, max_bytes=max_bytes)


def _folder(path: Path, max_bytes: int) -> Iterator[ArticleInput | BadInput]:
    """A folder's articles: a corpus folder (manifest.json) gives its articles, with their days and
    outlets; folders of corpora are walked; other files are articles."""
    manifest = path / "manifest.json"
    if manifest.exists():
        from .pipeline import load_corpus  # the one manifest reader (paths kept inside the folder)

        try:
            corpus = load_corpus(path)
        except CommuniqueError as exc:
            yield BadInput(str(manifest), exc.message)
            return
        for file, a in zip(corpus.articles, corpus.manifest.get("articles", []), strict=True):
            yield from _file(file, max_bytes, a.get("outlet"), a.get("published"))
        return
    for child in sorted(path.iterdir()):
        if child.is_dir():
            yield from _folder(child, max_bytes)
        elif child.suffix.lower() in DOCUMENT_SUFFIXES:
            yield from _file(child, max_bytes, None, None)


def _file(path: Path, max_bytes: int, outlet: Any, published: Any) -> Iterator[ArticleInput | BadInput]:
    try:
        doc = read_document(path, max_bytes=max_bytes)
    except CommuniqueError as exc:
        yield BadInput(str(path), exc.message)
        return
    yield ArticleInput(doc, str(outlet) if outlet else None, str(published) if published else doc.date)


def _is_url_list(path: Path) -> bool:
    """A ``.urls`` or ``.list`` file, or a ``.txt`` file whose first lines are single words (no prose)
    of which at least one is an http(s) URL. Its lines that are not http(s) URLs are recorded as bad."""
    suffix = path.suffix.lower()
    if suffix in {".urls", ".list"}:
        return True
    if suffix != ".txt" or not path.is_file():
        return False
    with path.open("rb") as fh:
        head = fh.read(4096).decode("utf-8", "replace")
    lines = [ln.strip() for ln in head.splitlines() if ln.strip() and not ln.startswith("#")][:20]
    return (
        bool(lines)
        and all(len(ln.split()) == 1 for ln in lines)
        and any(ln.startswith(("http://", "https://")) for ln in lines)
    )


def read_inputs(paths: Sequence[Path], max_bytes: int) -> Iterator[ArticleInput | BadInput]:
    """Articles from folders, JSONL files (rows with ``text``, ``url`` or ``path``, and optionally
    ``id``, ``title``, ``outlet``, ``published``), files listing URLs (one a line), or article files."""
    for path in paths:
        if not path.exists():
            raise InputError(f"{path}: no such file or folder")
        if path.is_dir():
            yield from _folder(path, max_bytes)
        elif path.suffix.lower() == ".jsonl":
            yield from _jsonl_rows(path, max_bytes)
        elif _is_url_list(path):
            yield from _url_rows(path, max_bytes)
        else:
            yield from _file(path, max_bytes, None, None)


MAX_URL_LINE = 8192


def _url_rows(path: Path, max_bytes: int) -> Iterator[ArticleInput | BadInput]:
    """The pages a URL list names, one a line; a line that is not an http(s) URL is recorded as bad."""
    with path.open("rb") as fh:
        n = 0
        lines = _capped_lines(fh, MAX_URL_LINE)
        while True:
            try:
                raw = next(lines)
            except StopIteration:
                return
            except InputError as exc:
                yield BadInput(f"{path}:{n + 1}", exc.message)
                return
            n += 1
            if raw is None:
                yield BadInput(f"{path}:{n}", f"line over {MAX_URL_LINE:,} bytes")
                continue
            url = raw.decode("utf-8", "replace").strip()
            if not url or url.startswith("#"):
                continue
            if not url.startswith(("http://", "https://")):
                yield BadInput(f"{path}:{n}", f"not an http or https URL: {url[:200]}")
                continue
            try:
                yield ArticleInput(_fetch(url, max_bytes))
            except CommuniqueError as exc:
                yield BadInput(url, exc.message)


def count_inputs(paths: Sequence[Path]) -> int | None:
    """How many articles the inputs hold (for a progress bar), without reading them; None if unknown."""
    total = 0
    for path in paths:
        if path.is_dir():
            for manifest in path.rglob("manifest.json"):
                try:
                    total += len(json.loads(manifest.read_text("utf-8")).get("articles", []))
                except (ValueError, OSError, AttributeError):
                    return None
            if not any(path.rglob("manifest.json")):
                total += sum(1 for p in path.rglob("*") if p.suffix.lower() in DOCUMENT_SUFFIXES)
        elif path.is_file() and (path.suffix.lower() == ".jsonl" or _is_url_list(path)):
            with path.open("rb") as fh:
                total += sum(1 for line in fh if line.strip() and not line.startswith(b"#"))
        elif path.is_file():
            total += 1
        else:
            return None
    return total


# --- the work of one chunk, wherever it runs ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LibraryPayload:
    """What a worker needs of the library: the statements (as documents and as the matcher reads them)
    and their issuers. ``key`` names this version of the library, so a worker indexes it once."""

    key: str
    statements: tuple[LibraryStatement, ...]
    documents: dict[int, Document]


def library_payload(statements: Sequence[LibraryStatement], documents: dict[int, Document]) -> LibraryPayload:
    digest = hashlib.sha256()
    for s in statements:
        digest.update(f"{s.id}:{documents[s.id].sha256}:{s.date}:{s.issuers}:{s.round};".encode())
    return LibraryPayload(digest.hexdigest()[:16], tuple(statements), documents)


_WORKER: dict[str, Any] = {}


def _engine(options: Options, payload: LibraryPayload) -> tuple[Any, Matcher]:
    """The process's checker and the library's matcher, built once per process (and library)."""
    from .pipeline import Checker

    key = (options, payload.key)
    if _WORKER.get("key") != key:
        checker = _WORKER.get("checker")
        if checker is None or checker.options != options:
            checker = Checker(options)
        matcher = Matcher(payload.statements, checker.embedder)
        _WORKER.update(key=key, checker=checker, matcher=matcher)
    return _WORKER["checker"], _WORKER["matcher"]


def run_chunk(options: Options, payload: LibraryPayload, articles: Sequence[ArticleInput]) -> ChunkResult:
    """Match each article of a chunk and check it against its statement; one article's failure is
    reported with its index and does not stop the others."""
    checker, matcher = _engine(options, payload)
    limits = Limits(options.max_paragraphs, options.max_sentences, options.max_tokens)
    matches: list[MatchResult] = []
    errors: list[tuple[int, str]] = []
    todo: dict[int, list[int]] = {}
    for i, a in enumerate(articles):
        try:
            check_limits(a.document, limits)  # the matcher reads the whole text: only what a check may
            m = matcher.match(a.document.text, a.published, a.document.title)
        except Exception as exc:  # one article's failure, whatever it is, is recorded; the others go on
            errors.append((i, failure(exc)))
            m = MatchResult((), None, "not matched: " + failure(exc))
        matches.append(m)
        if m.best is not None:
            todo.setdefault(m.best.statement_id, []).append(i)
    groups = []
    by_id = {s.id: s for s in payload.statements}
    for sid, idxs in todo.items():
        source = payload.documents[sid]
        parties = list(by_id[sid].issuers) or None

        try:
            groups.append(_check_group(checker, sid, source, articles, idxs, parties))
        except Exception:
            # find the article that fails, or record them all when the statement itself fails; check the
            # others
            for i in idxs:
                try:
                    groups.append(_check_group(checker, sid, source, articles, [i], parties))
                except Exception as exc:
                    errors.append((i, f"statement {sid}: {failure(exc)}"))
    return ChunkResult(tuple(groups), tuple(matches), tuple(errors))


def failure(exc: BaseException) -> str:
    """One line for a failure: our own errors' message, or an unexpected error's type and message."""
    if isinstance(exc, CommuniqueError):
        return exc.message
    text = " ".join(str(exc).split())[:300]
    return f"unexpected {type(exc).__name__}" + (f": {text}" if text else "")


def _check_group(
    checker: Any,
    sid: int,
    source: Document,
    articles: Sequence[ArticleInput],
    idxs: list[int],
    parties: list[str] | None,
) -> Group:
    from .report import result_to_dict

    result = checker.check(source, [articles[i].document for i in idxs], parties=parties)
    return Group(sid, tuple(idxs), result_to_dict(result))


def prepare_worker(options: Options, payload: LibraryPayload) -> None:
    """Load the models and index the library in this process (a no-op when done for this library)."""
    checker, _ = _engine(options, payload)
    _ = checker.nlp, checker.embedder


def set_worker_threads(threads: int) -> None:
    """One process's share of the cores: torch's intra-op threads (OpenMP waits passively, see
    ``communique/__init__``)."""
    import torch

    torch.set_num_threads(max(1, threads))


# --- the runner ---------------------------------------------------------------------------------------


Progress = Callable[[int, int | None, str], None]


def _chunks(items: Iterable[ArticleInput | BadInput], size: int) -> Iterator[list[ArticleInput | BadInput]]:
    chunk: list[ArticleInput | BadInput] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


class Batch:
    """Match, check and store many articles against a store's library.

    ``workers`` > 0 starts a local Dask cluster of that many one-thread workers; ``scheduler`` connects
    to a running one; neither: the work is done in this process.
    """

    def __init__(
        self,
        store: Any,
        options: Options,
        *,
        chunk_size: int = 16,
        workers: int = 0,
        scheduler: str | None = None,
        threads_per_worker: int = 1,
        client: Any = None,
    ) -> None:
        """``client``: a Dask client the caller manages (kept open after the run)."""
        if chunk_size < 1:
            raise InputError("the chunk size must be at least 1")
        self.store = store
        self.options = options
        self.chunk_size = chunk_size
        self.workers = workers
        self.scheduler = scheduler
        self.threads_per_worker = threads_per_worker
        self._external = client

    def _payload(self) -> LibraryPayload:
        from .library import Library

        lib = Library(self.store)
        statements = lib.statements()
        if not statements:
            raise InputError(
                "the library is empty", hint="add statements first: communique library add FILE|DIR..."
            )
        return library_payload(statements, {s.id: lib.document(s.id) for s in statements})

    def run(
        self,
        inputs: Iterable[ArticleInput | BadInput],
        *,
        progress: Progress | None = None,
        total: int | None = None,
    ) -> Summary:
        started = time.perf_counter()
        payload = self._payload()
        self._documents = payload.documents
        self._seen: set[str] = set()  # digests of this run's articles (64 bytes each)
        summary = Summary()
        tick = progress or (lambda done, total, label: None)
        client = self._external or self._client()
        try:
            submit = self._submitter(client, payload)
            pending: list[tuple[Any, list[ArticleInput]]] = []
            limit = max(2, 2 * max(1, self.workers or (1 if client is None else 2)))
            for chunk in _chunks(inputs, self.chunk_size):
                fresh = self._fresh(chunk, summary)
                tick(summary.read, total, "reading")
                if fresh:
                    pending.append((submit(fresh), fresh))
                # bounded: never more than a few chunks in flight (memory stays flat)
                while len(pending) >= limit or (pending and client is None):
                    self._collect(*pending.pop(0), summary)
                    tick(summary.read, total, "checking")
            while pending:
                self._collect(*pending.pop(0), summary)
                tick(summary.read, total, "checking")
        finally:
            if client is not None and self._external is None:
                client.close()
                cluster = getattr(self, "_cluster", None)
                if cluster is not None:
                    cluster.close()
        summary.seconds = round(time.perf_counter() - started, 2)
        return summary

    def _fresh(self, chunk: list[ArticleInput | BadInput], summary: Summary) -> list[ArticleInput]:
        """The chunk's readable articles not checked before, in an earlier run or earlier in this one."""
        summary.read += len(chunk)
        good: list[ArticleInput] = []
        for item in chunk:
            if isinstance(item, BadInput):
                summary.errors += 1
                self.store.record_error(item.sha256, item.path, item.error)
            else:
                good.append(item)
        done = self.store.checked_articles([a.document.sha256 for a in good])
        seen = self._seen
        fresh = []
        for a in good:
            if a.document.sha256 in done or a.document.sha256 in seen:
                summary.skipped += 1
                continue
            seen.add(a.document.sha256)
            fresh.append(a)
        return fresh

    def _client(self) -> Any:
        if not self.workers and not self.scheduler:
            return None
        try:
            from distributed import Client, LocalCluster
        except ImportError:  # pragma: no cover - a dependency
            raise InputError("Dask is not installed", hint="pip install 'dask[distributed]'") from None
        if self.scheduler:
            return Client(self.scheduler)  # type: ignore[no-untyped-call]
        self._cluster = LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=self.workers,
            threads_per_worker=self.threads_per_worker,
            processes=True,
            dashboard_address=None,
            env={"OMP_WAIT_POLICY": "PASSIVE", "OMP_NUM_THREADS": str(self.threads_per_worker)},
        )
        return Client(self._cluster)  # type: ignore[no-untyped-call]

    def _submitter(self, client: Any, payload: LibraryPayload) -> Callable[[list[ArticleInput]], Any]:
        if client is None:
            return lambda chunk: run_chunk(self.options, payload, chunk)
        client.run(set_worker_threads, self.threads_per_worker)
        # every worker loads the models and indexes the library now, at once, not inside its first task
        client.run(prepare_worker, self.options, payload)
        shared = client.scatter(payload, broadcast=True)
        options = self.options
        return lambda chunk: client.submit(run_chunk, options, shared, chunk, pure=False)

    def _collect(self, job: Any, chunk: list[ArticleInput], summary: Summary) -> None:
        from .store import ArticleOrigin

        try:
            out: ChunkResult = job if isinstance(job, ChunkResult) else job.result()
        except Exception as exc:  # a worker died or the task failed: every article of it is recorded
            for a in chunk:
                summary.errors += 1
                self.store.record_error(a.document.sha256, a.document.path, f"{type(exc).__name__}: {exc}")
            return
        for i, message in out.errors:
            summary.errors += 1
            self.store.record_error(chunk[i].document.sha256, chunk[i].document.path, message)
        summary.unmatched += sum(1 for m in out.matches if m.best is None)
        sources = self._documents
        for g in out.groups:
            arts = [chunk[i] for i in g.articles]
            origins = {
                a.document.path: ArticleOrigin(
                    a.outlet or ArticleOrigin.of(a.document).outlet, a.published or a.document.date
                )
                for a in arts
            }
            run_id = self.store.save_json(
                sources[g.statement_id],
                [a.document for a in arts],
                g.result,
                {**dataclasses.asdict(self.options), "batch": True, "statement_id": g.statement_id},
                origins=origins,
            )
            summary.runs.append(run_id)
            summary.checked += len(arts)
            summary.by_statement[g.statement_id] = summary.by_statement.get(g.statement_id, 0) + len(arts)
