"""The shapes every check shares: a check, what it finds, and the evidence it looks at."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..claims import Claim
from ..models import EvidenceSpan, Issue, QuoteCheck, Verdict
from .context import VerifyContext


@dataclass(frozen=True, slots=True)
class Evidence:
    """The passages chosen for a claim, best first, the best alignment score, and the quote checks."""

    spans: tuple[EvidenceSpan, ...]
    best: float
    quotes: tuple[QuoteCheck, ...] = ()


@dataclass(frozen=True, slots=True)
class Finding:
    """An issue and the verdict it implies (None: recorded, not flagged)."""

    issue: Issue
    verdict: Verdict | None


CheckFn = Callable[[Claim, Evidence, VerifyContext, Mapping[str, Any]], Sequence[Finding]]


@dataclass(frozen=True, slots=True)
class Check:
    """One verification check: a name, the issue types it reports, its settings with their defaults,
    and the function. ``needs_evidence``: run only when some passage supports the claim at all."""

    name: str
    issue_types: tuple[str, ...]
    run: CheckFn
    defaults: Mapping[str, Any] = field(default_factory=dict)
    needs_evidence: bool = True
    needs_parse: bool = True
    summary: str = ""
