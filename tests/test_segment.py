"""Segmentation: sentence boundaries, paragraphs, offsets and kinds, on text written for these tests."""

from __future__ import annotations

import pytest

from communique.ingest import document_from_text
from communique.segment import commentary_cues, segment, split_paragraphs


def _sents(nlp, text: str) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    seg = segment(document_from_text(text), nlp)
    for s in seg.sentences:
        assert text[s.start : s.end] == s.text  # every span slices the original text
    return [(s.text, s.kind) for s in seg.sentences]


def test_honorifics_and_initialisms_do_not_end_sentences(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "H.E. Anna Berg met Mr. Tomas Ruiz at the U.N. Headquarters in New York. "
        "They discussed the U.N. Charter and trade."
    )
    assert [t for t, _ in _sents(nlp, text)] == [
        "H.E. Anna Berg met Mr. Tomas Ruiz at the U.N. Headquarters in New York.",
        "They discussed the U.N. Charter and trade.",
    ]


def test_a_sentence_broken_across_a_line_is_one_sentence(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The ministers signed a memorandum on\nfisheries and coastal protection.\nTalks resume in May."
    assert [t for t, _ in _sents(nlp, text)] == [
        "The ministers signed a memorandum on\nfisheries and coastal protection.",
        "Talks resume in May.",
    ]


def test_a_closing_quote_can_end_a_sentence(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The envoy called the meeting “a turning point.” Officials agreed to meet again."
    assert [t for t, _ in _sents(nlp, text)] == [
        "The envoy called the meeting “a turning point.”",
        "Officials agreed to meet again.",
    ]


def test_numbered_heading_and_list_marker_stay_with_their_text(nlp) -> None:  # type: ignore[no-untyped-def]
    got = _sents(nlp, "2. Trade Before Politics\nThe two governments cut tariffs on rice and wheat.")
    assert got[0] == ("2. Trade Before Politics", "heading")
    assert got[1][1] == "claim"


def test_embedded_post_lines_are_embeds(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "The minister said the deal was signed on Friday.\n"
        "Great talks today with @OtherMinister on the new port deal.\n"
        "— Ministry of Trade (@TradeMin) March 3, 2025\n"
        "More to follow… pic.twitter.com/AbC123xyz\n"
        "The agreement covers shipping and customs."
    )
    kinds = [k for _, k in _sents(nlp, text)]
    assert kinds == ["claim", "embed", "embed", "embed", "claim"]


def test_read_more_and_bylines_are_boilerplate(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "By Jane Doe\nThe two sides agreed to cut tariffs.\nRead more: Tariffs fall across the region"
    assert [k for _, k in _sents(nlp, text)] == ["boilerplate", "claim", "boilerplate"]


def test_headline_glued_to_a_line_is_a_heading(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Words matter in diplomacy. Ministers demand action that can be measured\nThe ministers met on Monday."
    got = _sents(nlp, text)
    assert got[1] == ("Ministers demand action that can be measured", "heading")


def test_paragraphs_are_blank_line_blocks_or_lines() -> None:
    assert [(p.start, p.end) for p in split_paragraphs("a b\nc\n\nd")] == [(0, 5), (7, 8)]
    assert [(p.start, p.end) for p in split_paragraphs("One.\nTwo.\n")] == [(0, 4), (5, 9)]


@pytest.mark.parametrize(
    "sentence",
    [
        "This marks a turning point in the relationship.",
        "This signal a new phase in relations and sets a higher bar.",  # the outlet's typo: no verb parsed
        "Opposing unilateral sanctions positions both states as defenders of trade rules.",
        "The summit was framed as a reset of ties.",
        "Analysts say the statement is the clearest sign yet of a thaw.",
    ],
)
def test_analysis_reads_as_commentary(nlp, sentence: str) -> None:  # type: ignore[no-untyped-def]
    assert commentary_cues(nlp(sentence)) >= 1.0


@pytest.mark.parametrize(
    "sentence",
    [
        "The statement framed the talks as a success.",
        "The two ministers agreed to meet again in May.",
        "Welcoming the talks, the two ministers agreed to meet again in May.",
    ],
)
def test_reports_of_what_was_said_are_not_commentary(nlp, sentence: str) -> None:  # type: ignore[no-untyped-def]
    assert commentary_cues(nlp(sentence)) < 1.0


def test_a_hostile_byline_line_is_classified_in_linear_time() -> None:
    # a line of thousands of capitalised words after "By" once made the byline pattern backtrack for
    # minutes (a regular-expression denial of service); each repetition now consumes a separator
    import time

    from communique.segment import _BOILERPLATE

    for line in ("By " + "Aa1 " * 5000 + "!", "By " + "ABCDEFGHIJ" * 3000 + " x", "By " + "A," * 5000 + "b"):
        t = time.perf_counter()
        _BOILERPLATE.match(line)
        assert time.perf_counter() - t < 0.5
    assert _BOILERPLATE.match("By Dr. Farah Idris, Regional Security Programme | 10 July 2026")
    assert not _BOILERPLATE.match("By Friday, the ministers had agreed to meet.")


def test_a_verbless_line_naming_someone_is_a_caption(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "The two ministers agreed to reopen the border crossings.\n\n"
        "Foreign Minister Ana Lind of Norland at the talks in Velden on Sunday.\n\n"
        "Open questions:\n\n"
        "Norland's foreign minister will travel to Sudland in May."
    )
    seg = segment(document_from_text(text, "a.txt"), nlp)
    got = [(s.kind, s.kind_reason) for s in seg.sentences]
    assert got[0] == ("claim", None) and got[3] == ("claim", None)
    assert got[1] == ("boilerplate", "caption")
    assert got[2][0] == "heading"
