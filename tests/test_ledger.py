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
