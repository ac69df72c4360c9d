"""Added list members and framing: content the cited paragraphs lack, in a list or on a name.

- a list member that is new while a sibling member is supported: added when the source never names it,
  or names it only in provisions of another act than the claim's (a topic discussed, reported as a
  commitment); when the alignment is at least ``trusted_evidence`` the cited paragraphs are taken to
  hold the whole story, and a member they lack is added too;
- a modifier framing a supported named place or group ("Indian-occupied Kashmir").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..analyze import is_content
from ..claims import Claim
from ..gazetteer import same_place
from ..models import Act, Issue
from ..textnorm import word_key
from .base import Check, Evidence, Finding
from .context import VerifyContext, subject_tokens, supported


def _own_subtree(tok: Any) -> list[Any]:
    """A list member with its modifiers, without the members conjoined to it."""
    out = [tok]
    for c in tok.children:
        if c.dep_ not in {"conj", "cc", "punct"}:
            out.extend(_own_subtree(c))
    return out


def _continued_list(tok: Any) -> list[Any]:
    """The members of the list that a second prepositional phrase continues: "cooperation on ports and
    fisheries, as well as on naval exercises" gives ports and fisheries for "exercises"."""
    prep = tok.head
    if tok.dep_ != "pobj" or prep.dep_ != "prep" or prep.head is prep:
        return []
    host = prep.head
    if not any(c.dep_ == "cc" and c.i < prep.i for c in host.children):
        return []
    earlier = [
        p
        for t in (host, *host.children)
        for p in t.children
        if p.dep_ == "prep" and p.lower_ == prep.lower_ and p.i < prep.i
    ]
    return [m for p in earlier for o in p.children if o.dep_ == "pobj" for m in (o, *o.conjuncts)]


def listed_elsewhere(phrase: Sequence[Any], claim_acts: set[Act], ctx: VerifyContext) -> str | None:
    """Why a list member missing from the cited passages is added content, or None if it is not."""
    where = [p for p, k in ctx.provision_keys if any(supported(t, k) for t in phrase)]
    if not where:
        return "not in the source"
    if claim_acts and not any(claim_acts & set(p.acts) for p in where):
        acts = sorted({a for p in where for a in p.acts})
        return f"in the source only as {' or '.join(acts)}, not as {' or '.join(sorted(claim_acts))}"
    return None


def run(claim: Claim, evidence: Evidence, ctx: VerifyContext, cfg: Mapping[str, Any]) -> Sequence[Finding]:
    doc = claim.doc
    keys = ctx.paragraphs_of(evidence.spans)
    claim_acts: set[Act] = set(claim.predicate.acts) - {"report"} if claim.predicate else set()  # type: ignore[assignment]
    party_keys = ctx.party_keys
    subject = subject_tokens(doc)
    out: list[Finding] = []
    seen: set[int] = set()
    for tok in doc:
        if tok.i in seen or tok.i in subject or claim.skipped(tok) or word_key(tok.text) in party_keys:
            continue
        if not any(c.isalnum() for c in tok.text):
            continue  # a stray hyphen or bracket the parser tagged as a word ("safe, or de-escalation, zones")
        continued = _continued_list(tok)
        if (tok.dep_ == "conj" or continued) and is_content(tok):
            head = tok.head
            siblings = continued or [head, *[c for c in head.children if c.dep_ == "conj" and c is not tok]]
            phrase = [t for t in _own_subtree(tok) if is_content(t)] or [tok]
            if tok.head.dep_ in {"amod", "compound", "nmod"} and not supported(tok.head.head, keys):
                phrase.append(tok.head.head)
            if same_place(tok.text, ctx.source_names):
                continue
            if any(supported(t, keys) for t in phrase) or not any(
                supported(s, keys) for s in siblings if is_content(s)
            ):
                continue
            reason = listed_elsewhere(phrase, claim_acts, ctx)
            if reason is None and evidence.best >= cfg["trusted_evidence"]:
                reason = "not in the cited passage"
            if reason is not None:
                span = doc[min(t.i for t in phrase) : max(t.i for t in phrase) + 1]
                seen.update(t.i for t in phrase)
                out.append(
                    Finding(
                        Issue("added_content", span.text, reason, span.start_char, span.end_char), "partial"
                    )
                )
        if tok.pos_ == "PROPN" and tok.ent_type_ in {"GPE", "LOC", "NORP", "FAC"} and supported(tok, keys):
            mods = [
                c
                for c in tok.children
                if c.dep_ in {"amod", "compound", "npadvmod"}
                and c.ent_type_ == ""
                and c.pos_ in {"ADJ", "VERB", "PROPN", "NOUN"}
            ]
            for m in mods:
                sub = [t for t in m.subtree if t.is_alpha]
                if sub and all(not supported(t, keys) for t in sub):
                    span = doc[m.left_edge.i : m.right_edge.i + 1]
                    seen.update(t.i for t in span)
                    out.append(
                        Finding(
                            Issue(
                                "added_content",
                                span.text,
                                "framing not in the source",
                                span.start_char,
                                span.end_char,
                            ),
                            "partial",
                        )
                    )
    return out


CHECK = Check(
    "lists",
    ("added_content",),
    run,
    defaults={"trusted_evidence": 0.735},
    summary="a list member or a framing modifier that the cited paragraphs lack",
)
