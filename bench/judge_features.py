"""A second design for the entailment judge, measured beside the cross-encoder: logistic regression over
lexical features of (claim, premise), trained on the same pairs (``scripts/make_judge_data.py``).

Features: the share of the claim's content words, bigrams, numbers and capitalised words that the premise
lacks; a negation or a modal verb on one side only; the claim's length; with ``--embeddings``, also the
cosine of the claim and the premise under the frozen all-MiniLM-L6-v2 embedder (the pipeline's). Scored like ``bench/judge.py``
(each summary sentence against its premise, the lowest sentence's score; threshold best on dev, balanced
accuracy on test).

    python bench/judge_features.py DATA.jsonl [--embeddings] [--limit N]
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from communique.judge import premise, sentences  # noqa: E402
from communique.textnorm import content_keys  # noqa: E402
from judge import EXTERNAL, balanced_accuracy, best_threshold  # noqa: E402

_NUM = re.compile(r"\d[\d,.]*")
_CAP = re.compile(r"(?<!^)(?<![.!?] )\b[A-Z][a-z]+")
_NEG = re.compile(r"\b(?:not|no|never|n't|nor|without)\b", re.I)
_MODAL = re.compile(r"\b(?:may|might|could|would|should|must|will|shall|can)\b", re.I)


def features(claim: str, prem: str) -> list[float]:
    ck, pk = content_keys(claim), set(content_keys(prem))
    bigrams = list(itertools.pairwise(ck))
    pb = set(itertools.pairwise(content_keys(prem)))
    nums = _NUM.findall(claim)
    caps = _CAP.findall(claim)
    return [
        sum(k not in pk for k in ck) / max(1, len(ck)),
        float(any(k not in pk for k in ck)),
        sum(b not in pb for b in bigrams) / max(1, len(bigrams)),
        sum(n not in prem for n in nums) / max(1, len(nums)),
        float(any(n not in prem for n in nums)),
        sum(c not in prem for c in caps) / max(1, len(caps)),
        float(bool(_NEG.search(claim)) != bool(_NEG.search(prem))),
        float(
            bool(set(m.lower() for m in _MODAL.findall(claim)) - set(m.lower() for m in _MODAL.findall(prem)))
        ),
        min(1.0, len(ck) / 30),
    ]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("data", type=Path)
    ap.add_argument("--embeddings", action="store_true", help="add the frozen MiniLM cosine")
    ap.add_argument("--limit", type=int, default=0, help="train on the first N pairs only")
    a = ap.parse_args()
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    from communique.nlp import embed, load_embedder

    embedder = load_embedder("all-MiniLM-L6-v2") if a.embeddings else None

    def table(pairs: list[tuple[str, str]]) -> Any:
        x = np.array([features(c, p) for c, p in pairs])
        if embedder is None:
            return x
        vecs = embed(embedder, [c for c, _ in pairs] + [p for _, p in pairs])
        assert vecs is not None
        cos = (vecs[: len(pairs)] * vecs[len(pairs) :]).sum(axis=1)
        return np.column_stack([x, cos])

    rows = [json.loads(line) for line in a.data.open(encoding="utf-8")]
    if a.limit:
        rows = rows[: a.limit]
    x = table([(r["claim"], r["premise"]) for r in rows])
    y = np.array([r["label"] for r in rows])
    model = LogisticRegression(max_iter=1000).fit(x, y)
    report: dict[str, dict[str, float]] = {"train": {"accuracy": round(float(model.score(x, y)), 4)}}
    for name in ("summedits_news", "frank_cnndm"):
        scored: dict[str, list[tuple[float, int]]] = {"dev": [], "test": []}
        ext = [json.loads(line) for line in (EXTERNAL / f"{name}.pairs.jsonl").open(encoding="utf-8")]
        owners: list[int] = []
        pairs: list[tuple[str, str]] = []
        for k, row in enumerate(ext):
            for c in sentences(row["article"]) or [row["article"]]:
                owners.append(k)
                pairs.append((c, premise(row["source"], c)))
        probs = model.predict_proba(table(pairs))[:, 1]
        lowest: dict[int, float] = {}
        for k, pr in zip(owners, probs, strict=True):
            lowest[k] = min(lowest.get(k, 1.0), float(pr))
        for k, row in enumerate(ext):
            scored[row["split"]].append((lowest[k], row["label"]))
        t, dev = best_threshold([s for s, _ in scored["dev"]], [lab for _, lab in scored["dev"]])
        test = balanced_accuracy([s for s, _ in scored["test"]], [lab for _, lab in scored["test"]], t)
        report[name] = {"threshold": round(t, 4), "dev": round(dev, 4), "test": round(test, 4)}
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
