"""Grounding: every content element of the claim must have a counterpart in the source.

Each noun and name of the claim (outside the outlet's frame, comment and quotations, and not naming
the statement's parties) is aligned to the source, most specific evidence first:

1. the same word, lemma or derivation in the cited paragraphs, or anywhere in the source;
2. a name written otherwise: a multiword name must stand as a phrase in the source (so "African
   Development Bank" is not grounded by "development bank" and "Africa"), or by its initials, or as
   the same place (``gazetteer.canonical_place``: "Britain" for "the United Kingdom"), or written as
   one word ("Nordstream"), or by a longer or shorter name WordNet gives it ("Gaza" for "the Gaza
   Strip");
3. a WordNet relation to a noun of the evidence: a synonym, or a more general word (entailed); or a
   synonym of one of its two most frequent senses anywhere in the source ("phone" for "telephone");
4. a paraphrase: embedding similarity of its phrase to a noun phrase of the evidence of at least
   ``paraphrase_similarity`` (one encode call per sentence; phrases seen before are cached).

What stays ungrounded is reported. It decides ``unsupported`` when it is the core of the claim — the
object, attribute or passive subject of the main predicate or of the verb it governs ("agreed to set up
a maritime hotline") — or when at least ``unsupported_share`` of the claim's elements are ungrounded;
otherwise it is added detail: ``partial`` (``added_content``).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from .. import lexicon
from ..claims import TEXT_NOUNS, Claim, content_tokens
from ..gazetteer import canonical_place, countries_around, demonym_country, is_country, same_place
from ..models import Issue
from ..textnorm import NAME_PARTICLES, word_key
from .base import Check, Evidence, Finding
from .context import (
    VerifyContext,
    checked_noun,
    holds_phrase,
    norm_text,
    root_of,
    subject_tokens,
    supported,
)
from .entities import phrase, slot_rivals
from .kinds import ISSUER_NOUNS, attribution

_CORE_DEPS = {"dobj", "attr", "oprd", "nsubjpass"}


def _encyclopedic(tok: Any, ctx: VerifyContext) -> bool:
    """A place given as where a named place lies ("Gwadar Port in Balochistan", "Kigali, Rwanda"): world
    knowledge added as an appositive, not a claim about the statement."""
    if tok.ent_type_ not in {"GPE", "LOC"}:
        return False
    head = (
        tok.head.head
        if tok.dep_ == "pobj" and tok.head.lower_ == "in"
        else tok.head
        if tok.dep_ == "appos"
        else None
    )
    return head is not None and head.pos_ == "PROPN" and supported(head, ctx.source_keys)


#: Nouns that name the text itself, whatever the outlet calls it ("press release", "readout"); an
#: agreement or a plan may be what the text is about.
_THE_TEXT = TEXT_NOUNS - {"agreement", "plan"}


def _names_the_text(tok: Any) -> bool:
    """The noun names the checked text, or modifies such a noun ("a press release statement"): what the
    outlet calls the statement is no content of it."""
    while True:
        if tok.lemma_.lower() in _THE_TEXT:
            return True
        if tok.dep_ != "compound" or tok.head is tok:
            return False
        tok = tok.head


def _title_of_person(tok: Any, doc: Any) -> bool:
    """A title written before a person's name, outside the name the parser found ("Qatar's Emir Sheikh
    Tamim bin Hamad Al Thani"): a common noun of persons in WordNet, in the compound chain of a PERSON
    name. Who holds which office is the offices' and the names' to judge, not an added element."""
    if tok.ent_type_ or tok.dep_ != "compound" or lexicon.lexname(tok.lower_, "n") != "noun.person":
        return False
    head = tok.head
    while head.dep_ == "compound" and not head.ent_type_ and head.head is not head:
        head = head.head
    return bool(head.ent_type_ == "PERSON")


def _a_place(name: str) -> bool:
    """A name the gazetteers know for a country or a place inside one."""
    return is_country(name) or bool(countries_around(name))


def _a_name(tok: Any) -> bool:
    """A word written as a name: a proper noun, or a capitalised word WordNet has no noun for ("Daza")."""
    return tok.pos_ == "PROPN" or (tok.text[:1].isupper() and lexicon.lexname(tok.lower_, "n") is None)


def _core(doc: Any) -> set[int]:
    """Head nouns of the main predicate's core arguments, following to-infinitive complements."""
    root = root_of(doc)
    if root is None:
        return set()
    out: set[int] = set()
    verbs = [root]
    while verbs:
        v = verbs.pop()
        for c in v.children:
            if c.dep_ in _CORE_DEPS and c.pos_ in {"NOUN", "PROPN"}:
                out.add(c.i)
                out.update(x.i for x in c.conjuncts)
            elif c.dep_ in {"xcomp", "ccomp"} and c.pos_ in {"VERB", "AUX"}:
                verbs.append(c)
            elif c.dep_ == "prt":
                continue
    return out


def _entity_grounded(ent: Any, ctx: VerifyContext, source_norm: str) -> bool:
    cut = [t.i for t in ent if t.text in {"(", ")", "[", "]"}]
    if cut:  # "the Line of Control (LoC)": the name and its bracketed form, each on its own
        from spacy.tokens import Span

        bounds = [ent.start, *cut, ent.end]
        parts = [
            Span(ent.doc, a + (a != ent.start), b, label=ent.label_) for a, b in itertools.pairwise(bounds)
        ]
        return all(_entity_grounded(p, ctx, source_norm) for p in parts if len(p))
    words = [t for t in ent if t.is_alpha and not t.is_stop and t.lower_ not in NAME_PARTICLES]
    if not words:
        return True
    # the name as written, its inner function words kept ("Code of Conduct"), a leading article dropped
    inner = [t for t in ent if t.is_alpha and not (t.i == ent.start and t.is_stop)]
    for text in {norm_text(" ".join(t.text for t in inner)), norm_text(" ".join(t.text for t in words))}:
        if holds_phrase(source_norm, text):
            return True
    keyed = " ".join(word_key(t.text) for t in inner)  # the same words in another inflection
    if keyed and re.search(r"(?<!\S)" + re.escape(keyed) + r"(?!\S)", ctx.source_key_text):
        return True
    if ent.label_ == "PERSON" and all(word_key(t.text) in ctx.source_entities for t in words):
        return True  # name order: "Morikawa Hayato"
    if len(words) == 1 and (word_key(words[0].text) in ctx.source_keys):
        return True
    misspelled = [t for t in words if word_key(t.text) not in ctx.source_keys and ctx.misspelled_name(t.text)]
    if misspelled and all(t in misspelled or word_key(t.text) in ctx.source_keys for t in words):
        return True  # the source's name misspelled ("Khalitani" for "Khalistani")
    initials = "".join(t.text[0] for t in words if t.text[0].isupper()).lower()
    if len(initials) >= 2 and re.search(r"\b" + re.escape(initials) + r"\b", source_norm):
        return True
    if same_place(ent.text, ctx.source_names):
        return True
    # the name written as one word ("Nordstream" for "Nord Stream")
    if len(words) > 1 and word_key("".join(t.text for t in words)) in ctx.source_keys:
        return True
    # a longer or shorter name WordNet gives the same thing, sharing a word with it ("the Gaza Strip" /
    # "Gaza"), standing in the source; not any name of it ("Taiwan" is not "China")
    name = "_".join(t.text.lower() for t in inner)
    mine = {word_key(t.text) for t in words}
    for other in lexicon.synonyms(name, "n", senses=2) - {name.replace("_", " ")}:
        if mine & {word_key(w) for w in other.split()} and holds_phrase(source_norm, norm_text(other)):
            return True
    # a body named with its country ("the Parliament of Canada"), where the source gives the body and
    # names the country ("the Canadian Prime Minister in their Parliament")
    of = [t.i for t in inner if t.lower_ == "of"]
    if of:
        body = [t for t in words if t.i < of[-1]]
        place = " ".join(t.text for t in inner if t.i > of[-1])
        if (
            body
            and all(word_key(t.text) in ctx.source_keys for t in body)
            and is_country(place)
            and canonical_place(place)
            in {canonical_place(demonym_country(n) or n) for n in ctx.source_names | ctx.party_places}
        ):
            return True
    # a party's name before a name the source gives: "the Pakistani Foreign Ministry", "Egypt's President"
    lead = [t for t in inner if same_place(t.text, ctx.party_places) or t.lower_ in {"'s", "’s"}]
    rest = inner[len(lead) :] if lead and all(t.i == inner[k].i for k, t in enumerate(lead)) else []
    if (
        rest
        and len(rest) < len(inner)
        and holds_phrase(source_norm, norm_text(" ".join(t.text for t in rest)))
    ):
        return True
    return ent.label_ in {"GPE", "LOC", "FAC"} and ctx.inside_named_country(ent.text)


_DEFINITE = frozenset({"the", "this", "that", "these", "those"})


def _past(verb: Any) -> bool:
    return verb.tag_ == "VBD" or any(
        c.dep_ in {"aux", "auxpass"} and c.lower_ in {"was", "were", "had"} for c in verb.children
    )


def _description(tok: Any, ctx: VerifyContext) -> bool:
    """A word inside a past-tense relative clause or an appositive hung on something other than the
    statement or its issuers ("the attack that targeted churches", "Lee, a former police chief, …"): the
    outlet's description of the world the statement speaks of, not something it says the statement says.
    On the statement itself ("the statement, which was drafted by …") it is a claim like any other; on the
    issuers, only the place where they are is the setting ("ministers meeting in Phnom Penh warned …")."""
    for anc in (tok, *tok.ancestors):
        if anc.dep_ == "ROOT":
            return False
        noun = anc.head
        lemma = noun.lemma_.lower()
        issuers = lemma in ISSUER_NOUNS or word_key(noun.text) in ctx.party_keys
        if anc.dep_ in {"relcl", "acl"} and issuers and tok.ent_type_ in {"GPE", "LOC", "FAC"}:
            return True  # where the issuers are ("ministers meeting in Phnom Penh"): the event's setting
        if (anc.dep_ == "relcl" and _past(anc)) or (anc.dep_ == "appos" and noun.pos_ == "PROPN"):
            if lemma in TEXT_NOUNS:
                return False
            if not issuers:
                return True
            # what an issuing body is ("the North Atlantic Council, NATO's highest decision-making body"):
            # a noun phrase with no verb of its own ("founding member" is a modifier), world knowledge
            # rather than a report
            return (
                anc.dep_ == "appos"
                and noun.pos_ == "PROPN"
                and not any(
                    t.pos_ in {"VERB", "AUX"} and t.dep_ not in {"amod", "compound"} for t in anc.subtree
                )
            )
        if anc.dep_ == "relcl" and anc.lemma_ == "be" and noun.pos_ == "PROPN" and issuers:
            return True  # "the Council, which is NATO's decision-making body"
    return False


def _anaphoric(tok: Any, ctx: VerifyContext) -> bool:
    """A common noun in a definite description with no modifier of its own but adjectives and words of
    the source: "the bloc", "the new ceilings", "the phone conversation" of a statement that says
    "telephone" (not "the Bangkok secretariat", not "a fund")."""
    if tok.pos_ != "NOUN":
        return False
    kids = [c for c in tok.children if c.dep_ not in {"punct"}]
    det = [c for c in kids if c.dep_ == "det"]
    rest = [
        c
        for c in kids
        if c.dep_ not in {"det", "amod"}
        and c.i < tok.i
        and not (
            c.dep_ == "compound"
            and c.pos_ == "NOUN"
            and (supported(c, ctx.source_keys) or _synonym_in_source(c, ctx))
        )
    ]
    after = [c for c in kids if c.i > tok.i and c.dep_ in {"prep", "relcl", "acl"}]
    return bool(det) and det[0].lower_ in _DEFINITE and not rest and not after


def _synonym_in_source(tok: Any, ctx: VerifyContext) -> bool:
    """A synonym of one of the noun's two most frequent senses stands anywhere in the source: "phone"
    where it says "telephone", "Emir" where it says "Amir" — the same word for the same thing."""
    lemma = tok.lemma_.lower()
    for name in lexicon.synonyms(lemma, "n", senses=2) - {lemma}:
        words = name.replace("_", " ").split()
        if len(words) == 1 and word_key(words[0]) in ctx.source_keys:
            return True
        if len(words) > 1 and holds_phrase(ctx.source_norm, norm_text(" ".join(words))):
            return True
    return False


def _wordnet_grounded(tok: Any, ev_nouns: Sequence[str]) -> bool:
    lemma = tok.lemma_.lower()
    return any(lexicon.relation(lemma, n, "n") in {"equivalent", "general"} for n in ev_nouns)


def run(claim: Claim, evidence: Evidence, ctx: VerifyContext, cfg: Mapping[str, Any]) -> Sequence[Finding]:
    doc = claim.doc
    ev_sents = ctx.evidence_sentences(evidence.spans)
    keys = ctx.paragraphs_of(evidence.spans)
    party_keys = ctx.party_keys
    source_norm = ctx.source_norm
    subject = subject_tokens(doc)
    measured = [(q.start, q.end) for q in claim.quantities] + [(d.start, d.end) for d in claim.dates]
    elements = [
        t
        for t in content_tokens(claim)
        if t.pos_ in {"NOUN", "PROPN"}
        and word_key(t.text) not in party_keys
        and not claim.quoted(t.idx, t.idx + len(t.text))
        and not any(a <= t.idx < b for a, b in measured)  # numbers and dates: the numbers check's
        and t.ent_type_ not in {"DATE", "TIME"}  # "on Sunday evening", "Monday morning": when, the dates'
        and not _names_the_text(t)
        and not _title_of_person(t, doc)
        and checked_noun(t, subject)
        and not _encyclopedic(t, ctx)
    ]
    if not elements:
        return []
    open_: list[Any] = []
    people: list[Any] = []
    ents_done: set[int] = set()
    said = attribution(doc)
    speaker = said[0] if said is not None and said[1] is not None and _a_name(said[0]) else None
    for t in elements:
        if speaker is not None and t.i == speaker.i and not (t.ent_type_ and _a_place(t.text)):
            # a name the parser did not call a person, speaking ("Daza noted that …"): who said it, a
            # spokesperson the source need not name
            people.append(doc[t.i : t.i + 1])
            continue
        ent = next((e for e in doc.ents if e.start <= t.i < e.end), None)
        if ent is not None and ent.label_ not in {
            "DATE",
            "TIME",
            "CARDINAL",
            "ORDINAL",
            "PERCENT",
            "MONEY",
            "QUANTITY",
        }:
            if ent.start in ents_done:
                continue
            ents_done.add(ent.start)
            if ent.label_ == "PERSON" and not _entity_grounded(ent, ctx, source_norm):
                people.append(ent)  # a holder of an office the source names by title, or a name to check
            elif not _entity_grounded(ent, ctx, source_norm):
                open_.append(ent.root if ent.root.i in {x.i for x in elements} else t)
            continue
        if supported(t, keys) or supported(t, ctx.source_keys) or same_place(t.text, ctx.source_names):
            continue
        if _synonym_in_source(t, ctx) or (t.pos_ == "PROPN" and ctx.misspelled_name(t.text)):
            continue
        open_.append(t)
    # a person's name the source does not give is recorded, but decides nothing on its own: reports name
    # who holds an office the statement gives by title ("the Presidents", "the Council President")
    unnamed = [
        Finding(
            Issue("name_not_in_source", e.text, "the source names no such person", e.start_char, e.end_char),
            None,
        )
        for e in people
    ]
    if not open_:
        return unnamed
    # a noun standing in a slot the evidence fills otherwise is the swaps check's to judge
    ev_docs = [s.doc for s in ev_sents]
    open_ = [t for t in open_ if t.pos_ == "PROPN" or not slot_rivals(t, ev_docs)]
    ev_nouns = sorted({x.lemma_.lower() for s in ev_sents for x in s.doc if x.pos_ in {"NOUN", "PROPN"}})
    open_ = [t for t in open_ if t.pos_ == "PROPN" or not _wordnet_grounded(t, ev_nouns)]
    names = [t for t in open_ if t.pos_ == "PROPN" or t.ent_type_]
    open_ = [t for t in open_ if t not in names]  # names are grounded by name only, never by likeness
    if open_ and ctx.encode is not None:
        ev_phr = sorted(
            {phrase(x) for s in ev_sents for x in s.doc if x.pos_ in {"NOUN", "PROPN"} and not x.is_stop}
        )
        mine = [phrase(t) for t in open_]
        if ev_phr:
            vecs = ctx.encode([*mine, *ev_phr])
            if vecs is not None:
                sims = np.asarray(vecs[: len(mine)]) @ np.asarray(vecs[len(mine) :]).T
                open_ = [
                    t
                    for t, row in zip(open_, sims, strict=True)
                    if float(row.max()) < cfg["paraphrase_similarity"]
                ]
    core = _core(doc)
    # a bare definite description outside the core ("the bloc", "the mix", "the new ceilings") refers back
    # to something already given — a name earlier in the sentence or the statement's own subject matter —
    # rather than adding a new thing
    open_ = [t for t in open_ if t.i in core or not _anaphoric(t, ctx)]
    open_ += names
    open_ = [t for t in open_ if not _description(t, ctx)]
    names = [t for t in names if t in open_]
    if not open_:
        return unnamed
    # a name the source does not give is added at most: alone it never makes a claim unsupported (it may
    # be a form of a name the statement gives that no table holds)
    plain = [t for t in open_ if t not in names]
    share = len(plain) / len(elements)
    unsupported = any(t.i in core for t in plain) or (len(plain) >= 2 and share >= cfg["unsupported_share"])
    out = []
    for t in open_:
        first = min([t.i, *(c.left_edge.i for c in t.lefts if c.dep_ in {"compound", "amod", "nummod"})])
        start, end = doc[first].idx, t.idx + len(t.text)
        ent = next((e for e in doc.ents if e.start <= t.i < e.end), None)
        if ent is not None:
            start, end = min(start, ent.start_char), max(end, ent.end_char)
        text = doc.text[start:end]
        if unsupported:
            out.append(
                Finding(Issue("unsupported_content", text, "not in the source", start, end), "unsupported")
            )
        else:
            out.append(Finding(Issue("added_content", text, "not in the source", start, end), "partial"))
    return out + unnamed


CHECK = Check(
    "grounding",
    ("unsupported_content", "added_content", "name_not_in_source"),
    run,
    defaults={"paraphrase_similarity": 0.4, "unsupported_share": 0.5},
    summary="a noun or name of the claim with no counterpart in the source",
)
