"""Evidence selection on a small index (lexical scores only, no embedding model: deterministic)."""

from __future__ import annotations

import pytest

from communique.align import Need, SourceIndex
from communique.textnorm import content_keys

PASSAGES = [
    "The two sides agreed to strengthen cooperation in fisheries and renewable energy.",
    "The two sides agreed to strengthen cooperation in fisheries and renewable energy, and to meet again.",
    "The two sides agreed to cooperate on insurance.",
    "The weather in the capital was mild throughout the visit.",
]


def evidence(text: str, listed: tuple[str, ...] = ()) -> list[str]:
    index = SourceIndex.for_texts(PASSAGES)
    need = Need(terms=tuple(content_keys(text)), listed=listed)
    _, chosen = index.select([text], [need], top_k=3, ratio=0.85)[0]
    return [c.passage.text for c in chosen]


def test_a_close_runner_up_that_adds_no_word_is_not_cited() -> None:
    cited = evidence("The two sides agreed to strengthen cooperation in fisheries and renewable energy.")
    assert cited == [PASSAGES[0]]


def test_a_list_member_missing_from_the_best_passage_is_cited_from_another() -> None:
    text = "The two sides agreed to strengthen cooperation in fisheries, renewable energy and insurance."
    listed = tuple(content_keys("fisheries energy insurance"))
    cited = evidence(text, listed)
    assert PASSAGES[2] in cited and PASSAGES[3] not in cited


def test_an_admit_rule_keeps_a_passage_out() -> None:
    index = SourceIndex.for_texts(PASSAGES)
    text = "The two sides agreed to strengthen cooperation in fisheries, renewable energy and insurance."
    need = Need(
        terms=tuple(content_keys(text)),
        listed=tuple(content_keys("fisheries energy insurance")),
        admit=lambda p: "insurance" not in p.text,
    )
    _, chosen = index.select([text], [need], top_k=3, ratio=0.85)[0]
    assert all("insurance" not in c.passage.text for c in chosen)


def test_a_figure_anchors_the_sentence_to_the_passage_that_gives_it(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import communique.align as align

    texts = [
        "The banks will raise lending for energy access sharply.",
        "Measures will free $410 billion by 2030.",
    ]

    def scores(query: str, weight: float) -> dict[str, float]:
        monkeypatch.setattr(align, "W_FIGURES", weight)
        return {c.passage.text[:8]: c.score for c in SourceIndex.for_texts(texts).rank([query])[0]}

    query = "Banks raise lending by $410 billion."
    off, on = scores(query, 0.0), scores(query, 0.1)
    assert on["Measures"] - off["Measures"] == pytest.approx(0.1)  # the one figure, given
    assert on["The bank"] == pytest.approx(off["The bank"])
    # a year is shared by many provisions: it anchors nothing
    query = "By 2030 banks raise lending."
    assert scores(query, 0.1)["Measures"] == pytest.approx(scores(query, 0.0)["Measures"])
