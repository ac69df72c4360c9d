"""The entailment judge: a small cross-encoder that scores whether a passage supports a claim.

It is trained here (``scripts/make_judge_data.py``, ``scripts/train_judge.py``) and is to ship inside the
package as halved (fp16) weights under ``data/judge/``; ``docs/judge.md`` is its model card (no trained
weights ship yet). It loads offline. A path to another sentence-transformers cross-encoder with one
output can take its place.

``score`` takes (claim, evidence) pairs and returns, for each, the judge's probability that the evidence
supports the claim, in one batched pass. ``premise`` picks the few sentences of a long source that share
most words with a claim, the same way for training and for use, since a small encoder reads 256 tokens.
"""

from __future__ import annotations

import functools
import math
import re
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .errors import ModelError

#: Where the shipped judge lives inside the package.
SHIPPED = Path(__file__).parent / "data" / "judge"
#: Tokens the judge reads per pair (claim and premise together).
MAX_LENGTH = 256
#: Sentences of a long source kept as the premise of one claim sentence.
PREMISE_SENTENCES = 3

_WORD = re.compile(r"[A-Za-z0-9]+(?:[.'’-][A-Za-z0-9]+)*")
_SENT_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9])|\n+")
_STOP = frozenset(
    "a an the and or but of to in on at by for with from as is are was were be been being it its this that "
    "these those he she they them their his her we our you your i not no will would can could may might "
    "shall should must has have had do does did said says also than then there which who whom whose what "
    "when where while about into over after before under between through during against".split()
)
_lock = threading.Lock()


def sentences(text: str) -> list[str]:
    """``text`` cut into sentences at end punctuation followed by a capital or digit, and at line breaks."""
    return [s.strip() for s in _SENT_END.split(text) if s and s.strip()]


def _content(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text) if w.lower() not in _STOP}


def premise(source: str | Sequence[str], claim: str, k: int = PREMISE_SENTENCES) -> str:
    """The ``k`` sentences of ``source`` that share most content words with ``claim``, in source order.

    A sentence's share is the number of the claim's content words it holds, over the square root of its
    own length (so a long sentence does not win by size alone)."""
    sents = sentences(source) if isinstance(source, str) else [s for s in source if s.strip()]
    if len(sents) <= k:
        return " ".join(sents)
    want = _content(claim)
    scored = []
    for i, s in enumerate(sents):
        words = _content(s)
        scored.append((len(want & words) / math.sqrt(len(words) + 1), -i))
    best = sorted(range(len(sents)), key=lambda i: scored[i], reverse=True)[:k]
    return " ".join(sents[i] for i in sorted(best))


def _shipped_ok(path: Path) -> bool:
    return (path / "config.json").is_file() and any(path.glob("*.safetensors"))


@functools.lru_cache(maxsize=4)
def load(model: str = "") -> Any:
    """The judge as a sentence-transformers ``CrossEncoder`` on the CPU; ``model`` empty: the shipped one.

    Raises ``ModelError`` when the weights cannot be found or read."""
    path = Path(model).expanduser() if model else SHIPPED
    if not model and not _shipped_ok(path):
        raise ModelError(
            "the entailment judge is not in this installation",
            hint=f"no weights in {path}; set judge.model to a local cross-encoder (docs/judge.md)",
        )
    with _lock:
        try:
            import torch
            from sentence_transformers import CrossEncoder

            from .nlp import quiet_transformers

            quiet_transformers()
            judge = CrossEncoder(
                str(path),
                num_labels=1,
                max_length=MAX_LENGTH,
                device="cpu",
                local_files_only=True,
                # the shipped weights are halved to fit the package; CPUs compute in full precision
                model_kwargs={"dtype": torch.float32},
            )
            judge.model.eval()
        except Exception as e:  # any load failure is one ModelError for the user
            raise ModelError(
                f"cannot load the entailment judge from {path}: {e}",
                hint="give a local sentence-transformers cross-encoder with one output",
            ) from e
    return judge


def score(pairs: Sequence[tuple[str, str]], model: str = "", batch_size: int = 32) -> list[float]:
    """For each (claim, evidence) pair, the probability that the evidence supports the claim."""
    if not pairs:
        return []
    judge = load(model)
    with _lock:
        out = judge.predict(
            [(ev, claim) for claim, ev in pairs],
            batch_size=batch_size,
            show_progress_bar=False,
            activation_fn=_sigmoid(),
        )
    return [float(x) for x in out]


@functools.lru_cache(maxsize=1)
def _sigmoid() -> Any:
    import torch

    return torch.nn.Sigmoid()


def score_text(source: str, text: str, model: str = "") -> float:
    """How well ``source`` supports every sentence of ``text``: the lowest sentence's score."""
    claims = sentences(text) or [text]
    scores = score([(c, premise(source, c)) for c in claims], model)
    return min(scores) if scores else 1.0
