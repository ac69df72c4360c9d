"""Verify: from a sentence and its evidence, a verdict, quote checks, typed issues and a reason.

Checks, in order of precedence (the first that fires sets the verdict):

- ``misquote``: words inside quotation marks were altered (``quote_altered``);
- ``unsupported``: no source passage scores at least ``min_support``;
- ``contradicted``: a number or date the source never gives, or another than the evidence has in the
  same grammatical slot (``number_mismatch``, ``date_mismatch``); a name the evidence lacks where it
  names another of the same type, in the sentence or in the same slot (``entity_substitution``); the
  evidence's actor is another party (``actor_changed``); the governing verb is the opposite of the
  evidence's, or a negation was added or removed (``polarity_flipped``);
- ``partial``: content the evidence does not contain was added (``added_content``): a list member the
  source never names or names only under another act ("committed to … defence" where defence was only
  discussed), a framing modifier on a name, a noun the source never uses standing where the evidence
  has something unlike it ("work with major powers" for "the international community");
- else ``supported``. A shift in modality ("should" → "must", "called for" → "demanded") is recorded
  as ``modality_changed`` without flagging the sentence; a quote that is not found is recorded as
  ``quote_not_found`` but, as for scare quotes around a shorthand, is not by itself a misquote.

Content inside the outlet's comment — a clause headed by a verb of interpretation ("…, reflecting a
deeper convergence"), a characterising "as" phrase — is not checked for added content.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .align import Candidate
from .analyze import actor_of, acts_of, claim_actor, is_content
from .gazetteer import country_of
from .models import Act, EvidenceSpan, Issue, Kind, Provision, QuoteCheck, Sentence, SentenceCheck, Verdict
from .quotes import QuoteFinder, find_quotes
from .segment import INTERPRETIVE_VERBS
from .settings import Options
from .textnorm import KeySet, compound_keys, content_keys, word_key

# A sentence with commentary cues is commentary unless the source supports it this strongly.
COMMENTARY_SUPPORT = 0.69
# Below this embedding similarity a word in the evidence's slot is a substitution, not a paraphrase (dev data).
SWAP_SIMILARITY = 0.4
# Alignment from which the cited paragraphs are trusted to hold everything the claim reports.
TRUSTED_EVIDENCE = 0.735

_NUMBER = re.compile(r"\b\d+(?:[.,]\d+)*(?:st|nd|rd|th)?\b")
_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
}  # fmt: skip
# Ordinals count as numbers when they number an event or a period ("the seventh round").
_COUNTED = re.compile(
    r"\b(" + "|".join(_ORDINALS) + r")\s+(round|session|meeting|summit|edition|dialogue|"
    r"anniversary|conference|plenum|congress|term|phase|plan)\b",
    re.IGNORECASE,
)
_MONTHS = ("january february march april may june july august september october november december").split()
_DATE = re.compile(
    r"\b(?:(\d{1,2})\s+(" + "|".join(_MONTHS) + r")|(" + "|".join(_MONTHS) + r")\s+(\d{1,2}))\b",
    re.IGNORECASE,
)
_ENTITY_LABELS = {"GPE", "PERSON", "ORG", "NORP", "LOC", "FAC", "EVENT", "LAW", "WORK_OF_ART"}
# Verbs of stance, by polarity (lemmas). A claim's verb flips the evidence's when the evidence has only
# verbs of the other class: "rejected" is no flip of "opposes".
_POSITIVE = frozenset(
    "support welcome endorse back praise commend accept approve favor favour hail laud appreciate agree "
    "backing endorsement approval acceptance".split()
)
_NEGATIVE = frozenset(
    "oppose reject condemn criticize criticise denounce refuse disagree deplore decline "
    "opposition rejection condemnation criticism refusal objection".split()
)
# Modality and force. Each family is a list of levels, weakest first; words on one level are equally strong.
_MODALITY = [
    (("could", "may", "might"), ("should",), ("must", "shall"), ("will",)),
    (("ask",), ("call",), ("urge", "press"), ("demand", "insist")),
    (("consider", "explore", "discuss"), ("agree",), ("pledge", "commit", "vow")),
    (("readiness", "willingness"), ("commitment", "determination")),
]


@dataclass(frozen=True, slots=True)
class VerifyContext:
    """What verifying one sentence needs from the source, built once per source."""

    quotes: QuoteFinder
    options: Options
    parties: tuple[str, ...] = ()
    provisions: tuple[Provision, ...] = ()
    paragraph_keys: Mapping[int, KeySet] = field(default_factory=dict)
    paragraph_spans: Sequence[tuple[int, int, int]] = ()
    source_keys: KeySet = field(default_factory=lambda: KeySet(set()))
    provision_keys: tuple[tuple[Provision, KeySet], ...] = ()
    source_entities: frozenset[str] = frozenset()
    source_numbers: frozenset[str] = frozenset()
    source_dates: frozenset[tuple[str, str]] = frozenset()
    #: (text, parse) of each source sentence; a parse's text is rebuilt on every access, so it is kept
    source_sentences: tuple[tuple[str, Any], ...] = ()
    #: cosine similarity of two short phrases (an embedding model), or None to skip the substitution check
    similarity: Callable[[str, str], float] | None = None

    @classmethod
    def build(
        cls,
        source: Any,
        options: Options,
        *,
        parties: Sequence[str] = (),
        provisions: Sequence[Provision] = (),
        source_docs: Mapping[int, Any] | None = None,
        similarity: Callable[[str, str], float] | None = None,
    ) -> VerifyContext:
        text = source.document.text
        docs = dict(source_docs or {})
        para_keys = {p.index: _keyset(text[p.start : p.end]) for p in source.paragraphs}
        ents = frozenset(word_key(t.text) for d in docs.values() for e in d.ents for t in e if t.is_alpha)
        return cls(
            quotes=QuoteFinder(text, min_coverage=options.quote_min_coverage),
            options=options,
            parties=tuple(parties),
            provisions=tuple(provisions),
            paragraph_keys=para_keys,
            paragraph_spans=tuple((p.index, p.start, p.end) for p in source.paragraphs),
            source_keys=_keyset(text),
            provision_keys=tuple((p, _keyset(p.text)) for p in provisions),
            source_entities=ents,
            source_numbers=frozenset(_numbers(text)),
            source_dates=frozenset(_dates(text)),
            source_sentences=tuple((d.text.rstrip(), d) for d in docs.values()),
            similarity=similarity,
        )

    def paragraphs_of(self, evidence: Sequence[EvidenceSpan]) -> KeySet:
        keys: set[str] = set()
        for e in evidence:
            for idx, s, t in self.paragraph_spans:
                if e.start < t and s < e.end:
                    keys |= self.paragraph_keys[idx].keys
        return KeySet(keys)


def _keyset(text: str) -> KeySet:
    """Content word keys of a text, with hyphenated compounds also joined: "counter-terrorism" holds
    "counterterrorism"."""
    return KeySet(content_keys(text) + compound_keys(text))


def decide_kind(sentence: Sentence, best: float) -> Kind:
    """Claim or commentary, weighing the parser's commentary cues against the source's support."""
    if sentence.kind not in {"claim", "commentary"}:
        return sentence.kind
    if sentence.opinion >= 1.0:
        return "claim" if best >= COMMENTARY_SUPPORT else "commentary"
    return "claim"


# --- numbers, dates, entities -----------------------------------------------------------------------------


def _canon(number: str) -> str:
    """ "2.0", "2" and "2nd" are one number; "1,000" is 1000."""
    n = re.sub(r"(st|nd|rd|th)$", "", number).replace(",", "")
    return re.sub(r"\.0+$", "", n)


def _numbers(text: str) -> set[str]:
    found = {_canon(m.group()) for m in _NUMBER.finditer(text)}
    for m in _COUNTED.finditer(text):
        found.add(str(_ORDINALS[m.group(1).lower()]))
    return found


def _dates(text: str) -> set[tuple[str, str]]:
    out = set()
    for m in _DATE.finditer(text):
        day = m.group(1) or m.group(4)
        month = (m.group(2) or m.group(3)).lower()
        out.add((month, str(int(day))))
    return out


def number_issues(claim: str, quotes: Sequence[QuoteCheck], ctx: VerifyContext) -> list[Issue]:
    issues: list[Issue] = []
    bad_dates = {d for d in _dates(claim) if d not in ctx.source_dates}
    date_days = {day for _, day in bad_dates}
    for month, day in sorted(bad_dates):
        issues.append(Issue("date_mismatch", f"{month.title()} {day}", "the source gives no such date"))
    quoted = {n for q in quotes for n in _numbers(q.text)}
    for n in sorted(_numbers(claim) - quoted - date_days):
        if n not in ctx.source_numbers:
            issues.append(Issue("number_mismatch", n, "the source gives no such number"))
    return issues


def entity_issues(doc: Any, evidence: Sequence[EvidenceSpan], ctx: VerifyContext) -> list[Issue]:
    """An entity the source never names, where the evidence names another of the same type."""
    ev_text = " ".join(e.text for e in evidence)
    claim_keys = {word_key(t.text) for t in doc if t.is_alpha}
    ev_ents = [e for e in _ents_in(ev_text, ctx) if e[1] in _ENTITY_LABELS]
    issues = []
    for ent in doc.ents:
        if ent.label_ not in _ENTITY_LABELS or ent.root.dep_ in {"amod", "compound", "npadvmod", "nmod"}:
            continue  # a modifier of another name is framing (added content), not a substitution
        keys = [word_key(t.text) for t in ent if t.is_alpha]
        if not keys or any(k in ctx.source_keys or k in ctx.source_entities for k in keys):
            continue
        country = country_of(ent.text)
        if country and any(word_key(w) in ctx.source_keys for w in country.split()):
            continue  # "Kabul" for the Afghan government
        rivals = [
            t
            for t, lab in ev_ents
            if lab == ent.label_ and not ({word_key(x) for x in t.split()} & claim_keys)
        ]
        if rivals:
            issues.append(
                Issue("entity_substitution", ent.text, f"source: {rivals[0]}", ent.start_char, ent.end_char)
            )
    return issues


def _ents_in(ev_text: str, ctx: VerifyContext) -> list[tuple[str, str]]:
    """Named entities of the source sentences inside an evidence text."""
    out: list[tuple[str, str]] = []
    for text, d in ctx.source_sentences:
        if ev_text.find(text) >= 0:
            out.extend((e.text, e.label_) for e in d.ents)
    return out


# --- actors, polarity, modality ---------------------------------------------------------------------------


def _evidence_provisions(evidence: Sequence[EvidenceSpan], ctx: VerifyContext) -> list[Provision]:
    return [p for p in ctx.provisions if any(p.start < e.end and e.start < p.end for e in evidence)]


def actor_issues(doc: Any, evidence: Sequence[EvidenceSpan], ctx: VerifyContext) -> list[Issue]:
    if not ctx.parties or not evidence:
        return []
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is None or root.i > 0.6 * len(doc):
        return []  # a main verb at the end of a long sentence is more often a mis-parse than a report
    if any(c.dep_ == "conj" and c.pos_ in {"VERB", "AUX"} for c in root.children):
        return []  # several clauses, possibly several actors: not decidable against one passage
    actor = claim_actor(doc, ctx.parties)
    # another party acting inside the sentence ("…, with Tokyo offering two ships"): several actors
    others = {
        actor_of(doc[c.left_edge.i : c.right_edge.i + 1].text, ctx.parties)
        for t in doc
        if t is not root and t.pos_ in {"VERB", "AUX"}
        for c in t.children
        if c.dep_ in {"nsubj", "nsubjpass"}
    }
    if others & {"both", *ctx.parties} - {actor}:
        return []
    acts = acts_of(doc)
    # the same kind of act by another party: "Both sides commended…" where only China commended
    provs = [p for p in _evidence_provisions(evidence, ctx) if acts & set(p.acts)]
    actors = {p.actor for p in provs}
    if actor is None or not actors or actor in actors or not actors <= {"both", *ctx.parties}:
        return []
    said = "both sides" if actor == "both" else actor
    was = " and ".join("both sides" if a == "both" else a for a in sorted(actors))
    return [Issue("actor_changed", said, f"in the source it is {was}")]


def _root_lemma(doc: Any) -> str | None:
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    return root.lemma_.lower() if root is not None else None


def _evidence_docs(evidence: Sequence[EvidenceSpan], ctx: VerifyContext) -> list[Any]:
    """Parses of the source sentences inside the evidence passages, passage by passage."""
    return [d for e in evidence for text, d in ctx.source_sentences if e.text.find(text) >= 0]


def polarity_issues(doc: Any, evidence: Sequence[EvidenceSpan], ctx: VerifyContext) -> list[Issue]:
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    docs = _evidence_docs(evidence[:1], ctx)  # the best passage
    if root is None or not docs:
        return []
    lemma = root.lemma_.lower()
    if lemma not in _POSITIVE | _NEGATIVE:
        # "expressed their support for…": the stance is the object noun
        obj = next(
            (c for c in root.children if c.dep_ == "dobj" and c.lemma_.lower() in _POSITIVE | _NEGATIVE), None
        )
        if obj is not None:
            root, lemma = obj, obj.lemma_.lower()
    # compare like with like: a stance verb with the evidence's verbs, a stance noun with its nouns
    pos = "NOUN" if root.pos_ == "NOUN" else "VERB"
    ev_lemmas = {t.lemma_.lower() for d in docs for t in d if t.pos_ == pos}
    ev_neg = any(t.dep_ == "neg" for d in docs for t in d)
    claim_neg = any(c.dep_ == "neg" for c in root.children)
    issues = []
    for mine, other in ((_POSITIVE, _NEGATIVE), (_NEGATIVE, _POSITIVE)):
        if lemma in mine and not (ev_lemmas & mine) and ev_lemmas & other:
            issues.append(Issue("polarity_flipped", root.text, f"source: {sorted(ev_lemmas & other)[0]}"))
    if not issues and claim_neg and not ev_neg and lemma in ev_lemmas:
        issues.append(Issue("polarity_flipped", f"not {root.text}", "the source states it without negation"))
    if not issues:
        issues += negation_issues(doc, docs)
    return issues


def _negated(tok: Any) -> bool:
    return any(c.dep_ == "neg" for c in tok.children) or any(
        c.dep_ == "neg" for c in tok.head.children if tok.dep_ in {"acomp", "xcomp", "oprd"}
    )


def negation_issues(doc: Any, ev_docs: Sequence[Any]) -> list[Issue]:
    """A verb or adjective negated in the claim and stated plainly in the evidence, or the reverse:
    "pleaded not guilty" where the source says "pleaded guilty"."""
    ev: dict[str, list[bool]] = {}
    for d in ev_docs:
        for t in d:
            if t.pos_ in {"VERB", "ADJ", "AUX"} and not t.is_stop:
                ev.setdefault(t.lemma_.lower(), []).append(_negated(t))
    for t in doc:
        if t.pos_ not in {"VERB", "ADJ", "AUX"} or t.is_stop or t.lemma_.lower() not in ev:
            continue
        mine, theirs = _negated(t), ev[t.lemma_.lower()]
        if mine and not any(theirs):
            return [Issue("polarity_flipped", f"not {t.text}", "the source states it without negation")]
        if not mine and all(theirs):
            return [Issue("polarity_flipped", t.text, "the source negates it")]
    return []


def modality_issues(claim: str, evidence: Sequence[EvidenceSpan]) -> list[Issue]:
    if not evidence:
        return []
    ckeys = {word_key(w) for w in re.findall(r"[A-Za-z]+", claim)}
    ekeys = {word_key(w) for w in re.findall(r"[A-Za-z]+", evidence[0].text)}
    issues = []
    for family in _MODALITY:
        c = [(lvl, w) for lvl, level in enumerate(family) for w in level if word_key(w) in ckeys]
        e = [(lvl, w) for lvl, level in enumerate(family) for w in level if word_key(w) in ekeys]
        if c and e and not {lvl for lvl, _ in c} & {lvl for lvl, _ in e}:
            issues.append(Issue("modality_changed", max(c)[1], f"source: {max(e)[1]}"))
    return issues


# --- added content ----------------------------------------------------------------------------------------


def _comment_tokens(doc: Any) -> set[int]:
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
        if clause or as_phrase:
            out.update(range(t.left_edge.i, t.right_edge.i + 1))
            out.discard(t.i)
    return out


def _own_subtree(tok: Any) -> list[Any]:
    """A list member with its modifiers, without the members conjoined to it (spaCy chains a list's
    members, each the head of the next)."""
    out = [tok]
    for c in tok.children:
        if c.dep_ not in {"conj", "cc", "punct"}:
            out.extend(_own_subtree(c))
    return out


def _supported(tok: Any, keys: KeySet) -> bool:
    k = word_key(tok.text)
    if k in keys:
        return True
    # hyphenated or joined compounds: "people-to-people", "counterterrorism"
    return any(word_key(p) in keys for p in re.split(r"[-/]", tok.text) if len(p) > 3)


def _continued_list(tok: Any) -> list[Any]:
    """The members of the list that a second prepositional phrase continues: "cooperation on ports and
    fisheries, as well as on naval exercises" gives ports and fisheries for "exercises" (the parser
    attaches the second "on" apart from the first, after a coordinator)."""
    prep = tok.head
    if tok.dep_ != "pobj" or prep.dep_ != "prep" or prep.head is prep:
        return []
    host = prep.head
    if not any(c.dep_ == "cc" and c.i < prep.i for c in host.children):
        return []
    earlier = [
        p
        for t in (host, *host.children)
        for p in t.children
        if p.dep_ == "prep" and p.lower_ == prep.lower_ and p.i < prep.i
    ]
    return [m for p in earlier for o in p.children if o.dep_ == "pobj" for m in (o, *o.conjuncts)]


def _listed_elsewhere(phrase: Sequence[Any], claim_acts: set[Act], ctx: VerifyContext) -> str | None:
    """Why a list member missing from the cited passages is added content, or None if it is not: the
    source never names it, or names it only in provisions of another act than the claim's ("committed
    to … defence" where the source only records defence among the subjects discussed)."""
    where = [p for p, k in ctx.provision_keys if any(_supported(t, k) for t in phrase)]
    if not where:
        return "not in the source"
    if claim_acts and not any(claim_acts & set(p.acts) for p in where):
        acts = sorted({a for p in where for a in p.acts})
        return f"in the source only as {' or '.join(acts)}, not as {' or '.join(sorted(claim_acts))}"
    return None


def added_content(doc: Any, evidence: Sequence[EvidenceSpan], ctx: VerifyContext, best: float) -> list[Issue]:
    """Content the evidence's paragraphs lack: an added list member, a framing modifier on a name.

    A list member counts as added when the source never names it, or names it only in provisions of
    another act than the claim's (a topic discussed, reported as a commitment). When the alignment is at
    least ``TRUSTED_EVIDENCE`` the cited paragraphs are taken to hold the whole story, and a member they
    lack is added too.
    """
    keys = ctx.paragraphs_of(evidence)
    claim_acts = acts_of(doc) - {"report"}
    party_keys = {word_key(w) for p in ctx.parties for w in p.split()}
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    subject = {
        t.i
        for c in (root.children if root is not None else ())
        if c.dep_ in {"nsubj", "nsubjpass"}
        for t in c.subtree
    }
    issues: list[Issue] = []
    comment = _comment_tokens(doc)
    seen: set[int] = set()
    for tok in doc:
        if tok.i in seen or tok.i in subject or tok.i in comment or word_key(tok.text) in party_keys:
            continue
        # (a) a conjunct that is new while a sibling conjunct is supported
        continued = _continued_list(tok)
        if (tok.dep_ == "conj" or continued) and is_content(tok):
            head = tok.head
            siblings = continued or [head, *[c for c in head.children if c.dep_ == "conj" and c is not tok]]
            phrase = [t for t in _own_subtree(tok) if is_content(t)] or [tok]
            if tok.head.dep_ in {"amod", "compound", "nmod"} and not _supported(tok.head.head, keys):
                phrase.append(tok.head.head)  # "banking and economic stabilisation": the shared head
            if any(_supported(t, keys) for t in phrase) or not any(
                _supported(s, keys) for s in siblings if is_content(s)
            ):
                continue
            reason = _listed_elsewhere(phrase, claim_acts, ctx)
            if reason is None and best >= TRUSTED_EVIDENCE:
                reason = "not in the cited passage"
            if reason is not None:
                span = doc[min(t.i for t in phrase) : max(t.i for t in phrase) + 1]
                seen.update(t.i for t in phrase)
                issues.append(Issue("added_content", span.text, reason, span.start_char, span.end_char))
        # (b) a modifier framing a supported named place or group
        if tok.pos_ == "PROPN" and tok.ent_type_ in {"GPE", "LOC", "NORP", "FAC"} and _supported(tok, keys):
            mods = [
                c
                for c in tok.children
                if c.dep_ in {"amod", "compound", "npadvmod"}
                and c.ent_type_ == ""
                and c.pos_ in {"ADJ", "VERB", "PROPN", "NOUN"}
            ]
            for m in mods:
                sub = [t for t in m.subtree if t.is_alpha]
                if sub and all(not _supported(t, keys) for t in sub):
                    span = doc[m.left_edge.i : m.right_edge.i + 1]
                    seen.update(t.i for t in span)
                    issues.append(
                        Issue(
                            "added_content",
                            span.text,
                            "framing not in the source",
                            span.start_char,
                            span.end_char,
                        )
                    )
    return issues


# --- substituted arguments ----------------------------------------------------------------------------

# Nouns of complex prepositions ("in line with", "in front of", "on behalf of"): no argument of their own.
_PREPOSITION_NOUNS = frozenset(
    "line accordance front behalf terms view spite light respect addition place case favour favor "
    "regard relation lieu wake course means account virtue part side".split()
)
_SLOT_DEPS = {"nsubj", "nsubjpass", "dobj", "attr", "compound", "amod", "nummod", "poss", "nmod", "npadvmod"}


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


def _phrase(tok: Any) -> str:
    """A filler with its name parts and modifiers: "major powers", "the international community" → "international community"."""
    parts = [c for c in tok.lefts if c.dep_ in {"compound", "amod", "nummod", "poss"}]
    words = [t for p in parts for t in p.subtree if t.is_alpha or t.like_num] + [tok]
    return " ".join(t.text for t in sorted(words, key=lambda t: t.i))


def _rivals(tok: Any, ev_docs: Sequence[Any]) -> list[Any]:
    """What fills, in the evidence, the slot ``tok`` fills in the claim (other words only)."""
    slot = _slot(tok)
    if slot is None:
        return []
    head, rel = slot
    hkey, key = word_key(head.text), word_key(tok.text)
    return [
        f
        for d in ev_docs
        for h in d
        if word_key(h.text) == hkey
        for f in _fillers(h, rel)
        if (f.is_alpha or f.like_num) and word_key(f.text) != key
    ]


def _alias_in(tok: Any, keys: set[str]) -> bool:
    """The evidence names ``tok``'s entity otherwise: another word of the same name, its initials
    ("Shanghai Cooperation Organization" → SCO), or the country of a capital ("Kabul" → Afghanistan)."""
    ent = next((e for e in tok.doc.ents if e.start <= tok.i < e.end), None)
    words = [t for t in ent if t.is_alpha] if ent is not None else [tok]
    if any(word_key(t.text) in keys for t in words):
        return True
    initials = "".join(t.text[0] for t in words if t.text[0].isupper()).lower()
    if len(initials) >= 2 and initials in keys:
        return True
    country = country_of(ent.text if ent is not None else tok.text)
    return country is not None and all(word_key(w) in keys for w in country.split())


def _is_name(tok: Any) -> bool:
    return tok.ent_type_ in _ENTITY_LABELS and tok.pos_ in {"PROPN", "ADJ"} and tok.is_alpha


def swap_issues(doc: Any, evidence: Sequence[EvidenceSpan], ctx: VerifyContext) -> list[Issue]:
    """Words filling a slot that the evidence fills with something else.

    - a name or a number the evidence does not have, where the evidence has another name or number in
      the same slot ("fell from a Melbourne clifftop" for "a Sydney clifftop", "30 years ago" for "35
      years ago"): ``entity_substitution`` / ``number_mismatch``;
    - a noun the whole source never uses, where the evidence's filler and every noun of the evidence are
      unlike it (embedding similarity below ``SWAP_SIMILARITY``): "work with major powers" for "work
      with the international community" is ``added_content``; "citizens" for "personnel" stays a
      paraphrase. Only with an embedding model (``ctx.similarity``).
    """
    if not evidence:
        return []
    ev_docs = _evidence_docs(evidence, ctx)
    if not ev_docs:
        return []
    party_keys = {word_key(w) for p in ctx.parties for w in p.split()}
    ev_keys = {word_key(t.text) for d in ev_docs for t in d}
    issues: list[Issue] = []
    comment = _comment_tokens(doc)
    for tok in doc:
        if tok.i in comment or word_key(tok.text) in party_keys:
            continue
        span = (tok.idx, tok.idx + len(tok.text))
        if tok.like_num or _is_name(tok):
            if word_key(tok.text) in ev_keys or (not tok.like_num and _alias_in(tok, ev_keys)):
                continue
            numeric = tok.like_num
            rivals = [
                f
                for f in _rivals(tok, ev_docs)
                if (f.like_num if numeric else _is_name(f) and f.ent_type_ == tok.ent_type_)
            ]
            if rivals:
                kind = "number_mismatch" if numeric else "entity_substitution"
                issues.append(Issue(kind, tok.text, f"source: {rivals[0].text}", *span))
            continue
        if ctx.similarity is None or tok.pos_ not in {"NOUN", "PROPN"} or tok.is_stop or not tok.is_alpha:
            continue
        if tok.lower_ in _PREPOSITION_NOUNS or _supported(tok, ctx.source_keys):
            continue
        rivals = _rivals(tok, ev_docs)
        if not rivals:
            continue
        mine = _phrase(tok)
        best, rival = max(((ctx.similarity(mine, _phrase(f)), f) for f in rivals), key=lambda x: x[0])
        if best >= SWAP_SIMILARITY:
            continue
        # the same thing may stand in another slot of the evidence ("prevent Afghan soil from being used"
        # for "prevent terrorist organizations from using the Afghan territory")
        nouns = {_phrase(t) for d in ev_docs for t in d if t.pos_ in {"NOUN", "PROPN"} and not t.is_stop}
        if all(ctx.similarity(mine, n) < SWAP_SIMILARITY for n in nouns):
            kind = "entity_substitution" if tok.ent_type_ in _ENTITY_LABELS else "added_content"
            first = min(
                [tok.i, *(c.left_edge.i for c in tok.lefts if c.dep_ in {"compound", "amod", "nummod"})]
            )
            start = doc[first].idx
            issues.append(Issue(kind, doc.text[start : span[1]], f"source: {_phrase(rival)}", start, span[1]))
    return issues


# --- the verdict ------------------------------------------------------------------------------------------


def _quote_issue(q: QuoteCheck) -> Issue | None:
    if q.status == "altered":
        src = q.closest.text if q.closest else ""
        return Issue("quote_altered", q.text, f"source: {src}", q.start, q.end)
    if q.status == "not_found":
        return Issue("quote_not_found", q.text, "no close passage in the source", q.start, q.end)
    return None


_CONTRADICTING = (
    "number_mismatch",
    "date_mismatch",
    "entity_substitution",
    "actor_changed",
    "polarity_flipped",
)


def _added(issue: Issue) -> str:
    """One added element in words: “intelligence” is not in the source; “major powers” stands where the
    source says “international community”; “defence” is in the source only as report, not as commitment."""
    d = issue.detail
    if d.startswith("source: "):
        return f"“{issue.text}” stands where the source says “{d[8:]}”"
    if d.startswith("in the source only"):
        return f"“{issue.text}” is {d}"
    if d == "not in the cited passage":
        return f"“{issue.text}” is not in the passage reported"
    if d.startswith("framing"):
        return f"“{issue.text}” is framing the source does not use"
    return f"“{issue.text}” is not in the source"


def explain(verdict: Verdict | None, issues: Sequence[Issue], quotes: Sequence[QuoteCheck]) -> str | None:
    """One line a journalist can act on, for flagged sentences."""
    if verdict == "misquote":
        q = next(q for q in quotes if q.status == "altered")
        src = q.closest.text if q.closest else ""
        return f"The quoted words are not in the communiqué, which says “{src}”."
    if verdict == "unsupported":
        return "No passage of the source supports this sentence."
    if verdict == "contradicted":
        i = next((i for i in issues if i.type in _CONTRADICTING), None)
        if i is None:
            return "The source says otherwise."
        return f"The source says otherwise: “{i.text}” — {i.detail}."
    if verdict == "partial":
        added = [i for i in issues if i.type == "added_content"]
        if added:
            return "Mostly supported, but " + "; ".join(_added(i) for i in added) + "."
        return "Mostly supported, but an element is not in the source."
    return None


def _new(issues: Sequence[Issue], found: Sequence[Issue], kind: str) -> list[Issue]:
    """Those ``issues`` of type ``kind`` about words no issue in ``found`` already names."""
    named = {w for i in found for w in i.text.split()}
    return [i for i in issues if i.type == kind and not set(i.text.split()) & named]


def verify_sentence(
    sentence: Sentence,
    candidates: Sequence[Candidate],
    evidence: Sequence[Candidate],
    ctx: VerifyContext,
    doc: Any = None,
) -> SentenceCheck:
    """The check of one article sentence given its ranked candidates, chosen evidence and parse."""
    best = candidates[0].score if candidates else 0.0
    kind = decide_kind(sentence, best)
    quotes = tuple(
        QuoteCheck(q.text, q.start + sentence.start, q.end + sentence.start, q.status, q.closest, q.diff)
        for q in (ctx.quotes.check(q) for q in find_quotes(sentence.text))
    )
    if kind != "claim":
        return SentenceCheck(sentence=sentence, kind=kind, quotes=quotes, score=round(best, 4))
    issues: list[Issue] = [i for i in (_quote_issue(q) for q in quotes) if i is not None]
    ev: tuple[EvidenceSpan, ...] = tuple(c.as_evidence() for c in evidence)
    verdict: Verdict
    if any(q.status == "altered" for q in quotes):
        verdict = "misquote"
    elif best < ctx.options.min_support:
        verdict = "unsupported"
    else:
        found = number_issues(sentence.text, quotes, ctx)
        swaps = swap_issues(doc, ev, ctx) if doc is not None else []
        if doc is not None:
            found += entity_issues(doc, ev, ctx) + actor_issues(doc, ev, ctx) + polarity_issues(doc, ev, ctx)
            found += _new(swaps, found, "entity_substitution") + _new(swaps, found, "number_mismatch")
        if found:
            verdict = "contradicted"
        else:
            found = added_content(doc, ev, ctx, best) if doc is not None else []
            found += _new(swaps, found, "added_content")
            verdict = "partial" if found else "supported"
        issues += found
        issues += modality_issues(sentence.text, ev)
    # issue offsets from the parse are sentence-relative: make them article offsets
    issues = [
        Issue(i.type, i.text, i.detail, i.start + sentence.start, i.end + sentence.start)
        if i.start is not None and i.end is not None and i.type not in {"quote_altered", "quote_not_found"}
        else i
        for i in issues
    ]
    return SentenceCheck(
        sentence=sentence,
        kind=kind,
        verdict=verdict,
        evidence=ev,
        quotes=quotes,
        issues=tuple(issues),
        explanation=explain(verdict, issues, quotes),
        score=round(best, 4),
    )
