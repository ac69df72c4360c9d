#!/usr/bin/env python3
"""Build the confidence table (src/communique/data/calibration.json) from gold packs, and report how
well it is calibrated with each pack left out. The shipped table is built from the dev packs and the
real-news packs of docs/evaluation.md (their texts are kept outside the repository; the table holds only
shares of right flags).

usage: python scripts/calibrate.py [--packs DIR ...] [--write] [--min-count N] [--prior-weight W]

Every flag the checker raises on a gold claim or non-claim is counted as right when the gold flags that
sentence too (any flagged verdict). A flag's kind is its verdict and first issue type
(``communique.verify.confidence.key_of``). The table gives each kind seen at least ``--min-count`` times
its share of right flags, smoothed towards its verdict's share with ``--prior-weight`` pseudo-counts.
Leave-one-pack-out: the table built from the other packs is scored on the left-out pack's flags (Brier
score and precision of the flags at or above 0.5, 0.6, 0.7), against the figures with no confidence.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT / "src"))

from communique import Checker, Options  # noqa: E402
from communique.evaluate import packs_in  # noqa: E402
from communique.verify.confidence import FLAGGED, key_of  # noqa: E402

OUT = ROOT / "src" / "communique" / "data" / "calibration.json"


def _words(s: str) -> set[str]:
    return set(re.sub(r"\s+", " ", s).strip().split())


def flags(checker: Checker, pack: Path) -> list[tuple[str, str, bool]]:
    """(verdict, kind, right) for every flag on a gold sentence of the pack."""
    gold = json.loads((pack / "claims.json").read_text(encoding="utf-8"))
    result = checker.check_corpus(pack)
    by_doc = {Path(a.article.document.path).name: a for a in result.articles}
    out = []
    for g in gold:
        art = by_doc.get(g["doc"])
        if art is None:
            continue
        gw = _words(g["text"])
        best = max(art.sentences, key=lambda c: len(gw & _words(c.sentence.text)), default=None)
        if best is None or best.kind != "claim" or best.verdict not in FLAGGED:
            continue
        right = g["kind"] == "claim" and g.get("verdict") in FLAGGED
        out.append((str(best.verdict), key_of(str(best.verdict), best.issues), right))
    return out


def build(
    rows: list[tuple[str, str, bool]], min_count: int, prior_weight: float, packs: int = 0
) -> dict[str, Any]:
    n_v: Counter[str] = Counter()
    r_v: Counter[str] = Counter()
    n_k: Counter[str] = Counter()
    r_k: Counter[str] = Counter()
    for verdict, kind, right in rows:
        n_v[verdict] += 1
        r_v[verdict] += right
        n_k[kind] += 1
        r_k[kind] += right
    prior = sum(r_v.values()) / max(1, sum(n_v.values()))
    by_verdict = {v: (r_v[v] + prior_weight * prior) / (n_v[v] + prior_weight) for v in n_v}
    by_key = {
        k: (r_k[k] + prior_weight * by_verdict[k.split("/")[0]]) / (n_k[k] + prior_weight)
        for k in n_k
        if n_k[k] >= min_count
    }
    return {
        "method": f"share of right flags per verdict/first-issue kind on {packs} gold packs, smoothed to the verdict",
        "prior": round(prior, 3),
        "by_verdict": {k: round(v, 3) for k, v in sorted(by_verdict.items())},
        "by_key": {k: round(v, 3) for k, v in sorted(by_key.items())},
        "counts": {k: n_k[k] for k in sorted(n_k)},
    }


def score(rows: list[tuple[str, str, bool]], table: dict[str, Any]) -> list[tuple[float, bool]]:
    out = []
    for verdict, kind, right in rows:
        p = table["by_key"].get(kind, table["by_verdict"].get(verdict, table["prior"]))
        out.append((float(p), right))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--packs", nargs="*", type=Path, default=[SHARED / "eval" / "packs"])
    ap.add_argument("--write", action="store_true", help=f"write the table built from all packs to {OUT}")
    ap.add_argument("--min-count", type=int, default=4)
    ap.add_argument("--prior-weight", type=float, default=4.0)
    args = ap.parse_args()
    checker = Checker(Options(progress=False))
    per_pack = {p.name: flags(checker, p) for p in packs_in(args.packs)}
    held: list[tuple[float, bool]] = []
    for name in per_pack:
        rest = [r for n, rows in per_pack.items() if n != name for r in rows]
        held += score(per_pack[name], build(rest, args.min_count, args.prior_weight))
    n = len(held)
    right = sum(r for _, r in held)
    print(f"flags on gold sentences: {n}, right {right} (precision {right / max(1, n):.3f})")
    brier = sum((p - r) ** 2 for p, r in held) / max(1, n)
    base = right / max(1, n)
    brier0 = sum((base - r) ** 2 for _, r in held) / max(1, n)
    print(f"leave one pack out: Brier {brier:.3f} (one share for all flags: {brier0:.3f})")
    for cut in (0.5, 0.6, 0.7, 0.8):
        kept = [r for p, r in held if p >= cut]
        print(f"  confidence >= {cut}: {len(kept)} flags kept, precision {sum(kept) / max(1, len(kept)):.3f}")
    table = build(
        [r for rows in per_pack.values() for r in rows], args.min_count, args.prior_weight, len(per_pack)
    )
    if args.write:
        OUT.write_text(json.dumps(table, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {OUT}")
    else:
        print(json.dumps(table, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
