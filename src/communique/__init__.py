"""communique: make official statements visible and verifiable.

The library API::

    from communique import Checker
    result = Checker().check_corpus("corpus/cpfmsd-7")
    data = result_to_dict(result)          # the communiqué.check/1 JSON
"""

from __future__ import annotations

import os as _os

# OpenMP threads (torch, spaCy's BLAS) spin while they wait for work by default, taking a core from
# everything between two model calls and from any other process; waiting passively costs nothing
# measurable here. Set before torch or spaCy is imported; a user's own setting wins.
_os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

__version__ = "0.1.0"

from typing import TYPE_CHECKING, Any

from .errors import CommuniqueError, ConfigError, FetchError, InputError, ModelError, StoreError

if TYPE_CHECKING:
    from .ingest import document_from_bytes, document_from_text, read_document
    from .models import (
        ArticleCheck,
        CheckResult,
        Document,
        EvidenceSpan,
        Issue,
        Paragraph,
        Provision,
        QuoteCheck,
        Segmented,
        Sentence,
        SentenceCheck,
    )
    from .pipeline import Checker, Corpus, load_corpus
    from .report import result_to_dict, result_to_json
    from .settings import Options, load_options

# The rest of the API is imported on first use: `communique --help` and the store's commands never
# load the pipeline (and what it imports) at all.
_LAZY = {
    **dict.fromkeys(["document_from_bytes", "document_from_text", "read_document"], ".ingest"),
    **dict.fromkeys(
        [
            "ArticleCheck",
            "CheckResult",
            "Document",
            "EvidenceSpan",
            "Issue",
            "Paragraph",
            "Provision",
            "QuoteCheck",
            "Segmented",
            "Sentence",
            "SentenceCheck",
        ],
        ".models",
    ),
    **dict.fromkeys(["Checker", "Corpus", "load_corpus"], ".pipeline"),
    **dict.fromkeys(["result_to_dict", "result_to_json"], ".report"),
    **dict.fromkeys(["Options", "load_options"], ".settings"),
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'communique' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


__all__ = [
    "ArticleCheck",
    "CheckResult",
    "Checker",
    "CommuniqueError",
    "ConfigError",
    "Corpus",
    "Document",
    "EvidenceSpan",
    "FetchError",
    "InputError",
    "Issue",
    "ModelError",
    "Options",
    "Paragraph",
    "Provision",
    "QuoteCheck",
    "Segmented",
    "Sentence",
    "SentenceCheck",
    "StoreError",
    "__version__",
    "document_from_bytes",
    "document_from_text",
    "load_corpus",
    "load_options",
    "read_document",
    "result_to_dict",
    "result_to_json",
]
