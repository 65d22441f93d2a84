# smartcase: the two commands a new user needs are `make reproduce` and `make test`.
# Both create the virtual environment in .venv on first use (Python 3.11 and make are all
# that is required), install smartcase with pinned versions from constraints.txt, and run.

PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: help install reproduce test lint format bench clean-venv

help:
	@echo "make reproduce  - set up .venv and regenerate every table and figure (figures/, tables/)"
	@echo "make test       - set up .venv and run the linter and the whole test suite"
	@echo "make bench      - run the benchmarks in benchmarks/ (not part of the tests)"

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[dev]"
	@touch $(STAMP)

install: $(STAMP)

reproduce: $(STAMP)
	$(BIN)/python -m smartcase reproduce

test: $(STAMP)
	$(BIN)/python -m ruff check smartcase tests benchmarks notebooks tools
	$(BIN)/python -m ruff format --check smartcase tests benchmarks tools notebooks/*.py
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/python -m ruff check smartcase tests benchmarks notebooks tools
	$(BIN)/python -m ruff format --check smartcase tests benchmarks tools notebooks/*.py

format: $(STAMP)
	$(BIN)/python -m ruff format smartcase tests benchmarks tools notebooks/*.py
	for nb in notebooks/*.py; do $(BIN)/jupytext --sync "$$nb"; done

bench: $(STAMP)
	$(BIN)/python benchmarks/run_all.py

clean-venv:
	rm -rf $(VENV)
