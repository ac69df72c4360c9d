"""Normalisation for matching that never moves an offset.

``fold`` maps typographic quotes, dashes and odd spaces to plain ASCII one
character for one character, so an index into the folded text is an index
into the original. ``words`` tokenises with offsets; ``word_key`` gives the
form two words are compared by (case, British/American spelling, suffixes).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import snowballstemmer
from anyascii import anyascii

_FOLD = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u00b4": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u00a0": " ",
        "\u2007": " ",
        "\u2009": " ",
        "\u200a": " ",
        "\u202f": " ",
        "\u3000": " ",
        "\ufeff": " ",
        "\u200b": " ",
    }
)


def fold(text: str) -> str:
    """Same-length folding of quote marks, dashes and spaces (offsets stay valid)."""
    return text.translate(_FOLD)


def squash(text: str) -> str:
    """Folded, lower-cased, with runs of white space made one space (for display comparisons)."""
    return re.sub(r"\s+", " ", fold(text)).strip().lower()


# A word: letters/digits, joined by inner apostrophes or dots ("China's", "2.0", "U.N").
WORD_RE = re.compile(r"[^\W_]+(?:[.'\u2019\u2018][^\W_]+)*")

STOPWORDS = frozenset(
    ["a", "an", "the", "and", "or", "but", "nor", "of", "to", "in", "on", "at", "by", "for", "with", "from", "into", "onto", "upon", "as", "than", "that", "this", "these", "those", "it", "its", "it's", "is", "are", "was", "were", "be", "been", "being", "am", "do", "does", "did", "done", "has", "have", "had", "having", "will", "would", "shall", "should", "can", "could", "may", "might", "must", "not", "no", "so", "such", "very", "also", "both", "either", "neither", "each", "every", "all", "any", "some", "which", "who", "whom", "whose", "what", "when", "where", "while", "whether", "if", "then", "there", "their", "they", "them", "he", "she", "his", "her", "him", "we", "our", "us", "you", "your", "i", "me", "my", "out", "over", "under", "about", "after", "before", "between", "through", "during", "against", "among", "within", "without", "again", "further", "more", "most", "other", "own", "same", "only", "just", "too", "up", "down", "off", "here", "s", "t"]
)  # fmt: skip

_STEMMER = snowballstemmer.stemmer("english")


@dataclass(frozen=True, slots=True)
class Word:
    text: str
    start: int
    end: int
    key: str

    @property
    def is_content(self) -> bool:
        return self.key not in _STOP_KEYS and self.text.lower() not in STOPWORDS


def american(word: str) -> str:
    """British to American spelling for matching: neighbour→neighbor, organise→organize, defence→defense."""
    w = word
    if len(w) > 5:
        w = re.sub(r"(?<=[a-z]{3})our(?=(s|ed|ing|ly|liness|able|ite|ites)?$)", "or", w)
        w = re.sub(r"(?<=[a-z]{3})is(ation|ations|e|es|ed|ing|er|ers)$", r"iz\1", w)
        w = re.sub(r"(?<=[a-z]{3})ys(e|es|ed|ing)$", r"yz\1", w)
        w = re.sub(r"(?<=[a-z]{3})tre(s)?$", r"ter\1", w)
        w = re.sub(
            r"(?<=[a-z]{2})ence(s)?$",
            lambda m: (
                "ense" + (m.group(1) or "")
                if w[: m.start()].endswith(("def", "off", "lic", "pret"))
                else m.group(0)
            ),
            w,
        )
        w = re.sub(r"(?<=[a-z]{3})ll(ed|ing|er|ers)$", r"l\1", w)
        w = re.sub(r"programme(s)?$", r"program\1", w)
    return w


_PLURAL_ACRONYM = re.compile(r"[A-Z]{2,}s|[A-Z]+s[A-Z]+")


#: The Arabic article as names are transliterated ("al-Sisi", "El-Sisi", "Al Thani"): no word of the
#: name to compare, since outlets write it one way or another or leave it out.
NAME_PARTICLES = frozenset({"al", "el"})


@functools.lru_cache(maxsize=65536)
def word_key(text: str) -> str:
    """Comparison key of one word: folded, lower case, American spelling, Snowball stem."""
    folded = fold(text)
    # an acronym's plural, at the end or inside: "NGOs", "MPs", "DGMOs", "DGsMO" are "NGO", "MP", "DGMO"
    if _PLURAL_ACRONYM.fullmatch(folded):
        folded = folded.replace("s", "")
    w = folded.lower()
    if not w.isascii():  # "Løvold", "Mocímboa": names keep their letters without the accents
        w = _ascii(w)
    if w.endswith("'s"):
        w = w[:-2]
    w = w.replace("'", "")
    if re.fullmatch(r"(?:[a-z]\.)+[a-z]?", w):  # initialisms: U.N → un, U.S → us
        return w.replace(".", "")
    if re.fullmatch(r"[a-z]{1,3}-\d{1,3}", w):  # "G-7" is "G7"
        return w.replace("-", "")
    if w.isalpha():
        w = _STEMMER.stemWord(american(w))
    return w


def _ascii(word: str) -> str:
    """A word's Latin letters without diacritics ("ø" → "o", "é" → "e"); other scripts kept as they are."""
    return "".join(anyascii(c).lower() if ord(c) < 0x250 else c for c in word)


_STOP_KEYS = frozenset(word_key(w) for w in STOPWORDS)


def words(text: str, start: int = 0, end: int | None = None) -> list[Word]:
    """Words of ``text[start:end]`` with offsets into ``text``."""
    end = len(text) if end is None else end
    return [
        Word(m.group(), m.start(), m.end(), word_key(m.group())) for m in WORD_RE.finditer(text, start, end)
    ]


def content_keys(text: str) -> list[str]:
    """Keys of the content words of ``text``, in order (no ``Word`` objects: this runs on every passage)."""
    out = []
    for m in WORD_RE.finditer(text):
        w = m.group()
        if w.lower() in STOPWORDS:
            continue
        k = word_key(w)
        if k not in _STOP_KEYS:
            out.append(k)
    return out


# A match starts only at the start of a word and never gives letters back (possessive), so a long run of
# letters with no hyphen is passed over in linear time (the plain pattern retried it from every letter).
_COMPOUND = re.compile(r"(?<![^\W\d_])[^\W\d_]++(?:-[^\W\d_]++)+")


def compound_keys(text: str) -> list[str]:
    """Keys of hyphenated compounds written as one word: "counter-terrorism" → key of "counterterrorism"."""
    return [word_key(m.group().replace("-", "")) for m in _COMPOUND.finditer(fold(text))]


_DERIVATIONAL = ("ization", "isation", "ational", "ation", "ition", "ality", "ivity", "ness", "ment", "ship",
                 "ize", "ise", "ity", "ive", "al", "ic", "li", "ly")  # fmt: skip


@functools.lru_cache(maxsize=65536)
def root_key(key: str) -> str:
    """A word key with derivational suffixes stripped: operationalization, operational, operation → oper."""
    w = key
    changed = True
    while changed:
        changed = False
        for suf in _DERIVATIONAL:
            if w.endswith(suf) and len(w) - len(suf) >= 4:
                w = w[: -len(suf)]
                changed = True
                break
    return _STEMMER.stemWord(w) if w.isalpha() else w


class KeySet:
    """Word keys of a passage, indexed so that ``keys_match`` against all of them is a few set look-ups.

    Membership also accepts a derivational variant (same ``root_key``): "operationalization" is in a
    passage that says "operation".
    """

    __slots__ = ("keys", "prefixes", "roots")

    def __init__(self, keys: list[str] | set[str]) -> None:
        self.keys = set(keys)
        # prefixes of length >= 5 that leave at most 3 characters: "neighbor" for "neighborli"
        self.prefixes = {k[:n] for k in self.keys for n in range(max(5, len(k) - 3), len(k))}
        self.roots = {root_key(k) for k in self.keys if len(k) >= 4}

    def __contains__(self, key: str) -> bool:
        if key in self.keys or key in self.prefixes:
            return True
        if any(key[:n] in self.keys for n in range(max(5, len(key) - 3), len(key))):
            return True
        return len(key) >= 5 and root_key(key) in self.roots

    def matching(self, keys: set[str]) -> set[str]:
        """Those of ``keys`` that this set holds."""
        return {k for k in keys if k in self}


def keys_match(a: str, b: str) -> bool:
    """Two word keys name the same word: equal, or one a long prefix of the other (neighbor/neighborli)."""
    if a == b:
        return True
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    return len(short) >= 5 and long_.startswith(short) and len(long_) - len(short) <= 3
