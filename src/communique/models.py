"""Core data objects: small frozen dataclasses carrying offsets into the original text.

Every ``start``/``end`` pair is a Python string index (code points, end exclusive)
into ``Document.text``, the text as decoded from the file (or extracted from HTML/PDF).
Stages never mutate these objects; they return new ones.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

Kind = Literal["claim", "heading", "embed", "commentary", "boilerplate"]
Verdict = Literal["supported", "partial", "misquote", "unsupported", "contradicted"]
QuoteStatus = Literal["exact", "variant", "altered", "not_found"]
Act = Literal["commitment", "position", "call", "appreciation", "report"]

KINDS: tuple[Kind, ...] = ("claim", "heading", "embed", "commentary", "boilerplate")
VERDICTS: tuple[Verdict, ...] = ("supported", "partial", "misquote", "unsupported", "contradicted")
FLAGGED: frozenset[str] = frozenset({"partial", "misquote", "unsupported", "contradicted"})
QUOTE_STATUSES: tuple[QuoteStatus, ...] = ("exact", "variant", "altered", "not_found")
ACTS: tuple[Act, ...] = ("commitment", "position", "call", "appreciation", "report")


@dataclass(frozen=True, slots=True)
class Document:
    """A text as read from a file, a URL or a string."""

    path: str
    text: str
    format: Literal["text", "markdown", "html", "pdf"] = "text"
    title: str | None = None
    date: str | None = None
    sha256: str = ""
    encoding: str = "utf-8"
    #: True when ``text`` is not simply the file's bytes decoded as UTF-8
    #: (HTML or PDF extraction, another encoding); the JSON then carries ``text``.
    derived_text: bool = False
    #: the publishing site's name an HTML page's metadata gives (og:site_name), when it gives one
    site: str | None = None

    def span(self, start: int, end: int) -> str:
        return self.text[start:end]


@dataclass(frozen=True, slots=True)
class Paragraph:
    index: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str
    paragraph: int
    kind: Kind = "claim"
    #: Commentary cues found by the parser (>= 1: reads as the outlet's analysis); verify weighs it
    #: against how strongly the source supports the sentence.
    opinion: float = 0.0
    #: why a sentence is not a claim, where the segmenter can say ("caption", "credit", "byline")
    kind_reason: str | None = None


@dataclass(frozen=True, slots=True)
class Segmented:
    """A document with its paragraphs and sentences.

    ``parses`` keeps the segmenter's spaCy parse of each sentence (by sentence index) so that later
    stages do not parse again; it takes no part in comparisons.
    """

    document: Document
    paragraphs: tuple[Paragraph, ...]
    sentences: tuple[Sentence, ...]
    parses: Mapping[int, Any] = field(default_factory=dict, compare=False, repr=False)

    def paragraph_of(self, offset: int) -> int | None:
        for p in self.paragraphs:
            if p.start <= offset < p.end:
                return p.index
        return None


@dataclass(frozen=True, slots=True)
class Entity:
    text: str
    label: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Provision:
    """One act of a statement: a sentence, or a clause of one."""

    id: str
    start: int
    end: int
    text: str
    paragraph: int
    actor: str
    acts: tuple[Act, ...]
    topics: tuple[str, ...] = ()
    entities: tuple[Entity, ...] = ()
    #: the date a commitment falls due (YYYY-MM-DD; a year or a month alone gives its last day)
    deadline: str | None = None
    #: the words of the provision that fix the deadline ("by the end of 2027", "within 14 days")
    deadline_text: str | None = None
    #: the statement's own number for the paragraph ("12", "4(b)"), when it numbers them
    number: str | None = None
    #: how firmly a commitment binds: firm, qualified (readiness, effort), intended, conditional; None when
    #: the provision is no commitment
    modality: str | None = None


@dataclass(frozen=True, slots=True)
class EvidenceSpan:
    """A passage of the source offered as support for a sentence."""

    start: int
    end: int
    score: float
    text: str = ""


@dataclass(frozen=True, slots=True)
class DiffOp:
    """One step of a word diff: ``equal``, ``replace``, ``insert`` (only in the quote), ``delete`` (only in the source)."""

    op: Literal["equal", "replace", "insert", "delete"]
    quote: str
    source: str


@dataclass(frozen=True, slots=True)
class QuoteCheck:
    text: str
    start: int
    end: int
    status: QuoteStatus
    closest: EvidenceSpan | None = None
    diff: tuple[DiffOp, ...] = ()


@dataclass(frozen=True, slots=True)
class Issue:
    type: str
    text: str
    detail: str = ""
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True, slots=True)
class SentenceCheck:
    sentence: Sentence
    kind: Kind
    verdict: Verdict | None = None
    evidence: tuple[EvidenceSpan, ...] = ()
    quotes: tuple[QuoteCheck, ...] = ()
    issues: tuple[Issue, ...] = ()
    explanation: str | None = None
    score: float = 0.0
    #: why a non-claim is one: "opinion", "attributed" (words said by others or elsewhere), "background",
    #: or the segmenter's reason ("caption", "credit", "byline")
    kind_reason: str | None = None
    #: for a flagged claim, how likely the flag is right (0–1; see ``verify.confidence``)
    confidence: float | None = None


@dataclass(frozen=True, slots=True)
class ArticleCheck:
    article: Segmented
    sentences: tuple[SentenceCheck, ...]
    covered_paragraphs: tuple[int, ...] = ()
    omitted_paragraphs: tuple[int, ...] = ()

    @property
    def claims(self) -> tuple[SentenceCheck, ...]:
        return tuple(s for s in self.sentences if s.kind == "claim")

    @property
    def flagged(self) -> tuple[SentenceCheck, ...]:
        return tuple(s for s in self.sentences if s.verdict in FLAGGED)


@dataclass(frozen=True, slots=True)
class CheckResult:
    source: Segmented
    provisions: tuple[Provision, ...]
    articles: tuple[ArticleCheck, ...]
    omitted_everywhere: tuple[int, ...] = ()
    meta: dict[str, str] = field(default_factory=dict)
    #: the verification checks' settings the result was made with (stored with each run)
    checks: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
