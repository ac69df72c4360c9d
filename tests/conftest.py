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
