"""Analyze: the provisions of a statement — who acts, the speech act, topics, entities, deadlines.

A provision is a source sentence, or a clause of one where a sentence joins
two acts with a conjoined verb ("reiterated their commitment … and agreed to
…"). Acts come from the parse: the clause's governing verb, its object and
complement, and modality; a documented verb lexicon (``ACT_LEXICON``, also in
docs/analyze.md) maps verbs to acts. Actors are the clause's subject read with
the statement's frame (``frame.py``: "the two sides", "the leaders" → ``both``). Deadlines are normalised
against the statement's date ("next year" after a 2026 meeting → 2027-12-31).
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import Any

# who speaks and who acts are read in frame.py; its names other modules import from here stay here
from .frame import Frame as Frame
from .frame import _people, _places, frame_actor, frame_of
from .frame import actor_of as actor_of
from .frame import joint as joint
from .frame import parties_of as parties_of
from .frame import title_parties as title_parties
from .gazetteer import short_country as short_country
from .models import ACTS, Act, Entity, Provision, Segmented
from .segment import main_root
from .textnorm import word_key
from .timex import deadline_of, parse_date
from .topics import topics_of_many

# --- the lexicon ----------------------------------------------------------------------------------------

#: Governing verb lemma → act. "agree" is a commitment with a to-infinitive and a position with a that-clause.
ACT_LEXICON: dict[str, Act] = {
    **dict.fromkeys(
        (
            "agree pledge commit recommit decide resolve vow undertake promise announce launch implement "
            "continue establish sign"
        ).split(),
        "commitment",
    ),
    **dict.fromkeys(
        (
            "reiterate reaffirm affirm emphasize emphasise stress underline underscore support oppose "
            "believe hold consider maintain note reject condemn share insist recall "
            "acknowledge confirm"
        ).split(),
        "position",
    ),
    **dict.fromkeys(
        "call urge demand ask appeal request press encourage invite instruct task direct".split(), "call"
    ),
    **dict.fromkeys(
        (
            "commend congratulate appreciate thank praise laud hail recognize recognise applaud salute admire "
            "welcome"
        ).split(),
        "appreciation",
    ),
    **dict.fromkeys(
        (
            "visit chair co-chair meet discuss brief exchange attend receive review travel inform head lead "
            "join address convene participate"
        ).split(),
        "report",
    ),
}
#: Objects that turn "express"/"reaffirm"/"reiterate"… into an act: "expressed readiness to" is a commitment.
OBJECT_ACTS: dict[str, Act] = {
    **dict.fromkeys(["readiness", "willingness", "determination", "resolve", "intention"], "commitment"),
    **dict.fromkeys(
        [
            "support",
            "opposition",
            "concern",
            "hope",
            "desire",
            "wish",
            "aspiration",
            "view",
            "position",
            "stance",
            "belief",
            "conviction",
        ],
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
            "call",
            "conversation",
            "session",
            "summit",
            "conference",
        ],
        "report",
    ),
}
_FUTURE_MODALS = {"will", "shall"}
#: Verbs of intent: with a to-infinitive they bind the speaker ("intend to expand", "seek to adapt");
#: without one they state a stance ("strive for a region that is free").
INTENT_VERBS = frozenset("intend plan aim seek strive expect".split())
#: Predicate adjectives that bind the subject to a to-infinitive or "to" + action: "are committed to
#: leveraging", "are prepared to present", "stand ready to".
BOUND_ADJECTIVES = frozenset("committed prepared ready willing determined resolved poised".split())
#: Nouns of a stance that binds to action when a to-infinitive follows: "their commitment to combat".
BINDING_NOUNS = frozenset("commitment keenness effort efforts resolve pledge".split())
#: Of these, the ones that bind only the speaker's own ("their joint effort to fight", not "China's efforts").
_OWN_ONLY = frozenset({"effort", "efforts"})
#: "It is time to …", "The time has come to …", "There is no time to waste": a call on those who must act.
_TIME_TO = re.compile(
    r"^\W*(?:\d+\.\s*)?(?:it is (?:now |high )?time (?:to|for)|the time has come (?:to|for)|"
    r"there is no (?:further |more )?time to)\b",
    re.IGNORECASE,
)

# --- modality: how firmly a provision binds ----------------------------------------------------------

# Modality levels, weakest first: what a sentence says will happen, how firmly.
MODALITY_LEVELS: tuple[tuple[str, ...], ...] = (
    # 0: possibility, intention to consider, hope
    ("could", "may", "might", "explore", "consider", "study", "discuss", "hope", "aim", "seek", "expect",
     "envisage", "intend", "plan", "propose", "examine", "look", "explore"),
    # 1: obligation stated, readiness, work towards
    ("should", "ready", "readiness", "willingness", "work", "encourage", "strive", "endeavour", "endeavor"),
    # 2: decision and commitment
    ("will", "would", "shall", "must", "agree", "commit", "pledge", "vow", "decide", "undertake", "promise",
     "resolve", "guarantee", "ensure"),
)  # fmt: skip
_LEVEL = {w: i for i, words in enumerate(MODALITY_LEVELS) for w in words}


def own_level(verb: Any) -> int | None:
    cues = [
        _LEVEL[w]
        for w in (verb.lemma_.lower(), *(c.lower_ for c in verb.children if c.dep_ in {"aux", "acomp"}))
        if w in _LEVEL
    ]
    return max(cues) if cues else None


def chain_level(verb: Any) -> int | None:
    """The modality level of ``verb``: that of the innermost verb of its to-infinitive chain that has
    one ("agreed to explore" is as firm as "explore"), None when none gives one."""
    levels = []
    while verb is not None:
        lvl = own_level(verb)
        if lvl is not None:
            levels.append(lvl)
        verb = next((c for c in verb.children if c.dep_ == "xcomp" and c.pos_ in {"VERB", "AUX"}), None)
    return min(levels) if levels else None


#: How firmly a commitment binds, weakest first, by its modality level; a condition overrides the level.
MODALITIES: tuple[str, ...] = ("intended", "qualified", "firm")
#: Subordinators that put a condition on the clause they open ("if the talks succeed", "unless …").
_CONDITION_MARKS = frozenset("if unless once provided providing".split())
_CONDITION_PHRASE = re.compile(
    r"\b(?:subject to|provided that|providing that|on (?:the )?condition that|as long as|in the event that|"
    r"conditional (?:up)?on|contingent (?:up)?on)\b",
    re.IGNORECASE,
)
#: Objects of "express", "reaffirm" … that state how firmly: "expressed their intention to", "readiness to".
_OBJECT_LEVEL = {"intention": 0, "intent": 0, "hope": 0, "wish": 0, "desire": 0, "plan": 0, "plans": 0,
                 "readiness": 1, "willingness": 1, "determination": 2, "resolve": 2, "commitment": 2}  # fmt: skip


def modality_of(head: Any, text: str) -> str:
    """How firmly a commitment clause binds: ``conditional`` (an if/unless clause or "subject to" on it),
    ``intended`` ("intend to", "aim to", "plan to", "will explore", "expressed the hope to"),
    ``qualified`` (readiness and effort: "ready to", "willing to", "work towards", "should") or ``firm``
    ("will", "agreed to", "committed to", and a commitment with no cue). The level is that of the innermost
    verb of the to-infinitive chain that gives one, so "agreed to explore" is intended, and a verb's own
    word counts before its auxiliaries ("will work towards" is qualified)."""
    if _CONDITION_PHRASE.search(text):
        return "conditional"
    if head is None:
        return "firm"
    for t in head.subtree:
        if t.dep_ == "mark" and t.lower_ in _CONDITION_MARKS and t.head.dep_ == "advcl":
            return "conditional"
    levels = []
    verb = head
    while verb is not None:
        # the verb's own word before its auxiliaries: "will work towards" is an effort, "will explore" an aim
        lvl = _LEVEL.get(verb.lemma_.lower(), own_level(verb))
        if lvl is None:
            objs = [
                c for c in verb.children if c.dep_ in {"dobj", "attr"} and c.lemma_.lower() in _OBJECT_LEVEL
            ]
            # "expressed readiness to", "reaffirmed their intention to": the noun binding the to-infinitive
            if objs and any(t.dep_ in {"acl", "relcl", "prep"} for t in objs[0].children):
                lvl = _OBJECT_LEVEL[objs[0].lemma_.lower()]
        if lvl is not None:
            levels.append(lvl)
        verb = next(
            (c for c in verb.children if c.dep_ == "xcomp" and c.pos_ in {"VERB", "AUX", "ADJ"}), None
        )
    return MODALITIES[min(levels)] if levels else "firm"


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


# --- actors: who speaks and who acts are read in frame.py ----------------------------------------------


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
    root = main_root(doc)
    return acts_of_verb(root) if root is not None else set()


# --- clauses and acts -----------------------------------------------------------------------------------


def claim_actor(doc: Any, parties: Sequence[str]) -> str | None:
    """Who acts in a sentence's main clause, when its active subject names a party or both; else None."""
    root = main_root(doc)
    if root is None:
        return None
    subj = next((c for c in root.children if c.dep_ == "nsubj"), None)
    if subj is None or subj.i > root.i:
        return None
    # the subject without what is said of it after its head: "The 59th meeting, chaired by Philippine
    # Foreign Secretary X, produced …" is the meeting's act, not the Philippines'
    said_of = [c.left_edge.i for c in subj.children if c.dep_ in {"acl", "relcl", "appos"} and c.i > subj.i]
    span = doc[subj.left_edge.i : min(said_of, default=subj.right_edge.i + 1)]
    actor = actor_of(str(span.text), parties, people=_people(span), names=_places(span))
    from .claims import FRAMING_VERBS

    inner = next((c for c in root.children if c.dep_ == "ccomp"), None)
    if root.lemma_.lower() in FRAMING_VERBS and inner is not None:
        # "The White House said Biden and Scholz agreed …": the act is the reported clause's subject's;
        # a pronoun there ("they would …") is the speaker's own
        their = next((c for c in inner.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        if their is not None and their.pos_ != "PRON":
            part = doc[their.left_edge.i : their.right_edge.i + 1]
            found = actor_of(str(part.text), parties, people=_people(part), names=_places(part))
            return found if found in {"both", "all", *parties} else None
    return actor if actor in {"both", "all", *parties} else None


#: WordNet classes of what is recognized as true rather than praised: importance, need, value, a state.
_FACT_CLASSES = frozenset({"noun.attribute", "noun.state", "noun.cognition", "noun.motive"})


def _recognizes_a_fact(objs: list[Any], ccomp: list[Any]) -> bool:
    """Whether "recognize" states a view ("recognize that …", "the importance of …", "the need to …")
    rather than thanks ("recognized China's contributions", "President X's leadership")."""
    from .lexicon import lexname

    if ccomp and not objs:
        return True
    for o in objs:
        if any(t.dep_ == "poss" or t.ent_type_ in {"PERSON", "ORG", "GPE", "NORP"} for t in (o, *o.children)):
            return False
        if lexname(o.lemma_.lower(), "NOUN") in _FACT_CLASSES:
            return True
    return False


def acts_of_verb(verb: Any) -> set[Act]:
    lemma = verb.lemma_.lower()
    acts: set[Act] = set()
    children = list(verb.children)
    xcomp = any(c.dep_ == "xcomp" for c in children)
    ccomp = [c for c in children if c.dep_ == "ccomp"]
    objs = [c for c in children if c.dep_ in {"dobj", "attr", "oprd"}]
    preps = {c.lower_ for c in children if c.dep_ in {"prep", "prt"}}
    passive = any(c.dep_ in {"nsubjpass", "auxpass"} for c in children)
    if lemma == "speak" and any(c.lower_ == "highly" for c in children):
        return {"appreciation"}
    if lemma == "agree":
        acts.add("position" if ccomp and not xcomp else "commitment")
    elif lemma in INTENT_VERBS:
        acts.add("commitment" if xcomp else "position")
    elif lemma in {"instruct", "task", "direct"} and any(
        t.lower_ in {"their", "its", "our", "his", "her"} for o in objs for t in o.children
    ):
        acts.add("commitment")  # the issuers' own ministers or teams are told to act: the issuers act
    elif lemma in {"recognize", "recognise"} and _recognizes_a_fact(objs, ccomp):
        acts.add("position")  # "recognize the importance of …", "recognize that …"
    elif lemma in {"have", "hold"} and any(
        o.lemma_.lower() in OBJECT_ACTS and OBJECT_ACTS[o.lemma_.lower()] == "report" for o in objs
    ):
        acts.add("report")
    elif lemma == "accept" and any(o.lemma_.lower() == "invitation" for o in objs):
        acts.add("commitment")  # accepting an invitation to visit is undertaking the visit
    elif (
        lemma == "hold"
        and not ccomp
        and not any(OBJECT_ACTS.get(o.lemma_.lower()) == "position" for o in objs)
    ):
        pass  # "hold a summit", "was held in Manila": an event, not a stance ("hold that …", "hold the view")
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
        own = any(t.dep_ == "poss" and t.pos_ == "PRON" for t in o.children)
        if ol in BINDING_NOUNS and (own or ol not in _OWN_ONLY) and ACT_LEXICON.get(lemma) != "appreciation":
            # "commitment to combating terrorism", "commitment to combat the crisis" bind to action;
            # "commitment to the principles" is a stance.
            if ol == "commitment":
                acts.add("position")
            if any(
                (t.tag_ == "VBG" and t.dep_ == "pcomp")
                or (t.tag_ == "VB" and any(a.dep_ == "aux" and a.lower_ == "to" for a in t.children))
                for t in o.subtree
            ):
                acts.update(("commitment", "position"))
    if lemma == "call" and objs and not preps & {"on", "for", "upon"}:
        acts.discard("call")  # "called it a success" is no call on anyone
    if any(c.dep_ == "aux" and c.lower_ in _FUTURE_MODALS for c in children):
        acts.add("commitment")
        # "will hold a summit", "will join forces": what is to come, not what was; "will communicate our
        # stances", "will redouble our commitment": an undertaking, whatever its object names
        acts.discard("report")
        if ACT_LEXICON.get(lemma) != "position":
            acts.discard("position")
    for c in children:
        if (
            c.dep_ == "acomp"
            and c.lower_ in BOUND_ADJECTIVES
            and any(t.dep_ == "xcomp" or (t.dep_ == "prep" and t.lower_ == "to") for t in c.children)
        ):
            acts.discard("position")
            acts.add("commitment")
    if xcomp and any(
        c.dep_ == "xcomp" and c.lower_ in BOUND_ADJECTIVES for c in children
    ):  # "stand ready to"
        acts.add("commitment")
    for c in ccomp:
        if any(t.dep_ == "aux" and t.lower_ in _FUTURE_MODALS for t in c.children):
            acts.add("commitment")
        if any(t.dep_ == "acomp" and t.lower_ in BOUND_ADJECTIVES for t in c.children):
            acts.add("commitment")  # "agreed that the United States remains committed to …"
        if lemma == "agree" and "commitment" in acts:
            acts.discard("position")  # agreed that it will be done: an undertaking, not a view
        if c.lemma_.lower() in INTENT_VERBS and any(t.dep_ == "xcomp" for t in c.children):
            acts.add("commitment")
    if passive and lemma in {"discuss", "review", "brief", "exchange"}:
        acts = {"report"}
    for c in children:
        if c.dep_ == "advcl" and c.lemma_.lower() in {"call", "urge"}:
            acts.add("call")
    # "noted with satisfaction": the feeling named by the manner phrase is the act
    for p in children:
        if p.dep_ == "prep" and p.lower_ == "with":
            for o in p.children:
                if o.dep_ == "pobj" and OBJECT_ACTS.get(o.lemma_.lower()) == "appreciation":
                    acts.discard("position")
                    acts.add("appreciation")
    # a welcome under a condition ("…, provided it aligns with…") is a stance, not thanks
    if lemma == "welcome" and any(
        t.lower_ in {"provided", "providing", "if", "unless"} for t in verb.subtree
    ):
        acts.discard("appreciation")
        acts.add("position")
    # an event told in the past tense with no act of its own: what happened ("was convened", "took part")
    if not acts and (
        verb.tag_ == "VBD"
        or (verb.tag_ == "VBN" and verb.dep_ == "ROOT" and verb.i == 0)  # "Adopted in Phnom Penh on …"
        or (
            verb.tag_ == "VBN"
            and any(c.dep_ in {"auxpass", "aux"} and c.lemma_ in {"be", "have"} for c in children)
            and not any(c.dep_ in {"acomp", "attr", "oprd"} for c in children)  # "has remained resilient"
        )
        or (verb.tag_ == "VBG" and any(c.dep_ == "aux" and c.lemma_ == "be" for c in children))
    ):
        acts.add("report")  # also "have worked tirelessly", "are assessing the situation"
    return acts


def _clause_heads(doc: Any) -> list[Any]:
    root = main_root(doc)
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
    encode: Callable[[Sequence[str]], Any] | None = None,
) -> tuple[Provision, ...]:
    """Provisions of a statement, one per clause of each sentence that is not a heading or embed.

    ``docs`` are parses from ``parse_sentences`` when the caller has them already; ``encode`` (an
    embedding function) adds the topics whose description the clause is close to.
    """
    docs = dict(docs if docs is not None else parse_sentences(source, nlp))
    # A line that introduces a list ("… commit to take the following actions by May 14, 2025:") reads
    # as a heading to the segmenter; with a verb of its own it is a provision, and its list's head.
    intros = [s for s in source.sentences if s.index not in docs and s.text.rstrip().endswith(":")]
    for s, d in zip(intros, nlp.pipe([s.text for s in intros]), strict=True):
        if any(t.pos_ in {"VERB", "AUX"} for t in d):
            docs[s.index] = d
    sents = [s for s in source.sentences if s.index in docs]
    if not sents:
        return ()
    for k, d in docs.items():
        fixed = sentence_case(d.text)
        if fixed is not None:  # "REAFFIRMING the goals …", "WE HEREBY DECLARE TO:": parse as written in prose
            docs[k] = nlp(fixed)
    frame = frame_of(source.document.title, list(docs.values())[:60], parties)
    intro: tuple[str, set[Act], dict[str, Any]] | None = None
    intro_paragraph: int | None = None
    anchor = parse_date(source.document.date)
    provisions: list[Provision] = []
    previous: str | None = None
    text_of = source.document.text
    numbers = {p.index: paragraph_number(text_of[p.start : p.end]) for p in source.paragraphs}
    for s in sents:
        doc = docs[s.index]
        number = numbers.get(s.paragraph)
        item = _ITEM.match(s.text)
        if item and number and item.group(1) != number:
            number = f"{number}({item.group(1).strip('()')})"
        # (start, end, acts, actor) per clause; neighbouring clauses with the same acts and actor are one
        # provision ("will act on…, implement…, and keep…" is one commitment with three actions).
        parts: list[tuple[int, int, set[Act], str]] = []
        heads: dict[int, Any] = {}  # a part's first clause head, by the part's start
        item_of = list_item(doc)
        if item_of is None and not s.text.rstrip().endswith(":"):
            intro = None if intro is None or s.paragraph != intro_paragraph else intro
        for cs, ce, head in _clauses(doc):
            if not s.text[cs:ce].strip():
                continue
            acts = (acts_of_verb(head) if head is not None else set()) or {"position"}
            if _TIME_TO.match(s.text):  # every clause of it: "It is time to release …, and implement …"
                acts = {"call"}
            subj = _subject(head) if head is not None else None
            actor = frame_actor(subj, head, frame, previous)
            if head is not None and item_of is not None and head.i == item_of.i:
                # a list item ("Identify means to …", "ESTABLISH the partnership") is what its introducing
                # line's speaker undertakes, unless its own verb is a stance ("REAFFIRM steadfast support")
                if ACT_LEXICON.get(head.lemma_.lower(), "commitment") == "commitment":
                    acts = {"call"} if intro is not None and intro[1] == {"call"} else {"commitment"}
                actor = intro[0] if intro is not None else frame.joint
            elif s.text.rstrip().endswith(":") and re.search(
                r"\b(?:to|will|shall)\s*:$", s.text[cs:ce].rstrip(), re.IGNORECASE
            ):
                acts = {"commitment"}  # "WE HEREBY DECLARE TO:", "… the two sides will:"
            previous = actor
            if parts and parts[-1][2] == acts and parts[-1][3] == actor:
                parts[-1] = (parts[-1][0], ce, acts, actor)
            else:
                parts.append((cs, ce, acts, actor))
                heads[cs] = head
        for cs, ce, acts, actor in parts:
            text = s.text[cs:ce]
            ordered = tuple(a for a in ACTS if a in acts)
            due = _deadline(text, anchor) if _looks_ahead(text, acts) else {}
            if not due and item_of is not None and intro is not None and "commitment" in acts:
                due = intro[2]  # "… commit to take the following actions by May 14, 2025:" and its items
            provisions.append(
                Provision(
                    id=f"p{len(provisions) + 1}",
                    start=s.start + cs,
                    end=s.start + ce,
                    text=text,
                    paragraph=s.paragraph,
                    actor=actor,
                    acts=ordered,
                    topics=(),
                    number=number,
                    entities=find_entities(text, s.start + cs, doc, (cs, ce)),
                    modality=modality_of(heads.get(cs), text) if "commitment" in acts else None,
                    **due,
                )
            )
        if s.text.rstrip().endswith(":") and parts:
            cs, ce, acts, actor = parts[-1]
            intro = (actor, acts, _deadline(s.text[cs:ce], anchor))
            intro_paragraph = s.paragraph
    topics = topics_of_many([p.text for p in provisions], encode)
    return tuple(dataclasses.replace(p, topics=t) for p, t in zip(provisions, topics, strict=True))


def list_item(doc: Any) -> Any:
    """The verb of a list item written without a subject ("Identify means to …", "Further promote …"),
    or None. A statement gives no orders: such an item is its issuers' own undertaking."""
    root = main_root(doc)
    if root is None or root.tag_ != "VB":
        return None
    if any(c.dep_ in {"nsubj", "nsubjpass", "expl", "aux", "auxpass", "mark"} for c in root.children):
        return None
    if any(t.pos_ not in {"ADV", "PUNCT", "NUM", "X", "SYM", "SPACE"} for t in doc[: root.i]):
        return None
    return root


def _common_word(word: str) -> bool:
    """Whether WordNet knows ``word`` as a common word (not only as a name: ASEAN, NATO)."""
    from .lexicon import wordnet

    wn = wordnet()
    return wn is not None and any(
        n.islower() for p in ("n", "v", "a", "r") for s in wn.synsets(word, p) for n in s.lemma_names
    )


def sentence_case(text: str) -> str | None:
    """A sentence that opens in capitals ("REAFFIRMING the goals", "WE HEREBY DECLARE TO:") in sentence
    case, the same length, for the parser; None when it does not open so. Acronyms (ASEAN, U.S.) stay."""
    from spacy.lang.en.stop_words import STOP_WORDS

    out = list(text)
    first = True
    changed = False
    for m in re.finditer(r"[A-Za-z][A-Za-z'’-]*|\d+|[^\sA-Za-z\d]", text):
        w = m.group()
        if not w[0].isalpha():
            if first:
                continue  # a list number or mark before the words
            if w in {",", ":", ";"}:
                continue
            break
        low = w.lower()
        if not (w.isupper() and len(w) >= 2):
            break
        if low not in STOP_WORDS and not _common_word(low):
            break
        repl = low.capitalize() if first else low
        out[m.start() : m.end()] = repl
        first = False
        changed = True
    return "".join(out) if changed else None


_NUMBERED = re.compile(r"^\s*(\d{1,3}(?:\.\d{1,3})*)[.)]\s+\S")
_ITEM = re.compile(r"^\s*(\([a-z]\)|[a-z]\))\s+\S")


def paragraph_number(text: str) -> str | None:
    """The statement's own number for a paragraph ("12." → "12", "4.2)" → "4.2"), or None."""
    m = _NUMBERED.match(text)
    return m.group(1) if m else None


_AHEAD = re.compile(
    r"\b(will|shall|would|should|must|intends?|plans?|aims?|to be held|is to|are to|due|offered|"
    r"undertakes?|pledged?|committed|commitment|goal|target|instructed|tasked|requested)\b",
    re.IGNORECASE,
)


def _looks_ahead(text: str, acts: set[Act]) -> bool:
    """A provision that can fall due: a commitment or a call, or a clause about what will happen."""
    return bool(acts & {"commitment", "call"}) or bool(_AHEAD.search(text))


def _deadline(text: str, anchor: Any) -> dict[str, Any]:
    """The provision's deadline fields: the date and the words that fix it. A date before the
    statement's own is history, not a deadline."""
    d = deadline_of(text, anchor)
    if d is None or (anchor is not None and d.date < anchor):
        return {}
    return {"deadline": d.iso, "deadline_text": d.text}


def acts_count(provisions: Iterable[Provision]) -> Counter[str]:
    return Counter(a for p in provisions for a in p.acts)
