"""Verify: from a sentence and its evidence, a verdict, quote checks, typed issues and a reason.

Verdicts (contract vocabulary): ``misquote`` when words inside quotation
marks were altered; ``unsupported`` when no source passage scores at least
``min_support``; ``contradicted`` when a number or date in the claim differs
from the evidence; ``partial`` when content in the claim is found nowhere in
the evidence or the source; else ``supported``. A quote that is not found is
recorded as an issue but, as for scare quotes around a shorthand, does not by
itself make a misquote.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .align import Candidate
from .models import EvidenceSpan, Issue, Kind, QuoteCheck, Sentence, SentenceCheck, Verdict
from .quotes import QuoteFinder, find_quotes
from .settings import Options

# A sentence with commentary cues is commentary unless the source supports it this strongly.
COMMENTARY_SUPPORT = 0.62
# A sentence without cues but this weakly aligned, with some cue, reads as analysis.
WEAK_SUPPORT = 0.45

_NUMBER = re.compile(r"\b\d+(?:[.,]\d+)*(?:st|nd|rd|th)?\b")
_ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
}


@dataclass(frozen=True, slots=True)
class VerifyContext:
    """What verifying one sentence needs from the source, built once per source."""

    source_text: str
    quotes: QuoteFinder
    options: Options


def decide_kind(sentence: Sentence, best: float) -> Kind:
    """Claim or commentary, weighing the parser's commentary cues against the source's support."""
    if sentence.kind not in {"claim", "commentary"}:
        return sentence.kind
    if sentence.opinion >= 1.0:
        return "claim" if best >= COMMENTARY_SUPPORT else "commentary"
    if sentence.opinion >= 0.5 and best < WEAK_SUPPORT:
        return "commentary"
    return "claim"


# Ordinals count as numbers when they number an event or a period ("the seventh round").
_COUNTED = re.compile(
    r"\b(" + "|".join(_ORDINALS) + r")\s+(round|session|meeting|summit|edition|dialogue|"
    r"anniversary|conference|plenum|congress|term|phase|plan)\b",
    re.IGNORECASE,
)


def _canon(number: str) -> str:
    """ "2.0" and "2" and "2nd" are one number; "1,000" is 1000."""
    n = re.sub(r"(st|nd|rd|th)$", "", number).replace(",", "")
    return re.sub(r"\.0+$", "", n)


def _numbers(text: str) -> set[str]:
    found = {_canon(m.group()) for m in _NUMBER.finditer(text)}
    for m in _COUNTED.finditer(text):
        found.add(str(_ORDINALS[m.group(1).lower()]))
    return found


def _quote_issue(q: QuoteCheck) -> Issue | None:
    if q.status == "altered":
        src = q.closest.text if q.closest else ""
        return Issue("quote_altered", q.text, f"source: {src}", q.start, q.end)
    if q.status == "not_found":
        return Issue("quote_not_found", q.text, "no close passage in the source", q.start, q.end)
    return None


def explain(verdict: Verdict | None, issues: Sequence[Issue], quotes: Sequence[QuoteCheck]) -> str | None:
    """One line a journalist can act on, for flagged sentences."""
    if verdict == "misquote":
        q = next(q for q in quotes if q.status == "altered")
        src = q.closest.text if q.closest else ""
        return f"The quoted words are not in the communiqué, which says “{src}”."
    if verdict == "unsupported":
        return "No passage of the source supports this sentence."
    if verdict == "contradicted":
        i = next(
            (
                i
                for i in issues
                if i.type
                in {
                    "number_mismatch",
                    "date_mismatch",
                    "entity_substitution",
                    "actor_changed",
                    "polarity_flipped",
                }
            ),
            None,
        )
        return f"The source says otherwise: {i.detail}." if i else "The source says otherwise."
    if verdict == "partial":
        added = [i.text for i in issues if i.type == "added_content"]
        if added:
            return (
                "Mostly supported, but the source does not say: " + "; ".join(f"“{a}”" for a in added) + "."
            )
        return "Mostly supported, but an element is not in the source."
    return None


def verify_sentence(
    sentence: Sentence, candidates: Sequence[Candidate], evidence: Sequence[Candidate], ctx: VerifyContext
) -> SentenceCheck:
    """The check of one article sentence given its ranked candidates and chosen evidence."""
    best = candidates[0].score if candidates else 0.0
    kind = decide_kind(sentence, best)
    quotes = tuple(ctx.quotes.check(q) for q in find_quotes(sentence.text))
    # quote offsets are sentence-relative from find_quotes; make them article offsets
    quotes = tuple(
        QuoteCheck(q.text, q.start + sentence.start, q.end + sentence.start, q.status, q.closest, q.diff)
        for q in quotes
    )
    if kind != "claim":
        return SentenceCheck(sentence=sentence, kind=kind, quotes=quotes, score=round(best, 4))
    issues: list[Issue] = [i for i in (_quote_issue(q) for q in quotes) if i is not None]
    ev: tuple[EvidenceSpan, ...] = tuple(c.as_evidence() for c in evidence)
    verdict: Verdict
    if any(q.status == "altered" for q in quotes):
        verdict = "misquote"
    elif best < ctx.options.min_support:
        verdict = "unsupported"
    else:
        ev_text = " ".join(e.text for e in ev)
        claim_nums = _numbers(sentence.text) - {n for q in quotes for n in _numbers(q.text)}
        missing_nums = {
            n for n in claim_nums if n not in _numbers(ev_text) and n not in _numbers(ctx.source_text)
        }
        if missing_nums:
            issues.append(
                Issue("number_mismatch", ", ".join(sorted(missing_nums)), "the evidence gives no such number")
            )
            verdict = "contradicted"
        else:
            verdict = "supported"
    return SentenceCheck(
        sentence=sentence,
        kind=kind,
        verdict=verdict,
        evidence=ev,
        quotes=quotes,
        issues=tuple(issues),
        explanation=explain(verdict, issues, quotes),
        score=round(best, 4),
    )
