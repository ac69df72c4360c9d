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

--hostile: instead, each hostile input of ``hostile_inputs`` (the ones that once got through: a 5 MB line
with no sentence end, a PDF decompression bomb, UTF-32, NULs, a deadline past the calendar…) is read and
checked as an article against the sample statement; the bench prints its outcome (the error line, or the
number of sentences checked), its seconds and the growth of the process's peak memory. The same inputs
feed every command and endpoint in tests/test_hardening.py.
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


def pdf_with_stream(raw_mb: int) -> bytes:
    """A one-page PDF whose content stream inflates to ``raw_mb`` MB (mostly spaces) from a small file."""
    import zlib

    comp = zlib.compressobj(9)
    spaces = b" " * (1 << 20)
    text = b"BT /F1 12 Tf 72 720 Td (The sides met.) Tj ET\n"
    data = b"".join(comp.compress(text + spaces) for _ in range(raw_mb)) + comp.flush()
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


def hostile_inputs(small: bool = False) -> dict[str, tuple[str, bytes]]:
    """Inputs that once crashed, hung or ran unbounded, by name: ``(file name, bytes)``. ``small``
    shrinks the ones whose size is not the point (the long line stays over the token limit)."""
    scale = 1 if small else 10
    statement = "Joint Statement\n\nThe two sides agreed to build a new railway by 2027.\n"
    return {
        "empty": ("empty.txt", b""),
        "blank": ("blank.txt", b" \n\t\r\n" * 1000),
        "binary": ("binary.txt", bytes(range(256)) * 40),
        "long line, no sentence end (5 MB)": ("long.txt", b"word " * 1_000_000),
        "run with no sentence end": ("run.txt", b"word " * 2_000 * scale),
        "one token of 50 kB": ("token.txt", b"x" * 50_000 * scale),
        "full stops only": ("dots.txt", b". " * 30_000),
        "many paragraphs": ("paras.txt", b"\n\n".join(b"P." for _ in range(6_000))),
        "bullet markers": ("bullets.md", b"* the \n" * 100),
        "zero-width spaces": ("zw.txt", "\u200b".encode() * 2_000 * scale),
        "flags (emoji)": ("flags.txt", "🇨🇳 ".encode() * 500 * scale),
        "NUL after the sniffed head": ("nul.txt", b"The sides met. " * 1_000 + b"\x00 and more."),
        "UTF-32 with BOM": ("utf32.txt", statement.encode("utf-32")),
        "UTF-16 BOM, odd length": ("odd16.txt", b"\xff\xfe" + b"a\x00b"),
        "invalid UTF-8 (a surrogate)": ("surrogate.txt", b"The sides \xed\xa0\x80 met."),
        "deadline past the calendar": (
            "far.txt",
            b"Joint Statement\n\nThe sides will finish the railway within 9999 years, from Monday.\n",
        ),
        "PDF decompression bomb (100 MB stream)": ("bomb.pdf", pdf_with_stream(100)),
        "PDF cut short": ("cut.pdf", pdf_with_stream(1)[:-200]),
        "not a PDF": ("fake.pdf", b"%PDF-1.4 this is not a PDF"),
        "HTML nested deep": ("deep.html", b"<html><body>" + b"<div>" * 50_000 + b"The sides met."),
        "HTML of many elements": ("many.html", b"<html><body>" + b"<p>x</p>" * 70_000 + b"</body></html>"),
        "HTML with a script": (
            "script.html",
            b"<html><body><script>alert(1)</script><p>The two sides agreed.</p></body></html>",
        ),
    }


def hostile(names: list[str] | None = None) -> None:
    """Each hostile input read and checked as an article against the sample statement: outcome, seconds,
    growth of the peak resident memory."""
    import resource

    from communique.errors import CommuniqueError
    from communique.ingest import document_from_bytes

    quiet()
    checker = Checker(Options(progress=False))
    corpus = sample_corpus()
    manifest = json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))
    source = checker.read(corpus / manifest["source"]["file"])
    checker.check(source, [document_from_text("The two sides met in Beijing.", "warm.txt")])
    print(f"{'input':<42} {'s':>6} {'peak +MB':>9}  outcome")
    for name, (file, data) in hostile_inputs().items():
        if names and name not in names:
            continue
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        t = time.perf_counter()
        try:
            result = checker.check(source, [document_from_bytes(data, file)])
            outcome = f"checked: {len(result.articles[0].sentences)} sentences"
        except CommuniqueError as exc:
            outcome = f"error: {exc.message}"
        secs = time.perf_counter() - t
        grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
        print(f"{name:<42} {secs:>6.1f} {grown:>9.0f}  {outcome[:100]}", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--small", action="store_true")
    ap.add_argument("--sizes", default="")
    ap.add_argument("--stages", default="segment,analyze,check")
    ap.add_argument("--check-max", type=int, default=10_000)
    ap.add_argument("--hostile", action="store_true", help="Time the hostile inputs instead.")
    args = ap.parse_args()
    if args.hostile:
        hostile()
        return
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
