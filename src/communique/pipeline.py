"""The library API: ingest → segment → analyze → align → verify → report, in one object.

``Checker`` loads the models once and checks any number of sources and
articles; the CLI, the API and the benchmarks all call it.
"""

from __future__ import annotations

import dataclasses
import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import coverage
from .align import CLAUSE_EVIDENCE, Candidate, Need, Passage, SourceIndex, merge_evidence
from .analyze import acts_of, analyze, clause_spans, content_terms, list_terms, parse_sentences, parties_of
from .errors import InputError
from .ingest import document_from_text, document_from_url, read_document, read_file, url_of
from .models import ArticleCheck, CheckResult, Document, Provision, Segmented, Sentence, SentenceCheck
from .nlp import embed, load_embedder, load_spacy
from .quotes import quotation_runs
from .segment import Limits, check_limits, segment, segment_many
from .settings import Options
from .timex import parse_date
from .verify import VerifyContext, merge_config, verify_sentence
from .verify.context import CheckConfig

Progress = Callable[[str, int, int], None]


def _no_progress(step: str, done: int, total: int) -> None:
    return None


@dataclass(frozen=True, slots=True)
class Corpus:
    """A folder with a ``manifest.json``: one source, its articles, and what the manifest says."""

    root: Path
    source: Path
    articles: tuple[Path, ...]
    manifest: dict[str, Any] = field(default_factory=dict)


def load_corpus(root: str | Path) -> Corpus:
    root = Path(root)
    man = root / "manifest.json"
    if not root.is_dir():
        raise InputError(f"{root}: not a folder")
    if not man.exists():
        raise InputError(
            f"{root}: no manifest.json in this folder",
            hint="give SOURCE ARTICLE... files, or add a manifest (see docs/corpus.md)",
        )
    try:
        data = json.loads(read_file(man, 5_000_000).decode("utf-8"))
        source = root / data["source"]["file"]
        articles = tuple(root / a["file"] for a in data.get("articles", []))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"{man}: not valid JSON ({exc})") from None
    except (KeyError, TypeError):
        raise InputError(f"{man}: needs source.file and articles[].file") from None
    for p in (source, *articles):
        if not p.resolve().is_relative_to(root.resolve()):
            raise InputError(f"{man}: {p} lies outside the corpus folder")
    return Corpus(root=root, source=source, articles=articles, manifest=data)


@dataclass(frozen=True, slots=True)
class _Source:
    """A source ready to check articles against: segmented, analysed, indexed, embedded."""

    segmented: Segmented
    provisions: tuple[Provision, ...]
    index: SourceIndex
    ctx: VerifyContext


# Pairs checked together in pairs mode (their summaries parsed and embedded in one batch).
PAIRS_BATCH = 32
# How many prepared sources a Checker keeps (least recently used goes first).
SOURCE_CACHE = 16
# How many segmented and parsed articles a Checker keeps.
ARTICLE_CACHE = 32


class Checker:
    """Loads models once; checks sources against articles."""

    def __init__(self, options: Options | None = None, *, checks: CheckConfig | None = None) -> None:
        """``checks`` overrides the verification checks' settings (``communique.verify.default_config``)."""
        self.options = options or Options()
        self.check_config = merge_config(checks)
        self._nlp: Any = None
        self._embedder: Any = None
        self._loading: threading.Thread | None = None
        self._load_error: BaseException | None = None
        self._sources: OrderedDict[tuple[Any, ...], _Source] = OrderedDict()
        self._articles: OrderedDict[tuple[str, str], Segmented] = OrderedDict()
        self._cache_lock = threading.Lock()
        self._phrases: dict[str, Any] = {}
        self._vectors: Any = None  # the embedding model through the on-disk vector cache, once made
        self._limits = Limits(
            self.options.max_paragraphs, self.options.max_sentences, self.options.max_tokens
        )

    @property
    def nlp(self) -> Any:
        if self._nlp is None:
            self._nlp = load_spacy(self.options.spacy_model)
        return self._nlp

    @property
    def embedder(self) -> Any:
        loading = self._loading
        if loading is not None:
            loading.join()
            self._loading = None
            if self._load_error is not None:
                error, self._load_error = self._load_error, None
                raise error
        if self._embedder is None and self.options.use_embeddings:
            self._embedder = load_embedder(self.options.embedding_model, self.options.device)
        return self._embedder

    def preload(self) -> None:
        """Start loading the embedding model in a background thread while the caller reads and segments
        its inputs (which need only spaCy); the first use of ``embedder`` waits for it, and raises the
        error it met, if any."""
        if self._embedder is not None or self._loading is not None or not self.options.use_embeddings:
            return

        def load() -> None:
            try:
                self._embedder = load_embedder(self.options.embedding_model, self.options.device)
            except BaseException as exc:  # handed to the thread that uses the model
                self._load_error = exc

        self._loading = threading.Thread(target=load, name="communique-load-embedder", daemon=True)
        self._loading.start()

    def _similarity(self, a: str, b: str) -> float:
        """Cosine similarity of two short phrases' embeddings (each phrase encoded once per Checker)."""
        vecs = self._encode_phrases([a, b])
        return 0.0 if vecs is None else float(vecs[0] @ vecs[1])

    def _encode_phrases(self, texts: Sequence[str]) -> Any:
        """Vectors of short phrases in one encode call for those not seen before (cached per Checker);
        None for no phrases, or without an embedding model."""
        if not texts:
            return None
        missing = list(dict.fromkeys(t for t in texts if t not in self._phrases))
        if missing:
            rows = embed(self.embedder, missing)
            if rows is None:
                return None
            for t, v in zip(missing, rows, strict=True):
                self._phrases[t] = v
        got = [self._phrases.get(t) for t in texts]
        vecs = [v for v in got if v is not None]
        if len(vecs) < len(got):  # evicted meanwhile by another thread: encode them all again
            return embed(self.embedder, list(texts))
        while len(self._phrases) > 8192:  # oldest first; another thread may have taken it already
            self._phrases.pop(next(iter(self._phrases), ""), None)
        import numpy as np

        return np.vstack(vecs)

    def clear_cache(self, *, sources: bool = True) -> None:
        """Forget the parsed articles and encoded phrases, and the prepared sources unless ``sources`` is
        False (the models stay loaded)."""
        with self._cache_lock:
            if sources:
                self._sources.clear()
            self._articles.clear()
            self._phrases.clear()

    def _prepare(self, source: Document, parties: Sequence[str] | None) -> _Source:
        """The source segmented, parsed, analysed, indexed and embedded: done once per source text and
        kept for the next ``SOURCE_CACHE`` checks (many articles, or pairs, against one statement)."""
        key = (source.text, source.format, source.date, tuple(parties) if parties is not None else None)
        with self._cache_lock:
            hit = self._sources.get(key)
            if hit is not None:
                self._sources.move_to_end(key)
        if hit is not None:
            return dataclasses.replace(
                hit,
                segmented=dataclasses.replace(hit.segmented, document=source),
                ctx=dataclasses.replace(hit.ctx, config=self.check_config, options=self.options),
            )
        src = self.segment(source)
        docs = parse_sentences(src, self.nlp)
        who = parties_of(list(docs.values())[:60], parties)
        provisions = analyze(src, self.nlp, parties=who, docs=docs, encode=self._encoder())
        index = SourceIndex.for_source(src, self._source_encoder())
        ctx = VerifyContext.build(
            src,
            self.options,
            parties=who,
            provisions=provisions,
            source_docs=docs,
            config=self.check_config,
            anchor=parse_date(source.date),
            similarity=self._similarity if self.embedder is not None else None,
            encode=self._encoder(),
        )
        prepared = _Source(src, provisions, index, ctx)
        with self._cache_lock:
            self._sources[key] = prepared
            while len(self._sources) > SOURCE_CACHE:
                self._sources.popitem(last=False)
        return prepared

    def read(self, path: str | Path) -> Document:
        """A document from a file, or from a URL (fetched from public addresses only)."""
        url = url_of(path)
        if url is not None:
            return document_from_url(
                url, max_bytes=self.options.max_bytes, timeout=self.options.fetch_timeout
            )
        return read_document(path, max_bytes=self.options.max_bytes)

    def read_statement(self, path: str | Path, *, date: str | None = None) -> Document:
        """A statement from a file; ``date`` (YYYY-MM-DD) replaces the one found in its text."""
        doc = self.read(path)
        return _with(doc, date=date) if date else doc

    def segment(self, document: Document) -> Segmented:
        check_limits(document, self._limits)  # before the models load: a refusal costs no model
        return segment(document, self.nlp, self._limits)

    def provisions(self, source: Segmented, parties: Sequence[str] | None = None) -> tuple[Provision, ...]:
        return analyze(source, self.nlp, parties=parties, encode=self._encoder())

    def _source_encoder(self) -> Any:
        """The embedding model for a statement's passages: through the on-disk vector cache when
        ``vector_cache`` is on (a statement checked again later is not embedded again)."""
        embedder = self.embedder
        if embedder is None or not self.options.vector_cache:
            return embedder
        if self._vectors is None:
            from .nlp import resolve_embedding_model
            from .vcache import CachedEncoder, VectorCache, default_path, model_key

            key = model_key(resolve_embedding_model(self.options.embedding_model))
            self._vectors = CachedEncoder(embedder, VectorCache(default_path(key)))
        return self._vectors

    def _encoder(self) -> Callable[[Sequence[str]], Any] | None:
        """The phrase encoder when an embedding model is in use, else None."""
        return self._encode_phrases if self.embedder is not None else None

    def check(
        self,
        source: Document,
        articles: Sequence[Document],
        *,
        progress: Progress = _no_progress,
        meta: dict[str, str] | None = None,
        parties: Sequence[str] | None = None,
        with_provisions: bool = True,
    ) -> CheckResult:
        """Check ``articles`` against ``source``.

        ``parties`` name who issued the source (else the two most named countries);
        ``with_provisions=False`` leaves the statement's provisions out of the result (pairs mode).
        """
        for doc in (source, *articles):  # before the models load and the source is prepared
            check_limits(doc, self._limits)
        total = 2 + len(articles)
        progress("source", 0, total)
        prepared = self._prepare(source, parties)
        progress("source", 1, total)
        results = self._check_articles(
            [(prepared, doc) for doc in articles],
            progress=lambda n: progress(Path(articles[n].path).name, 1 + n, total),
        )
        progress("done", total, total)
        return self._result(prepared, results, with_provisions=with_provisions, meta=meta)

    @staticmethod
    def _result(
        prepared: _Source,
        articles: Sequence[ArticleCheck],
        *,
        with_provisions: bool = True,
        meta: dict[str, str] | None = None,
    ) -> CheckResult:
        omitted = [a.omitted_paragraphs for a in articles]
        return CheckResult(
            source=prepared.segmented,
            provisions=prepared.provisions if with_provisions else (),
            articles=tuple(articles),
            omitted_everywhere=coverage.omitted_everywhere(prepared.segmented, omitted, prepared.provisions),
            meta=dict(meta or {}),
            checks=prepared.ctx.config,
        )

    def _segment_articles(self, docs: Sequence[Document]) -> list[Segmented]:
        """Articles segmented and parsed in one spaCy batch; the last ``ARTICLE_CACHE`` are kept, so an
        article checked again (another source, other settings) is not parsed again."""
        keys = [(d.text, d.format) for d in docs]
        with self._cache_lock:
            hits = {k: self._articles[k] for k in keys if k in self._articles}
        fresh = [d for d, k in zip(docs, keys, strict=True) if k not in hits]
        done = dict(
            zip([(d.text, d.format) for d in fresh], segment_many(fresh, self.nlp, self._limits), strict=True)
        )
        with self._cache_lock:
            for k, seg in done.items():
                self._articles[k] = seg
            while len(self._articles) > ARTICLE_CACHE:
                self._articles.popitem(last=False)
        out = []
        for d, k in zip(docs, keys, strict=True):
            seg = hits.get(k) or done[k]
            out.append(seg if seg.document is d else dataclasses.replace(seg, document=d))
        return out

    def _check_articles(
        self,
        jobs: Sequence[tuple[_Source, Document]],
        *,
        progress: Callable[[int], None] | None = None,
        summaries: bool = False,
    ) -> list[ArticleCheck]:
        """Check each article against its prepared source. The articles are parsed in one spaCy batch and
        their sentences (then their clauses) embedded in one batch, whatever source each is checked against."""
        opts = self.options
        arts = self._segment_articles([doc for _, doc in jobs])
        checkables = [[s for s in art.sentences if s.kind in {"claim", "commentary"}] for art in arts]
        vecs = self._encode_phrases([s.text for chk in checkables for s in chk]) if checkables else None
        staged = []
        at = 0
        for (prep, _), art, chk in zip(jobs, arts, checkables, strict=True):
            emb = vecs[at : at + len(chk)] if vecs is not None else None
            at += len(chk)
            needs = [_need(art.parses.get(s.index), prep.provisions) for s in chk]
            ranked = prep.index.select(
                [s.text for s in chk], needs, top_k=opts.top_k, ratio=opts.evidence_ratio, embeddings=emb
            )
            # a claim whose evidence already holds all its content words needs no clause-level search
            open_ = [
                s
                for s, need, (_, ev) in zip(chk, needs, ranked, strict=True)
                if not prep.index.holds(ev, need.terms)
            ]
            staged.append(
                (dict(zip([s.index for s in chk], ranked, strict=True)), _clause_queries(open_, art.parses))
            )
        qvecs = embed(self.embedder, [q for _, queries in staged for _, q in queries])
        results = []
        at = 0
        for n, ((prep, _), art, (by_index, queries)) in enumerate(zip(jobs, arts, staged, strict=True)):
            if progress is not None:
                progress(n)
            emb = qvecs[at : at + len(queries)] if qvecs is not None else None
            at += len(queries)
            clause_best: dict[int, list[Candidate]] = {}
            if queries:
                ranks = prep.index.rank([q for _, q in queries], limit=1, embeddings=emb)
                for (idx, _), cands in zip(queries, ranks, strict=True):
                    clause_best.setdefault(idx, []).extend(cands[:1])
            checks = []
            published = parse_date(art.document.date)
            ctx = dataclasses.replace(prep.ctx, published=published, summary=summaries)
            before: SentenceCheck | None = None  # the last claim or commentary: its voice may go on
            # a quotation running on over sentences: its speaker is named where it closes
            runs = quotation_runs([(s.index, s.paragraph, s.text) for s in art.sentences])
            closers = set(runs.values())
            for s in art.sentences:
                cands, ev = by_index.get(s.index, ([], []))
                ev = merge_evidence(ev, clause_best.get(s.index, []), min_score=CLAUSE_EVIDENCE)
                closer = art.parses.get(runs[s.index]) if s.index in runs else None
                prev_doc = art.parses.get(before.sentence.index) if before is not None else None
                checks.append(
                    verify_sentence(
                        s,
                        cands,
                        ev,
                        ctx,
                        art.parses.get(s.index),
                        before,
                        quoted_in=closer,
                        previous_doc=prev_doc,
                        closes_quote=s.index in closers,
                    )
                )
                if checks[-1].kind in {"claim", "commentary"}:
                    before = checks[-1]
            cov = coverage.covered(prep.segmented, checks)
            results.append(
                ArticleCheck(
                    article=art,
                    sentences=tuple(checks),
                    covered_paragraphs=cov,
                    omitted_paragraphs=coverage.omitted(prep.segmented, cov, prep.provisions),
                )
            )
        return results

    def check_files(
        self, source: str | Path, articles: Iterable[str | Path], *, progress: Progress = _no_progress
    ) -> CheckResult:
        self.preload()
        src = self.read(source)
        arts = [self.read(a) for a in articles]
        return self.check(src, arts, progress=progress)

    def check_corpus(self, root: str | Path, *, progress: Progress = _no_progress) -> CheckResult:
        corpus = load_corpus(root)
        self.preload()
        src = self.read(corpus.source)
        meta_src = corpus.manifest.get("source", {})
        date = corpus.manifest.get("date")
        if date:  # the manifest's date is the event's, which deadlines are counted from
            src = _with(src, date=str(date))
        published = {a.get("file"): a.get("published") for a in corpus.manifest.get("articles", [])}
        arts = [
            _with(doc, date=str(published[path.name])) if published.get(path.name) else doc
            for path, doc in ((a, self.read(a)) for a in corpus.articles)
        ]
        meta = {k: str(v) for k, v in corpus.manifest.items() if isinstance(v, str)}
        if isinstance(meta_src, dict) and meta_src.get("kind"):
            meta["source_kind"] = str(meta_src["kind"])
        issued_by = meta_src.get("issued_by") if isinstance(meta_src, dict) else None
        parties = [str(p) for p in issued_by] if isinstance(issued_by, list) and issued_by else None
        return self.check(src, arts, progress=progress, meta=meta, parties=parties)

    def check_pairs(
        self, rows: Iterable[dict[str, Any]], *, batch: int = PAIRS_BATCH
    ) -> Iterator[tuple[str, CheckResult]]:
        """Pairs mode: ``{"id", "source", "article"}`` rows in, results out in the same order.

        Rows are taken ``batch`` at a time: their summaries are parsed and embedded together, and each
        distinct source is prepared once (and kept for later rows)."""
        chunk: list[tuple[str, Document, Document]] = []
        for row in rows:
            pid = str(row.get("id", ""))
            try:
                src = document_from_text(str(row["source"]), pid)
                art = document_from_text(str(row["article"]), pid)
            except KeyError as exc:
                raise InputError(f"pair {pid!r}: missing field {exc}") from None
            chunk.append((pid, src, art))
            if len(chunk) >= batch:
                yield from self._check_chunk(chunk)
                chunk = []
        yield from self._check_chunk(chunk)

    def _check_chunk(
        self, chunk: Sequence[tuple[str, Document, Document]]
    ) -> Iterator[tuple[str, CheckResult]]:
        if not chunk:
            return
        prepared = [self._prepare(src, None) for _, src, _ in chunk]
        checked = self._check_articles(
            [(p, art) for p, (_, _, art) in zip(prepared, chunk, strict=True)], summaries=True
        )
        for (pid, _, _), prep, result in zip(chunk, prepared, checked, strict=True):
            yield pid, self._result(prep, [result], with_provisions=False)


def _clause_queries(sentences: Sequence[Sentence], parses: Mapping[int, Any]) -> list[tuple[int, str]]:
    """For sentences of several clauses, each clause of at least four words, by sentence index."""
    queries: list[tuple[int, str]] = []
    for s in sentences:
        doc = parses.get(s.index)
        spans = clause_spans(doc) if doc is not None else []
        if len(spans) > 1:
            queries += [(s.index, s.text[a:b]) for a, b in spans if len(s.text[a:b].split()) >= 4]
    return queries


def _need(doc: Any, provisions: Sequence[Provision]) -> Need:
    """What a claim's evidence should hold; a list member is cited from a provision of the claim's act
    ("committed to … defence" is not evidenced by "exchanged views on … defence")."""
    if doc is None:
        return Need()
    acts = acts_of(doc) - {"report"}  # what was discussed is evidenced by any provision naming it

    def admit(p: Passage) -> bool:
        provs = [v for v in provisions if v.start < p.end and p.start < v.end]
        return not acts or not provs or any(acts & set(v.acts) for v in provs)

    return Need(terms=tuple(content_terms(doc)), listed=tuple(list_terms(doc)), admit=admit)


def _with(doc: Document, **changes: Any) -> Document:
    return dataclasses.replace(doc, **changes)
