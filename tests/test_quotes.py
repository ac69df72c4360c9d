"""Quote checks on sentences written for these tests (not the sample corpus)."""

from __future__ import annotations

import pytest

from communique.quotes import QuoteFinder, find_quotes

SOURCE = (
    "The ministers reaffirmed their commitment to a peaceful, negotiated settlement of the border question. "
    "They called for an immediate and lasting cessation of hostilities in the region, and agreed to strengthen "
    "cooperation on flood management and early-warning systems. Both sides welcomed the good-neighbourly "
    "spirit of the talks and the organisation of a joint commission."
)


@pytest.fixture(scope="module")
def finder() -> QuoteFinder:
    return QuoteFinder(SOURCE)


def _status(finder: QuoteFinder, sentence: str) -> list[tuple[str, str]]:
    return [(q.text, finder.check(q).status) for q in find_quotes(sentence)]


def test_find_quotes_handles_curly_straight_and_apostrophes() -> None:
    s = 'The text\'s authors said “peaceful, negotiated settlement,” and "early-warning systems" but not ‘lasting’.'
    assert [q.text for q in find_quotes(s)] == [
        "peaceful, negotiated settlement",
        "early-warning systems",
        "lasting",
    ]


def test_quote_offsets_slice_the_sentence() -> None:
    s = "They sought “an immediate and lasting cessation” of fighting."
    (q,) = find_quotes(s)
    assert s[q.start : q.end] == q.text


def test_exact_ignores_quote_styles_case_and_edge_punctuation(finder: QuoteFinder) -> None:
    assert _status(finder, "They urged “An immediate and lasting cessation of hostilities.”") == [
        ("An immediate and lasting cessation of hostilities", "exact")
    ]


def test_variant_spelling_hyphenation_and_inflection(finder: QuoteFinder) -> None:
    got = _status(
        finder,
        'They praised the "good-neighborly" spirit, the "organization" of a commission '
        'and "early warning system".',
    )
    assert [s for _, s in got] == ["variant", "variant", "variant"]


def test_substituted_word_is_altered_with_a_diff(finder: QuoteFinder) -> None:
    (q,) = find_quotes("They called for an “immediate and permanent cessation of hostilities”.")
    r = finder.check(q)
    assert r.status == "altered"
    assert r.closest is not None and r.closest.text == "immediate and lasting cessation of hostilities"
    assert ("replace", "permanent", "lasting") in [(d.op, d.quote, d.source) for d in r.diff]


def test_dropped_words_inside_a_quote_are_altered(finder: QuoteFinder) -> None:
    (q,) = find_quotes("The text spoke of “cooperation on flood management systems”.")
    r = finder.check(q)
    assert r.status == "altered"
    assert any(d.op == "delete" and "early" in d.source for d in r.diff)


def test_words_not_in_the_source_are_not_found(finder: QuoteFinder) -> None:
    assert _status(finder, "Analysts called it a “historic breakthrough”.") == [
        ("historic breakthrough", "not_found")
    ]


def test_a_label_half_in_the_source_is_not_found_not_altered(finder: QuoteFinder) -> None:
    # one real word plus an invented one is a label, not a distorted quotation
    assert _status(finder, "They set up a “commission 2.0”.")[0][1] == "not_found"


def test_a_quotation_running_over_sentences_maps_to_the_sentence_that_closes_it() -> None:
    from communique.quotes import quotation_runs

    sentences = [
        (0, 0, "“This step opens prospects for trade across the strait."),
        (1, 0, "Get the ports right and the rest follows,” said a visiting envoy."),
        (2, 1, 'He said the sides "agreed to talk."'),  # opened and closed in one sentence
        (3, 2, "“A quotation never closed in its paragraph."),
        (4, 3, "A new paragraph starts afresh."),
        (5, 4, '"Straight marks work too.'),
        (6, 4, "As do runs of three."),
        (7, 4, 'This one closes it," she added.'),
    ]
    assert quotation_runs(sentences) == {0: 1, 5: 7, 6: 7}
