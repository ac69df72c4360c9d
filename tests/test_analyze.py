"""Provisions: acts, actors, deadlines, entities and topics on sentences written for these tests."""

from __future__ import annotations

import dataclasses

import pytest

from communique.analyze import analyze, deadline_of, parties_of, short_country, topics_of
from communique.ingest import document_from_text
from communique.segment import segment

TEXT = """Joint Statement

Norland and Sudland held the second round of their strategic dialogue in Oslo. The two sides agreed to build a new port by 2027 and reaffirmed their support for free trade. Norland congratulated Sudland on its election to the Arctic Council. The two sides called on all parties to respect the ceasefire. Sudland briefed Norland on the situation in the border region. The two sides will implement the Joint Action Plan (2025-2028). The two sides agreed to meet again next year. The Pakistani side briefed the Norlandic side on its reforms.
"""


@pytest.fixture(scope="module")
def provisions(nlp):  # type: ignore[no-untyped-def]
    doc = dataclasses.replace(document_from_text(TEXT, "s.txt"), date="2026-01-10")
    return analyze(segment(doc, nlp), nlp, parties=["Norland", "Sudland"])


def _find(provisions, needle: str):  # type: ignore[no-untyped-def]
    return next(p for p in provisions if needle in p.text)


def test_provision_spans_slice_the_text(provisions) -> None:  # type: ignore[no-untyped-def]
    for p in provisions:
        assert TEXT[p.start : p.end] == p.text


def test_a_sentence_with_two_acts_is_split_into_clauses(provisions) -> None:  # type: ignore[no-untyped-def]
    build = _find(provisions, "build a new port")
    support = _find(provisions, "support for free trade")
    assert build is not support
    assert "commitment" in build.acts and build.deadline == "2027-12-31"
    assert "position" in support.acts


@pytest.mark.parametrize(
    ("needle", "actor", "act"),
    [
        ("held the second round", "both", "report"),
        ("congratulated Sudland", "Norland", "appreciation"),
        ("called on all parties", "both", "call"),
        ("Sudland briefed Norland", "Sudland", "report"),
        ("will implement", "both", "commitment"),
    ],
)
def test_actor_and_act(provisions, needle: str, actor: str, act: str) -> None:  # type: ignore[no-untyped-def]
    p = _find(provisions, needle)
    assert p.actor == actor
    assert act in p.acts


def test_deadlines_are_normalised_against_the_statement_date(provisions) -> None:  # type: ignore[no-untyped-def]
    assert _find(provisions, "Joint Action Plan").deadline == "2028-12-31"
    assert _find(provisions, "meet again next year").deadline == "2027-12-31"


@pytest.mark.parametrize(
    ("text", "year", "expected"),
    [
        ("launch activities in 2026", 2026, "2026-12-31"),
        ("from 2026 to 2027", 2026, "2027-12-31"),
        ("the plan (2025-2029)", 2026, "2029-12-31"),
        ("meet next year", 2031, "2032-12-31"),
        ("within three years", 2026, "2029-12-31"),
        ("deepen cooperation", 2026, None),
    ],
)
def test_deadline_of(text: str, year: int, expected: str | None) -> None:
    assert deadline_of(text, year) == expected


def test_entities_include_named_plans_and_mechanisms(provisions) -> None:  # type: ignore[no-untyped-def]
    names = {e.text for p in provisions for e in p.entities}
    assert "Joint Action Plan" in names


def test_topics() -> None:
    assert "security-counter-terrorism" in topics_of("cooperation against terrorism")
    assert "water" in topics_of("trans-boundary water resources")


def test_state_forms_are_shortened_to_the_country(nlp) -> None:  # type: ignore[no-untyped-def]
    assert short_country("the Republic of Indonesia") == "Indonesia"
    assert short_country("the People's Republic of China") == "China"
    assert short_country("the United Kingdom of Great Britain and Northern Ireland") == "United Kingdom"
    assert short_country("the United States") == "United States"
    docs = [
        nlp("H.E. Retno Sari, Minister for Foreign Affairs of the Republic of Indonesia, visited Japan."),
        nlp("Indonesia and Japan agreed to meet again."),
    ]
    assert set(parties_of(docs)) == {"Indonesia", "Japan"}
