#!/usr/bin/env python3
"""Speed: claim sentences verified per second, beside the raw encode rate of the embedding model alone.

usage: python bench/speed.py [--small] [--repeat N]
Both rates are measured in the same run, after model load, on the same sentences: the sample corpus's
article sentences (and, without --small, also SummEdits pairs). Prints both and their ratio, once with
every source prepared inside the timed run (cold) and once with the sources already prepared (warm: a
Checker keeps its recent sources, as when many articles or pairs are checked against one statement).
"""

from __future__ import annotations

import argparse
import json
import sys
import time

from _common import SHARED, quiet
from communique import Checker, Options
from communique.data import sample_corpus


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--small", action="store_true", help="only the sample corpus, once")
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    quiet()
    checker = Checker(Options(progress=False))
    corpus = sample_corpus()
    checker.check_corpus(corpus)  # warm-up: loads spaCy and the embedding model
    jobs: list[tuple[str, list[str]]] = []
    src = (corpus / json.loads((corpus / "manifest.json").read_text())["source"]["file"]).read_text()
    arts = [p.read_text() for p in sorted(corpus.glob("*.txt")) if p.read_text() != src]
    jobs.append((src, arts))
    ext = SHARED / "eval" / "external" / "summedits_news.pairs.jsonl"
    if not a.small and ext.exists():
        rows = [json.loads(x) for x in ext.read_text(encoding="utf-8").splitlines()[:60]]
        jobs += [(r["source"], [r["article"]]) for r in rows]
    from communique.ingest import document_from_text

    repeat = 1 if a.small else a.repeat

    def run() -> tuple[int, float, list[str]]:
        claims, sentences = 0, []
        t = time.perf_counter()
        for _ in range(repeat):
            for s, articles in jobs:
                res = checker.check(
                    document_from_text(s, "source"), [document_from_text(x, "article") for x in articles]
                )
                for art in res.articles:
                    claims += len(art.claims)
                    sentences += [c.sentence.text for c in art.sentences]
        return claims, time.perf_counter() - t, sentences

    # cold: every source is segmented, parsed and embedded in the timed run; warm: the same checks again,
    # with each source already prepared (as for further articles, or pairs, against one statement)
    checker.clear_cache()
    claims, cold_secs, sentences = run()
    _, warm_secs, _ = run()
    emb = checker.embedder
    t = time.perf_counter()
    emb.encode(sentences, batch_size=64, show_progress_bar=False)
    encode_secs = time.perf_counter() - t
    e_rate = len(sentences) / encode_secs
    print(f"raw encode: {len(sentences)} sentences in {encode_secs:.2f} s = {e_rate:.1f} sentences/s")
    for label, secs in (("cold source", cold_secs), ("warm source", warm_secs)):
        v_rate = claims / secs
        print(
            f"verified claims ({label}): {claims} in {secs:.2f} s = {v_rate:.1f} claims/s; "
            f"ratio verified/encode: {v_rate / e_rate:.2f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
