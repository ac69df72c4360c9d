# One entry point for set-up, the sample, tests, lint and benchmarks.
# `make demo` and `make test` work on a fresh machine with Python 3.11: they create .venv and install
# everything, torch first (CPU build, pinned: an unpinned torch pulls a multi-GB CUDA build).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
TORCH  := torch==2.13.0

.PHONY: demo test lint typecheck bench bench-small fuzz clean install

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet "$(TORCH)"
	$(BIN)/pip install --quiet -e ".[dev]"
	@touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/communique demo

test: $(STAMP)
	$(BIN)/python -m pytest -q
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/mypy

lint: $(STAMP)
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src tests bench scripts

typecheck: $(STAMP)
	$(BIN)/mypy

# Property-based tests at length: 10,000 examples a property (CI runs a short profile inside `make test`).
fuzz: $(STAMP)
	HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest -q tests/test_properties.py

bench: $(STAMP)
	$(BIN)/python bench/accuracy.py
	$(BIN)/python bench/analyze.py
	$(BIN)/python bench/speed.py
	$(BIN)/python bench/web.py
	$(BIN)/python bench/scale_input.py
	$(BIN)/python bench/load.py
	$(BIN)/python bench/match.py --sweep
	$(BIN)/python bench/scale.py

bench-small: $(STAMP)
	$(BIN)/python bench/accuracy.py --small
	$(BIN)/python bench/analyze.py --small
	$(BIN)/python bench/speed.py --small
	$(BIN)/python bench/web.py --small
	$(BIN)/python bench/scale_input.py --small
	$(BIN)/python bench/load.py --small
	$(BIN)/python bench/match.py --small
	$(BIN)/python bench/scale.py --small

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .mypy_cache .ruff_cache
