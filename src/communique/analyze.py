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

import dataclasses
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from .gazetteer import (
    ALIASES,
    CAPITALS,
    IRREGULAR_DEMONYMS,
    canonical_place,
    countries_named,
    demonym_country,
    is_country,
    short_country,
)
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


# --- actors ---------------------------------------------------------------------------------------------


_ISSUING = re.compile(r"\bWe,\s+(?:the\s+)?([^,]{3,120}?),")


def parties_of(docs: Iterable[Any], given: Sequence[str] | None = None) -> tuple[str, ...]:
    """The statement's parties: given (a manifest's issued_by); else the issuing line ("We, the G20
    Finance Ministers and Central Bank Governors, …" → one collective issuer); else the countries its
    title names ("Joint Statement of the Foreign Ministers of Japan, the Republic of Korea and China");
    else its two most named countries."""
    if given:
        return tuple(given)
    docs = list(docs)
    for doc in docs[:8]:
        m = _ISSUING.search(doc.text)
        if m:
            return (m.group(1).strip(),)
    if docs:
        title = [short_country(e.text) for e in docs[0].ents if e.label_ == "GPE" and is_country(e.text)]
        if len(set(title)) >= 2:
            return tuple(dict.fromkeys(title))
        named = countries_named(docs[0].text)  # "the Norway-Chile Energy Dialogue": one token to NER
        if len(named) >= 2:
            return tuple(named)
    counts: Counter[str] = Counter()
    for doc in docs:
        # a capital is where a meeting was held (the dateline), not who issued the statement
        counts.update(short_country(e.text) for e in doc.ents if e.label_ == "GPE" and e.text not in CAPITALS)
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
        if any(v == p and re.search(r"\b" + k + r"\b", low) for k, v in IRREGULAR_DEMONYMS.items()):
            found.append(p)
    return found


_JOINT = re.compile(
    r"\b(sides?|both|countries|governments|leaders|ministers|minister|parties|nations|we|they|members|"
    r"member states|heads of state|heads of government|council|governors|participants|delegations|"
    r"presidents|prime ministers|premiers|chancellors|foreign ministers)\b",
    re.IGNORECASE,
)
_COUNT = re.compile(r"\b(two|three|four|five|six|seven|eight|nine|ten|\d+)\b", re.IGNORECASE)
_COUNTS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}


def joint(parties: Sequence[str]) -> str:
    """The actor value of the issuers acting together: ``both`` for two, ``all`` for more or for one
    collective issuer ("G20 Finance Ministers", "the Council"). One issuing government's "the leaders",
    "they" are its leader and the one it met or spoke with (a readout): ``both``, as ``Frame`` reads them."""
    if len(parties) == 1 and is_country(parties[0]):
        return "both"
    return "both" if len(parties) == 2 else "all"


def actor_of(
    subject: str | None, parties: Sequence[str], *, people: int = 0, names: Sequence[str] = ()
) -> str:
    """Who acts, from a clause's subject: the issuers jointly (``both``/``all``), a party's name as the
    statement's parties give it, another country as the text writes it (``names``: the subject's place
    names), or ``other``. ``people``: how many persons the subject names."""
    if not subject:
        return joint(parties) if parties else "other"
    places = {canonical_place(p): p for p in parties}
    found = sorted(
        set(_party_in(subject, parties)) | {places[k] for k in map(canonical_place, names) if k in places}
    )
    capitals = [c for name, c in CAPITALS.items() if re.search(r"\b" + re.escape(name) + r"\b", subject)]
    found = sorted(
        set(found) | {places[canonical_place(c)] for c in capitals if canonical_place(c) in places}
    )
    if found and len(parties) == 1 and is_country(parties[0]):
        return found[0]  # the one issuing government by name
    if len(found) >= 2 or (found and len(parties) == 1):
        return joint(parties)  # several issuers named, or the one collective issuer ("We, the G20 …")
    if found:
        return found[0]
    m = _JOINT.search(subject)
    if m:
        n = _COUNT.search(subject)
        count = (
            (_COUNTS.get(n.group(1).lower()) or int(n.group(1)))
            if n and n.group(1).isalnum() and (n.group(1).lower() in _COUNTS or n.group(1).isdigit())
            else None
        )
        if count is not None and parties and count != len(parties):
            return "other"  # "the two parties" of a conflict, in a statement three mediators issue
        if m.group(1).lower() == "parties" and len(parties) != 2:
            return "other"  # beyond a bilateral text, "the parties" are those the text addresses
        if parties:
            return joint(parties)
    if people >= 2 and len(parties) >= 2:
        return joint(parties)  # "H.E. Wang Yi and H.E. Mohammad Ishaq Dar co-chaired"
    countries = [n for n in names if is_country(n)]
    if countries:
        return re.sub(r"^the\s+", "", countries[0], flags=re.IGNORECASE)
    return "other"


# --- who speaks: the statement's frame -------------------------------------------------------------------

#: A readout: one government's account of its leader's call or meeting with another.
_READOUT = re.compile(r"\breadout\b|\b(?:call|meeting|conversation|talks)\s+with\b", re.IGNORECASE)
#: An opening sentence that tells of a call or meeting with someone: "President X spoke today with …".
_MET_WITH = re.compile(
    r"\b(?:spoke|speaks|met|meets|held\s+(?:a|an)\s+(?:[\w-]+\s+){0,3}(?:call|meeting|conversation))\b"
    r"[^.]{0,60}?\bwith\b",
    re.IGNORECASE,
)
#: A group named by its acronym in a title ("ASEAN-U.S. …", "… the Gulf Cooperation Council (GCC) Countries").
_ACRONYM = re.compile(r"\b([A-Z]{2,6})\b")
#: Leaders' titles: "The President" in a readout is the one its persons name with that title.
LEADER_TITLES = (
    "President",
    "Vice President",
    "Prime Minister",
    "Crown Prince",
    "Chancellor",
    "King",
    "Queen",
    "Emir",
    "Sultan",
    "Premier",
    "Foreign Minister",
    "Secretary",
)
_TITLE = re.compile(r"\b(" + "|".join(sorted(LEADER_TITLES, key=len, reverse=True)) + r")\b")


@dataclasses.dataclass(frozen=True, slots=True)
class Frame:
    """Who speaks in a statement: its issuers, and in a readout the government it spoke with.

    ``people`` maps the words of the persons it names (surnames, given names) to their party, and
    ``titles`` a leader's title to the party whose leader holds it, where one party's leader alone does.
    """

    issuers: tuple[str, ...]
    counterpart: str | None = None
    people: tuple[tuple[str, str], ...] = ()
    titles: tuple[tuple[str, str], ...] = ()

    @property
    def parties(self) -> tuple[str, ...]:
        """Everyone whose acts the statement reports as a party's: the issuers and the counterpart."""
        return (*self.issuers, self.counterpart) if self.counterpart else self.issuers

    @property
    def readout(self) -> bool:
        return self.counterpart is not None

    @property
    def lead(self) -> str:
        """Who acts when the text names no one: the issuers jointly, or in a readout the issuer."""
        return self.issuers[0] if self.readout and self.issuers else self.joint

    @property
    def joint(self) -> str:
        """The issuers acting together: ``both`` for two (an issuer and the leader it spoke with, in a
        readout), ``all`` for more or one collective issuer, a single issuing government by its name."""
        if self.readout or len(self.issuers) == 2:
            return "both"
        if len(self.issuers) == 1 and is_country(self.issuers[0]):
            return self.issuers[0]
        return "all" if self.issuers else "other"


def _display(name: str) -> str:
    """A country as a party's name: "U.S." and "the United States of America" → "United States"."""
    name = re.sub(r"['’]s$", "", re.sub(r"^the\s+", "", name.strip(), flags=re.IGNORECASE))
    return _ALIASES_FOLDED.get(re.sub(r"[\s.'’-]", "", name).lower()) or short_country(name)


_ALIASES_FOLDED = {re.sub(r"[\s.'’-]", "", k).lower(): v for k, v in ALIASES.items()}


def _groups(text: str) -> list[str]:
    """Groups a title names by acronym (ASEAN, GCC): capitals that are no country's name."""
    return [a for a in dict.fromkeys(_ACRONYM.findall(text)) if not is_country(a)]


def title_parties(title: str) -> tuple[list[str], str | None]:
    """Issuers and (for a readout) the counterpart a title names: "United States-Japan Joint Leaders'
    Statement" → ([United States, Japan], None); "Readout of President X's Call with Prime Minister Y of
    Norway" → ([], Norway). A statement "by" one official ("Statement by the Press Secretary on …")
    names no issuer; what it is "on" is its subject, not who issued it."""
    if _READOUT.search(title):
        after = re.split(r"\bwith\b", title, maxsplit=1, flags=re.IGNORECASE)[-1]
        named = countries_named(after)
        return [], _display(named[0]) if named else None
    head = re.split(r"\s(?:on|regarding|concerning)\s", title, maxsplit=1)[0]
    if re.search(
        r"\b(?:statement|remarks)\s+(?:by|from)\s+(?:the\s+)?(?:press|[a-z]*\s*secretary)", head, re.I
    ):
        return [], None
    named = list(dict.fromkeys([_display(c) for c in countries_named(head)] + _groups(head)))
    if len(named) < 2 and re.search(r"\bjoint\b", title, re.IGNORECASE):
        # "Joint Statement on the State Visit of the President of Brazil to South Africa"
        whole = list(dict.fromkeys(_display(c) for c in countries_named(title)))
        named = whole if len(whole) >= 2 else named
    return named, None


def _person_words(ent: Any) -> list[str]:
    return [
        t.text
        for t in ent
        if t.is_alpha and t.text[0].isupper() and len(t.text) > 2 and t.text not in {"Jr", "Sr"}
    ]


def _title_before(ent: Any) -> str | None:
    before = ent.doc[max(0, ent.start - 3) : ent.start].text
    found = _TITLE.findall(before)
    return str(found[-1]) if found else None


def frame_of(title: str | None, docs: Sequence[Any], given: Sequence[str] | None = None) -> Frame:
    """The statement's frame from its own structure: issuers given (a manifest's issued_by), else named
    by its title, its issuing line ("We, the …") or its opening sentence's subject ("The African Union and
    the United States reaffirm …"); a readout's counterpart from its title or its opening sentence
    ("… spoke today with Prime Minister Y of Norway"); the persons its opening sentences name, each with
    the party whose leader they are ("President X of Colombia"; in a readout the one who spoke with
    the other is the issuer's; two leaders who meet in a two-party statement stand in the issuers' order)."""
    title = title or ""
    named, counterpart = title_parties(title)
    opening = docs[0] if docs else None
    if (
        counterpart is None
        and opening is not None
        and (_READOUT.search(title) or _MET_WITH.search(opening.text[:200]))
    ):
        m = _MET_WITH.search(opening.text)
        if m:
            found = countries_named(opening.text[m.end() :])
            counterpart = _display(found[0]) if found else None
    if given:
        issuers = [str(g) for g in given]
    elif counterpart is not None:
        counts: Counter[str] = Counter()
        for doc in docs:
            counts.update(_display(c) for c in countries_named(doc.text))
            counts.update(_display(d) for t in doc if (d := demonym_country(t.text)) and t.text[0].isupper())
        counts.pop(counterpart, None)
        for k in list(counts):
            if canonical_place(k) == canonical_place(counterpart):
                counts.pop(k)
        issuers = [counts.most_common(1)[0][0]] if counts else []
    elif len(named) >= 2:
        issuers = named
    elif (line := _issuing_line(docs)) is not None:
        issuers = line
    else:
        issuers = list(parties_of(docs))
        subject = _opening_subject(opening) if opening is not None else []
        one_voice = not re.search(r"\bjoint\b", title, re.IGNORECASE)
        if len(subject) >= 2 or (len(subject) == 1 and len(issuers) != 1 and one_voice):
            issuers = subject
        elif len(named) == 1 and len(issuers) != 1:
            issuers = named
    if counterpart is not None and any(canonical_place(i) == canonical_place(counterpart) for i in issuers):
        counterpart = None
    frame = Frame(tuple(issuers), counterpart)
    return dataclasses.replace(frame, **_people_of(docs[:3], frame))


def _issuing_line(docs: Sequence[Any]) -> list[str] | None:
    """The issuers an issuing line names: "We, the G20 Finance Ministers and Central Bank Governors, …"
    is one collective issuer; "We, the Member States of ASEAN and the United States of America, …" two,
    each half naming a country or a group."""
    for doc in docs[:8]:
        m = _ISSUING.search(doc.text)
        if not m:
            continue
        line = m.group(1).strip()
        halves = re.split(r"\s+and\s+(?=the\s|[A-Z])", line)
        names = [
            (countries_named(h) and _display(countries_named(h)[0])) or next(iter(_groups(h)), "")
            for h in halves
        ]
        if len(halves) >= 2 and all(names):
            return list(dict.fromkeys(names))
        return [line]
    return None


def _opening_subject(doc: Any) -> list[str]:
    """Parties an opening sentence's subject names: "The African Union and the United States reaffirm"
    → African Union, United States; "the leaders of the GCC member states and the United States met"."""
    root = main_root(doc)
    if root is None:
        return []
    subj = next((c for c in root.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    if subj is None:
        return []
    span = doc[subj.left_edge.i : subj.right_edge.i + 1]
    out = []
    for e in span.ents:
        if e.label_ in {"GPE", "ORG", "NORP"}:
            text = re.sub(r"^the\s+", "", e.text, flags=re.IGNORECASE)
            tail = doc[e.end : e.end + 2].text
            if re.match(r"(?:member states|countries)\b", tail, re.IGNORECASE):
                text = f"{text} {tail}"
            out.append(_display(text))
    return list(dict.fromkeys(out))


def _people_of(docs: Sequence[Any], frame: Frame) -> dict[str, Any]:
    parties = frame.parties
    people: dict[str, str] = {}
    titles: dict[str, set[str]] = {}
    opening = next((k for k, d in enumerate(docs) if any(e.label_ == "PERSON" for e in d.ents)), 0)
    for k, doc in enumerate(docs):
        persons = [e for e in doc.ents if e.label_ == "PERSON" and _person_words(e)]
        joint_pair: list[Any] = []
        for e in persons:
            party = None
            m = re.match(r"[\s,]*(?:Jr\.?,?\s*)?of\s+(?:the\s+)?([^,;.]{2,80})", doc.text[e.end_char :])
            if m:
                hit = [p for p in parties if _party_in(m.group(1), [p])]
                party = hit[0] if hit else None
            elif k == opening and frame.readout:
                m_with = _MET_WITH.search(doc.text)
                if m_with and e.end_char <= m_with.start():
                    party = frame.issuers[0] if frame.issuers else None
                elif m_with:
                    party = frame.counterpart
            if party is None and k == opening and not frame.readout:
                joint_pair.append(e)
                continue
            if party is None:
                continue
            for w in _person_words(e):
                people.setdefault(w, party)
            t = _title_before(e)
            if t:
                titles.setdefault(t, set()).add(party)
        if len(joint_pair) == 2 and len(frame.issuers) == 2:
            for e, party in zip(joint_pair, frame.issuers, strict=True):
                for w in _person_words(e):
                    people.setdefault(w, party)
                t = _title_before(e)
                if t:
                    titles.setdefault(t, set()).add(party)
    return {
        "people": tuple(people.items()),
        "titles": tuple((t, next(iter(ps))) for t, ps in titles.items() if len(ps) == 1),
    }


_PRONOUN_ONE = {"he", "she", "his", "her", "him"}
_PRONOUN_JOINT = {"they", "them", "their", "we", "us", "our"}


def frame_actor(subj: Any, head: Any, frame: Frame, previous: str | None = None) -> str:
    """Who acts in a clause whose subject is ``subj`` (a span, or None for an agentless clause), read
    with the statement's frame: the issuers' plural subjects and pronouns ("the leaders", "both
    countries", "they", "we") → the issuers jointly; a person or a leader's title → that leader's
    party; "he" → the previous clause's single party; a subject that is no agent ("Further escalation
    poses a threat", "It is time to …") → the issuers, whose assertion it is."""
    if subj is None:
        return frame.lead if frame.readout else frame.joint
    text = str(subj.text)
    words = [t.lower_ for t in subj]
    parties = frame.parties
    if len(subj) == 1 and words[0] in _PRONOUN_ONE:
        return previous if previous in parties else frame.lead
    if len(subj) == 1 and words[0] in _PRONOUN_JOINT:
        return frame.joint
    if len(subj) == 1 and (subj[0].dep_ == "expl" or words[0] in {"it", "this", "that"}):
        return frame.joint
    people = dict(frame.people)
    by_person = {people[t.text] for t in subj if t.text in people}
    found = set(_party_in(text, parties)) | {
        p for p in parties for n in _places(subj) if canonical_place(n) == canonical_place(p)
    }
    found |= by_person
    for t in subj:  # "the Kyrgyz side", "the Tajik side": the first letters of a party's name
        if t.ent_type_ in {"NORP", "GPE", "LOC"} and len(t.text) >= 4:
            found |= {p for p in parties if any(w.startswith(t.text) for w in short_country(p).split())}
    if len(found) >= 2:
        return frame.joint
    if found:
        party = next(iter(found))
        return frame.joint if len(parties) == 1 and not is_country(party) else party
    title = _TITLE.search(text)
    only_title = title is not None and re.match(
        r"(?:the\s+)?(?:" + title.group(1) + r")$", text.strip(), re.IGNORECASE
    )
    if title is not None and only_title:
        return dict(frame.titles).get(title.group(1)) or frame.lead
    if re.fullmatch(
        r"[Tt]he\s+(?:[a-z]+\s+)?(?:[Ss]tates|[Cc]ountries|[Nn]ations|[Gg]overnments|[Ss]ides)", text
    ):
        return frame.joint  # "the mediating States": the issuers in their role
    if _inert(subj) and not any(c.dep_ == "aux" and c.lower_ == "shall" for c in head.children):
        return frame.joint
    actor = actor_of(text, parties, people=_people(subj), names=_places(subj))
    if actor in {"both", "all"} or actor == (parties[0] if len(parties) == 1 else None):
        return frame.joint
    return actor


def _inert(subj: Any) -> bool:
    """A subject that names no one who could act: a thing, event or idea ("Further escalation", "This
    requirement", "The compounding impact of … Russia's war") — not a person (WordNet's noun.person),
    not a name at its head, not a group of the issuers ("the two countries")."""
    from .lexicon import lexname

    root = subj.root
    if root.pos_ != "NOUN" or _JOINT.search(root.text):
        return False
    if any(e.root == root or (e.root.dep_ == "conj" and e.root.head == root) for e in subj.ents):
        return False
    return lexname(root.lemma_.lower(), "NOUN") != "noun.person"


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


def _places(span: Any) -> list[str]:
    return [str(e.text) for e in span.ents if e.label_ == "GPE"] if span is not None else []


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
    span = doc[subj.left_edge.i : subj.right_edge.i + 1]
    actor = actor_of(str(span.text), parties, people=_people(span), names=_places(span))
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
    return wn is not None and any(n.islower() for s in wn.synsets(word) for n in s.lemma_names())


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
