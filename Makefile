# smartcase: the two commands a new user needs are `make reproduce` and `make test`.
# Both create the virtual environment in .venv on first use (Python 3.11 and make are all
# that is required), install smartcase with pinned versions from constraints.txt, and run.

PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: help install reproduce test lint format bench clean-venv docs docs-test

help:
	@echo "make reproduce  - set up .venv and regenerate every table and figure (figures/, tables/)"
	@echo "make test       - set up .venv and run the linter, the type check and the whole test suite"
	@echo "make bench      - run the benchmarks in benchmarks/ (not part of the tests)"
	@echo "make docs       - build the companion site into docs/_build/html (warnings are errors)"
	@echo "make docs-test  - build the site, then test it in headless Chromium (tests/site/)"

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[dev,docs]"
	@touch $(STAMP)

install: $(STAMP)

reproduce: $(STAMP)
	$(BIN)/python -m smartcase reproduce

# The linter and the type check (mypy, configured in pyproject.toml) run first; the site is
# built before the tests, so that the browser tests of tests/site/ run too.
test: $(STAMP)
	$(BIN)/python -m ruff check smartcase tests benchmarks notebooks tools docs
	$(BIN)/python -m ruff format --check smartcase tests benchmarks tools docs notebooks/*.py
	$(BIN)/python -m mypy
	$(MAKE) --no-print-directory docs
	$(BIN)/python -m pytest

# The companion site: docs/prepare.py writes docs/generated/ (executed notebooks, explorer,
# gallery, API pages), then Sphinx builds docs/_build/html with warnings as errors.
DOCS_HTML := docs/_build/html

docs: $(STAMP)
	$(BIN)/python docs/prepare.py
	$(BIN)/python -m sphinx -W --keep-going -q -b html docs $(DOCS_HTML)
	@echo "site: $(DOCS_HTML)/index.html"

docs-test: docs
	$(BIN)/python -m pytest tests/site

lint: $(STAMP)
	$(BIN)/python -m ruff check smartcase tests benchmarks notebooks tools docs
	$(BIN)/python -m ruff format --check smartcase tests benchmarks tools docs notebooks/*.py
	$(BIN)/python -m mypy

format: $(STAMP)
	$(BIN)/python -m ruff format smartcase tests benchmarks tools docs notebooks/*.py
	for nb in notebooks/*.py; do $(BIN)/jupytext --sync "$$nb"; done

bench: $(STAMP)
	$(BIN)/python benchmarks/run_all.py

clean-venv:
	rm -rf $(VENV)
