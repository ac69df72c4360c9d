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
from .ingest import document_from_text, read_document
from .models import ArticleCheck, CheckResult, Document, Provision, Segmented, Sentence
from .nlp import load_embedder, load_spacy
from .segment import segment
from .settings import Options
from .verify import VerifyContext, verify_sentence

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
        data = json.loads(man.read_text(encoding="utf-8"))
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


# How many prepared sources a Checker keeps (least recently used goes first).
SOURCE_CACHE = 16


class Checker:
    """Loads models once; checks sources against articles."""

    def __init__(self, options: Options | None = None) -> None:
        self.options = options or Options()
        self._nlp: Any = None
        self._embedder: Any = None
        self._sources: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
        self._cache_lock = threading.Lock()
        self._phrases: dict[str, Any] = {}

    @property
    def nlp(self) -> Any:
        if self._nlp is None:
            self._nlp = load_spacy(self.options.spacy_model)
        return self._nlp

    @property
    def embedder(self) -> Any:
        if self._embedder is None and self.options.use_embeddings:
            self._embedder = load_embedder(self.options.embedding_model, self.options.device)
        return self._embedder

    def _similarity(self, a: str, b: str) -> float:
        """Cosine similarity of two short phrases' embeddings (each phrase encoded once per Checker)."""
        vecs = []
        for text in (a, b):
            v = self._phrases.get(text)
            if v is None:
                v = self._phrases[text] = self.embedder.encode([text], normalize_embeddings=True)[0]
                if len(self._phrases) > 4096:
                    self._phrases.pop(next(iter(self._phrases)))
            vecs.append(v)
        return float(vecs[0] @ vecs[1])

    def clear_cache(self) -> None:
        """Forget the prepared sources (the models stay loaded)."""
        with self._cache_lock:
            self._sources.clear()

    def _prepare(
        self, source: Document, parties: Sequence[str] | None
    ) -> tuple[Segmented, tuple[Provision, ...], SourceIndex, VerifyContext]:
        """The source segmented, parsed, analysed, indexed and embedded: done once per source text and
        kept for the next ``SOURCE_CACHE`` checks (many articles, or pairs, against one statement)."""
        key = (source.text, source.format, source.date, tuple(parties) if parties is not None else None)
        with self._cache_lock:
            hit = self._sources.get(key)
            if hit is not None:
                self._sources.move_to_end(key)
        if hit is not None:
            src, provisions, index, ctx = hit
            return dataclasses.replace(src, document=source), provisions, index, ctx
        src = self.segment(source)
        docs = parse_sentences(src, self.nlp)
        who = parties_of(list(docs.values())[:60], parties)
        provisions = analyze(src, self.nlp, parties=who, docs=docs)
        index = SourceIndex.for_source(src, self.embedder)
        ctx = VerifyContext.build(
            src,
            self.options,
            parties=who,
            provisions=provisions,
            source_docs=docs,
            similarity=self._similarity if self.embedder is not None else None,
        )
        prepared = (src, provisions, index, ctx)
        with self._cache_lock:
            self._sources[key] = prepared
            while len(self._sources) > SOURCE_CACHE:
                self._sources.popitem(last=False)
        return prepared

    def read(self, path: str | Path) -> Document:
        return read_document(path, max_bytes=self.options.max_bytes)

    def read_statement(self, path: str | Path, *, date: str | None = None) -> Document:
        """A statement from a file; ``date`` (YYYY-MM-DD) replaces the one found in its text."""
        doc = self.read(path)
        return _with(doc, date=date) if date else doc

    def segment(self, document: Document) -> Segmented:
        return segment(document, self.nlp)

    def provisions(self, source: Segmented, parties: Sequence[str] | None = None) -> tuple[Provision, ...]:
        return analyze(source, self.nlp, parties=parties)

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
        opts = self.options
        total = 2 + len(articles)
        progress("source", 0, total)
        src, provisions, index, ctx = self._prepare(source, parties)
        progress("source", 1, total)
        results: list[ArticleCheck] = []
        for n, doc in enumerate(articles):
            progress(Path(doc.path).name, 1 + n, total)
            art = self.segment(doc)
            checkable = [s for s in art.sentences if s.kind in {"claim", "commentary"}]
            parsed = art.parses  # the segmenter's parse of each sentence
            needs = [_need(parsed.get(s.index), provisions) for s in checkable]
            ranked = index.select(
                [s.text for s in checkable], needs, top_k=opts.top_k, ratio=opts.evidence_ratio
            )
            by_index = dict(zip([s.index for s in checkable], ranked, strict=True))
            # a claim whose evidence already holds all its content words needs no clause-level search
            open_ = [
                s
                for s, need, (_, ev) in zip(checkable, needs, ranked, strict=True)
                if not index.holds(ev, need.terms)
            ]
            clause_best = self._clause_evidence(index, open_, parsed)
            checks = []
            for s in art.sentences:
                cands, ev = by_index.get(s.index, ([], []))
                ev = merge_evidence(ev, clause_best.get(s.index, []), min_score=CLAUSE_EVIDENCE)
                checks.append(verify_sentence(s, cands, ev, ctx, parsed.get(s.index)))
            cov = coverage.covered(src, checks)
            results.append(
                ArticleCheck(
                    article=art,
                    sentences=tuple(checks),
                    covered_paragraphs=cov,
                    omitted_paragraphs=coverage.omitted(src, cov, provisions),
                )
            )
        progress("done", total, total)
        everywhere = coverage.omitted_everywhere(src, [a.omitted_paragraphs for a in results], provisions)
        return CheckResult(
            source=src,
            provisions=provisions if with_provisions else (),
            articles=tuple(results),
            omitted_everywhere=everywhere,
            meta=dict(meta or {}),
        )

    @staticmethod
    def _clause_evidence(
        index: SourceIndex, sentences: Sequence[Sentence], parses: Mapping[int, Any]
    ) -> dict[int, list[Candidate]]:
        """For sentences of several clauses, the best passage for each clause, by sentence index."""
        queries: list[tuple[int, str]] = []
        for s in sentences:
            doc = parses.get(s.index)
            spans = clause_spans(doc) if doc is not None else []
            if len(spans) > 1:
                queries += [(s.index, s.text[a:b]) for a, b in spans if len(s.text[a:b].split()) >= 4]
        best: dict[int, list[Candidate]] = {}
        for (idx, _), cands in zip(queries, index.rank([q for _, q in queries], limit=1), strict=True):
            best.setdefault(idx, []).extend(cands[:1])
        return best

    def check_files(
        self, source: str | Path, articles: Iterable[str | Path], *, progress: Progress = _no_progress
    ) -> CheckResult:
        src = self.read(source)
        arts = [self.read(a) for a in articles]
        return self.check(src, arts, progress=progress)

    def check_corpus(self, root: str | Path, *, progress: Progress = _no_progress) -> CheckResult:
        corpus = load_corpus(root)
        src = self.read(corpus.source)
        meta_src = corpus.manifest.get("source", {})
        date = corpus.manifest.get("date")
        if date:  # the manifest's date is the event's, which deadlines are counted from
            src = _with(src, date=str(date))
        arts = [self.read(a) for a in corpus.articles]
        meta = {k: str(v) for k, v in corpus.manifest.items() if isinstance(v, str)}
        if isinstance(meta_src, dict) and meta_src.get("kind"):
            meta["source_kind"] = str(meta_src["kind"])
        issued_by = meta_src.get("issued_by") if isinstance(meta_src, dict) else None
        parties = [str(p) for p in issued_by] if isinstance(issued_by, list) and issued_by else None
        return self.check(src, arts, progress=progress, meta=meta, parties=parties)

    def check_pairs(self, rows: Iterable[dict[str, Any]]) -> Iterator[tuple[str, CheckResult]]:
        """Pairs mode: ``{"id", "source", "article"}`` rows in, results out in the same order."""
        for row in rows:
            pid = str(row.get("id", ""))
            try:
                src = document_from_text(str(row["source"]), pid)
                art = document_from_text(str(row["article"]), pid)
            except KeyError as exc:
                raise InputError(f"pair {pid!r}: missing field {exc}") from None
            yield pid, self.check(src, [art], with_provisions=False)


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
