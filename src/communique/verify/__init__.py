"""Verify: from a claim and its evidence, typed issues, a verdict and a one-line reason.

Each check is one module with one ``Check``: the issue types it reports, the verdict each finding
implies, and its settings with their defaults. ``CHECKS`` lists them in order; adding a check is one
file and one line here. A ``Checker`` holds the settings (``check_config``) and stores them with each run.

The verdict is the most severe one any finding implies — ``misquote`` > ``contradicted`` >
``unsupported`` > ``partial`` — else ``supported``. Findings that imply no verdict (a force shift inside
one family, a short scare quote not found, a number the source does not give) are recorded as issues.
A sentence no passage supports at all (best alignment below ``min_support``) is ``unsupported`` and
only the checks that need no evidence run (quotations).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..align import Candidate
from ..claims import Claim, build_claim, points_back
from ..models import EvidenceSpan, Issue, QuoteCheck, Sentence, SentenceCheck, Verdict
from ..quotes import find_quotes
from ..timex import dates
from . import absence, actors, added, entities, grounding, modality, numbers, offices, polarity, quotes, scope
from . import judge as judge_check
from .base import Check, Evidence, Finding
from .confidence import confidence
from .context import CheckConfig, VerifyContext
from .kinds import decide_kind, reports_the_event, shares_a_day

__all__ = [
    "CHECKS",
    "Check",
    "Evidence",
    "Finding",
    "VerifyContext",
    "default_config",
    "explain",
    "verify_sentence",
]

#: The registered checks, in the order their findings are listed.
CHECKS: tuple[Check, ...] = (
    quotes.CHECK,
    numbers.CHECK,
    entities.ENTITIES,
    entities.SWAPS,
    actors.CHECK,
    actors.REVERSAL,
    offices.CHECK,
    polarity.CHECK,
    grounding.CHECK,
    added.CHECK,
    modality.CHECK,
    scope.CHECK,
    absence.CHECK,
    judge_check.CHECK,
)

SEVERITY: dict[str, int] = {"misquote": 4, "contradicted": 3, "unsupported": 2, "partial": 1}


#: Settings of the claim/commentary decision (``kinds.decide_kind``), held beside the checks'.
KIND_DEFAULTS: dict[str, Any] = {
    "commentary_support": 0.65,
    "background_support": 0.45,
    "attributed_support": 0.65,
}


def default_config() -> dict[str, dict[str, Any]]:
    """Every check's settings with their defaults: ``{check name: {setting: value}}``."""
    return {"kinds": dict(KIND_DEFAULTS), **{c.name: dict(c.defaults) for c in CHECKS if c.defaults}}


def _coerce(default: Any, value: Any, name: str) -> Any:
    """``value`` as the type of the setting's default ("false" is False for a switch)."""
    from ..errors import ConfigError

    if isinstance(default, bool) and isinstance(value, str):
        low = value.strip().lower()
        if low not in {"true", "false", "1", "0", "yes", "no", "on", "off"}:
            raise ConfigError(f"setting {name} is a switch, not {value!r}", hint="use true or false")
        return low in {"true", "1", "yes", "on"}
    return type(default)(value)


def merge_config(overrides: CheckConfig | None) -> dict[str, dict[str, Any]]:
    """The defaults with ``overrides`` applied; an unknown check or setting is an error."""
    from ..errors import ConfigError

    out = default_config()
    for name, values in (overrides or {}).items():
        if name not in out:
            raise ConfigError(
                f"unknown check setting group {name!r}", hint=f"known: {', '.join(sorted(out))}"
            )
        for key, value in values.items():
            if key not in out[name]:
                raise ConfigError(
                    f"unknown setting {name}.{key}", hint=f"known: {', '.join(sorted(out[name]))}"
                )
            out[name][key] = _coerce(out[name][key], value, f"{name}.{key}")
    return out


def _added(issue: Issue) -> str:
    """One added element in words."""
    d = issue.detail
    if d.startswith("source: "):
        return f"“{issue.text}” stands where the source says “{d[8:]}”"
    if d.startswith("in the source only"):
        return f"“{issue.text}” is {d}"
    if d == "not in the cited passage":
        return f"“{issue.text}” is not in the passage reported"
    if d.startswith("framing"):
        return f"“{issue.text}” is framing the source does not use"
    return f"“{issue.text}” is not in the source"


def explain(
    verdict: Verdict | None, findings: Sequence[Finding], quote_checks: Sequence[QuoteCheck]
) -> str | None:
    """One line a journalist can act on, for flagged sentences, built from the deciding findings."""
    if verdict is None or verdict == "supported":
        return None
    deciding = [f.issue for f in findings if f.verdict == verdict]
    if verdict == "misquote":
        q = next((q for q in quote_checks if q.status == "altered"), None)
        if q is not None:
            return f"The quoted words are not in the communiqué, which says “{q.closest.text if q.closest else ''}”."
        i = deciding[0] if deciding else None
        return (
            f"The quoted words “{i.text}” are not in the communiqué."
            if i
            else "A quotation is not in the communiqué."
        )
    if verdict == "unsupported":
        missing = [i for i in deciding if i.type == "unsupported_content" and i.detail == "not in the source"]
        if missing:
            return "Nothing in the source supports " + "; ".join(f"“{i.text}”" for i in missing) + "."
        return "No passage of the source supports this sentence."
    if verdict == "contradicted":
        i = deciding[0] if deciding else None
        if i is None:
            return "The source says otherwise."
        return f"The source says otherwise: “{i.text}” — {i.detail}."
    added_ = [i for i in deciding if i.type == "added_content"]
    if added_:
        return "Mostly supported, but " + "; ".join(_added(i) for i in added_) + "."
    figure = next((i for i in deciding if i.type == "number_not_in_source"), None)
    if figure is not None:
        return f"Mostly supported, but the source gives no figure “{figure.text}”."
    mod = next((i for i in deciding if i.type == "modality_changed"), None)
    if mod is not None:
        return f"Mostly supported, but “{mod.text}” is {mod.detail}."
    scope = next((i for i in deciding if i.type == "scope_changed"), None)
    if scope is not None:
        return f"Mostly supported, but “{scope.text}” {scope.detail}."
    return "Mostly supported, but an element is not in the source."


def _dedupe(findings: Sequence[Finding]) -> list[Finding]:
    """Drop a finding about words that a more severe (or earlier, equally severe) finding names."""
    order = sorted(range(len(findings)), key=lambda k: -SEVERITY.get(findings[k].verdict or "", 0))
    kept: list[int] = []
    named: set[str] = set()
    for k in order:
        f = findings[k]
        words = set(f.issue.text.split())
        if (
            f.verdict is not None
            and words & named
            and f.issue.type not in {"quote_altered", "quote_not_found"}
        ):
            continue
        if f.verdict is not None:
            named |= words
        kept.append(k)
    return [findings[k] for k in sorted(kept)]


def run_checks(
    claim: Claim, evidence: Evidence, ctx: VerifyContext, *, supported_at_all: bool
) -> list[Finding]:
    found: list[Finding] = []
    for check in CHECKS:
        if check.needs_evidence and not supported_at_all:
            continue
        if check.needs_parse and claim.doc is None:
            continue
        cfg = {**check.defaults, **ctx.config.get(check.name, {})}
        found.extend(check.run(claim, evidence, ctx, cfg))
    return _dedupe(found)


def _with_passages(ev: tuple[EvidenceSpan, ...], more: Sequence[EvidenceSpan]) -> tuple[EvidenceSpan, ...]:
    """``ev`` and those of ``more`` it does not hold yet (by their offsets), in order."""
    held = {(x.start, x.end) for x in ev}
    out = list(ev)
    for e in more:
        if (e.start, e.end) not in held:
            held.add((e.start, e.end))
            out.append(e)
    return tuple(out)


def verify_sentence(
    sentence: Sentence,
    candidates: Sequence[Candidate],
    evidence: Sequence[Candidate],
    ctx: VerifyContext,
    doc: Any = None,
    previous: SentenceCheck | None = None,
    quoted_in: Any = None,
    previous_doc: Any = None,
    closes_quote: bool = False,
) -> SentenceCheck:
    """The check of one article sentence given its ranked candidates, chosen evidence and parse;
    ``previous`` is the check of the article's claim or commentary sentence before it (``previous_doc``
    its parse); ``quoted_in`` the parse of the later sentence that closes a quotation this one is inside
    (and names its speaker); ``closes_quote`` whether this one closes a quotation opened before it."""
    best = candidates[0].score if candidates else 0.0
    before = (previous.kind, previous.kind_reason) if previous is not None else None
    kind, reason = decide_kind(sentence, best, doc, ctx, before, quoted_in, previous_doc, closes_quote)
    quote_checks = tuple(
        QuoteCheck(q.text, q.start + sentence.start, q.end + sentence.start, q.status, q.closest, q.diff)
        for q in (ctx.quotes.check(q) for q in find_quotes(sentence.text))
    )
    if kind != "claim":
        return SentenceCheck(
            sentence=sentence, kind=kind, quotes=quote_checks, score=round(best, 4), kind_reason=reason
        )
    claim = build_claim(sentence.text, doc, ctx.anchor, ctx.published)
    gone = absence.confirmed(claim, ctx) if not quote_checks else None
    if gone is not None:
        # "The statement did not mention …" and the source indeed does not: true of the text, and
        # nothing in it could align with what is not there
        i = gone.issue
        at = (i.start or 0) + sentence.start, (i.end or 0) + sentence.start
        return SentenceCheck(
            sentence=sentence, kind="claim", verdict="supported", quotes=quote_checks, score=round(best, 4),
            issues=(Issue(i.type, i.text, i.detail, *at),),
        )  # fmt: skip
    ev: tuple[EvidenceSpan, ...] = tuple(c.as_evidence() for c in evidence)
    # "This was agreed between …": what was agreed is the sentence before's, and so are its passages
    pointing = (
        previous is not None
        and previous.kind == "claim"
        and previous.verdict != "unsupported"
        and points_back(claim)
    )
    if pointing and previous is not None:
        ev = _with_passages(ev, previous.evidence)
    # a passage that gives the claim's day of the month supports it enough for the checks to compare
    # the rest ("fall silent on May 20" / "cease all military operations … on 20 May 2026")
    # words quoted as written (or nearly) from the source: where they stand supports the sentence
    found = [
        q.closest
        for q in quote_checks
        if q.status in {"exact", "variant"} and q.closest is not None and len(q.text.split()) >= 4
    ]
    ev = _with_passages(ev, [e for e in found if e is not None])
    supported_at_all = (
        best >= ctx.options.min_support
        or pointing
        or bool(found)
        or (bool(ev) and shares_a_day(claim.dates, [d for e in ev for d in dates(e.text)]))
    )
    # quote offsets are article offsets already; make them sentence-relative for the checks
    rel_quotes = tuple(
        QuoteCheck(q.text, q.start - sentence.start, q.end - sentence.start, q.status, q.closest, q.diff)
        for q in quote_checks
    )
    findings = run_checks(claim, Evidence(ev, best, rel_quotes), ctx, supported_at_all=supported_at_all)
    if not supported_at_all:
        findings.append(
            Finding(
                Issue(
                    "unsupported_content",
                    sentence.text,
                    "no passage of the source supports it",
                    0,
                    len(sentence.text),
                ),
                "unsupported",
            )
        )
    verdicts = [f.verdict for f in findings if f.verdict is not None]
    verdict: Verdict = max(verdicts, key=lambda v: SEVERITY[v]) if verdicts else "supported"
    if (
        verdict == "unsupported"
        and not ctx.summary
        and not quote_checks
        and doc is not None
        and not reports_the_event(doc, ctx)
    ):
        # nothing of it is in the source and it is not built as a report of the issuers or the text:
        # the outlet's background, whatever its likeness to the statement's words
        return SentenceCheck(
            sentence=sentence, kind="commentary", quotes=quote_checks, score=round(best, 4),
            kind_reason="background",
        )  # fmt: skip
    if not supported_at_all:
        findings = [f for f in findings if f.issue.type != "unsupported_content" or f.verdict == verdict]
    issues = [
        Issue(i.type, i.text, i.detail, i.start + sentence.start, i.end + sentence.start)
        if i.start is not None and i.end is not None
        else i
        for i in (f.issue for f in findings)
    ]
    return SentenceCheck(
        sentence=sentence,
        kind=kind,
        confidence=confidence(verdict, issues),
        verdict=verdict,
        evidence=ev,
        quotes=quote_checks,
        issues=tuple(issues),
        explanation=explain(verdict, findings, quote_checks),
        score=round(best, 4),
    )
