"""Claim or commentary: whether a sentence reports what the statement or its issuers said and did.

The segmenter marks sentences with commentary cues (evaluative predicates, verbs of interpretation,
analysts as subjects); those are commentary unless the source supports them strongly
(``commentary_support``). A sentence without such cues that no passage supports well (best alignment
below ``background_support``) is background or the outlet's aside — history, context, another actor's
view — unless it is built as a report about the event: its subject names an issuer (a party, its
capital or demonym, "the ministers", "the two sides", "the bloc"), the text itself ("the statement"), or
a named person with a verb of speech or action; or it is attributed ("according to…", "officials said").
Such a sentence stays a claim, to be found unsupported if nothing supports it. So does a sentence that
gives a day of the month the source gives ("adopted on 15 October", "fall silent on May 20"): whatever
its tone, it carries a fact to check.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from ..analyze import ACT_LEXICON
from ..claims import reported_dates
from ..gazetteer import canonical_place
from ..models import Kind, Sentence
from ..segment import REPORTING_VERBS
from ..timex import DateRef
from .context import VerifyContext, root_of

ISSUER_NOUNS = frozenset(
    (
        "side sides country countries nation nations state states minister ministers government governments "
        "leader leaders official officials delegation delegations president presidents premier chair chairs "
        "bloc group grouping member members party parties mediator mediators negotiator negotiators "
        "diplomat diplomats envoy envoys secretary governor governors they we"
    ).split()
)
TEXT_NOUNS = frozenset(
    "statement communiqué communique declaration text document release plan agreement".split()
)
_ATTRIBUTED = re.compile(r"\baccording to\b|\b(?:said|says|told|announced)\b", re.IGNORECASE)


def reports_the_event(doc: Any, ctx: VerifyContext) -> bool:
    """Whether a parsed sentence is built as a report of what the issuers or the text said or did."""
    if _ATTRIBUTED.search(doc.text):
        return True
    root = root_of(doc)
    if root is None:
        return False
    subj = [c for c in root.children if c.dep_ in {"nsubj", "nsubjpass", "csubj"}]
    agent = [a for c in root.children if c.dep_ == "agent" for a in c.children]
    words = [t for s in subj + agent for t in s.subtree]
    if not words:
        return False
    lemmas = {t.lemma_.lower() for t in words} | {t.lower_ for t in words}
    if lemmas & (ISSUER_NOUNS | TEXT_NOUNS):
        return True
    ents = [e for e in doc.ents if any(e.start <= t.i < e.end for t in words)]
    if any(canonical_place(e.text) in ctx.party_places for e in ents):
        return True
    verb = root.lemma_.lower()
    acting = verb in REPORTING_VERBS or verb in ACT_LEXICON
    return acting and any(e.label_ in {"PERSON", "GPE", "ORG", "NORP"} for e in ents)


def shares_a_day(mine: Sequence[DateRef], others: Sequence[DateRef]) -> bool:
    """One of ``mine`` gives a day and month (not a bare weekday) that one of ``others`` gives too."""
    return any(
        d.day
        and d.month
        and not d.weekday
        and any(
            (s.day, s.month) == (d.day, d.month) and (not d.year or not s.year or s.year == d.year)
            for s in others
        )
        for d in mine
    )


def dated_like_source(text: str, ctx: VerifyContext) -> bool:
    """The text, its dateline aside, gives a day and month that a date of the source gives too."""
    return shares_a_day(reported_dates(text, ctx.anchor), ctx.source_dates)


def decide_kind(sentence: Sentence, best: float, doc: Any, ctx: VerifyContext) -> Kind:
    """Claim or commentary, weighing the parser's commentary cues and the sentence's build against the
    source's support."""
    if sentence.kind not in {"claim", "commentary"}:
        return sentence.kind
    cfg = ctx.config.get("kinds", {})
    if sentence.opinion >= 1.0:
        strong = best >= cfg.get("commentary_support", 0.65)
        return "claim" if strong or dated_like_source(sentence.text, ctx) else "commentary"
    if (
        best < cfg.get("background_support", 0.4)
        and doc is not None
        and not reports_the_event(doc, ctx)
        and not dated_like_source(sentence.text, ctx)
    ):
        return "commentary"
    return "claim"
