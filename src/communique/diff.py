"""Diff: redline one statement against an earlier one, provision by provision.

Provisions of the two statements are aligned one-to-one (an assignment that maximises word overlap, with
a floor below which a provision counts as ``added`` or ``dropped``). Each aligned pair is labelled:

- ``unchanged``: the same words (quote and dash styles, case and spacing aside);
- ``strengthened`` / ``weakened``: the commitment's force rose or fell (``FORCE``: "expressed readiness
  to" < "agreed to" < "pledged to"; "should" < "must"), an act became a commitment or stopped being one,
  a deadline was added or removed, or qualifiers were (``qualifiers``: intensifiers and scope words
  dropped weaken, added strengthen — "an unconditional, comprehensive and permanent ceasefire" → "a
  ceasefire"; hedges and conditions the other way round — "if necessary", "where possible", "partial");
- ``reworded``: other changes in wording;
- ``moved``: the same words in another place in the order of the text (a changed pair that moved
  also carries ``moved: true``);
- ``added`` / ``dropped``: a provision with no counterpart.
"""

from __future__ import annotations

import difflib
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from rapidfuzz import fuzz

from .models import Provision
from .textnorm import content_keys, squash, words

Label = Literal["unchanged", "reworded", "strengthened", "weakened", "added", "dropped", "moved"]

#: Below this similarity (0-1) two provisions are not the same provision.
MATCH_FLOOR = 0.35

#: Force of a commitment's wording, weakest first; the strongest phrase found in a provision counts.
FORCE: tuple[tuple[str, int], ...] = (
    (r"\b(may|might|could)\b", 1),
    (r"\b(explore|consider|discuss|study)\w*\b", 1),
    (r"\bshould\b", 2),
    (r"\b(hope|wish)\w*\b", 2),
    (r"\bexpress\w*\s+(?:their\s+|its\s+)?(?:readiness|willingness)\b", 2),
    (r"\b(readiness|willingness|ready|willing)\b", 2),
    (r"\b(encourage|support)\w*\b", 2),
    (r"\b(agree|agreed|agrees)\b", 3),
    (r"\bwill\b", 3),
    (r"\b(decide|decided|resolve|resolved)\b", 3),
    (r"\b(pledge|pledged|commit|committed|undertake|undertook|vow|vowed)\b", 4),
    (r"\b(must|shall)\b", 4),
)


@dataclass(frozen=True, slots=True)
class WordOp:
    op: Literal["equal", "delete", "insert"]
    text: str


@dataclass(frozen=True, slots=True)
class ProvisionChange:
    label: Label
    old: Provision | None
    new: Provision | None
    similarity: float = 0.0
    moved: bool = False
    redline: tuple[WordOp, ...] = ()
    modality: str | None = None  # "expressed readiness to → agreed to"


@dataclass(frozen=True, slots=True)
class StatementDiff:
    changes: tuple[ProvisionChange, ...]

    def count(self, label: Label) -> int:
        return sum(1 for c in self.changes if c.label == label)


def force(text: str) -> tuple[int, str | None]:
    """The strongest force phrase of a text and its level (0 when none)."""
    best, phrase = 0, None
    low = text.lower()
    for pattern, level in FORCE:
        m = re.search(pattern, low)
        if m and level > best:
            best, phrase = level, m.group(0)
    return best, phrase


def similarity(a: str, b: str, idf: dict[str, float] | None = None) -> float:
    """How alike two provisions are, 0-1: IDF-weighted overlap of their content words (so that the
    formula every provision shares, "The two sides agreed to", counts for little), blended with the
    character similarity of their word keys."""
    ka, kb = set(content_keys(a)), set(content_keys(b))
    weight = idf or {}
    union = sum(weight.get(k, 1.0) for k in ka | kb)
    overlap = sum(weight.get(k, 1.0) for k in ka & kb) / union if union else 0.0
    chars = fuzz.ratio(" ".join(w.key for w in words(a)), " ".join(w.key for w in words(b))) / 100.0
    return 0.7 * overlap + 0.3 * chars


def _idf(texts: Sequence[str]) -> dict[str, float]:
    df: Counter[str] = Counter()
    for t in texts:
        df.update(set(content_keys(t)))
    n = len(texts)
    return {k: math.log((n + 1) / (c + 1)) + 0.1 for k, c in df.items()}


def redline(old: str, new: str) -> tuple[WordOp, ...]:
    """Word-level diff of two texts."""
    a, b = old.split(), new.split()
    ops: list[WordOp] = []
    sm = difflib.SequenceMatcher(a=[squash(w) for w in a], b=[squash(w) for w in b], autojunk=False)
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            ops.append(WordOp("equal", " ".join(b[j1:j2])))
            continue
        if i2 > i1:
            ops.append(WordOp("delete", " ".join(a[i1:i2])))
        if j2 > j1:
            ops.append(WordOp("insert", " ".join(b[j1:j2])))
    return tuple(ops)


def _moved(pairs: Sequence[tuple[int, int]]) -> set[tuple[int, int]]:
    """Pairs outside the longest run kept in the same relative order (longest increasing subsequence)."""
    seq = sorted(pairs)
    n = len(seq)
    if n == 0:
        return set()
    best = [1] * n
    prev = [-1] * n
    for i in range(n):
        for j in range(i):
            if seq[j][1] < seq[i][1] and best[j] + 1 > best[i]:
                best[i], prev[i] = best[j] + 1, j
    k = max(range(n), key=lambda i: best[i])
    keep = set()
    while k >= 0:
        keep.add(seq[k])
        k = prev[k]
    return set(seq) - keep


#: Words that limit what a provision binds to: added, they weaken it; dropped, they strengthen it.
HEDGES = frozenset(
    "partial partially gradual gradually limited possible possibly some certain eventual eventually temporary "
    "initial appropriate feasible practicable necessary relevant".split()
)
#: Words that open a condition: "if necessary", "provided that …", "subject to …", "where possible".
CONDITIONS = frozenset("if unless provided providing subject where when once conditional".split())
_GLUE = frozenset("a an the and or as well".split())


def _modifier(word: str) -> bool:
    """A word that qualifies rather than names: WordNet has it as an adjective or adverb at least as
    often as a noun or verb ("unconditional", "fully", "all"; not "port")."""
    from .lexicon import wordnet

    wn = wordnet()
    if wn is None:
        return False
    pos = [p for p in ("n", "v", "a", "r") for _ in wn.synsets(word, p)]
    qualifying = sum(p in {"a", "r"} for p in pos)
    return qualifying > 0 and qualifying >= len(pos) - qualifying


def _run_score(ws: Sequence[str]) -> int | None:
    """+1 for a run of intensifiers or scope words, -1 for a hedge or a condition, None for a run that
    names something (a rewording)."""
    ws = [w for w in ws if w not in _GLUE]
    if not ws:
        return 0
    if ws[0] in CONDITIONS or (any(w in HEDGES for w in ws) and all(w in HEDGES or _modifier(w) for w in ws)):
        return -1
    if all(_modifier(w) for w in ws):
        return 1
    return None


def qualifiers(old: str, new: str) -> int:
    """How the qualifiers changed between two wordings: each run of words dropped or added that is only
    intensifiers or scope words ("unconditional, comprehensive and permanent", "all", "fully") counts -1
    dropped and +1 added; a hedge ("partial", "where possible") or a condition ("if necessary",
    "provided that …") the other way round. A replacement that changes what is named counts nothing:
    that is a rewording, not a change of force."""
    a, b = re.findall(r"[a-z]+", old.lower()), re.findall(r"[a-z]+", new.lower())
    score = 0
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        dropped, added = _run_score(a[i1:i2]), _run_score(b[j1:j2])
        if dropped is None or added is None:
            continue
        score += added - dropped
    return score


def _label(old: Provision, new: Provision) -> tuple[Label, str | None]:
    if squash(old.text) == squash(new.text):
        return "unchanged", None
    fo, po = force(old.text)
    fn, pn = force(new.text)
    shift = f"{po} → {pn}" if po and pn and po != pn else None
    was_c, is_c = "commitment" in old.acts, "commitment" in new.acts
    score = (fn - fo) + (2 if is_c and not was_c else -2 if was_c and not is_c else 0)
    score += 1 if new.deadline and not old.deadline else -1 if old.deadline and not new.deadline else 0
    score += qualifiers(old.text, new.text)
    if score > 0:
        return "strengthened", shift
    if score < 0:
        return "weakened", shift
    return "reworded", shift


def diff_provisions(old: Sequence[Provision], new: Sequence[Provision]) -> StatementDiff:
    """Align two statements' provisions and label every change."""
    from scipy.optimize import linear_sum_assignment

    pairs: list[tuple[int, int, float]] = []
    if old and new:
        idf = _idf([p.text for p in (*old, *new)])
        sim = np.array([[similarity(o.text, n.text, idf) for n in new] for o in old])
        rows, cols = linear_sum_assignment(-sim)
        pairs = [
            (int(r), int(c), float(sim[r, c]))
            for r, c in zip(rows, cols, strict=True)
            if sim[r, c] >= MATCH_FLOOR
        ]
    moved = _moved([(r, c) for r, c, _ in pairs])
    changes: list[ProvisionChange] = []
    matched_old = {r for r, _, _ in pairs}
    matched_new = {c for _, c, _ in pairs}
    for r, c, s in pairs:
        o, n = old[r], new[c]
        label, shift = _label(o, n)
        is_moved = (r, c) in moved
        if label == "unchanged" and is_moved:
            label = "moved"
        changes.append(
            ProvisionChange(
                label,
                o,
                n,
                round(s, 4),
                is_moved,
                redline(o.text, n.text) if label != "unchanged" else (),
                shift,
            )
        )
    changes += [ProvisionChange("dropped", old[i], None) for i in range(len(old)) if i not in matched_old]
    changes += [ProvisionChange("added", None, new[j]) for j in range(len(new)) if j not in matched_new]

    def order(c: ProvisionChange) -> tuple[int, int]:
        return (c.new.start, 1) if c.new is not None else (c.old.start if c.old else 0, 0)

    changes.sort(key=order)
    return StatementDiff(tuple(changes))
