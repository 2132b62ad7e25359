# The two commands of the README: `make demo` and `make test`. Everything else is a helper.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
WORKSPACE ?= demo-workspace
DEMO_DATA ?= demo-data
SEED ?= 7
SIZE ?= small

.PHONY: demo test test-spark install services system-deps lint bench clean

$(BIN)/offensief: pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -c constraints.txt -e '.[dev]'
	$(BIN)/python scripts/warm_kernels.py
	touch $@

install: $(BIN)/offensief

## Generate the demo world, load it into a fresh workspace, analyse it and serve the UI.
demo: install
	$(BIN)/offensief demo --seed $(SEED) --size $(SIZE) --data $(DEMO_DATA) --workspace $(WORKSPACE) --fresh

## Start what the tests need (PostgreSQL, Chromium) and run the whole suite.
test: install services
	bash scripts/run-tests.sh

## Only the Spark engine's tests (its equality with the default engine; also in `make test`).
test-spark: install services
	bash scripts/run-tests.sh tests/spark

services:
	bash scripts/services.sh

lint: install
	$(BIN)/ruff check src tests

bench: install
	for b in benchmarks/*.py; do $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(WORKSPACE) $(DEMO_DATA) .pytest_cache
