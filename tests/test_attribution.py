"""Real coverage's patterns, on sentences written for these tests: whose words a sentence reports, other
events and times, names in other forms, quotes as written, captions and credits, and flag confidence."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest

from communique import Checker
from communique.gazetteer import canonical_place, initials, name_forms
from communique.ingest import document_from_text
from communique.models import Issue
from communique.quotes import QuoteFinder, QuoteSpan, find_quotes
from communique.segment import _BOILERPLATE
from communique.textnorm import word_key
from communique.timex import dates
from communique.verify.confidence import confidence, key_of
from test_verify import STATEMENT, first_sentence_check


@pytest.fixture(scope="module")
def article_checks(checker: Checker):  # type: ignore[no-untyped-def]
    """The checks of an article's sentences (published on ``published``, if given), against the test
    statement dated 3 March 2025 (a Monday), issued by Norland and Sudland."""

    def run(text: str, published: str | None = None):  # type: ignore[no-untyped-def]
        source = dataclasses.replace(document_from_text(STATEMENT, "statement.txt"), date="2025-03-03")
        article = document_from_text(text, "article.txt")
        if published:
            article = dataclasses.replace(article, date=published)
        return checker.check(source, [article], parties=["Norland", "Sudland"]).articles[0].sentences

    return run


@pytest.fixture(scope="module")
def check(article_checks):  # type: ignore[no-untyped-def]
    """The check of a one-sentence article published on ``published`` (by default the day after the
    statement)."""

    def run(sentence: str, published: str | None = "2025-03-04"):  # type: ignore[no-untyped-def]
        return article_checks(sentence, published)[0]

    return run


@pytest.fixture(scope="module")
def statement_ctx(checker: Checker) -> Any:
    """The verification context of the test statement (dated 3 March 2025), its issuers Norland and Sudland."""
    from communique.settings import Options
    from communique.verify.context import VerifyContext

    source = checker.segment(document_from_text(STATEMENT, "statement.txt"))
    docs = {s.index: checker.nlp(s.text) for s in source.sentences}
    return VerifyContext.build(
        source, Options(), parties=["Norland", "Sudland"], source_docs=docs, anchor=dt.date(2025, 3, 3)
    )


@pytest.mark.parametrize(
    "sentence",
    [
        # a third government's spokesman, speaking to the press
        "Kremlin spokesman Arkady Voronin told reporters that the talks were a provocation.",
        # witnesses: no issuer
        "Witnesses said soldiers had fired on fishing boats near the coast.",
        # an issuer's official, but to the press, separately, about something else
        "Separately, a Norland foreign ministry spokesperson told reporters the border would stay closed.",
        # a group or officials of a kind the statement never names, or others than its issuers
        "The rebel group said the wind farms would never be built.",
        "Port officials said the harbour at Bergen would close for repairs in June.",
        "Other ministers said the commission on coastal protection would come too late.",
        # words of another moment than the text
        "“Our peoples are joined in common purpose,” the Norland foreign minister said after signing the text.",
    ],
)
def test_words_said_by_others_or_elsewhere_are_commentary(check, sentence: str) -> None:  # type: ignore[no-untyped-def]
    c = check(sentence)
    assert c.kind == "commentary"
    assert c.kind_reason == "attributed"
    assert c.verdict is None


@pytest.mark.parametrize(
    "sentence",
    [
        # an issuer's act, reported through someone else: a claim to check (and flag)
        "According to a congressional aide, Norland also agreed to freeze all fishing quotas until 2030.",
        # the issuers speak
        "Norland said it would expand cooperation in fisheries and maritime safety.",
        "The two sides said they would establish a joint commission on coastal protection by 2026.",
        # the issuers' own officials, by the words the statement uses
        "Foreign ministry officials said the two sides would open a consulate in Bergen.",
    ],
)
def test_issuers_words_and_acts_stay_claims(check, sentence: str) -> None:  # type: ignore[no-untyped-def]
    assert check(sentence).kind == "claim"


def test_background_dated_before_the_statement_is_commentary(check) -> None:  # type: ignore[no-untyped-def]
    c = check("The insurgency in the border region began in 2017 and has killed more than 6,000 people.")
    assert (c.kind, c.kind_reason) == ("commentary", "background")


def test_a_wrong_date_in_an_issuers_act_stays_a_claim(check) -> None:  # type: ignore[no-untyped-def]
    c = check("The two sides agreed on March 9 to expand cooperation in fisheries.")
    assert c.kind == "claim"


def test_weekdays_count_from_the_publication_date(check) -> None:  # type: ignore[no-untyped-def]
    # published Wednesday 5 March 2025: "Monday" is 3 March, the statement's own day
    c = check("On Monday, the two sides agreed to expand cooperation in fisheries.", published="2025-03-05")
    assert "date_mismatch" not in [i.type for i in c.issues]
    refs = dates("on Monday, and yesterday", published=dt.date(2025, 3, 5))
    assert [(d.month, d.day) for d in refs] == [(3, 3), (3, 4)]


def test_a_person_the_statement_names_by_title_decides_nothing(check) -> None:  # type: ignore[no-untyped-def]
    c = check(
        "Norland's Foreign Minister Erik Lundgren commended Sudland for its efforts to protect the Arctic environment."
    )
    assert c.verdict == "supported"
    assert any(i.type == "name_not_in_source" for i in c.issues)


def test_names_in_other_forms() -> None:
    assert initials("United Nations Security Council") == "unsc"
    assert initials("Group of Seven") == "g7"
    forms = name_forms(
        "The members of the Security Council acted in accordance with the Charter of the United Nations "
        "and asked the Organization for Security and Co-operation in Europe for help."
    )
    assert {"UNSC", "UN Charter", "United Nations Charter", "OSCE", "osce"} <= forms
    assert "dgmo" in name_forms("The Director Generals of Military Operations of India and Pakistan spoke.")
    assert word_key("Løvold") == word_key("Lovold") and word_key("Mocímboa") == word_key("Mocimboa")
    assert word_key("G-7") == word_key("G7")
    assert canonical_place("the White House") == canonical_place("United States")
    # a country's official name (ISO 3166), adjective and all
    assert canonical_place("the Gabonese Republic") == canonical_place("Gabon")
    assert canonical_place("the Hellenic Republic") == canonical_place("Greece")
    assert canonical_place("the Gabonese Republic") != canonical_place("Greece")
    # a capital in another spelling (GeoNames), not an English word that looks like one
    assert canonical_place("Teheran") == canonical_place("Iran")
    assert canonical_place("Kiev") == canonical_place("Ukraine")
    assert canonical_place("lime") != canonical_place("Peru")


def test_acronym_for_a_name_the_source_spells_out(checker: Checker) -> None:
    source = document_from_text(
        "Joint Statement\n\nThe two sides called on the United Nations Security Council to support the peace "
        "process in the region.\n",
        "statement.txt",
    )
    for article, name in [
        ("The two sides called on the UNSC to support the peace process in the region.", "UNSC"),
        ("The two sides called on the U.N. Security Council to support the peace process.", "U.N."),
    ]:
        c = checker.check(source, [document_from_text(article, "a.txt")], parties=["Norland", "Sudland"])
        found = c.articles[0].sentences[0]
        assert found.verdict == "supported", (article, found.issues)
        assert not any(name in i.text for i in found.issues)


@pytest.mark.parametrize(
    ("text", "quotes"),
    [
        # a quotation carried over from the sentence before
        (
            'Common understanding was reached on most provisions," it added, without elaborating.',
            ["Common understanding was reached on most provisions"],
        ),
        # mixed straight and curly marks
        ('The statement called it “a turning point" for the region.', ["a turning point"]),
        ('He said "we agree” and left.', ["we agree"]),
        ("The “zero tolerance” policy stands.", ["zero tolerance"]),
    ],
)
def test_quotes_as_written(text: str, quotes: list[str]) -> None:
    assert [q.text for q in find_quotes(text)] == quotes


def test_a_bracketed_insertion_in_a_quote_is_the_outlets() -> None:
    finder = QuoteFinder(
        "Both sides agreed to strict observance of all agreements along the Line of Control and all other sectors."
    )
    q = "strict observance of all agreements along the Line of Control (LoC) and all other sectors"
    assert finder.check(QuoteSpan(q, 0, len(q))).status == "variant"
    altered = "strict observance of some agreements along the Line of Control (LoC) and all other sectors"
    assert finder.check(QuoteSpan(altered, 0, len(altered))).status == "altered"


@pytest.mark.parametrize(
    ("line", "boilerplate"),
    [
        ("Delegates at the talks in Oslo on Monday. | Photo: Nordic Press/Kari Dahl", True),
        ("Harbour Monitor | 4 March 2025 | Based on reporting by NPA", True),
        ("Follow Harbour Monitor on Telegram for daily updates", True),
        ("By Kari Dahl, Nordic affairs editor | 4 March 2025", True),
        ("Kari Dahl can be reached at kdahl@example.org.", True),
        ("Tuesday, 4 March 2025", True),
        ("NPA Updated March 4, 2025 10:32am", True),
        ("Ministers updated 5 plans for the region.", False),
        ("By 2030, the two countries will double trade, officials said.", False),
        ("The two sides agreed to meet again in May 2026.", False),
    ],
)
def test_captions_and_credits(line: str, boilerplate: bool) -> None:
    assert bool(_BOILERPLATE.match(line)) is boilerplate


def test_every_flag_carries_a_confidence(check) -> None:  # type: ignore[no-untyped-def]
    c = check("The two sides agreed to open a consulate in Nairobi.")
    assert c.verdict not in (None, "supported")
    assert c.confidence is not None and 0.0 < c.confidence < 1.0
    assert check("The two sides agreed to open a consulate in Bergen.").confidence is None
    table = {"prior": 0.5, "by_verdict": {"partial": 0.4}, "by_key": {"partial/added_content": 0.3}}
    issue = Issue("added_content", "x", "", 0, 1)
    assert key_of("partial", [issue]) == "partial/added_content"
    assert confidence("partial", [issue], table) == 0.3
    assert confidence("partial", [], table) == 0.4
    assert confidence("supported", [issue], table) is None


@pytest.mark.parametrize(
    ("text", "day"),
    [
        # a Thursday paper: "on Sunday" is four days back, unless the words before it point ahead
        ("The attack on Sunday killed 21 people.", 23),
        ("The ministers will meet again in Oslo on Sunday.", 30),
        ("Talks are scheduled to open in Bergen on Sunday.", 30),
        # a weekday with its date is that date
        ("The truce took effect on Monday, June 17.", 17),
    ],
)
def test_a_weekday_is_the_last_one_unless_the_sentence_points_ahead(text: str, day: int) -> None:
    refs = dates(text, dt.date(2024, 6, 26), dt.date(2024, 6, 27))
    assert [d.day for d in refs if d.weekday] == [day]


def test_weekdays_ahead_and_ranges() -> None:
    # published Tuesday 2 May: talks that "begin Wednesday" and end "Thursday" are this week's
    refs = dates("talks that begin Wednesday, tomorrow and Thursday", published=dt.date(2017, 5, 2))
    assert [(d.month, d.day) for d in refs] == [(5, 3), (5, 3), (5, 4)]
    assert [d.day for d in dates("with effect from midnight 24/25 Feb 2021")] == [24, 25]


def test_light_verbs_are_no_antonyms(checker: Checker) -> None:
    source = document_from_text(
        "Joint Statement\n\nThe two sides took note of the support given by regional partners. The leaders agreed "
        "that the fighting has gone on for far too long and that all parties must end the violence.\n",
        "statement.txt",
    )
    for sentence in ["The two sides noted the support regional partners have given."]:
        c = checker.check(source, [document_from_text(sentence, "a.txt")], parties=["Norland", "Sudland"])
        assert "polarity_flipped" not in [i.type for i in c.articles[0].sentences[0].issues], sentence


def test_a_quoted_reaction_is_its_speakers(check) -> None:  # type: ignore[no-untyped-def]
    c = check(
        'A fisherman in the port of Bergen, Ola Nilsen, said, "We welcome it and we hope the boats return."'
    )
    assert (c.kind, c.kind_reason) == ("commentary", "attributed")


@pytest.mark.parametrize(
    "line",
    [
        "(More Norland stories.)",
        "[ Source ]",
        "NPA) 09:03, March 4, 2025",
        "Photo taken on March 3, 2025, shows the harbour of Bergen. (NPA/Kari Dahl)",
    ],
)
def test_link_labels_and_agency_captions(line: str) -> None:
    assert _BOILERPLATE.match(line)


def test_a_name_alone_never_makes_a_claim_unsupported(check) -> None:  # type: ignore[no-untyped-def]
    c = check("Sudland thanked Norland and the Halvorsen Foundation for its humanitarian assistance.")
    assert c.verdict in {"supported", "partial"}


def test_another_governments_account_is_commentary(check) -> None:  # type: ignore[no-untyped-def]
    # a third government speaks for itself, even about the issuers' acts
    c = check("The Kremlin said the two sides had also agreed to study a gas pipeline under the Arctic.")
    assert (c.kind, c.kind_reason) == ("commentary", "attributed")


def test_countries_in_an_issuers_name_are_issuers(checker: Checker) -> None:
    statement = (
        "Statement of the Foreign Ministers of Canada and Japan\n\n"
        "The Foreign Ministers of Canada and Japan met in Tokyo on 3 March 2025. "
        "The ministers agreed to expand cooperation in fisheries and maritime safety.\n"
    )
    source = dataclasses.replace(document_from_text(statement, "statement.txt"), date="2025-03-03")
    article = document_from_text(
        "Ottawa said the ministers had also agreed to study a gas pipeline under the Arctic.\n\n"
        "Beijing said the ministers had also agreed to study a gas pipeline under the Arctic.\n",
        "article.txt",
    )
    result = checker.check(source, [article], parties=["Foreign Ministers of Canada and Japan"])
    kinds = [(s.kind, s.kind_reason) for s in result.articles[0].sentences]
    assert kinds == [("claim", None), ("commentary", "attributed")]


@pytest.mark.parametrize(
    ("plural", "singular"), [("NGOs", "NGO"), ("MPs", "MP"), ("DGMOs", "DGMO"), ("DGsMO", "DGMO")]
)
def test_an_acronyms_plural_has_its_key(plural: str, singular: str) -> None:
    assert word_key(plural) == word_key(singular)


def test_words_joined_into_a_compound_are_found_apart() -> None:
    from communique.textnorm import KeySet, content_keys
    from communique.verify.context import closed_compound

    keys = KeySet(content_keys("Both sides agreed to cease firing and to keep the peace in the valley."))
    assert closed_compound("ceasefire", keys)
    assert closed_compound("peacekeeping", keys)
    assert not closed_compound("warship", keys)
    assert not closed_compound("firewall", keys)


def test_a_name_in_another_inflection_is_grounded(check) -> None:  # type: ignore[no-untyped-def]
    # the statement says "the Foreign Minister of Norland and the Foreign Minister of Sudland"
    c = check("The Foreign Ministers of Norland and Sudland held the third round of talks in Oslo.")
    assert c.verdict == "supported", c.issues


@pytest.mark.parametrize(
    "sentence",
    [
        # a past-tense relative clause describing the world the statement speaks of
        "The two sides agreed to open a consulate in Bergen, a port that suffered heavy storm damage last winter.",
        "The two sides agreed to open a consulate in Bergen, which was founded by King Olav in 1070.",
    ],
)
def test_an_outlets_description_of_the_world_is_no_addition(check, sentence: str) -> None:  # type: ignore[no-untyped-def]
    c = check(sentence)
    assert c.verdict == "supported", c.issues


def test_a_description_of_the_statement_itself_is_checked(check) -> None:  # type: ignore[no-untyped-def]
    c = check(
        "The statement, which was drafted by the Arctic Council secretariat, announced a consulate in Bergen."
    )
    assert c.verdict in {"partial", "unsupported"}
    assert any("Arctic Council" in i.text or "secretariat" in i.text for i in c.issues)


@pytest.mark.parametrize(
    "sentence",
    [
        "Ministerial statements are easy to sign and hard to implement.",
        "Such joint declarations are usually long on promises and short on detail.",
        "A group calling itself the Northern Front said it had shelled the harbour.",
    ],
)
def test_texts_and_groups_of_a_kind_are_not_this_statement(check, sentence: str) -> None:  # type: ignore[no-untyped-def]
    c = check(sentence)
    assert c.kind == "commentary", (c.kind, c.verdict, c.issues)


@pytest.mark.parametrize(
    ("sentence", "reports"),
    [
        # the issuers as subject, in a state or a past event of the world: not a report of the statement
        ("Norland and Sudland have been at odds for more than three decades over the islands.", False),
        ("Sudland was ruled by a military junta until 1994.", False),
        # the issuers speaking, acting as a statement does, or undertaking
        ("Norland and Sudland will build a bridge across the strait.", True),
        ("Norland condemned the attack on the ferry.", True),
        ("Sudland agreed to reopen the border.", True),
    ],
)
def test_an_issuer_reports_the_statement_when_it_speaks_acts_or_undertakes(
    checker: Checker, statement_ctx: Any, sentence: str, reports: bool
) -> None:
    ctx = statement_ctx
    from communique.verify.kinds import reports_the_event

    assert reports_the_event(checker.nlp(sentence), ctx) is reports


@pytest.mark.parametrize(
    ("sentence", "reports"),
    [
        # an issuer acting only in a clause hung on another word: the outlet's description of the world
        ("The minister arrived in Oslo on Sunday, where he was welcomed at the airport by the mayor.", False),
        ("Photographs showed the two envoys at a long table as they signed the papers.", False),
        ("Voronin expelled a diplomat it described as the head of the Norland mission.", False),
        ("This is the first time Norland has said that it would defend the ferry route.", False),
        ("Arkady Voronin said after the meeting that Norland would continue its efforts.", False),
        # the same issuers acting in the sentence's own clause, or in what a speaker reports of them
        ("Norland said that it would defend the ferry route.", True),
        ("An aide said Sudland also agreed to reopen the border.", True),
    ],
)
def test_an_issuer_in_a_clause_describing_something_else_reports_nothing(
    checker: Checker, statement_ctx: Any, sentence: str, reports: bool
) -> None:
    from communique.verify.kinds import reports_the_event

    assert reports_the_event(checker.nlp(sentence), statement_ctx) is reports


def test_a_party_in_a_phrase_about_someone_else_does_not_make_him_an_issuer(check) -> None:  # type: ignore[no-untyped-def]
    c = check("Arkady Voronin, in Oslo for talks with Norland, condemned the Sudland navy's patrols.")
    assert c.kind == "commentary"
    c = check("Garo Paylan, a former MP and a Norlander in exile, commented on the joint statement.")
    assert c.kind == "commentary"


def test_a_sentence_going_on_in_anothers_voice_stays_with_it(article_checks) -> None:  # type: ignore[no-untyped-def]
    checks = article_checks(
        "Kremlin spokesman Arkady Voronin told reporters that the talks were a provocation. "
        "He said Moscow would send warships to the strait. "
        "The two sides agreed to open a consulate in Bergen.\n"
    )
    kinds = [(s.kind, s.kind_reason) for s in checks]
    assert kinds == [("commentary", "attributed"), ("commentary", "attributed"), ("claim", None)]


def test_an_issuers_ministry_in_another_form_is_no_addition(checker: Checker) -> None:
    statement = (
        "Norland strongly condemns the violation of its airspace by Sudland. The Sudland envoy has been "
        "called to the Ministry of Foreign Affairs to receive a protest.\n"
    )
    source = dataclasses.replace(document_from_text(statement, "statement.txt"), date="2025-03-03")
    article = document_from_text(
        "The Norland Foreign Office said the Sudland envoy had been called to the ministry to receive a protest.\n",
        "article.txt",
    )
    s = checker.check(source, [article], parties=["Norland"]).articles[0].sentences[0]
    assert s.verdict == "supported", s.issues


def test_where_the_issuers_meet_is_the_setting_not_an_addition(check) -> None:  # type: ignore[no-untyped-def]
    c = check("The two sides, meeting in Nairobi this week, agreed to open a consulate in Bergen.")
    assert c.verdict == "supported", c.issues
    # what they are said to do there is still checked
    c = check("The two sides agreed to open a consulate in Nairobi.")
    assert c.verdict != "supported"


def test_the_day_a_statement_was_issued_is_checked(check) -> None:  # type: ignore[no-untyped-def]
    # the test statement is dated Monday 3 March 2025; the article appeared on Tuesday 4 March
    c = check(
        "The two sides said in a joint statement published Tuesday that they would open a consulate in Bergen."
    )
    assert c.kind == "claim"
    assert c.verdict == "contradicted"
    assert any(i.type == "date_mismatch" and "3 March 2025" in i.detail for i in c.issues)
    c = check(
        "The two sides said in a joint statement issued on Monday that they would open a consulate in Bergen."
    )
    assert c.verdict == "supported", c.issues
    c = check("The joint statement, issued on Tuesday (March 3), announced a consulate in Bergen.")
    assert not any(i.type == "date_mismatch" for i in c.issues)


@pytest.mark.parametrize(
    "sentence",
    [
        # an issuer's earlier act, dated weeks before the statement of 3 March 2025
        "Recall that on January 19, Norland announced the closure of its border with Sudland.",
        "In February, Norland's foreign minister said the two sides had agreed on key principles.",
        "Recall that on January 19 of this year, Norland announced the closure of its border.",
    ],
)
def test_an_issuers_earlier_act_is_background(check, sentence: str) -> None:  # type: ignore[no-untyped-def]
    c = check(sentence)
    assert (c.kind, c.kind_reason) == ("commentary", "background")


def test_another_governments_own_statement_is_not_this_one(check) -> None:  # type: ignore[no-untyped-def]
    c = check("“Diplomacy and dialogue must prevail,” the DFA statement said.")
    assert (c.kind, c.kind_reason) == ("commentary", "attributed")


def test_a_ministers_statement_given_to_leaders_is_flagged(checker: Checker) -> None:
    statement = (
        "Foreign Ministers' Statement on the Harbour Elections\n\n"
        "We, the Foreign Ministers of Norland and Sudland, express grave concern over the harbour elections.\n"
    )
    source = dataclasses.replace(document_from_text(statement, "statement.txt"), date="2025-03-03")
    source = dataclasses.replace(source, title="Foreign Ministers' Statement on the Harbour Elections")
    article = document_from_text(
        "Norland and Sudland leaders said they had grave concern over the harbour elections.\n\n"
        "The Norland and Sudland foreign ministers said they had grave concern over the harbour elections.\n\n"
        "Norland's foreign minister said he had grave concern over the harbour elections.\n",
        "article.txt",
    )
    parties = ["Foreign Ministers of Norland and Sudland"]
    checks = checker.check(source, [article], parties=parties).articles[0].sentences
    flagged = [any(i.type == "actor_changed" for i in s.issues) for s in checks]
    assert flagged == [True, False, False]
    assert checks[0].verdict == "contradicted"


def test_a_sentence_nothing_supports_is_background_unless_built_as_a_report(check) -> None:  # type: ignore[no-untyped-def]
    # nothing of it is in the statement, and no issuer or text speaks or acts in it: the outlet's own
    c = check("Coastal protection and maritime safety have long been weak spots of the regional economy.")
    assert (c.kind, c.kind_reason) == ("commentary", "background")
    # the same emptiness, told as the issuers' act: a claim the statement does not make
    c = check("The two sides also agreed to build a nuclear power plant on the northern coast.")
    assert (c.kind, c.verdict) == ("claim", "unsupported")
    # the text itself, whatever it does
    c = check("The statement makes no mention of the nuclear power plant on the northern coast.")
    assert c.kind == "claim"


def test_an_issuers_act_that_only_dates_the_sentence_is_no_report(
    checker: Checker, statement_ctx: Any
) -> None:
    ctx = statement_ctx
    from communique.verify.kinds import reports_the_event

    # the issuer's act sits in a clause of time: it says when, the sentence is about something else
    assert not reports_the_event(
        checker.nlp("It was the first ferry strike since Norland condemned the blockade."), ctx
    )
    # the issuers' own act with a clause of time hung on it is still a report
    assert reports_the_event(
        checker.nlp("The two sides agreed to meet again after the storm season ends."), ctx
    )


def test_an_activity_over_time_is_no_act_of_saying(checker: Checker) -> None:
    from communique.verify.kinds import attribution

    assert (
        attribution(checker.nlp("Norland has been mediating talks between the two factions for years."))
        is None
    )
    found = attribution(checker.nlp("Norland mediated the talks, the ministry said."))
    assert found is not None


def test_a_quotation_running_over_sentences_is_its_closing_speakers(article_checks) -> None:  # type: ignore[no-untyped-def]
    got = article_checks(
        "Norland and Sudland agreed to open a consulate in Bergen.\n\n"
        "“Sudland will also build a second harbour at Velden within two years. Get the "
        "fisheries right and you get stability,” said Ruth Amsel, a visiting envoy of the Baltic League."
    )
    assert [(c.kind, c.kind_reason) for c in got[1:]] == [("commentary", "attributed")] * 2, [
        (c.kind, c.kind_reason, c.verdict) for c in got
    ]


def test_a_person_the_statement_never_names_is_not_an_issuer_by_title(check) -> None:  # type: ignore[no-untyped-def]
    # "Secretary" and "General" are words issuers go by; the man is not one of them
    c = check("Forum Secretary-General Mara Holm joined the praise for the new harbour pact on Tuesday.")
    assert c.kind == "commentary", (c.kind, c.verdict, c.issues)
    # an issuer's own title before a name stays the issuer's ("Norland's foreign minister")
    assert (
        check("The Foreign Minister of Norland said the two sides agreed to open a consulate in Bergen.").kind
        == "claim"
    )


def test_as_x_stated_names_the_speaker_whatever_verb_the_quotation_has(nlp) -> None:  # type: ignore[no-untyped-def]
    from communique.verify.kinds import attribution

    doc = nlp("As Büchner further stated, “the Chancellor and the President condemned the shelling.”")
    found = attribution(doc)
    assert found is not None and (found[0].text, found[1].lemma_) == ("Büchner", "state")


BODY_RELEASE = """Press Release from the Chairperson of the Nordic Union Commission on the situation in Vestland

The Chairperson of the Nordic Union Commission strongly condemns the attempted coup in Vestland and calls on the army to return to its barracks.
"""


@pytest.mark.parametrize(
    "sentence",
    [
        # a people's adjective that is one word of the issuing body's name is not the body
        "Rebel officers in the small northern Nordic state announced on Wednesday that they had seized power.",
        # an issuer's noun of a kind the source names, but no issuer's ("the coup leaders", not "the Union's")
        "The president was placed under house arrest, the coup leaders said.",
        # a pronoun acting inside what another reported is whoever that clause names
        "A local radio had reported that rebel officers announced that they had seized power.",
        # when the text was issued, among other events
        "The statement was issued after the deposed president asked for help in a video from his residence.",
    ],
)
def test_others_acts_around_a_bodys_statement_are_not_its_report(checker: Checker, sentence: str) -> None:
    source = dataclasses.replace(document_from_text(BODY_RELEASE, "statement.txt"), date="2025-08-30")
    article = document_from_text(sentence, "article.txt")
    parties = ["Chairperson of the Nordic Union Commission, Ole Hansen"]
    c = checker.check(source, [article], parties=parties).articles[0].sentences[0]
    assert c.kind == "commentary", (c.kind, c.verdict, c.issues)


def test_the_bodys_own_act_is_still_its_report(checker: Checker) -> None:
    source = dataclasses.replace(document_from_text(BODY_RELEASE, "statement.txt"), date="2025-08-30")
    article = document_from_text(
        "The Nordic Union Commission chief condemned the coup in Vestland.", "article.txt"
    )
    parties = ["Chairperson of the Nordic Union Commission, Ole Hansen"]
    c = checker.check(source, [article], parties=parties).articles[0].sentences[0]
    assert c.kind == "claim", (c.kind, c.verdict, c.issues)


@pytest.mark.parametrize(
    ("text", "caption"),
    [
        # a line ending in a photo credit is a caption, every sentence of it
        ("Kari Dahl, Chairperson of the Nordic Council. PHOTO/NPA", True),
        (
            "Two envoys (right) and a minister (left). They agreed to talk. (Photo : Screenshot from NRK video)",
            True,
        ),
        ("Delegates at the talks in Oslo. NPA Photo", True),
        # a photo as a topic
        ("The ministers agreed on a photo: a joint picture of the summit.", False),
        ("Officials discussed the photo/video rules for the summit.", False),
    ],
)
def test_a_line_ending_in_a_photo_credit_is_a_caption(checker: Checker, text: str, caption: bool) -> None:
    seg = checker.segment(document_from_text(text + "\n", "article.txt"))
    kinds = {s.kind for s in seg.sentences}
    assert (kinds == {"boilerplate"}) is caption, kinds


@pytest.mark.parametrize(
    ("sentence", "named"),
    [
        ("The ministry issued a press release statement on the talks.", {"press", "release", "statement"}),
        ("The office shared the readout of the call.", {"readout"}),
        # what a text is about is no name of it
        ("The two sides signed a trade agreement.", set()),
    ],
)
def test_what_an_outlet_calls_the_text_names_the_text(
    checker: Checker, sentence: str, named: set[str]
) -> None:
    from communique.verify.grounding import _names_the_text

    doc = checker.nlp(sentence)
    assert {t.lower_ for t in doc if t.pos_ in {"NOUN", "PROPN"} and _names_the_text(t)} == named


def test_a_title_before_a_persons_name_is_no_added_element(checker: Checker) -> None:
    from communique.claims import build_claim
    from communique.verify.grounding import _title_of_person

    doc = checker.nlp("The statement by Norway’s Emir Sheikh Ola Nordmann Hansen was brief.")
    assert {t.text for t in doc if _title_of_person(t, doc)} == {"Emir", "Sheikh"}
    claim = build_claim("The fund will have a Trust Board.", checker.nlp("The fund will have a Trust Board."))
    assert not any(_title_of_person(t, claim.doc) for t in claim.doc)


@pytest.mark.parametrize(
    ("line", "boilerplate"),
    [
        # credits, time stamps, related links and bylines as whole lines
        ("Source: The Nordic Council", True),
        ("Based on materials from NTB", True),
        ("By: Kari Dahl", True),
        ("Updated March 4, 2025 at 8:35 PM CET", True),
        ("March 4, 2025 3:09PM CET", True),
        ("NTB", True),
        ("Oslo • NTB", True),
        ("harbourmonitor", True),
        ("(end)", True),
        ("READ ALSO: Fishermen Protest New Quotas In Bergen", True),
        ("Kari Dahl", True),
        ("Kari Dahl, Political Correspondent", True),
        # headlines and a person with an office
        ("Norland and Sudland agree to open consulate in Bergen", False),
        ("Kari Dahl, Foreign Minister of Norland", False),
    ],
)
def test_credit_lines_and_bylines(checker: Checker, line: str, boilerplate: bool) -> None:
    text = f"Norland and Sudland agree on fisheries\n\n{line}\n\nThe two ministers met in Oslo on Monday, the ministry said.\n"
    seg = checker.segment(document_from_text(text, "article.txt"))
    kinds = {s.kind for s in seg.sentences if s.text.strip() in line}
    assert (kinds == {"boilerplate"}) is boilerplate, kinds


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        # one person's own statement, of a text two issued
        (
            "Kari Dahl said in a statement issued at the end of her visit that the harbour at Bergen would reopen.",
            "commentary",
        ),
        (
            "Kari Dahl and Erik Lund said in a joint statement that they agreed to open a consulate in Bergen.",
            "claim",
        ),
        # words posted elsewhere, or said after something else
        ("Kari Dahl tweeted that the harbour at Bergen would reopen in June.", "commentary"),
        (
            "Following her visit to Oslo, Kari Dahl stated that the harbour at Bergen would reopen.",
            "commentary",
        ),
        # the statement's own words, quoted wherever the speaker quoted them
        (
            "“The two sides agreed to open a consulate in Bergen,” a Sudland minister wrote on Twitter.",
            "claim",
        ),
        # someone the source never names, in words of his own
        (
            "Voronin also stressed that Norland will support “the building of a balanced and durable Arctic security architecture”.",
            "commentary",
        ),
        # the same speaker quoting the statement, if loosely: a claim about it
        (
            "“The two sides agreed to expand their cooperation in fisheries and renewable energy,” Voronin added.",
            "claim",
        ),
        # the event or the text placed in time among other events: the outlet's context
        ("The talks came two days after a storm flooded the harbour at Bergen.", "commentary"),
        ("The statement came as fishermen in Sudland staged a second week of protests.", "commentary"),
        # an issuer's act set at another time by an adverb on the main verb
        (
            "Norland and Sudland have previously asked the council to open a consulate in Bergen.",
            "commentary",
        ),
        (
            "Meanwhile, Norland has assured Sudland of continued support for the consulate in Bergen.",
            "commentary",
        ),
        ("Sudland has said before that the consulate in Bergen would not harm the fisheries.", "commentary"),
        # the outlet's own question asserts nothing the statement could hold
        ("Could Norland and Sudland finally open the consulate in Bergen?", "commentary"),
        ("Norland and Sudland agreed to open a consulate in Bergen.", "claim"),
    ],
)
def test_whose_words_and_which_moment(check, sentence: str, kind: str) -> None:  # type: ignore[no-untyped-def]
    assert check(sentence).kind == kind


def test_what_belongs_to_an_issuer_is_not_the_issuer(check) -> None:  # type: ignore[no-untyped-def]
    c = check(
        "Arkady Voronin said in a post: “The brave fishermen of Norland will always be welcome in our ports.”"
    )
    assert c.kind == "commentary", (c.kind, c.verdict)


@pytest.mark.parametrize(
    "second",
    [
        # the speaker before speaks again by name, or by a title with no name
        "Voronin also called for cooperation with Norland “to build a genuine partnership for our peoples.”",
        "The Kremlin spokesman stressed, “We do not intend to harm our neighbours.”",
    ],
)
def test_the_speaker_before_speaking_again_stays_in_his_voice(article_checks, second: str) -> None:  # type: ignore[no-untyped-def]
    first = "Following the talks, Kremlin spokesman Arkady Voronin told reporters that the fishing fleets would stay in port."
    checks = article_checks(f"{first} {second}\n")
    assert [c.kind for c in checks] == ["commentary", "commentary"], [(c.kind, c.verdict) for c in checks]


def test_two_speakers_together_are_not_the_one_before(checker: Checker) -> None:
    from communique.verify.kinds import _same_speaker

    before = checker.nlp("Kari Dahl told reporters that the fleets would stay in port.")
    again = checker.nlp("Dahl added that talks would go on.")
    both = checker.nlp("Dahl and Lund agreed that talks would go on.")
    assert _same_speaker(next(t for t in again if t.text == "Dahl"), before)
    assert not _same_speaker(next(t for t in both if t.text == "Dahl"), before)


def test_the_arabic_article_is_no_word_of_a_name(checker: Checker) -> None:
    text = "Joint Statement\n\nPresident Abdel Fattah El-Sisi received the Prime Minister of Norland.\n"
    c = first_sentence_check(checker, text, ["Egypt", "Norland"])(
        "President al-Sisi received the Prime Minister of Norland."
    )
    assert not any(i.type == "name_not_in_source" for i in c.issues), c.issues


def test_the_end_of_anothers_quotation_is_his(article_checks) -> None:  # type: ignore[no-untyped-def]
    checks = article_checks(
        "Kremlin spokesman Arkady Voronin told reporters, “The talks were a provocation. "
        "The two sides agreed to open a consulate in Bergen, and we will answer.”\n"
    )
    kinds = [c.kind for c in checks]
    assert kinds == ["commentary", "commentary"], kinds


def test_a_left_quote_mark_as_an_apostrophe_joins_a_word() -> None:
    from communique.textnorm import WORD_RE

    assert WORD_RE.findall("since Russia‘s invasion") == ["since", "Russia‘s", "invasion"]


def test_who_acts_inside_the_statements_own_words_is_not_checked_against_the_speaker(
    checker: Checker,
) -> None:
    text = "Readout\n\nThe two leaders agreed on the need to see progress towards a lasting ceasefire.\n"
    c = first_sentence_check(checker, text, ["Prime Minister's Office (Norway)"])(
        "The spokesperson said: “The two leaders agreed on the need to see progress towards a lasting ceasefire.”"
    )
    assert "actor_changed" not in [i.type for i in c.issues], c.issues


def test_bullets_above_the_body_are_its_standfirst(checker: Checker) -> None:
    text = (
        "Norland condemns coup in Vestland\n\n"
        "• The Norland minister also called the events a flagrant violation of the charter.\n"
        "• He called on the army to return to barracks.\n\n"
        "OSLO, Aug 30 (NTB) - The Norland foreign minister said on Wednesday he strongly condemns the coup.\n"
    )
    kinds = [s.kind for s in checker.segment(document_from_text(text, "a.txt")).sentences]
    assert kinds[:3] == ["heading", "heading", "heading"] and kinds[3] != "heading", kinds
    # a report told in bullets alone has no standfirst
    told = "Norland condemns coup\n- The minister condemned the coup.\n- He called on the army to return to barracks.\n"
    kinds = [s.kind for s in checker.segment(document_from_text(told, "a.txt")).sentences]
    assert kinds[1:] != ["heading", "heading"], kinds
