"""The commitment ledger: tracking, append-only evidence with history, status, scoring, scanning, safety."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from communique.analyze import analyze
from communique.errors import InputError
from communique.ingest import document_from_text, read_document
from communique.ledger import Ledger, action_and_target, assessment_of, catalysts_of
from communique.segment import segment
from communique.store import EvidenceEventRow, EvidenceRow, Store

PARTIES = ["China", "Pakistan"]
DATA = Path(__file__).parent / "data"


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    return tmp_path / "ledger.db"


def _track(ledger: Ledger, path: Path, date: str, nlp) -> list[int]:  # type: ignore[no-untyped-def]
    seg = segment(dataclasses.replace(read_document(path), date=date), nlp)
    return ledger.add_statement(seg, analyze(seg, nlp, parties=PARTIES), PARTIES, nlp=nlp, author="tester")


@pytest.fixture()
def tracked(db: Path, corpus: Path, nlp):  # type: ignore[no-untyped-def]
    ledger = Ledger(Store(db))
    ids = _track(ledger, corpus / "002_758ca5dca03e3884.txt", "2026-01-04", nlp)
    return ledger, ids


def _next_round(ledger: Ledger) -> int:
    return next(v.id for v in ledger.commitments() if "hold the next round" in v.text)


def test_commitments_are_tracked_once(tracked, corpus: Path, nlp) -> None:  # type: ignore[no-untyped-def]
    ledger, ids = tracked
    assert len(ids) >= 15
    assert _track(ledger, corpus / "002_758ca5dca03e3884.txt", "2026-01-04", nlp) == ids
    v = ledger.show(_next_round(ledger))
    assert v.parties == ("China", "Pakistan")
    assert v.deadline == "2027-12-31" and v.action == "hold"
    assert v.catalysts["timeline"] and v.status == {"China": None, "Pakistan": None}


def test_status_comes_from_the_latest_accepted_evidence_with_full_history(tracked) -> None:  # type: ignore[no-untyped-def]
    ledger, _ = tracked
    cid = _next_round(ledger)
    first = ledger.add_evidence(
        cid, party="Pakistan", assessment=0, date="2026-06-01", by="ana", note="venue set"
    )
    assert ledger.show(cid).status == {"China": None, "Pakistan": 0}
    ledger.add_evidence(cid, party=None, assessment=1, date="2027-03-12", by="ben", note="round held")
    assert ledger.show(cid).status == {"China": 1, "Pakistan": 1}
    proposed = ledger.add_evidence(
        cid, party="China", assessment=-1, date="2027-04-01", by="bot", proposed=True
    )
    assert ledger.show(cid).status["China"] == 1  # a candidate does not count until accepted
    ledger.reject(proposed, by="ana", note="wrong event")
    ledger.reject(first, by="ana", note="superseded")
    v = ledger.show(cid)
    assert v.status == {"China": 1, "Pakistan": 1}
    items = {e.id: e for e in v.evidence}
    assert [h["event"] for h in items[first].history] == ["added", "rejected"]
    assert all(h["by"] and h["at"] for e in v.evidence for h in e.history)
    assert items[proposed].status == "rejected" and items[proposed].quote == ""


def test_score_is_the_research_group_mean_and_percentage(tracked) -> None:  # type: ignore[no-untyped-def]
    ledger, ids = tracked
    ledger.add_evidence(ids[0], party=None, assessment=1)
    ledger.add_evidence(ids[1], party="China", assessment=-1)
    report = ledger.score()
    assert report["parties"]["China"]["mean"] == 0.0 and report["parties"]["China"]["percent"] == 50.0
    assert report["parties"]["Pakistan"]["mean"] == 1.0 and report["parties"]["Pakistan"]["assessed"] == 1
    assert report["overall"]["assessed"] == 3


def test_bad_evidence_is_refused(tracked) -> None:  # type: ignore[no-untyped-def]
    ledger, ids = tracked
    with pytest.raises(InputError):
        ledger.add_evidence(ids[0], party="India", assessment=1)
    with pytest.raises(InputError):
        ledger.add_evidence(ids[0], party=None, assessment=2)
    with pytest.raises(InputError):
        ledger.add_evidence(ids[0], party=None, assessment=1, date="March 2026")


def test_the_ledger_survives_a_restart(tracked, db: Path) -> None:  # type: ignore[no-untyped-def]
    ledger, ids = tracked
    ledger.add_evidence(ids[0], party=None, assessment=1, by="ana")
    again = Ledger(Store(db))
    assert [v.id for v in again.commitments()] == [v.id for v in ledger.commitments()]
    assert again.show(ids[0]).status == {"China": 1, "Pakistan": 1}


def test_a_crash_mid_write_leaves_no_half_written_evidence(tracked, db: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    ledger, ids = tracked

    def crash(self, *a, **kw):  # type: ignore[no-untyped-def]
        raise RuntimeError("simulated crash between the item and its event")

    monkeypatch.setattr(EvidenceEventRow, "__init__", crash)
    with pytest.raises(RuntimeError):
        ledger.add_evidence(ids[0], party=None, assessment=1)
    monkeypatch.undo()
    with Store(db).session() as s:
        assert s.query(EvidenceRow).count() == 0
    assert ledger.show(ids[0]).evidence == ()


def test_a_repeated_commitment_links_to_the_earlier_round(tracked, nlp) -> None:  # type: ignore[no-untyped-def]
    ledger, _ = tracked
    earlier = _next_round(ledger)
    ids = _track(ledger, DATA / "round8-fictional.txt", "2027-03-12", nlp)
    later = [ledger.show(i) for i in ids if "hold the next round" in ledger.show(i).text]
    assert later and later[0].previous_id == earlier and later[0].deadline == "2028-12-31"


def test_scan_proposes_candidates_from_news(tracked, nlp) -> None:  # type: ignore[no-untyped-def]
    ledger, _ = tracked
    article = document_from_text(
        "Talks held\n\nThe eighth round of the China-Pakistan Foreign Ministers' Strategic Dialogue was held in "
        "Islamabad on March 12, 2027.\nThe weather in Lahore was mild.\n",
        "follow-up.txt",
    )
    proposed = ledger.scan(segment(article, nlp))
    assert len(proposed) == 1
    (e,) = ledger.show(_next_round(ledger)).evidence
    assert e.status == "candidate" and e.assessment == 1 and e.date == "2027-03-12"
    assert ledger.scan(segment(article, nlp)) == []  # the same sentence is not proposed twice


@pytest.mark.parametrize(
    ("sentence", "score"),
    [("The meeting was held in May.", 1), ("The summit was postponed.", -1), ("Work began on the road.", 0)],
)
def test_assessment_of_reported_action(sentence: str, score: int) -> None:
    assert assessment_of(sentence) == score


def test_catalysts() -> None:
    c = catalysts_of(
        "The two sides will train 500 officials by 2027 and review progress in a joint committee.", None
    )
    assert c.timeline and c.numerical_target and c.accountability
    c = catalysts_of("The two sides will deepen cooperation.", None)
    assert not (c.timeline or c.numerical_target or c.accountability)


def test_action_and_target(nlp) -> None:  # type: ignore[no-untyped-def]
    action, target = action_and_target(nlp("The two sides expressed readiness to build a new railway."))
    assert action == "build" and target == "a new railway"


def test_a_party_is_found_in_any_case(tracked) -> None:  # type: ignore[no-untyped-def]
    ledger, ids = tracked
    assert [v.id for v in ledger.commitments(party="china")] == ids
    assert [v.id for v in ledger.commitments(party=" PAKISTAN ")] == ids
    assert ledger.commitments(party="India") == []
    assert ledger.parties() == ["China", "Pakistan"]


def test_commitments_filter_by_standing_deadline_and_statement(tracked) -> None:  # type: ignore[no-untyped-def]
    ledger, ids = tracked
    cid = _next_round(ledger)
    ledger.add_evidence(cid, party=None, assessment=1, by="ana")
    other = next(i for i in ids if i != cid)
    ledger.add_evidence(other, party="China", assessment=-1, by="ana", proposed=True)
    assert [v.id for v in ledger.commitments(standing="complied")] == [cid]
    assert [v.id for v in ledger.commitments(standing="pending")] == [other]
    assert len(ledger.commitments(standing="unassessed")) == len(ids) - 2
    due = ledger.commitments(due_after="2027-01-01", due_before="2027-12-31")
    assert cid in [v.id for v in due] and all("2027-01-01" <= (v.deadline or "") <= "2027-12-31" for v in due)
    assert ledger.commitments(statement="no such statement") == []
    assert len(ledger.commitments(statement="002_758")) == len(ids)
    with pytest.raises(InputError, match="standing"):
        ledger.commitments(standing="done")
    with pytest.raises(InputError, match="YYYY-MM-DD"):
        ledger.commitments(due_before="next year")


def test_standing_from_the_parties_scores() -> None:
    from communique.ledger import standing_of

    assert standing_of({"A": None, "B": None}) == "unassessed"
    assert standing_of({"A": 1, "B": 1}) == "complied"
    assert standing_of({"A": 1, "B": -1}) == "partly"
    assert standing_of({"A": -1, "B": None}) == "not complied"


def test_the_queue_lists_candidates_until_decided(tracked) -> None:  # type: ignore[no-untyped-def]
    ledger, ids = tracked
    first = ledger.add_evidence(ids[0], party=None, assessment=1, by="scan", proposed=True)
    second = ledger.add_evidence(ids[1], party=None, assessment=0, by="scan", proposed=True)
    ledger.add_evidence(ids[2], party=None, assessment=1, by="ana")  # accepted at once: not queued
    assert [e.id for _, e in ledger.queue()] == [first, second]
    assert ledger.accept(first, by="ana", note="seen") == ids[0]
    assert ledger.reject(second, by="ana") == ids[1]
    assert ledger.queue() == []
    assert ledger.show(ids[0]).status == {"China": 1, "Pakistan": 1}


def test_one_date_per_statement_across_library_and_ledger(db: Path, corpus: Path, nlp) -> None:  # type: ignore[no-untyped-def]
    """The library's date (the manifest's 2026-01-04) wins over the date the text gives (2026-01-05)."""
    from communique.library import Library

    store = Store(db)
    ledger = Ledger(store)
    (entry,) = [a.entry for a in Library(store).add([corpus])]
    seg = segment(read_document(corpus / "002_758ca5dca03e3884.txt"), nlp)
    assert seg.document.date != entry.date == "2026-01-04"
    ledger.add_statement(seg, analyze(seg, nlp, parties=PARTIES), PARTIES, nlp=nlp)
    assert {v.statement_date for v in ledger.commitments()} == {"2026-01-04"}


def test_a_commitment_is_shown_inside_its_paragraph(tracked) -> None:  # type: ignore[no-untyped-def]
    ledger, _ = tracked
    cid = _next_round(ledger)
    before, words, after = ledger.provision_context(cid)
    assert words == ledger.show(cid).text and "hold the next round" in words
    assert "\n" not in before + after


def test_the_timeline_has_one_escaped_row_per_dated_commitment(tracked) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    from communique.ledger import CommitmentView, timeline_svg

    ledger, _ = tracked
    views = ledger.commitments()
    dated = [v for v in views if v.deadline]
    svg = timeline_svg(views, date(2026, 6, 1))
    assert svg.startswith("<svg") and svg.count("<circle") == len(dated) > 0
    assert "today" in svg and "<script" not in svg
    hostile = dataclasses.replace(dated[0], text="<script>alert(1)</script>")
    assert "&lt;script&gt;" in timeline_svg([hostile]) and "<script>" not in timeline_svg([hostile])
    assert timeline_svg([v for v in views if not v.deadline]) == ""
    assert isinstance(dated[0], CommitmentView)
