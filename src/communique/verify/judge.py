"""Rewordings the evidence does not say: the entailment judge's view where the typed checks see nothing.

The judge (``communique.judge``, a cross-encoder trained on statement passages) scores the claim against
its evidence passages. When the best passage scores below ``threshold``, the claim says something the
evidence does not, though no typed check could name it: an ``added_content`` finding, ``partial``, on the
words of the claim that no evidence passage holds (the whole sentence when every word is there, as when
two parties trade places).

It must not catch what a typed check explains: its finding is ``partial``, the mildest verdict, so a
number, date, name, actor, polarity or quotation finding always decides the verdict, and the join of
findings drops it when another flagged finding names the same words. Example: "The ministers agreed to
expand naval patrols" against "The ministers discussed naval patrols" → partial when the judge scores it
below the threshold; "The ministers pledged to increase joint naval patrols" against "...pledged to
increase joint naval patrols" → nothing.

Off by default (``enabled``): ``docs/judge.md`` gives the figures with and without it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..claims import Claim
from ..models import Issue
from ..textnorm import content_keys
from .base import Check, Evidence, Finding
from .context import VerifyContext


def unheld_words(claim: str, evidence: Sequence[str]) -> str:
    """The claim's content words that no evidence passage holds, in order, or the whole claim."""
    held = {k for text in evidence for k in content_keys(text)}
    words = [w for w in claim.split() if (keys := content_keys(w)) and not set(keys) <= held]
    return " ".join(w.strip(".,;:!?\"'“”‘’()") for w in words) or claim


def run(claim: Claim, evidence: Evidence, ctx: VerifyContext, cfg: Mapping[str, Any]) -> Sequence[Finding]:
    if not cfg.get("enabled") or not evidence.spans:
        return []
    from .. import judge

    passages = [e.text for e in evidence.spans if e.text]
    if not passages:
        return []
    # each passage alone, and the passages together (a claim may merge two of them)
    premises = passages if len(passages) == 1 else [*passages, " ".join(passages)]
    scores = judge.score([(claim.text, p) for p in premises], str(cfg.get("model", "")))
    best = max(scores)
    if best >= float(cfg["threshold"]):
        return []
    text = unheld_words(claim.text, passages)
    start = claim.text.find(text)
    issue = Issue(
        "added_content",
        text,
        f"the evidence does not say this (judge {best:.2f})",
        start if start >= 0 else None,
        start + len(text) if start >= 0 else None,
    )
    return [Finding(issue, "partial")]


CHECK = Check(
    "judge",
    ("added_content",),
    run,
    defaults={"enabled": False, "threshold": 0.5, "model": ""},
    needs_parse=False,
    summary="a rewording the learned entailment judge finds unsupported where no typed check has a finding",
)
