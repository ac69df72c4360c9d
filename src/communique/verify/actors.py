"""Actors: the act given to the wrong party, or one party's act reported as everyone's.

The claim's actor is the active subject of its main clause mapped to the statement's parties (``both``
for "the two sides", "the ministers" of a bilateral text). The evidence's actors are those of its
provisions with the same kind of act. A claim whose actor is not among them is ``actor_changed``.
Sentences with several clauses or a second acting party inside them are not decided against one passage.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..analyze import actor_of, acts_of_verb, claim_actor
from ..claims import Claim, main_verb
from ..gazetteer import canonical_place
from ..models import Issue
from .base import Check, Evidence, Finding
from .context import VerifyContext, root_of


def run(claim: Claim, evidence: Evidence, ctx: VerifyContext, cfg: Mapping[str, Any]) -> Sequence[Finding]:
    doc = claim.doc
    if not ctx.parties or not evidence.spans:
        return []
    if any(q.status in {"exact", "variant"} and len(q.text.split()) >= 6 for q in evidence.quotes):
        return []  # the statement's own words, quoted: who acts is in them, whoever is said to say them
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
    if others & {"both", "all", *ctx.parties} - {actor}:
        return []
    acts = set(claim.predicate.acts) if claim.predicate else set()
    if acts <= {"report"} and actor in {"both", "all"}:
        return []  # a meeting or a talk is both sides' whoever hosted it ("X and Y met" / "X received Y")
    provs = [p for p in ctx.evidence_provisions(evidence.spans) if acts & set(p.acts)]
    actors = {p.actor for p in provs}
    if len(ctx.parties) == 1:
        # the one issuer by name and "all the issuers" are the same actor; and "the leaders" of a readout
        # one government issued are its leader and the one he spoke with, however the parse files them
        one = {ctx.parties[0], "all", "both"}
        actors = {"all" if a in one else a for a in actors}
        actor = "all" if actor in one else actor
    if actor is None or not actors or actor in actors or not actors <= {"both", "all", *ctx.parties}:
        return []
    words = {"both": "both sides", "all": "all the issuers"}
    said = words.get(actor, actor)
    was = " and ".join(words.get(a, a) for a in sorted(actors))
    return [Finding(Issue("actor_changed", said, f"in the source it is {was}"), "contradicted")]


CHECK = Check(
    "actors",
    ("actor_changed",),
    run,
    summary="the act given to another party than the source's, or one party's act to both",
)


_NAMED = {"GPE", "ORG", "NORP", "PERSON"}
_ISSUER_WORDS = frozenset({"we", "ministers", "leaders", "sides", "they", "presidents", "governments"})


def _named(doc: Any, span: Any) -> list[Any]:
    """Named entities (countries, bodies, people) inside a token's subtree."""
    lo, hi = span.left_edge.i, span.right_edge.i + 1
    return [e for e in doc.ents if e.label_ in _NAMED and lo <= e.start and e.end <= hi]


def _acted_towards(ent: Any) -> bool:
    """A name standing as the one an act is directed at: object, recipient, or possessor of the object."""
    root = ent.root
    if root.dep_ in {"dobj", "dative", "poss"}:
        return True
    return root.dep_ == "pobj" and root.head.lower_ in {"to", "for", "with", "of"}


def reversal_run(
    claim: Claim, evidence: Evidence, ctx: VerifyContext, cfg: Mapping[str, Any]
) -> Sequence[Finding]:
    """Roles reversed: the claim's subject is named in the evidence only as the one acted towards ("Japan
    thanked ASEAN" where the source thanks Japan; "Brazil endorsed South Africa's bid" where South Africa
    supports Brazil's), while another party or the issuers act, with an act of the same kind."""
    doc = claim.doc
    pred = claim.predicate
    root = main_verb(doc)
    if root is None or pred is None or not pred.acts - {"report"}:
        return []
    subj = next((c for c in root.children if c.dep_ == "nsubj"), None)
    if subj is None or any(t.dep_ == "conj" for t in subj.subtree):
        return []
    named = _named(doc, subj)
    if len(named) != 1 or (
        named[0].label_ == "ORG" and canonical_place(named[0].text) not in ctx.party_places
    ):
        return []  # a body set up by the text ("the new Mechanism will meet") is acted on by design
    mine = canonical_place(named[0].text)
    for sent in ctx.evidence_sentences(evidence.spans):
        for verb in sent.doc:
            if verb.pos_ not in {"VERB", "AUX"} or not (acts_of_verb(verb) & pred.acts) - {"report"}:
                continue
            their_subj = [c for c in verb.children if c.dep_ == "nsubj"]
            if not their_subj:
                continue
            actors = [e for sub in their_subj for e in _named(sent.doc, sub)]
            issuers = any(t.lower_ in _ISSUER_WORDS for sub in their_subj for t in sub.subtree)
            if any(canonical_place(e.text) == mine for e in actors) or not (actors or issuers):
                continue
            inside = {e.start for sub in their_subj for e in _named(sent.doc, sub)}
            towards = [
                e
                for e in _named(sent.doc, verb)
                if e.start not in inside and canonical_place(e.text) == mine and _acted_towards(e)
            ]
            if towards:
                who = " and ".join(e.text for e in actors) or their_subj[0].text
                return [
                    Finding(
                        Issue(
                            "actor_changed",
                            named[0].text,
                            f"in the source {who} acts towards {towards[0].text}",
                        ),
                        "contradicted",
                    )
                ]
    return []


REVERSAL = Check(
    "roles",
    ("actor_changed",),
    reversal_run,
    summary="roles reversed: the claim's actor is the one acted towards in the source",
)
