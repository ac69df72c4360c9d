#!/usr/bin/env python3
"""The gold packs pooled (and leave one pack out) with the entailment judge switched on or off.

usage: python bench/judge_packs.py on|off [--threshold T] [--model PATH] [--packs DIR ...]
The same figures as ``bench/accuracy.py --no-pairs``, for one setting of the ``judge`` check; the JSON
goes to bench/results/judge-packs-<on|off>.json.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from _common import SHARED, quiet
from accuracy import RESULTS, packs
from communique import Checker, Options


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("judge", choices=["on", "off"])
    ap.add_argument("--threshold", type=float, default=None)
    ap.add_argument("--model", default="")
    ap.add_argument("--packs", type=Path, nargs="*", default=None)
    a = ap.parse_args()
    if not (SHARED / "eval").exists():
        print(f"no shared material at {SHARED}; set COMMUNIQUE_SHARED", file=sys.stderr)
        return 2
    quiet()
    cfg: dict[str, object] = {"enabled": a.judge == "on", "model": a.model}
    if a.threshold is not None:
        cfg["threshold"] = a.threshold
    checker = Checker(Options(progress=False), checks={"judge": cfg})
    report = packs(checker, a.packs or [SHARED / "eval" / "packs"], False)
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"judge-packs-{a.judge}.json"
    out.write_text(json.dumps(report, indent=1, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
