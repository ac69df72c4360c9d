"""Diff of two statements, on fictional rounds written for the tests (tests/data/diff/README.md)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from communique.analyze import analyze
from communique.diff import diff_provisions, force, qualifiers, redline
from communique.ingest import read_document
from communique.segment import segment

DATA = Path(__file__).parent / "data" / "diff"


@pytest.fixture(scope="module")
def changes(nlp):  # type: ignore[no-untyped-def]
    def provisions(name: str, date: str):  # type: ignore[no-untyped-def]
        doc = dataclasses.replace(read_document(DATA / name), date=date)
        return analyze(segment(doc, nlp), nlp, parties=["Norland", "Sudland"])

    d = diff_provisions(
        provisions("round6-fictional.txt", "2025-03-01"), provisions("round7-fictional.txt", "2026-03-01")
    )
    return {(c.new or c.old).text.split(" ", 3)[-1][:30]: c for c in d.changes}  # type: ignore[union-attr]


def _one(changes, needle: str):  # type: ignore[no-untyped-def]
    (c,) = [c for c in changes.values() if needle in ((c.new or c.old).text)]
    return c


def test_every_label(changes) -> None:  # type: ignore[no-untyped-def]
    assert _one(changes, "seventh round").label == "reworded"
    assert _one(changes, "build a new railway").label == "strengthened"
    assert _one(changes, "may cooperate").label == "weakened"
    assert _one(changes, "warm hospitality").label == "moved"
    assert _one(changes, "respect the ceasefire").label == "unchanged"
    assert _one(changes, "research centre").label == "added"
    assert _one(changes, "free trade agreement").label == "dropped"


def test_strengthened_commitment_names_the_modality_shift(changes) -> None:  # type: ignore[no-untyped-def]
    c = _one(changes, "build a new railway")
    assert c.modality == "expressed readiness → agreed"
    assert c.old is not None and c.new is not None and c.new.deadline == "2028-12-31"


def test_redline_marks_deleted_and_inserted_words(changes) -> None:  # type: ignore[no-untyped-def]
    ops = [(w.op, w.text) for w in _one(changes, "seventh round").redline]
    assert ("delete", "sixth") in ops and ("insert", "seventh") in ops
    assert ("delete", "Oslo.") in ops or ("delete", "in Oslo.") in ops


def test_force_scale() -> None:
    assert force("The two sides may consider")[0] < force("expressed readiness to")[0] < force("agreed to")[0]
    assert force("should")[0] < force("must")[0]


def test_redline_of_identical_text_is_all_equal() -> None:
    assert {w.op for w in redline("a b c", "a b c")} == {"equal"}


def _p(text: str, acts: tuple[str, ...] = ("call",)):  # type: ignore[no-untyped-def]
    from communique.models import Provision

    return Provision(id="p1", start=0, end=len(text), text=text, paragraph=0, actor="both", acts=acts)  # type: ignore[arg-type]


#: Pairs written for the tests: an earlier and a later wording, and how a reader labels the change.
QUALIFIER_PAIRS = [
    (
        "The two sides called for an unconditional, comprehensive and permanent ceasefire in Gaza.",
        "The two sides called for a ceasefire in Gaza.",
        "weakened",
    ),
    (
        "The two sides called for a ceasefire in Gaza.",
        "The two sides called for an immediate ceasefire in Gaza.",
        "strengthened",
    ),
    (
        "The leaders urged all parties to release the hostages.",
        "The leaders urged the parties to release the hostages.",
        "weakened",
    ),
    (
        "The leaders urged some parties to release the hostages.",
        "The leaders urged all parties to release the hostages.",
        "strengthened",
    ),
    ("The sides will lift the sanctions.", "The sides will lift the sanctions if necessary.", "weakened"),
    (
        "The sides will, where possible, lift the sanctions.",
        "The sides will lift the sanctions.",
        "strengthened",
    ),
    ("The sides will lift the sanctions.", "The sides will partially lift the sanctions.", "weakened"),
    ("The sides strongly condemned the attack.", "The sides condemned the attack.", "weakened"),
    ("The sides condemned the attack in Lima.", "The sides condemned the attack in Cusco.", "reworded"),
    ("The sides will build a port in Lima.", "The sides will build a railway in Lima.", "reworded"),
    ("The sides fully support the peace plan.", "The sides support the peace plan.", "weakened"),
    (
        "The sides will welcome the refugees if funding allows.",
        "The sides will welcome the refugees.",
        "strengthened",
    ),
]


def test_a_dropped_condition_scores_as_a_strengthening_whatever_its_length() -> None:
    # a long dropped condition can take the pair below the alignment floor (added + dropped); its score holds
    old = "The sides will welcome the refugees provided that funding is available."
    assert qualifiers(old, "The sides will welcome the refugees.") == 1


@pytest.mark.parametrize(("old", "new", "label"), QUALIFIER_PAIRS)
def test_qualifiers_added_or_dropped_change_the_force(old: str, new: str, label: str) -> None:
    (change,) = diff_provisions([_p(old)], [_p(new)]).changes
    assert change.label == label
