"""Numbers and dates: a figure or a date that differs from the one the source gives in the same role.

A number of the claim (words or digits, with its unit and bound) is grounded when the evidence gives a
consistent one ("more than 20" for "at least 21", "seven" for "7", "11th" for "Eleventh"). Otherwise
it contradicts the source when the evidence has another number *in the same role*: of the same unit
(a percentage, a currency, an ordinal), or counting the same thing (they share a content word within
three tokens, a year included) — "45 countries" where the source says "54 countries".
A number the source simply does not give is recorded (``number_not_in_source``) and is no contradiction:
a sum of money or a percentage makes the sentence ``partial`` (added content: "with a $5 million trust
fund"; ``money_added``), a count or a duration decides nothing (often derived: "a three-day visit").

Dates work the same way: a date whose every field (year, month, day) an evidence date gives is grounded;
one that disagrees with an evidence date of the same kind is ``date_mismatch``. Weekdays are resolved
against the statement's date ("on Wednesday" after a Sunday meeting is the following Wednesday).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..claims import CURRENCIES, TEXT_NOUNS, Claim, Quantity
from ..models import Issue
from ..timex import DateRef
from .base import Check, Evidence, Finding
from .context import VerifyContext


def _units_agree(a: Quantity, b: Quantity) -> bool:
    """Comparable numbers: the same unit, or a bare number against a currency amount."""
    if a.unit == b.unit:
        return True
    plain = {"", *CURRENCIES}
    return a.unit in plain and b.unit in plain and "" in {a.unit, b.unit}


def _in_year_range(d: DateRef, s: DateRef) -> bool:
    """``d`` is a year alone inside the source's range of years ("this year" of "the hydrological year
    2023-2024", which stands for its end)."""
    return (
        s.first_year is not None
        and s.year is not None
        and d.year is not None
        and set(d.fields()) == {"year"}
        and s.first_year <= d.year <= s.year
    )


def _date_grounded(d: DateRef, s: DateRef) -> bool:
    """``s`` (the source's) gives every field of ``d`` equal; a year the source leaves out is implied."""
    if _in_year_range(d, s):
        return True
    mine, theirs = d.fields(), s.fields()
    if not mine.keys() & theirs.keys():
        return False
    return all(theirs.get(k) == v if k in theirs else k == "year" for k, v in mine.items())


def _year_off(d: DateRef, s: DateRef) -> bool:
    """The same day of the same month in another year: one date with its year changed ("Sept. 19, 2027"
    for "19 September 2026"), whatever the words around it."""
    return (
        bool(d.day and d.month and d.year and s.year)
        and (d.day, d.month) == (s.day, s.month)
        and d.year != s.year
    )


def _same_role(q: Quantity | DateRef, s: Quantity | DateRef) -> bool:
    """Two numbers or dates in the same role: a content word in common around them."""
    return bool(q.context & s.context)


def _counts_alike(q: Quantity, s: Quantity) -> bool:
    """Nothing in the parse says the two count different things: they count the same noun, or one of
    them modifies no noun. "the two sides" and "450 detainees" count different things. An ordinal
    relative to a possessor ("its first meeting") is compared only with another such ordinal."""
    if q.unit == "ord" and q.definite != s.definite:
        return False
    if q.unit != s.unit and (q.noun or s.noun):  # "40 scholarships" is no sum of money
        return False
    return not (q.noun and s.noun and not q.noun & s.noun)


def _alone(q: Quantity, among: Sequence[Quantity]) -> bool:
    """``q`` is the only figure of its unit in ``among`` (counts that name a known group do not count)."""
    return sum(1 for x in among if x.unit == q.unit and not x.definite) == 1


#: Verbs that date a text: "a joint statement issued Thursday", "the declaration, adopted on 15 May".
_ISSUING = frozenset("issue publish release adopt sign date".split())


def _issue_date_off(d: DateRef, claim: Claim, ctx: VerifyContext) -> str | None:
    """A day given as the day the statement was issued ("in a joint statement published Thursday") that
    is neither the statement's date nor a day its text gives: the finding's detail, or None."""
    doc, anchor = claim.doc, ctx.anchor
    if doc is None or anchor is None or not (d.day and d.month):
        return None
    if (d.year or anchor.year, d.month, d.day) == (anchor.year, anchor.month, anchor.day):
        return None
    if any((s.month, s.day) == (d.month, d.day) for s in ctx.source_dates):
        return None
    if d.weekday and any(0 <= o.start - d.end <= 3 and o.day for o in claim.dates):
        return None  # "on Thursday (December 7)": the date written out is the one to check
    toks = [t for t in doc if d.start <= t.idx < d.end]
    for tok in toks[:1]:
        for verb in [a for a in tok.ancestors][:3]:
            if verb.pos_ == "VERB" and verb.lemma_.lower() in _ISSUING:
                texts = (
                    [verb.head]
                    if verb.dep_ == "acl"
                    else [c for c in verb.children if c.dep_ in {"nsubjpass", "dobj"}]
                )
                if any(x.lemma_.lower() in TEXT_NOUNS for x in texts):
                    return f"the statement is dated {anchor.day} {anchor:%B %Y}"
                return None
    return None


def run(claim: Claim, evidence: Evidence, ctx: VerifyContext, cfg: Mapping[str, Any]) -> Sequence[Finding]:
    out: list[Finding] = []
    ev_sents = ctx.evidence_sentences(evidence.spans)
    ev_q = [(q, s) for s in ev_sents for q in s.claim.quantities]
    ev_d = [(d, s) for s in ev_sents for d in s.claim.dates]
    for q in claim.quantities:
        if claim.quoted(q.start, q.end):
            continue
        if any(_units_agree(q, s) and q.consistent_with(s) for s, _ in ev_q):
            continue
        rivals = [
            s
            for s, _ in ev_q
            if _units_agree(q, s) and not q.consistent_with(s) and _same_role(q, s) and _counts_alike(q, s)
        ]
        # the only number of its kind in a claim that matches its passage closely, against the only
        # one in that passage: the same role whatever the words around them
        if (
            not rivals
            and not q.definite
            and evidence.best >= cfg["close_alignment"]
            and _alone(q, claim.quantities)
        ):
            rivals = [
                s
                for s, sent in ev_q
                if _units_agree(q, s)
                and _alone(s, sent.claim.quantities)
                and not s.definite
                and not q.consistent_with(s)
                and _counts_alike(q, s)
            ]
        # a number in the same role elsewhere in the source (two words in common around it)
        if not rivals:
            rivals = [
                s
                for s in ctx.source_quantities
                if _units_agree(q, s)
                and not q.consistent_with(s)
                and len(q.context & s.context) >= 2
                and _counts_alike(q, s)
            ]
        # the same figure counting the same thing elsewhere in the source, when no rival counts it here
        # ("ASEAN's 11th member" / "the eleventh Member State" in another passage)
        if (
            q.noun
            and not any(q.noun & s.noun for s in rivals)
            and any(
                _units_agree(q, s) and q.consistent_with(s) and q.noun & s.noun for s in ctx.source_quantities
            )
        ):
            continue
        # reported from another passage of the source: the same number there, in a role closer to the
        # claim's than any rival's in the evidence
        closest = max((len(q.context & s.context) for s in rivals), default=0)
        if any(
            _units_agree(q, s) and q.consistent_with(s) and len(q.context & s.context) > closest
            for s in ctx.source_quantities
        ):
            continue
        if rivals:
            out.append(
                Finding(
                    Issue("number_mismatch", q.text, f"source: {rivals[0].text}", q.start, q.end),
                    "contradicted",
                )
            )
        elif not any(_units_agree(q, s) and q.consistent_with(s) for s in ctx.source_quantities):
            # a sum of money or a percentage is a fact of its own: one the source never gives is added
            # content; a count or a duration is often derived ("a three-day visit" from its dates)
            added = q.unit == "%" or q.unit in CURRENCIES
            out.append(
                Finding(
                    Issue("number_not_in_source", q.text, "the source gives no such number", q.start, q.end),
                    "partial" if added and cfg["money_added"] else None,
                )
            )
    for d in claim.dates:
        if claim.quoted(d.start, d.end) or any(_date_grounded(d, s) for s, _ in ev_d):
            continue
        if d.weekday and ctx.anchor is not None and (d.year, d.month, d.day) == ctx.anchor.timetuple()[:3]:
            continue  # "on Friday" for the statement's own day: the day it was issued
        if (issued := _issue_date_off(d, claim, ctx)) is not None:
            out.append(Finding(Issue("date_mismatch", d.text, issued, d.start, d.end), "contradicted"))
            continue
        # a rival gives at least what the claim's date gives (a weekday is a day: "June 2026" is no rival)
        kinds = set(d.fields()) - {"year"} or {"year"}
        date_rivals = [
            s
            for s, _ in ev_d
            if kinds <= set(s.fields())
            and not s.agrees(d)
            and not _in_year_range(d, s)
            and (_same_role(d, s) or d.weekday or _year_off(d, s))
        ]
        closest = max((len(d.context & s.context) for s in date_rivals), default=0)
        if any(_date_grounded(d, s) and len(d.context & s.context) > closest for s in ctx.source_dates):
            continue
        if date_rivals:
            out.append(
                Finding(
                    Issue("date_mismatch", d.text, f"source: {date_rivals[0].text}", d.start, d.end),
                    "contradicted",
                )
            )
    return out


CHECK = Check(
    "numbers",
    ("number_mismatch", "date_mismatch", "number_not_in_source"),
    run,
    defaults={"close_alignment": 0.8, "money_added": True},
    needs_parse=False,
    summary="a number or date other than the one the evidence gives in the same role",
)
