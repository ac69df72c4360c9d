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


def first_sentence_check(checker: Checker, statement: str, parties: list[str], date: str | None = None):  # type: ignore[no-untyped-def]
    """A function checking one sentence against ``statement`` (dated ``date``): its first sentence's check."""

    def run(sentence: str):  # type: ignore[no-untyped-def]
        source = document_from_text(statement, "statement.txt")
        if date:
            source = type(source)(**{**{f: getattr(source, f) for f in source.__slots__}, "date": date})
        article = document_from_text(sentence, "article.txt")
        return checker.check(source, [article], parties=parties).articles[0].sentences[0]

    return run


@pytest.fixture(scope="module")
def checks(checker: Checker):  # type: ignore[no-untyped-def]
    return first_sentence_check(checker, STATEMENT, ["Norland", "Sudland"])


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
    # one word, or a short name, in quotation marks is a label; two or more other words the source lacks
    # are a quotation of it (quotes.min_words, chosen leave-one-pack-out on the dev packs and the real sets)
    for label in ("a “Bluewater” plan", "a “Blue Deal”"):
        verdict, issues = verdicts(f"The two sides agreed to expand cooperation in fisheries under {label}.")[
            0
        ]
        assert verdict != "misquote" and "quote_not_found" in issues, label
    verdict, issues = verdicts("The two sides agreed to expand cooperation in fisheries for a “fair share”.")[
        0
    ]
    assert verdict == "misquote" and "quote_not_found" in issues


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


# --- one test per defect type, end to end, on a second written statement ----------------------------------

STATEMENT_2 = """Joint Statement of the Foreign Ministers of Norland, Sudland and Westland

Oslo, 12 March 2026

1. The Ministers met in Oslo on 12 March 2026 for the fifth trilateral meeting.

2. The Ministers agreed to raise their combined annual contribution to the Trilateral Secretariat to US$4.5 million from 2027.

3. The Ministers agreed to explore cooperation on offshore wind energy.

4. Westland expressed grave concern over the missile tests conducted in the region.

5. The Ministers reaffirmed that the Arctic Accord remains the main reference for fisheries management.

6. Sudland will send a hospital ship with 200 beds to the northern coast within three weeks.

7. The Ministers called on all private creditors to provide debt relief on comparable terms.

8. The Ministers expect inflation in the region to decline to 3.1 per cent by the end of 2026.

9. The Ministers thanked Sudland for hosting the meeting of experts in Bergen.
"""


@pytest.fixture(scope="module")
def check2(checker: Checker):  # type: ignore[no-untyped-def]
    return first_sentence_check(checker, STATEMENT_2, ["Norland", "Sudland", "Westland"], "2026-03-12")


@pytest.mark.parametrize(
    ("sentence", "verdict", "issue"),
    [
        # number_mismatch: another figure in the same role
        (
            "The ministers agreed to raise their contribution to the secretariat to $5.4 million from 2027.",
            "contradicted",
            "number_mismatch",
        ),
        # date_mismatch: another year for the same event
        (
            "The ministers agreed to raise their contribution to the secretariat to $4.5 million from 2028.",
            "contradicted",
            "date_mismatch",
        ),
        # modality_changed: "explore" reported as "agreed"
        ("The ministers agreed to build offshore wind farms together.", "partial", "modality_changed"),
        # actor_changed: one party's act reported as everyone's
        ("The ministers expressed grave concern over the missile tests.", "contradicted", "actor_changed"),
        # polarity_flipped: a stance reversed
        (
            "The ministers dropped the Arctic Accord as their main reference for fisheries management.",
            "contradicted",
            "polarity_flipped",
        ),
        # polarity_flipped by antonym: "rise" for "decline"
        (
            "The ministers expect inflation in the region to rise to 3.1 percent by the end of 2026.",
            "contradicted",
            "polarity_flipped",
        ),
        # another party in the acting slot ("send" / "dispatch" are one act)
        (
            "Norland will dispatch a hospital ship with 200 beds to the northern coast.",
            "contradicted",
            "actor_changed",
        ),
        # scope_changed: all creditors for all private creditors
        (
            "The ministers called on all creditors to provide debt relief on comparable terms.",
            "partial",
            "scope_changed",
        ),
        # added_content: a detail the source does not give
        (
            "Sudland will send a hospital ship with 200 beds and a surgical drone squadron to the northern coast.",
            "partial",
            "added_content",
        ),
        # fabricated: an invented deal is unsupported
        (
            "The ministers also agreed to set up a joint satellite telemetry hotline.",
            "unsupported",
            "unsupported_content",
        ),
        # quote_not_found: a quotation the source does not contain
        (
            "Norland's minister called it “a new dawn for the whole of the north”.",
            "misquote",
            "quote_not_found",
        ),
        # quote_altered
        (
            "The ministers said the Arctic Accord remains “the principal reference for fisheries management”.",
            "misquote",
            "quote_altered",
        ),
    ],
)
def test_each_defect_type_end_to_end(check2, sentence: str, verdict: str, issue: str) -> None:  # type: ignore[no-untyped-def]
    c = check2(sentence)
    assert (c.verdict, issue in [i.type for i in c.issues]) == (verdict, True), (c.verdict, c.issues)


@pytest.mark.parametrize(
    "sentence",
    [
        # a number the statement gives in another form, and a bound consistent with it
        "The ministers agreed to lift their yearly contribution to the secretariat to more than $4 million from 2027.",
        # "within three weeks" reported as "within 21 days"
        "Sudland will send a hospital ship with 200 beds to the northern coast within 21 days.",
        # a short name for a party's state form, and a capital standing for its government
        "Oslo hosted the fifth trilateral meeting on 12 March 2026.",
        # a quotation cut with an ellipsis
        "The ministers said the accord remains “the main reference … for fisheries management”.",
        # the weekday of the meeting (12 March 2026 is a Thursday)
        "The ministers met in Oslo on Thursday for their fifth trilateral meeting.",
    ],
)
def test_real_world_false_alarms_stay_supported(check2, sentence: str) -> None:  # type: ignore[no-untyped-def]
    c = check2(sentence)
    assert c.verdict == "supported", c.issues


def test_a_number_the_source_does_not_give_is_recorded_not_contradicted(check2) -> None:  # type: ignore[no-untyped-def]
    c = check2("The fifth meeting, which drew 40 officials, was held in Oslo on 12 March 2026.")
    assert c.verdict != "contradicted"
    assert "number_not_in_source" in [i.type for i in c.issues]


def test_a_sum_of_money_beside_a_count_of_things_is_no_rival_to_it(check2) -> None:  # type: ignore[no-untyped-def]
    c = check2(
        "Sudland will send a hospital ship with 200 beds, bought for $30 million, to the northern coast."
    )
    assert c.verdict == "partial"
    assert "number_not_in_source" in [i.type for i in c.issues] and "$30 million" in (c.explanation or "")


def test_roles_reversed_are_an_actor_change(check2) -> None:  # type: ignore[no-untyped-def]
    c = check2("Sudland thanked the ministers for hosting the meeting of experts in Bergen.")
    assert c.verdict == "contradicted"


def test_a_dateline_and_a_photo_caption_are_not_claims(checker: Checker) -> None:
    source = document_from_text(STATEMENT_2, "statement.txt")
    article = document_from_text(
        "OSLO, March 12 (Nordic Wire) -- The ministers met in Oslo for their fifth trilateral meeting.\n\n"
        "Photo: The three ministers pose before the talks in Oslo.\n",
        "article.txt",
    )
    checks = (
        checker.check(source, [article], parties=["Norland", "Sudland", "Westland"]).articles[0].sentences
    )
    assert checks[0].kind == "claim" and checks[0].verdict == "supported"
    assert checks[-1].kind == "boilerplate"


def test_background_that_shares_a_name_is_commentary(check2) -> None:  # type: ignore[no-untyped-def]
    c = check2("Oslo was founded around 1040 and became a capital in 1814.")
    assert c.kind == "commentary"


# --- numbers, dates and places by role, on a third written statement ---------------------------------------

STATEMENT_3 = """Joint Communiqué of the Ministers of Eastmark and Valdoria

Tallinn, 9 June 2026

1. In the first phase the two sides will exchange 300 prisoners.

2. The two sides will resume inspections in 2027, with no more than six inspections by each side per year.

3. The Ministers agreed to hold the 12th round of trade negotiations in Tallinn in August 2026.

4. The regional games will open in Riga on 14 October 2027.

5. The Ministers thanked the G7 for its long-standing support for the talks.

6. The Ministers welcomed new pledges of US$20 million to the Reconstruction Fund.

7. The Ministers welcomed the designation of two grain terminals in Narva, which will handle exports to the region.

8. The Ministers agreed to explore cooperation on green hydrogen.

9. The Ministers welcomed progress on the Charter of Maritime Conduct.

10. Valdoria will offer 40 scholarships a year to students from Latvia.
"""


@pytest.fixture(scope="module")
def check3(checker: Checker):  # type: ignore[no-untyped-def]
    return first_sentence_check(checker, STATEMENT_3, ["Eastmark", "Valdoria"])


@pytest.mark.parametrize(
    ("sentence", "issue"),
    [
        # the only figure of a close paraphrase against the passage's only figure (the group count "the
        # two sides" names who is meant and does not count as a figure)
        ("They will resume inspections in 2027, limited to eight per side each year.", "number_mismatch"),
        # the same day and month in another year, whatever verb carries it
        ("Riga will host the regional games from Oct. 14, 2028.", "date_mismatch"),
        # another city where the round is held, the phrase attached to the noun in one parse and to the
        # verb in the other
        ("Trade negotiators will hold their 12th round in Vilnius in August.", "entity_substitution"),
    ],
)
def test_a_figure_date_or_place_in_the_same_role_is_contradicted(check3, sentence: str, issue: str) -> None:  # type: ignore[no-untyped-def]
    c = check3(sentence)
    assert c.verdict == "contradicted" and issue in [i.type for i in c.issues], (c.verdict, c.issues)


@pytest.mark.parametrize(
    "sentence",
    [
        # a count naming a known group is no rival to the figure the passage reports
        "In the first phase the three ministers said the two sides would swap 300 prisoners.",
        # digits inside a name are not a number
        "The Ministers thanked the G7 for its “longstanding support” for the talks.",
        # the country of the city named in the source is no rival to it
        "The 12th round of trade negotiations will be held in Tallinn in August.",
    ],
)
def test_group_counts_names_and_spelling_are_no_contradiction(check3, sentence: str) -> None:  # type: ignore[no-untyped-def]
    c = check3(sentence)
    assert c.verdict in {"supported", "partial"}, (c.verdict, c.issues)
    assert not {"number_mismatch", "quote_altered", "entity_substitution"} & {i.type for i in c.issues}


def test_a_sentence_giving_a_day_the_source_gives_is_a_claim_whatever_its_tone(check3) -> None:  # type: ignore[no-untyped-def]
    c = check3("This one, held in the Latvian capital on 14 October, is more ambitious than most.")
    assert c.kind == "claim" and c.verdict != "unsupported", (c.kind, c.verdict, c.issues)
    # a bare weekday is resolved against the statement's date and proves nothing about the sentence
    c = check3("On Tuesday the weather in the old town was unusually mild for the season.")
    assert c.kind == "commentary"


@pytest.mark.parametrize(
    ("sentence", "flagged"),
    [
        # the source names the pledge as a noun: reporting it as a verb is no stronger
        ("Donors pledged $20 million to the Reconstruction Fund.", False),
        # the claim's verb, with its "will", is in a relative clause of the passage
        ("Two grain terminals in Narva will handle exports to the region.", False),
        # "agreed to explore" read through its chain: "agreed to cooperate" is stronger
        ("The ministers agreed to cooperate on green hydrogen.", True),
    ],
)
def test_modality_is_read_from_the_claims_own_verb_in_the_evidence(
    check3, sentence: str, flagged: bool
) -> None:  # type: ignore[no-untyped-def]
    c = check3(sentence)
    assert (c.verdict == "partial" and "modality_changed" in {i.type for i in c.issues}) is flagged, (
        c.verdict,
        c.issues,
    )


@pytest.mark.parametrize(
    "sentence",
    [
        # a name with an inner "of" stands in the source as written
        "The ministers hailed progress on the Charter of Maritime Conduct.",
        # a country's people for the country
        "Valdoria will offer 40 scholarships a year to Latvians.",
    ],
)
def test_names_written_as_the_source_writes_them_are_grounded(check3, sentence: str) -> None:  # type: ignore[no-untyped-def]
    c = check3(sentence)
    assert c.verdict == "supported", (c.verdict, c.issues)


@pytest.mark.parametrize(
    ("sentence", "verdict"),
    [
        # a bare definite description refers back to what is given ("the bloc"): no new thing
        ("Valdoria will offer 40 scholarships a year to students from Latvia through the bloc.", "supported"),
        # an indefinite new thing with its own modifier is added content
        (
            "Valdoria will offer 40 scholarships a year to students from Latvia through a new mining fund.",
            "partial",
        ),
    ],
)
def test_a_definite_description_refers_back_and_a_new_thing_is_added(
    check3, sentence: str, verdict: str
) -> None:  # type: ignore[no-untyped-def]
    assert check3(sentence).verdict == verdict


def test_a_sum_of_money_the_source_does_not_give_is_added_content(check3) -> None:  # type: ignore[no-untyped-def]
    # and "40 scholarships", a count of things, is no rival to a sum of money
    c = check3("Valdoria will offer 40 scholarships a year, worth $2 million, to students from Latvia.")
    assert c.verdict == "partial"
    assert "number_not_in_source" in [i.type for i in c.issues] and "$2 million" in (c.explanation or "")


@pytest.mark.parametrize(
    ("sentence", "verdict"),
    [
        # what "this" points to is in the source as agreed
        ("This was agreed by the two foreign ministers, the joint statement said.", "supported"),
        # something new in the pointing sentence itself is still checked
        ("This was agreed at a summit in Paris, the joint statement said.", "flagged"),
    ],
)
def test_a_passive_sentence_that_points_back_is_read_with_the_sentence_before(
    verdicts, sentence: str, verdict: str
) -> None:  # type: ignore[no-untyped-def]
    got, issues = verdicts("Norland and Sudland will open a consulate in Bergen.", sentence)[1]
    assert (got == "supported") is (verdict == "supported"), (got, issues)


def test_a_pointing_sentence_is_held_to_what_the_source_says_of_the_sentence_before(verdicts) -> None:  # type: ignore[no-untyped-def]
    # the source gives Sudland's readiness to host, not an agreement
    got, issues = verdicts(
        "Sudland will host a donor conference on coastal protection.",
        "This was agreed by the two foreign ministers, the joint statement said.",
    )[1]
    assert got == "partial" and "modality_changed" in issues, (got, issues)


CALL = """Readout of the Call between the President of Norland and the Prime Minister of Sudland
May 2, 2025

The President of Norland spoke by telephone with the Prime Minister of Sudland. The two leaders discussed the flooding along their shared border.

1. The two governments will reopen the border crossings at Velden.

2. Both countries will work to restore rail links between their capitals.
"""


@pytest.fixture(scope="module")
def call_checks(checker: Checker):  # type: ignore[no-untyped-def]
    return first_sentence_check(checker, CALL, ["Norland", "Sudland"], date="2025-05-02")


@pytest.mark.parametrize(
    "sentence",
    [
        # a synonym of the noun's first sense stands in the source ("telephone")
        "The two leaders discussed the flooding along their shared border in a phone call.",
        # the list's numbering is not a word of the claim
        "ii) Both countries will work to restore rail links between their capitals.",
    ],
)
def test_same_words_in_other_forms_are_not_added(call_checks, sentence: str) -> None:  # type: ignore[no-untyped-def]
    c = call_checks(sentence)
    assert c.verdict == "supported", (c.verdict, c.issues)


def test_a_word_with_no_synonym_in_the_source_is_still_added(call_checks) -> None:  # type: ignore[no-untyped-def]
    c = call_checks("The two leaders discussed the flooding along their shared border and its cost by fax.")
    assert c.verdict in {"partial", "unsupported"}, (c.verdict, c.issues)
    assert any("fax" in i.text for i in c.issues), c.issues


def test_words_quoted_as_written_support_the_sentence_they_stand_in(call_checks) -> None:  # type: ignore[no-untyped-def]
    # the sentence's own words align weakly, but the quotation stands in the source: not unsupported,
    # and the passage it stands in is cited
    c = call_checks(
        'The presidency says the veteran Liberal told Karlsson that "rail links between their capitals" would come back.'
    )
    assert c.verdict != "unsupported", (c.verdict, c.issues)
    assert any("rail links between their capitals" in CALL[e.start : e.end] for e in c.evidence)


@pytest.mark.parametrize(
    ("sentence", "flagged"),
    [
        # what an issuer is, in an appositive or "which is …": world knowledge, not a report
        (
            "Sudland, a founding member of the Arctic Council, expressed its readiness to host a donor conference on coastal protection.",
            False,
        ),
        (
            "Sudland, which is the region's largest fishing nation, expressed its readiness to host a donor conference on coastal protection.",
            False,
        ),
        # what an issuer did, put in a relative clause, is still checked
        (
            "Sudland, which hosted the Winter Olympics in Velden, expressed its readiness to host a donor conference on coastal protection.",
            True,
        ),
    ],
)
def test_a_description_of_an_issuer_is_not_a_report(checks, sentence: str, flagged: bool) -> None:  # type: ignore[no-untyped-def]
    c = checks(sentence)
    assert (c.verdict != "supported") is flagged, (c.verdict, c.issues)


PIPELINE = """Statement by the Harbour Council on the damage to the Nordstream 3 pipeline

The Harbour Council is deeply concerned about the damage to the Nordstream 3 pipeline off the coast of Gaza. The Council supports the investigation underway and thanks China for its assistance.
"""


@pytest.fixture(scope="module")
def pipeline_checks(checker: Checker):  # type: ignore[no-untyped-def]
    return first_sentence_check(checker, PIPELINE, ["Harbour Council"])


@pytest.mark.parametrize(
    ("sentence", "flagged"),
    [
        # a name written in two words where the source writes one
        (
            "The Harbour Council voiced deep concern about the damage to the Nord Stream 3 pipeline off the coast of Gaza.",
            False,
        ),
        # a longer name WordNet gives the place the source names
        (
            "The Harbour Council voiced deep concern about the damage to the Nordstream 3 pipeline off the coast of the Gaza Strip.",
            False,
        ),
        # another name WordNet gives a place, with no word in common, is not taken for it
        (
            "The Harbour Council voiced deep concern about the damage to the Nordstream 3 pipeline off the coast of Taiwan.",
            True,
        ),
    ],
)
def test_names_written_otherwise(pipeline_checks, sentence: str, flagged: bool) -> None:  # type: ignore[no-untyped-def]
    c = pipeline_checks(sentence)
    assert (c.verdict != "supported") is flagged, (c.verdict, c.issues)


CABLES = """Press statement of the Harbour Council

The members of the Harbour Council condemned the attack on the undersea cable near Velden. They reaffirmed the need to protect undersea cables by all means, in accordance with international law.
"""


def test_the_text_as_subject_stands_for_its_issuers(checker: Checker) -> None:
    check = first_sentence_check(checker, CABLES, ["Harbour Council"])
    c = check(
        "The communiqué reaffirmed the need to protect undersea cables by all means, in accordance with "
        "international law."
    )
    assert c.verdict == "supported", (c.verdict, c.issues)


@pytest.mark.parametrize(
    ("sentence", "flagged"),
    [
        # "the phone conversation": the call itself, named with a word the source has in another form
        (
            "During the phone conversation, the two leaders discussed the flooding along their shared border.",
            False,
        ),
        # another occasion than the statement's (the manner of its own is context: see below)
        (
            "During the football match, the two leaders discussed the flooding along their shared border.",
            True,
        ),
    ],
)
def test_the_event_named_in_the_sources_words(call_checks, sentence: str, flagged: bool) -> None:  # type: ignore[no-untyped-def]
    c = call_checks(sentence)
    assert (c.verdict != "supported") is flagged, (c.verdict, c.issues)


@pytest.mark.parametrize(
    ("sentence", "flagged"),
    [
        # the circumstances an outlet sets a report in are its context, not an addition to the report
        (
            "The two sides agreed to open a consulate in Bergen, days after a storm flooded the harbour.",
            False,
        ),
        ("Amid protests by fishermen, the two sides agreed to open a consulate in Bergen.", False),
        # with the day of the events it gives
        (
            "Amid tension spurred by the March 1 visit of a Valdorian minister to Gaza, the two sides agreed to open a consulate in Bergen.",
            False,
        ),
        # a condition of the reported act itself is part of what is reported
        ("The two sides agreed to open a consulate in Bergen after a referendum.", True),
    ],
)
def test_the_setting_of_a_report_is_context(checks, sentence: str, flagged: bool) -> None:  # type: ignore[no-untyped-def]
    c = checks(sentence)
    assert (c.verdict != "supported") is flagged, (c.verdict, c.issues)


@pytest.mark.parametrize(
    ("sentence", "verdict", "issue"),
    [
        # what the statement is said to leave out is indeed not in it
        ("The statement did not mention the Arctic Council.", "supported", "absence_confirmed"),
        ("The two sides did not attribute the sanctions to any neighbour.", "supported", "absence_confirmed"),
        # it is in it
        ("The statement made no mention of the consulate in Bergen.", "contradicted", "absence_refuted"),
    ],
)
def test_a_sentence_saying_the_statement_leaves_something_out(
    checks, sentence: str, verdict: str, issue: str
) -> None:  # type: ignore[no-untyped-def]
    c = checks(sentence)
    assert c.verdict == verdict and issue in {i.type for i in c.issues}, (c.verdict, c.issues)


def test_what_was_not_said_as_a_question_is_no_thing_to_look_for(checks) -> None:  # type: ignore[no-untyped-def]
    c = checks("The statement did not say who would pay for the commission.")
    assert not {"absence_confirmed", "absence_refuted"} & {i.type for i in c.issues}, c.issues


def test_a_third_country_the_statement_names_acting_is_the_world_it_speaks_of(pipeline_checks) -> None:  # type: ignore[no-untyped-def]
    c = pipeline_checks("China has repeatedly rejected calls for an inspection of its own pipelines.")
    assert c.kind == "commentary", (c.kind, c.verdict, c.issues)


def test_the_issuers_name_in_another_form_is_not_added(checker: Checker) -> None:
    # the issuer named in the manifest only, and by its initials in the report
    check = first_sentence_check(checker, STATEMENT, ["Ministry of Coastal Affairs of Norland"])
    c = check("The two sides agreed to open a consulate in Bergen, the MCA said in a statement.")
    assert c.verdict == "supported", (c.verdict, c.issues)


def test_a_complex_preposition_of_circumstance_is_setting(checks) -> None:  # type: ignore[no-untyped-def]
    c = checks(
        "The two sides, in the wake of a storm that flooded the harbour, agreed to open a consulate in Bergen."
    )
    assert c.verdict == "supported", (c.verdict, c.issues)


@pytest.mark.parametrize(
    ("sentence", "flagged"),
    [
        # who the acting body is made of describes the actor
        (
            "The Harbour Council, which includes Valdoria and Estland, is deeply concerned about the damage to the Nordstream 3 pipeline off the coast of Gaza.",
            False,
        ),
        (
            "The members of the Harbour Council, including Valdoria, are deeply concerned about the damage to the Nordstream 3 pipeline off the coast of Gaza.",
            False,
        ),
        # a member added to what the body says stays checked
        ("The Harbour Council thanked China and Valdoria for their assistance.", True),
    ],
)
def test_the_membership_of_the_acting_body_describes_it(
    pipeline_checks, sentence: str, flagged: bool
) -> None:  # type: ignore[no-untyped-def]
    c = pipeline_checks(sentence)
    assert (c.verdict != "supported") is flagged, (c.verdict, c.issues)


@pytest.mark.parametrize(
    ("sentence", "flagged"),
    [
        # the occasion of the report, named with its manner
        ("During a video meeting, the two leaders discussed the flooding along their shared border.", False),
        ("The two leaders discussed the flooding along their shared border in a brief phone call.", False),
        # the occasion on the text the report cites
        (
            "The two leaders said in a statement following a video meeting that they discussed the flooding along their shared border.",
            False,
        ),
        (
            "In a statement issued after a videoconference, the two leaders said they discussed the flooding along their shared border.",
            False,
        ),
        # when, to the hour: the dates' to compare, not a noun to ground
        ("On Friday evening, the two leaders discussed the flooding along their shared border.", False),
        # an occasion the report adds as something done is still checked
        ("The two leaders agreed to hold a video summit on the flooding along their shared border.", True),
    ],
)
def test_the_occasion_of_a_report_with_its_manner_is_context(
    call_checks, sentence: str, flagged: bool
) -> None:  # type: ignore[no-untyped-def]
    c = call_checks(sentence)
    assert (c.verdict != "supported") is flagged, (c.verdict, c.issues)


def test_a_body_named_with_its_country_is_the_one_the_source_gives(checker: Checker) -> None:
    text = "Statement\n\nWe reject the statement of the Canadian Prime Minister in their Parliament.\n"
    check = first_sentence_check(checker, text, ["Norland"])
    c = check("Norland rejected the statement of the Prime Minister in the Parliament of Canada.")
    assert c.verdict == "supported", (c.verdict, c.issues)
    c = check("Norland rejected the statement of the Prime Minister in the Parliament of Australia.")
    assert c.verdict != "supported", (c.verdict, c.issues)


@pytest.mark.parametrize(
    ("sentence", "flagged"),
    [
        # a name of the source misspelled by a letter
        ("The two sides agreed to open a consulate in Berggen.", False),
        # another name
        ("The two sides agreed to open a consulate in Bremen.", True),
    ],
)
def test_a_misspelled_name_is_the_sources(checks, sentence: str, flagged: bool) -> None:  # type: ignore[no-untyped-def]
    c = checks(sentence)
    assert (c.verdict != "supported") is flagged, (c.verdict, c.issues)


OFFICE_READOUT = """PM call with the President of Finland: 3 May 2025

The Prime Minister spoke to the President of Finland, Mika Laine, this afternoon.

The Prime Minister reiterated that partners must continue to support the ferry service against Voronin's attacks.

The leaders discussed the flooding along their shared border, and the Prime Minister said it was an absolute priority for his government.
"""

HOSTED = """Joint Statement on Norway – Finland Relations

Today, May 3, 2025 President Mika Laine, the President of the Republic of Finland, received Prime Minister of the Kingdom of Norway, Anna Berg, and resumed discussions.

The two leaders reiterated their will to enhance the relations between their two countries.
"""


@pytest.mark.parametrize(
    ("statement", "parties", "sentence"),
    [
        # one issuer, an office: the issuer by its name and "all the issuers" are one actor
        (
            OFFICE_READOUT,
            ["Prime Minister's Office, Slottsplassen (Norway)"],
            "The Prime Minister reiterated that partners must continue to support the ferry service.",
        ),
        # a person the source never names where it gives an office: its holder, not a rival
        (
            OFFICE_READOUT,
            ["Prime Minister's Office, Slottsplassen (Norway)"],
            "The leaders discussed the flooding, with Anna Berg calling it an absolute priority for her government.",
        ),
        # a meeting is both sides', whoever hosted it
        (
            HOSTED,
            ["Republic of Finland (Presidency)", "Kingdom of Norway (Office of the Prime Minister)"],
            "Finnish President Mika Laine and Norwegian Prime Minister Anna Berg met in Helsinki on Saturday.",
        ),
    ],
)
def test_the_same_actor_under_another_form_is_no_change(
    checker: Checker, statement: str, parties: list[str], sentence: str
) -> None:
    c = first_sentence_check(checker, statement, parties)(sentence)
    assert c.verdict != "contradicted", (c.verdict, c.issues)


RANGE = """Joint Statement

Norland will fill the reservoir within the hydrological year 2025-2026 in a manner that does not harm Sudland.
"""


@pytest.mark.parametrize(
    ("sentence", "flagged"),
    [
        # a year inside the source's range of years
        ("Norland will fill the reservoir this year in a manner that does not harm Sudland.", False),
        ("Norland will fill the reservoir in 2028 in a manner that does not harm Sudland.", True),
        # a WordNet synonym in the slot the evidence fills ("way" / "manner")
        (
            "Norland will fill the reservoir within the year 2025-2026 in a way that does not harm Sudland.",
            False,
        ),
    ],
)
def test_a_year_in_the_sources_range_and_a_synonym_in_its_slot(
    checker: Checker, sentence: str, flagged: bool
) -> None:
    c = first_sentence_check(checker, RANGE, ["Norland", "Sudland"], date="2025-07-13")(sentence)
    assert (c.verdict != "supported") is flagged, (c.verdict, c.issues)


def test_a_speaker_the_source_need_not_name_adds_nothing(checks) -> None:  # type: ignore[no-untyped-def]
    # a spokesperson's surname, whatever the parser calls it, is who said it
    c = checks('Halvorsrud noted that "the two sides agreed to open a consulate in Bergen."')
    assert c.verdict == "supported", (c.verdict, c.issues)
    assert any(i.type == "name_not_in_source" for i in c.issues), c.issues


def test_the_leaders_of_a_readout_one_government_issued_are_one_actor(checker: Checker) -> None:
    c = first_sentence_check(checker, OFFICE_READOUT, ["Prime Minister's Office, Slottsplassen (Norway)"])(
        "The leaders discussed the flooding along their shared border."
    )
    assert "actor_changed" not in [i.type for i in c.issues], c.issues
