#!/usr/bin/env python3
"""Reproduce how the verification thresholds were chosen: sweep each over a grid on dev data only.

usage: python scripts/tune.py [--corpus DIR] [--gold DIR] [--pairs N] [--only NAME ...]

For each threshold, every value of its grid is set (the others keep their defaults) and the dev gold
is scored with `communique.evaluate`; thresholds of the substitution checks are also scored on the
`dev` split of SummEdits (balanced accuracy, the first N dev pairs). The value in use is marked `*`.
Nothing here reads a test split. docs/evaluation.md says why each value was kept.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT / "src"))

from communique import Checker, Options, align, result_to_dict, verify  # noqa: E402
from communique.evaluate import evaluate  # noqa: E402

FLAGGED = {"partial", "misquote", "unsupported", "contradicted"}
METRICS = ("kind_acc", "verdict_macro_f1", "flagged_f1", "evidence_hit", "coverage_f1")

# (module, name, grid, also scored on SummEdits dev)
GRID: list[tuple[Any, str, list[float], bool]] = [
    (verify, "SWAP_SIMILARITY", [0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6], True),
    (verify, "TRUSTED_EVIDENCE", [0.66, 0.69, 0.72, 0.735, 0.75, 0.78], False),
    (verify, "COMMENTARY_SUPPORT", [0.6, 0.63, 0.66, 0.69, 0.72, 0.75, 0.78], False),
    (align, "CLAUSE_EVIDENCE", [0.6, 0.7, 0.78, 0.85], False),
    (align, "COMPLETION_FLOOR", [0.2, 0.3, 0.4, 0.5, 0.6], False),
    (align, "RARE_IN", [1, 2, 3, 5], False),
]


@contextmanager
def patched(module: Any, name: str, value: float) -> Iterator[None]:
    old = getattr(module, name)
    setattr(module, name, value)
    try:
        yield
    finally:
        setattr(module, name, old)


def dev_gold(checker: Checker, corpus: Path, gold: Path) -> dict[str, Any]:
    return evaluate(corpus, gold, result_to_dict(checker.check_corpus(corpus), base=corpus))


def summedits_dev(checker: Checker, n: int) -> float | None:
    path = SHARED / "eval" / "external" / "summedits_news.pairs.jsonl"
    if n <= 0 or not path.exists():
        return None
    rows = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
    rows = [r for r in rows if r.get("split") == "dev"][:n]
    right = {0: 0, 1: 0}
    total = {0: 0, 1: 0}
    for row, (_, res) in zip(rows, checker.check_pairs(rows), strict=True):
        label = int(row["label"])
        consistent = not any(c.verdict in FLAGGED for a in res.articles for c in a.sentences)
        total[label] += 1
        right[label] += int(consistent) == label
    if not total[0] or not total[1]:
        return None
    return 0.5 * (right[0] / total[0] + right[1] / total[1])


def sweep(
    name: str, module: Any, grid: list[float], score: Callable[[], tuple[dict[str, Any], float | None]]
) -> None:
    current = getattr(module, name)
    print(f"\n{module.__name__}.{name} (in use: {current})")
    print("  value  " + "  ".join(f"{m:>16}" for m in METRICS) + "  summedits_dev")
    for value in grid:
        with patched(module, name, value):
            metrics, bacc = score()
        mark = "*" if value == current else " "
        cells = "  ".join(f"{metrics[m]:>16.3f}" for m in METRICS)
        print(f" {mark}{value:<6} {cells}  {'' if bacc is None else f'{bacc:.3f}'}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=SHARED / "corpus" / "cpfmsd-7")
    ap.add_argument("--gold", type=Path, default=SHARED / "eval" / "dev")
    ap.add_argument("--pairs", type=int, default=133, help="SummEdits dev pairs (0: none)")
    ap.add_argument("--only", nargs="*", default=None, help="threshold names to sweep")
    a = ap.parse_args()
    if not (a.corpus / "manifest.json").exists() or not a.gold.exists():
        print(f"error: need the dev corpus and gold ({a.corpus}, {a.gold})", file=sys.stderr)
        return 2
    checker = Checker(Options(progress=False))
    for module, name, grid, on_pairs in GRID:
        if a.only and name not in a.only:
            continue

        def score(on_pairs: bool = on_pairs) -> tuple[dict[str, Any], float | None]:
            return dev_gold(checker, a.corpus, a.gold), summedits_dev(checker, a.pairs if on_pairs else 0)

        sweep(name, module, grid, score)
    return 0


if __name__ == "__main__":
    sys.exit(main())
