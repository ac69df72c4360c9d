"""Actors: the act given to the wrong party, or one party's act reported as everyone's.

The claim's actor is the active subject of its main clause mapped to the statement's parties (``both``
for "the two sides", "the ministers" of a bilateral text). The evidence's actors are those of its
provisions with the same kind of act. A claim whose actor is not among them is ``actor_changed``.
Sentences with several clauses or a second acting party inside them are not decided against one passage.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..analyze import actor_of, claim_actor
from ..claims import Claim
from ..models import Issue
from .base import Check, Evidence, Finding
from .context import VerifyContext, root_of


def run(claim: Claim, evidence: Evidence, ctx: VerifyContext, cfg: Mapping[str, Any]) -> Sequence[Finding]:
    doc = claim.doc
    if not ctx.parties or not evidence.spans:
        return []
    root = root_of(doc)
    if root is None or root.i > 0.6 * len(doc):
        return []  # a main verb at the end of a long sentence is more often a mis-parse than a report
    if any(c.dep_ == "conj" and c.pos_ in {"VERB", "AUX"} for c in root.children):
        return []  # several clauses, possibly several actors: not decidable against one passage
    actor = claim_actor(doc, ctx.parties)
    others = {
        actor_of(doc[c.left_edge.i : c.right_edge.i + 1].text, ctx.parties)
        for t in doc
        if t is not root and t.pos_ in {"VERB", "AUX"}
        for c in t.children
        if c.dep_ in {"nsubj", "nsubjpass"}
    }
    if others & {"both", *ctx.parties} - {actor}:
        return []
    acts = set(claim.predicate.acts) if claim.predicate else set()
    provs = [p for p in ctx.evidence_provisions(evidence.spans) if acts & set(p.acts)]
    actors = {p.actor for p in provs}
    if actor is None or not actors or actor in actors or not actors <= {"both", *ctx.parties}:
        return []
    said = "both sides" if actor == "both" else actor
    was = " and ".join("both sides" if a == "both" else a for a in sorted(actors))
    return [Finding(Issue("actor_changed", said, f"in the source it is {was}"), "contradicted")]


CHECK = Check(
    "actors",
    ("actor_changed",),
    run,
    summary="the act given to another party than the source's, or one party's act to both",
)
