#!/usr/bin/env python3
"""Speed: claim sentences verified per second, beside the raw encode rate of the embedding model alone.

usage: python bench/speed.py [--small] [--pairs N]

Two runs, each after model load, each beside the raw encode rate of the embedding model on the same
sentences (the articles' sentences), with the ratio of the two rates:

- the sample corpus (one statement, three articles) checked as `communique check` does: once with the
  source prepared inside the timed run (cold), once with it already prepared and the articles new to the
  Checker (warm: a Checker keeps
  its recent sources, as when further articles are checked against one statement);
- pairs mode (`communique check --pairs`) on the first N SummEdits pairs (default 200; --small: 40).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from typing import Any

from _common import SHARED, quiet
from communique import Checker, Options
from communique.data import sample_corpus
from communique.ingest import document_from_text


def encode_rate(checker: Checker, sentences: Sequence[str]) -> float:
    t = time.perf_counter()
    checker.embedder.encode(list(sentences), batch_size=64, show_progress_bar=False)
    return len(sentences) / (time.perf_counter() - t)


def report(label: str, claims: int, checked: int, secs: float, e_rate: float) -> None:
    """Claims verified per second against the raw encode rate; also every checked sentence (claims and
    commentary: each is aligned and given a kind) per second, the looser reading of the target."""
    v_rate, c_rate = claims / secs, checked / secs
    print(
        f"{label}: {claims} claims in {secs:.2f} s = {v_rate:.1f} claims/s; "
        f"raw encode {e_rate:.1f} sentences/s; ratio {v_rate / e_rate:.2f} "
        f"(all {checked} checked sentences: {c_rate:.1f}/s, ratio {c_rate / e_rate:.2f})"
    )


def counts(results: Sequence[Any]) -> tuple[int, int]:
    arts = [a for r in results for a in r.articles]
    claims = sum(len(a.claims) for a in arts)
    checked = sum(1 for a in arts for c in a.sentences if c.kind in {"claim", "commentary"})
    return claims, checked


def sample(checker: Checker) -> None:
    corpus = sample_corpus()
    src = (corpus / json.loads((corpus / "manifest.json").read_text())["source"]["file"]).read_text()
    arts = [p.read_text() for p in sorted(corpus.glob("*.txt")) if p.read_text() != src]

    def run() -> tuple[Any, float]:
        t = time.perf_counter()
        res = checker.check(
            document_from_text(src, "source"), [document_from_text(x, "article") for x in arts]
        )
        return res, time.perf_counter() - t

    checker.clear_cache()
    res, cold = run()
    checker.clear_cache(sources=False)  # the source stays prepared; the articles are parsed afresh
    _, warm = run()
    claims, checked = counts([res])
    rate = encode_rate(checker, [c.sentence.text for a in res.articles for c in a.sentences])
    report("sample corpus, cold source", claims, checked, cold, rate)
    report("sample corpus, warm source", claims, checked, warm, rate)


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
    claims, checked = counts(results)
    sentences = [c.sentence.text for r in results for a in r.articles for c in a.sentences]
    sources = len({r["source"] for r in rows})
    label = f"pairs mode, {len(rows)} SummEdits pairs ({sources} sources)"
    report(label, claims, checked, secs, encode_rate(checker, sentences))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--small", action="store_true", help="40 pairs instead of 200")
    ap.add_argument("--pairs", type=int, default=None, help="how many SummEdits pairs (default 200)")
    a = ap.parse_args()
    quiet()
    # no vector cache: a cold source is embedded in the run, as it was before the cache existed
    checker = Checker(Options(progress=False, vector_cache=False))
    checker.check_corpus(sample_corpus())  # warm-up: loads spaCy and the embedding model
    sample(checker)
    pairs(checker, a.pairs or (40 if a.small else 200))
    return 0


if __name__ == "__main__":
    sys.exit(main())
