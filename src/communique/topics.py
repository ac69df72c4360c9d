"""Topics: a general scheme for diplomatic texts, each topic a description and cue words.

The scheme follows the headings that joint statements, communiqués and declarations are organised by
(and that statement databases such as the G7/G20 Research Group's compliance reports file commitments
under); no topic is defined by a place or a name of one text. A clause gets a topic when one of its
cue words occurs (matched by word stem), or — for a clause no cue word places, with an embedding
model — when its embedding is close to the topic's description (``TOPIC_SIMILARITY``). Regional situations are one topic, found by the
vocabulary of conflict and crisis, not by naming regions.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np


@dataclass(frozen=True, slots=True)
class Topic:
    name: str
    description: str
    cues: tuple[str, ...]


SCHEME: tuple[Topic, ...] = (
    Topic("trade", "trade, market access, tariffs, exports and imports, supply chains, trade agreements",
          ("trade", "tariff", "export", "import", "market access", "supply chain", "free trade", "customs")),
    Topic("investment-finance", "investment, finance, banking, debt, currency, fiscal and monetary policy, development banks",
          ("investment", "invest", "financ", "bank", "debt", "currency", "fiscal", "monetary", "loan", "credit", "capital", "fund")),
    Topic("economy-development", "economic growth, development, poverty reduction, industry, agriculture, jobs",
          ("economic growth", "economy", "development", "poverty", "industr", "agricultur", "employment", "prosperity", "mining")),
    Topic("security", "security, defence, military cooperation, arms control, disarmament, weapons, nuclear",
          ("security", "defence", "defense", "military", "arms control", "disarmament", "weapon", "nuclear", "missile", "warhead")),
    Topic("counter-terrorism", "terrorism, extremism, militant groups, counter-terrorism cooperation",
          ("terroris", "extremis", "militan", "counter-terror", "radicali")),
    Topic("peace-conflict", "ceasefires, conflicts, crises, humanitarian situations, peace processes, mediation",
          ("ceasefire", "conflict", "crisis", "war", "peace", "humanitarian", "refugee", "displaced", "hostilit", "violence",
           "occupied", "occupation", "hostage")),
    Topic("health", "health, pandemics, vaccines, disease surveillance, antimicrobial resistance",
          ("health", "pandemic", "vaccin", "disease", "antimicrobial", "medical", "hospital", "outbreak", "epidemic")),
    Topic("climate-energy", "climate change, energy, renewables, emissions, environment, water, disasters",
          ("climate", "energy", "renewable", "emission", "environment", "hydrogen", "biofuel", "water", "disaster", "biodiversity")),
    Topic("connectivity", "transport, infrastructure, ports, railways, roads, aviation, digital connectivity",
          ("connectivity", "infrastructure", "port", "railway", "highway", "road", "transport", "aviation", "air service", "shipping", "corridor")),
    Topic("science-technology", "science, technology, digital economy, space, cybersecurity, innovation",
          ("science", "technolog", "digital", "space", "satellite", "cyber", "innovation", "artificial intelligence", "research")),
    Topic("people-to-people", "culture, education, tourism, youth, visas, exchanges between peoples",
          ("cultur", "education", "tourism", "youth", "visa", "student", "scholarship", "people-to-people", "exchange programme", "university")),
    Topic("sovereignty-law", "sovereignty, territorial integrity, international law, non-interference, core interests",
          ("sovereignty", "territorial integrity", "international law", "non-interference", "core interest", "self-determination")),
    Topic("multilateral-institutions", "the United Nations, multilateral institutions, global governance, reform of international bodies",
          ("united nations", "u.n.", "multilateral", "global governance", "security council", "general assembly", "imf", "world bank", "g20", "brics", "wto", "who")),
    Topic("diplomatic-process", "visits, meetings, rounds of talks, dialogue mechanisms, next meetings",
          ("visit", "meet", "met", "meeting", "talks", "dialogue", "round", "summit", "consultation", "co-chair", "next session",
           "hospitality")),
)  # fmt: skip

#: An embedding this close to a topic's description gives the topic (with an embedding model).
TOPIC_SIMILARITY = 0.45


def _cue_pattern(cue: str) -> re.Pattern[str]:
    # a cue matches from a word's start; a short cue must be the whole word ("port", not "support"),
    # a longer one may be a stem ("terroris" → terrorism, terrorist)
    tail = r"\w*" if len(cue) >= 6 else r"s?\b"
    return re.compile(r"(?<![\w-])" + re.escape(cue.strip()) + tail)


_PATTERNS = {t.name: [_cue_pattern(c) for c in t.cues] for t in SCHEME}


def topics_of(text: str) -> tuple[str, ...]:
    """Topics of a text by their cue words, in the scheme's order. A cue that is a word of its own
    matches that word's forms only ("hospital" is not in "hospitality": WordNet gives each word its
    lemmas), and a one-word cue inside a name does not count ("the West Bank", "Port Louis"): an
    unknown topic is better than a wrong one."""
    low = text.lower()
    return tuple(
        t.name
        for t in SCHEME
        if any(
            _counts(text, cue, m)
            for cue, p in zip(t.cues, _PATTERNS[t.name], strict=True)
            for m in p.finditer(low)
        )
    )


def _counts(text: str, cue: str, m: re.Match[str]) -> bool:
    word = m.group()
    if " " not in cue and not cue.isupper() and _in_name(text, m.start()):
        return False
    if word in {cue, cue + "s", cue + "es"} or not _whole_word(cue):
        return True
    return cue in _lemmas(word)


def _in_name(text: str, start: int) -> bool:
    """Whether the word at ``start`` is capitalised inside a sentence: part of a name. Words in a line of
    capitals, and a sentence's first word, are not names for this."""
    if not text[start : start + 1].isupper() or text.isupper():
        return False
    before = text[:start].rstrip()
    return bool(before) and before[-1] not in '.!?:;"“(\n' and not re.search(r"(?:^|\n)\s*\d+[.)]?$", before)


@functools.lru_cache(maxsize=4096)
def _whole_word(cue: str) -> bool:
    """A cue that WordNet knows as a word ("hospital", "bank"), not a stem ("terroris", "financ")."""
    return cue in _lemmas(cue)


@functools.lru_cache(maxsize=65536)
def _lemmas(word: str) -> frozenset[str]:
    from .lexicon import wordnet

    wn = wordnet()
    if wn is None:
        return frozenset({word})
    return frozenset(
        n.lower().replace("_", " ")
        for p in ("n", "v", "a", "r")
        for s in wn.synsets(word, p)
        for n in s.lemma_names
    )


def topics_of_many(
    texts: Sequence[str], encode: Callable[[Sequence[str]], Any] | None = None
) -> list[tuple[str, ...]]:
    """Topics of many texts: cue words, and with ``encode`` (an embedding function), for the texts no
    cue word places, the topics whose description is at least ``TOPIC_SIMILARITY`` close — one encode
    call for all of them."""
    found = [set(topics_of(t)) for t in texts]
    bare = [i for i, f in enumerate(found) if not f]  # only texts no cue word places need the model
    if encode is not None and bare:
        vecs = encode([*(texts[i] for i in bare), *(t.description for t in SCHEME)])
        if vecs is not None:
            v = np.asarray(vecs)
            sims = v[: len(bare)] @ v[len(bare) :].T
            for i, row in zip(bare, sims, strict=True):
                found[i] |= {SCHEME[j].name for j, s in enumerate(row) if s >= TOPIC_SIMILARITY}
    return [tuple(t.name for t in SCHEME if t.name in f) for f in found]
