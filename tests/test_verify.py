"""Verdicts and issue types on a statement and sentences written for these tests (not the sample corpus)."""

from __future__ import annotations

import pytest

from communique import Checker
from communique.ingest import document_from_text

STATEMENT = """Joint Statement on the Third Round of Norland-Sudland Ministerial Talks

On March 3, 2025, the Foreign Minister of Norland and the Foreign Minister of Sudland held the third round of ministerial talks in Oslo.

The two sides agreed to expand cooperation in fisheries, renewable energy and maritime safety, and to establish a joint commission on coastal protection by 2026.

Norland commended Sudland for its efforts to protect the Arctic environment. Sudland thanked Norland for its humanitarian assistance.

The two sides called on the international community to support the peace process in the region and expressed their opposition to unilateral sanctions.

The two sides agreed to hold the fourth round of talks in Sudland next year.
"""


@pytest.fixture(scope="module")
def verdicts(checker: Checker):  # type: ignore[no-untyped-def]
    def run(*sentences: str) -> list[tuple[str | None, list[str]]]:
        source = document_from_text(STATEMENT, "statement.txt")
        article = document_from_text("\n".join(sentences), "article.txt")
        result = checker.check(source, [article], parties=["Norland", "Sudland"])
        return [(c.verdict, [i.type for i in c.issues]) for c in result.articles[0].sentences]

    return run


@pytest.mark.parametrize(
    "sentence",
    [
        "Norland and Sudland agreed to widen their cooperation on fisheries, renewable energy and maritime safety.",
        "Norland praised Sudland's work to protect the Arctic environment.",
        "The ministers met in Oslo on March 3 for the third round of talks.",
        "Both countries urged the international community to back the peace process in the region.",
    ],
)
def test_paraphrase_stays_supported(verdicts, sentence: str) -> None:  # type: ignore[no-untyped-def]
    assert verdicts(sentence)[0][0] == "supported"


def test_an_added_list_member_is_partial(verdicts) -> None:  # type: ignore[no-untyped-def]
    verdict, issues = verdicts(
        "The two sides agreed to expand cooperation in fisheries, renewable energy and naval intelligence."
    )[0]
    assert verdict == "partial" and "added_content" in issues


def test_a_wrong_ordinal_round_is_contradicted(verdicts) -> None:  # type: ignore[no-untyped-def]
    verdict, issues = verdicts("The fifth round of ministerial talks was held in Oslo.")[0]
    assert verdict == "contradicted" and "number_mismatch" in issues


def test_a_wrong_date_is_contradicted(verdicts) -> None:  # type: ignore[no-untyped-def]
    verdict, issues = verdicts("On March 6, 2025, the two foreign ministers held talks in Oslo.")[0]
    assert verdict == "contradicted" and "date_mismatch" in issues


def test_one_party_reported_as_both_is_contradicted(verdicts) -> None:  # type: ignore[no-untyped-def]
    verdict, issues = verdicts(
        "Both sides commended each other's efforts to protect the Arctic environment."
    )[0]
    assert verdict == "contradicted" and "actor_changed" in issues


def test_a_flipped_stance_is_contradicted(verdicts) -> None:  # type: ignore[no-untyped-def]
    verdict, issues = verdicts("The two sides expressed their support for unilateral sanctions.")[0]
    assert verdict in {"contradicted", "partial"}
    assert "polarity_flipped" in issues or "added_content" in issues


def test_a_shift_in_force_is_recorded_without_flagging(verdicts) -> None:  # type: ignore[no-untyped-def]
    verdict, issues = verdicts(
        "The two sides demanded that the international community support the peace process in the region."
    )[0]
    assert verdict == "supported"
    assert "modality_changed" in issues


def test_an_altered_quote_is_a_misquote(verdicts) -> None:  # type: ignore[no-untyped-def]
    verdict, issues = verdicts(
        "The ministers agreed to set up “a permanent commission on coastal protection” within a year."
    )[0]
    assert verdict == "misquote" and "quote_altered" in issues


def test_an_unrelated_sentence_is_unsupported(verdicts) -> None:  # type: ignore[no-untyped-def]
    verdict, _ = verdicts("The central bank raised interest rates by half a point to fight inflation.")[0]
    assert verdict == "unsupported"


def test_a_scare_quoted_label_is_recorded_but_not_a_misquote(verdicts) -> None:  # type: ignore[no-untyped-def]
    verdict, issues = verdicts(
        "The two sides agreed to expand cooperation in fisheries under a “Blue Deal”."
    )[0]
    assert verdict != "misquote" and "quote_not_found" in issues
