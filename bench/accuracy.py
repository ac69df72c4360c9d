#!/usr/bin/env python3
"""Accuracy figures: the dev gold (reference scorer) and balanced accuracy on the external test splits.

usage: python bench/accuracy.py [--small] [--split test|dev] [--limit N]
--small runs the dev gold and the first 40 pairs of each external test split (what CI runs).
Prints one line per benchmark; JSON details go to bench/results/.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time

from _common import ROOT, SHARED, quiet
from communique import Checker, Options, result_to_dict

RESULTS = ROOT / "bench" / "results"


def dev_gold(checker: Checker) -> dict:
    corpus = SHARED / "corpus" / "cpfmsd-7"
    data = result_to_dict(checker.check_corpus(corpus), base=corpus)
    RESULTS.mkdir(parents=True, exist_ok=True)
    pred = RESULTS / "dev_check.json"
    pred.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    run = subprocess.run(
        [
            sys.executable,
            str(SHARED / "eval" / "score.py"),
            "--corpus",
            str(corpus),
            "--claims",
            str(SHARED / "eval" / "dev" / "claims.json"),
            "--provisions",
            str(SHARED / "eval" / "dev" / "provisions.json"),
            str(pred),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    print("dev gold (reference scorer):", run.stdout.strip().splitlines()[-1])
    return json.loads(run.stdout[: run.stdout.rindex("}") + 1])


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
    ap.add_argument("--small", action="store_true", help="CI size: 40 pairs per external set")
    ap.add_argument("--split", default="test", choices=["test", "dev"])
    ap.add_argument("--limit", type=int, default=None)
    a = ap.parse_args()
    if not (SHARED / "eval").exists():
        print(f"no shared material at {SHARED}; set COMMUNIQUE_SHARED", file=sys.stderr)
        return 2
    quiet()
    checker = Checker(Options(progress=False))
    limit = 40 if a.small and a.limit is None else a.limit
    report = {"dev_gold": dev_gold(checker)}
    for name in ("summedits_news.pairs.jsonl", "frank_cnndm.pairs.jsonl"):
        report[name] = pairs(checker, name, a.split, limit)
    (RESULTS / "accuracy.json").write_text(json.dumps(report, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
