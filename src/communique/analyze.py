"""Analyze: the provisions of a statement — who acts, the speech act, topics, entities, deadlines.

A provision is a source sentence, or a clause of one where a sentence joins
two acts with a conjoined verb ("reiterated their commitment … and agreed to
…"). Acts come from the parse: the clause's governing verb, its object and
complement, and modality; a documented verb lexicon (``ACT_LEXICON``, also in
docs/analyze.md) maps verbs to acts. Actors are the clause's subject mapped to
the statement's parties ("the two sides" → ``both``). Deadlines are normalised
against the statement's date ("next year" after a 2026 meeting → 2027-12-31).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from .gazetteer import CAPITALS, short_country
from .models import ACTS, Act, Entity, Provision, Segmented
from .textnorm import word_key

# --- the lexicon ----------------------------------------------------------------------------------------

#: Governing verb lemma → act. "agree" is a commitment with a to-infinitive and a position with a that-clause.
ACT_LEXICON: dict[str, Act] = {
    **dict.fromkeys(
        (
            "agree pledge commit decide resolve vow undertake promise announce launch implement "
            "continue establish sign"
        ).split(),
        "commitment",
    ),
    **dict.fromkeys(
        (
            "reiterate reaffirm affirm emphasize emphasise stress underline underscore support oppose "
            "believe hold consider maintain note welcome reject condemn share insist recall "
            "acknowledge"
        ).split(),
        "position",
    ),
    **dict.fromkeys(["call", "urge", "demand", "ask", "appeal", "request", "press"], "call"),
    **dict.fromkeys(
        (
            "commend congratulate appreciate thank praise laud hail recognize recognise applaud salute admire"
        ).split(),
        "appreciation",
    ),
    **dict.fromkeys(
        ("visit chair co-chair meet discuss brief exchange attend receive review travel inform").split(),
        "report",
    ),
}
#: Objects that turn "express"/"reaffirm"/"reiterate"… into an act: "expressed readiness to" is a commitment.
OBJECT_ACTS: dict[str, Act] = {
    **dict.fromkeys(["readiness", "willingness", "determination", "resolve", "intention"], "commitment"),
    **dict.fromkeys(
        ["support", "opposition", "concern", "hope", "view", "position", "stance", "belief", "conviction"],
        "position",
    ),
    **dict.fromkeys(
        ["satisfaction", "appreciation", "gratitude", "thanks", "congratulations", "admiration"],
        "appreciation",
    ),
    **dict.fromkeys(
        [
            "exchange",
            "talks",
            "meeting",
            "discussion",
            "discussions",
            "consultation",
            "consultations",
            "round",
            "dialogue",
            "session",
            "summit",
            "conference",
        ],
        "report",
    ),
}
_FUTURE_MODALS = {"will", "shall"}

# --- topics ---------------------------------------------------------------------------------------------

#: A small, documented topic vocabulary: topic → stems that signal it (matched on lower-cased words).
TOPICS: dict[str, tuple[str, ...]] = {
    "security-counter-terrorism": (
        "terroris",
        "counter-terror",
        "militan",
        "extremis",
        "security coop",
        "zero tolerance",
        "safety of",
    ),
    "afghanistan": ("afghan", "kabul", "taliban"),
    "economic-corridor": ("economic corridor", "cpec", "belt and road", "gwadar", "karakoram"),
    "trade-investment": ("trade", "investment", "market access", "export", "imports", "importing", "tariff"),
    "finance": ("financ", "bank", "fiscal", "currency", "debt", "loan", "monetary"),
    "connectivity": (
        "connectivity",
        "highway",
        "railway",
        "port",
        "mountain pass",
        "khunjerab",
        "transport",
        "road",
        "rail",
        "shipping",
    ),
    "science-space": (
        "space",
        "astronaut",
        "satellite",
        "science and technology",
        "information technology",
        "cybersecurity",
        "digital",
    ),
    "sovereignty-core-interests": (
        "sovereignty",
        "territorial integrity",
        "core interests",
        "one-china",
        "taiwan",
        "xinjiang",
        "xizang",
        "tibet",
        "hong kong",
        "reunification",
        "independence",
    ),
    "regional-disputes": ("kashmir", "dispute", "south china sea", "south asia", "border"),
    "multilateral-order": (
        "united nations",
        "u.n.",
        " un ",
        "charter",
        "multilateral",
        "shanghai cooperation",
        "sco",
        "global governance",
        "international law",
        "hegemon",
        "bloc",
        "world war",
        "international order",
        "global development initiative",
        "global security initiative",
        "global civilization initiative",
    ),
    "middle-east": ("gaza", "palestin", "west bank", "middle east", "israel"),
    "water": ("water",),
    "people-to-people": (
        "people-to-people",
        "cultural",
        "education",
        "vocational",
        "exchanges between",
        "friendship",
        "anniversary",
        "tourism",
        "youth",
    ),
    "diplomatic-calendar": (
        "next round",
        "visit",
        "dialogue",
        "co-chaired",
        "invitation",
        "hospitality",
        "high-level exchanges",
        "strategic communication",
    ),
    "development": (
        "development",
        "modernization",
        "poverty",
        "five-year plan",
        "economic growth",
        "prosperity",
        "industry",
        "agriculture",
        "mining",
    ),
}

# --- entities: spaCy NER plus rules for initiatives, documents and mechanisms ---------------------------

_CAP = r"(?:[A-Z][\w’'.-]*|of|the|and|for|on|in|with|a)"
_NAMED_THING = re.compile(
    r"\b((?:the\s+)?(?:[A-Z][\w’'-]*\s+)(?:" + _CAP + r"\s+){0,10}?"
    r"(?:Initiative|Declaration|Proclamation|Charter|Plan|Agreement|Treaty|Convention|Protocol|Dialogue|"
    r"Mechanism|Corridor|Organization|Organisation|Council|Forum|Framework|Strategy|Program|Programme)"
    r"(?:\s+\([A-Z][A-Za-z\-]{1,15}\))?)"
)
_MECHANISM = re.compile(
    r"\b([A-Z][\w-]*(?:-[A-Z][\w]*)+\s+(?:[a-z]+\s+){0,2}(?:mechanism|dialogue|"
    r"framework|partnership|corridor|cooperation))\b"
)


def find_entities(
    text: str, offset: int, doc: Any, window: tuple[int, int] | None = None
) -> tuple[Entity, ...]:
    """Entities of ``text`` (which starts at ``offset`` in the document): rule-matched initiatives,
    documents and mechanisms first, then spaCy's named entities of ``doc`` (a parse of ``text``, or of
    the sentence around it, in which case ``window`` is the clause's character range in ``doc``)."""
    ents: list[Entity] = []
    for m in _NAMED_THING.finditer(text):
        s = m.start(1) + (4 if m.group(1).lower().startswith("the ") else 0)
        ents.append(Entity(text[s : m.end(1)], "WORK_OR_MECHANISM", offset + s, offset + m.end(1)))
    for m in _MECHANISM.finditer(text):
        ents.append(Entity(m.group(1), "WORK_OR_MECHANISM", offset + m.start(1), offset + m.end(1)))
    taken = [(e.start, e.end) for e in ents]
    lo, hi = window or (0, len(text))
    for e in getattr(doc, "ents", ()):
        if e.label_ in {"CARDINAL", "ORDINAL", "QUANTITY", "PERCENT"}:
            continue
        if e.start_char < lo or e.end_char > hi:
            continue
        s, t = offset - lo + e.start_char, offset - lo + e.end_char
        if any(a < t and s < b for a, b in taken):
            continue
        ents.append(Entity(e.text, e.label_, s, t))
    ents.sort(key=lambda e: (e.start, -e.end))
    out: list[Entity] = []
    for e in ents:
        if out and e.start < out[-1].end:
            continue
        out.append(e)
    return tuple(out)


def _cue_pattern(cue: str) -> re.Pattern[str]:
    # A cue matches from a word's start; a short cue must be the whole word ("port", not "support");
    # a longer one may be a stem ("terroris" → terrorism, terrorist).
    tail = r"\w*" if len(cue) >= 6 else r"s?\b"
    return re.compile(r"(?<![\w-])" + re.escape(cue.strip()) + tail)


_TOPIC_PATTERNS = {t: [_cue_pattern(c) for c in cues] for t, cues in TOPICS.items()}


def topics_of(text: str) -> tuple[str, ...]:
    """Topics of a text from the ``TOPICS`` vocabulary."""
    low = text.lower()
    return tuple(t for t, pats in _TOPIC_PATTERNS.items() if any(p.search(low) for p in pats))


# --- deadlines ------------------------------------------------------------------------------------------

_YEAR = r"((?:19|20)\d{2})"
_RANGE = re.compile(
    r"\(?\b"
    + _YEAR
    + r"\s*[-–—]\s*"
    + _YEAR
    + r"\b\)?|\bfrom\s+"
    + _YEAR
    + r"\s+(?:to|until|till)\s+"
    + _YEAR
)
_BY_YEAR = re.compile(
    r"\b(?:in|by|before|until|during|within|throughout)\s+(?:the\s+year\s+)?" + _YEAR + r"\b"
)
_RELATIVE = re.compile(
    r"\b(next year|this year|the coming year|within (?:the next )?(one|two|three|four|five|"
    r"\d+) years?)\b",
    re.IGNORECASE,
)
_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5}


def deadline_of(text: str, statement_year: int | None) -> str | None:
    """The end date a clause fixes, as YYYY-12-31: a year range's end, "in 2026", "next year"."""
    years: list[int] = []
    for m in _RANGE.finditer(text):
        a, b = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        years.append(max(int(a), int(b)))
    for m in _BY_YEAR.finditer(text):
        years.append(int(m.group(1)))
    if statement_year:
        for m in _RELATIVE.finditer(text):
            phrase = m.group(1).lower()
            if phrase == "next year" or phrase == "the coming year":
                years.append(statement_year + 1)
            elif phrase == "this year":
                years.append(statement_year)
            elif m.group(2):
                n = _NUMBERS.get(m.group(2).lower()) or int(m.group(2))
                years.append(statement_year + n)
    return f"{max(years)}-12-31" if years else None


# --- actors ---------------------------------------------------------------------------------------------

_IRREGULAR_DEMONYMS = {
    "french": "France",
    "british": "United Kingdom",
    "dutch": "Netherlands",
    "swiss": "Switzerland",
    "turkish": "Turkey",
    "greek": "Greece",
    "thai": "Thailand",
    "filipino": "Philippines",
    "afghan": "Afghanistan",
    "emirati": "United Arab Emirates",
    "saudi": "Saudi Arabia",
    "american": "United States",
    "us": "United States",
}
_BOTH = re.compile(
    r"\b(two sides|both sides|both|two countries|two governments|two leaders|two ministers|"
    r"two parties|two nations|they|we|the parties|the sides)\b",
    re.IGNORECASE,
)


def parties_of(docs: Iterable[Any], given: Sequence[str] | None = None) -> tuple[str, ...]:
    """The statement's parties: given (a manifest's issued_by), else its two most named countries."""
    if given:
        return tuple(given)
    counts: Counter[str] = Counter()
    for doc in docs:
        counts.update(short_country(e.text) for e in doc.ents if e.label_ == "GPE")
    return tuple(name for name, _ in counts.most_common(2))


def _party_in(text: str, parties: Sequence[str]) -> list[str]:
    low = text.lower()
    found = []
    for p in parties:
        pl = p.lower()
        stem = pl[: max(4, len(pl) - 2)]
        if re.search(r"\b" + re.escape(pl) + r"\b", low) or re.search(r"\b" + re.escape(stem) + r"\w*", low):
            found.append(p)
            continue
        if any(v == p and re.search(r"\b" + k + r"\b", low) for k, v in _IRREGULAR_DEMONYMS.items()):
            found.append(p)
    return found


def actor_of(subject: str | None, parties: Sequence[str], *, people: int = 0) -> str:
    """``both``, a party's name, or ``other`` for a subject; ``people``: how many persons it names."""
    if not subject:
        return "both" if len(parties) >= 2 else (parties[0] if parties else "other")
    if _BOTH.search(subject):
        return "both"
    capitals = [c for name, c in CAPITALS.items() if re.search(r"\b" + re.escape(name) + r"\b", subject)]
    found = sorted(set(_party_in(subject, parties)) | {c for c in capitals if c in parties})
    if len(found) >= 2:
        return "both"
    if found:
        return found[0]
    if people >= 2 and len(parties) >= 2:
        return "both"  # "H.E. Wang Yi and H.E. Mohammad Ishaq Dar co-chaired"
    return "other"


def _subject(verb: Any) -> Any:
    """The span that names who acts: the active subject, a passive's "by" agent, or — when the parse
    lost the subject inside a long opening phrase — the last name before the verb with its apposition.
    None when no actor is named (an agentless passive: the statement's issuers act)."""
    for c in verb.children:
        if c.dep_ in {"nsubj", "csubj"}:
            return verb.doc[c.left_edge.i : c.right_edge.i + 1]
        if c.dep_ == "nsubjpass":
            agent = next((a for a in verb.children if a.dep_ == "agent"), None)
            return verb.doc[agent.i + 1 : agent.right_edge.i + 1] if agent is not None else None
    if verb.dep_ == "conj" and verb.head is not verb:
        head = verb.head
        while head.dep_ in {"xcomp", "ccomp", "advcl", "conj"} and head.head is not head:
            head = head.head  # a lifted clause's subject is the main clause's
        return _subject(head)
    doc = verb.doc
    names = [e for e in doc.ents if e.end <= verb.i and e.label_ in {"PERSON", "GPE", "NORP", "ORG"}]
    if verb.dep_ == "ROOT" and names:
        start = names[-1].start
        # walk back over the name's titles ("H.E.") to the previous comma
        while start > 0 and doc[start - 1].text not in {",", ";", "(", ")"}:
            start -= 1
        end = verb.i
        while end > start and doc[end - 1].is_punct:
            end -= 1
        return doc[start:end] if end > start else None
    return None


def _people(span: Any) -> int:
    return sum(1 for e in span.ents if e.label_ == "PERSON") if span is not None else 0


#: Words of news framing rather than content: "the statement said on Monday".
NEWS_FRAME = frozenset(
    (
        "statement communiqué communique joint text document report reports said says say added adds "
        "read reads according monday tuesday wednesday thursday friday saturday sunday today "
        "yesterday week"
    ).split()
)


def is_content(tok: Any) -> bool:
    """A token that carries what a sentence reports: a noun, name or adjective, not a stop word or framing."""
    return tok.pos_ in {"NOUN", "PROPN", "ADJ"} and not tok.is_stop and tok.lower_ not in NEWS_FRAME


def content_terms(doc: Any) -> list[str]:
    """Word keys of a parsed sentence's content tokens, in order (see ``textnorm.word_key``)."""
    return [word_key(t.text) for t in doc if is_content(t)]


def list_terms(doc: Any) -> list[str]:
    """Word keys of the members of coordinated lists outside the subject: "cooperation in industry,
    agriculture and mining" gives industry, agriculture, mining."""
    subject = {
        i for t in doc if t.dep_ in {"nsubj", "nsubjpass"} for i in range(t.left_edge.i, t.right_edge.i + 1)
    }
    members = [
        t
        for t in doc
        if is_content(t)
        and t.is_alpha
        and len(t) > 2
        and t.i not in subject
        and (t.dep_ == "conj" or any(c.dep_ == "conj" and is_content(c) for c in t.children))
    ]
    return [word_key(t.text) for t in members]


def acts_of(doc: Any) -> set[Act]:
    """Speech acts of a parsed sentence's main clause."""
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    return acts_of_verb(root) if root is not None else set()


# --- clauses and acts -----------------------------------------------------------------------------------


def claim_actor(doc: Any, parties: Sequence[str]) -> str | None:
    """Who acts in a sentence's main clause, when its active subject names a party or both; else None."""
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is None:
        return None
    subj = next((c for c in root.children if c.dep_ == "nsubj"), None)
    if subj is None or subj.i > root.i:
        return None
    span = doc[subj.left_edge.i : subj.right_edge.i + 1]
    actor = actor_of(str(span.text), parties, people=_people(span))
    return actor if actor in {"both", *parties} else None


def acts_of_verb(verb: Any) -> set[Act]:
    lemma = verb.lemma_.lower()
    acts: set[Act] = set()
    children = list(verb.children)
    xcomp = any(c.dep_ == "xcomp" for c in children)
    ccomp = [c for c in children if c.dep_ == "ccomp"]
    objs = [c for c in children if c.dep_ in {"dobj", "attr", "oprd"}]
    preps = {c.lower_ for c in children if c.dep_ == "prep"}
    passive = any(c.dep_ in {"nsubjpass", "auxpass"} for c in children)
    if lemma == "speak" and any(c.lower_ == "highly" for c in children):
        return {"appreciation"}
    if lemma == "agree":
        acts.add("position" if ccomp and not xcomp else "commitment")
    elif lemma in {"have", "hold"} and any(
        o.lemma_.lower() in OBJECT_ACTS and OBJECT_ACTS[o.lemma_.lower()] == "report" for o in objs
    ):
        acts.add("report")
    elif lemma in ACT_LEXICON:
        acts.add(ACT_LEXICON[lemma])
    for o in objs:
        ol = o.lemma_.lower()
        # "had an exchange of views" is handled above; an object never makes a report of a stance verb,
        # nor a stance of a report ("exchanged views on …")
        if (
            ol in OBJECT_ACTS
            and OBJECT_ACTS[ol] != "report"
            and lemma not in {"call", "urge"}
            and ACT_LEXICON.get(lemma) != "report"
        ):
            act = OBJECT_ACTS[ol]
            if lemma in {"express", "reaffirm", "reiterate", "voice", "convey", "extend", "affirm"}:
                acts.discard("position")
            acts.add(act)
        if ol == "commitment":
            # "commitment to combating terrorism" binds to action; "commitment to the principles" is a stance.
            acts.add("position")
            if any(t.tag_ == "VBG" and t.dep_ == "pcomp" for t in o.subtree):
                acts.add("commitment")
    if lemma == "call" and objs and not preps & {"on", "for", "upon"}:
        acts.discard("call")  # "called it a success" is no call on anyone
    if any(c.dep_ == "aux" and c.lower_ in _FUTURE_MODALS for c in children):
        acts.add("commitment")
    for c in ccomp:
        if any(t.dep_ == "aux" and t.lower_ in _FUTURE_MODALS for t in c.children):
            acts.add("commitment")
    if passive and lemma in {"discuss", "review", "brief", "exchange"}:
        acts = {"report"}
    for c in children:
        if c.dep_ == "advcl" and c.lemma_.lower() in {"call", "urge"}:
            acts.add("call")
    return acts


def _clause_heads(doc: Any) -> list[Any]:
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is None:
        return []
    heads = [root]
    for c in root.children:
        if c.dep_ == "conj" and c.pos_ in {"VERB", "AUX"}:
            heads.append(c)
    # "agreed to build X and reaffirmed Y": a finite verb conjoined to an infinitive is a main clause
    for t in doc:
        if (
            t.dep_ == "conj"
            and t.tag_ in {"VBD", "VBZ", "VBP"}
            and t.head.tag_ in {"VB", "VBG"}
            and t.head.dep_ in {"xcomp", "ccomp", "advcl"}
            and t not in heads
        ):
            heads.append(t)
    return sorted(heads, key=lambda t: t.i)


def clause_spans(doc: Any) -> list[tuple[int, int]]:
    """Character spans of a parsed sentence's clauses (one span when it has a single clause)."""
    return [(s, e) for s, e, _ in _clauses(doc)]


def _clauses(doc: Any) -> list[tuple[int, int, Any]]:
    """(start_char, end_char, head) for each clause of a parsed sentence."""
    heads = _clause_heads(doc)
    end = len(doc.text.rstrip())  # a parse cut from a longer text keeps the last token's trailing space
    if len(heads) <= 1:
        return [(0, end, heads[0] if heads else None)]
    cuts = [0] + [h.left_edge.idx for h in heads[1:]] + [end]
    out = []
    for k, h in enumerate(heads):
        s, e = cuts[k], cuts[k + 1]
        chunk = doc.text[s:e]
        trimmed = re.sub(r"[\s,;]*(?:\band\b|\bbut\b|\bas well as\b)?[\s,;]*$", "", chunk)
        out.append((s, s + len(trimmed), h))
    return out


def parse_sentences(source: Segmented, nlp: Any) -> dict[int, Any]:
    """spaCy parses of the statement's sentences (not headings or embeds), by sentence index: the
    segmenter's where it kept them, else parsed now."""
    sents = [s for s in source.sentences if s.kind not in {"heading", "embed", "boilerplate"}]
    missing = [s for s in sents if s.index not in source.parses]
    fresh = dict(zip([s.index for s in missing], nlp.pipe([x.text for x in missing]), strict=True))
    return {s.index: source.parses.get(s.index) or fresh[s.index] for s in sents}


def analyze(
    source: Segmented,
    nlp: Any,
    *,
    parties: Sequence[str] | None = None,
    docs: dict[int, Any] | None = None,
) -> tuple[Provision, ...]:
    """Provisions of a statement, one per clause of each sentence that is not a heading or embed.

    ``docs`` are parses from ``parse_sentences`` when the caller has them already.
    """
    docs = docs if docs is not None else parse_sentences(source, nlp)
    sents = [s for s in source.sentences if s.index in docs]
    if not sents:
        return ()
    who = parties_of(list(docs.values())[:60], parties)
    year = (
        int(source.document.date[:4]) if source.document.date and source.document.date[:4].isdigit() else None
    )
    provisions: list[Provision] = []
    for s in sents:
        doc = docs[s.index]
        # (start, end, acts, actor) per clause; neighbouring clauses with the same acts and actor are one
        # provision ("will act on…, implement…, and keep…" is one commitment with three actions).
        parts: list[tuple[int, int, set[Act], str]] = []
        for cs, ce, head in _clauses(doc):
            if not s.text[cs:ce].strip():
                continue
            acts = (acts_of_verb(head) if head is not None else set()) or {"position"}
            subj = _subject(head) if head is not None else None
            actor = actor_of(str(subj.text) if subj is not None else None, who, people=_people(subj))
            if parts and parts[-1][2] == acts and parts[-1][3] == actor:
                parts[-1] = (parts[-1][0], ce, acts, actor)
            else:
                parts.append((cs, ce, acts, actor))
        for cs, ce, acts, actor in parts:
            text = s.text[cs:ce]
            ordered = tuple(a for a in ACTS if a in acts)
            provisions.append(
                Provision(
                    id=f"p{len(provisions) + 1}",
                    start=s.start + cs,
                    end=s.start + ce,
                    text=text,
                    paragraph=s.paragraph,
                    actor=actor,
                    acts=ordered,
                    topics=topics_of(text),
                    entities=find_entities(text, s.start + cs, doc, (cs, ce)),
                    deadline=deadline_of(text, year) if "commitment" in acts else None,
                )
            )
    return tuple(provisions)


def acts_count(provisions: Iterable[Provision]) -> Counter[str]:
    return Counter(a for p in provisions for a in p.acts)
