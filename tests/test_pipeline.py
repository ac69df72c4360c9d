"""End to end on the bundled sample: contract fields, offsets, and the quality gate on the dev gold."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from communique.evaluate import evaluate
from communique.models import KINDS, QUOTE_STATUSES, VERDICTS
from communique.report import SCHEMA, result_to_dict
from communique.settings import Options

# Floors on the sample's gold: raised as the engine improves, never lowered silently (docs/evaluation.md).
# verdict_macro_f1 and flagged_f1 were 0.93 and 0.90 while rules fitted to this one sample held the
# verdicts; those rules gave way to general checks chosen on all eight packs, which guard the pooled
# figures in tests/test_packs.py. The sample's floors were lowered to what the general checks score here.
FLOORS = {
    "segmentation_acc": 0.99,
    "kind_acc": 0.96,
    "evidence_hit": 0.96,
    "quote_status_acc": 0.99,
    "coverage_f1": 0.94,
    "verdict_macro_f1": 0.85,
    "flagged_f1": 0.72,
    "provisions_found": 0.99,
    "actor_acc": 0.98,
    "acts_f1": 0.94,
    "commitment_f1": 0.95,
    "deadline_acc": 0.99,
}


@pytest.fixture(scope="module")
def data(sample_result, corpus: Path) -> dict:  # type: ignore[no-untyped-def]
    return result_to_dict(sample_result, base=corpus)


def test_contract_shape(data: dict) -> None:
    assert data["schema"] == SCHEMA
    src = data["source"]
    assert {"path", "title", "date", "paragraphs", "provisions"} <= set(src)
    assert src["date"] == "2026-01-04"
    assert src["title"].startswith("Joint Press Communiqué of the Seventh Round")
    assert len(data["articles"]) == 3
    for art in data["articles"]:
        assert {"path", "title", "sentences", "covered_paragraphs", "omitted_paragraphs"} <= set(art)
        for s in art["sentences"]:
            assert s["kind"] in KINDS
            assert (s["verdict"] in VERDICTS) if s["kind"] == "claim" else s["verdict"] is None
            for q in s["quotes"]:
                assert q["status"] in QUOTE_STATUSES
    assert isinstance(data["omitted_everywhere"], list)


def test_every_span_slices_the_original_text(data: dict, corpus: Path) -> None:
    src_text = (corpus / data["source"]["path"]).read_bytes().decode("utf-8")
    for p in data["source"]["provisions"]:
        assert src_text[p["start"] : p["end"]] == p["text"]
        for e in p["entities"]:
            assert src_text[e["start"] : e["end"]] == e["text"]
    for art in data["articles"]:
        text = (corpus / art["path"]).read_bytes().decode("utf-8")
        for s in art["sentences"]:
            assert text[s["start"] : s["end"]] == s["text"]
            for q in s["quotes"]:
                assert text[q["start"] : q["end"]] == q["text"]
                if q["closest"]:
                    assert src_text[q["closest"]["start"] : q["closest"]["end"]] == q["closest"]["text"]
            for e in s["evidence"]:
                assert 0 <= e["start"] < e["end"] <= len(src_text)


def test_the_altered_quote_is_a_misquote_with_the_source_words(data: dict) -> None:
    sents = [s for a in data["articles"] for s in a["sentences"] if "credible, verifiable" in s["text"]]
    assert len(sents) == 1
    s = sents[0]
    assert s["verdict"] == "misquote"
    (q,) = [q for q in s["quotes"] if q["text"] == "credible, verifiable"]
    assert q["status"] == "altered" and q["closest"]["text"] == "visible and verifiable"
    assert "visible and verifiable" in s["explanation"]


def test_quality_gate_on_the_dev_gold(data: dict, shared: Path) -> None:
    metrics = evaluate(shared / "corpus" / "cpfmsd-7", shared / "eval" / "dev", data)
    low = {k: round(metrics[k], 3) for k, floor in FLOORS.items() if metrics[k] < floor}
    assert not low, f"below the floors {FLOORS}: {low}"


def test_own_metrics_agree_with_the_reference_scorer(data: dict, shared: Path, tmp_path: Path) -> None:
    pred = tmp_path / "pred.json"
    pred.write_text(json.dumps(data), encoding="utf-8")
    corpus = shared / "corpus" / "cpfmsd-7"
    run = subprocess.run(
        [
            sys.executable,
            str(shared / "eval" / "score.py"),
            "--corpus",
            str(corpus),
            "--claims",
            str(shared / "eval" / "dev" / "claims.json"),
            "--provisions",
            str(shared / "eval" / "dev" / "provisions.json"),
            str(pred),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    reference = json.loads(run.stdout[: run.stdout.rindex("}") + 1])
    ours = evaluate(corpus, shared / "eval" / "dev", data)
    for key, value in reference.items():
        if isinstance(value, float):
            assert ours[key] == pytest.approx(value), key


def test_pairs_mode_keeps_order_and_ids(checker) -> None:  # type: ignore[no-untyped-def]
    rows = [
        {
            "id": "a",
            "source": "The council approved the budget of 40 million euros on Tuesday.",
            "article": "The council approved a 40 million euro budget.",
        },
        {
            "id": "b",
            "source": "The council approved the budget of 40 million euros on Tuesday.",
            "article": "The council rejected a 90 million euro budget.",
        },
    ]
    out = list(checker.check_pairs(rows))
    assert [pid for pid, _ in out] == ["a", "b"]
    first = out[0][1].articles[0].sentences[0]
    second = out[1][1].articles[0].sentences[0]
    assert first.verdict == "supported"
    assert second.verdict in {"contradicted", "partial", "unsupported"}


def test_a_source_is_prepared_once_for_many_checks(checker, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from communique import align
    from communique.ingest import document_from_text

    text = "The two sides agreed to open a consulate in Tromsø.\n\nThey called for calm in the region.\n"
    built = []
    real = align.SourceIndex.for_source.__func__  # type: ignore[attr-defined]

    def counting(cls, source, embedder=None):  # type: ignore[no-untyped-def]
        built.append(source)
        return real(cls, source, embedder)

    monkeypatch.setattr(align.SourceIndex, "for_source", classmethod(counting))
    article = document_from_text("A consulate will open in Tromsø, the two sides agreed.", "article.txt")
    first = checker.check(document_from_text(text, "first.txt"), [article])
    second = checker.check(document_from_text(text, "second.txt"), [article])
    assert len(built) == 1
    assert second.source.document.path == "second.txt"
    assert [c.verdict for c in first.articles[0].sentences] == [
        c.verdict for c in second.articles[0].sentences
    ]
    checker.clear_cache()
    checker.check(document_from_text(text, "third.txt"), [article])
    assert len(built) == 2


def test_pairs_in_batches_match_pairs_one_by_one(checker) -> None:  # type: ignore[no-untyped-def]
    source = (
        "The two sides agreed to open a consulate in Tromsø in 2027.\n\nThey called for calm in the region.\n"
    )
    other = "The council approved a budget of 40 million for the new bridge.\n"
    rows = [
        {"id": "a", "source": source, "article": "A consulate will open in Tromsø in 2027."},
        {"id": "b", "source": other, "article": "The council approved 60 million for the bridge."},
        {"id": "c", "source": source, "article": "They called for calm. A consulate will open in Bergen."},
    ]

    def verdicts(batch: int) -> list[tuple[str, list[str | None]]]:
        return [
            (pid, [c.verdict for c in res.articles[0].sentences])
            for pid, res in checker.check_pairs(rows, batch=batch)
        ]

    one = verdicts(1)
    assert [pid for pid, _ in one] == ["a", "b", "c"]
    assert one == verdicts(2) == verdicts(32)
    assert one[1][1] == ["contradicted"]


def test_the_summary_says_what_a_paragraph_omitted_everywhere_is(sample_result) -> None:  # type: ignore[no-untyped-def]
    import io

    from rich.console import Console

    from communique.report.table import print_summary

    buf = io.StringIO()
    print_summary(sample_result, Console(file=buf, width=200))
    lines = buf.getvalue().splitlines()
    at = lines.index("Omitted by every article:")
    (para,) = [p for p in sample_result.source.paragraphs if p.index == sample_result.omitted_everywhere[0]]
    first_words = " ".join(sample_result.source.document.text[para.start : para.end].split())[:40]
    assert lines[at + 1].startswith(f"  ¶{para.index} {first_words}")


def test_preload_loads_the_embedding_model_in_the_background(monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    from communique import pipeline

    started, release = threading.Event(), threading.Event()
    model = object()

    def slow_load(name: str, device: str = "cpu") -> object:
        started.set()
        release.wait(10)
        return model

    monkeypatch.setattr(pipeline, "load_embedder", slow_load)
    c = pipeline.Checker(Options(progress=False))
    c.preload()
    assert started.wait(10)  # loading while the caller goes on
    c.preload()  # once
    release.set()
    assert c.embedder is model


def test_an_error_met_while_preloading_is_raised_where_the_model_is_used(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from communique import pipeline
    from communique.errors import ModelError

    def failing(name: str, device: str = "cpu") -> object:
        raise ModelError("cannot load the embedding model 'x'")

    monkeypatch.setattr(pipeline, "load_embedder", failing)
    c = pipeline.Checker(Options(progress=False))
    c.preload()
    with pytest.raises(ModelError, match="cannot load"):
        _ = c.embedder
    off = pipeline.Checker(Options(progress=False, use_embeddings=False))
    off.preload()
    assert off._loading is None and off.embedder is None
