"""Shared fixtures: data found relative to this file, models loaded once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from communique import Checker, Options
from communique.data import sample_corpus

HERE = Path(__file__).parent
DATA = HERE / "data"
SHARED = HERE.parent.parent / "shared"


@pytest.fixture(scope="session")
def corpus() -> Path:
    return sample_corpus()


@pytest.fixture(scope="session")
def checker() -> Checker:
    return Checker(Options(progress=False))


@pytest.fixture(scope="session")
def nlp(checker: Checker):  # type: ignore[no-untyped-def]
    return checker.nlp


@pytest.fixture(scope="session")
def sample_result(checker: Checker, corpus: Path):  # type: ignore[no-untyped-def]
    return checker.check_corpus(corpus)


@pytest.fixture()
def shared() -> Path:
    if not (SHARED / "eval").exists():
        pytest.skip("../shared is not beside the project")
    return SHARED


# Property-based tests: a short run by default (CI), 10,000 examples a property with
# HYPOTHESIS_PROFILE=fuzz (`make fuzz`).
try:
    import os

    from hypothesis import HealthCheck, settings

    settings.register_profile(
        "ci", max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
    )
    settings.register_profile(
        "fuzz", max_examples=10_000, deadline=None, suppress_health_check=list(HealthCheck)
    )
    settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
except ImportError:  # pragma: no cover - hypothesis is a dev dependency
    pass
