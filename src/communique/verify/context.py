"""What verifying a sentence needs from its source, built once per source, and the evidence helpers
that several checks share."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .. import lexicon
from ..claims import TEXT_NOUNS, Claim, Quantity, build_claim
from ..gazetteer import canonical_place, countries_around, countries_named, name_forms
from ..models import EvidenceSpan, Provision
from ..quotes import QuoteFinder
from ..segment import main_root
from ..settings import Options
from ..textnorm import KeySet, compound_keys, content_keys, fold, word_key, words
from ..timex import DateRef

#: Per-check settings: check name → setting name → value.
CheckConfig = Mapping[str, Mapping[str, Any]]


def keyset(text: str) -> KeySet:
    """Content word keys of a text, with hyphenated compounds also joined: "counter-terrorism" holds
    "counterterrorism"."""
    return KeySet(content_keys(text) + compound_keys(text))


@dataclass(frozen=True, slots=True)
class SourceSentence:
    """A sentence of the source with its parse and its claim structure (offsets into the source)."""

    start: int
    end: int
    text: str
    doc: Any = field(compare=False, repr=False)
    claim: Claim = field(compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class VerifyContext:
    """What verifying one sentence needs from the source, built once per source."""

    quotes: QuoteFinder
    options: Options
    config: CheckConfig = field(default_factory=dict)
    parties: tuple[str, ...] = ()
    provisions: tuple[Provision, ...] = ()
    paragraph_keys: Mapping[int, KeySet] = field(default_factory=dict)
    paragraph_spans: Sequence[tuple[int, int, int]] = ()
    source_keys: KeySet = field(default_factory=lambda: KeySet(set()))
    #: the source's text folded, lower case, single-spaced (for phrase look-ups)
    source_norm: str = ""
    #: the source's words as word keys, space-separated: a name's look-up whatever its inflection
    #: ("Director General of Military Operations" in a source of "Director Generals of …")
    source_key_text: str = ""
    provision_keys: tuple[tuple[Provision, KeySet], ...] = ()
    source_entities: frozenset[str] = frozenset()
    #: ``gazetteer.canonical_place`` keys of every name of the source and of its parties
    source_names: frozenset[str] = frozenset()
    #: ``gazetteer.canonical_place`` keys of the parties (their capitals and other names map to them)
    party_places: frozenset[str] = frozenset()
    #: word keys of the parties' names: a party is named all over a statement, so checks pass over it
    party_keys: frozenset[str] = frozenset()
    #: the statement's capitalised words of six letters or more, lower case (names to match a misspelling
    #: against: "Khalitani" for "Khalistani")
    source_names_spelled: frozenset[str] = frozenset()
    #: the statement's title ("G7 Foreign Ministers' Statement on …"): who issued it, in its own words
    title: str = ""
    sentences: tuple[SourceSentence, ...] = ()
    source_quantities: tuple[Quantity, ...] = ()
    source_dates: tuple[DateRef, ...] = ()
    #: the statement's date: weekdays and relative dates are resolved against it
    anchor: dt.date | None = None
    #: the article's publication date (set per article): its weekdays and "yesterday" count from it
    published: dt.date | None = None
    #: the article is a summary of the source (pairs mode): every sentence is about it, none is background
    summary: bool = False
    #: cosine similarity of two short phrases (an embedding model), or None to skip the checks needing it
    similarity: Callable[[str, str], float] | None = None
    #: vectors for many phrases at once (one encode call), or None
    encode: Callable[[Sequence[str]], Any] | None = None

    @classmethod
    def build(
        cls,
        source: Any,
        options: Options,
        *,
        config: CheckConfig | None = None,
        parties: Sequence[str] = (),
        provisions: Sequence[Provision] = (),
        source_docs: Mapping[int, Any] | None = None,
        anchor: dt.date | None = None,
        similarity: Callable[[str, str], float] | None = None,
        encode: Callable[[Sequence[str]], Any] | None = None,
    ) -> VerifyContext:
        text = source.document.text
        docs = dict(source_docs or {})
        by_index = {s.index: s for s in source.sentences}
        sentences = []
        for idx, d in docs.items():
            s = by_index[idx]
            sentences.append(SourceSentence(s.start, s.end, s.text, d, build_claim(s.text, d, anchor)))
        para_keys = {p.index: keyset(text[p.start : p.end]) for p in source.paragraphs}
        # the other forms of the source's names ("UNSC", "UN Charter", "OSCE"): found as if written there
        # and the issuers' own names with theirs ("MEA" of "Ministry of External Affairs of India"): the
        # statement's issuer is named by whoever issued it, in the text or not
        forms = " ; ".join(sorted(name_forms(text) | {f for p in parties for f in {p, *name_forms(p)}}))
        ents = frozenset(word_key(t.text) for d in docs.values() for e in d.ents for t in e if t.is_alpha)
        ents |= {word_key(w) for w in forms.split() if w[:1].isupper()}
        return cls(
            quotes=QuoteFinder(text, min_coverage=options.quote_min_coverage),
            options=options,
            config=dict(config or {}),
            parties=tuple(parties),
            provisions=tuple(provisions),
            paragraph_keys=para_keys,
            paragraph_spans=tuple((p.index, p.start, p.end) for p in source.paragraphs),
            source_keys=keyset(f"{text}\n{forms}"),
            source_norm=re.sub(r"\s+", " ", fold(f"{text} ; {forms}").lower()),
            source_key_text=" ".join(w.key for w in words(f"{text} ; {forms}")),
            provision_keys=tuple((p, keyset(p.text)) for p in provisions),
            source_entities=ents,
            source_names=frozenset(
                canonical_place(n) for n in [*(e.text for d in docs.values() for e in d.ents), *parties]
            ),
            # an issuer as named, and the countries its name holds ("G7 Foreign Ministers of Canada, …",
            # "The White House, Office of the Press Secretary")
            party_places=frozenset(
                canonical_place(n) for p in parties for n in (p, *countries_named(p, capitals=True))
            ),
            # the words of the issuers' names, punctuation aside ("The White House, Office of …")
            party_keys=frozenset(word_key(w) for p in parties for w in re.findall(r"\w[\w'’.-]*", p)),
            title=source.document.title or "",
            source_names_spelled=frozenset(
                w.lower() for w in re.findall(r"\b[A-Z][a-z]{5,}\b", f"{text} {' '.join(parties)}")
            ),
            sentences=tuple(sorted(sentences, key=lambda x: x.start)),
            source_quantities=tuple(q for s in sentences for q in s.claim.quantities),
            source_dates=tuple(d for s in sentences for d in s.claim.dates),
            anchor=anchor,
            similarity=similarity,
            encode=encode,
        )

    def misspelled_name(self, word: str) -> bool:
        """A name one letter away from a name of the source (two for long ones), same first letter:
        "Khalitani" for "Khalistani", "Pashnyan" for "Pashinyan" — the same name misspelled."""
        w = word.lower()
        if len(w) < 6 or not w.isalpha():
            return False
        from rapidfuzz.distance import Levenshtein

        most = 1 if len(w) < 9 else 2
        return any(
            n[0] == w[0]
            and abs(len(n) - len(w)) <= most
            and Levenshtein.distance(w, n, score_cutoff=most) <= most
            for n in self.source_names_spelled
        )

    def inside_named_country(self, place: str) -> bool:
        """A region or town the gazetteers put inside a country the source names ("Cabo Delgado" in a
        statement on Mozambique): where things are, not something added."""
        return bool(countries_around(place) & (self.source_names | self.party_places))

    def setting(self, check: str, name: str, default: Any) -> Any:
        return self.config.get(check, {}).get(name, default)

    def paragraphs_of(self, evidence: Sequence[EvidenceSpan]) -> KeySet:
        keys: set[str] = set()
        for e in evidence:
            for idx, s, t in self.paragraph_spans:
                if e.start < t and s < e.end:
                    keys |= self.paragraph_keys[idx].keys
        return KeySet(keys)

    def evidence_sentences(self, evidence: Sequence[EvidenceSpan]) -> list[SourceSentence]:
        """The source sentences inside the evidence passages, passage by passage."""
        return [s for e in evidence for s in self.sentences if e.start <= s.start and s.end <= e.end + 1]

    def evidence_docs(self, evidence: Sequence[EvidenceSpan]) -> list[Any]:
        return [s.doc for s in self.evidence_sentences(evidence)]

    def evidence_provisions(self, evidence: Sequence[EvidenceSpan]) -> list[Provision]:
        return [p for p in self.provisions if any(p.start < e.end and e.start < p.end for e in evidence)]


def norm_text(text: str) -> str:
    """Text folded, lower case, single-spaced: as ``VerifyContext.source_norm`` holds the source."""
    return re.sub(r"\s+", " ", fold(text).lower()).strip()


def holds_phrase(norm: str, phrase: str) -> bool:
    """``phrase`` (normalised) stands in ``norm`` as whole words."""
    return bool(phrase) and re.search(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)", norm) is not None


def noun_phrase(tok: Any) -> str:
    """A noun with its name parts and modifiers: "the international community" → "international community"."""
    parts = [c for c in tok.lefts if c.dep_ in {"compound", "amod", "nummod", "poss"}]
    words = [t for p in parts for t in p.subtree if t.is_alpha or t.like_num] + [tok]
    return " ".join(t.text for t in sorted(words, key=lambda t: t.i))


def supported(tok: Any, keys: KeySet) -> bool:
    """A token whose word (or a part of a hyphenated or joined compound) is in ``keys``."""
    k = word_key(tok.text)
    if k in keys:
        return True
    if any(word_key(p) in keys for p in re.split(r"[-/]", tok.text) if len(p) > 3):
        return True
    return closed_compound(tok.text, keys)


def closed_compound(word: str, keys: KeySet) -> bool:
    """A compound written as one word whose two words ``keys`` holds: "ceasefire" where the passage says
    "cease firing", "peacekeeping" for "keeping the peace"."""
    w = word.lower()
    if not (w.isascii() and w.isalpha()) or len(w) < 7:
        return False
    return any(word_key(w[:i]) in keys and word_key(w[i:]) in keys for i in range(3, len(w) - 2))


def root_of(doc: Any) -> Any:
    return main_root(doc)


# Nouns of complex prepositions ("in line with", "in front of", "on behalf of"): no argument of their own.
PREPOSITION_NOUNS = frozenset(
    "line accordance front behalf terms view spite light respect addition place case favour favor "
    "regard relation lieu wake course means account virtue part side aim eye effect order".split()
)
# Nouns that carry no content of their own in a report ("a number of", "the issue of").
LIGHT_NOUNS = frozenset(
    "number issue issues matter matters area areas field fields way ways kind type part side sides thing "
    "things aspect aspects level levels term terms step steps effort efforts move moves measure measures "
    "plan plans deal deals agreement agreements pact statement talks meeting meetings".split()
)


def subject_tokens(doc: Any) -> set[int]:
    """Indices of the tokens of the main clause's subject."""
    root = root_of(doc)
    return {
        x.i
        for c in (root.children if root is not None else ())
        if c.dep_ in {"nsubj", "nsubjpass"}
        for x in c.subtree
    }


# WordNet classes of nouns that are not checked: people and groups (who acts is the actors check's
# business: "the bloc", "his hosts", "citizens"), times and periods ("two days", "the first time"), and
# abstractions that news copy uses to sum up ("status", "progress", "disagreement").
SKIPPED_CLASSES = frozenset(
    "noun.person noun.time noun.Tops noun.state noun.attribute noun.cognition noun.feeling noun.relation "
    "noun.motive noun.shape noun.quantity".split()
)


def actor_noun(tok: Any, subject: set[int]) -> bool:
    """A common noun naming people or a group as the one who acts ("the bloc", "his hosts"), or the text
    that speaks for them ("the communiqué reaffirmed"): who acts is the actors check's business."""
    cls = lexicon.lexname(tok.lemma_.lower(), "n")
    return tok.i in subject and (cls in {"noun.person", "noun.group"} or tok.lemma_.lower() in TEXT_NOUNS)


def checked_noun(tok: Any, subject: set[int]) -> bool:
    """Whether a noun is an element to ground: not a skipped class (except for names), not light."""
    if (
        tok.lower_ in LIGHT_NOUNS
        or tok.lower_ in PREPOSITION_NOUNS
        or tok.lemma_.lower() in PREPOSITION_NOUNS
    ):
        return False
    if tok.pos_ == "PROPN" or tok.ent_type_:
        return True
    cls = lexicon.lexname(tok.lemma_.lower(), "n")
    if cls in SKIPPED_CLASSES:
        return False
    return not (cls == "noun.group" and tok.i in subject)
