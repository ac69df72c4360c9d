"""Segment: paragraphs, sentences, and each sentence's kind.

Paragraphs are blocks separated by blank lines, or single lines when the text
has no blank line. Sentences come from spaCy's parser inside each line (a line
broken mid-sentence is joined first), then rules fix what it gets wrong in
news and diplomatic text: honorifics and initialisms ("H.E.", "Mr.", "U.N.")
never end a sentence, a list marker ("1.") belongs to what follows, a trailing
link belongs to its post. Kinds: ``heading``, ``embed`` (social-media posts),
``boilerplate`` (read-more lines, bylines, share prompts), ``commentary``
(the outlet's own analysis) and ``claim``.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from . import lexicon
from .errors import InputError
from .models import Document, Kind, Paragraph, Segmented, Sentence
from .textnorm import fold

# --- paragraphs -----------------------------------------------------------------------------------------

_BLANK = re.compile(r"\n[ \t\r\f\v\u00a0\ufeff]*\n")


def split_paragraphs(text: str) -> tuple[Paragraph, ...]:
    """Blocks separated by blank lines; single lines where the text has no blank line.

    In line mode, a line broken mid-sentence runs on into the next line's paragraph.
    """
    if not _BLANK.search(text):
        return tuple(Paragraph(i, s, e) for i, (s, e) in enumerate(line_spans(text, 0, len(text))))
    sep = _BLANK
    spans = []
    pos = 0
    for m in [*sep.finditer(text), None]:
        end = m.start() if m else len(text)
        block = text[pos:end]
        stripped = block.strip(" \t\r\n\f\v\u00a0\ufeff")
        if stripped:
            lead = block.index(stripped[0])
            spans.append((pos + lead, pos + lead + len(stripped)))
        if m:
            pos = m.end()
    return tuple(Paragraph(i, s, e) for i, (s, e) in enumerate(spans))


# --- lines and soft wraps -------------------------------------------------------------------------------

_TERMINAL = re.compile(r"[.!?…:;]['\"”’)\]]*$")
_RUNS_ON = re.compile(
    r"(,|\b(?:of|the|and|or|for|on|in|to|a|an|with|between|at|by|from|that|its|their))$", re.IGNORECASE
)


def _is_soft_break(prev_line: str, next_line: str) -> bool:
    """A newline inside a sentence: the line does not end a sentence and the next goes on in lower case."""
    p, n = prev_line.rstrip(), next_line.lstrip()
    if not p or not n:
        return False
    if _TERMINAL.search(p):
        return False
    return n[0].islower() or bool(_RUNS_ON.search(p))


def line_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Lines of ``text[start:end]``, with lines broken mid-sentence joined (offsets into ``text``)."""
    raw: list[tuple[int, int]] = []
    pos = start
    for m in re.finditer(r"\n", text[start:end]):
        raw.append((pos, start + m.start()))
        pos = start + m.end()
    raw.append((pos, end))
    raw = [(s, e) for s, e in raw if text[s:e].strip()]
    joined: list[tuple[int, int]] = []
    for s, e in raw:
        if joined and _is_soft_break(text[joined[-1][0] : joined[-1][1]], text[s:e]):
            joined[-1] = (joined[-1][0], e)
        else:
            joined.append((s, e))
    return joined


# --- sentence rules -------------------------------------------------------------------------------------

_TITLES = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "sen",
    "rep",
    "gen",
    "lt",
    "col",
    "maj",
    "capt",
    "cmdr",
    "adm",
    "amb",
    "gov",
    "pres",
    "st",
    "jr",
    "sr",
    "rev",
    "hon",
    "messrs",
    "no",
    "nos",
    "art",
    "arts",
    "vol",
    "vols",
    "para",
    "paras",
    "sec",
    "fig",
    "figs",
    "p",
    "pp",
    "ch",
    "approx",
    "est",
    "dept",
    "univ",
    "corp",
    "inc",
    "ltd",
    "co",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "vs",
    "etc",
    "e.g",
    "i.e",
    "cf",
    "al",
}
_INITIALISM = re.compile(r"(?:\b[A-Za-z]\.){2,}$")
_SENTENCE_OPENERS = {
    "the",
    "a",
    "an",
    "this",
    "that",
    "these",
    "those",
    "it",
    "its",
    "he",
    "she",
    "they",
    "we",
    "i",
    "in",
    "on",
    "at",
    "for",
    "but",
    "and",
    "however",
    "meanwhile",
    "both",
    "there",
    "his",
    "her",
    "their",
    "our",
}
_LIST_MARKER = re.compile(r"^\s*(?:\(?\d{1,3}[.)]|\(?[a-zA-Z][.)]|[-*•·▪–—])\s*$")
_LINK_ONLY = re.compile(r"^\s*(?:https?://\S+|pic\.twitter\.com/\S+|t\.co/\S+|www\.\S+)\s*$", re.IGNORECASE)


def _ends_with_abbreviation(sentence: str, following: str) -> bool:
    s = sentence.rstrip()
    if not s.endswith("."):
        return False
    last = re.split(r"[\s(\[“\"]", s)[-1]
    bare = last[:-1].lower()
    nxt = following.lstrip()
    next_word = re.match(r"[^\s]+", nxt)
    nw = next_word.group().strip("“\"'‘").lower() if next_word else ""
    if bare in _TITLES:
        # "No." and month abbreviations end sentences only before a clear sentence opener.
        return nw not in _SENTENCE_OPENERS or bare in {"mr", "mrs", "ms", "dr", "prof", "st"}
    if _INITIALISM.search(last):
        return bool(nxt) and nw not in _SENTENCE_OPENERS and nxt[0].isupper()
    return False


#: No sentence is longer than this many characters: a run with no sentence end (a list of words, one
#: character repeated) is cut into pieces of at most this length, at a space where there is one, so the
#: work on one sentence (its re-parse across a cut, alignment, quotes) is bounded whatever the punctuation.
#: The longest sentence of the real statements and gold packs is under 800 characters.
MAX_SENTENCE_CHARS = 2000


def bounded_spans(text: str, s: int, e: int, limit: int = MAX_SENTENCE_CHARS) -> list[tuple[int, int]]:
    """``text[s:e]`` cut into pieces of at most ``limit`` characters, each cut after the last space
    before the limit (in the second half of the piece), else at the limit."""
    out: list[tuple[int, int]] = []
    while e - s > limit:
        space = max(text.rfind(" ", s + limit // 2, s + limit), text.rfind("\n", s + limit // 2, s + limit))
        cut = space + 1 if space > s else s + limit
        out.append((s, cut))
        s = cut
    out.append((s, e))
    return out


def fix_sentence_spans(text: str, spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Merge spaCy's splits that the rules above reject; ``spans`` lie in one line, in order. A merge
    never makes a sentence longer than ``MAX_SENTENCE_CHARS``, and a longer span is cut."""
    out: list[tuple[int, int]] = []
    for s, e in (piece for span in spans for piece in bounded_spans(text, *span)):
        if out:
            ps, pe = out[-1]
            if e - ps > MAX_SENTENCE_CHARS:
                out.append((s, e))
                continue
            prev, cur = text[ps:pe], text[s:e]
            merge = (
                _LIST_MARKER.match(prev)
                or _ends_with_abbreviation(prev, cur)
                or _LINK_ONLY.match(cur)
                or cur.lstrip()[:1].islower()
                or cur.lstrip()[:1] in {",", ";", ":", ")", "]", "”", "’"}
                or not _TERMINAL.search(prev.rstrip())
            )
            if merge:
                out[-1] = (ps, e)
                continue
        out.append((s, e))
    return out


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    chunk = text[s:e]
    lead = len(chunk) - len(chunk.lstrip().lstrip("\ufeff").lstrip())  # any Unicode space, and a BOM
    s += lead
    chunk = text[s:e]
    e = s + len(chunk.rstrip().rstrip("\ufeff").rstrip())
    m = re.match(r"(?:#{1,6}|[*•▪-])\s+(?=\S)", text[s:e])  # Markdown heading or bullet marker
    if m:
        s += m.end()
    return s, e


# --- kinds ----------------------------------------------------------------------------------------------

_HANDLE_LINE = re.compile(r"^\s*[—–-]{1,2}\s*.{1,120}\(@\w{1,30}\)\s*.{0,40}$")
_SOCIAL_LINK = re.compile(
    r"(pic\.twitter\.com/|https?://t\.co/|\bt\.co/|instagram\.com/p/|x\.com/\w+/status/"
    r"|twitter\.com/\w+/status/|facebook\.com/\S+/posts/)",
    re.IGNORECASE,
)
_MENTION = re.compile(r"(?<![\w.])@\w{2,30}")
_BOILERPLATE = re.compile(
    r"^\s*(read more|read also|also read|related( stories| articles)?\b|recommended\b|more on this|see also|"
    r"share( this)?( article| story)?\b|follow us|subscribe\b|sign up|click here|advertisement|"
    r"story continues|send this page|copyright|©|all rights reserved|photo:|image:|file photo|"
    r"(published|updated|posted)( on)?\s*[:\d]|"
    # an agency's time line: "AFP Updated August 4, 2022 10:32am"
    r"(?-i:[A-Z]{2,10})\s+(?:published|updated|posted)(?:\s+on)?:?\s+[A-Z][a-z]+\.?\s+\d{1,2},?\s+\d{4}\b[^\n]{0,20}$|"
    r"by\s+[A-Z][\w.'-]+(\s+[A-Z][\w.'-]+){0,3}\s*$|"
    # credit lines: "(Reporting by …; Editing by …)", "Posted by … · 6 min read", "Follow X for more"
    r"\(?\s*(additional\s+)?(reporting|writing|editing|compiled|produced)\s+by\b|(posted|written)\s+by\b|"
    r"follow\b.{1,60}\bfor more\b|[^\n]{0,200}?\b\d{1,3}\s*min(?:ute)?s?\s+read\s*$|"
    # a caption's credit after a separator ("… in Tashkent on Sunday. | Photo: EPN"), a credit line
    # ("Based on reporting by EPN"), a follow prompt, a contact line, site text, a date alone on a line
    r"[^\n]{0,400}?[|•·]\s*(?:photo|image|picture|photograph|credit|video|source)s?\s*:|"
    r"[^\n]{0,200}?\b(?:based on|with|additional)\s+reporting\s+(?:by|from)\b|"
    r"follow\s+[^\n]{1,60}?\s+on\s+(?:x|twitter|telegram|facebook|instagram|whatsapp|youtube|linkedin|"
    r"threads|google news)\b|"
    r"[^\n]{0,160}?\b(?:can be (?:reached|contacted) at|email:?)\s+\S+@\S+|"
    r"(?:please\s+)?read our comment policy|comments? (?:are|is) closed|"
    # link labels and more-stories lines: "[ Source ]", "(More Vladimir Putin stories.)"
    r"\[\s*(?:source|link|video|photos?|map)\s*\]\s*$|\(?\s*more\s[^\n]{0,60}?\b(?:stories|news|coverage|articles)\b\.?\)?\s*$|"
    # a photo caption: "Photo taken on …", or a line ending in an agency/photographer credit
    r"(?:file\s+)?photo\s+(?:taken|shows)\b|[^\n]{0,400}?\(\s*[A-Z][\w.]*(?:\s+[A-Z][\w.]*)*\s*/\s*[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)*\s*\)\s*$|"
    # an agency and time line: "Xinhua) 09:03, June 27, 2024"
    r"[^\n]{0,40}?\b\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?,?\s+[A-Z][a-z]+\.?\s+\d{1,2},?\s+\d{4}\s*$|"
    r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?(?:\d{1,2}\s+[a-z]+|[a-z]+\.?\s+\d{1,2},?)\s+\d{4}\s*$|"
    # a byline with a title: "By Name Surname, Central Asia editor | 17 March 2026"
    r"(?-i:[Bb]y\s+[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3}\s*,\s*[^|\n.]{1,60}(?:\|[^\n]{0,40})?$)|"
    # a byline: "By Name[, Desk][ | date]", every word a name, a title, a date or a separator; each
    # repetition consumes a separator and a word, so the match is linear in the line's length
    r"(?-i:[Bb]y\s+[A-Z][\w.'’-]*(?:(?:\s+|\s*[|·,&–—-]\s*)(?:[A-Z][\w.'’-]*|and|of|the|for|on|in|at|\d[\w,]*))*\s*$))",
    re.IGNORECASE,
)


def _byline(doc: Any) -> bool:
    """A line that is a person's name alone ("Dinara Khairova"), or a name and the writer's role ("Joe
    Murray, Political Correspondent"): the author, not a headline. A role is a common noun of persons in
    WordNet; the name is the parser's PERSON."""
    words = [t for t in doc if not t.is_punct]
    if not words or len(words) > 8 or words[0].ent_type_ != "PERSON":
        return False
    name = next(e for e in doc.ents if e.start <= words[0].i < e.end)
    rest = [t for t in words if t.i >= name.end]
    if not rest:
        return 2 <= len(name) <= 4
    comma = name.end < len(doc) and doc[name.end].text == ","
    return (
        comma
        and all(t.pos_ in {"PROPN", "NOUN", "ADJ"} for t in rest)
        and lexicon.lexname(rest[-1].lemma_.lower(), "n") == "noun.person"
    )


#: A bullet point opening a line.
_BULLET = re.compile(r"\s*[•▪●◦*·\-–—]\s+\S")


#: A line ending in a photo credit is a caption, every sentence of it ("Name, Chairperson of the
#: Commission. PHOTO/AFP", "The two leaders in Cairo. (Photo : Screenshot from a video)").
_CREDIT_END = re.compile(
    r"(?:\(\s*)?\b(?:photo|image|picture|photograph)s?(?:\s+credit)?\s*(?::\s*|/)(?-i:[A-Z])[^\n():.]{0,60}\)?\s*$"
    r"|(?-i:\b[A-Z]{2,10})\s+(?i:photo)\s*\)?\s*$",
    re.IGNORECASE,
)
_CAPTION_MAX = 400
#: A whole line that is a credit, a time stamp or a related-story link, whatever its sentences: "Source:
#: The White House", "Based on materials from TASS", "By: Name", "Updated April 4, 2024 at 8:35 PM ET",
#: "IANS", "Kyiv • UNN", a site's name in lower case, "(end)", "READ ALSO: <another story's headline>".
_CREDIT_LINE = re.compile(
    r"\s*(?:"
    r"(?:sources?|credits?|courtesy)\s*:\s*[^\n]{1,80}"
    r"|based on (?:materials|reporting|reports|information) (?:from|by)\b[^\n]{0,80}"
    r"|by\s*:\s*[^\n]{1,60}"
    r"|\(\s*end\s*\)"
    r"|(?:(?:updated|published|posted)(?:\s+on)?:?\s+)?(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"
    r"[A-Z][a-z]+\.?\s+\d{1,2},?\s+\d{4},?(?:\s*(?:at\s+)?\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?(?:\s*(?-i:[A-Z]{2,4}))?)?"
    r"|(?:(?-i:[A-Z])[a-z]+\s*[•|·]\s*)?(?-i:[A-Z]{2,8})"
    r"|(?-i:[a-z]{3,20})"
    r"|(?:read (?:more|also|this also)|also read|related|see also|more on this)\b[^\n]*"
    r")\s*$",
    re.IGNORECASE,
)


def _emoji_share(s: str) -> float:
    chars = [c for c in s if not c.isspace()]
    if not chars:
        return 0.0
    odd = sum(1 for c in chars if ord(c) >= 0x2190 and not c.isalpha())
    return odd / len(chars)


def _looks_like_heading(line: str) -> bool:
    t = line.strip()
    if not t or (_TERMINAL.search(t) and not re.search(r"[:]$", t)):
        return False
    n_words = len(t.split())
    return n_words <= 25


@dataclass(frozen=True, slots=True)
class _Line:
    start: int
    end: int
    sentences: list[tuple[int, int]]


def _embed_lines(text: str, lines: list[_Line]) -> set[int]:
    """Indices of lines that belong to an embedded post: its text, its "— Name (@handle) date" line, its links."""
    marked: set[int] = set()
    block = _BLANK.search(text) is not None
    for i, ln in enumerate(lines):
        t = fold(text[ln.start : ln.end])
        if _HANDLE_LINE.match(t):
            marked.add(i)
            # The post text stands just before the attribution line. In a text with blank lines between
            # paragraphs, a post of several lines (its picture link last) is the whole block of lines
            # that ends with the attribution line, at most four.
            if i > 0:
                marked.add(i - 1)
            j = i - 1

            def joined(a: int, b: int) -> bool:
                return not _BLANK.search(text[lines[a].end : lines[b].start])

            while block and j > 0 and i - j < 4 and joined(j, j + 1) and joined(j - 1, j):
                j -= 1
                marked.add(j)
            # Scraped posts often run on after it up to the picture link: take lines up to one with a link.
            for j in range(i + 1, min(i + 4, len(lines))):
                tj = text[lines[j].start : lines[j].end]
                if _HANDLE_LINE.match(fold(tj)):
                    break
                if _SOCIAL_LINK.search(tj):
                    marked.update(range(i + 1, j + 1))
                    break
        elif _SOCIAL_LINK.search(t) or _emoji_share(t) > 0.2:
            marked.add(i)
    # A line carrying @mentions right before an embedded block is the post's text.
    for i, ln in enumerate(lines):
        if i not in marked and i + 1 in marked and _MENTION.search(text[ln.start : ln.end]):
            marked.add(i)
    return marked


# Commentary cues: the outlet interprets rather than reports. Verbs of interpretation, evaluative
# predicates, and subjects that are the outlet's abstractions rather than the parties or the text.
INTERPRETIVE_VERBS = frozenset(
    (
        "reflect signal suggest indicate demonstrate underscore illustrate signify symbolize "
        "symbolise represent reinforce project position shift stand outline tie link seem "
        "appear remain become pave send point deserve matter"
    ).split()
)
_ANALYST_NOUNS = frozenset(
    "analyst expert observer critic commentator pundit scholar researcher academic".split()
)
_FRAMING_VERBS = frozenset("frame portray cast characterize characterise depict".split())
REPORTING_VERBS = frozenset(
    (
        "say state add agree call urge demand reaffirm reiterate affirm commend welcome support "
        "oppose express pledge commit congratulate brief hold chair co-chair issue stress emphasize "
        "emphasise praise visit highlight underline note recognize recognise thank meet review "
        "discuss sign announce reject condemn voice vow decide launch appreciate acknowledge "
        "encourage invite exchange read avoid back"
    ).split()
)
EVALUATIVE_WORDS = frozenset(
    (
        "deliberate direct clear essential crucial vital important significant notable striking "
        "remarkable abstract enough strategic benchmark key critical unprecedented historic symbolic "
        "telling meaningful routine firm strong weak bold cautious vague measured"
    ).split()
)
_ACTOR_LABELS = {"PERSON", "GPE", "NORP", "ORG"}
_ACTOR_NOUNS = frozenset(
    (
        "side sides country countries nation nations both minister ministers government governments "
        "leader leaders official officials delegation president premier foreign statement communiqué "
        "communique declaration text document they he she we"
    ).split()
)


def main_root(doc: Any) -> Any:
    """The root of a parsed sentence's main clause. A list marker ("2.", "(b)") that the parser made a
    root of its own is passed over for the clause that follows it."""
    cache = getattr(doc, "user_data", None)  # a Doc keeps its root; a Span is looked at each time
    if cache is not None and "communique.root" in cache:
        i = cache["communique.root"]
        return doc[i] if i is not None else None
    roots = [t for t in doc if t.dep_ == "ROOT"]
    found = next(
        (
            t
            for t in roots
            if not (
                t.like_num or t.is_punct or (len(t.text) <= 2 and t.i < 2 and t.text.rstrip(".)").isalpha())
            )
        ),
        roots[0] if roots else None,
    )
    if cache is not None:
        cache["communique.root"] = found.i if found is not None else None
    return found


def commentary_cues(doc: Any) -> float:
    """A score above zero when a parsed sentence reads as the outlet's analysis rather than a report."""
    root = main_root(doc)
    if root is None:
        return 0.0
    score = 0.0
    lemma = root.lemma_.lower()
    subj = next((c for c in root.children if c.dep_ in {"nsubj", "nsubjpass", "csubj", "expl"}), None)
    subj_actor = False
    if subj is not None:
        span = doc[subj.left_edge.i : subj.right_edge.i + 1]
        subj_actor = any(t.ent_type_ in _ACTOR_LABELS for t in span) or any(
            t.lemma_.lower() in _ACTOR_NOUNS for t in span
        )
        if subj.lower_ in {"this", "that", "these"} or subj.dep_ == "csubj" or subj.tag_ == "VBG":
            score += 1.0
        elif subj.lemma_.lower() in _ANALYST_NOUNS:
            score += 2.0  # "Analysts say…": a view reported about the text, not the text
        elif not subj_actor and subj.lower_ != "it":
            score += 0.5
    first = doc[0]
    if subj is None or first.i < subj.left_edge.i or first.i > subj.right_edge.i:
        # the parse lost the subject: "This signal(s) growing frustration…", "Opposing X positions…"
        if first.lower_ in {"this", "these"} and first.head.lemma_.lower() not in _ACTOR_NOUNS:
            score += 1.0
        elif first.tag_ == "VBG" and first.dep_ == "ROOT" and subj is None:
            return score + 1.0  # a gerund phrase as subject, not a finite report of what a party did
    passive = subj is not None and subj.dep_ == "nsubjpass"
    if passive and lemma in _FRAMING_VERBS and not any(c.dep_ == "agent" for c in root.children):
        score += (
            1.0  # "The dialogue was framed as…": the outlet's framing; "It framed X as…" reports the text
        )
    if lemma in INTERPRETIVE_VERBS:
        score += 1.0
    elif lemma in REPORTING_VERBS:
        score -= 1.0
    if lemma == "be" or root.pos_ in {"ADJ", "NOUN"}:
        attrs = [t for t in root.subtree if t.dep_ in {"acomp", "attr", "amod"} and t.head.i == root.i]
        if (
            any(t.lemma_.lower() in EVALUATIVE_WORDS for t in attrs)
            or root.lemma_.lower() in EVALUATIVE_WORDS
        ):
            score += 1.0
        if not subj_actor:
            score += 0.5
    if any(t.dep_ == "neg" and t.lower_ == "no" for t in doc):  # "is no longer an abstract goal"
        score += 0.25
    if subj_actor and lemma not in INTERPRETIVE_VERBS:
        score -= 0.5
    # "…, with both sides stressing the need to…": a party's speech act inside the sentence is reported fact
    for t in doc:
        if t is not root and t.lemma_.lower() in REPORTING_VERBS:
            s = next((c for c in t.children if c.dep_ == "nsubj"), None)
            if s is not None and any(
                x.lemma_.lower() in _ACTOR_NOUNS or x.ent_type_ in _ACTOR_LABELS for x in s.subtree
            ):
                score -= 1.0
                break
    return score


def classify_kinds(
    text: str, lines: list[_Line], opinion: dict[tuple[int, int], float]
) -> dict[tuple[int, int], Kind]:
    kinds: dict[tuple[int, int], Kind] = {}
    embeds = _embed_lines(text, lines)
    first_body = next(
        (
            i
            for i, ln in enumerate(lines)
            if len(ln.sentences) > 1 or not _looks_like_heading(text[ln.start : ln.end])
        ),
        len(lines),
    )

    # A line whose last sentence has no closing punctuation ends in a heading (a headline glued to a line).
    def plain(span: tuple[int, int]) -> bool:
        t = text[span[0] : span[1]]
        return not (_BOILERPLATE.match(t) or _LINK_ONLY.match(t))

    heading_spans = {
        ln.sentences[-1]
        for i, ln in enumerate(lines)
        if ln.sentences
        and i not in embeds
        and plain(ln.sentences[-1])
        and _looks_like_heading(text[ln.sentences[-1][0] : ln.sentences[-1][1]])
    }
    # Bullet points above the body ("• The AU chief also described …", "- Sacrifice must not be
    # forgotten: PM"): the summary under a headline, as the standfirst is.
    bullets: list[_Line] = []
    for ln in lines:
        line_text = text[ln.start : ln.end]
        if _BULLET.match(line_text) and len(ln.sentences) <= 2:
            bullets.append(ln)
        elif ln.sentences and not (
            ln.sentences[-1] in heading_spans
            or _BOILERPLATE.match(line_text)
            or _CREDIT_LINE.match(line_text)
        ):
            if bullets and len(bullets) <= 5:  # a body follows them: a text told in bullets has none
                heading_spans.update(span for b in bullets for span in b.sentences)
            break
    heading_lines = {i for i, ln in enumerate(lines) if ln.sentences and ln.sentences[-1] in heading_spans}
    # A one-sentence standfirst between headings at the top of the text is a heading too.
    for i in range(1, len(lines) - 1):
        if (
            i <= first_body + 1
            and i - 1 in heading_lines
            and i + 1 in heading_lines
            and len(lines[i].sentences) == 1
        ):
            heading_spans.add(lines[i].sentences[0])
    for i, ln in enumerate(lines):
        line_text = text[ln.start : ln.end]
        caption = len(line_text) <= _CAPTION_MAX and (
            _CREDIT_END.search(line_text) is not None or _CREDIT_LINE.match(line_text) is not None
        )
        for span in ln.sentences:
            s_text = text[span[0] : span[1]]
            kind: Kind
            if i in embeds:
                kind = "embed"
            elif caption or _BOILERPLATE.match(s_text) or _LINK_ONLY.match(s_text):
                kind = "boilerplate"
            elif span in heading_spans:
                kind = "heading"
            elif opinion.get(span, 0.0) >= 1.0:
                kind = "commentary"
            else:
                kind = "claim"
            kinds[span] = kind
    return kinds


# --- the stage ------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Limits:
    """The most paragraphs, sentences and tokens one document may have; checked before any parsing."""

    paragraphs: int = 5_000
    sentences: int = 10_000
    tokens: int = 200_000


_SENTENCE_END = re.compile(r"[.!?…;][\"'”’)\]]*\s")
# What the tokenizer makes a token of, at the least: a run of word characters, or one other mark.
_TOKEN = re.compile(r"\w+|[^\w\s]")


def estimated_sentences(text: str, lines: int) -> int:
    """An upper estimate of the sentence count without parsing: sentence-ending marks, lines, and the
    pieces that runs longer than ``MAX_SENTENCE_CHARS`` are cut into whatever their punctuation."""
    return sum(1 for _ in _SENTENCE_END.finditer(text)) + lines + len(text) // MAX_SENTENCE_CHARS


def estimated_tokens(text: str, stop: int | None = None) -> int:
    """The tokens the parser will see, at the least (words and marks), counted up to ``stop`` + 1."""
    found = _TOKEN.finditer(text)
    return sum(1 for _ in (found if stop is None else itertools.islice(found, stop + 1)))


def _check_limits(document: Document, paragraphs: int, lines: int, limits: Limits) -> None:
    if paragraphs > limits.paragraphs:
        raise InputError(
            f"{document.path}: {paragraphs:,} paragraphs is more than the limit of {limits.paragraphs:,} "
            "for one document",
            hint="split it, or raise the max_paragraphs setting",
        )
    n = estimated_sentences(document.text, lines)
    if n > limits.sentences:
        raise InputError(
            f"{document.path}: about {n:,} sentences is more than the limit of {limits.sentences:,} "
            "for one document",
            hint="split it, or raise the max_sentences setting",
        )
    if estimated_tokens(document.text, limits.tokens) > limits.tokens:
        raise InputError(
            f"{document.path}: more than {limits.tokens:,} words and marks is over the limit for one document",
            hint="split it, or raise the max_tokens setting",
        )


def check_limits(document: Document, limits: Limits | None = None) -> None:
    """``InputError`` when ``document`` is over ``limits``, found without parsing it."""
    text = document.text
    paragraphs = split_paragraphs(text)
    lines = sum(len(line_spans(text, p.start, p.end)) for p in paragraphs)
    _check_limits(document, len(paragraphs), lines, limits or Limits())


def segment(document: Document, nlp: Any, limits: Limits | None = None) -> Segmented:
    """Paragraphs, sentences and kinds of ``document`` with a spaCy pipeline ``nlp``."""
    return segment_many([document], nlp, limits)[0]


def segment_many(documents: Sequence[Document], nlp: Any, limits: Limits | None = None) -> list[Segmented]:
    """``segment`` for several documents, their lines parsed by spaCy in one batch.

    A document over ``limits`` (paragraphs, sentences or tokens, estimated without parsing) raises
    ``InputError`` before anything is parsed."""
    jobs = []
    for document in documents:
        text = document.text
        paragraphs = split_paragraphs(text)
        lines = [_Line(s, e, []) for p in paragraphs for s, e in line_spans(text, p.start, p.end)]
        _check_limits(document, len(paragraphs), len(lines), limits or Limits())
        jobs.append((document, paragraphs, lines))
    # spaCy sees each unit (a line, or a piece of a very long line) with soft-wrap newlines as spaces
    # (same length: offsets hold).
    units = [(k, u) for k, (d, _, lines) in enumerate(jobs) for ln in lines for u in parse_units(d.text, ln)]
    unit_texts = [jobs[k][0].text[s:e].replace("\n", " ").replace("\r", " ") for k, (s, e) in units]
    docs = iter([doc for group in _batches(unit_texts) for doc in nlp.pipe(group)])
    per_doc: list[list[tuple[tuple[int, int], Any]]] = [[] for _ in jobs]
    for k, span in units:
        per_doc[k].append((span, next(docs)))
    return [
        _segmented(document, paragraphs, lines, per_doc[k], nlp)
        for k, (document, paragraphs, lines) in enumerate(jobs)
    ]


#: Characters handed to the parser at once. spaCy batches texts by their number, and its working memory
#: grows with the characters of a batch: 256 lines of a few words cost little, 256 pieces of a long line
#: cost gigabytes, so batches are cut by length.
BATCH_CHARS = 50_000


def _batches(texts: list[str]) -> Iterator[list[str]]:
    batch: list[str] = []
    size = 0
    for t in texts:
        if batch and size + len(t) > BATCH_CHARS:
            yield batch
            batch, size = [], 0
        batch.append(t)
        size += len(t)
    if batch:
        yield batch


#: Lines longer than this many characters are parsed in pieces cut at sentence ends, so a document that
#: is one huge paragraph costs what the same text in paragraphs costs (spaCy's span copies are linear in
#: the length of the parsed text they come from).
MAX_UNIT_CHARS = 3000
_CUT = re.compile(r"[.!?…][\"'”’)\]]*\s+(?=[“\"‘'(\[A-Z0-9])")


def parse_units(text: str, line: _Line) -> list[tuple[int, int]]:
    """``line`` as one span, or cut at sentence ends into pieces of at most ``MAX_UNIT_CHARS``."""
    start, end = line.start, line.end
    if end - start <= MAX_UNIT_CHARS:
        return [(start, end)]
    units: list[tuple[int, int]] = []
    while end - start > MAX_UNIT_CHARS:
        limit = start + MAX_UNIT_CHARS
        cut = None
        for m in _CUT.finditer(text, start + MAX_UNIT_CHARS // 4, limit):
            if not _ends_with_abbreviation(
                text[max(start, m.start() - 40) : m.start() + 1], text[m.end() : m.end() + 40]
            ):
                cut = m.end()
        if cut is None:  # no sentence end: cut at the last space
            space = text.rfind(" ", start + 1, limit)
            cut = space + 1 if space > start else limit
        units.append((start, cut))
        start = cut
    units.append((start, end))
    return units


def _segmented(
    document: Document,
    paragraphs: tuple[Paragraph, ...],
    lines: list[_Line],
    units: list[tuple[tuple[int, int], Any]],
    nlp: Any,
) -> Segmented:
    text = document.text
    parsed: dict[tuple[int, int], Any] = {}
    by_line = iter(units)
    pending = next(by_line, None)
    for ln in lines:
        raw: list[tuple[int, int]] = []
        docs: list[tuple[int, int, Any]] = []
        while pending is not None and pending[0][0] < ln.end:
            (us, ue), doc = pending
            docs.append((us, ue, doc))
            raw += [(us + sent.start_char, us + sent.end_char) for sent in doc.sents]
            pending = next(by_line, None)
        spans = [_trim(text, s, e) for s, e in fix_sentence_spans(text, raw)]
        spans = [(s, e) for s, e in spans if e > s]
        ln.sentences.extend(spans)
        for s, e in spans:
            home = next(((us, doc) for us, ue, doc in docs if us <= s and e <= ue), None)
            parsed[(s, e)] = (
                home[1].char_span(s - home[0], e - home[0], alignment_mode="expand") if home else None
            )
    # A sentence that runs across a cut in a very long line is parsed on its own.
    missing = [span for span, doc in parsed.items() if doc is None]
    again = [
        doc
        for group in _batches([text[s:e].replace("\n", " ") for s, e in missing])
        for doc in nlp.pipe(group)
    ]
    for span, doc in zip(missing, again, strict=True):
        parsed[span] = doc[:]
    opinion = {span: commentary_cues(doc) for span, doc in parsed.items() if doc is not None}
    kinds = classify_kinds(text, lines, opinion)
    reasons: dict[tuple[int, int], str] = {}
    for ln in lines:
        if len(ln.sentences) == 1 and kinds.get(ln.sentences[0]) in {"claim", "heading"}:
            doc = parsed.get(ln.sentences[0])
            if doc is not None and _byline(doc):
                kinds[ln.sentences[0]] = "boilerplate"
                reasons[ln.sentences[0]] = "byline"
                continue
        # a line that is one sentence with no verb at all and names someone or somewhere is a photo's
        # caption ("U.S. President Joe Biden on a phone call aboard Air Force One."), or a subheading
        # when it ends in a colon: no report (no gold claim of any pack or real set is verbless)
        if len(ln.sentences) != 1 or kinds.get(ln.sentences[0]) != "claim":
            continue
        doc = parsed.get(ln.sentences[0])
        if doc is None or any(t.pos_ in {"VERB", "AUX"} for t in doc) or not doc.ents:
            continue
        colon = text[ln.sentences[0][0] : ln.sentences[0][1]].rstrip().endswith(":")
        kinds[ln.sentences[0]] = "heading" if colon else "boilerplate"
        if not colon:
            reasons[ln.sentences[0]] = "caption"
    sentences: list[Sentence] = []
    para_iter = iter(paragraphs)
    para = next(para_iter, None)
    for ln in lines:
        for s, e in ln.sentences:
            while para is not None and s >= para.end:
                para = next(para_iter, None)
            sentences.append(
                Sentence(
                    index=len(sentences),
                    start=s,
                    end=e,
                    text=text[s:e],
                    paragraph=para.index if para else len(paragraphs) - 1,
                    kind=kinds[(s, e)],
                    opinion=opinion.get((s, e), 0.0),
                    kind_reason=reasons.get((s, e)),
                )
            )
    parses = {
        sent.index: parsed[(sent.start, sent.end)].as_doc()
        for sent in sentences
        if parsed.get((sent.start, sent.end)) is not None
    }
    return Segmented(document=document, paragraphs=paragraphs, sentences=tuple(sentences), parses=parses)
