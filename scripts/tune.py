#!/usr/bin/env python3
"""Reproduce how the verification settings were chosen: sweep each over a grid on the gold packs, with
leave-one-pack-out selection.

usage: python scripts/tune.py [--packs DIR ...] [--only NAME ...]
       [--objective flagged_f1|verdict_macro_f1|both|kinds]

For each setting (a check's, ``communique.verify.default_config``; or ``min_support``), every value of its
grid is set (the others keep their defaults), every pack is checked and scored, and the script prints per
value the pooled figures. Then, leaving each pack out in turn, it picks the value that maximises the
objective on the other packs and scores the left-out pack with it: pooling those held-out results gives
the leave-one-pack-out (LOPO) figure, the honest estimate of how the chosen value does on a statement it
was not chosen on. The value in use is marked `*`; `lopo:` lists the value each fold chose.
Parsing is done once (the Checker keeps parsed articles and sources), so a sweep re-runs only alignment
and verification. docs/evaluation.md says why each value was kept.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT / "src"))

from communique import Checker, Options  # noqa: E402
from communique.evaluate import packs_in, pool, run_packs  # noqa: E402
from communique.verify import default_config  # noqa: E402

METRICS = ("flagged_f1", "verdict_macro_f1", "unsupported_f1", "contradicted_f1", "kind_acc")

# (group, setting, grid); group "options" is a field of Options, any other a check's settings.
GRID: list[tuple[str, str, list[Any]]] = [
    ("options", "min_support", [0.4, 0.45, 0.5, 0.55, 0.6, 0.65]),
    ("grounding", "paraphrase_similarity", [0.3, 0.35, 0.4, 0.45, 0.5, 0.6]),
    ("grounding", "unsupported_share", [0.34, 0.5, 0.67, 1.01]),
    ("swaps", "swap_similarity", [0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5]),
    ("lists", "trusted_evidence", [0.66, 0.7, 0.735, 0.78, 0.85]),
    ("kinds", "background_support", [0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8]),
    ("kinds", "attributed_support", [0.55, 0.6, 0.65, 0.7, 0.75, 0.8]),
    ("kinds", "commentary_support", [0.55, 0.6, 0.65, 0.69, 0.75]),
    ("modality", "min_gap", [1, 2, 3]),
    ("quotes", "min_words", [2, 3, 4, 5, 6]),
    ("numbers", "money_added", [True, False]),
]


def objective(figures: dict[str, Any], how: str) -> float:
    if how == "both":
        return 0.5 * (figures["flagged_f1"] + figures["verdict_macro_f1"])
    if how == "kinds":  # the claim/commentary settings: a flag on a non-claim misleads a reader as much
        return (figures["flagged_f1"] + figures["verdict_macro_f1"] + figures["kind_acc"]) / 3
    return float(figures[how])


def sweep(
    checker: Checker, packs: list[Path], group: str, name: str, grid: list[Any], how: str
) -> dict[str, Any]:
    base_options = checker.options
    base_config = checker.check_config
    current = getattr(base_options, name) if group == "options" else base_config[group][name]
    per_value: dict[Any, dict[str, dict[str, Any]]] = {}
    try:
        for value in grid:
            if group == "options":
                checker.options = base_options.replace(**{name: value})
            else:
                checker.check_config = {**base_config, group: {**base_config[group], name: value}}
            per_value[value] = run_packs(checker, packs)
    finally:
        checker.options, checker.check_config = base_options, base_config
    print(f"\n{group}.{name} (in use: {current})")
    print("  value   " + "  ".join(f"{m:>16}" for m in METRICS))
    for value, results in per_value.items():
        pooled = pool(list(results.values()))
        mark = "*" if value == current else " "
        print(f" {mark}{value!s:<7} " + "  ".join(f"{pooled[m]:>16.3f}" for m in METRICS))
    # leave one pack out: choose on the others, score the one left out
    names = [p.name for p in packs]
    held_out, chosen = [], []
    for left in names:

        def score(value: Any, left: str = left) -> float:
            others = [r for n, r in per_value[value].items() if n != left]
            return objective(pool(others), how)

        best = max(grid, key=lambda v: (score(v), v == current))
        chosen.append(best)
        held_out.append(per_value[best][left])
    lopo = pool(held_out)
    print("  lopo    " + "  ".join(f"{lopo[m]:>16.3f}" for m in METRICS))
    counts = Counter(chosen)
    print("  lopo: chose " + ", ".join(f"{v} ×{c}" for v, c in counts.most_common()))
    return {"lopo": lopo, "chosen": chosen}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "--packs", type=Path, nargs="*", default=None, help="pack folders (default: shared packs)"
    )
    ap.add_argument("--only", nargs="*", default=None, help="setting names to sweep")
    ap.add_argument(
        "--objective", default="both", choices=["flagged_f1", "verdict_macro_f1", "both", "kinds"]
    )
    a = ap.parse_args()
    packs = packs_in(a.packs or [SHARED / "eval" / "packs"])
    if not packs:
        print("error: no gold packs found (folders with claims.json)", file=sys.stderr)
        return 2
    checker = Checker(Options(progress=False))
    known = {n for _, n, _ in GRID}
    if a.only and not set(a.only) <= known:
        print(
            f"error: unknown setting(s) {sorted(set(a.only) - known)}; known: {sorted(known)}",
            file=sys.stderr,
        )
        return 2
    defaults = default_config()
    for group, name, grid in GRID:
        if a.only and name not in a.only:
            continue
        if group != "options" and name not in defaults.get(group, {}):
            print(f"error: {group}.{name} is not a check setting", file=sys.stderr)
            return 2
        sweep(checker, packs, group, name, grid, a.objective)
    return 0


if __name__ == "__main__":
    sys.exit(main())
