"""The torch-only encoder gives sentence-transformers' vectors for the bundled MiniLM, and is what
``load_embedder`` returns for it on the CPU; other folders still go through sentence-transformers."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from communique.encoder import BertEncoder, fits
from communique.nlp import load_embedder, resolve_embedding_model

MINILM = Path(resolve_embedding_model("all-MiniLM-L6-v2"))
pytestmark = pytest.mark.skipif(not (MINILM / "config.json").exists(), reason="bundled MiniLM not installed")

TEXTS = [
    "China and Pakistan agreed to deepen cooperation on trade.",
    "Hi",
    "",
    "Ünïcode café — naïve ‘quotes’ “here”, 中文 and emoji 🙂.",
    # past the model's 256 word pieces: truncated the same way
    " ".join(["The ministers reaffirmed their commitment to multilateralism."] * 60),
    "The two sides called for an immediate and lasting ceasefire in the region.",
]


def test_vectors_equal_sentence_transformers() -> None:
    from sentence_transformers import SentenceTransformer

    ours = BertEncoder(MINILM)
    theirs = SentenceTransformer(str(MINILM), device="cpu")
    assert ours.max_seq_length == theirs.max_seq_length
    for normalize in (True, False):
        # batch size 4: texts of different lengths share padded batches, as in the pipeline
        a = ours.encode(TEXTS, batch_size=4, normalize_embeddings=normalize)
        b = theirs.encode(TEXTS, batch_size=4, normalize_embeddings=normalize)
        assert a.shape == b.shape == (len(TEXTS), 384)
        assert np.abs(a - b).max() < 1e-5


def test_order_and_batching_do_not_change_a_vector() -> None:
    enc = BertEncoder(MINILM)
    alone = enc.encode([TEXTS[0]], normalize_embeddings=True)[0]
    among = enc.encode(TEXTS[::-1], batch_size=2, normalize_embeddings=True)[len(TEXTS) - 1]
    assert np.abs(alone - among).max() < 1e-5
    assert enc.encode([]).shape == (0, 384)


def test_load_embedder_runs_the_bundled_model_without_sentence_transformers() -> None:
    code = (
        "import sys; from communique.nlp import load_embedder;"
        "e = load_embedder('all-MiniLM-L6-v2'); e.encode(['One sentence.']);"
        "print(type(e).__name__, 'sentence_transformers' in sys.modules, 'transformers' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["BertEncoder", "False", "False"]
    assert type(load_embedder("all-MiniLM-L6-v2")).__name__ == "BertEncoder"


def test_a_folder_of_another_shape_is_left_to_sentence_transformers(tmp_path: Path) -> None:
    folder = tmp_path / "model"
    shutil.copytree(MINILM, folder)
    assert fits(folder)
    pooling = folder / "1_Pooling" / "config.json"
    config = json.loads(pooling.read_text())
    pooling.write_text(
        json.dumps(config | {"pooling_mode_cls_token": True, "pooling_mode_mean_tokens": False})
    )
    assert not fits(folder)
    assert type(load_embedder(str(folder))).__name__ == "SentenceTransformer"
    assert not fits(tmp_path / "missing")
