"""Quote checks: find each quoted string of a sentence in the source and say how faithful it is.

A quote is located by anchor voting (each of its words that occurs in the
source votes for where the quote would start), then aligned word by word to
the source around each of the best starts: semi-global alignment, the quote
consumed whole, with soft credit for a substituted word that is spelled alike
("credible" for "visible"). Statuses follow the contract:

- ``exact``: the same words, ignoring quote-mark and dash styles, white space,
  case, and the quote's own opening or closing punctuation;
- ``variant``: the same words up to spelling, inflection, hyphenation or punctuation;
- ``altered``: at least ``min_coverage`` of the quote's words are found in one
  source passage, but words were added, dropped or substituted;
- ``not_found``: no source passage comes that close.
"""

from __future__ import annotations

import functools
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from .models import DiffOp, EvidenceSpan, QuoteCheck, QuoteStatus
from .textnorm import Word, american, fold, keys_match, words

# Alignment scores: a matched word +1; a substituted word spelled alike (char similarity >= 0.5)
# earns cs - 0.4; an unlike substitution costs more than opening a gap, and a gap grows cheaply,
# so "and cultural exchanges" aligns "exchanges" with "exchanges" and records "and cultural" as dropped.
GAP = -0.6
GAP_EXTEND = -0.15
UNLIKE = -0.8

# Between two words of the source: the end of a sentence, or a line break (a heading ends at its line).
_BOUNDARY = re.compile(r"[.!?][\"'”’)\]]*\s|\n")
# An ellipsis marking a cut inside a quotation.
_ELLIPSIS = re.compile(r"\s*(?:\[\s*(?:…|\.\.\.)\s*\]|…|\.\.\.)\s*")
#: a cut or an editorial insertion inside a quotation: an ellipsis, or a short bracketed aside
_INSERTION = re.compile(_ELLIPSIS.pattern + r"|\s*[(\[][^()\[\]]{1,40}[)\]]\s*")

# Opening and closing marks; straight double quotes pair up in order.
_PAIRS = {"\u201c": "\u201d", "\u201e": "\u201d", "\u00ab": "\u00bb", "\u2018": "\u2019"}


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    text: str
    start: int
    end: int


_CLOSERS = {"\u201d", "\u00bb"}


def _closes(text: str, i: int) -> bool:
    """A mark that ends a quotation: a closing curly mark, or a straight one after a word or punctuation
    and before a space, punctuation or the end (how typesetters tell a straight mark's direction)."""
    ch = text[i]
    if ch in _CLOSERS:
        return True
    if ch != '"':
        return False
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return not before.isspace() and (after.isspace() or not after.isalnum())


def _span(text: str, inner_start: int, inner_end: int) -> QuoteSpan | None:
    inner = text[inner_start:inner_end]
    # strip the quote's own edge punctuation and spaces (“…country,” → country)
    lead = len(inner) - len(inner.lstrip(" ,.;:!?\u2026"))
    trail = len(inner) - len(inner.rstrip(" ,.;:!?\u2026"))
    s, e = inner_start + lead, inner_end - trail
    return QuoteSpan(text[s:e], s, e) if e > s and re.search(r"\w", text[s:e]) else None


def find_quotes(text: str) -> list[QuoteSpan]:
    """Quoted strings in ``text``: “…”, «…», "…", and ‘…’ when it is not an apostrophe. Straight and
    curly marks pair with each other (“…" and "…”: copy mixes them). A sentence whose first mark closes a
    quotation continues one opened in the sentence before (“…provisions," it added.): the words up to
    that mark are quoted."""
    found: list[QuoteSpan] = []
    first = next((k for k, ch in enumerate(text) if ch in _PAIRS or ch in _CLOSERS or ch == '"'), None)
    i = 0
    # a straight mark ends a carried-over quotation after its punctuation (…provisions," it added)
    carried = (
        first is not None and _closes(text, first) and (text[first] != '"' or text[first - 1] in ",.!?…")
    )
    if first is not None and carried and re.search(r"\w", text[:first]):
        q = _span(text, 0, first)
        if q is not None:
            found.append(q)
        i = first + 1
    n = len(text)
    while i < n:
        ch = text[i]
        close: set[str] | None = None
        if ch in _PAIRS:
            if ch == "\u2018" and i > 0 and text[i - 1].isalnum():
                i += 1
                continue
            close = {_PAIRS[ch]} | ({'"'} if ch == "\u201c" else set())
        elif ch == '"':
            close = {'"', "\u201d"}
        if close is None:
            i += 1
            continue
        j = i + 1
        while j < n:
            if text[j] in close and not (text[j] == "\u2019" and j + 1 < n and text[j + 1].isalpha()):
                break
            j += 1
        q = _span(text, i + 1, min(j, n))
        if q is not None:
            found.append(q)
        i = j + 1
    return found


def open_after(text: str, open_before: bool = False) -> bool:
    """Whether a double quotation is still open at the end of ``text`` (given whether one was open at its
    start): a quotation that runs on into the next sentence (“This move opens prospects. Get the basics
    right,” said …)."""
    state = open_before
    for i, ch in enumerate(text):
        if ch in {"\u201c", "\u201e", "\u00ab"}:
            state = True
        elif ch in _CLOSERS:
            state = False
        elif ch == '"':
            state = not _closes(text, i)
    return state


def quotation_runs(sentences: Sequence[tuple[int, int, str]], longest: int = 6) -> dict[int, int]:
    """For sentences ``(index, paragraph, text)`` in document order: each sentence inside a quotation
    that runs on past it, mapped to the sentence that closes the quotation (where its speaker is named:
    “… integration. Get the basics right,” said X.). A quotation runs within one paragraph and over at
    most ``longest`` sentences; one never closed maps nowhere."""
    runs: dict[int, int] = {}
    members: list[int] = []
    state = False
    para: int | None = None
    for index, paragraph, text in sentences:
        if paragraph != para:
            state, members, para = False, [], paragraph
        was, state = state, open_after(text, state)
        if state:
            members.append(index)
            if len(members) > longest:
                state, members = False, []
        elif was and members:
            runs.update((m, index) for m in members)
            members = []
    return runs


@functools.lru_cache(maxsize=65536)
def _charsim(a: str, b: str) -> float:
    return fuzz.ratio(american(fold(a).lower()), american(fold(b).lower())) / 100.0


def align_words(q: Sequence[Word], src: Sequence[Word]) -> tuple[float, int, int, list[tuple[str, int, int]]]:
    """Semi-global alignment of all of ``q`` to a stretch of ``src``, with affine gaps (Gotoh).

    A dropped or added phrase is one gap (open ``GAP``, then ``GAP_EXTEND`` a word). Returns
    (score, first source word, end source word, ops); ops are (op, qi, si) with -1 for absent.
    """
    n, m = len(q), len(src)
    neg = float("-inf")
    # Three layers: 0 = q[i-1] aligned with src[j-1]; 1 = q[i-1] has no source word (insert);
    # 2 = src[j-1] has no quote word (delete). P holds, per layer, the layer the best score came from.
    S = [[[neg] * (m + 1) for _ in range(n + 1)] for _ in range(3)]
    P = [[[0] * (m + 1) for _ in range(n + 1)] for _ in range(3)]
    for j in range(m + 1):
        S[0][0][j] = 0.0  # free start in the source
    for i in range(1, n + 1):
        S[1][i][0] = GAP + GAP_EXTEND * (i - 1)
        P[1][i][0] = 1 if i > 1 else 0

    def best_of(cands: tuple[float, float, float]) -> tuple[float, int]:
        k = max(range(3), key=lambda x: cands[x])
        return cands[k], k

    for i in range(1, n + 1):
        qi = q[i - 1]
        for j in range(1, m + 1):
            sj = src[j - 1]
            if keys_match(qi.key, sj.key):
                sub = 1.0
            else:
                cs = _charsim(qi.text, sj.text)
                sub = cs - 0.4 if cs >= 0.5 else UNLIKE
            v, k = best_of((S[0][i - 1][j - 1], S[1][i - 1][j - 1], S[2][i - 1][j - 1]))
            S[0][i][j], P[0][i][j] = v + sub, k
            v, k = best_of((S[0][i - 1][j] + GAP, S[1][i - 1][j] + GAP_EXTEND, S[2][i - 1][j] + GAP))
            S[1][i][j], P[1][i][j] = v, k
            v, k = best_of((S[0][i][j - 1] + GAP, S[1][i][j - 1] + GAP, S[2][i][j - 1] + GAP_EXTEND))
            S[2][i][j], P[2][i][j] = v, k
    if m == 0:
        return neg, 0, 0, [("insert", i, -1) for i in range(n)]
    end_j = max(range(m + 1), key=lambda j: max(S[0][n][j], S[1][n][j]))
    layer = 0 if S[0][n][end_j] >= S[1][n][end_j] else 1
    score = S[layer][n][end_j]
    ops: list[tuple[str, int, int]] = []
    i, j = n, end_j
    while i > 0:
        came = P[layer][i][j]
        if layer == 0:
            eq = keys_match(q[i - 1].key, src[j - 1].key)
            ops.append(("equal" if eq else "replace", i - 1, j - 1))
            i, j = i - 1, j - 1
        elif layer == 1:
            ops.append(("insert", i - 1, -1))
            i -= 1
        else:
            ops.append(("delete", -1, j - 1))
            j -= 1
        layer = came
    ops.reverse()
    while ops and ops[0][0] == "delete":
        ops.pop(0)
    while ops and ops[-1][0] == "delete":
        ops.pop()
    src_idx = [si for _, _, si in ops if si >= 0]
    start_j, end_j = (min(src_idx), max(src_idx) + 1) if src_idx else (0, 0)
    return score, start_j, end_j, ops


def _credit(q: Sequence[Word], src: Sequence[Word], ops: Sequence[tuple[str, int, int]]) -> float:
    got = 0.0
    for op, qi, si in ops:
        if op == "equal":
            got += 1.0
        elif op == "replace":
            cs = _charsim(q[qi].text, src[si].text)
            got += cs if cs >= 0.5 else 0.0
    return got / max(1, len(q))


def _compact(s: str) -> str:
    return re.sub(r"[^0-9a-z]", "", american(fold(s).lower()))


def _diff(q: Sequence[Word], src: Sequence[Word], ops: Sequence[tuple[str, int, int]]) -> tuple[DiffOp, ...]:
    out: list[DiffOp] = []
    for op, qi, si in ops:
        qt = q[qi].text if qi >= 0 else ""
        st = src[si].text if si >= 0 else ""
        kind = op if op in {"equal", "replace", "insert", "delete"} else "replace"
        if out and out[-1].op == kind:
            prev = out[-1]
            out[-1] = DiffOp(kind, f"{prev.quote} {qt}".strip(), f"{prev.source} {st}".strip())
        else:
            out.append(DiffOp(kind, qt, st))  # type: ignore[arg-type]
    return tuple(out)


class QuoteFinder:
    """Checks quotes against one source text; the source's words are indexed once."""

    def __init__(self, source_text: str, *, min_coverage: float = 0.6) -> None:
        self.text = source_text
        self.words = words(source_text)
        self.min_coverage = min_coverage
        self._checked: dict[tuple[str, int, int], QuoteCheck] = {}  # a quote is asked about more than once
        self._at: dict[str, list[int]] = defaultdict(list)
        for idx, w in enumerate(self.words):
            self._at[w.key].append(idx)
        # the sentence and the line each word is in: a quote is looked for inside one line (a heading
        # is a line of its own), and a quote of one sentence inside one sentence
        self._sentence: list[int] = []
        self._line: list[int] = []
        n = m = 0
        for idx, w in enumerate(self.words):
            if idx:
                gap = source_text[self.words[idx - 1].end : w.start]
                n += bool(_BOUNDARY.search(gap))
                m += "\n" in gap
            self._sentence.append(n)
            self._line.append(m)

    def _bounds(self, start: int, lo: int, hi: int, unit: list[int]) -> tuple[int, int]:
        """``lo``/``hi`` narrowed to the sentence or line (``unit``) the start position is in."""
        anchor = min(max(start, 0), len(self.words) - 1)
        sid = unit[anchor]
        while lo < anchor and unit[lo] != sid:
            lo += 1
        while hi > anchor + 1 and unit[hi - 1] != sid:
            hi -= 1
        return lo, hi

    def _starts(self, q: Sequence[Word]) -> list[int]:
        votes: Counter[int] = Counter()
        content = [i for i, w in enumerate(q) if w.is_content] or list(range(len(q)))
        for i in content:
            for p in self._at.get(q[i].key, ())[:200]:
                votes[p - i] += 1
        if not votes:
            return []
        # merge nearby starts: a dropped or added word shifts the diagonal by one or two
        ranked: list[int] = []
        for start, _ in votes.most_common():
            if all(abs(start - r) > 2 for r in ranked):
                ranked.append(start)
            if len(ranked) >= 6:
                break
        return ranked

    def _same_letters(self, quote: str, a: int, b: int, unit: list[int]) -> tuple[int, int] | None:
        """Source offsets of a run of words near ``a:b`` spelling ``quote`` letter for letter, inside one
        ``unit`` (a line, or a sentence for a quote of one sentence) as every match is."""
        want = _compact(quote)
        src = self.words
        for i in range(max(0, a - 2), min(a + 3, len(src))):
            for j in range(max(i + 1, b - 2), min(b + 3, len(src) + 1)):
                if unit[i] != unit[j - 1]:
                    continue
                if _compact(self.text[src[i].start : src[j - 1].end]) == want:
                    return src[i].start, src[j - 1].end
        return None

    def check(self, quote: QuoteSpan) -> QuoteCheck:
        """The quote's status against the source. A quote cut with an ellipsis ("…", "...", "[…]") or
        with the outlet's own words inserted in brackets ("the Line of Control (LoC) and…") is checked part
        by part: the cut is no alteration (the parts found as they are make a ``variant``)."""
        key = (quote.text, quote.start, quote.end)
        if key not in self._checked:
            parts = [p for p in _INSERTION.split(quote.text) if p is not None]
            whole = self._check_one(quote)
            if len(parts) > 1 and whole.status != "exact":
                whole = self._check_parts(quote, parts)
            self._checked[key] = whole
        return self._checked[key]

    def _check_parts(self, quote: QuoteSpan, parts: list[str]) -> QuoteCheck:
        checks = []
        at = quote.start
        for part in parts:
            off = quote.text.find(part, at - quote.start)
            text = part.strip(" ,.;:")
            if not re.search(r"\w", text):
                continue
            lead = part.find(text)
            checks.append(
                self._check_one(
                    QuoteSpan(text, quote.start + off + lead, quote.start + off + lead + len(text))
                )
            )
            at = quote.start + off + len(part)
        if not checks:
            return QuoteCheck(quote.text, quote.start, quote.end, "not_found")
        rank = {"exact": 0, "variant": 1, "altered": 2, "not_found": 3}
        worst = max(checks, key=lambda c: rank[c.status])
        status: QuoteStatus = "variant" if worst.status == "exact" else worst.status
        return QuoteCheck(quote.text, quote.start, quote.end, status, worst.closest, worst.diff)

    def _check_one(self, quote: QuoteSpan) -> QuoteCheck:
        q = words(quote.text)
        if not q:
            return QuoteCheck(quote.text, quote.start, quote.end, "not_found")
        best: tuple[float, int, int, list[tuple[str, int, int]]] | None = None
        pad = max(3, len(q) // 3)
        starts = self._starts(q)
        keys = [w.key for w in q]
        inside = not re.search(r"[.!?]\s", quote.text)  # a quote of one sentence stays inside one
        unit = self._sentence if inside else self._line
        for start in starts:  # a quote found word for word needs no alignment
            if (
                start >= 0
                and [w.key for w in self.words[start : start + len(q)]] == keys
                and len(set(unit[start : start + len(q)])) == 1
            ):
                best = (
                    float(len(q)),
                    start,
                    start + len(q),
                    [("equal", i, start + i) for i in range(len(q))],
                )
                starts = []
                break
        for start in starts:
            lo = max(0, start - pad)
            hi = min(len(self.words), start + len(q) + pad)
            lo, hi = self._bounds(start, lo, hi, self._sentence if inside else self._line)
            if hi <= lo:
                continue
            score, a, b, ops = align_words(q, self.words[lo:hi])
            ops = [(op, qi, si + lo if si >= 0 else -1) for op, qi, si in ops]
            cand = (score, a + lo, b + lo, ops)
            if best is None or cand[0] > best[0]:
                best = cand
        if best is None:
            return QuoteCheck(quote.text, quote.start, quote.end, "not_found")
        _, a, b, ops = best
        src = self.words
        if b <= a:
            return QuoteCheck(quote.text, quote.start, quote.end, "not_found")
        s_start, s_end = src[a].start, src[b - 1].end
        span_text = self.text[s_start:s_end]
        closest = EvidenceSpan(s_start, s_end, round(_credit(q, src, ops), 4), span_text)
        diff = _diff(q, src, ops)
        status: QuoteStatus
        if all(op == "equal" for op, _, _ in ops):
            same = re.sub(r"\s+", " ", fold(quote.text).lower()) == re.sub(
                r"\s+", " ", fold(span_text).lower()
            )
            status = "exact" if same else "variant"
        elif _compact(quote.text) == _compact(span_text) or [w.key for w in q] == [w.key for w in src[a:b]]:
            status = "variant"
        elif (
            joined := self._same_letters(quote.text, a, b, self._sentence if inside else self._line)
        ) is not None:
            # the same letters once hyphens and spaces go: "longstanding" / "long-standing", "percent" /
            # "per cent" — the alignment split or joined words the source writes otherwise
            status = "variant"
            closest = EvidenceSpan(joined[0], joined[1], 1.0, self.text[joined[0] : joined[1]])
        elif _credit(q, src, ops) >= self.min_coverage and any(op == "equal" for op, _, _ in ops):
            status = "altered"
        else:
            return QuoteCheck(quote.text, quote.start, quote.end, "not_found", closest, diff)
        return QuoteCheck(
            quote.text, quote.start, quote.end, status, closest, diff if status != "exact" else ()
        )
