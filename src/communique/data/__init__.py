"""Data shipped with the package: the sample corpus (the Seventh Round China-Pakistan dialogue)."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

SAMPLE = "cpfmsd-7"


def sample_corpus() -> Path:
    """The bundled sample corpus folder (a manifest, the communiqué and three news reports)."""
    return Path(str(files("communique.data") / "corpus" / SAMPLE))
