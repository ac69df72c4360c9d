"""Write the entailment judge's training pairs: claims made from statement passages, plus licensed pairs.

Domain pairs, in the manner of MiniCheck (claims written to be hard): from each sentence of the real
statements in ``shared/corpus/real-statements/`` and of the statements in ``scripts/judge_statements/``,

* faithful rewordings, label 1: WordNet synonyms, a modifier or list member dropped, reported speech
  ("The two leaders said they would…"), names in other forms (a capital for its country, a surname for a
  full name, "U.S." for "United States"), two neighbouring sentences merged into one;
* minimal fluent edits, label 0, each with its defect type: ``number``, ``date``, ``place``, ``party``,
  ``role`` (two parties swapped), ``polarity``, ``modality``, ``scope``, ``added`` (a phrase taken from
  another passage), and ``missing`` (a near-miss premise: the sentence the claim needs is dropped).

The premise is a small window of the source (the sentence and its neighbours). Licensed pairs come from
``shared/eval/train/`` (read there at run time, never copied into the repository); rows whose source also
opens an external benchmark document are dropped, and so are the SummaCoz rows built from FRANK.

    python scripts/make_judge_data.py OUT.jsonl [--seed 13] [--external-per-set 1200]

Writes OUT.jsonl (``premise``, ``claim``, ``label``, ``origin``, ``defect``) and OUT.manifest.json (inputs
with their SHA-256, counts by origin and defect, the seed).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from communique.gazetteer import CAPITALS  # noqa: E402
from communique.judge import premise as pick_premise  # noqa: E402
from communique.judge import sentences as split_sentences  # noqa: E402
from communique.lexicon import antonyms, wordnet  # noqa: E402

SHARED = ROOT.parent / "shared"
if not SHARED.is_dir():
    SHARED = Path("/work/shared")
STATEMENTS = [SHARED / "corpus" / "real-statements", ROOT / "scripts" / "judge_statements"]
TRAIN = SHARED / "eval" / "train"
EXTERNAL = SHARED / "eval" / "external"

# Speech-act force, strongest first within a family; a move across the list changes what was said.
MODAL_WEAKER = {"will": ["may", "could", "might"], "must": ["may", "could"], "shall": ["may"],
                "would": ["might", "could"]}  # fmt: skip
MODAL_STRONGER = {"may": ["will", "must"], "might": ["will"], "could": ["will", "must"],
                  "should": ["must", "will"]}  # fmt: skip
COMMIT_VERBS = {"committed": "considered committing", "agreed": "discussed whether", "pledged": "considered pledging",
                "decided": "considered whether", "resolved": "hoped", "vowed": "hoped",
                "affirmed": "questioned", "reaffirmed": "reconsidered", "welcomed": "noted",
                "condemned": "discussed", "announced": "considered", "launched": "proposed",
                "signed": "discussed", "endorsed": "discussed", "approved": "discussed",
                "intend": "hope", "intends": "hopes", "plan": "may try", "plans": "may try"}  # fmt: skip
SCOPE = {"all": "some", "every": "some", "both": "one of the", "each": "some", "some": "all",
         "many": "all", "several": "all", "any": "every", "most": "all", "full": "partial",
         "complete": "partial", "fully": "partly", "entire": "part of the"}  # fmt: skip
WORD_NUMBERS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
                "twelve"]  # fmt: skip
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]  # fmt: skip
REPORTERS = ["said", "stated", "announced", "declared", "noted"]
ALIASES = {"United States": ["U.S.", "US", "Washington", "America"], "U.S.": ["United States", "US"],
           "United Kingdom": ["UK", "Britain", "London"], "People's Republic of China": ["China", "Beijing"],
           "PRC": ["China", "Beijing"], "Republic of Korea": ["South Korea", "Seoul"], "ROK": ["South Korea"],
           "European Union": ["EU"], "United Nations": ["UN", "U.N."], "Russian Federation": ["Russia"]}  # fmt: skip
COUNTRY_CAPITAL = {}
for _cap, _country in CAPITALS.items():
    COUNTRY_CAPITAL.setdefault(_country, _cap)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def lc_first(text: str, ents: set[str]) -> str:
    """``text`` with its first letter lowered unless it opens a name."""
    if not text or any(text.startswith(e) for e in ents) or text[:2].isupper():
        return text
    first = text.split(" ", 1)[0]
    if first in {"I"}:
        return text
    return text[0].lower() + text[1:]


def strip_end(text: str) -> str:
    return text.rstrip().rstrip(".;:!")


# ----- edits over a spaCy sentence: each returns the new claim or None -----


def replace_span(sent: Any, start: int, end: int, new: str) -> str:
    """The sentence text with tokens [start, end) (sentence-relative) replaced by ``new``."""
    toks = list(sent)
    a = toks[start].idx - sent.start_char
    b = toks[end - 1].idx + len(toks[end - 1].text) - sent.start_char
    text = sent.text
    out = text[:a] + new + text[b:]
    out = re.sub(r"\s{2,}", " ", out).replace(" ,", ",").replace(" .", ".").replace(" ;", ";")
    return re.sub(r"\b(the) the\b", r"\1", out, flags=re.I).strip()


def ent_rel(sent: Any, ent: Any) -> tuple[int, int]:
    return ent.start - sent.start, ent.end - sent.start


def edit_number(sent: Any, rng: random.Random, pools: dict[str, list[str]]) -> str | None:
    for ent in rng.sample(list(sent.ents), len(sent.ents)):
        if ent.label_ not in {"CARDINAL", "MONEY", "PERCENT", "QUANTITY"}:
            continue
        m = re.search(r"\d[\d,]*(?:\.\d+)?", ent.text)
        if m:
            value = float(m.group().replace(",", ""))
            new_value = (
                value * rng.choice([2, 3, 0.5, 10]) if value > 20 else value + rng.choice([1, 2, 3, 5])
            )
            fmt = f"{new_value:,.0f}" if new_value == int(new_value) else f"{new_value:,.1f}"
            if "," not in m.group():
                fmt = fmt.replace(",", "")
            new = ent.text[: m.start()] + fmt + ent.text[m.end() :]
        else:
            low = ent.text.lower()
            hit = next((w for w in WORD_NUMBERS if re.search(rf"\b{w}\b", low)), None)
            if hit is None:
                continue
            other = rng.choice([w for w in WORD_NUMBERS if w != hit])
            new = re.sub(rf"\b{hit}\b", other, ent.text, flags=re.I)
        a, b = ent_rel(sent, ent)
        return replace_span(sent, a, b, new)
    # "two leaders", "three pillars": a number word the parser did not tag as an entity
    for t in sent:
        if t.like_num and t.lower_ in WORD_NUMBERS:
            other = rng.choice([w for w in WORD_NUMBERS if w != t.lower_])
            return replace_span(sent, t.i - sent.start, t.i - sent.start + 1, other)
    return None


def edit_date(sent: Any, rng: random.Random, pools: dict[str, list[str]]) -> str | None:
    for ent in sent.ents:
        if ent.label_ not in {"DATE", "TIME"}:
            continue
        text = ent.text
        month = next((m for m in MONTHS if m in text), None)
        year = re.search(r"\b(19|20)\d\d\b", text)
        day = re.search(r"\b([1-9]|[12]\d|3[01])\b", text)
        if month and rng.random() < 0.5:
            new = text.replace(month, rng.choice([m for m in MONTHS if m != month]))
        elif year:
            y = int(year.group())
            new = text[: year.start()] + str(y + rng.choice([-2, -1, 1, 2, 3])) + text[year.end() :]
        elif month:
            new = text.replace(month, rng.choice([m for m in MONTHS if m != month]))
        elif day:
            d = int(day.group())
            new = text[: day.start()] + str(d % 28 + rng.choice([1, 3, 7])) + text[day.end() :]
        else:
            swaps = {"today": "yesterday", "next year": "this year", "this year": "next year",
                     "annual": "biennial", "weekly": "monthly", "monthly": "weekly", "2030": "2035",
                     "next month": "next year", "the coming weeks": "the coming years",
                     "the coming months": "the coming years", "year": "decade", "months": "years",
                     "weeks": "months", "days": "weeks"}  # fmt: skip
            hit = next((k for k in swaps if k in text.lower()), None)
            if hit is None:
                continue
            new = re.sub(re.escape(hit), swaps[hit], text, count=1, flags=re.I)
        if new != text:
            a, b = ent_rel(sent, ent)
            return replace_span(sent, a, b, new)
    return None


def _swap_entity(sent: Any, rng: random.Random, pool: list[str], labels: set[str]) -> str | None:
    ents = [e for e in sent.ents if e.label_ in labels]
    rng.shuffle(ents)
    for ent in ents:
        in_sent = {e.text for e in sent.ents}
        choices = [p for p in pool if p not in in_sent and p.lower() not in ent.text.lower()
                   and ent.text.lower() not in p.lower()]  # fmt: skip
        if not choices:
            continue
        a, b = ent_rel(sent, ent)
        return replace_span(sent, a, b, rng.choice(choices))
    return None


def edit_place(sent: Any, rng: random.Random, pools: dict[str, list[str]]) -> str | None:
    return _swap_entity(sent, rng, pools["place"], {"GPE", "LOC", "FAC"})


def edit_party(sent: Any, rng: random.Random, pools: dict[str, list[str]]) -> str | None:
    return _swap_entity(sent, rng, pools["party"], {"PERSON", "ORG", "NORP"})


def edit_role(sent: Any, rng: random.Random, pools: dict[str, list[str]]) -> str | None:
    """Two parties of the sentence trade places ("A urged B" → "B urged A")."""
    ents = [e for e in sent.ents if e.label_ in {"PERSON", "ORG", "NORP", "GPE"}]
    labels = Counter(e.label_ for e in ents)
    ents = [e for e in ents if labels[e.label_] >= 2]
    uniq: list[Any] = []
    for e in ents:
        if all(e.text != u.text for u in uniq):
            uniq.append(e)
    if len(uniq) < 2:
        return None
    x = rng.choice(uniq)
    same = [u for u in uniq if u.label_ == x.label_ and u.text != x.text]
    if not same:
        return None
    y = rng.choice(same)
    if x.start > y.start:
        x, y = y, x
    if x.end > y.start:
        return None
    base = sent.start_char
    text = sent.text
    xa, xb = x.start_char - base, x.end_char - base
    ya, yb = y.start_char - base, y.end_char - base
    return text[:xa] + y.text + text[xb:ya] + x.text + text[yb:]


def edit_polarity(sent: Any, rng: random.Random, pools: dict[str, list[str]]) -> str | None:
    toks = list(sent)
    negs = [t for t in toks if t.dep_ == "neg"]
    if negs:
        t = negs[0]
        i = t.i - sent.start
        if t.lower_ in {"not", "n't"}:
            return replace_span(sent, i - 1, i + 1, toks[i - 1].text) if i > 0 else None
        if t.lower_ == "never":
            return replace_span(sent, i, i + 1, "always")
        return None
    # an antonym of an adjective or a main verb, from WordNet's most frequent senses
    cands = [t for t in toks if t.pos_ == "ADJ" and t.tag_ == "JJ"]
    rng.shuffle(cands)
    for t in cands:
        opp = sorted(a for a in antonyms(t.lemma_.lower(), "ADJ") if " " not in a)
        if opp:
            return replace_span(sent, t.i - sent.start, t.i - sent.start + 1, rng.choice(opp))
    # "will continue" → "will not continue"
    for t in toks:
        if t.tag_ == "MD" or (t.lemma_ in {"be", "have", "do"} and t.dep_ in {"aux", "auxpass", "ROOT"}
                              and t.head.pos_ in {"VERB", "AUX"}):  # fmt: skip
            i = t.i - sent.start
            return replace_span(sent, i, i + 1, t.text + " not")
    root = sent.root
    if root.pos_ == "VERB" and root.tag_ in {"VBD", "VBZ", "VBP"}:
        aux = {"VBD": "did not", "VBZ": "does not", "VBP": "do not"}[root.tag_]
        i = root.i - sent.start
        return replace_span(sent, i, i + 1, f"{aux} {root.lemma_}")
    return None


def edit_modality(sent: Any, rng: random.Random, pools: dict[str, list[str]]) -> str | None:
    toks = list(sent)
    for t in toks:
        low = t.lower_
        i = t.i - sent.start
        if t.tag_ == "MD" and low in MODAL_WEAKER and rng.random() < 0.8:
            return replace_span(sent, i, i + 1, rng.choice(MODAL_WEAKER[low]))
        if t.tag_ == "MD" and low in MODAL_STRONGER:
            return replace_span(sent, i, i + 1, rng.choice(MODAL_STRONGER[low]))
    for t in toks:
        if t.lower_ in COMMIT_VERBS and t.pos_ == "VERB":
            i = t.i - sent.start
            nxt = toks[i + 1].lower_ if i + 1 < len(toks) else ""
            new = COMMIT_VERBS[t.lower_]
            if new.endswith("whether") and nxt != "to":
                new = new.split()[0]
            if new.endswith("committing") and nxt == "to":
                new = "considered"
            return replace_span(sent, i, i + 1, new)
    return None


def edit_scope(sent: Any, rng: random.Random, pools: dict[str, list[str]]) -> str | None:
    toks = list(sent)
    cands = [t for t in toks if t.lower_ in SCOPE and t.pos_ in {"DET", "ADJ", "ADV", "PRON", "NUM"}]
    if cands:
        t = rng.choice(cands)
        new = SCOPE[t.lower_]
        if t.text[0].isupper():
            new = new[0].upper() + new[1:]
        return replace_span(sent, t.i - sent.start, t.i - sent.start + 1, new)
    # "the countries of the region" → "all countries of the region"; "partners" → "all partners"
    plurals = [
        t for t in toks if t.tag_ == "NNS" and t.dep_ in {"dobj", "pobj", "nsubj"} and t.i > sent.start
    ]
    if plurals:
        t = rng.choice(plurals)
        i = t.i - sent.start
        left = toks[i - 1]
        if left.lower_ == "the":
            return replace_span(sent, i - 1, i, "all the")
        if left.pos_ in {"ADJ", "NOUN", "ADP", "VERB"}:
            return replace_span(sent, i, i + 1, "all " + t.text) if left.pos_ in {"ADP", "VERB"} else None
    return None


def edit_added(sent: Any, rng: random.Random, pools: dict[str, list[str]]) -> str | None:
    """A phrase from another passage added: a modifier before a noun, or a phrase at the end."""
    toks = list(sent)
    if rng.random() < 0.45 and pools["adjectives"]:
        nouns = [t for t in toks if t.pos_ == "NOUN" and t.tag_ in {"NN", "NNS"}
                 and not any(c.dep_ == "amod" for c in t.children)]  # fmt: skip
        if nouns:
            t = rng.choice(nouns)
            adj = rng.choice(pools["adjectives"])
            i = t.i - sent.start
            return replace_span(sent, i, i + 1, f"{adj} {t.text}")
    phrase = rng.choice(pools["phrases"])
    if phrase.lower() in sent.text.lower():
        return None
    return strip_end(sent.text) + " " + phrase + "."


# ----- faithful rewordings -----


def para_synonyms(sent: Any, rng: random.Random) -> str | None:
    wn = wordnet()
    if wn is None:
        return None
    pos_map = {"ADJ": "a", "NOUN": "n", "VERB": "v", "ADV": "r"}
    cands = [t for t in sent if t.pos_ in pos_map and t.tag_ in {"JJ", "NN", "VB", "RB", "VBP"}
             and not t.ent_type_ and len(t.text) > 3 and t.lemma_.lower() == t.lower_]  # fmt: skip
    rng.shuffle(cands)
    text = sent.text
    done = 0
    for t in cands:
        synsets = list(wn.synsets(t.lower_, pos=pos_map[t.pos_]))[:1]
        if not synsets:
            continue
        names = [n.replace("_", " ") for n in synsets[0].lemma_names()
                 if n.lower() != t.lower_ and "_" not in n and n.islower()]  # fmt: skip
        if not names:
            continue
        new = rng.choice(names)
        a = t.idx - sent.start_char
        b = a + len(t.text)
        text = text[:a] + new + text[b:]
        done += 1
        break
    return text if done else None


def para_drop(sent: Any, rng: random.Random) -> str | None:
    """A modifier, a list member or a trailing phrase dropped: the rest still follows from the source."""
    toks = list(sent)
    if any(t.dep_ == "neg" or t.lower_ in {"no", "never", "without", "nor"} for t in toks):
        return None  # under a negation, a shorter claim says more, not less
    # a conjunct of a list ("A, B and C" → "A and C")
    conj = [t for t in toks if t.dep_ == "conj" and t.head.i < t.i and t.pos_ in {"NOUN", "PROPN"}]
    if conj and rng.random() < 0.5:
        t = rng.choice(conj)
        sub = list(t.subtree)
        a, b = sub[0].i - sent.start, sub[-1].i - sent.start + 1
        left = toks[a - 1] if a > 0 else None
        if left is not None and left.dep_ == "cc":
            a -= 1
            if a > 0 and toks[a - 1].text == ",":
                a -= 1
        elif left is not None and left.text == ",":
            a -= 1
        if a > 0:
            return replace_span(sent, a, b, "") if b < len(toks) else strip_end(sent[:a].text) + "."
    mods = [t for t in toks if t.dep_ in {"amod", "advmod"} and t.pos_ in {"ADJ", "ADV"}
            and t.lower_ not in SCOPE and t.lower_ not in {"not", "never", "only", "no"}
            and not t.ent_type_ and len(list(t.subtree)) == 1]  # fmt: skip
    preps = [t for t in toks if t.dep_ == "prep" and t.head.pos_ in {"NOUN", "VERB"} and 2 <= len(list(t.subtree)) <= 8
             and not any(s.ent_type_ in {"DATE", "CARDINAL", "MONEY", "PERCENT"} for s in t.subtree)]  # fmt: skip
    pick = rng.choice(mods + preps) if mods or preps else None
    if pick is None:
        return None
    sub = list(pick.subtree)
    a, b = sub[0].i - sent.start, sub[-1].i - sent.start + 1
    if a == 0:
        return None
    out = replace_span(sent, a, b, "")
    return out if len(out.split()) >= 5 else None


def para_reported(sent: Any, rng: random.Random, speakers: list[str]) -> str | None:
    body = strip_end(sent.text)
    if len(body.split()) < 5 or body.endswith("?"):
        return None
    speaker = rng.choice(speakers)
    verb = rng.choice(REPORTERS)
    if rng.random() < 0.5:
        body = re.sub(r"\bwill\b", "would", body)
        body = re.sub(r"\bare\b", "were", body)
        body = re.sub(r"\bis\b", "was", body)
        body = re.sub(r"\bhave\b", "had", body)
        body = re.sub(r"\bhas\b", "had", body)
    if rng.random() < 0.5:
        return _reword_after(body, [speaker], rng) if verb else ""
    return f"{body}, {speaker[0].lower() + speaker[1:] if speaker.startswith('The ') else speaker} {verb}."


def para_names(sent: Any, rng: random.Random) -> str | None:
    text = sent.text
    for long_, shorts in ALIASES.items():
        if long_ in text:
            return text.replace(long_, rng.choice(shorts), 1)
    for ent in sent.ents:
        if ent.label_ == "GPE" and ent.text in COUNTRY_CAPITAL and rng.random() < 0.7:
            return text.replace(ent.text, COUNTRY_CAPITAL[ent.text], 1)
        if ent.label_ == "PERSON" and len(ent.text.split()) >= 2:
            surname = ent.text.replace(", Jr.", "").split()[-1]
            return text.replace(ent.text, surname, 1)
    return None


def merge(s1: Any, s2: Any, rng: random.Random) -> str | None:
    a, b = strip_end(s1.text), strip_end(s2.text)
    if len(a.split()) + len(b.split()) > 60 or len(b.split()) < 4:
        return None
    ents = {e.text for e in s2.ents}
    joiner = rng.choice([", and ", "; ", ", while "])
    return f"{a}{joiner}{lc_first(b, ents)}."


# ----- building pairs -----


def window(sents: list[str], i: int, rng: random.Random, drop: set[int] | None = None) -> str:
    """The sentence and a neighbour or two on each side (minus ``drop``), cut to about 120 words."""
    lo, hi = max(0, i - rng.choice([0, 1, 1])), min(len(sents), i + rng.choice([1, 2, 2]))
    idx = [k for k in range(lo, hi) if not drop or k not in drop]
    if drop:
        # keep the window's size: take the next sentences beyond it instead of the dropped one
        k = hi
        while len(idx) < hi - lo and k < len(sents):
            idx.append(k)
            k += 1
        k = lo - 1
        while len(idx) < hi - lo and k >= 0:
            idx.insert(0, k)
            k -= 1
    text = " ".join(sents[k] for k in sorted(idx))
    words = text.split()
    return " ".join(words[:120])


def doc_sentences(nlp: Any, path: Path) -> list[Any]:
    text = path.read_text(encoding="utf-8")
    paras = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    # the title and dateline say who and when: keep them out of the passages
    out = []
    for doc in nlp.pipe(paras[1:]):
        out.extend(s for s in doc.sents if len(s.text.split()) >= 6 and s.text.strip()[-1:] in '.!?"”')
    return out


def speakers_of(sents: list[Any], rng: random.Random) -> list[str]:
    people = [e.text for s in sents for e in s.ents if e.label_ == "PERSON" and len(e.text.split()) >= 2]
    generic = ["The statement", "The joint statement", "Officials", "The White House", "The two sides",
               "The leaders", "The governments"]  # fmt: skip
    return generic + people[:6]


def domain_pairs(rng: random.Random, inputs: dict[str, str], rounds: int) -> Iterator[dict[str, Any]]:
    from communique.nlp import load_spacy

    nlp = load_spacy("en_core_web_sm")
    files = sorted(p for d in STATEMENTS if d.is_dir() for p in d.glob("*.txt"))
    docs = []
    for p in files:
        inputs[str(p.relative_to(p.parents[1]))] = sha256(p)
        docs.append((p.stem, doc_sentences(nlp, p)))
    pools: dict[str, list[str]] = {"place": [], "party": [], "adjectives": [], "phrases": []}
    for _, sents in docs:
        for s in sents:
            for e in s.ents:
                if e.label_ in {"GPE", "LOC"}:
                    pools["place"].append(e.text)
                elif e.label_ in {"PERSON", "ORG", "NORP"} and len(e.text) > 2:
                    pools["party"].append(e.text)
            for t in s:
                if t.dep_ == "amod" and t.tag_ == "JJ" and not t.ent_type_ and t.lower_ not in SCOPE:
                    pools["adjectives"].append(t.lower_)
                if t.dep_ == "prep" and t.head.pos_ == "VERB" and 3 <= len(list(t.subtree)) <= 7:
                    pools["phrases"].append(" ".join(x.text for x in t.subtree))
    for k in pools:
        pools[k] = sorted(set(pools[k]))
    edits: list[tuple[str, Callable[[Any, random.Random, dict[str, list[str]]], str | None]]] = [
        ("number", edit_number), ("date", edit_date), ("place", edit_place), ("party", edit_party),
        ("role", edit_role), ("polarity", edit_polarity), ("modality", edit_modality),
        ("scope", edit_scope), ("added", edit_added),
    ]  # fmt: skip
    for name, sents in [d for _ in range(rounds) for d in docs]:
        texts = [s.text.strip() for s in sents]
        speakers = speakers_of(sents, rng)
        for i, s in enumerate(sents):

            def pair(
                claim: str | None,
                label: int,
                defect: str,
                drop: set[int] | None = None,
                *,
                i: int = i,
                texts: list[str] = texts,
                name: str = name,
            ) -> dict[str, Any] | None:
                if not claim or claim.strip() == "" or (label == 0 and claim.strip() == texts[i]):
                    return None
                return {"premise": window(texts, i, rng, drop), "claim": claim.strip(), "label": label,
                        "origin": f"domain:{name}", "defect": defect}  # fmt: skip

            made: list[dict[str, Any] | None] = []
            # faithful: each reworder once, a second synonym draw, and sometimes the sentence as it stands
            made.append(pair(para_synonyms(s, rng), 1, "synonym"))
            made.append(pair(para_synonyms(s, rng), 1, "synonym"))
            made.append(pair(para_drop(s, rng), 1, "dropped_modifier"))
            made.append(pair(para_reported(s, rng, speakers), 1, "reported_speech"))
            made.append(pair(para_names(s, rng), 1, "name_form"))
            if rng.random() < 0.25:
                made.append(pair(texts[i], 1, "verbatim"))
            if i + 1 < len(sents):
                merged = merge(s, sents[i + 1], rng)
                made.append(pair(merged, 1, "merged"))
                # near-miss: the second sentence the merged claim needs is not in the premise
                if merged is not None:
                    made.append(pair(merged, 0, "missing", drop={i + 1}))
            # near-miss on a single sentence: its neighbours only
            if rng.random() < 0.5:
                reworded = para_synonyms(s, rng) or para_drop(s, rng) or texts[i]
                made.append(pair(reworded, 0, "missing", drop={i}))
            for defect, fn in edits:
                claim = fn(s, rng, pools)
                if claim is not None and rng.random() < 0.35:
                    # the edit sits inside a reworded sentence, so that the rewording is no cue for it
                    made.append(pair(_reword_after(claim, speakers, rng), 0, defect))
                else:
                    made.append(pair(claim, 0, defect))
            for row in made:
                if row is not None:
                    yield row


LOWER_OPENERS = {"the", "our", "we", "they", "both", "this", "these", "it", "its", "all", "in", "on", "as",
                 "at", "to", "for", "with", "by", "he", "she", "his", "her", "their", "each", "a", "an"}  # fmt: skip


def _reword_after(claim: str, speakers: list[str], rng: random.Random) -> str:
    body = strip_end(claim)
    first = body.split(" ", 1)[0]
    if first.lower() in LOWER_OPENERS:
        body = body[0].lower() + body[1:]
    return f"{rng.choice(speakers)} {rng.choice(REPORTERS)} that {body}."


# ----- licensed pairs -----


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", text.lower())[:160]


def external_prefixes() -> set[str]:
    keys: set[str] = set()
    for f in sorted(EXTERNAL.glob("*.pairs.jsonl")):
        for line in f.open(encoding="utf-8"):
            row = json.loads(line)
            keys.add(_norm(row["source"]))
    return keys


def licensed_pairs(rng: random.Random, per_set: int, inputs: dict[str, str]) -> Iterator[dict[str, Any]]:
    banned = external_prefixes()
    plan = {"summacoz": {"val"}, "cogensumm": {"val"}, "citint": {"train", "dev"}, "fib": {"test"},
            "factcheck_gpt": {"test"}, "wice": {"dev"}}  # fmt: skip
    for name, splits in plan.items():
        rows = []
        for f in sorted(TRAIN.glob(f"{name}*.jsonl")):
            inputs[f"eval/train/{f.name}"] = sha256(f)
            for line in f.open(encoding="utf-8"):
                row = json.loads(line)
                if row["split"] not in splits or row["label"] not in (0, 1):
                    continue
                if name == "summacoz" and "benchmark=frank" in (row.get("note") or ""):
                    continue
                if _norm(row["source"]) in banned:
                    continue
                rows.append(row)
        rng.shuffle(rows)
        # balance the labels inside each set, up to per_set rows
        pos = [r for r in rows if r["label"] == 1][: per_set // 2]
        neg = [r for r in rows if r["label"] == 0][: per_set - len(pos)]
        for row in pos + neg:
            src = row["source"]
            if name == "wice" and row.get("supporting_sentences"):
                lines = src.split("\n")
                keep = sorted({k for group in row["supporting_sentences"] for k in group if k < len(lines)})
                src = "\n".join(lines[max(0, k - 1)] for k in keep[:4]) or src
            claim = re.sub(r"<\|[a-z_]+\|>", "", row["claim"]).strip()
            for part in split_sentences(claim)[:3] if row["label"] == 1 else [claim]:
                # every sentence of a supported text is supported; an unsupported one is judged whole
                yield {"premise": pick_premise(src, part), "claim": part, "label": row["label"],
                       "origin": f"{name}:{row['split']}", "defect": row.get("fine_label") or ""}  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--external-per-set", type=int, default=1200)
    ap.add_argument("--no-external", action="store_true")
    ap.add_argument(
        "--domain-rounds", type=int, default=3, help="passes over the statements, each drawing anew"
    )
    a = ap.parse_args()
    rng = random.Random(a.seed)
    inputs: dict[str, str] = {}
    rows = list(domain_pairs(rng, inputs, a.domain_rounds))
    if not a.no_external:
        rows.extend(licensed_pairs(rng, a.external_per_set, inputs))
    seen: set[tuple[str, str]] = set()
    unique = []
    for r in rows:
        key = (r["premise"], r["claim"])
        if key not in seen:
            seen.add(key)
            unique.append(r)
    rng.shuffle(unique)
    a.out.parent.mkdir(parents=True, exist_ok=True)
    with a.out.open("w", encoding="utf-8") as fh:
        for r in unique:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    manifest = {
        "seed": a.seed,
        "domain_rounds": a.domain_rounds,
        "external_per_set": 0 if a.no_external else a.external_per_set,
        "inputs": inputs,
        "rows": len(unique),
        "labels": dict(Counter(str(r["label"]) for r in unique)),
        "by_origin": dict(Counter(r["origin"].split(":")[0] for r in unique)),
        "domain_defects": dict(Counter(r["defect"] for r in unique if r["origin"].startswith("domain"))),
        "output_sha256": sha256(a.out),
    }
    a.out.with_suffix(".manifest.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    print(json.dumps({k: manifest[k] for k in ("rows", "labels", "by_origin", "domain_defects")}, indent=1))


if __name__ == "__main__":
    main()
