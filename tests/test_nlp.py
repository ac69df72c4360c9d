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


def test_core_share_gives_torch_the_cores_others_leave(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import torch

    from communique.nlp import CoreShare

    before = torch.get_num_threads()
    share = CoreShare()
    share.enabled, share.cores = True, 2
    samples = iter(
        [
            (0.0, 10.0, 5.0),  # baseline
            (1.0, 11.9, 5.95),  # 1.9 cores busy, 0.95 of them ours: another process holds a core
            (2.0, 13.0, 7.0),  # 1.1 busy, all ours: the machine is ours
        ]
    )
    monkeypatch.setattr(share, "_sample", lambda: next(samples))
    try:
        assert share.fit() == 0  # first sample: nothing to compare with yet
        assert share.fit() == 1
        assert torch.get_num_threads() == 1
        assert share.fit() == 2
    finally:
        torch.set_num_threads(before)


def test_core_share_respects_an_explicit_thread_count(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from communique.nlp import CoreShare

    monkeypatch.setenv("OMP_NUM_THREADS", "1")
    assert CoreShare().fit() == 0
