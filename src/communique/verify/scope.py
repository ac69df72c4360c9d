"""Scope: "all" for "some" — a claim that widens what the source limits.

- a universal quantifier on a noun ("all creditors", "all of the fund's grants", "every member") where the
  evidence limits the same noun: a modifier the claim lacks ("all private creditors", "temporary
  restrictions"), a share ("at least 40 per cent of grants"), or a partitive ("several Ministers");
- the same noun as the claim's subject, unqualified, where the evidence qualifies it with a partitive
  ("the ministers voiced concern" for "several Ministers expressed concern");
- a universal place adverb ("nationwide", "worldwide") where the evidence names the places.
Each is ``scope_changed`` (``partial``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .. import lexicon
from ..claims import Claim
from ..models import Issue
from .base import Check, Evidence, Finding
from .context import VerifyContext

UNIVERSAL = frozenset("all every each entire whole any".split())
PARTITIVE = frozenset("several some many few certain most various".split())
PLACE_ADVERBS = frozenset("nationwide worldwide countrywide globally everywhere".split())
_RESTRICTING = {"amod", "compound", "nmod"}


def _universal(noun: Any) -> bool:
    if any(c.lower_ in UNIVERSAL for c in noun.children if c.dep_ in {"det", "predet", "amod", "quantmod"}):
        return True
    # "all of the fund's grants": the quantifier heads the phrase
    head = noun.head
    return noun.dep_ == "pobj" and head.lower_ == "of" and head.head.lower_ in UNIVERSAL


def _limits(noun: Any, claim_words: set[str]) -> str | None:
    """How the evidence limits this noun, if it does: a modifier the claim lacks, a share, a partitive."""
    for c in noun.children:
        if c.dep_ in _RESTRICTING and c.is_alpha and not c.is_stop and c.lemma_.lower() not in claim_words:
            return f"{c.text} {noun.text}"
        if c.dep_ in {"det", "amod"} and c.lower_ in PARTITIVE:
            return f"{c.text} {noun.text}"
    head = noun.head
    if noun.dep_ == "pobj" and head.lower_ == "of":
        share = head.head
        if share.like_num or share.lower_ in {"cent", "percent", "%", "share", "part", "portion", "half"}:
            return f"{share.text} of {noun.text}"
        if share.lower_ in PARTITIVE:
            return f"{share.text} of {noun.text}"
    return None


def run(claim: Claim, evidence: Evidence, ctx: VerifyContext, cfg: Mapping[str, Any]) -> Sequence[Finding]:
    doc = claim.doc
    ev_docs = ctx.evidence_docs(evidence.spans)
    if not ev_docs:
        return []
    claim_words = {t.lemma_.lower() for t in doc}
    out: list[Finding] = []
    for tok in doc:
        if claim.skipped(tok) or tok.pos_ not in {"NOUN", "PROPN", "ADV", "ADJ"}:
            continue
        if tok.lower_ in PLACE_ADVERBS:
            places = [e.text for d in ev_docs for e in d.ents if e.label_ in {"GPE", "LOC"}]
            if places:
                out.append(
                    Finding(
                        Issue(
                            "scope_changed",
                            tok.text,
                            f"the source names {places[0]}",
                            tok.idx,
                            tok.idx + len(tok.text),
                        ),
                        "partial",
                    )
                )
            continue
        if tok.pos_ not in {"NOUN", "PROPN"}:
            continue
        if lexicon.lexname(tok.lemma_.lower(), "n") == "noun.time":
            continue  # "each year" for "per calendar year": a period, not a set of things
        same = [
            t for d in ev_docs for t in d if t.lemma_.lower() == tok.lemma_.lower() and t.pos_ == tok.pos_
        ]
        if not same or any(_universal(t) and _limits(t, claim_words) is None for t in same):
            continue  # the source says "all" of the same thing, unqualified
        subject = tok.dep_ in {"nsubj", "nsubjpass"} and not any(
            c.dep_ in {"det", "amod"} and c.lower_ in PARTITIVE for c in tok.children
        )
        if not (_universal(tok) or subject):
            continue
        limits = [x for t in same if (x := _limits(t, claim_words))]
        if subject and not _universal(tok):
            limits = [x for x in limits if x.split()[0].lower() in PARTITIVE]
        if limits:
            out.append(
                Finding(
                    Issue(
                        "scope_changed",
                        tok.text,
                        f"the source says {limits[0]}",
                        tok.idx,
                        tok.idx + len(tok.text),
                    ),
                    "partial",
                )
            )
    return out


CHECK = Check(
    "scope",
    ("scope_changed",),
    run,
    summary="“all” for “some”: a universal claim where the source limits the same thing",
)
