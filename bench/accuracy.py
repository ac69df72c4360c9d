#!/usr/bin/env python3
"""Accuracy figures: the gold packs (per pack, pooled, leave-one-pack-out) and balanced accuracy on the
external test splits (SummEdits news, FRANK CNN/DM).

usage: python bench/accuracy.py [--small] [--split test|dev] [--limit N] [--packs DIR ...]
--small runs three packs (the sample and two others) and the first 40 pairs of each external test split
(what CI runs). Pooled figures count every claim of every pack once; "leave one out" gives, for each
pack, the pooled figure of the others — the range shows how much one pack moves the figure.
Prints one line per benchmark; JSON details go to bench/results/.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

from _common import ROOT, SHARED, quiet
from communique import Checker, Options, result_to_dict
from communique.evaluate import POOLED, leave_one_out, packs_in, pool, run_packs

RESULTS = ROOT / "bench" / "results"
SMALL_PACKS = ("cpfmsd-7", "g20-finance", "arms-control")


def _line(figures: dict) -> str:
    return " ".join(f"{k}={figures[k]:.3f}" for k in POOLED if isinstance(figures.get(k), float))


def packs(checker: Checker, paths: list[Path], small: bool) -> dict:
    found = packs_in(paths)
    if small:
        found = [p for p in found if p.name in SMALL_PACKS]
    t = time.perf_counter()
    results = run_packs(checker, found)
    secs = time.perf_counter() - t
    for name, r in results.items():
        print(f"pack {name}: {_line(r)}")
    pooled = pool(list(results.values()))
    loo = leave_one_out(results) if len(results) > 2 else {}
    print(f"pooled ({len(results)} packs, {pooled['claims']} claims, {secs:.0f} s): {_line(pooled)}")
    for key in ("flagged_f1", "verdict_macro_f1", "unsupported_f1", "contradicted_f1", "kind_acc"):
        vals = [v[key] for v in loo.values()]
        if vals:
            print(
                f"  leave one pack out, {key}: {min(vals):.3f} – {max(vals):.3f} (pooled {pooled[key]:.3f})"
            )
    for defect, c in pooled["defect_recall"].items():
        print(
            f"  recall {defect}: {c.get('flagged', 0)}/{c['n']} flagged, {c.get('exact', 0)}/{c['n']} exact"
        )
    strip = {n: {k: v for k, v in r.items() if not k.startswith("_")} for n, r in results.items()}
    return {
        "packs": strip,
        "pooled": pooled,
        "leave_one_out": {n: {k: v for k, v in p.items()} for n, p in loo.items()},
    }


def pairs(checker: Checker, name: str, split: str, limit: int | None) -> dict:
    src = SHARED / "eval" / "external" / name
    rows = [json.loads(line) for line in src.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = [r for r in rows if r.get("split") == split]
    if limit:
        # keep both labels in a small sample: alternate consistent and inconsistent rows
        pos = [r for r in rows if r["label"] == 1][: (limit + 1) // 2]
        neg = [r for r in rows if r["label"] == 0][: limit // 2]
        rows = pos + neg
    RESULTS.mkdir(parents=True, exist_ok=True)
    gold = RESULTS / f"{name}.{split}.gold.jsonl"
    pred = RESULTS / f"{name}.{split}.pred.jsonl"
    gold.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    t = time.perf_counter()
    with pred.open("w", encoding="utf-8") as fh:
        for pid, result in checker.check_pairs(rows):
            data = result_to_dict(result)
            fh.write(json.dumps({"id": pid, **data}, ensure_ascii=False) + "\n")
    secs = time.perf_counter() - t
    run = subprocess.run(
        [sys.executable, str(SHARED / "eval" / "score_pairs.py"), str(gold), str(pred), "--split", split],
        capture_output=True,
        text=True,
        check=True,
    )
    out = json.loads(run.stdout.splitlines()[0])
    print(
        f"{name} [{split}] {run.stdout.strip().splitlines()[-1]} ({secs:.0f} s, {len(rows) / secs:.1f} pairs/s)"
    )
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--small", action="store_true", help="CI size: three packs, 40 pairs per external set")
    ap.add_argument("--split", default="test", choices=["test", "dev"])
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument(
        "--packs", type=Path, nargs="*", default=None, help="pack folders (default: shared packs)"
    )
    ap.add_argument("--no-pairs", action="store_true", help="skip the external pair sets")
    a = ap.parse_args()
    if not (SHARED / "eval").exists():
        print(f"no shared material at {SHARED}; set COMMUNIQUE_SHARED", file=sys.stderr)
        return 2
    quiet()
    checker = Checker(Options(progress=False))
    limit = 40 if a.small and a.limit is None else a.limit
    report = {"packs": packs(checker, a.packs or [SHARED / "eval" / "packs"], a.small)}
    if not a.no_pairs:
        for name in ("summedits_news.pairs.jsonl", "frank_cnndm.pairs.jsonl"):
            report[name] = pairs(checker, name, a.split, limit)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "accuracy.json").write_text(json.dumps(report, indent=1, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
