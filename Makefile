# Proofline: two commands matter, `make demo` and `make test`. GNU make; run `make help`.

SHELL := /bin/bash
.DEFAULT_GOAL := help

# The first Python 3.11+ on PATH; override with `make PYTHON=/path/to/python3 ...`.
PYTHON ?= $(shell for p in python3.11 python3.12 python3.13 python3; do \
	if $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1; then echo $$p; break; fi; \
	done)

VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
SAMPLE  := examples/sample-workspace
DEMO_AS_OF := 2026-11-22

.PHONY: help venv demo test lint fmt bench docs clean distclean

help: ## list the targets
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(BIN)/python:
	@if [ -z "$(PYTHON)" ]; then \
		echo "error: no Python 3.11+ found (tried python3.11, python3.12, python3.13, python3);" \
		     "run: make PYTHON=/path/to/python3.11 $(MAKECMDGOALS)" >&2; exit 1; fi
	$(PYTHON) -m venv $(VENV)

# Re-install only when pyproject.toml changed since the last install.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

venv: $(STAMP) ## create .venv and install Proofline with its dev tools

demo: venv ## check the bundled sample drafts (exit 1 = claims block, which is the point)
	$(BIN)/proofline check $(SAMPLE)/cases --workspace $(SAMPLE) --as-of $(DEMO_AS_OF) || test $$? -eq 1

test: venv ## ruff, mypy and pytest (PostgreSQL started if it can be)
	@.ci/ensure-postgres
	@.ci/ensure-chromium
	$(BIN)/ruff check src tests
	$(BIN)/mypy
	$(BIN)/pytest

lint: venv ## ruff and mypy only
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy

fmt: venv ## apply ruff's safe fixes (import order, modern syntax)
	$(BIN)/ruff check --fix src tests bench

bench: venv ## speed, memory and accuracy figures (add --write via BENCH_ARGS to record them)
	$(BIN)/python bench/bench_check.py $(BENCH_ARGS)

docs: venv ## regenerate docs/cli.md from the commands (tests/test_docs_cli.py checks it)
	$(BIN)/python -m proofline.cli.docs docs/cli.md

e2e: venv ## browser tests only (headless Debian chromium against a local server)
	@.ci/ensure-chromium
	$(BIN)/pytest tests/e2e

clean: ## remove caches and build output (keeps .venv)
	rm -rf build dist .pytest_cache .mypy_cache .ruff_cache .hypothesis bench/out test-artifacts
	find . -path ./$(VENV) -prune -o \( -name __pycache__ -o -name '*.egg-info' -o -name .proofline \) -type d -print0 \
		| xargs -0 rm -rf

distclean: clean ## also remove .venv
	rm -rf $(VENV)
