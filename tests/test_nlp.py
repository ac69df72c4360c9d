"""Embedding long texts: chunked and averaged, never truncated (a stub model, no weights needed)."""

from __future__ import annotations

import numpy as np

from communique.nlp import embed


class StubModel:
    """Reads at most ``max_seq_length`` words; its vector counts the words it saw of each kind."""

    max_seq_length = 20

    def __init__(self) -> None:
        self.seen: list[str] = []

    def encode(self, texts, **_: object) -> np.ndarray:  # type: ignore[no-untyped-def]
        rows = []
        for t in texts:
            self.seen.append(t)
            words = t.split()[: self.max_seq_length]
            v = np.array([words.count("alpha"), words.count("omega"), 1.0])
            rows.append(v / np.linalg.norm(v))
        return np.vstack(rows)


def test_short_texts_are_encoded_as_they_are() -> None:
    model = StubModel()
    vecs = embed(model, ["alpha beta", "omega"])
    assert vecs is not None and vecs.shape == (2, 3)
    assert model.seen == ["alpha beta", "omega"]


def test_a_long_text_is_chunked_so_its_end_counts() -> None:
    model = StubModel()
    text = " ".join(["alpha"] * 40 + ["omega"] * 10)  # the model alone would never see "omega"
    vecs = embed(model, [text, "alpha"])
    assert vecs is not None
    assert len(model.seen) > 2 and all(len(p.split()) <= 12 for p in model.seen[:-1])
    assert vecs[0][1] > 0  # "omega" reached the vector
    assert np.isclose(np.linalg.norm(vecs[0]), 1.0)
    assert " ".join(model.seen[:-1]).split().count("omega") >= 10  # every word was read


def test_no_model_or_no_text_gives_none() -> None:
    assert embed(None, ["a"]) is None and embed(StubModel(), []) is None
