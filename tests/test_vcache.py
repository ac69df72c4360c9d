"""The on-disk vector cache: the same vectors, only unseen texts encoded, bounded, and never in the way."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from communique import Checker, Options
from communique.ingest import document_from_text
from communique.vcache import CachedEncoder, VectorCache, model_key


class Counting:
    """A stand-in encoder: a fixed vector per text, and a record of what it was asked to encode."""

    max_seq_length = 128

    def __init__(self) -> None:
        self.asked: list[str] = []

    def encode(self, sentences: list[str], **_: Any) -> np.ndarray:
        self.asked += sentences
        rng = [np.random.default_rng(abs(hash(s)) % 2**32).standard_normal(8) for s in sentences]
        return np.asarray(rng, dtype=np.float32).reshape(len(sentences), 8)


def test_held_texts_are_not_encoded_again_and_come_back_the_same(tmp_path: Path) -> None:
    inner = Counting()
    first = CachedEncoder(inner, VectorCache(tmp_path / "v.sqlite"))
    a = first.encode(["one", "two", "one"])
    assert inner.asked == ["one", "two"]
    # a new process: a new cache object on the same file
    again = CachedEncoder(inner, VectorCache(tmp_path / "v.sqlite"))
    b = again.encode(["two", "three", "one"])
    assert inner.asked == ["one", "two", "three"]
    assert np.array_equal(b[0], a[1]) and np.array_equal(b[2], a[0])
    assert again.encode([]).shape[0] == 0


def test_the_least_recently_used_go_first(tmp_path: Path) -> None:
    inner = Counting()
    enc = CachedEncoder(inner, VectorCache(tmp_path / "v.sqlite", limit=3))
    enc.encode(["a", "b", "c"])
    enc.encode(["a"])  # used again: kept
    enc.encode(["d"])  # one over the limit: the oldest unused ("b" or "c") goes
    inner.asked.clear()
    enc.encode(["a", "d"])
    assert inner.asked == []
    enc.encode(["b", "c"])
    assert len(inner.asked) == 1


def test_a_cache_that_cannot_be_written_leaves_encoding_as_it_was(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")  # the cache's folder cannot be made inside a file, even by root
    inner = Counting()
    enc = CachedEncoder(inner, VectorCache(blocker / "sub" / "v.sqlite"))
    assert enc.encode(["x", "y"]).shape == (2, 8)
    assert inner.asked == ["x", "y"]


def test_a_file_that_is_not_a_database_leaves_encoding_as_it_was(tmp_path: Path) -> None:
    bad = tmp_path / "v.sqlite"
    bad.write_bytes(b"not a database at all" * 100)
    inner = Counting()
    enc = CachedEncoder(inner, VectorCache(bad))
    assert enc.encode(["x", "y"]).shape == (2, 8)
    assert inner.asked == ["x", "y"]


def test_new_weights_under_the_same_path_are_a_new_model(tmp_path: Path) -> None:
    (tmp_path / "model.safetensors").write_bytes(b"1")
    first = model_key(str(tmp_path))
    (tmp_path / "model.safetensors").write_bytes(b"22")
    assert model_key(str(tmp_path)) != first
    assert model_key("some-hub-name") == model_key("some-hub-name")


def test_a_check_gives_the_same_result_with_and_without_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    statement = document_from_text(
        "Joint Statement\n\nThe two sides agreed to build a railway by 2028. They called for a ceasefire.\n",
        "s.txt",
    )
    article = document_from_text("The two sides agreed to build a railway by 2029.", "a.txt")
    runs = []
    for cache in (True, True, False):
        res = Checker(Options(progress=False, vector_cache=cache)).check(statement, [article])
        runs.append([(c.kind, c.verdict, c.score) for c in res.articles[0].sentences])
    assert runs[0] == runs[1] == runs[2]
    assert list(tmp_path.glob("communique/vectors-*.sqlite"))
