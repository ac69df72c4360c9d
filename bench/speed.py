#!/usr/bin/env python3
"""Speed: claim sentences verified per second, beside the raw encode rate of the embedding model alone.

usage: python bench/speed.py [--small] [--pairs N]

Two runs, each after model load, each beside the raw encode rate of the embedding model on the same
sentences (the articles' sentences), with the ratio of the two rates:

- the sample corpus (one statement, three articles) checked as `communique check` does: once with the
  source prepared inside the timed run (cold), once with it already prepared (warm: a Checker keeps
  its recent sources, as when further articles are checked against one statement);
- pairs mode (`communique check --pairs`) on the first N SummEdits pairs (default 200; --small: 40).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence

from _common import SHARED, quiet
from communique import Checker, Options
from communique.data import sample_corpus
from communique.ingest import document_from_text


def encode_rate(checker: Checker, sentences: Sequence[str]) -> float:
    t = time.perf_counter()
    checker.embedder.encode(list(sentences), batch_size=64, show_progress_bar=False)
    return len(sentences) / (time.perf_counter() - t)


def report(label: str, claims: int, secs: float, e_rate: float) -> None:
    v_rate = claims / secs
    print(
        f"{label}: {claims} claims in {secs:.2f} s = {v_rate:.1f} claims/s; "
        f"raw encode {e_rate:.1f} sentences/s; ratio {v_rate / e_rate:.2f}"
    )


def sample(checker: Checker) -> None:
    corpus = sample_corpus()
    src = (corpus / json.loads((corpus / "manifest.json").read_text())["source"]["file"]).read_text()
    arts = [p.read_text() for p in sorted(corpus.glob("*.txt")) if p.read_text() != src]

    def run() -> tuple[int, float, list[str]]:
        t = time.perf_counter()
        res = checker.check(
            document_from_text(src, "source"), [document_from_text(x, "article") for x in arts]
        )
        secs = time.perf_counter() - t
        claims = sum(len(a.claims) for a in res.articles)
        return claims, secs, [c.sentence.text for a in res.articles for c in a.sentences]

    checker.clear_cache()
    claims, cold, sentences = run()
    _, warm, _ = run()
    rate = encode_rate(checker, sentences)
    report("sample corpus, cold source", claims, cold, rate)
    report("sample corpus, warm source", claims, warm, rate)


def pairs(checker: Checker, n: int) -> None:
    path = SHARED / "eval" / "external" / "summedits_news.pairs.jsonl"
    if not path.exists():
        print(f"pairs mode: skipped ({path} not found)")
        return
    rows = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()][:n]
    checker.clear_cache()
    t = time.perf_counter()
    results = [res for _, res in checker.check_pairs(rows)]
    secs = time.perf_counter() - t
    claims = sum(len(a.claims) for r in results for a in r.articles)
    sentences = [c.sentence.text for r in results for a in r.articles for c in a.sentences]
    sources = len({r["source"] for r in rows})
    report(
        f"pairs mode, {len(rows)} SummEdits pairs ({sources} sources)",
        claims,
        secs,
        encode_rate(checker, sentences),
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--small", action="store_true", help="40 pairs instead of 200")
    ap.add_argument("--pairs", type=int, default=None, help="how many SummEdits pairs (default 200)")
    a = ap.parse_args()
    quiet()
    checker = Checker(Options(progress=False))
    checker.check_corpus(sample_corpus())  # warm-up: loads spaCy and the embedding model
    sample(checker)
    pairs(checker, a.pairs or (40 if a.small else 200))
    return 0


if __name__ == "__main__":
    sys.exit(main())
