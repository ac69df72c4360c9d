"""A sentence encoder for BERT-family sentence-transformers folders, in torch alone.

Importing sentence-transformers costs several seconds before any model is read (it imports
transformers' model machinery, scikit-learn and SciPy); for a one-sentence ``check`` that was most of
the wait. A sentence-transformers folder of the common shape — a BERT encoder, mean pooling,
normalisation, a fast tokenizer (``tokenizer.json``) and ``model.safetensors`` — such as the bundled
all-MiniLM-L6-v2, is run here with the ``tokenizers`` and ``safetensors`` packages and torch: the same
arithmetic as ``transformers``' ``BertModel`` (embeddings, self-attention, GELU feed-forward, layer
norms) and sentence-transformers' pooling, so its vectors equal sentence-transformers' to float
rounding (``tests/test_encoder.py`` compares them). Any other folder or name loads through
sentence-transformers, as before.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

_MODULES = (
    "sentence_transformers.models.Transformer",
    "sentence_transformers.models.Pooling",
    "sentence_transformers.models.Normalize",
)


def _read(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def fits(folder: str | Path) -> bool:
    """Whether ``folder`` is a sentence-transformers folder this encoder runs exactly: BERT with
    absolute positions and exact GELU, mean pooling alone, normalised, fast tokenizer, safetensors."""
    path = Path(folder)
    try:
        modules = _read(path / "modules.json")
        config = _read(path / "config.json")
        pooling = _read(path / "1_Pooling" / "config.json")
    except (OSError, ValueError):
        return False
    if tuple(m.get("type") for m in modules) != _MODULES:
        return False
    if [m.get("path") for m in modules[:2]] != ["", "1_Pooling"]:
        return False
    modes = {k: v for k, v in pooling.items() if k.startswith("pooling_mode")}
    return (
        config.get("model_type") == "bert"
        and config.get("hidden_act") == "gelu"
        and config.get("position_embedding_type", "absolute") == "absolute"
        and modes.get("pooling_mode_mean_tokens") is True
        and not any(v for k, v in modes.items() if k != "pooling_mode_mean_tokens")
        and (path / "tokenizer.json").is_file()
        and (path / "model.safetensors").is_file()
    )


class BertEncoder:
    """``encode`` as sentence-transformers gives it (``normalize_embeddings``, ``batch_size``), for a
    folder :func:`fits` accepts. Inference only, on the CPU."""

    def __init__(self, folder: str | Path) -> None:
        import torch
        from safetensors.torch import load_file
        from tokenizers import Tokenizer

        path = Path(folder)
        config = _read(path / "config.json")
        st_config = (
            _read(path / "sentence_bert_config.json") if (path / "sentence_bert_config.json").exists() else {}
        )
        self.max_seq_length = int(st_config.get("max_seq_length") or config["max_position_embeddings"])
        self.heads = int(config["num_attention_heads"])
        self.layers = int(config["num_hidden_layers"])
        self.eps = float(config.get("layer_norm_eps", 1e-12))
        self.tokenizer = Tokenizer.from_file(str(path / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(max_length=self.max_seq_length)
        self.pad_id = int(config.get("pad_token_id", 0))
        weights = load_file(str(path / "model.safetensors"), device="cpu")
        prefix = "bert." if "bert.embeddings.word_embeddings.weight" in weights else ""
        self.w = {k[len(prefix) :]: v.float() for k, v in weights.items() if k.startswith(prefix)}
        self.dim = int(self.w["embeddings.word_embeddings.weight"].shape[1])
        self._torch = torch

    def _layer_norm(self, x: Any, name: str) -> Any:
        f = self._torch.nn.functional
        return f.layer_norm(x, x.shape[-1:], self.w[name + ".weight"], self.w[name + ".bias"], self.eps)

    def _linear(self, x: Any, name: str) -> Any:
        return self._torch.nn.functional.linear(x, self.w[name + ".weight"], self.w[name + ".bias"])

    def _forward(self, ids: Any, mask: Any) -> Any:
        torch = self._torch
        f = torch.nn.functional
        w = self.w
        batch, length = ids.shape
        positions = torch.arange(length)
        x = w["embeddings.word_embeddings.weight"][ids]
        x = x + w["embeddings.position_embeddings.weight"][positions][None, :, :]
        x = x + w["embeddings.token_type_embeddings.weight"][0][None, None, :]
        x = self._layer_norm(x, "embeddings.LayerNorm")
        hidden = x.shape[-1]
        size = hidden // self.heads
        # padding: a large negative score before the softmax, as transformers' additive mask
        bias = (1.0 - mask[:, None, None, :].to(x.dtype)) * torch.finfo(x.dtype).min
        for i in range(self.layers):
            name = f"encoder.layer.{i}"

            def split(t: Any) -> Any:
                return t.view(batch, length, self.heads, size).transpose(1, 2)

            q = split(self._linear(x, f"{name}.attention.self.query"))
            k = split(self._linear(x, f"{name}.attention.self.key"))
            v = split(self._linear(x, f"{name}.attention.self.value"))
            context = f.scaled_dot_product_attention(q, k, v, attn_mask=bias, scale=1.0 / math.sqrt(size))
            context = context.transpose(1, 2).reshape(batch, length, hidden)
            x = self._layer_norm(
                self._linear(context, f"{name}.attention.output.dense") + x,
                f"{name}.attention.output.LayerNorm",
            )
            inner = f.gelu(self._linear(x, f"{name}.intermediate.dense"))
            x = self._layer_norm(self._linear(inner, f"{name}.output.dense") + x, f"{name}.output.LayerNorm")
        return x

    def encode(
        self,
        sentences: Sequence[str],
        batch_size: int = 32,
        normalize_embeddings: bool = False,
        show_progress_bar: bool = False,
        **_: Any,
    ) -> np.ndarray:
        """Mean-pooled, unit-length vectors (the folder's ``Normalize`` module applies whatever
        ``normalize_embeddings`` says, as in sentence-transformers), one row per sentence, in the order
        given (batches run longest first)."""
        torch = self._torch
        texts = list(sentences)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        encodings = self.tokenizer.encode_batch(texts)
        order = sorted(range(len(texts)), key=lambda i: -len(encodings[i].ids))
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        with torch.inference_mode():
            for start in range(0, len(order), batch_size):
                chunk = order[start : start + batch_size]
                length = max(len(encodings[i].ids) for i in chunk)
                ids = torch.full((len(chunk), length), self.pad_id, dtype=torch.long)
                mask = torch.zeros((len(chunk), length), dtype=torch.long)
                for row, i in enumerate(chunk):
                    seq = encodings[i].ids
                    ids[row, : len(seq)] = torch.tensor(seq, dtype=torch.long)
                    mask[row, : len(seq)] = 1
                states = self._forward(ids, mask)
                weights = mask.unsqueeze(-1).to(states.dtype)
                pooled = (states * weights).sum(1) / weights.sum(1).clamp(min=1e-9)
                pooled = torch.nn.functional.normalize(pooled, p=2, dim=1)
                out[chunk] = pooled.numpy()
        return out
