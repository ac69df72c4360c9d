"""Offices: the statement given to the wrong rank of its issuers — "G7 leaders said" of a statement the
G7 foreign ministers issued, "the foreign ministers agreed" of a leaders' statement.

The issuers' rank comes from their names (the manifest's ``issued_by``, ``--party``) and the statement's
title: heads of state or government ("leaders", "presidents", "prime ministers", "heads of state") or
ministers ("foreign ministers", "finance ministers"). A claim whose speaker is the issuers as a body
(``kinds.attribution``, ``kinds.speaker_side``) under the other rank's title is ``actor_changed``: the
words are the issuers', the office that spoke them is not. Officials, envoys and spokespeople are no rank of
their own here (they speak for either).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from ..claims import Claim
from ..models import Issue
from .base import Check, Evidence, Finding
from .context import VerifyContext
from .kinds import attribution, speaker_side

#: The two ranks a statement is issued at, by the words that name them.
LEADERS = re.compile(
    r"\b(?:leaders?|heads? of (?:state|government)|presidents?|prime ministers?|premiers?|chancellors?|"
    r"kings?|emirs?|monarchs?|summit)\b",
    re.IGNORECASE,
)
MINISTERS = re.compile(r"\b(?:ministers?|ministerial|secretar(?:y|ies) of state)\b", re.IGNORECASE)


def _rank(text: str) -> str | None:
    """``leaders`` or ``ministers`` when the text names one rank of office and not the other."""
    lead = bool(LEADERS.search(re.sub(r"\bprime ministers?\b", "premier", text, flags=re.IGNORECASE)))
    mins = bool(MINISTERS.search(re.sub(r"\bprime ministers?\b", "", text, flags=re.IGNORECASE)))
    if lead == mins:
        return None
    return "leaders" if lead else "ministers"


def issuers_rank(ctx: VerifyContext) -> str | None:
    """The rank the issuers' own names and the title give, when they agree on one."""
    ranks = {r for r in (_rank(p) for p in (*ctx.parties, ctx.title)) if r is not None}
    return ranks.pop() if len(ranks) == 1 else None


def run(claim: Claim, evidence: Evidence, ctx: VerifyContext, cfg: Mapping[str, Any]) -> Sequence[Finding]:
    doc = claim.doc
    theirs = issuers_rank(ctx)
    if doc is None or theirs is None:
        return []
    found = attribution(doc)
    # the issuers as a body ("G7 leaders said", "the leaders of Canada, France … said"); one office-holder
    # speaking ("the foreign minister said") may well comment on a statement of another rank
    heads: list[Any] = [found[0]] if found is not None and found[0].tag_ in {"NNS", "NNPS"} else []
    for head in heads:
        phrase = doc[head.left_edge.i : head.right_edge.i + 1]
        if claim.quoted(phrase.start_char, phrase.end_char) or speaker_side(head, ctx) != "issuer":
            continue
        # the office words of the phrase itself, not of a clause hung on it
        words = " ".join(
            t.text for t in phrase if t.dep_ not in {"relcl", "acl"} and t.head.dep_ not in {"relcl"}
        )
        mine = _rank(words)
        if mine is not None and mine != theirs:
            return [
                Finding(
                    Issue(
                        "actor_changed",
                        phrase.text,
                        f"the statement is its {theirs}', not its {mine}'",
                        phrase.start_char,
                        phrase.end_char,
                    ),
                    "contradicted",
                )
            ]
    return []


CHECK = Check(
    "offices",
    ("actor_changed",),
    run,
    summary="the statement given to its issuers' leaders where their ministers issued it, or the reverse",
)
