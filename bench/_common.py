"""Shared helpers for the benchmark scripts: where the shared material is, quiet model loading."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("COMMUNIQUE_SHARED", ROOT.parent / "shared"))


def quiet() -> None:
    from communique.nlp import quiet_transformers

    quiet_transformers()
