"""Claims: a sentence as data — predicate, roles, quantities, dates, names and quotations, with offsets.

The same structure is built for an article's sentences and for the statement's sentences (once per
source), so that verification compares like with like: a claim's number with the number that fills the
same role in the evidence, its date with the evidence's dates, its predicate's polarity and modality with
the evidence's. Every field carries offsets into the sentence text (``start``/``end``, sentence-relative).

- ``Quantity``: a number with its value (words and digits: "seven", "7", "1,500", "$4.5 million",
  "25 percent"), its unit (``%``, a currency, or none), a bound ("more than", "at least", "no more
  than"), and the content words around it that say what it counts ("inspections per side").
- ``DateRef``: a date or part of one ("19 September 2026", "Sept. 19, 2027", "July", "2027", a year
  range's end, "Wednesday" resolved against the statement's date).
- ``Predicate``: the main verb's lemma, whether it is negated, its modality level and speech acts.
- ``frame``: the wire dateline ("MANILA, July 8 (SEA Wire) –") and the attribution ("…, the statement
  said") — the outlet's framing, never checked against the source.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from .analyze import NEWS_FRAME, acts_of_verb, chain_level
from .quotes import QuoteSpan, find_quotes
from .segment import INTERPRETIVE_VERBS, main_root
from .textnorm import word_key
from .timex import DateRef, dates

# --- numbers ----------------------------------------------------------------------------------------------

_UNITS_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
    "dozen": 12,
}  # fmt: skip
ORDINAL_WORDS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
    "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
    "twentieth": 20,
}  # fmt: skip
_SCALES = {"thousand": 1e3, "million": 1e6, "mn": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9, "trillion": 1e12}
_CURRENCY = {"$": "USD", "us$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY"}
_CURRENCY_WORDS = {"dollar": "USD", "dollars": "USD", "euro": "EUR", "euros": "EUR", "yuan": "CNY",
                   "pound": "GBP", "pounds": "GBP", "yen": "JPY", "rupee": "INR", "rupees": "INR"}  # fmt: skip
#: Currency codes a ``Quantity.unit`` may hold.
CURRENCIES = frozenset({*_CURRENCY.values(), *_CURRENCY_WORDS.values()})
# Words that bound a number: "more than 20" is consistent with "at least 21".
_BOUNDS = (
    (re.compile(r"(?:more|greater|higher) than\s*$|over\s*$|above\s*$|exceeding\s*$", re.I), "gt"),
    (re.compile(r"at least\s*$|no (?:fewer|less) than\s*$|a minimum of\s*$", re.I), "ge"),
    (re.compile(r"(?:fewer|less|lower) than\s*$|under\s*$|below\s*$", re.I), "lt"),
    (re.compile(r"at most\s*$|no more than\s*$|up to\s*$|a maximum of\s*$|not exceeding\s*$", re.I), "le"),
    (re.compile(r"(?:nearly|almost|just under)\s+(?:an?\s+)?$", re.I), "under"),
    (re.compile(r"(?:about|around|roughly|some|approximately|close to|an estimated)\s+(?:an?\s+)?$", re.I), "approx"),
)  # fmt: skip
_NUM = re.compile(
    r"(?<![A-Za-z\d])(?<![A-Za-z]-)(?P<cur>US\$|\$|€|£|¥)?\s?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?P<ord>st|nd|rd|th)?"
    r"(?:\s?(?P<scale>thousand|million|billion|trillion|mn|bn|m)\b)?"
    r"(?:\s?(?P<pct>%|per\s?cent|percent|percentage points?))?",
    re.IGNORECASE,
)
_WORDNUM = re.compile(
    r"\b(?P<word>" + "|".join(sorted(_UNITS_WORDS, key=len, reverse=True)) + r")\b"
    r"(?:\s(?P<scale>thousand|million|billion|trillion)\b)?(?:\s?(?P<pct>per\s?cent|percent))?",
    re.IGNORECASE,
)
# Fractions of a whole: "a quarter of the world's economy" is 25 per cent of it.
_FRACTIONS = {"half": 50.0, "third": 100 / 3, "quarter": 25.0, "fifth": 20.0, "tenth": 10.0}
_FRACTION = re.compile(
    r"\b(?:a|one)\s+(half|third|quarter|fifth|tenth)\s+of\b|\b(half)\s+(?:of|the)\b", re.IGNORECASE
)
_ORDWORD = re.compile(r"\b(" + "|".join(ORDINAL_WORDS) + r")\b", re.IGNORECASE)
# Numbers that are not quantities: clock times, list markers, section numbers.
_MARKER = re.compile(r"^\s*\(?(\d{1,3}|[ivx]{1,5})[.)]\s", re.IGNORECASE)  # "8. The mediating States …"
_CLOCK = re.compile(r"\b\d{1,2}[:.]\d{2}\b|\b\d{1,2}\s?(?:a\.m\.|p\.m\.|am\b|pm\b)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Quantity:
    text: str
    start: int
    end: int
    value: float
    unit: str = ""  # "%", a currency code, "ord" for ordinals, "" for counts
    bound: str = ""  # gt, ge, lt, le, approx, under ("nearly": a little below) or ""
    context: frozenset[str] = frozenset()  # word keys of the content words around it
    #: word keys of the noun the number counts or orders, with its compounds ("eight inspections",
    #: "the 17th round", "the eleventh Member State"); empty when it modifies no noun
    noun: frozenset[str] = frozenset()
    #: a count inside a definite reference to a known group ("the two sides", "their three countries"),
    #: or an ordinal relative to a possessor ("its first meeting"): it says who or which is meant rather
    #: than reporting a figure
    definite: bool = False

    def consistent_with(self, other: Quantity) -> bool:
        """Whether this (a claim's) number can describe ``other`` (the source's): equal, or within the
        claim's bound ("more than 20" for "21"; "nearly 25" for "24")."""
        a, b = self.value, other.value
        # ranges that cannot meet: "nearly a hundred" (at most 100) for "more than 100"
        if self.bound in {"lt", "le", "under"} and other.bound in {"gt", "ge"} and a <= b:
            return self.bound == "le" and other.bound == "ge" and a == b
        if self.bound in {"gt", "ge"} and other.bound in {"lt", "le", "under"} and a >= b:
            return self.bound == "ge" and other.bound == "le" and a == b
        if abs(a - b) <= 1e-9 * max(1.0, abs(a)):
            return True
        if self.bound == "under":
            return 0.9 * a <= b < a or (other.bound == "approx" and abs(a - b) <= 0.06 * max(a, b))
        if self.bound == "gt":
            return b > a
        if self.bound == "ge":
            return b >= a
        if self.bound == "lt":
            return b < a
        if self.bound == "le":
            return b <= a
        if self.bound == "approx" or other.bound == "approx":
            return abs(a - b) <= 0.06 * max(abs(a), abs(b))
        return False


_TIME_UNITS = {"hour": 1 / 24, "day": 1, "week": 7, "fortnight": 14, "month": 30, "year": 365, "decade": 3650}
_TIME = re.compile(r"[\s-]*(hour|day|week|fortnight|month|year|decade)s?\b")


def _in_days(value: float, after: str) -> tuple[float, str, int]:
    """A duration in days ("two weeks" and "14 days" are one), or the value as it is; with the length of
    ``after`` the time unit takes (the unit belongs to the figure: "ten years", "two-day")."""
    m = _TIME.match(after)
    return (value * _TIME_UNITS[m.group(1)], "days", m.end()) if m else (value, "", 0)


def _bound(text: str, start: int) -> str:
    before = text[max(0, start - 24) : start]
    return next((name for pat, name in _BOUNDS if pat.search(before)), "")


def quantities(text: str, doc: Any = None) -> list[Quantity]:
    """Every number of ``text`` as a ``Quantity`` (years and clock times are dates, not quantities)."""
    out: list[Quantity] = []
    taken: list[tuple[int, int]] = [m.span() for m in _CLOCK.finditer(text)]
    taken += [m.span(1) for m in _MARKER.finditer(text)]

    def free(s: int, e: int) -> bool:
        return not any(a < e and s < b for a, b in taken)

    for m in _NUM.finditer(text):
        s, e = m.span()
        s += len(m.group(0)) - len(m.group(0).lstrip())
        if not free(s, e):
            continue
        raw = m.group("num").replace(",", "")
        value = float(raw)
        if m.group("ord"):
            unit = "ord"
        elif m.group("pct"):
            unit = "%"
        elif m.group("cur"):
            unit = _CURRENCY.get(m.group("cur").lower(), "USD")
        else:
            unit = ""
        if m.group("scale"):
            value *= _SCALES[m.group("scale").lower()]
        if unit == "" and not m.group("scale") and 1900 <= value <= 2100 and "." not in raw:
            continue  # a year: see ``dates``
        after = text[e : e + 12].lower()
        cur = next(
            (
                c
                for w, c in _CURRENCY_WORDS.items()
                if re.match(r"\s*(?:U\.?S\.?\s+)?" + w + r"\b", after, re.I)
            ),
            None,
        )
        if cur and unit == "":
            unit = cur
        if unit == "":
            value, unit, length = _in_days(value, after)
            e += length
        taken.append((s, e))
        out.append(Quantity(text[s:e], s, e, value, unit, _bound(text, s)))
    for m in _WORDNUM.finditer(text):
        s, e = m.span()
        if not free(s, e):
            continue
        value = float(_UNITS_WORDS[m.group("word").lower()])
        if m.group("scale"):
            value *= _SCALES[m.group("scale").lower()]
        if (
            m.group("word").lower() == "one"
            and not m.group("scale")
            and (not re.match(r"\s+\w+", text[e:]) or re.match(r"\s+(of|another|by)\b", text[e:]))
        ):
            continue  # "one" as a pronoun: "one of them", "one another"
        taken.append((s, e))
        unit = "%" if m.group("pct") else ""
        if not unit:
            value, unit, length = _in_days(value, text[e : e + 12].lower())
            e += length
        out.append(Quantity(text[s:e], s, e, value, unit, _bound(text, s)))
    for m in _FRACTION.finditer(text):
        s, e = m.span(1) if m.group(1) else m.span(2)
        word = (m.group(1) or m.group(2)).lower()
        s = m.start()
        if free(s, e):
            taken.append((s, e))
            out.append(Quantity(text[s:e], s, e, _FRACTIONS[word], "%", _bound(text, s) or "approx"))
    for m in _ORDWORD.finditer(text):
        s, e = m.span()
        if free(s, e):
            out.append(Quantity(text[s:e], s, e, float(ORDINAL_WORDS[m.group(1).lower()]), "ord"))
    out.sort(key=lambda q: q.start)
    if doc is not None:
        out = [_with_context(q, doc) for q in out]
    return out


def context_words(start: int, end: int, doc: Any) -> frozenset[str]:
    """Word keys of the content words within three tokens of ``text[start:end]`` and of the words it
    hangs on: what a number counts, what a date is the date of."""
    toks = [t for t in doc if t.idx < end and start < t.idx + len(t.text)]
    if not toks:
        return frozenset()
    lo, hi = toks[0].i, toks[-1].i
    near = list(doc[max(0, lo - 3) : lo]) + list(doc[hi + 1 : hi + 4])
    heads = []
    for t in toks:
        # the words the number hangs on, up to the verb: "approved a budget of 40 million" gives budget
        # and approved; "On March 3 … held" gives held
        h, steps = t.head, 0
        while h.head is not h and steps < 4 and h.i not in range(lo, hi + 1):
            heads.append(h)
            if h.pos_ in {"VERB", "AUX"}:
                break
            h, steps = h.head, steps + 1
        if h.i not in range(lo, hi + 1):
            heads.append(h)
    words = {
        word_key(t.text)
        for t in near + heads
        if (t.is_alpha and not t.is_stop and t.pos_ in {"NOUN", "PROPN", "VERB", "ADJ"})
        or re.fullmatch(r"(?:19|20)\d{2}", t.text)
    }
    return frozenset(words - _UNIT_KEYS)


_DEFINITE = frozenset({"the", "these", "those", "both"})


def counted_noun(start: int, end: int, doc: Any) -> tuple[frozenset[str], str]:
    """What the number at ``start:end`` counts or orders — word keys of its noun and the noun's compounds —
    and the determiner before it: "the" for a definite article or "both" ("the two sides"), "poss" for a
    possessor ("their three countries", "its first meeting"), else "". A number that modifies no noun
    ("limited to 10 per side") counts nothing by its parse."""
    toks = [t for t in doc if t.idx < end and start < t.idx + len(t.text)]
    if not toks:
        return frozenset(), ""
    last = toks[-1]
    head = last.head
    if last.dep_ not in {"nummod", "amod", "compound", "quantmod"} or head.pos_ not in {"NOUN", "PROPN"}:
        return frozenset(), ""
    if head.i in range(toks[0].i, last.i + 1):
        return frozenset(), ""
    words = [head, *(c for c in head.children if c.dep_ == "compound" and c.i > last.i)]
    keys = frozenset(word_key(t.text) for t in words if t.is_alpha) - _UNIT_KEYS
    before = [c for c in head.children if c.i < toks[0].i]
    if any(c.dep_ == "poss" for c in before):
        return keys, "poss"
    if any(c.dep_ in {"det", "predet"} and c.lower_ in _DEFINITE for c in before):
        return keys, "the"
    return keys, ""


def _with_context(q: Quantity, doc: Any) -> Quantity:
    noun, det = counted_noun(q.start, q.end, doc)
    definite = det == "poss" or (det == "the" and q.unit == "")
    return Quantity(
        q.text,
        q.start,
        q.end,
        q.value,
        q.unit,
        q.bound,
        context_words(q.start, q.end, doc),
        noun,
        definite,
    )


_UNIT_KEYS = frozenset(
    word_key(w)
    for w in "percent cent per dollar dollars billion million thousand day days week weeks month months year years".split()
)

# --- the frame: dateline and attribution ----------------------------------------------------------------

_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
DATELINE = re.compile(
    # a syndication credit before it ("(MENAFN- Kuwait News Agency (KUNA)) ISLAMABAD, …"); cities in
    # capitals, one or two ("BERLIN/WASHINGTON (dpa-AFX) –")
    r"^\s*(?:\((?:[^()]|\([^()]*\))*\)\s*)?"
    r"(?:[A-Z][A-Z.'’ /-]{1,40}(?:,\s*[A-Z][A-Za-z.' ]{1,30})?(?:,\s*[A-Z][A-Za-z.]*\.?\s+\d{1,2}(?:,\s*\d{4})?)?"
    # a city in title case, then a date ("Islamabad, Jan 17", "Islamabad, January 17, 2024")
    r"|[A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,2},\s*(?:"
    + _MONTH
    + r"\s+\d{1,2}(?:,\s*\d{4})?|\d{1,2}\s+"
    + _MONTH
    + r"(?:\s+\d{4})?))"
    # the outlet before a colon ("…, 2024, The Europe Today:")
    r"(?:,\s*(?:The\s+)?[A-Z][\w.'’]*(?:\s+[A-Z][\w.'’]*){0,3}(?=\s*:))?"
    # the agency in brackets, then a dash or a colon ("(AFP):"), or the bracket alone ("(UrduPoint News -
    # 09th May, 2022) Foreign ministers…", "(IANS) The ministry…"), a TASS-style "/TASS/."
    r"\s*(?:\([^)]{1,60}\)\s*(?:--|[-–—:])|\([^)\d]{0,40}\d[^)]{0,30}\)|\([A-Z]{2,10}\)\s+(?=[A-Z])|--|[-–—:]"
    r"|\.\s*/[A-Z]\w*/\.)\s*"
)
_ATTRIBUTION = re.compile(
    r"(?:,\s*|\s+)(?:according to [^,.;]{1,80}|(?:the|a|their|its) (?:joint )?(?:statement|communiqu[eé]|declaration|"
    r"text|document|release)(?: issued [^,.;]{1,60})? (?:said|says|read|reads|added|stated)(?: on \w+)?|"
    r"(?:he|she|they|officials?) (?:said|added)|"
    # the verb first: "…, said the statement", "…, read the joint statement"
    r"(?:said|says|read|reads|added|stated) (?:the|a|their|its) (?:joint )?(?:statement|communiqu[eé]|declaration|"
    r"text|document|release)|"
    # another outlet's report of it: "…, Xinhua news agency reported", "…, Reuters reported"
    r"(?:the\s+)?(?:[A-Z][\w.'’-]*\s+){1,3}(?:news\s+)?(?:agency\s+)?reported)(?=\s*[.;]?\s*$)",
    re.IGNORECASE,
)


#: A source credit in brackets opening the sentence, with no dateline: "(MENAFN) British Prime Minister
#: …", "(Worthy News) - President …".
_CREDIT_FIRST = re.compile(r"^\s*\((?-i:[A-Z])[^()\d.!?]{1,40}\)\s*(?:[-–—:]\s*)?(?=[A-Z])")
_LEADING_ATTRIBUTION = re.compile(
    r"\s*(?:according to [^,;:“”\"]{1,120}"
    # "In a statement published on the AU's website in French, he …": the text, where and how issued
    r"|in (?:a|an|its|their|his|her|the) (?:joint |brief |short |separate )?(?:statement|communiqu[eé]|"
    r"declaration|press release|release|readout)(?: (?:issued|published|released|posted|put out)\b[^,;:“”\"]{0,100})?),",
    re.IGNORECASE,
)


def frame_spans(text: str) -> list[tuple[int, int]]:
    """The dateline (or a list marker) at the start and the attribution at the end of a sentence: how the
    outlet frames the report, not what it reports."""
    out = []
    m = DATELINE.match(text) or _CREDIT_FIRST.match(text)
    if m and m.end() < len(text):
        out.append((m.start(), m.end()))
    k = _MARKER.match(text)  # "ii) Both countries will …": the list's numbering, not a word of the claim
    if k and k.end() < len(text) and not (m and m.start() <= k.start() < m.end()):
        out.append((k.start(1), k.end(1)))
    a = _ATTRIBUTION.search(text)
    if a:
        out.append((a.start(), a.end()))
    lead = _LEADING_ATTRIBUTION.match(text, m.end() if m and m.end() < len(text) else 0)
    if lead:  # "According to a press release issued on the White House website, the leaders …"
        out.append((lead.start(), lead.end()))
    return out


# --- predicate and the outlet's comment -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Predicate:
    lemma: str
    negated: bool
    level: int | None  # index into MODALITY_LEVELS of the strongest cue, None when none is given
    acts: frozenset[str]
    start: int = 0
    end: int = 0


# Verbs that report or frame what another clause says: "…, the statement said", "We believe that …".
# The predicate of such a sentence is the reported clause's.
FRAMING_VERBS = frozenset(
    "say add state note report tell announce believe think consider find observe record write read".split()
)


def main_verb(doc: Any) -> Any:
    """The verb whose clause carries what the sentence reports: the root, or the clause it reports when
    the root is a verb of saying or thinking ("X agreed to…, the statement said")."""
    root = main_root(doc)
    seen = 0
    while root is not None and root.lemma_.lower() in FRAMING_VERBS and seen < 3:
        inner = next((c for c in root.children if c.dep_ == "ccomp" and c.pos_ in {"VERB", "AUX"}), None)
        if inner is None:
            break
        root, seen = inner, seen + 1
    return root


def predicate_of(doc: Any) -> Predicate | None:
    """The main predicate. Its modality level is that of the innermost verb of its to-infinitive chain
    that has one: "agreed to explore" is as firm as "explore", "will consider" as "consider"."""
    root = main_verb(doc)
    if root is None:
        return None
    negated = any(c.dep_ == "neg" for c in root.children)
    return Predicate(
        root.lemma_.lower(),
        negated,
        chain_level(root),
        frozenset(acts_of_verb(root)),
        root.idx,
        root.idx + len(root.text),
    )


# "…, a sign that the bloc is divided": a noun phrase after the last comma, closing the sentence, that
# sums up what came before in the outlet's words.
def summing_tail(text: str) -> int | None:
    """Where a closing "…, a sign that …" (four words or more after the last comma) starts, or None.
    Found from the last comma, in linear time."""
    cut = text.rfind(",")
    if cut < 0:
        return None
    tail = text[cut + 1 :]
    if any(ch in tail for ch in ';:“”"') or not re.match(r"\s+an?\s", tail) or len(tail.split()) < 4:
        return None
    return cut + 1 + (len(tail) - len(tail.lstrip()))


#: The statement's text as a noun ("the statement said", "the communiqué reaffirmed").
TEXT_NOUNS = frozenset(
    "statement communiqué communique declaration text document release plan agreement readout".split()
)


#: Subordinators and prepositions of the circumstances an outlet sets a report in ("… days after
#: airstrikes killed seven aid workers", "Amid rising tension spurred by …").
_SETTING_MARKS = frozenset("after since while".split())
_SETTING_PREPS = frozenset("amid amidst following despite".split())
#: Of those, the ones that never introduce the reported act itself ("following talks on 5 May" may).
_AMBIENT_PREPS = frozenset("amid amidst despite".split())
#: Nouns of complex prepositions of circumstance: "in the wake of", "in the aftermath of", "against the
#: backdrop of", "in the midst of", "in the run-up to".
_SETTING_NOUNS = frozenset("wake aftermath backdrop midst run-up shadow".split())


_MEMBERSHIP_VERBS = frozenset("include comprise".split())


def _membership(t: Any) -> bool:
    """Who the acting body is made of, hung on the main clause's subject ("The leaders of the Group of
    Seven – which includes the United States, Japan … – condemned", "The G7, comprising …", "leaders,
    including Japanese Prime Minister Kishida, …"): a description of the actor, not what it did."""
    subject = next((c for c in t.doc if c.dep_ in {"nsubj", "nsubjpass"} and c.head.dep_ == "ROOT"), None)
    if subject is None or not any(a == subject for a in (t.head, *t.head.ancestors)):
        return False
    if t.dep_ in {"relcl", "acl"} and t.lemma_.lower() in _MEMBERSHIP_VERBS:
        return True
    return bool(t.dep_ == "prep" and t.lower_ == "including")


def _setting(t: Any) -> bool:
    """A clause or phrase hung on the main verb or on a noun that gives the circumstances of the report,
    not what it reports: "(spoke) days after Israeli airstrikes killed …", "their first call since an
    airstrike killed …", "Amid rising tension spurred by …". A clause of the reported act itself ("agreed
    to meet again after the elections") and a phrase holding a date or number are not."""
    head = t.head
    if not (head.dep_ == "ROOT" or head.pos_ in {"NOUN", "PROPN"}):
        return False
    if t.pos_ in {"VERB", "AUX"} and t.dep_ in {"advcl", "acl", "relcl"}:
        return any(c.dep_ == "mark" and c.lower_ in _SETTING_MARKS for c in t.children)
    setting_noun = t.dep_ == "prep" and any(
        c.dep_ == "pobj" and c.lower_ in _SETTING_NOUNS for c in t.children
    )
    if t.dep_ == "prep" and (t.lower_ in _AMBIENT_PREPS or setting_noun):
        return True  # "Amid rising tension spurred by the August 2 visit …": its dates stay the dates'
    if t.dep_ == "prep" and t.lower_ in _SETTING_PREPS:
        return not any(x.ent_type_ in {"DATE", "TIME", "CARDINAL", "MONEY", "PERCENT"} for x in t.subtree)
    return False


#: The kinds of occasion a statement comes out of, and prepositions that give the occasion of a report.
_OCCASIONS = frozenset(
    "call meeting talks conversation conference summit session videoconference teleconference".split()
)
_OCCASION_PREPS = frozenset("in during after following at over on via by".split())


def _occasion(t: Any) -> list[int]:
    """The occasion of the report named with its manner, in a phrase on the main verb ("in a phone call",
    "during a video meeting", "following a video call", "engaged in a telephonic conversation") or on
    the text it cites ("said in a statement following a video call", "in a statement issued after a
    videoconference"): the noun and its modifiers, not what hangs after it ("with X")."""
    if not (t.dep_ == "prep" and t.lower_ in _OCCASION_PREPS):
        return []
    head = t.head
    on_text = head.lemma_.lower() in TEXT_NOUNS or (
        head.dep_ == "acl" and head.head.lemma_.lower() in TEXT_NOUNS
    )
    if not (head.dep_ == "ROOT" or on_text):
        return []
    out: list[int] = []
    for o in t.children:
        if o.dep_ == "pobj" and o.lemma_.lower() in _OCCASIONS:
            mods = [c for c in o.children if c.dep_ in {"compound", "amod", "det", "nummod"} and c.i < o.i]
            out += [o.i, *(x.i for m in mods for x in m.subtree)]
    return out


def comment_tokens(doc: Any) -> frozenset[int]:
    """Indices of the tokens inside the outlet's comment: a clause headed by a verb of interpretation
    ("…, reflecting a deeper convergence"), or a characterising "as" phrase ("highlighted the port as a
    driver of connectivity")."""
    out: set[int] = set()
    for t in doc:
        clause = (
            t.dep_ in {"advcl", "acl", "relcl", "xcomp", "ccomp"} and t.lemma_.lower() in INTERPRETIVE_VERBS
        )
        as_phrase = (
            t.dep_ == "prep"
            and t.lower_ == "as"
            and any(c.dep_ == "pobj" and c.pos_ == "NOUN" for c in t.children)
        )
        # "…, a step critics call de-dollarisation": a noun phrase closing the sentence after a comma,
        # hung on the main verb, sums the report up in the outlet's words
        summing = (
            t.dep_ in {"appos", "npadvmod", "dobj", "attr"}
            and t.pos_ == "NOUN"
            and t.head.dep_ == "ROOT"
            and t.head.pos_ in {"VERB", "AUX"}
            and t.left_edge.i > 0
            and t.doc[t.left_edge.i - 1].text == ","
            and t.right_edge.i >= len(t.doc) - 2
            and any(c.dep_ in {"relcl", "acl"} or c.lower_ == "that" for c in t.subtree)
        )
        if clause or as_phrase or summing or _setting(t) or _membership(t):
            out.update(range(t.left_edge.i, t.right_edge.i + 1))
            out.discard(t.i)
    for t in doc:
        out.update(i for i in _occasion(t) if doc[i].ent_type_ not in {"DATE", "TIME", "CARDINAL"})
    start = summing_tail(doc.text)
    if start is not None:
        out.update(t.i for t in doc if t.idx >= start)
    return frozenset(out)


# --- the claim --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Claim:
    """One sentence analysed once. Offsets are relative to ``text``."""

    text: str
    doc: Any = field(default=None, compare=False, repr=False)
    predicate: Predicate | None = None
    quantities: tuple[Quantity, ...] = ()
    dates: tuple[DateRef, ...] = ()
    quotes: tuple[QuoteSpan, ...] = ()
    frame: tuple[tuple[int, int], ...] = ()
    comment: frozenset[int] = frozenset()

    def in_frame(self, start: int, end: int) -> bool:
        return any(a <= start and end <= b for a, b in self.frame)

    def skipped(self, tok: Any) -> bool:
        """A token of the outlet's framing or comment: not checked against the source."""
        return tok.i in self.comment or self.in_frame(tok.idx, tok.idx + len(tok.text))

    def quoted(self, start: int, end: int) -> bool:
        return any(q.start <= start and end <= q.end for q in self.quotes)


#: Passive subjects that only point back ("This was agreed between …", "It was decided on Monday"):
#: what the verb is about was said in the sentence before.
_POINTING = frozenset("this that these those it".split())


def points_back(claim: Claim) -> bool:
    """Whether the claim's predicate is passive with a subject that only points to an earlier sentence
    ("This was agreed between the two DGMOs over the hotline")."""
    verb = main_verb(claim.doc) if claim.predicate is not None and claim.doc is not None else None
    subj = [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}] if verb is not None else []
    return bool(subj) and all(
        s.dep_ == "nsubjpass" and s.lower_ in _POINTING and s.n_lefts == 0 for s in subj
    )


def reported_dates(
    text: str,
    anchor: dt.date | None = None,
    frame: Sequence[tuple[int, int]] | None = None,
    published: dt.date | None = None,
) -> list[DateRef]:
    """The dates of ``text`` outside the outlet's frame (``frame``: its spans, found when not given) — a
    dateline's date is when the outlet wrote, not what it reports. ``published``: see ``timex.dates``."""
    spans = frame_spans(text) if frame is None else frame
    return [
        d for d in dates(text, anchor, published) if not any(a <= d.start and d.end <= b for a, b in spans)
    ]


def build_claim(
    text: str, doc: Any = None, anchor: dt.date | None = None, published: dt.date | None = None
) -> Claim:
    """A ``Claim`` from a sentence and its parse (``doc`` may be None: then only the surface fields);
    ``published`` is the article's publication date, which its weekdays count from."""
    frame = tuple(frame_spans(text))
    ds = reported_dates(text, anchor, frame, published)
    qs = [
        q
        for q in quantities(text, doc)
        if not any(a <= q.start and q.end <= b for a, b in frame)
        and not any(d.start <= q.start and q.end <= d.end for d in ds)
    ]
    if doc is not None:
        ds = [dataclasses.replace(d, context=context_words(d.start, d.end, doc)) for d in ds]
    return Claim(
        text=text,
        doc=doc,
        predicate=predicate_of(doc) if doc is not None else None,
        quantities=tuple(qs),
        dates=tuple(ds),
        quotes=tuple(find_quotes(text)),
        frame=frame,
        comment=comment_tokens(doc) if doc is not None else frozenset(),
    )


def is_frame_word(tok: Any) -> bool:
    return tok.lower_ in NEWS_FRAME


def content_tokens(claim: Claim, tokens: Sequence[Any] | None = None) -> list[Any]:
    """The claim's content tokens outside its frame and comment: nouns, names, adjectives, numbers."""
    doc = claim.doc
    return [
        t
        for t in (tokens if tokens is not None else doc)
        if t.pos_ in {"NOUN", "PROPN", "ADJ"}
        and not t.is_stop
        and t.is_alpha
        and not is_frame_word(t)
        and not claim.skipped(t)
    ]
