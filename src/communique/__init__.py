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

from .errors import CommuniqueError, ConfigError, FetchError, InputError, ModelError, StoreError
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
