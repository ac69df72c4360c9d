"""Modality: a commitment made stronger or weaker than the source's ("will explore" reported as
"agreed"; "expected to" as "pledged").

The predicate's modality level comes from ``analyze.MODALITY_LEVELS`` (possibility and intention <
obligation and readiness < decision and commitment), read from the main verb, its auxiliaries and its
complement. When the claim's level differs from the evidence's by at least ``min_gap`` the sentence is
``partial`` (``modality_changed``). Force within one family ("called for" → "urged" → "demanded") is a
paraphrase: recorded, not flagged.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from ..analyze import MODALITY_LEVELS, chain_level
from ..claims import Claim, predicate_of
from ..models import Issue
from ..textnorm import word_key
from .base import Check, Evidence, Finding
from .context import VerifyContext

# Force within one family, weakest first: a shift is recorded without flagging.
_FORCE = [
    (("ask",), ("call",), ("urge", "press"), ("demand", "insist")),
    (("readiness", "willingness"), ("commitment", "determination")),
]


def _level_of(docs: Sequence[Any]) -> int | None:
    levels = [p.level for p in (predicate_of(d) for d in docs) if p is not None and p.level is not None]
    return max(levels) if levels else None


def _same_verb_levels(lemma: str, sents: Sequence[Any]) -> tuple[int | None, bool]:
    """How the evidence uses the claim's predicate ``lemma``: the strongest level of it as a verb (of its
    to-infinitive chain; a verb with no cue counts as a plain statement, the strongest level), and
    whether it is named as a noun."""
    levels: list[int] = []
    noun = False
    for s in sents:
        for t in s.doc:
            if t.lemma_.lower() != lemma:
                continue
            if t.pos_ == "VERB":
                own = chain_level(t)
                levels.append(own if own is not None else len(MODALITY_LEVELS) - 1)
            elif t.pos_ == "NOUN":
                noun = True
    return (max(levels) if levels else None), noun


def run(claim: Claim, evidence: Evidence, ctx: VerifyContext, cfg: Mapping[str, Any]) -> Sequence[Finding]:
    if not evidence.spans:
        return []
    out: list[Finding] = []
    pred = claim.predicate
    sents = ctx.evidence_sentences(evidence.spans[:1])
    theirs = _level_of([s.doc for s in sents])
    ev_acts = {a for s in sents if s.claim.predicate is not None for a in s.claim.predicate.acts}
    if pred is not None and pred.level is not None:
        # the claim's own verb in any evidence passage, at its own level: "which will produce" in a
        # relative clause; or named as a noun — "welcome new pledges" reports the pledge the claim reports
        same, named = _same_verb_levels(pred.lemma, ctx.evidence_sentences(evidence.spans))
        if (same is None and named) or (same is not None and same >= pred.level):
            return out
        if same is not None:
            theirs = same
    if (
        pred is not None
        and pred.level == len(MODALITY_LEVELS) - 1
        and "commitment" in pred.acts
        and ev_acts
        and "commitment" not in ev_acts
        and (theirs is None or theirs < pred.level)
    ):
        # "vowed to build" where the source only welcomes or discusses: a position reported as a pledge
        out.append(
            Finding(
                Issue(
                    "modality_changed",
                    pred.lemma,
                    "a commitment the source does not make",
                    pred.start,
                    pred.end,
                ),
                "partial",
            )
        )
        return out
    if (
        pred is not None
        and pred.level is not None
        and theirs is not None
        and abs(pred.level - theirs) >= cfg["min_gap"]
    ):
        stronger = pred.level > theirs
        out.append(
            Finding(
                Issue(
                    "modality_changed",
                    pred.lemma,
                    "stronger than the source" if stronger else "weaker than the source",
                    pred.start,
                    pred.end,
                ),
                "partial",
            )
        )
    ckeys = {word_key(w) for w in re.findall(r"[A-Za-z]+", claim.text)}
    ekeys = {word_key(w) for w in re.findall(r"[A-Za-z]+", evidence.spans[0].text)}
    for family in _FORCE:
        c = [(lvl, w) for lvl, level in enumerate(family) for w in level if word_key(w) in ckeys]
        e = [(lvl, w) for lvl, level in enumerate(family) for w in level if word_key(w) in ekeys]
        if c and e and not {lvl for lvl, _ in c} & {lvl for lvl, _ in e}:
            out.append(Finding(Issue("modality_changed", max(c)[1], f"source: {max(e)[1]}"), None))
    return out


CHECK = Check(
    "modality",
    ("modality_changed",),
    run,
    defaults={"min_gap": 2},
    summary="a commitment made stronger or weaker than the source's",
)
