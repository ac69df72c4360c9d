"""Who speaks in a statement and who acts in each clause: issuers, a readout's counterpart, leaders.

The statement's frame comes from its own structure (a manifest's issuers when given, else its title,
issuing line or opening sentence); a clause's subject is read with it ("the leaders", "they", "The
President", a leader by name, a subject that is no agent). ``actor_of`` maps a bare subject to the
parties without a frame (the claim side uses it).
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Iterable, Sequence
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
from .segment import main_root

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


def is_title(text: str) -> bool:
    """Whether a name is only a leader's title ("the Prime Minister", "President"): an office, not a
    person."""
    return _TITLE.fullmatch(re.sub(r"^the\s+", "", text.strip(), flags=re.IGNORECASE)) is not None


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


def _places(span: Any) -> list[str]:
    return [str(e.text) for e in span.ents if e.label_ == "GPE"] if span is not None else []


def _people(span: Any) -> int:
    return sum(1 for e in span.ents if e.label_ == "PERSON") if span is not None else 0
