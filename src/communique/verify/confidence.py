"""How likely a flag is right: the share of flags of the same kind that were right on the gold packs.

A flag's kind is its verdict and the type of its first issue (``key_of``). ``data/calibration.json``
holds, for each kind seen often enough on the dev packs, the share of such flags that the gold also
flags (smoothed towards the verdict's share with a pseudo-count), and for each verdict its own share;
``scripts/calibrate.py`` rebuilds the table and reports its error with each pack left out. A desk that
wants fewer, surer flags sets ``check --min-confidence``.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from importlib import resources
from typing import Any

from ..models import Issue, Verdict

FLAGGED = ("partial", "misquote", "unsupported", "contradicted")


def key_of(verdict: str, issues: Sequence[Issue]) -> str:
    """A flag's kind: ``verdict/first issue type`` ("contradicted/date_mismatch")."""
    return f"{verdict}/{issues[0].type}" if issues else verdict


@functools.cache
def table() -> dict[str, Any]:
    path = resources.files("communique") / "data" / "calibration.json"
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    return data


def confidence(
    verdict: Verdict | None, issues: Sequence[Issue], calibration: dict[str, Any] | None = None
) -> float | None:
    """The calibrated chance that a flag is right (None for a sentence that is not flagged)."""
    if verdict is None or verdict not in FLAGGED:
        return None
    cal = table() if calibration is None else calibration
    if not cal:
        return None
    by_key: dict[str, float] = cal.get("by_key", {})
    by_verdict: dict[str, float] = cal.get("by_verdict", {})
    value = by_key.get(key_of(verdict, issues), by_verdict.get(verdict, cal.get("prior")))
    return None if value is None else round(float(value), 3)
