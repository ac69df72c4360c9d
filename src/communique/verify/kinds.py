"""Claim or commentary: whether a sentence reports what the statement or its issuers said and did.

The segmenter marks sentences with commentary cues (evaluative predicates, verbs of interpretation,
analysts as subjects); those are commentary unless the source supports them strongly
(``commentary_support``). A sentence without such cues that no passage supports well (best alignment
below ``background_support``) is background or the outlet's aside — history, context, another actor's
view — unless it is built as a report about the event: its subject names an issuer (a party, its
capital or demonym, "the ministers", "the two sides", "the bloc"), the text itself ("the statement"), or
a named person with a verb of speech or action; or it is attributed ("according to…", "officials said").
Such a sentence stays a claim, to be found unsupported if nothing supports it. So does a sentence that
gives a day of the month the source gives ("adopted on 15 October", "fall silent on May 20"): whatever
its tone, it carries a fact to check.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any, Literal

from .. import lexicon
from ..analyze import ACT_LEXICON, acts_of_verb
from ..claims import DATELINE, TEXT_NOUNS, reported_dates
from ..gazetteer import canonical_place, demonym_country, is_country
from ..models import Kind, Sentence
from ..quotes import find_quotes
from ..segment import REPORTING_VERBS
from ..textnorm import NAME_PARTICLES, content_keys, word_key
from ..timex import DateRef, dates
from .context import VerifyContext, root_of

ISSUER_NOUNS = frozenset(
    (
        "side sides country countries nation nations state states minister ministers government governments "
        "leader leaders official officials delegation delegations president presidents premier chair chairs "
        "bloc group grouping member members party parties mediator mediators negotiator negotiators "
        "diplomat diplomats envoy envoys secretary governor governors they we"
    ).split()
)
_PLACE_LABELS = {"GPE", "NORP", "ORG", "LOC", "FAC"}
#: The event a statement comes out of, as a sentence's subject ("the talks ended…", "Monday's call").
EVENT_NOUNS = frozenset(
    "talks meeting call dialogue summit visit conversation session round consultation".split()
)
_ACTOR_LABELS = {"PERSON", "GPE", "NORP", "ORG"}
#: Where words are said that are not the statement: to the press, at a briefing, in a post.
VENUE_NOUNS = frozenset(
    (
        "reporter reporters journalist journalists press briefing briefings conference interview "
        "interviews post posts tweet tweets message messages broadcast television radio podcast rally "
        "x twitter telegram facebook instagram weibo newspaper broadcaster channel"
    ).split()
)
#: Adverbs that place what is said outside the statement ("said separately", "said earlier").
_ELSEWHERE_ADVERBS = frozenset("separately earlier later previously meanwhile before".split())
#: Adverbs on the main verb that set its act at another time than the statement's.
_OTHER_TIME_ADVERBS = frozenset("earlier previously meanwhile before formerly".split())
_SUBJECTS = {"nsubj", "nsubjpass"}
_ACTING_PRONOUNS = frozenset("he she they we it".split())
_NP_PARTS = {
    "compound",
    "poss",
    "amod",
    "nmod",
    "appos",
    "prep",
    "pobj",
    "det",
    "case",
    "punct",
    "cc",
    "conj",
}

Side = Literal["issuer", "named", "other"]


_SAYING = frozenset("say tell add state write post tweet announce".split())


def _ongoing(tok: Any) -> bool:
    """The perfect progressive ("has been mediating talks"): an activity over time, not an act of saying."""
    aux = {c.lower_ for c in tok.children if c.dep_ == "aux"}
    return tok.tag_ == "VBG" and "been" in aux and bool(aux & {"has", "have", "had"})


def _speech_verb(tok: Any) -> bool:
    """A verb of saying in the active voice: WordNet's communication verbs ("said", "vowed", "told"); not
    one in the perfect progressive ("has been mediating")."""
    if tok.pos_ not in {"VERB", "AUX"} or any(c.dep_ in {"nsubjpass", "auxpass"} for c in tok.children):
        return False
    if _ongoing(tok):
        return False
    lemma = tok.lemma_.lower()
    return lemma in _SAYING or lexicon.lexname(lemma, "v") == "verb.communication"


def attribution(doc: Any) -> tuple[Any, Any] | None:
    """Who the sentence says said or did what it reports: ``(head of the speaker's noun phrase, verb)``
    from "according to X" (verb None), the subject of a main-clause verb of saying ("X said…",
    "…, X told reporters"), or None. Found once a parse (the kinds and the checks all ask)."""
    cache = doc.user_data
    if "communique.attribution" not in cache:
        cache["communique.attribution"] = _attribution(doc)
    found: tuple[Any, Any] | None = cache["communique.attribution"]
    return found


def _attribution(doc: Any) -> tuple[Any, Any] | None:
    for t in doc:
        if t.lower_ == "according":
            to = next((c for c in t.children if c.lower_ == "to"), None)
            obj = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
            if obj is not None:
                return obj, None
    root = root_of(doc)
    if root is None:
        return None
    # "As Büchner further stated, “the Chancellor and the President condemned …”": the words are his,
    # whatever verb the quotation has; the main clause is what he said, so the verb has no object of its
    # own ("as they signed the papers" is when)
    for c in root.children:
        if (
            c.dep_ == "advcl"
            and _speech_verb(c)
            and any(m.dep_ == "mark" and m.lower_ == "as" for m in c.children)
            and not any(o.dep_ in {"dobj", "ccomp"} for o in c.children)
        ):
            subj = next((s for s in c.children if s.dep_ in _SUBJECTS), None)
            if subj is not None:
                return subj, c
    # the parser may split a sentence in two ("Get the basics right and you get stability,” said X."):
    # the attribution is then the root of the second part
    roots = [root, *(t for t in doc if t.dep_ == "ROOT" and t is not root)]
    for verb in (v for r in roots for v in (r, *(c for c in r.children if c.dep_ in {"parataxis", "conj"}))):
        if _speech_verb(verb):
            subj = next((c for c in verb.children if c.dep_ in _SUBJECTS), None)
            if subj is not None and _in_frame(subj):
                # the parser took the dateline for the subject ("LONDON, May 9 (AFP): G7 ministers
                # voiced…"): the speaker is the apposition after it
                subj = next((t for t in subj.subtree if t.dep_ == "appos" and not _in_frame(t)), None)
            if subj is not None:
                return subj, verb
    return None


def _phrase(head: Any, deep: bool = True) -> list[Any]:
    """A noun phrase: the head with its modifiers, names and appositions (and, when ``deep``, its
    prepositional phrases: "the Ministry of Foreign Affairs"), not its clauses nor a dateline."""
    parts = _NP_PARTS if deep else _NP_PARTS - {"prep", "pobj"}
    out = [head]
    for c in head.children:
        if c.dep_ in parts and not _in_frame(c):
            out.extend(_phrase(c, deep))
    return out


def _in_frame(tok: Any) -> bool:
    """A token inside the outlet's frame: the dateline ("LONDON, May 9 (AFP):"), matched once a parse."""
    cache = tok.doc.user_data
    if "communique.dateline" not in cache:
        m = DATELINE.match(tok.doc.text)
        cache["communique.dateline"] = m.end() if m else 0
    return bool(tok.idx < cache["communique.dateline"])


def _name_keys(tokens: Iterable[Any]) -> list[str]:
    """Word keys of a name's words ("G20" counts, "the" does not)."""
    return [
        word_key(t.text)
        for t in tokens
        if any(c.isalpha() for c in t.text) and not t.is_stop and t.lower_ not in NAME_PARTICLES
    ]


def _named_in_source(tokens: Sequence[Any], ctx: VerifyContext) -> bool:
    keys = _name_keys(tokens)
    return bool(keys) and all(k in ctx.source_keys.keys or k in ctx.party_keys for k in keys)


def _is_party(ent: Any, ctx: VerifyContext) -> bool:
    """A name of one of the statement's issuers: its country however written (capital, demonym, seat of
    government), or an issuing body named by the words of its name ("the G20", "the Security Council")."""
    text = ent.text
    if ent.label_ == "NORP" and any(c.dep_ == "det" and c.lower_ in {"a", "an"} for c in ent.root.children):
        return False  # "an Armenian in Turkey": a person of that people, not its state
    if canonical_place(demonym_country(text) or text) in ctx.party_places:
        return True
    if ent.label_ == "NORP":
        return False  # "central African state" is no word of "the African Union Commission"
    keys = _name_keys(ent)
    return bool(keys) and all(k in ctx.party_keys for k in keys)


def speaker_side(head: Any, ctx: VerifyContext) -> Side | None:
    """Whose words: the statement or an issuer (a party, the text, "the ministers", a person the source
    names), someone the source names who did not issue it, someone the source never names, or unknown."""
    phrase = _phrase(head)
    lemma = head.lemma_.lower()
    if head.pos_ in {"NOUN", "PROPN"} and _generic(head):
        return "other"  # "a group calling itself …", "such statements"
    if any(t.lemma_.lower() in TEXT_NOUNS for t in phrase):
        # whose text: "the Kremlin's statement", "the DFA statement" (a name before it)
        owners = [t for t in phrase if t.dep_ in {"poss", "compound"} and (t.ent_type_ or t.pos_ == "PROPN")]
        owner_ents = [e for e in head.doc.ents if any(e.start <= o.i < e.end for o in owners)]
        if not owners or _named_in_source(owners, ctx) or any(_is_party(e, ctx) for e in owner_ents):
            return "issuer"  # "the statement", "the G7 statement", "the White House readout" of its own
        return "other"
    if head.pos_ == "PRON":
        return "issuer" if lemma in ISSUER_NOUNS or head.lower_ in {"it", "they", "we"} else None
    ents = [
        e for e in head.doc.ents if e.label_ in _ACTOR_LABELS and any(e.start <= t.i < e.end for t in phrase)
    ]
    parties = [e for e in ents if e.label_ in _PLACE_LABELS and _is_party(e, ctx)]
    if parties:
        # the party is the speaker ("Pakistan said"), owns the office that speaks ("Pakistan's foreign
        # minister", "Pakistani Prime Minister Sharif"), not a place in a phrase about someone else
        # ("Borrell, in Phnom Penh for talks with ASEAN")
        shallow = {t.i for t in _phrase(head, deep=False)}
        party_head = lemma in ISSUER_NOUNS or any(
            e.start <= head.i < e.end or (e.root.i in shallow and e.root.dep_ != "appos") for e in parties
        )
        if party_head:
            return "issuer"
    if word_key(head.text) in ctx.party_keys and not any(e.start <= head.i < e.end for e in ents):
        return "issuer"  # "the council", "the ministers" of an issuing body's own name
    head_ent = next((e for e in ents if e.start <= head.i < e.end), None)
    if head_ent is not None:
        if _named_in_source(list(head_ent), ctx):
            if head_ent.label_ in _PLACE_LABELS and canonical_place(head_ent.text) not in ctx.party_places:
                return "named"
            if head_ent.label_ == "PERSON" and another_government(head, ctx):
                return "named"  # "US President Donald Trump" of a readout Downing Street issued
            return "issuer"
        return "other"
    if lemma in ISSUER_NOUNS:
        strangers = [e for e in ents if not _named_in_source(list(e), ctx)]
        # "the terror group", "health officials", "other leaders": a body of a kind the statement never
        # names, or others than those it does
        # ("coup leaders": a word of the source, but no issuer's)
        kind = [
            c
            for c in head.children
            if (
                c.dep_ == "compound"
                and c.pos_ in {"NOUN", "PROPN"}
                and not (_named_in_source([c], ctx) and (c.pos_ == "PROPN" or c.ent_type_))
                and word_key(c.text) not in ctx.party_keys
            )
            or (c.dep_ == "amod" and c.lower_ == "other")
        ]
        return "other" if strangers or kind else "issuer"
    # a common noun that is no issuer's ("witnesses", "the ministry", "monitors"): whose is it?
    owners = [e for e in ents if e.label_ in _PLACE_LABELS or e.label_ == "PERSON"]
    if any(_is_party(e, ctx) for e in owners):
        return "issuer"
    if owners and all(_named_in_source(list(e), ctx) for e in owners):
        return "named"
    return "other" if owners or not _named_in_source([head], ctx) else None


def another_government(head: Any, ctx: VerifyContext) -> bool:
    """The speaker is a government that did not issue the statement — a country, its capital or seat of
    government, as the phrase's head or its owner ("the Kremlin said", "Russia's foreign ministry said"):
    it speaks in its own statement or through its own spokesman, not in the one being checked."""
    phrase = _phrase(head)
    ents = [
        e for e in head.doc.ents if e.label_ in _PLACE_LABELS and any(e.start <= t.i < e.end for t in phrase)
    ]
    return bool(ents) and not any(_is_party(e, ctx) for e in ents) and any(is_country(e.text) for e in ents)


def _in_the_text(verb: Any) -> bool:
    """The verb says where its words are: in a statement ("said in a joint statement", "was stated in
    their joint statement issued …") — the text, as often as not this one."""
    return any(
        c.dep_ == "prep"
        and c.lower_ in {"in", "by", "through"}
        and any(o.dep_ == "pobj" and o.lemma_.lower() in TEXT_NOUNS and not _generic(o) for o in c.children)
        for c in verb.children
    )


def said_elsewhere(verb: Any, ctx: VerifyContext) -> bool:
    """The verb of saying places the words outside the statement: told to the press, said at a briefing
    or in a post, said separately or earlier, or on a day that is not the statement's."""
    if verb.lemma_.lower() in {"tweet", "blog"}:
        return True  # "he tweeted": a post of his own
    for c in verb.children:
        # "told reporters", "told the Ledger": the press, not the meeting ("told delegates")
        press = c.lemma_.lower() in VENUE_NOUNS or (c.ent_type_ == "ORG" and not _named_in_source([c], ctx))
        if c.dep_ in {"dobj", "dative"} and verb.lemma_.lower() == "tell" and press:
            return True
        if c.dep_ == "prep" and any(o.dep_ == "pobj" and o.lemma_.lower() in VENUE_NOUNS for o in c.children):
            return True
        if c.dep_ == "advmod" and c.lower_ in _ELSEWHERE_ADVERBS:
            return True
    if _in_the_text(verb):
        return False  # "… said in a joint statement published Thursday": a wrong day, not another venue
    for c in verb.children:
        # "Abiy said on Monday, after signing the declaration": words of another moment than the text
        if c.dep_ == "prep" and c.lower_ in {"after", "before", "following"}:
            return True
        if c.dep_ == "advcl" and any(
            m.dep_ == "mark" and m.lower_ in {"after", "before"} for m in c.children
        ):
            return True
    when = " ".join(
        t.text for c in verb.children if c.dep_ in {"npadvmod", "prep", "advmod"} for t in c.subtree
    )
    if (
        when
        and ctx.anchor is not None
        and any(_another_day(d, ctx, year=True) for d in dates(when, ctx.anchor, ctx.published))
    ):
        return True
    doc = verb.doc
    return any(t.lower_ in _ELSEWHERE_ADVERBS and t.i < 2 and t.head == verb for t in doc)


def attributed_elsewhere(doc: Any, ctx: VerifyContext) -> bool:
    """The sentence reports words someone other than the issuers said, or words said outside the
    statement (see ``said_elsewhere``)."""
    found = attribution(doc)
    if found is None:
        return False
    head, verb = found
    side = speaker_side(head, ctx)
    if verb is not None and _own_statement(head, verb, ctx):
        return True
    elsewhere = verb is not None and said_elsewhere(verb, ctx)
    if not (side == "other" or elsewhere):
        return side == "named" and another_government(head, ctx)
    if another_government(head, ctx):
        return True  # "The Kremlin said Trump and Putin agreed …": the Kremlin's account, not the statement's
    if any(
        len(q.text.split()) >= 4 and ctx.quotes.check(q).status != "not_found" for q in find_quotes(doc.text)
    ):
        return False  # the statement's own words, quoted wherever it was ("…,” he wrote on Twitter)
    # what was said: an issuer's act ("…, the U.S. side also agreed to…") is still a report of the event
    return not _reports_issuers_act(doc, verb, ctx)


def _own_statement(head: Any, verb: Any, ctx: VerifyContext) -> bool:
    """One person "said in a statement" of a text several issued: his own statement, not the joint one
    ("Abiy said in a statement issued at the end of his visit …"); "said in a joint statement" and "said
    in their statement" are the joint text."""
    if len(ctx.parties) < 2 or head.ent_type_ != "PERSON" or head.tag_ in {"NNS", "NNPS"}:
        return False
    if any(c.dep_ == "conj" for c in head.children):
        return False  # "Abiy and Isaias said in a statement": the two of them
    texts = [
        o
        for c in verb.children
        if c.dep_ == "prep" and c.lower_ in {"in", "through"}
        for o in c.children
        if o.dep_ == "pobj" and o.lemma_.lower() in TEXT_NOUNS
    ]
    return bool(texts) and not any(
        m.lower_ in {"joint", "their", "our"} for t in texts for m in t.children if m.i < t.i
    )


def _reports_issuers_act(doc: Any, verb: Any, ctx: VerifyContext) -> bool:
    """The clause a speaker's words carry has an issuer for its subject ("… said the U.S. side also agreed
    to …"); a pronoun there is the speaker's own ("…, we now hope for relief," a resident said)."""
    root = root_of(doc)
    clause = next((c for c in verb.children if c.dep_ == "ccomp"), None) if verb is not None else None
    if clause is None and root is not None and root is not verb:
        clause = root
    subj = next((c for c in clause.children if c.dep_ in _SUBJECTS), None) if clause is not None else None
    if subj is None or subj.pos_ == "PRON":
        return False
    # the issuers themselves, not what belongs to them ("the soldiers of the United Kingdom")
    itself = subj.ent_type_ or subj.lemma_.lower() in ISSUER_NOUNS | TEXT_NOUNS
    return bool(itself) and speaker_side(subj, ctx) == "issuer"


_GOING_ON = frozenset("he she it they i we".split())


def _others_own_words(doc: Any, ctx: VerifyContext) -> bool:
    """Someone the source never names says, in quotation marks, words the source does not hold ("Xi also
    affirmed that China will … “the building of a balanced … security architecture”"): his words, however
    much the sentence's other words echo the statement."""
    found = attribution(doc)
    if found is None or found[1] is None or speaker_side(found[0], ctx) != "other":
        return False
    quotes = [q for q in find_quotes(doc.text) if len(q.text.split()) >= 4]

    def foreign(text: str) -> bool:  # most of its words are not the statement's: not a garbled quote of it
        keys = content_keys(text)
        return bool(keys) and sum(k in ctx.source_keys for k in keys) < 0.5 * len(keys)

    return bool(quotes) and all(ctx.quotes.check(q).status == "not_found" and foreign(q.text) for q in quotes)


def _asks(text: str) -> bool:
    """The sentence is a question of the outlet's, not one it quotes ("Could Egypt and Ethiopia finally
    end the dispute?")."""
    t = text.strip()
    return t.rstrip("”\"’'").endswith("?") and t[:1] not in {'"', "“", "‘"} and not find_quotes(t)


def _names_a_speaker(doc: Any) -> bool:
    """A speaker is named outside the sentence's quotations ("…,” said X."; not "…the two sides agreed…”")."""
    found = attribution(doc)
    if found is None:
        return False
    at = (found[1] if found[1] is not None else found[0]).idx
    return not any(q.start <= at < q.end for q in find_quotes(doc.text))


def _same_speaker(head: Any, before: Any) -> bool:
    """The speaker is the person who spoke in the sentence before: a word of his name again ("Ahmed"
    after "Abiy Ahmed"), or a definite title with no name ("the Ethiopian Premier") after a named one."""
    prev = attribution(before)
    if prev is None or any(c.dep_ == "conj" for c in head.children):
        return False  # "al-Sisi and Ahmed agreed": the two of them, not the one who spoke before
    prev_person = [e for e in before.ents if e.label_ == "PERSON" and e.start <= prev[0].i < e.end]
    if not prev_person:
        return False
    mine = [e for e in head.doc.ents if e.label_ == "PERSON" and e.start <= head.i < e.end]
    bare = head.text[:1].isupper() and not any(c.dep_ == "det" for c in head.children)
    words = list(mine[0]) if mine else [head] if bare else []
    if words:  # "Dahl" after "Kari Dahl", whether or not the parser calls it a person
        return bool(set(_name_keys(words)) & set(_name_keys(prev_person[0])))
    return (
        head.pos_ in {"NOUN", "PROPN"}
        and any(c.dep_ == "det" and c.lower_ == "the" for c in head.children)
        and lexicon.lexname(head.lemma_.lower(), "n") == "noun.person"
    )


def continues_voice(doc: Any, ctx: VerifyContext, before: Any = None) -> bool:
    """The sentence goes on in the voice or the story of the one before it (``before``, its parse): it
    opens a quotation, or a "he", "she", "it" or "they" speaks or acts in it ("She revealed that …", "It
    vowed 'punishment'"), or the speaker before speaks again by name or by title ("Abiy … stated …" then
    "The Ethiopian Premier stressed, …"), and it reports no issuer's act of its own."""
    found = attribution(doc)
    if doc.text.lstrip()[:1] in {'"', "“", "‘"}:
        return not (found is not None and speaker_side(found[0], ctx) == "issuer")
    if found is not None and before is not None and _same_speaker(found[0], before):
        return not _reports_issuers_act(doc, found[1], ctx)
    head = found[0] if found is not None else None
    root = root_of(doc)
    if head is None and root is not None:
        head = next((c for c in root.children if c.dep_ in _SUBJECTS), None)
    if head is None or head.lower_ not in _GOING_ON:
        return False
    return not _reports_issuers_act(doc, found[1] if found is not None else None, ctx)


def at_another_time(doc: Any) -> bool:
    """An adverb on the main verb sets its act at another time than the statement's ("has previously
    asked", "Meanwhile, … has assured", "has said before")."""
    root = root_of(doc)
    return root is not None and any(
        c.dep_ == "advmod" and c.lower_ in _OTHER_TIME_ADVERBS for c in root.children
    )


def reports_the_event(doc: Any, ctx: VerifyContext) -> bool:
    """Whether a parsed sentence is built as a report of what the issuers or the text said or did: an
    issuer or the text says or acts in it ("the G20 vowed…", "…, with both sides stressing…", "made by
    the Kyrgyz side alone"), or the talks themselves are its subject ("Monday's call ranged from…")."""
    root = root_of(doc)
    if at_another_time(doc):
        return False  # "Egypt has previously asked …", "Meanwhile, the US has assured …": another time
    found = attribution(doc)
    side = speaker_side(found[0], ctx) if found is not None else None
    if side == "issuer":
        return True
    if root is not None and _placed_in_time(root):
        return False  # "The call came after seven aid workers were killed": when, among other events
    quoted = [(q.start, q.end) for q in find_quotes(doc.text)]
    for tok in doc:
        if any(a <= tok.idx < b for a, b in quoted):
            continue  # inside a quotation, "we" and "they" are the quoted speaker's
        if tok.dep_ in _SUBJECTS or (tok.dep_ == "pobj" and tok.head.dep_ == "agent"):
            verb = tok.head.head if tok.dep_ == "pobj" else tok.head
            lemma = verb.lemma_.lower()
            if not (lemma in REPORTING_VERBS or lemma in ACT_LEXICON or _speech_verb(verb)):
                continue
            if _in_a_time_clause(verb) or not _carries_the_report(verb, ctx):
                continue  # "… since Trump authorized the strike": when, not what the statement says
            # a pronoun that acts in the main clause ("He also welcomed…") is taken to be the issuer the
            # report is about; deeper down it is whoever the clause around it names ("X reported that
            # rebels announced they had seized power")
            main = verb.dep_ == "ROOT" or (verb.dep_ == "conj" and verb.head.dep_ == "ROOT")
            acting = tok.pos_ == "PRON" and tok.lower_ in _ACTING_PRONOUNS and main
            if acting or speaker_side(tok, ctx) == "issuer":
                return True
    if root is None:
        return False
    if (
        side != "other"
        and (root.lemma_.lower() in REPORTING_VERBS or _speech_verb(root))
        and _in_the_text(root)
    ):
        return True  # "This was stated in their joint statement issued …"
    subj = [c for c in root.children if c.dep_ in {"nsubj", "nsubjpass", "csubj"}]
    agent = [a for c in root.children if c.dep_ == "agent" for a in c.children]
    # the subject's own words, not the phrases hung on it ("the last meeting between the ministers")
    words = [t for s in subj + agent for t in _phrase(s, deep=False)]
    if not words:
        return False
    if side == "other":
        return False
    # a person the source never names is who he is, whatever his title holds ("UN Secretary-General
    # António Guterres joined …" of a Security Council statement): his title's words name no issuer
    strangers = {
        t.i
        for s in subj + agent
        for e in s.doc.ents
        if e.label_ == "PERSON" and e.start <= s.i < e.end and not _named_in_source(list(e), ctx)
        for t in _phrase(s, deep=False)
    }
    words = [t for t in words if t.i not in strangers]
    if not words:
        return False
    verb = root.lemma_.lower()
    acting = verb in REPORTING_VERBS or verb in ACT_LEXICON
    # an issuer as subject reports the statement when it speaks, acts as the statement's acts do, or
    # undertakes ("will provide"); in a state or a past event of the world it is background ("Armenia
    # and Azerbaijan have been at odds for decades", "ASEAN is split between …")
    issuer_acts = acting or _speech_verb(root) or bool(acts_of_verb(root) - {"report"})
    specific = [t for t in words if not _generic(t)]
    lemmas = {t.lemma_.lower() for t in specific} | {t.lower_ for t in specific}
    if lemmas & TEXT_NOUNS or (issuer_acts and lemmas & ISSUER_NOUNS):
        return True  # the text itself, whatever it does ("the statement makes no mention of …")
    heads = [t for t in words if t.dep_ in {"nsubj", "nsubjpass", "pobj"}]
    if any(t.lemma_.lower() in EVENT_NOUNS and word_key(t.text) in ctx.source_keys.keys for t in heads) and (
        not dated_elsewhere(doc.text, ctx)  # "the last meeting … was in 2015" is another event
    ):
        return True
    ents = [e for e in doc.ents if any(e.start <= t.i < e.end for t in words)]
    if issuer_acts and any(_is_party(e, ctx) for e in ents):
        return True
    # a named actor the source names too: "Whitcomb thanked Løvold…"; one it never names acts elsewhere,
    # and so does a third country the source names ("China has repeatedly rejected invitations …" of a
    # statement two others issued): the world the statement speaks of
    return acting and any(e.label_ in {"PERSON", "ORG"} and _named_in_source(list(e), ctx) for e in ents)


def _carries_the_report(verb: Any, ctx: VerifyContext) -> bool:
    """The verb's clause carries what the sentence reports, not a description hung on one of its words:
    not a relative clause ("Abiy arrived, where he was welcomed by Isaias"; "a diplomat it described
    as …"; "the first time NATO has said …"), not an adverbial clause with a subordinator ("as they
    signed the document"), not a participle on a noun that is no participant ("the date announced by
    the leaders"), and not the words of a speaker who said them at another moment ("X said after the
    meeting that the G7 would continue …")."""
    v = verb
    while v.dep_ != "ROOT" and v.head is not v:
        if v.dep_ == "relcl":
            return False
        if (
            v.dep_ == "advcl"
            and v.lemma_.lower() not in _SAYING
            and any(c.dep_ == "mark" for c in v.children)
        ):
            return False
        if v.dep_ == "acl" and v.head.dep_ not in {"attr", "appos", "nsubj", "nsubjpass", "ROOT"}:
            return False
        if v.dep_ == "ccomp" and _speech_verb(v.head) and said_elsewhere(v.head, ctx):
            return False
        v = v.head
    return True


#: Verbs that only place an event in time among others ("The statement came a week after …"), and the
#: verbs of issuing a text that do so in the passive ("The statement was issued after …").
_SEQUENCE_VERBS = frozenset("come follow".split())
_ISSUING_VERBS = frozenset("issue release publish".split())
_SEQUENCE_WORDS = frozenset("after as amid amidst following before since days weeks hours".split())


def _placed_in_time(root: Any) -> bool:
    """The main clause says no more than when the event (or the text) came: "The call came after …",
    "The leaders' conversation came as …", "The statement came almost a week after …"."""
    issued = root.lemma_.lower() in _ISSUING_VERBS and any(c.dep_ == "auxpass" for c in root.children)
    if root.lemma_.lower() not in _SEQUENCE_VERBS and not issued:
        return False
    return any(
        c.dep_ in {"prep", "advcl", "npadvmod", "advmod"}
        and (
            c.lower_ in _SEQUENCE_WORDS
            or any(m.dep_ == "mark" and m.lower_ in _SEQUENCE_WORDS for m in c.children)
        )
        for c in root.children
    )


#: Subordinators of a clause that says when something else happened ("since", "after", "before" …).
_TIME_MARKS = frozenset("since after before until till when once while".split())


def _in_a_time_clause(verb: Any) -> bool:
    """The verb heads, or sits inside, an adverbial clause of time: its act dates the main clause's."""
    for v in (verb, *verb.ancestors):
        if v.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in _TIME_MARKS for c in v.children):
            return True
        if v.dep_ == "ROOT":
            return False
    return False


_INDEFINITE = frozenset("a an another some any such".split())


def _generic(tok: Any) -> bool:
    """A noun that names a kind, not this statement or its issuers: texts in the plural ("Ministerial
    declarations are easy to sign", "Such press statements are agreed by consensus") and an indefinite
    body ("a group calling itself …"; "according to a statement" is this one, as often as not). A person stays who he is ("an
    official said" speaks for a government unnamed), by WordNet's sense of the noun."""
    lemma = tok.lemma_.lower()
    if lemma in TEXT_NOUNS and tok.tag_ in {"NNS", "NNPS"}:
        return True
    return (
        lemma not in TEXT_NOUNS  # "according to a statement" is this statement, as often as not
        and any(c.dep_ in {"det", "amod", "predet"} and c.lower_ in _INDEFINITE for c in tok.children)
        and lexicon.lexname(lemma, "n") != "noun.person"
    )


def shares_a_day(mine: Sequence[DateRef], others: Sequence[DateRef]) -> bool:
    """One of ``mine`` gives a day and month (not a bare weekday) that one of ``others`` gives too."""
    return any(
        d.day
        and d.month
        and not d.weekday
        and any(
            (s.day, s.month) == (d.day, d.month) and (not d.year or not s.year or s.year == d.year)
            for s in others
        )
        for d in mine
    )


def dated_like_source(text: str, ctx: VerifyContext) -> bool:
    """The text, its dateline aside, gives a day and month that a date of the source gives too."""
    return shares_a_day(reported_dates(text, ctx.anchor, published=ctx.published), ctx.source_dates)


def dated_elsewhere(text: str, ctx: VerifyContext) -> bool:
    """The sentence dates what it tells to another time than the statement's: a year before the
    statement's that the source never gives ("in 2015", "since July 2021"), or a day the source never
    gives that is not the statement's own."""
    if ctx.anchor is None:
        return False
    anchor = ctx.anchor
    for d in reported_dates(text, anchor, published=ctx.published):
        if d.year and d.year < anchor.year and not any(s.year == d.year for s in ctx.source_dates):
            return True
        if _another_day(d, ctx):
            return True
    return False


def dated_before(text: str, ctx: VerifyContext) -> bool:
    """Everything the sentence dates is well before the statement — a week or more, an earlier month or
    year — and in no month the source gives ("Recall that on September 19, Azerbaijan announced …",
    "In November, Pashinyan said …" of a December statement): an earlier event, not this one, whoever
    acts in it. A date in a month the source gives may be its history told wrong ("agreed on Feb. 19"
    where the source says 9 February), and stays to be checked."""
    anchor = ctx.anchor
    if anchor is None:
        return False
    # a year alone that is the statement's own ("of this year") places nothing
    found = [
        d
        for d in reported_dates(text, anchor, published=ctx.published)
        if d.month or (d.year and d.year != anchor.year)
    ]
    if not found:
        return False
    for d in found:
        year = d.year or anchor.year
        if any((s.year or year, s.month) == (year, d.month) for s in ctx.source_dates if s.month):
            return False
        if d.month is None:
            if year >= anchor.year or any(s.year == year for s in ctx.source_dates):
                return False
        elif d.day:
            try:
                when = dt.date(year, d.month, d.day)
            except ValueError:
                return False
            if (anchor - when).days < 7:
                return False
        elif (year, d.month) >= (anchor.year, anchor.month):
            return False
    return True


def _another_day(d: DateRef, ctx: VerifyContext, *, year: bool = False) -> bool:
    """A day and month that are neither the statement's (with ``year``, the same day in another year is
    another day) nor any the source gives."""
    anchor = ctx.anchor
    if anchor is None or not (d.day and d.month):
        return False
    mine = ((d.year or anchor.year) if year else anchor.year, d.month, d.day)
    return mine != (anchor.year, anchor.month, anchor.day) and not any(
        (s.month, s.day) == (d.month, d.day) for s in ctx.source_dates
    )


def decide_kind(
    sentence: Sentence,
    best: float,
    doc: Any,
    ctx: VerifyContext,
    previous: tuple[Kind, str | None] | None = None,
    quoted_in: Any = None,
    before: Any = None,
    closes_quote: bool = False,
) -> tuple[Kind, str | None]:
    """Claim or commentary, weighing the parser's commentary cues and the sentence's build against the
    source's support; with the reason for a commentary (``opinion``, ``attributed``, ``background``).
    ``previous`` is the kind and reason of the article's sentence before (headings and credits aside): a
    sentence that goes on in another's voice or story (``continues_voice``) stays where that one was;
    ``quoted_in`` is the parse of the sentence closing a quotation this one is inside, whose speaker
    is this one's too; ``before`` the parse of that sentence before; ``closes_quote``: this sentence
    closes a quotation opened before it, whose speaker, when it names none, is the one before's."""
    if sentence.kind not in {"claim", "commentary"}:
        return sentence.kind, sentence.kind_reason
    cfg = ctx.config.get("kinds", {})
    if _asks(sentence.text):
        return "commentary", "opinion"  # the outlet's own question asserts nothing the statement could hold
    if sentence.opinion >= 1.0:
        strong = best >= cfg.get("commentary_support", 0.65)
        return (
            ("claim", None) if strong or dated_like_source(sentence.text, ctx) else ("commentary", "opinion")
        )
    if ctx.summary:  # a summary of the source (pairs mode) has no background and quotes no one else
        return "claim", None
    if (
        closes_quote
        and previous == ("commentary", "attributed")
        and doc is not None
        and not _names_a_speaker(doc)
    ):
        # the end of a quotation its opening sentence gave to someone else, however close to the text
        return "commentary", "attributed"
    if doc is not None and _others_own_words(doc, ctx):
        return "commentary", "attributed"
    if doc is not None and best < cfg.get("attributed_support", 0.65):
        if attributed_elsewhere(doc, ctx) or (quoted_in is not None and attributed_elsewhere(quoted_in, ctx)):
            return "commentary", "attributed"
        if (
            previous is not None
            and previous[0] == "commentary"
            and previous[1] in {"attributed", "background"}
            and continues_voice(doc, ctx, before)
        ):
            return "commentary", previous[1]
        if dated_before(sentence.text, ctx) or (
            dated_elsewhere(sentence.text, ctx) and not reports_the_event(doc, ctx)
        ):
            return "commentary", "background"
        if at_another_time(doc):
            return "commentary", "background"  # "Egypt has previously asked …": another time's act
    if (
        best < cfg.get("background_support", 0.45)
        and doc is not None
        and not reports_the_event(doc, ctx)
        and not dated_like_source(sentence.text, ctx)
    ):
        return "commentary", "background"
    return "claim", None
