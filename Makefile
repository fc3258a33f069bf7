# One task runner: contributors and CI run the same targets.
# `make serve` and `make test` set up .venv themselves on a fresh machine.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUNTIME := $(VENV)/.runtime-installed
TESTING := $(VENV)/.test-installed
HOST ?= 127.0.0.1
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help serve build check test clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-18s %s\n", $$1, $$2}'

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed; found " + sys.version.split()[0] + ". Set PYTHON=/path/to/python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(RUNTIME): requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.txt
	@touch $@

$(TESTING): requirements-test.txt $(RUNTIME)
	$(BIN)/python -m pip install --quiet -r requirements-test.txt
	@touch $@

serve: $(RUNTIME) ## Preview the site at http://127.0.0.1:8000 with live reload
	$(BIN)/mkdocs serve --dev-addr $(HOST):$(PORT) --livereload

build: $(RUNTIME) ## Build the site strictly into site/
	$(BIN)/mkdocs build --strict --clean --site-dir site

check: $(RUNTIME) ## Validate members.yml and every playbook's front matter (no build)
	$(BIN)/python -m macros.check

test: $(TESTING) ## Run every check and test CI runs
	$(BIN)/python -m macros.check
	$(BIN)/python -m pytest

clean: ## Remove the built site and caches
	rm -rf site .pytest_cache
