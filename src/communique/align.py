"""Align: rank source passages as evidence for each article sentence.

Candidates are the source's sentences and windows of two neighbouring
sentences in one paragraph, so evidence can span sentences. Each candidate is
scored by three signals, fused: BM25 over stemmed content words (bm25s),
cosine similarity of sentence embeddings (sentence-transformers), and the
share of the sentence's content words found in the passage. The source is
indexed and embedded once; long sources are indexed whole and long sentences embedded in chunks
(`nlp.embed`), never truncated.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .models import EvidenceSpan, Segmented
from .nlp import embed
from .textnorm import KeySet, content_keys

# Fusion weights and the window handicap; fitted on the dev gold (see docs/evaluation.md).
W_EMBED, W_BM25, W_RECALL = 0.5, 0.2, 0.3
WINDOW_HANDICAP = 0.04
# Weight of the figures signal: the share of the sentence's figures (numbers written in digits, not
# years: a year is shared by many provisions) that the passage gives. A figure anchors a report to the
# provision that states it.
W_FIGURES = 0.1
_YEAR = re.compile(r"(?:19|20)\d\d")
# A clause of a claim that joins several provisions adds its own best passage to the evidence when it
# scores at least this (lower values added passages the gold does not count: coverage fell).
CLAUSE_EVIDENCE = 0.78
# A passage cited for a list member must score at least this share of the best passage's score (a list
# member alone can sit in an unrelated sentence: "Phase-II" and "World War II").
COMPLETION_FLOOR = 0.4
# A word found in at most this many source sentences is rare enough that holding it justifies a citation.
RARE_IN = 2


@dataclass(frozen=True, slots=True)
class Need:
    """What a claim's evidence should hold: its content words (``terms``), the members of lists it
    reports (``listed``), and which passages may be cited for a list member (``admit``; all when None)."""

    terms: tuple[str, ...] = ()
    listed: tuple[str, ...] = ()
    admit: Callable[[Passage], bool] | None = None


@dataclass(frozen=True, slots=True)
class Passage:
    start: int
    end: int
    sentences: tuple[int, ...]
    paragraph: int
    text: str

    def overlaps(self, other: Passage) -> bool:
        """Shares text with ``other`` (texts indexed with ``for_texts`` are each their own paragraph)."""
        return self.paragraph == other.paragraph and self.start < other.end and other.start < self.end


@dataclass(frozen=True, slots=True)
class Candidate:
    passage: Passage
    score: float
    cosine: float
    bm25: float
    recall: float

    def as_evidence(self) -> EvidenceSpan:
        p = self.passage
        return EvidenceSpan(start=p.start, end=p.end, score=round(self.score, 4), text=p.text)


class SourceIndex:
    """Passages indexed once for many queries: a source's sentences and two-sentence windows
    (``for_source``), or any list of texts (``for_texts``, e.g. the commitments of a ledger)."""

    def __init__(
        self, passages: list[Passage], embedder: Any | None = None, *, singles: int | None = None
    ) -> None:
        """``passages[:singles]`` are single sentences; any later passage is a window of two of them,
        whose vector is the normalised mean of theirs (so each sentence is encoded once)."""
        import bm25s

        from .vcache import CachedEncoder

        # passages may be embedded through the on-disk cache; queries (articles' sentences) never are
        self.embedder = embedder.encoder if isinstance(embedder, CachedEncoder) else embedder
        self.passages = passages
        singles = len(passages) if singles is None else singles
        self._keys = [content_keys(p.text) for p in passages]
        self._keysets = [KeySet(k) for k in self._keys]
        self._row = {p: i for i, p in enumerate(passages)}
        self._singles = singles
        self._df: dict[str, int] = {}
        self._holders: dict[str, np.ndarray] = {}  # word key → which passages hold it
        self._is_window = np.array([len(p.sentences) > 1 for p in passages], dtype=float)
        self._bm25 = bm25s.BM25()
        self._bm25.index([k or ["\u2205"] for k in self._keys], show_progress=False)
        self._emb: np.ndarray | None = None
        single = embed(embedder, [p.text for p in passages[:singles]])
        if single is not None:
            row = {p.sentences[0]: i for i, p in enumerate(passages[:singles])}
            vecs = [single[i] for i in range(singles)]
            for p in passages[singles:]:
                v = single[row[p.sentences[0]]] + single[row[p.sentences[1]]]
                vecs.append(v / (np.linalg.norm(v) or 1.0))
            self._emb = np.vstack(vecs)

    @classmethod
    def for_source(cls, source: Segmented, embedder: Any | None = None) -> SourceIndex:
        sents = [s for s in source.sentences if s.kind not in {"heading", "embed", "boilerplate"}]
        if not sents:
            sents = list(source.sentences)
        text = source.document.text
        passages = [Passage(s.start, s.end, (s.index,), s.paragraph, s.text) for s in sents]
        for a, b in itertools.pairwise(sents):
            if a.paragraph == b.paragraph:
                passages.append(
                    Passage(a.start, b.end, (a.index, b.index), a.paragraph, text[a.start : b.end])
                )
        return cls(passages, embedder, singles=len(sents))

    @classmethod
    def for_texts(cls, texts: list[str], embedder: Any | None = None) -> SourceIndex:
        return cls([Passage(0, len(t), (i,), i, t) for i, t in enumerate(texts)], embedder)

    def encode(self, texts: Sequence[str]) -> np.ndarray | None:
        return embed(self.embedder, texts)

    def rank(
        self, texts: Sequence[str], *, limit: int = 8, embeddings: np.ndarray | None = None
    ) -> list[list[Candidate]]:
        """The best ``limit`` candidates for each text, best first."""
        return [scored[:limit] for scored in self._score_all(texts, embeddings)]

    def select(
        self,
        texts: Sequence[str],
        needs: Sequence[Need],
        *,
        top_k: int,
        ratio: float,
        limit: int = 8,
        embeddings: np.ndarray | None = None,
    ) -> list[tuple[list[Candidate], list[Candidate]]]:
        """For each text, its best ``limit`` candidates and its evidence.

        The evidence is the best candidate; then close runners-up (at least ``ratio`` of the best score),
        each only if it holds a content word (``Need.terms``) that the passages chosen so far lack — a
        runner-up that adds nothing would cite a paragraph the claim does not draw on; then, while a list
        member (``Need.listed``) is in no chosen passage, the single sentence holding most of them that
        ``Need.admit`` accepts, so a claim that lists items from several provisions cites each.
        """
        out = []
        for scored, need in zip(self._score_all(texts, embeddings), needs, strict=True):
            out.append((scored[:limit], self._evidence(scored, need, top_k=top_k, ratio=ratio)))
        return out

    def _evidence(
        self, scored: Sequence[Candidate], need: Need, *, top_k: int, ratio: float
    ) -> list[Candidate]:
        if not scored:
            return []
        best = scored[0]
        chosen = [best]

        def keys(c: Candidate) -> KeySet:
            return self._keysets[self._row[c.passage]]

        def free(c: Candidate) -> bool:
            return not any(c.passage.overlaps(x.passage) for x in chosen)

        missing = {k for k in need.terms if k not in keys(best)}
        for c in scored[1:]:
            if len(chosen) >= top_k or c.score < ratio * best.score or not missing:
                break
            held = keys(c).matching(missing)
            if free(c) and self._worth(held):
                chosen.append(c)
                missing -= held
        absent = {k for k in need.listed if not any(k in keys(c) for c in chosen)}

        def gain(c: Candidate) -> int:
            held = keys(c).matching(absent)
            return len(held) if self._worth(held) else 0

        while absent and len(chosen) < top_k:
            pool = [
                c
                for c in scored
                if len(c.passage.sentences) == 1
                and c.score >= COMPLETION_FLOOR * best.score
                and free(c)
                and (need.admit is None or need.admit(c.passage))
            ]
            pick = max(pool, key=lambda c: (gain(c), c.score), default=None)
            if pick is None or not gain(pick):
                break
            chosen.append(pick)
            absent -= keys(pick).matching(absent)
        return chosen

    def holds(self, chosen: Sequence[Candidate], terms: Sequence[str]) -> bool:
        """Whether every one of ``terms`` is in one of the ``chosen`` passages of this index."""
        sets = [self._keysets[self._row[c.passage]] for c in chosen]
        return all(any(k in ks for ks in sets) for k in terms)

    def _recall(self, query: Sequence[str]) -> np.ndarray:
        """Share of the query's content words found in each passage (spelling and suffixes aside)."""
        if not query:
            return np.zeros(len(self.passages))
        total = np.zeros(len(self.passages))
        for k in query:
            held = self._holders.get(k)
            if held is None:
                held = self._holders[k] = np.fromiter(
                    (k in ks for ks in self._keysets), bool, len(self._keysets)
                )
            total += held
        return total / len(query)

    def _worth(self, held: set[str]) -> bool:
        """Whether holding these missing words justifies citing one more passage: one common word
        ("countries", "year") does not; two words, or one found in few source sentences, do."""
        return len(held) >= 2 or any(self._rare(k) for k in held)

    def _rare(self, key: str) -> bool:
        """In at most ``RARE_IN`` of the single-sentence passages."""
        n = self._df.get(key)
        if n is None:
            n = self._df[key] = sum(1 for i in range(self._singles) if key in self._keysets[i])
        return n <= RARE_IN

    def _score_all(self, texts: Sequence[str], embeddings: np.ndarray | None) -> list[list[Candidate]]:
        """Every passage scored against each text, best first."""
        if not self.passages:
            return [[] for _ in texts]
        emb = embeddings if embeddings is not None else self.encode(texts)
        out: list[list[Candidate]] = []
        for qi, t in enumerate(texts):
            q = content_keys(t)
            bm = np.asarray(self._bm25.get_scores(q)) if q else np.zeros(len(self.passages))
            bmn = bm / bm.max() if bm.max() > 0 else bm
            cos = (self._emb @ emb[qi]) if (self._emb is not None and emb is not None) else None
            rec = self._recall(q)
            lexical = 0.55 * bmn + 0.45 * rec  # without an embedding model
            fused = lexical if cos is None else W_EMBED * cos + W_BM25 * bmn + W_RECALL * rec
            fused = fused - WINDOW_HANDICAP * self._is_window
            figs = [k for k in dict.fromkeys(q) if k[:1].isdigit() and not _YEAR.fullmatch(k)]
            if figs and W_FIGURES:
                fused = fused + W_FIGURES * self._recall(figs)
            scored = [
                Candidate(
                    p,
                    float(fused[i]),
                    float(cos[i]) if cos is not None else 0.0,
                    float(bmn[i]),
                    float(rec[i]),
                )
                for i, p in enumerate(self.passages)
            ]
            scored.sort(key=lambda c: c.score, reverse=True)
            out.append(scored)
        return out


def merge_evidence(
    chosen: Sequence[Candidate], extra: Sequence[Candidate], *, min_score: float
) -> list[Candidate]:
    """``chosen`` plus the clause-level passages in ``extra`` that score at least ``min_score`` and do not
    overlap what is already chosen (evidence for a claim that joins several provisions)."""
    out = list(chosen)
    for c in extra:
        if c.score < min_score:
            continue
        if any(c.passage.overlaps(x.passage) for x in out):
            continue
        out.append(c)
    return out
