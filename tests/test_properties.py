"""Property-based tests (Hypothesis): ingest never fails except with a clear error, segmentation's spans
are true to the text, quote matching never crosses a sentence or line boundary, dates, deadlines and
numbers are read from any text without an error, the API answers any body with a result or its one error
shape, and every check result validates against the contract's published JSON Schema.

A short run by default; `make fuzz` runs 10,000 examples a property (HYPOTHESIS_PROFILE=fuzz)."""

from __future__ import annotations

import json
import re
import unicodedata
from importlib.resources import files
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from communique.errors import InputError
from communique.ingest import document_from_bytes, document_from_text
from communique.quotes import QuoteFinder, QuoteSpan
from communique.report import result_to_dict
from communique.segment import segment

jsonschema = pytest.importorskip("jsonschema")

# --- strategies -------------------------------------------------------------------------------------------

WORDS = (
    "the two sides agreed to build a new railway by 2027 ministers met in Beijing on Monday and said "
    "that cooperation will deepen Mr. Wang U.S. No. 5 Pakistan China called for ceasefire 30 per cent "
    "“visible and verifiable” 'quoted' (brackets) — dash; colon: @handle #tag https://t.co/x 🇨🇳 ..."
).split()
SEPARATORS = [" ", " ", " ", ". ", ".\n", "\n\n", "\n", "! ", "? ", ", ", "; ", "\t", "\r\n", "\u00a0", "… "]


@st.composite
def texts(draw: Any, min_words: int = 1, max_words: int = 80) -> str:
    """Text that looks like statements and news: words, punctuation, line and paragraph breaks, and
    now and then any Unicode at all."""
    n = draw(st.integers(min_words, max_words))
    parts = []
    for _ in range(n):
        word = draw(st.one_of(st.sampled_from(WORDS), st.text(min_size=1, max_size=8)))
        parts += [word, draw(st.sampled_from(SEPARATORS))]
    return "".join(parts)


ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1"]

TAGS = ["p", "div", "span", "article", "h1", "h2", "li", "ul", "a", "em", "table", "td", "blockquote"]


@st.composite
def html_trees(draw: Any, depth: int = 3) -> str:
    def node(level: int) -> str:
        if level == 0 or draw(st.booleans()):
            return draw(texts(max_words=15)).replace("<", "&lt;").replace(">", "&gt;")
        tag = draw(st.sampled_from(TAGS))
        kids = "".join(node(level - 1) for _ in range(draw(st.integers(0, 3))))
        return f"<{tag}>{kids}</{tag}>"

    body = "".join(node(depth) for _ in range(draw(st.integers(1, 4))))
    script = "<script>var SCRIPTMARKER = 1;</script>" if draw(st.booleans()) else ""
    style = "<style>.STYLEMARKER{}</style>" if draw(st.booleans()) else ""
    return f"<!doctype html><html><head><title>T</title>{style}</head><body>{script}{body}</body></html>"


# --- ingest -----------------------------------------------------------------------------------------------


@given(data=st.binary(max_size=4000), name=st.sampled_from(["a.txt", "a.html", "a.pdf", "a.md", "a"]))
def test_any_bytes_give_a_document_or_a_clear_error(data: bytes, name: str) -> None:
    try:
        doc = document_from_bytes(data, name)
    except InputError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    assert isinstance(doc.text, str) and doc.text.strip() and len(doc.sha256) == 64


@given(text=texts(), encoding=st.sampled_from(ENCODINGS))
def test_text_in_any_common_encoding_reads_back(text: str, encoding: str) -> None:
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        assume(False)
        return
    try:
        doc = document_from_bytes(data, "a.txt")
    except InputError:
        return  # empty, binary-looking or undecidable: refused with a message, never garbled silently
    if encoding == "utf-8":
        assert doc.text == text
    elif encoding == "utf-8-sig":
        assert doc.text == "\ufeff" + text
    elif encoding == "utf-16":
        assert doc.text == text
    else:  # a single-byte guess may differ, but offsets must index what is returned
        assert isinstance(doc.text, str)


@given(page=html_trees())
def test_html_gives_text_without_scripts_or_a_clear_error(page: str) -> None:
    try:
        doc = document_from_bytes(page.encode("utf-8"), "page.html")
    except InputError:
        return
    assert "SCRIPTMARKER" not in doc.text and "STYLEMARKER" not in doc.text
    assert "<p>" not in doc.text and "</div>" not in doc.text


# --- segmentation -----------------------------------------------------------------------------------------


_MARKER = re.compile(r"(?:#{1,6}|[*•▪-])\s+$")


@given(text=texts(max_words=120))
def test_segment_spans_slice_the_text_in_order(nlp: Any, text: str) -> None:
    assume(text.strip() and "\x00" not in text)  # a NUL is refused (test_text_no_document_holds…)
    seg = segment(document_from_text(text, "t.txt"), nlp)
    prev_end = 0
    for p in seg.paragraphs:
        assert prev_end <= p.start <= p.end <= len(text)
        prev_end = p.end
    prev_end = 0
    for i, s in enumerate(seg.sentences):
        assert s.index == i
        assert text[s.start : s.end] == s.text and s.text.strip() == s.text and s.text
        assert s.start >= prev_end  # in order, never overlapping
        prev_end = s.end
        para = seg.paragraphs[s.paragraph]
        assert para.start <= s.start and s.end <= para.end
    covered = [False] * len(text)
    for s in seg.sentences:
        covered[s.start : s.end] = [True] * (s.end - s.start)
        # a Markdown heading or bullet marker before a sentence ("* the") is layout, not its text
        marker = _MARKER.search(text, 0, s.start)
        if marker is not None:
            covered[marker.start() : marker.end()] = [True] * (marker.end() - marker.start())
    # invisible format characters (a byte-order mark, a zero-width joiner) are no text of a sentence
    missed = [
        c
        for c, hit in zip(text, covered, strict=True)
        if not hit and not c.isspace() and unicodedata.category(c) != "Cf"
    ]
    assert not missed, f"characters in no sentence: {missed!r}"


# --- quote matching ---------------------------------------------------------------------------------------


@st.composite
def sources_and_quotes(draw: Any) -> tuple[str, str]:
    lines = []
    for _ in range(draw(st.integers(2, 6))):
        if draw(st.booleans()):
            lines.append(
                " ".join(draw(st.lists(st.sampled_from(WORDS[:30]), min_size=2, max_size=6))).title()
            )
        else:
            sents = [
                " ".join(draw(st.lists(st.sampled_from(WORDS[:30]), min_size=3, max_size=12))).capitalize()
                + "."
                for _ in range(draw(st.integers(1, 3)))
            ]
            lines.append(" ".join(sents))
    source = "\n".join(lines)
    tokens = source.split()
    i = draw(st.integers(0, len(tokens) - 1))
    j = draw(st.integers(i + 1, min(len(tokens), i + 12)))
    quote = " ".join(tokens[i:j])
    if draw(st.booleans()):
        quote = quote.replace(draw(st.sampled_from(tokens)), draw(st.sampled_from(WORDS[:30])), 1)
    return source, quote.strip(".")


_SENTENCE_END = re.compile(r"[.!?]\s")


@given(case=sources_and_quotes())
def test_quote_matches_never_cross_a_line_or_sentence(case: tuple[str, str]) -> None:
    source, quote = case
    assume(re.search(r"\w", quote))
    check = QuoteFinder(source).check(QuoteSpan(quote, 0, len(quote)))
    if check.closest is None:
        return
    found = source[check.closest.start : check.closest.end]
    assert found == check.closest.text
    assert "\n" not in found  # a heading is a line of its own: never joined to the next line
    if not _SENTENCE_END.search(quote):
        assert not _SENTENCE_END.search(found)  # a quote of one sentence is matched inside one


# --- dates and numbers ------------------------------------------------------------------------------------

UNITS = ["day", "days", "week", "weeks", "fortnight", "month", "months", "year", "years"]


@st.composite
def time_phrases(draw: Any) -> str:
    """Text with dates, periods and years of any size: "within 9999 years", "31 December 9999"."""
    number = draw(st.one_of(st.integers(0, 10_000), st.integers(0, 10**40), st.sampled_from(["one", "a"])))
    phrase = draw(
        st.sampled_from(
            [
                f"within {number} {draw(st.sampled_from(UNITS))}",
                f"in the next {number} {draw(st.sampled_from(UNITS))}",
                f"by {draw(st.integers(1, 40))} December {draw(st.integers(1, 9999))}",
                f"FY{draw(st.integers(0, 9999))}",
                f"{draw(st.integers(1900, 2099))}-{draw(st.integers(0, 99)):02d}",
                "next year, on Monday, this month",
            ]
        )
    )
    return f"{draw(texts(max_words=6))} {phrase} {draw(texts(max_words=6))}"


@given(text=st.one_of(texts(max_words=40), time_phrases()), anchor=st.one_of(st.none(), st.dates()))
def test_dates_and_deadlines_are_found_or_not_never_an_error(text: str, anchor: Any) -> None:
    from communique.timex import dates, deadline_of

    for d in dates(text, anchor):
        assert text[d.start : d.end] == d.text
    found = deadline_of(text, anchor)
    if found is not None:
        assert text[found.start : found.end] == found.text


@given(text=st.one_of(texts(max_words=40), time_phrases()))
def test_quantities_are_found_or_not_never_an_error(text: str) -> None:
    from communique.claims import quantities

    for q in quantities(text):
        assert 0 <= q.start <= q.end <= len(text)


# --- the API ----------------------------------------------------------------------------------------------

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=12,
)
FIELDS = ["source", "articles", "text", "url", "name", "date", "old", "new", "score", "note", "party"]


@pytest.fixture(scope="module")
def api(checker: Any) -> Any:
    from fastapi.testclient import TestClient

    from communique.settings import Options
    from communique.store import Store
    from communique.web import create_app

    store = Store(":memory:")
    app = create_app(Options(progress=False, use_embeddings=False, rate_limit=0), store=store)
    app.state.communique._checker = checker
    client = TestClient(app, raise_server_exceptions=False)
    client.headers["Authorization"] = f"Bearer {store.create_token('properties')}"
    return client


def _answered(r: Any) -> None:
    assert r.status_code < 500, (r.status_code, r.text[:300])
    if r.status_code >= 400:
        assert set(r.json()) == {"error"} and r.json()["error"]


@given(
    path=st.sampled_from(
        ["/api/v1/check", "/api/v1/analyze", "/api/v1/diff", "/api/v1/ledger/commitments/1/evidence"]
    ),
    body=st.one_of(JSON, st.dictionaries(st.sampled_from(FIELDS), JSON, max_size=4)),
)
def test_any_json_body_gets_an_answer_or_the_error_shape(api: Any, path: str, body: Any) -> None:
    # sent as written, NaN and Infinity included: a client library may refuse them, a client need not
    raw = json.dumps(body, allow_nan=True)
    _answered(api.post(path, content=raw, headers={"content-type": "application/json"}))


@given(raw=st.binary(max_size=300))
def test_any_body_bytes_get_an_answer_or_the_error_shape(api: Any, raw: bytes) -> None:
    _answered(api.post("/api/v1/analyze", content=raw, headers={"content-type": "application/json"}))


@given(
    text=st.one_of(texts(max_words=40), st.text(max_size=200)),
    date=st.one_of(st.none(), st.text(max_size=12)),
)
def test_any_text_to_analyze_gets_provisions_or_the_error_shape(api: Any, text: str, date: Any) -> None:
    r = api.post("/api/v1/analyze", json={"text": text, "date": date})
    _answered(r)


# --- the contract -----------------------------------------------------------------------------------------

SCHEMA = json.loads((files("communique.data") / "schema" / "check.schema.json").read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)


def test_the_published_schema_is_the_shipped_one() -> None:
    from pathlib import Path

    docs = Path(__file__).resolve().parent.parent / "docs" / "check.schema.json"
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    assert json.loads(docs.read_text(encoding="utf-8")) == SCHEMA


def test_the_sample_result_validates(sample_result: Any) -> None:
    VALIDATOR.validate(result_to_dict(sample_result))


def test_the_schema_catches_a_broken_result(sample_result: Any) -> None:
    data = result_to_dict(sample_result)
    data["articles"][0]["sentences"][0]["verdict"] = "maybe"
    assert not VALIDATOR.is_valid(data)


@given(source=texts(min_words=8, max_words=60), article=texts(min_words=3, max_words=40))
def test_every_check_result_validates_against_the_schema(checker: Any, source: str, article: str) -> None:
    assume(source.strip() and article.strip() and "\x00" not in source + article)
    result = checker.check(document_from_text(source, "s.txt"), [document_from_text(article, "a.txt")])
    data = result_to_dict(result)
    VALIDATOR.validate(data)
    for s in data["articles"][0]["sentences"]:
        assert article[s["start"] : s["end"]] == s["text"]
        for e in s["evidence"]:
            assert 0 <= e["start"] <= e["end"] <= len(source)
