"""Settings: layered resolution, and every setting documented."""

from __future__ import annotations

from pathlib import Path

import pytest

from communique.errors import ConfigError
from communique.settings import SETTINGS, Options, load_options

DOCS = Path(__file__).parent.parent / "docs" / "settings.md"


def test_defaults_match_the_options_object() -> None:
    defaults = Options()
    for s in SETTINGS:
        assert getattr(defaults, s.name) == s.default, s.name


def test_layers_file_then_environment_then_flags(tmp_path: Path) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text('[communique]\ntop_k = 5\nspacy_model = "custom"\n', encoding="utf-8")
    opts = load_options(config_file=cfg, environ={"COMMUNIQUE_TOP_K": "7"}, overrides={"min_support": 0.5})
    assert opts.spacy_model == "custom"  # from the file
    assert opts.top_k == 7  # the environment beats the file
    assert opts.min_support == 0.5  # flags beat everything
    assert opts.embedding_model == "all-MiniLM-L6-v2"  # untouched keys keep their defaults


def test_bad_values_are_config_errors(tmp_path: Path) -> None:
    with pytest.raises(ConfigError):
        load_options(environ={"COMMUNIQUE_TOP_K": "many"})
    with pytest.raises(ConfigError):
        load_options(environ={"COMMUNIQUE_USE_EMBEDDINGS": "perhaps"})
    with pytest.raises(ConfigError, match="not found"):
        load_options(config_file=tmp_path / "missing.toml")


def test_every_setting_is_documented() -> None:
    text = DOCS.read_text(encoding="utf-8")
    missing = [s.name for s in SETTINGS if f"`{s.name}`" not in text]
    assert not missing, f"docs/settings.md does not document {missing}"
