#!/usr/bin/env python3
"""Input scale: time per sentence of segmenting and analysing one document as it grows.

usage: python bench/scale_input.py [--small] [--sizes 1000,10000,100000] [--stages segment,analyze,check]
                                   [--check-max 10000]

Documents of N sentences are built from the sample statement's sentences (numbers and dates varied so
no two sentences are the same), laid out two ways: one paragraph holding every sentence, and paragraphs
of five sentences. For each size and layout the bench prints seconds per 1,000 sentences for
segmentation (paragraphs, sentences, kinds: the spaCy parse included), analysis (provisions) and a check
of one article of 40 sentences against the document as its source (sizes up to --check-max: the check
prepares the whole source, about 20 ms a sentence); and the ratio of the largest size's
time per sentence to the smallest's (linear work keeps it near 1; the goal is under 2). The document
limits (max_sentences, max_paragraphs) are raised for the run.

--small (CI): 200 and 1,000 sentences.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import time

from _common import quiet
from communique import Checker, Options
from communique.data import sample_corpus
from communique.ingest import document_from_text


def sample_sentences() -> list[str]:
    corpus = sample_corpus()
    manifest = json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))
    text = (corpus / manifest["source"]["file"]).read_text(encoding="utf-8")
    parts = re.split(r"(?<=[.;])\s+", " ".join(text.split()))
    return [p for p in parts if len(p.split()) >= 6 and p.endswith((".", ";"))]


def varied(pool: list[str], n: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        s = pool[i % len(pool)]
        s = re.sub(r"\b\d+\b", lambda m: str(int(m.group()) + rng.randint(1, 900)), s)
        out.append(f"In round {i + 1}, {s[0].lower()}{s[1:]}" if i % 3 == 0 else s)
    return out


def build(sentences: list[str], layout: str) -> str:
    if layout == "one":
        return " ".join(sentences)
    return "\n\n".join(" ".join(sentences[i : i + 5]) for i in range(0, len(sentences), 5))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--small", action="store_true")
    ap.add_argument("--sizes", default="")
    ap.add_argument("--stages", default="segment,analyze,check")
    ap.add_argument("--check-max", type=int, default=10_000)
    args = ap.parse_args()
    sizes = [int(x) for x in args.sizes.split(",") if x] or (
        [200, 1000] if args.small else [1000, 10000, 100000]
    )
    stages = args.stages.split(",")
    quiet()
    checker = Checker(Options(progress=False, max_bytes=10**9, max_sentences=10**7, max_paragraphs=10**7))
    pool = sample_sentences()
    article = document_from_text(" ".join(varied(pool, 40, seed=3)), "article.txt")
    warm = document_from_text(" ".join(varied(pool, 10, seed=1)), "warm-up.txt")
    checker.provisions(checker.segment(warm))
    checker.check(warm, [article], with_provisions=False)
    checker.clear_cache()
    print(f"{'sentences':>10} {'layout':>9} " + " ".join(f"{s + ' s/1k':>14}" for s in stages))
    per: dict[tuple[str, str], list[float]] = {}
    for n in sizes:
        sents = varied(pool, n)
        for layout in ("one", "paragraphs"):
            doc = document_from_text(build(sents, layout), f"doc-{n}-{layout}.txt")
            row = []
            t = time.perf_counter()
            seg = checker.segment(doc)
            secs = {"segment": time.perf_counter() - t}
            got = len(seg.sentences)
            if "analyze" in stages:
                t = time.perf_counter()
                checker.provisions(seg)
                secs["analyze"] = time.perf_counter() - t
            if "check" in stages and n <= args.check_max:
                t = time.perf_counter()
                checker.check(doc, [article], with_provisions=False)
                secs["check"] = time.perf_counter() - t
                checker.clear_cache()
            for s in stages:
                if s not in secs:
                    row.append(f"{'—':>14}")
                    continue
                value = secs[s] / max(got, 1) * 1000
                per.setdefault((layout, s), []).append(value)
                row.append(f"{value:>14.2f}")
            print(f"{got:>10} {layout:>9} " + " ".join(row), flush=True)
    print("time per sentence, largest size over smallest (goal < 2):")
    for (layout, s), values in per.items():
        print(f"  {layout:>10} {s:>8}: {values[-1] / values[0]:.2f}")


if __name__ == "__main__":
    main()
