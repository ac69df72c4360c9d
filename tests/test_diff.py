"""Diff of two statements, on fictional rounds written for the tests (tests/data/diff/README.md)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from communique.analyze import analyze
from communique.diff import diff_provisions, force, redline
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
