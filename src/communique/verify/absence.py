"""Absence: a sentence that says the statement leaves something out ("The statement did not mention the
location where the casualties took place", "the statement makes no mention of the 2025 border treaty")
is checked by looking for that thing in the source, not by aligning the sentence (nothing can align
with what is not there).

The sentence must deny an act of saying (mention, say, name, attribute, refer, specify, identify,
address, cite, include; or "makes no mention of") by the text or an issuer. What it says is missing is
the noun phrase of the verb's object (its relative clauses aside: "the treaty that was supposed to …"
names the treaty). When some of its words, and every name among them, are missing from the source, the
sentence is ``supported`` (``absence_confirmed`` records what was looked for; ``confirmed``, used by
``verify_sentence``). When all its words stand in the source, the sentence is ``contradicted``
(``absence_refuted``: the source does mention it). A clause of what was not said ("did not say who was
behind the attack") names no thing to look for and is left to the other checks.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..claims import TEXT_NOUNS, Claim, main_verb
from ..models import Issue
from .base import Check, Evidence, Finding
from .context import VerifyContext, holds_phrase, norm_text, supported

_NOT_SAYING = frozenset("mention say name attribute refer specify identify address cite include".split())
_CLAUSES = {"relcl", "acl", "advcl", "ccomp", "appos"}


def _object(verb: Any) -> list[Any]:
    """The thing the verb is denied of: its direct object (or, with a second argument, that: "attribute
    the attack to any group"), or what "to"/"of" governs after it."""
    # "did not attribute the attack to any group": what is denied is the second argument
    second = [o for p in verb.children if p.dep_ == "prep" and p.lower_ == "to" for o in p.children]
    for c in verb.children:
        if c.dep_ == "dobj":
            if c.lemma_.lower() == "mention":  # "made no mention of X"
                return [o for p in c.children if p.lower_ == "of" for o in p.children if o.dep_ == "pobj"]
            return second or [c]
    found = [o for p in verb.children if p.dep_ == "prep" and p.lower_ in {"to", "of"} for o in p.children]
    # a clause the parser made of a long object; never a question of what was not said ("who …")
    clause = next((c for c in verb.children if c.dep_ == "ccomp"), None)
    if (
        not found
        and clause is not None
        and not any(t.tag_ in {"WP", "WDT", "WRB"} or t.lower_ in {"whether", "if"} for t in clause.subtree)
    ):
        found = [clause]
    return found


def _phrase(head: Any) -> list[Any]:
    """The head's noun phrase without the clauses hung on it."""
    out = [head]
    for c in head.children:
        if c.dep_ not in _CLAUSES or head.dep_ == "ccomp":
            out.extend(_phrase(c))
    return out


def _denied(claim: Claim, ctx: VerifyContext) -> list[Any] | None:
    """The nouns of what the sentence says the text or its issuers did not say, or None."""
    from .kinds import speaker_side

    doc = claim.doc
    verb = main_verb(doc) if doc is not None else None
    if verb is None:
        return None
    lemma = verb.lemma_.lower()
    no_mention = lemma == "make" and any(
        c.dep_ == "dobj" and c.lemma_.lower() == "mention" and any(d.lower_ == "no" for d in c.children)
        for c in verb.children
    )
    negated = any(c.dep_ == "neg" for c in verb.children)
    if not ((lemma in _NOT_SAYING and negated) or no_mention):
        return None
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subj is None or not (subj.lemma_.lower() in TEXT_NOUNS or speaker_side(subj, ctx) == "issuer"):
        return None
    things = [
        t
        for o in _object(verb)
        for t in sorted(_phrase(o), key=lambda t: t.i)
        if t.pos_ in {"NOUN", "PROPN"} and not t.is_stop
    ]
    return things or None


def _span(doc: Any, things: Sequence[Any]) -> tuple[str, int, int]:
    first, last = min(t.i for t in things), max(t.i for t in things)
    start, end = doc[first].idx, doc[last].idx + len(doc[last].text)
    return doc.text[start:end], start, end


def _present(tok: Any, ctx: VerifyContext) -> bool:
    """The word stands in the source; a name's word only as the whole name ("the Arctic Council" is not
    in a statement on "the Arctic environment")."""
    ent = next((e for e in tok.doc.ents if e.start <= tok.i < e.end), None)
    if ent is None or len(ent) == 1:
        return supported(tok, ctx.source_keys)
    words = [t.text for t in ent if not (t.i == ent.start and t.is_stop)]
    return holds_phrase(ctx.source_norm, norm_text(" ".join(words)))


def confirmed(claim: Claim, ctx: VerifyContext) -> Finding | None:
    """The finding that what the sentence says the statement leaves out is indeed not in it, or None."""
    things = _denied(claim, ctx)
    if things is None:
        return None
    missing = [t for t in things if not _present(t, ctx)]
    names = [t for t in things if t.pos_ == "PROPN" or t.ent_type_]
    if not missing or any(t not in missing for t in names):
        return None
    text, start, end = _span(claim.doc, things)
    return Finding(Issue("absence_confirmed", text, "the source does not mention it", start, end), None)


def run(claim: Claim, evidence: Evidence, ctx: VerifyContext, cfg: Mapping[str, Any]) -> Sequence[Finding]:
    things = _denied(claim, ctx)
    if things is None or not all(_present(t, ctx) for t in things):
        return []
    text, start, end = _span(claim.doc, things)
    return [Finding(Issue("absence_refuted", text, "the source does mention it", start, end), "contradicted")]


CHECK = Check(
    "absence",
    ("absence_refuted",),
    run,
    needs_evidence=False,
    summary="a sentence saying the statement leaves out something it does say",
)
