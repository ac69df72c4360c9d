"""The pieces verification is built from, on text written for these tests: numbers, dates, frames, place
names, quotations, and the registry of checks. No model is loaded here."""

from __future__ import annotations

import datetime as dt

import pytest

from communique.claims import build_claim, frame_spans, quantities
from communique.errors import ConfigError
from communique.gazetteer import canonical_place, demonym_country, is_country, same_place
from communique.models import EvidenceSpan, Issue, QuoteCheck
from communique.quotes import QuoteFinder, find_quotes
from communique.timex import dates
from communique.verify import CHECKS, SEVERITY, Evidence, Finding, default_config, merge_config
from communique.verify import quotes as quote_check


def _q(text: str) -> list[tuple[float, str, str]]:
    return [(q.value, q.unit, q.bound) for q in quantities(text)]


@pytest.mark.parametrize(
    ("claim", "source"),
    [
        ("seven agreements", "7 agreements"),
        ("1,500 warheads", "1500 warheads"),
        ("the 11th meeting", "the eleventh meeting"),
        ("within two weeks", "within 14 days"),
        ("$4.5 million", "US$4.5 million"),
        ("$75 million", "75 million US dollars"),
        ("25 percent", "25 per cent"),
        ("more than 20 countries", "at least 21 countries"),
        ("nearly a quarter of the world's economy", "about 24 percent of global GDP"),
        ("nearly a hundred people", "98 people"),
        ("almost 30 percent", "29 per cent"),
    ],
)
def test_numbers_in_any_format_are_consistent(claim: str, source: str) -> None:
    (a,) = quantities(claim)
    (b,) = quantities(source)
    assert a.consistent_with(b), (a, b)


@pytest.mark.parametrize(
    ("claim", "source"),
    [
        ("45 countries", "54 countries"),
        ("more than 60 countries", "more than 40 countries"),
        ("3.3 percent", "3.2 per cent"),
        # "nearly" is a little below; "more than" is above: the ranges never meet
        ("nearly a hundred lives", "more than 100 lives"),
        ("almost 30 percent", "31 per cent"),
        ("more than 200 injured", "fewer than 150 injured"),
    ],
)
def test_different_numbers_are_not_consistent(claim: str, source: str) -> None:
    (a,) = quantities(claim)
    (b,) = quantities(source)
    assert not a.consistent_with(b)


def test_years_clock_times_and_pronouns_are_not_quantities() -> None:
    assert _q("In 2027, at 6 a.m., one of them said") == []


def test_digits_inside_a_name_and_list_markers_are_not_quantities() -> None:
    assert _q("The G7 and the BRICS+ met on H5N1 and COVID-19.") == []
    assert _q("12. The Ministers welcomed 3 new members.") == [(3.0, "", "")]


def test_time_spans_carry_their_unit_and_relative_dates_resolve_against_the_statement() -> None:
    assert [q.text for q in quantities("lending over ten years after two days of talks")] == [
        "ten years",
        "two days",
    ]
    got = [
        (d.text, d.year, d.month)
        for d in dates("It expired last month; growth this year and next year.", dt.date(2026, 1, 10))
    ]
    assert got == [("last month", 2025, 12), ("this year", 2026, None), ("next year", 2027, None)]


@pytest.mark.parametrize(
    ("word", "country"),
    [("South Africans", "South Africa"), ("Brazilian", "Brazil"), ("Chinese", "China"), ("Pakistanis", "Pakistan"),
     ("Germans", "Germany"), ("Filipino", "Philippines"), ("Asian", None), ("bananas", None)],
)  # fmt: skip
def test_demonyms_name_their_country(word: str, country: str | None) -> None:
    assert demonym_country(word) == country


def test_a_day_range_inside_a_month_gives_both_days() -> None:
    days = [
        (d.month, d.day, d.year)
        for d in dates("The talks ran on November 3 and 4, and then from Jan. 8-9, 2027.")
    ]
    assert (11, 3, None) in days and (11, 4, None) in days and (1, 9, 2027) in days


def test_dates_resolve_weekdays_against_the_statement_date() -> None:
    # 17 May 2026 is a Sunday: "on Wednesday" in a report of it is 20 May
    (d,) = dates("the ceasefire takes effect on Wednesday", dt.date(2026, 5, 17))
    assert (d.year, d.month, d.day, d.weekday) == (2026, 5, 20, True)
    (d,) = dates("from Sept. 19, 2027")
    assert (d.year, d.month, d.day) == (2027, 9, 19)
    first, last = dates("talks from 3 to 16 May 2026")
    assert (first.day, last.day, last.month) == (3, 16, 5)


@pytest.mark.parametrize(
    ("text", "framed"),
    [
        (
            "UNITED NATIONS, June 26 (Xinhua) -- The council adopted a resolution.",
            "UNITED NATIONS, June 26 (Xinhua) -- ",
        ),
        (
            "KANAZAWA, Japan, March 21 (Asia Pacific Wire) — The ministers met.",
            "KANAZAWA, Japan, March 21 (Asia Pacific Wire) — ",
        ),
        ("The two sides agreed to meet again, the statement said.", ", the statement said"),
        # a syndication credit before the dateline; a city in title case with its date; the outlet's name
        (
            "(MENAFN- Lakeside News Agency (LNA)) OSLO, Jan 17 (LNA) -- Norland condemned the strike.",
            "(MENAFN- Lakeside News Agency (LNA)) OSLO, Jan 17 (LNA) -- ",
        ),
        ("Oslo, Jan 17 (NTB) The ministry said on Wednesday that talks would resume.", "Oslo, Jan 17 (NTB) "),
        (
            "Oslo, January 17, 2024, The Nordic Post: Norland condemned the strike.",
            "Oslo, January 17, 2024, The Nordic Post: ",
        ),
        ("BERGEN, August 9. /TASS/. Leaders of Norland and Sudland met.", "BERGEN, August 9. /TASS/. "),
        # two cities
        ("OSLO/BERGEN (NTB-AFX) – The ministers met.", "OSLO/BERGEN (NTB-AFX) – "),
        ("Both sides agreed to meet again in May, said the joint statement.", ", said the joint statement"),
        # the text named first, with where and how it was issued
        (
            "In a statement published on the council's website in French, he urged the army to return to barracks.",
            "In a statement published on the council's website in French,",
        ),
        # a source credit in brackets opening the sentence
        ("(NTB) Norway's prime minister spoke with the Finnish president.", "(NTB) "),
        ("(Nordic Wire) - The two leaders agreed to meet again.", "(Nordic Wire) - "),
        # the source named before the report, with where it was published
        (
            "According to a press release posted on the ministry's website, the ministers met twice.",
            "According to a press release posted on the ministry's website,",
        ),
        (
            "OSLO, May 3 (NTB) – According to the readout, the leaders spoke for an hour.",
            "According to the readout,",
        ),
        # another outlet's report of the statement
        (
            "Norland condemned the strike, the ministry said, Lakeside news agency reported.",
            ", Lakeside news agency reported",
        ),
    ],
)
def test_datelines_and_attributions_are_the_outlets_frame(text: str, framed: str) -> None:
    spans = frame_spans(text)
    assert framed in [text[a:b] for a, b in spans]


@pytest.mark.parametrize(
    "text",
    [
        "Norland reported two deaths.",
        "The two sides agreed - for now - to talk.",
        "Norland, Sudland agree to trade.",
        "(The talks were brief.) Officials left.",
        "In a statement on the talks he said more.",
    ],
)
def test_a_sentence_without_a_dateline_or_report_has_no_frame(text: str) -> None:
    assert frame_spans(text) == []


def test_a_claim_leaves_its_dateline_out_of_its_dates_and_numbers() -> None:
    claim = build_claim("MANILA, July 8 (SEA Wire) – Ministers agreed to meet 3 times in 2027.")
    assert [d.text for d in claim.dates] == ["2027"]
    assert [q.value for q in claim.quantities] == [3.0]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Britain", "the United Kingdom"),
        ("Vietnam", "Viet Nam"),
        ("Turkey", "the Republic of Türkiye"),
        ("Russia", "the Russian Federation"),
        ("Seoul", "Republic of Korea"),
        ("China's", "the People's Republic of China"),
    ],
)
def test_a_place_written_otherwise_is_the_same_place(a: str, b: str) -> None:
    assert canonical_place(a) == canonical_place(b)
    assert same_place(a, frozenset({canonical_place(b)}))


def test_cities_and_bodies_are_not_countries() -> None:
    assert is_country("the Republic of Rwanda") and is_country("Canada")
    assert not is_country("Nagoya") and not is_country("ICBMs")


def test_a_cut_marked_by_an_ellipsis_is_no_alteration() -> None:
    finder = QuoteFinder(
        "The two sides agreed to expand cooperation in fisheries, renewable energy and maritime safety."
    )
    (q,) = find_quotes("They would “expand cooperation … and maritime safety”.")
    assert finder.check(q).status == "variant"
    (q,) = find_quotes("They would “expand cooperation in fisheries, solar energy and maritime safety”.")
    assert finder.check(q).status == "altered"


def test_a_quote_spelled_with_or_without_hyphens_and_spaces_is_a_variant() -> None:
    finder = QuoteFinder("They praised its long-standing role. Up to 25 per cent of seats will go to women.")
    for text in ("its “longstanding role”", "“up to 25 percent of seats”"):
        (q,) = find_quotes(text)
        assert finder.check(q).status == "variant", text
    (q,) = find_quotes("its “long-running role”")
    assert finder.check(q).status == "altered"


def test_a_quote_is_never_matched_across_a_heading() -> None:
    finder = QuoteFinder("Security Cooperation\nThe sides condemned terrorism in all its forms.")
    (q,) = find_quotes("They stressed “Security Cooperation The sides condemned terrorism”.")
    assert finder.check(q).status != "exact"


def _evidence(*statuses: str) -> Evidence:
    return Evidence(
        spans=(EvidenceSpan(0, 10, 0.9, "x"),),
        best=0.9,
        quotes=tuple(QuoteCheck(f"{s} words here again", 0, 5, s) for s in statuses),  # type: ignore[arg-type]
    )


def test_quote_check_findings_and_the_verdicts_they_imply() -> None:
    cfg = {"min_words": 4}
    found = quote_check.run(build_claim("x"), _evidence("altered", "not_found", "exact"), None, cfg)  # type: ignore[arg-type]
    assert [(f.issue.type, f.verdict) for f in found] == [
        ("quote_altered", "misquote"),
        ("quote_not_found", "misquote"),
    ]
    short = Evidence((), 0.9, (QuoteCheck("so-called", 0, 9, "not_found"),))
    (f,) = quote_check.run(build_claim("x"), short, None, cfg)  # type: ignore[arg-type]
    assert f.verdict is None  # a scare quote: recorded, not flagged


def test_every_check_is_registered_with_its_issue_types_and_settings() -> None:
    names = [c.name for c in CHECKS]
    assert len(names) == len(set(names))
    assert all(c.issue_types and callable(c.run) and c.summary for c in CHECKS)
    config = default_config()
    assert config["grounding"]["paraphrase_similarity"] > 0 and "kinds" in config
    assert merge_config({"swaps": {"swap_similarity": 0.5}})["swaps"]["swap_similarity"] == 0.5
    with pytest.raises(ConfigError):
        merge_config({"swaps": {"no_such_setting": 1}})
    with pytest.raises(ConfigError):
        merge_config({"no_such_check": {}})


def test_severity_orders_the_verdicts() -> None:
    order = sorted(SEVERITY, key=SEVERITY.get)  # type: ignore[arg-type]
    assert order == ["partial", "unsupported", "contradicted", "misquote"]
    assert Finding(Issue("added_content", "x"), "partial").verdict == "partial"


def test_a_switch_setting_reads_true_and_false_and_refuses_anything_else() -> None:
    assert merge_config({"numbers": {"money_added": "false"}})["numbers"]["money_added"] is False
    assert merge_config({"numbers": {"money_added": "yes"}})["numbers"]["money_added"] is True
    with pytest.raises(ConfigError):
        merge_config({"numbers": {"money_added": "maybe"}})
