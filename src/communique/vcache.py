"""Sentence vectors of prepared statements, kept on disk by content hash.

A statement checked again later (a desk checks one article after another against the same statement,
each in a new process) need not embed its passages again: ``CachedEncoder`` wraps an encoder and looks
each text up first in a SQLite file in the user cache folder, named by the model. Only the statement
side goes through it (``Checker`` prepares sources with it); the articles' sentences are not kept. The
file holds at most ``limit`` vectors, the least recently used dropped first. The cache is an aid: a
file that cannot be opened or written leaves the encoding as it was, never the check.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

LIMIT = 50_000  # about 75 MB of 384-dimension vectors


def model_key(name: str) -> str:
    """A name for the model's vectors: the resolved path or name, with the weights' size and time when
    it is a local folder (new weights under the same path are a new model)."""
    path = Path(name)
    parts = [str(path.resolve()) if path.exists() else name]
    for weights in ("model.safetensors", "pytorch_model.bin"):
        f = path / weights
        if f.is_file():
            st = f.stat()
            parts.append(f"{st.st_size}:{st.st_mtime_ns}")
            break
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:16]


def default_path(key: str) -> Path:
    from .settings import cache_dir

    return cache_dir() / f"vectors-{key}.sqlite"


class VectorCache:
    """Vectors by the SHA-256 of their text, in one SQLite file; thread-safe."""

    def __init__(self, path: Path, limit: int = LIMIT) -> None:
        self.path = path
        self.limit = limit
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = None
        self._broken = False

    def _conn(self) -> sqlite3.Connection | None:
        if self._db is not None or self._broken:
            return self._db
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, timeout=5, check_same_thread=False)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute(
                "CREATE TABLE IF NOT EXISTS vectors (key BLOB PRIMARY KEY, vec BLOB NOT NULL,"
                " used REAL NOT NULL) WITHOUT ROWID"
            )
            db.execute("CREATE INDEX IF NOT EXISTS vectors_used ON vectors (used)")
            db.commit()
            self._db = db
        except (OSError, sqlite3.Error):
            self._broken = True  # a read-only or full disk: no cache, nothing else changes
        return self._db

    @staticmethod
    def key(text: str) -> bytes:
        return hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()

    def get(self, texts: Sequence[str]) -> dict[str, np.ndarray]:
        """The vectors held for any of ``texts``."""
        with self._lock:
            db = self._conn()
            if db is None or not texts:
                return {}
            keys = {self.key(t): t for t in texts}
            found: dict[str, np.ndarray] = {}
            try:
                ks = list(keys)
                for i in range(0, len(ks), 500):
                    chunk = ks[i : i + 500]
                    marks = ",".join("?" * len(chunk))
                    for k, blob in db.execute(f"SELECT key, vec FROM vectors WHERE key IN ({marks})", chunk):
                        found[keys[bytes(k)]] = np.frombuffer(blob, dtype=np.float32)
                if found:
                    now = time.time()
                    db.executemany(
                        "UPDATE vectors SET used = ? WHERE key = ?", [(now, self.key(t)) for t in found]
                    )
                    db.commit()
            except sqlite3.Error:
                return found
            return found

    def put(self, vectors: dict[str, np.ndarray]) -> None:
        with self._lock:
            db = self._conn()
            if db is None or not vectors:
                return
            now = time.time()
            try:
                db.executemany(
                    "INSERT OR REPLACE INTO vectors VALUES (?, ?, ?)",
                    [
                        (self.key(t), np.asarray(v, dtype=np.float32).tobytes(), now)
                        for t, v in vectors.items()
                    ],
                )
                (count,) = db.execute("SELECT COUNT(*) FROM vectors").fetchone()
                if count > self.limit:
                    db.execute(
                        "DELETE FROM vectors WHERE key IN (SELECT key FROM vectors ORDER BY used LIMIT ?)",
                        (count - self.limit,),
                    )
                db.commit()
            except sqlite3.Error:
                return


class CachedEncoder:
    """``encode`` of ``encoder`` with each text looked up in ``cache`` first; the rest encoded in one
    call and stored. Vectors as ``encoder`` gives them (the cache is keyed by model)."""

    def __init__(self, encoder: Any, cache: VectorCache) -> None:
        self.encoder = encoder
        self.cache = cache
        self.max_seq_length = getattr(encoder, "max_seq_length", 256)

    def encode(self, sentences: Sequence[str], **kwargs: Any) -> np.ndarray:
        texts = list(sentences)
        held = self.cache.get(texts)
        missing = list(dict.fromkeys(t for t in texts if t not in held))
        if missing:
            fresh = np.asarray(self.encoder.encode(missing, **kwargs), dtype=np.float32)
            new = dict(zip(missing, fresh, strict=True))
            self.cache.put(new)
            held.update(new)
        if not texts:
            return np.asarray(self.encoder.encode([], **kwargs), dtype=np.float32)
        return np.vstack([held[t] for t in texts])
