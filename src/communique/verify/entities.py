"""Names and slot fillers: a name, number or noun standing where the evidence has another.

- a name the whole source never uses (nor an alias of it: another word of the name, its initials, the
  country of a capital, a state form) where the evidence names another of the same type:
  ``entity_substitution``;
- a name or a number the evidence lacks where the evidence fills the same grammatical slot with another
  ("fell from a Melbourne clifftop" for "a Sydney clifftop"): ``entity_substitution`` / ``number_mismatch``,
  even when the source names it elsewhere;
- a noun the whole source never uses, where the evidence's filler of its slot and every noun of the
  evidence are unlike it (embedding similarity below ``swap_similarity``): "work with major powers" for
  "work with the international community" is ``added_content``. Only with an embedding model.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .. import lexicon
from ..claims import Claim
from ..frame import is_title
from ..gazetteer import canonical_place, country_of, same_place
from ..models import Issue, Verdict
from ..textnorm import word_key
from .base import Check, Evidence, Finding
from .context import PREPOSITION_NOUNS, VerifyContext, actor_noun, noun_phrase, subject_tokens, supported

ENTITY_LABELS = {"GPE", "PERSON", "ORG", "NORP", "LOC", "FAC", "EVENT", "LAW", "WORK_OF_ART"}
_SLOT_DEPS = {"nsubj", "nsubjpass", "dobj", "attr", "compound", "amod", "nummod", "poss", "nmod", "npadvmod"}


def _named_in(text: str, keys: Any, ctx: VerifyContext) -> bool:
    """The source names this entity: a word of it, its initials, its country (a capital), an alias, or
    one of its words misspelled."""
    words = [w for w in text.split() if w[:1].isalpha()]
    if any(word_key(w) in keys or word_key(w) in ctx.source_entities for w in words):
        return True
    if words and any(ctx.misspelled_name(w) for w in words):
        return True  # the source's name misspelled by a letter ("Berggen" for "Bergen")
    initials = "".join(w[0] for w in words if w[0].isupper()).lower()
    if len(initials) >= 2 and initials in keys:
        return True
    # a place inside a country the source names ("Telemark county" where the source says Norway)
    return same_place(text, ctx.source_names) or ctx.inside_named_country(text)


def _ents_in(docs: Sequence[Any]) -> list[tuple[str, str]]:
    return [(e.text, e.label_) for d in docs for e in d.ents]


def entity_run(claim: Claim, evidence: Evidence, ctx: VerifyContext, cfg: Mapping[str, Any]) -> list[Finding]:
    """An entity the source never names, where the evidence names another of the same type."""
    doc = claim.doc
    claim_keys = {word_key(t.text) for t in doc if t.is_alpha}
    ev_ents = [e for e in _ents_in(ctx.evidence_docs(evidence.spans)) if e[1] in ENTITY_LABELS]
    out = []
    for ent in doc.ents:
        if ent.label_ not in ENTITY_LABELS or ent.root.dep_ in {"amod", "compound", "npadvmod", "nmod"}:
            continue  # a modifier of another name is framing (added content), not a substitution
        if claim.in_frame(ent.start_char, ent.end_char) or claim.quoted(ent.start_char, ent.end_char):
            continue
        if claim.skipped(ent.root):
            continue  # the outlet's comment or context ("… which includes the United Kingdom …")
        keys = [word_key(t.text) for t in ent if t.is_alpha]
        if not keys or _named_in(ent.text, ctx.source_keys, ctx):
            continue
        rivals = [
            t
            for t, lab in ev_ents
            if lab == ent.label_ and not ({word_key(x) for x in t.split()} & claim_keys) and not is_title(t)
        ]
        if rivals:
            out.append(
                Finding(
                    Issue(
                        "entity_substitution", ent.text, f"source: {rivals[0]}", ent.start_char, ent.end_char
                    ),
                    "contradicted",
                )
            )
    return out


def _slot(tok: Any) -> tuple[Any, str] | None:
    """The word a token fills a slot of, and the slot: ("work", "prep:with") for "major powers" in
    "work with major powers"; list members take their first member's slot."""
    while tok.dep_ == "conj" and tok.head is not tok:
        tok = tok.head
    if tok.dep_ == "pobj" and tok.head.dep_ == "prep" and tok.head.head is not tok.head:
        return tok.head.head, "prep:" + tok.head.lower_
    if tok.dep_ in _SLOT_DEPS and tok.head is not tok:
        return tok.head, tok.dep_
    return None


def _fillers(head: Any, slot: str) -> list[Any]:
    """The tokens filling ``slot`` of ``head`` in a source parse, list members included."""
    if slot.startswith("prep:"):
        preps = [c for c in head.children if c.dep_ == "prep" and c.lower_ == slot[5:]]
        first = [c for p in preps for c in p.children if c.dep_ == "pobj"]
    else:
        first = [c for c in head.children if c.dep_ == slot]
    out = []
    for f in first:
        out.append(f)
        out.extend(t for t in f.subtree if t.dep_ == "conj" and t.head.i >= f.i)
    return out


phrase = noun_phrase


def _heads_match(a: Any, b: Any) -> bool:
    """The claim's head word and a source word govern the same thing: the same word, or (verbs) WordNet
    synonyms ("send" / "dispatch")."""
    if word_key(a.text) == word_key(b.text) or a.lemma_.lower() == b.lemma_.lower():
        return True
    return (
        a.pos_ == "VERB"
        and b.pos_ == "VERB"
        and lexicon.relation(a.lemma_.lower(), b.lemma_.lower(), "v", 1) is not None
    )


def _up(tok: Any) -> list[Any]:
    """A word and the word it hangs on: where a prepositional phrase may attach ("hold the round in
    Beijing": to "round" or to "hold", as the parser chose)."""
    up = tok.head
    if up.pos_ == "ADP" and up.head is not up:  # through a preposition: "round of negotiations in Beijing"
        up = up.head
    return [tok] if up is tok else [tok, up]


def slot_rivals(tok: Any, ev_docs: Sequence[Any], *, attach: bool = False) -> list[Any]:
    """What fills, in the evidence, the slot ``tok`` fills in the claim (other words only). With
    ``attach``, a prepositional slot matches whichever of the two words it may attach to on either side."""
    slot = _slot(tok)
    if slot is None:
        return []
    head, rel = slot
    key = word_key(tok.text)
    mine = _up(head) if attach and rel.startswith("prep:") else [head]
    return [
        f
        for d in ev_docs
        for h in d
        if any(_heads_match(m, x) for m in mine for x in (_up(h) if len(mine) > 1 else [h]))
        for f in _fillers(h, rel)
        if (f.is_alpha or f.like_num) and word_key(f.text) != key
    ]


def _sibling_rivals(tok: Any, ev_docs: Sequence[Any]) -> list[Any]:
    """A list member whose fellow member the evidence lists with another one: "between São Paulo and
    Johannesburg" where the evidence says "between São Paulo and Cape Town"."""
    keys = {word_key(m.text) for m in tok.conjuncts if m.is_alpha}
    if not keys:
        return []
    out: list[Any] = []
    for d in ev_docs:
        for t in d:
            if word_key(t.text) in keys:
                out.extend(c for c in t.conjuncts if word_key(c.text) not in keys)
    return out


def _name_class(tok: Any) -> str:
    return "person" if tok.ent_type_ == "PERSON" else "place-or-body"


def _ent_text(tok: Any) -> str:
    ent = next((e for e in tok.doc.ents if e.start <= tok.i < e.end), None)
    return str(ent.text) if ent is not None else str(tok.text)


def _alias_in(tok: Any, keys: set[str], names: frozenset[str], cities: frozenset[str] = frozenset()) -> bool:
    """The evidence names ``tok``'s entity otherwise: another word of the same name, its initials
    ("Shanghai Cooperation Organization" → SCO), or the same place (``names``: canonical places;
    ``cities``: those of the evidence's names that are cities)."""
    ent = next((e for e in tok.doc.ents if e.start <= tok.i < e.end), None)
    words = [t for t in ent if t.is_alpha] if ent is not None else [tok]
    if any(word_key(t.text) in keys for t in words):
        return True
    initials = "".join(t.text[0] for t in words if t.text[0].isupper()).lower()
    if len(initials) >= 2 and initials in keys:
        return True
    name = ent.text if ent is not None else tok.text
    if tok.dep_ == "pobj" and tok.head.lower_ in {"in", "at", "to", "from", "near"}:
        # a place where something happens is the city itself, not its country (a capital's name stands for
        # its government elsewhere): "in Seoul" is not "in Beijing" because both countries are named
        if country_of(name) is not None:
            return word_key(name) in keys or canonical_place(name) in cities
        return word_key(name) in keys or canonical_place(name) in names
    country = country_of(name)
    if country is not None and all(word_key(w) in keys for w in country.split()):
        return True
    return same_place(name, names)


def _words_of(tok: Any) -> list[Any]:
    ent = next((e for e in tok.doc.ents if e.start <= tok.i < e.end), None)
    return [t for t in ent if t.is_alpha] if ent is not None else [tok]


def _initials(words: Sequence[Any]) -> set[str]:
    """A name's initials, of its capitalised words and of all its words ("Code of Conduct": cc, coc)."""
    caps = "".join(t.text[0] for t in words if t.text[:1].isupper()).lower()
    every = "".join(t.text[0] for t in words).lower()
    return {x for x in (caps, every) if len(x) >= 2}


def _subsequence(short: str, long_: str) -> bool:
    it = iter(long_)
    return all(ch in it for ch in short)


def _acronym_of(tok: Any, ev_docs: Sequence[Any]) -> bool:
    """The claim writes as an acronym a name the evidence spells out ("AHA Centre" / "ASEAN Coordinating
    Centre for Humanitarian Assistance"), or spells out one the evidence abbreviates ("the Code of
    Conduct" / "COC")."""
    mine = _words_of(tok)
    acr = [t.text.lower() for t in mine if t.text.isupper() and len(t.text) >= 2]
    my_initials = _initials(mine)
    for d in ev_docs:
        for e in d.ents:
            words = [t for t in e if t.is_alpha]
            theirs = _initials(words)
            if any(_subsequence(a, i) for a in acr for i in theirs):
                return True
            if any(t.text.isupper() and t.text.lower() in my_initials for t in words):
                return True
    return False


def _is_rival(f: Any, tok: Any, claim_names: set[str], claim_keys: set[str]) -> bool:
    """A name of the evidence that could stand where the claim names ``tok``: a name of the same class
    that the claim does not mention in any form."""
    return (
        is_name(f)
        and _name_class(f) == _name_class(tok)
        and not is_title(_ent_text(f))  # "the Prime Minister": an office, which the claim's person may hold
        and canonical_place(_ent_text(f)) not in claim_names
        and not any(word_key(t.text) in claim_keys for t in _words_of(f))
    )


def is_name(tok: Any) -> bool:
    return tok.ent_type_ in ENTITY_LABELS and tok.pos_ in {"PROPN", "ADJ"} and tok.is_alpha


def swap_run(claim: Claim, evidence: Evidence, ctx: VerifyContext, cfg: Mapping[str, Any]) -> list[Finding]:
    doc = claim.doc
    ev_docs = ctx.evidence_docs(evidence.spans)
    if not ev_docs:
        return []
    party_keys = ctx.party_keys
    ev_keys = {word_key(t.text) for d in ev_docs for t in d}
    ev_names = frozenset(canonical_place(e.text) for d in ev_docs for e in d.ents)
    ev_cities = frozenset(canonical_place(e.text) for d in ev_docs for e in d.ents if country_of(e.text))
    claim_names = {canonical_place(e.text) for e in doc.ents}
    claim_keys = {word_key(t.text) for t in doc}
    subject = subject_tokens(doc)
    threshold = cfg["swap_similarity"]
    out: list[Finding] = []
    done: set[str] = set()
    measured = [(q.start, q.end) for q in claim.quantities] + [(d.start, d.end) for d in claim.dates]
    for tok in doc:
        if (
            claim.skipped(tok)
            or claim.quoted(tok.idx, tok.idx + 1)
            or tok.like_num
            or any(a <= tok.idx < b for a, b in measured)
        ):
            continue  # numbers and dates ("a quarter", "next year"): the numbers check compares them by role
        span = (tok.idx, tok.idx + len(tok.text))
        party = word_key(tok.text) in party_keys
        if is_name(tok):
            name = _ent_text(tok)
            # a party is compared only as the one who acts: parties are named all over a statement
            if name in done or (party and tok.dep_ not in {"nsubj", "nsubjpass"}):
                continue
            done.add(name)
            if word_key(tok.text) not in ctx.source_keys and ctx.misspelled_name(tok.text):
                continue  # the source's name misspelled by a letter: no other name
            here = _alias_in(tok, ev_keys, ev_names, ev_cities) or _acronym_of(tok, ev_docs)
            in_slot = [
                f
                for f in slot_rivals(tok, ev_docs, attach=True)
                if _is_rival(f, tok, claim_names, claim_keys)
            ]
            list_rivals = [
                f for f in _sibling_rivals(tok, ev_docs) if _is_rival(f, tok, claim_names, claim_keys)
            ]

            def swapped(
                rival: Any, verdict: Verdict, name: str = name, span: tuple[int, int] = span
            ) -> Finding:
                return Finding(
                    Issue("entity_substitution", name, f"source: {_ent_text(rival)}", *span), verdict
                )

            if here:
                # named in the evidence, but another does what the claim says it does: roles swapped
                if tok.dep_ in {"nsubj", "nsubjpass"}:
                    in_slot = [f for f in in_slot if f.dep_ in {"nsubj", "nsubjpass"}]
                    if in_slot:
                        out.append(swapped(in_slot[0], "contradicted"))
                continue
            unresolved = tok.ent_type_ == "PERSON" and not any(
                word_key(t.text) in ctx.source_keys for t in _words_of(tok)
            )
            if in_slot and not unresolved:
                out.append(swapped(in_slot[0], "contradicted"))
            elif list_rivals and not unresolved:  # one member of a list swapped while the rest stands
                out.append(swapped(list_rivals[0], "partial"))
            continue
        if party:
            continue
        if ctx.similarity is None or tok.pos_ not in {"NOUN", "PROPN"} or tok.is_stop or not tok.is_alpha:
            continue
        if tok.lower_ in PREPOSITION_NOUNS or actor_noun(tok, subject) or supported(tok, ctx.source_keys):
            continue
        rivals = slot_rivals(tok, ev_docs)
        if tok.pos_ == "PROPN" or tok.ent_type_:  # a name where the evidence has a title: its holder, maybe
            rivals = [f for f in rivals if not is_title(phrase(f))]
        else:  # a synonym in WordNet, or a more general word, is the same thing ("way" / "manner")
            lemma = tok.lemma_.lower()
            rivals = [
                f
                for f in rivals
                if lexicon.relation(lemma, f.lemma_.lower(), "n") not in {"equivalent", "general"}
            ]
        if not rivals:
            continue
        mine = phrase(tok)
        best, rival = max(((ctx.similarity(mine, phrase(f)), f) for f in rivals), key=lambda x: x[0])
        if best >= threshold:
            continue
        # the same thing may stand in another slot of the evidence
        nouns = {phrase(t) for d in ev_docs for t in d if t.pos_ in {"NOUN", "PROPN"} and not t.is_stop}
        if all(ctx.similarity(mine, n) < threshold for n in nouns):
            kind = "entity_substitution" if tok.ent_type_ in ENTITY_LABELS else "added_content"
            first = min(
                [tok.i, *(c.left_edge.i for c in tok.lefts if c.dep_ in {"compound", "amod", "nummod"})]
            )
            start = doc[first].idx
            out.append(
                Finding(
                    Issue(kind, doc.text[start : span[1]], f"source: {phrase(rival)}", start, span[1]),
                    "contradicted" if kind == "entity_substitution" else "partial",
                )
            )
    return out


ENTITIES = Check(
    "entities",
    ("entity_substitution",),
    entity_run,
    summary="a name the source never uses where the evidence names another of the same type",
)
SWAPS = Check(
    "swaps",
    ("entity_substitution", "added_content"),
    swap_run,
    defaults={"swap_similarity": 0.4},
    summary="a name or noun in a grammatical slot that the evidence fills with something else",
)
