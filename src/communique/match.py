"""Match: which statement of a library an article reports on — or none.

Each statement of the library is indexed once: its sentences embedded, its content words, the countries
it names (aliases and capitals folded to one name), its date and its round ("Seventh Round", "59th
Meeting"). An article is compared with every statement on three signals:

- ``semantic``: for each of the article's sentences the closest statement sentence (cosine of the
  sentence embeddings), averaged over the article's best-matched sentences — reports paraphrase;
- ``lexical``: the share of the article's content words (weighted by how rare they are in the library)
  that the statement uses;
- ``names``: the share of the countries the article names that the statement names;
- ``place``: whether the article names the place the statement was issued in (or its country) — 1 in
  its dateline or lede, 0.75 further down, 0 when it names other capitals but not this one, 0.5 when it
  names none.

Four facts rule a statement out: a date outside the window (the article published more than
``days_before`` days before the statement or more than ``days_after`` after it, when both dates are
known), a round the article contradicts (its headline or lede names rounds, none of which the statement
names), issuers the article never names when it names countries (a report of a statement names at least
one of the countries that issued it — by name, short name or capital), and a place the article never
names when it names capitals (a report names where the meeting was held, or its country).
The score is a weighted sum of the signals; below ``min_score`` the matcher abstains: the article
reports none of the library's statements.
"""

from __future__ import annotations

import copy
import datetime as dt
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .claims import ORDINAL_WORDS
from .gazetteer import CAPITALS, NAME_RUN, canonical_place, countries_named, is_country
from .nlp import embed
from .textnorm import content_keys

ORDINALS = ORDINAL_WORDS
_EVENT = r"(?:round|meeting|session|dialogue|summit|conference|consultations?|talks|ministerial)"
_ROUND = re.compile(
    r"\b(?P<ord>"
    + "|".join(ORDINALS)
    + r"|\d{1,3}(?:st|nd|rd|th))\s+(?:[\w'’.]+[\s-]+){0,8}?"
    + _EVENT
    + r"\b"
    r"|\b" + _EVENT + r"\s+(?:no\.?\s*)?(?P<num>\d{1,3})\b",
    re.IGNORECASE,
)
_NAME_JOINERS = {"of", "and", "the", "on", "for", "in", "&"}
_SENT_SPLIT = re.compile(r"(?<=[.!?;])\s+|\n+")


def rounds_in(text: str) -> set[int]:
    """Round numbers a text names: "Seventh Round", "59th ASEAN Foreign Ministers' Meeting", "Round 3"."""
    out = set()
    for m in _ROUND.finditer(text):
        if m.group("ord"):
            # the words between the ordinal and the event are a name ("Eleventh Japan-Republic of Korea-China
            # Trilateral Foreign Ministers' Meeting"), not a phrase ("the first step towards talks")
            gap = m.group()[len(m.group("ord")) :].split()[:-1]
            if any(not (w[0].isupper() or w[0].isdigit() or w in _NAME_JOINERS) for w in gap):
                continue
        raw = (m.group("ord") or m.group("num") or "").lower()
        n = ORDINALS.get(raw) or (int(re.sub(r"\D", "", raw)) if re.search(r"\d", raw) else 0)
        if n:
            out.add(n)
    return out


def countries_in(text: str) -> set[str]:
    """The countries a text names, each under one folded name (aliases and capitals count as theirs)."""
    return {canonical_place(n) for n in countries_named(text, capitals=True)}


def places_in(text: str) -> set[str]:
    """The capitals a text names and their countries, folded: where it says a meeting was held."""
    found: set[str] = set()
    for m in NAME_RUN.finditer(text):
        for w in (m.group(), *m.group().split()):
            name = re.sub(r"['’]s$", "", w.strip(".,’'"))
            if name.isupper() and len(name) > 3:  # a dateline: "KIGALI, Oct 15"
                name = name.title()
            if name in CAPITALS:
                found |= {canonical_place(name), canonical_place(CAPITALS[name])}
    return found


def lede_of(text: str, limit: int = 700, words: int = 25) -> str:
    """An article's opening: its first paragraphs up to the first that brings the count to ``words``
    words (a headline, a byline and a dateline are short; the lede paragraph is the first long one), at
    most ``limit`` characters."""
    out: list[str] = []
    count = 0
    for para in re.split(r"\n\s*\n", text.strip()):
        out.append(para)
        count += len(para.split())
        if count >= words:
            break
    return "\n\n".join(out)[:limit]


def _place_keys(place: str | None) -> set[str]:
    """A statement's place and its country, folded ("Washington, D.C." → washington, united states)."""
    if not place:
        return set()
    keys = {canonical_place(place)}
    for name in {place, place.split(",")[0].strip()}:
        keys.add(canonical_place(name))
        if name in CAPITALS:
            keys.add(canonical_place(CAPITALS[name]))
    return keys


def _sentences(text: str, limit: int) -> list[str]:
    out = [s.strip() for s in _SENT_SPLIT.split(text) if len(s.split()) >= 5]
    return out[:limit]


def _day(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class LibraryStatement:
    """What the matcher needs of a stored statement."""

    id: int
    title: str | None
    text: str
    date: str | None = None
    issuers: tuple[str, ...] = ()
    round: str | None = None
    place: str | None = None


@dataclass(frozen=True, slots=True)
class Match:
    statement_id: int
    title: str | None
    score: float
    semantic: float
    lexical: float
    names: float
    place: float


@dataclass(frozen=True, slots=True)
class MatchResult:
    """The ranked candidates; ``best`` is None when the matcher abstains (``reason`` says why)."""

    candidates: tuple[Match, ...]
    best: Match | None
    reason: str
    excluded: dict[int, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class MatchSettings:
    min_score: float = 0.5
    semantic_weight: float = 0.45
    lexical_weight: float = 0.25
    names_weight: float = 0.15
    place_weight: float = 0.15
    days_before: int = 2
    days_after: int = 60
    top_sentences: int = 8
    lede_chars: int = 700


class Matcher:
    """An index of a library's statements; ``match`` ranks them for one article."""

    def __init__(
        self,
        statements: Sequence[LibraryStatement],
        embedder: Any | None = None,
        settings: MatchSettings | None = None,
    ) -> None:
        self.statements = list(statements)
        self.embedder = embedder
        self.settings = settings or MatchSettings()
        self._keys = [set(content_keys(s.text)) for s in self.statements]
        df: Counter[str] = Counter()
        for keys in self._keys:
            df.update(keys)
        n = max(1, len(self.statements))
        self._idf = {k: math.log((n + 1) / (c + 0.5)) for k, c in df.items()}
        self._default_idf = math.log((n + 1) / 0.5)
        self._issuers = [{canonical_place(i) for i in s.issuers if is_country(i)} for s in self.statements]
        self._countries = [
            countries_in(s.text[:3000]) | {canonical_place(i) for i in s.issuers if is_country(i)}
            for s in self.statements
        ]
        self._rounds = [
            {int(s.round)}
            if s.round and s.round.isdigit()
            else rounds_in((s.title or "") + "\n" + s.text[:600])
            for s in self.statements
        ]
        self._places = [_place_keys(s.place) for s in self.statements]
        sents = [_sentences(s.text, 400) for s in self.statements]
        self._owner = np.array([i for i, ss in enumerate(sents) for _ in ss], dtype=int)
        self._emb = embed(embedder, [t for ss in sents for t in ss]) if self._owner.size else None

    def with_settings(self, settings: MatchSettings) -> Matcher:
        """The same index with other settings (nothing is recomputed)."""
        clone = copy.copy(self)
        clone.settings = settings
        return clone

    def match(self, text: str, published: str | None = None, title: str | None = None) -> MatchResult:
        cfg = self.settings
        if not self.statements:
            return MatchResult((), None, "the library is empty")
        semantic = self._semantic(text)
        keys = set(content_keys(text))
        weight = sum(self._idf.get(k, self._default_idf) for k in keys) or 1.0
        names = countries_in(text)
        places = places_in(text)
        lede = lede_of(text, cfg.lede_chars)
        lede_places = places_in((title or "") + "\n" + lede)
        # the round an article is about is named in its headline or lede; later mentions are often of
        # other rounds ("a third round is pencilled in for October")
        said_rounds = rounds_in((title or "") + "\n" + lede)
        day = _day(published)
        excluded: dict[int, str] = {}
        ranked = []
        for i, s in enumerate(self.statements):
            sday = _day(s.date)
            if day and sday and not (-cfg.days_before <= (day - sday).days <= cfg.days_after):
                excluded[s.id] = f"published {(day - sday).days:+d} days from the statement's date"
                continue
            if said_rounds and self._rounds[i] and not (said_rounds & self._rounds[i]):
                excluded[s.id] = "the article names another round"
                continue
            if names and self._issuers[i] and not (names & self._issuers[i]):
                excluded[s.id] = "the article names none of the statement's issuers"
                continue
            if places and self._places[i] and not self._names_place(i, text, places | names):
                excluded[s.id] = "the article names other capitals, never the statement's place"
                continue
            lexical = sum(self._idf.get(k, self._default_idf) for k in keys & self._keys[i]) / weight
            overlap = len(names & self._countries[i]) / len(names) if names else 0.5
            place = self._place_score(i, text, lede, places, lede_places)
            score = (
                cfg.semantic_weight * semantic[i]
                + cfg.lexical_weight * lexical
                + cfg.names_weight * overlap
                + cfg.place_weight * place
            )
            ranked.append(
                Match(
                    s.id, s.title, round(score, 4), round(semantic[i], 4), round(lexical, 4), overlap, place
                )
            )
        ranked.sort(key=lambda m: -m.score)
        if not ranked:
            return MatchResult((), None, "no statement fits the article's date and round", excluded)
        best = ranked[0]
        if best.score < cfg.min_score:
            return MatchResult(
                tuple(ranked[:5]), None, f"best score {best.score:.2f} is under {cfg.min_score:.2f}", excluded
            )
        return MatchResult(tuple(ranked[:5]), best, "matched", excluded)

    def _names_place(self, i: int, text: str, keys: set[str]) -> bool:
        """Whether the article names statement ``i``'s place (any city, not only capitals) or its country."""
        if self._places[i] & keys:
            return True
        place = (self.statements[i].place or "").split(",")[0].strip()
        return bool(place) and re.search(rf"\b{re.escape(place)}\b", text, re.IGNORECASE) is not None

    def _place_score(self, i: int, text: str, lede_text: str, places: set[str], lede: set[str]) -> float:
        """1 when the dateline or lede names the statement's place, 0.75 when only the body does, 0 when
        the article names other places only, 0.5 when either side names none."""
        own = self._places[i]
        if not own:
            return 0.5
        if self._names_place(i, lede_text, lede):
            return 1.0
        if self._names_place(i, text, places):
            return 0.75
        return 0.0 if places else 0.5

    def _semantic(self, text: str) -> list[float]:
        """Per statement: the mean, over the article's best-matched sentences, of each one's closest
        statement sentence (cosine); word overlap of sentences stands in without an embedding model."""
        n = len(self.statements)
        sents = _sentences(text, 60)
        if not sents:
            return [0.0] * n
        vecs = embed(self.embedder, sents) if self._emb is not None else None
        out = []
        if vecs is not None and self._emb is not None:
            sims = vecs @ self._emb.T  # article sentences x all statement sentences
            for i in range(n):
                cols = sims[:, self._owner == i]
                if cols.size == 0:
                    out.append(0.0)
                    continue
                best = np.sort(cols.max(axis=1))[::-1][: self.settings.top_sentences]
                out.append(float(best.mean()))
            return out
        art = [set(content_keys(s)) for s in sents]
        for i in range(n):
            shares = sorted((len(k & self._keys[i]) / len(k) for k in art if k), reverse=True)[
                : self.settings.top_sentences
            ]
            out.append(sum(shares) / len(shares) if shares else 0.0)
        return out
