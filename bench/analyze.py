#!/usr/bin/env python3
"""Provisions figures: `analyze` on the real statements with gold provisions and on the packs' statements.

usage: python bench/analyze.py [--small] [--real DIR ...] [--corpus DIR] [--packs DIR ...] [--show]
Real statements are read as `communique analyze FILE` reads them (no parties given: issuers come from
the statement itself); a pack's statement gets its manifest's issuers and date, as `check` does. Prints
per statement and pooled figures (acts F1, commitment F1, actor and deadline accuracy), the range when
one statement is left out, and the sample (`cpfmsd-7`) alone. --small scores four real statements and
three packs (what CI runs); --show prints every gold provision that is missed; --no-manifest reads the
packs' statements as `analyze` reads a bare file (issuers from the text).
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from pathlib import Path
from typing import Any

from _common import SHARED, quiet
from communique import Checker, Options
from communique.evaluate import _find, score_provisions
from communique.report.jsonout import provision_to_dict

KEYS = ("acts_f1", "commitment_f1", "actor_acc", "deadline_acc", "provisions_found")
SMALL_REAL = (
    "2024-04-02-readout-biden-xi-call",
    "2025-02-07-us-japan-joint-leaders-statement",
    "2024-08-08-us-egypt-qatar-gaza-ceasefire",
    "2022-12-15-us-africa-food-security",
)
SMALL_PACKS = ("cpfmsd-7", "leaders-call-readout", "g20-finance")


def _line(f: dict[str, Any]) -> str:
    return " ".join(f"{k}={f[k]:.3f}" for k in KEYS if isinstance(f.get(k), float))


def pooled(raws: list[dict[str, Any]]) -> dict[str, Any]:
    """Figures over several statements, every gold provision counted once."""
    m: Counter[str] = Counter()
    for r in raws:
        m.update(r["m"])
    tp, fp, fn = (sum(r["acts"][i] for r in raws) for i in range(3))
    p = tp / (tp + fp) if tp + fp else 0.0
    rc = tp / (tp + fn) if tp + fn else 0.0
    cp = m["c_tp"] / (m["c_tp"] + m["c_fp"]) if m["c_tp"] + m["c_fp"] else 0.0
    cr = m["c_tp"] / (m["c_tp"] + m["c_fn"]) if m["c_tp"] + m["c_fn"] else 0.0

    def f1(a: float, b: float) -> float:
        return 2 * a * b / (a + b) if a + b else 0.0

    return {
        "acts_f1": f1(p, rc),
        "commitment_f1": f1(cp, cr),
        "actor_acc": m["actor_ok"] / m["n"] if m["n"] else 0.0,
        "deadline_acc": m["deadline_ok"] / m["deadlines"] if m["deadlines"] else None,
        "provisions_found": m["found"] / m["n"] if m["n"] else 0.0,
        "n": m["n"],
        "deadlines": m["deadlines"],
    }


def _score(
    checker: Checker,
    path: Path,
    gold: list[dict[str, Any]],
    parties: list[str] | None,
    date: str | None,
    show: bool,
) -> dict[str, Any]:
    doc = checker.read_statement(path, date=date)
    provs = [provision_to_dict(p) for p in checker.provisions(checker.segment(doc), parties=parties)]
    res = score_provisions(doc.text, gold, {"source": {"provisions": provs}})
    if show:
        for g in gold:
            span = _find(doc.text, g["anchor"])
            hit = [p for p in provs if span and p["start"] < span[1] and span[0] < p["end"]]
            acts = sorted({x for p in hit for x in p["acts"]})
            actors = {p["actor"] for p in hit}
            years = {str(p.get("deadline") or "")[:4] for p in hit}
            bad = []
            if set(acts) != set(g["acts"]):
                bad.append(f"acts {acts} ≠ {sorted(g['acts'])}")
            if g["actor"] not in actors:
                bad.append(f"actor {sorted(actors)} ≠ {g['actor']}")
            if g.get("deadline_year") and g["deadline_year"] not in years:
                bad.append(f"deadline {sorted(years)} ≠ {g['deadline_year']}")
            if bad:
                print(f"    {g['anchor'][:70]!r}: {'; '.join(bad)}")
    return res


def _report(title: str, results: dict[str, dict[str, Any]]) -> dict[str, Any]:
    for name, r in results.items():
        print(f"  {name}: {_line(r)}")
    raws = {n: r["_prov_raw"] for n, r in results.items()}
    pool = pooled(list(raws.values()))
    print(
        f"{title} pooled ({len(results)}, {pool['n']} provisions, {pool['deadlines']} deadlines): {_line(pool)}"
    )
    if len(raws) > 2:
        loo = {n: pooled([r for k, r in raws.items() if k != n]) for n in raws}
        for key in KEYS[:4]:
            vals = [v[key] for v in loo.values() if isinstance(v.get(key), float)]
            if vals:
                print(f"  leave one out, {key}: {min(vals):.3f} – {max(vals):.3f}")
    return pool


def real(checker: Checker, labels: list[Path], corpus: Path, small: bool, show: bool) -> dict[str, Any]:
    results: dict[str, dict[str, Any]] = {}
    for d in labels:
        for lab in sorted(d.glob("*.provisions.json")):
            stem = lab.name[: -len(".provisions.json")]
            if small and stem not in SMALL_REAL:
                continue
            src = corpus / f"{stem}.txt"
            if not src.exists():
                continue
            if show:
                print(f"  {stem}")
            gold = json.loads(lab.read_text(encoding="utf-8"))
            results[stem] = _score(checker, src, gold, None, None, show)
    return _report("real statements", results) if results else {}


def packs(
    checker: Checker, roots: list[Path], small: bool, show: bool, manifest: bool = True
) -> dict[str, Any]:
    results: dict[str, dict[str, Any]] = {}
    for root in roots:
        for pack in sorted(p for p in root.iterdir() if (p / "provisions.json").exists()):
            if small and pack.name not in SMALL_PACKS:
                continue
            man = json.loads((pack / "manifest.json").read_text(encoding="utf-8"))
            src = man.get("source", {})
            if show:
                print(f"  {pack.name}")
            gold = json.loads((pack / "provisions.json").read_text(encoding="utf-8"))
            results[pack.name] = _score(
                checker,
                pack / src["file"],
                gold,
                (src.get("issued_by") or None) if manifest else None,
                man.get("date"),
                show,
            )
    pool = _report("packs", results) if results else {}
    if "cpfmsd-7" in results:
        print(f"sample cpfmsd-7: {_line(results['cpfmsd-7'])}")
    return pool


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--small", action="store_true")
    ap.add_argument("--show", action="store_true", help="print every gold provision that is missed")
    ap.add_argument(
        "--no-manifest",
        action="store_true",
        help="read the packs' statements without their manifests' issuers",
    )
    ap.add_argument("--real", nargs="*", type=Path, default=[SHARED / "eval" / "statements-real"])
    ap.add_argument("--corpus", type=Path, default=SHARED / "corpus" / "real-statements")
    ap.add_argument("--packs", nargs="*", type=Path, default=[SHARED / "eval" / "packs"])
    a = ap.parse_args()
    quiet()
    checker = Checker(Options(use_embeddings=False))
    t = time.perf_counter()
    real(checker, [p for p in a.real if p.is_dir()], a.corpus, a.small, a.show)
    packs(checker, [p for p in a.packs if p.is_dir()], a.small, a.show, not a.no_manifest)
    print(f"({time.perf_counter() - t:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
