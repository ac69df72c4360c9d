"""The entailment judge alone on the external pair sets: balanced accuracy on the test split at the
threshold that is best on the dev split.

Each summary is cut into sentences; each sentence is scored against the three source sentences that share
most words with it (``communique.judge.premise``); the summary's score is its lowest sentence's. Scores
are written to OUT (one JSON line per row) so that a threshold can be chosen again without rescoring.

    python bench/judge.py [--model PATH] [--sets summedits_news frank_cnndm] [--out /tmp/judge-scores]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from communique import judge  # noqa: E402

SHARED = ROOT.parent / "shared"
if not SHARED.is_dir():
    SHARED = Path("/work/shared")
EXTERNAL = SHARED / "eval" / "external"


def balanced_accuracy(scores: list[float], labels: list[int], threshold: float) -> float:
    pos = [s >= threshold for s, y in zip(scores, labels, strict=True) if y == 1]
    neg = [s < threshold for s, y in zip(scores, labels, strict=True) if y == 0]
    return (sum(pos) / max(1, len(pos)) + sum(neg) / max(1, len(neg))) / 2


def best_threshold(scores: list[float], labels: list[int]) -> tuple[float, float]:
    cands = sorted(set(scores))
    best = max(((balanced_accuracy(scores, labels, t), t) for t in cands), default=(0.5, 0.5))
    return best[1], best[0]


def score_set(name: str, model: str, out: Path) -> dict[str, float | int]:
    rows = [json.loads(line) for line in (EXTERNAL / f"{name}.pairs.jsonl").open(encoding="utf-8")]
    done: dict[str, float] = {}
    cache = out / f"{name}.scores.jsonl"
    if cache.is_file():
        for line in cache.open(encoding="utf-8"):
            r = json.loads(line)
            done[r["id"]] = r["score"]
    started = time.monotonic()
    n_pairs = 0
    # the edited summaries of one document share most of their sentences: score each pair once
    seen: dict[tuple[str, str], float] = {}
    with cache.open("a", encoding="utf-8") as fh:
        for row in rows:
            if row["id"] in done:
                continue
            claims = judge.sentences(row["article"]) or [row["article"]]
            pairs = [(c, judge.premise(row["source"], c)) for c in claims]
            new = [p for p in dict.fromkeys(pairs) if p not in seen]
            seen.update(zip(new, judge.score(new, model), strict=True))
            n_pairs += len(new)
            done[row["id"]] = min(seen[p] for p in pairs)
            fh.write(json.dumps({"id": row["id"], "score": done[row["id"]]}) + "\n")
    secs = time.monotonic() - started
    dev = [(done[r["id"]], r["label"]) for r in rows if r["split"] == "dev"]
    test = [(done[r["id"]], r["label"]) for r in rows if r["split"] == "test"]
    t, dev_bacc = best_threshold([s for s, _ in dev], [y for _, y in dev])
    test_bacc = balanced_accuracy([s for s, _ in test], [y for _, y in test], t)
    return {
        "threshold": round(t, 4),
        "dev_balanced_accuracy": round(dev_bacc, 4),
        "test_balanced_accuracy": round(test_bacc, 4),
        "test_rows": len(test),
        "pairs_scored": n_pairs,
        "pairs_per_s": round(n_pairs / secs, 2) if n_pairs else 0.0,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--model", default="", help="a cross-encoder path; empty: the shipped judge")
    ap.add_argument("--sets", nargs="+", default=["summedits_news", "frank_cnndm"])
    ap.add_argument("--out", type=Path, default=Path("/tmp/judge-scores"))
    ap.add_argument("--threads", type=int, default=2)
    a = ap.parse_args()
    import torch

    torch.set_num_threads(a.threads)
    a.out.mkdir(parents=True, exist_ok=True)
    report = {name: score_set(name, a.model, a.out) for name in a.sets}
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
