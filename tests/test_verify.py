"""Verdicts and issue types on a statement and sentences written for these tests (not the sample corpus)."""

from __future__ import annotations

import pytest

from communique import Checker
from communique.ingest import document_from_text

STATEMENT = """Joint Statement on the Third Round of Norland-Sudland Ministerial Talks

On March 3, 2025, the Foreign Minister of Norland and the Foreign Minister of Sudland held the third round of ministerial talks in Oslo.

The two sides agreed to expand cooperation in fisheries, renewable energy and maritime safety, and to establish a joint commission on coastal protection by 2026.

Norland commended Sudland for its efforts to protect the Arctic environment. Sudland thanked Norland for its humanitarian assistance. Sudland expressed its readiness to host a donor conference on coastal protection.

The two sides called on the international community to support the peace process in the region and expressed their opposition to unilateral sanctions.

The two sides agreed to open a consulate in Bergen.

During the talks, the two sides exchanged views on tourism, shipping and defence. The two sides agreed to strengthen cooperation in banking and insurance.

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


@pytest.fixture(scope="module")
def checks(checker: Checker):  # type: ignore[no-untyped-def]
    def run(sentence: str):  # type: ignore[no-untyped-def]
        source = document_from_text(STATEMENT, "statement.txt")
        article = document_from_text(sentence, "article.txt")
        result = checker.check(source, [article], parties=["Norland", "Sudland"])
        return result.articles[0].sentences[0]

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
    verdict, _ = verdicts("The two sides also agreed to build a railway tunnel under the Arctic Ocean.")[0]
    assert verdict == "unsupported"


def test_unrelated_background_is_commentary(verdicts) -> None:  # type: ignore[no-untyped-def]
    # no party, official or text acts in it, and no passage supports it: the outlet's context, not a claim
    verdict, _ = verdicts("The central bank raised interest rates by half a point to fight inflation.")[0]
    assert verdict is None


def test_a_scare_quoted_label_is_recorded_but_not_a_misquote(verdicts) -> None:  # type: ignore[no-untyped-def]
    verdict, issues = verdicts(
        "The two sides agreed to expand cooperation in fisheries under a “Blue Deal”."
    )[0]
    assert verdict != "misquote" and "quote_not_found" in issues


def test_a_topic_only_discussed_reported_as_a_commitment_is_partial(checks) -> None:  # type: ignore[no-untyped-def]
    c = checks("The two sides pledged to cooperate on fisheries, renewable energy and tourism.")
    added = [i for i in c.issues if i.type == "added_content"]
    assert c.verdict == "partial"
    assert [i.text for i in added] == ["tourism"] and "only as report" in added[0].detail


def test_a_topic_discussed_reported_as_discussed_is_supported(checks) -> None:  # type: ignore[no-untyped-def]
    assert checks("The ministers discussed fisheries, tourism and defence.").verdict == "supported"


def test_a_list_drawn_from_two_provisions_cites_both(checks) -> None:  # type: ignore[no-untyped-def]
    c = checks(
        "The two sides agreed to expand cooperation in fisheries, renewable energy, maritime safety and insurance."
    )
    assert c.verdict == "supported"
    cited = " ".join(e.text for e in c.evidence)
    assert "fisheries" in cited and "insurance" in cited


def test_a_different_party_in_the_evidence_slot_is_added_content(checks) -> None:  # type: ignore[no-untyped-def]
    c = checks("The two sides called on major powers to support the peace process in the region.")
    assert c.verdict == "partial"
    assert any(i.type == "added_content" and "international community" in i.detail for i in c.issues)


@pytest.mark.parametrize(
    "sentence",
    [
        "The two sides called on the world to support the peace process in the region.",
        "The two sides called on the global public to support the peace process in the region.",
    ],
)
def test_a_paraphrased_slot_filler_stays_supported(checks, sentence: str) -> None:  # type: ignore[no-untyped-def]
    assert checks(sentence).verdict == "supported"


def test_a_number_named_elsewhere_in_the_source_still_contradicts_its_slot(checks) -> None:  # type: ignore[no-untyped-def]
    # "fourth" is in the source (the next round), but this round is the third
    c = checks("The ministers held the fourth round of ministerial talks in Oslo on March 3, 2025.")
    assert c.verdict == "contradicted"
    assert any(i.type == "number_mismatch" and i.text == "fourth" for i in c.issues)


def test_a_place_named_elsewhere_in_the_source_still_contradicts_its_slot(checks) -> None:  # type: ignore[no-untyped-def]
    c = checks("The ministers held the third round of ministerial talks in Bergen on March 3, 2025.")
    assert c.verdict == "contradicted"
    assert any(i.type == "entity_substitution" and "Oslo" in i.detail for i in c.issues)


def test_an_inserted_negation_below_the_main_verb_is_contradicted(checks) -> None:  # type: ignore[no-untyped-def]
    c = checks("Norland commended Sudland for not protecting the Arctic environment.")
    assert c.verdict == "contradicted" and "polarity_flipped" in [i.type for i in c.issues]


def test_a_second_actor_inside_the_sentence_is_not_an_actor_change(checks) -> None:  # type: ignore[no-untyped-def]
    # both sides promised; Sudland alone offered: reported in one sentence, neither actor is wrong
    c = checks(
        "Norland and Sudland promised closer cooperation, with Sudland offering to host a donor conference "
        "on coastal protection."
    )
    assert "actor_changed" not in [i.type for i in c.issues]
    # the same offer reported as both sides' is still an actor change
    c = checks(
        "Norland and Sudland expressed their readiness to host a donor conference on coastal protection."
    )
    assert "actor_changed" in [i.type for i in c.issues]


@pytest.mark.parametrize(
    ("tail", "verdict"),
    [("as well as in naval intelligence", "partial"), ("as well as in maritime safety", "supported")],
)
def test_a_list_continued_by_a_second_phrase_is_checked_member_by_member(
    checks, tail: str, verdict: str
) -> None:  # type: ignore[no-untyped-def]
    c = checks(f"The two sides agreed to expand cooperation in fisheries and renewable energy, {tail}.")
    assert c.verdict == verdict
