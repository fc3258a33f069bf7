# One task runner: contributors and CI run the same targets.
# `make serve` and `make test` set up .venv themselves on a fresh machine.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUNTIME := $(VENV)/.runtime-installed
CHECKING := $(VENV)/.check-installed
TESTING := $(VENV)/.test-installed
HOST ?= 127.0.0.1
PORT ?= 8000
# The engine `make build` and `make serve` run (README, "Engines"): mkdocs (MkDocs 1.6.1, the default) or
# properdocs (ProperDocs 1.6.7, MkDocs 1.6's maintained fork, which comes with `make test`'s requirements).
ENGINE ?= mkdocs
ENGINES := mkdocs properdocs
ifeq ($(filter $(ENGINE),$(ENGINES)),)
$(error ENGINE=$(ENGINE): the engines are $(ENGINES))
endif
ENGINE_INSTALLED := $(if $(filter properdocs,$(ENGINE)),$(TESTING),$(RUNTIME))
# The one switch for the engines' MkDocs 2.0 banners, exported to every command make runs (tools/project.py
# reads this line for the tests' builds): ProperDocs prints its banner under `mkdocs` when a plugin asks, and
# Material names ProperDocs in its notice, unless DISABLE_MKDOCS_2_WARNING=true. Material's end-of-life notice
# stays: NO_MKDOCS_2_WARNING would silence all of it, so make never sets it.
export DISABLE_MKDOCS_2_WARNING := true

.DEFAULT_GOAL := help
.PHONY: help serve build check new test clean clean-image bench linkcheck linkcheck-external linkcheck-proof lint-workflows review-report python-files plain-tree

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-18s %s\n", $$1, $$2}'

# Only the project's own code runs. `python -m` and mkdocs-macros put the project folder on Python's import
# path, where a contributed nh3.py or macros.py would run instead of the library: so before any Python starts
# (every target below needs the virtualenv, which waits for this step), a Python file, compiled module or
# extension outside the project's code folders is refused. The test suite and its helpers live in tests/.
PYTHON_FOLDERS := network macros checks tools tests
python-files:
	@stray=$$(find . \( -path ./.git -o -path ./$(VENV) -o -path ./node_modules $(foreach folder,$(PYTHON_FOLDERS),-o -path ./$(folder)) \) -prune \
	    -o \( -name '*.py' -o -name '*.pyc' -o -name '*.pyo' -o -name '*.so' -o -name '*.pyd' -o -name '*.pth' \) -print | sort); \
	if [ -n "$$stray" ]; then \
	  for file in $$stray; do echo "$${file#./}: a Python file outside $(PYTHON_FOLDERS): it could run as part of the build; remove it (only maintainers add code, in those folders)" >&2; done; \
	  echo "make: refused before running any Python; CONTRIBUTING.md says what a pull request may add" >&2; exit 1; \
	fi

$(BIN)/python: | python-files
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed; found " + sys.version.split()[0] + ". Set PYTHON=/path/to/python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(RUNTIME): requirements.txt | $(BIN)/python python-files
	$(BIN)/python -m pip install --quiet -r requirements.txt
	@touch $@

# `make check` installs only what it runs; the browser tests' and workflow linters' tools come with `make test`.
$(CHECKING): requirements-check.txt $(RUNTIME) | python-files
	$(BIN)/python -m pip install --quiet -r requirements-check.txt
	@touch $@

$(TESTING): requirements-test.txt $(CHECKING)
	$(BIN)/python -m pip install --quiet -r requirements-test.txt
	@touch $@

# Live reload is both engines' default (ProperDocs has no --livereload flag, only --no-livereload).
serve: $(ENGINE_INSTALLED) ## Preview the site at http://127.0.0.1:8000 with live reload [ENGINE=properdocs]
	$(BIN)/$(ENGINE) serve --config-file mkdocs.yml --dirty --dev-addr $(HOST):$(PORT)

build: $(ENGINE_INSTALLED) ## Build the site strictly into site/ [ENGINE=properdocs]
	$(BIN)/$(ENGINE) build --config-file mkdocs.yml --strict --clean --site-dir site

# Every check runs even when another fails, two at a time on two cores, so one run lists every problem
# (tools/check.py; the strict build and link check cover every page whose front matter is valid).
check: $(CHECKING) ## Check data and front matter, build strictly and check every link, then patient data, markup, images, secrets, Markdown, YAML, spelling, Python
	@$(BIN)/python -m tools.check

new: $(RUNTIME) ## Start a playbook: make new DOMAIN=safety TITLE="..." CONTRIBUTOR=member-id (asks for what is missing)
	$(BIN)/python -m tools.new_playbook
# Passed through the environment, unexpanded, so a title may hold quotes, apostrophes or $.
new: export PLAYBOOK_DOMAIN = $(value DOMAIN)
new: export PLAYBOOK_TITLE = $(value TITLE)
new: export PLAYBOOK_CONTRIBUTOR = $(value CONTRIBUTOR)
new: export PLAYBOOK_SLUG = $(value SLUG)

clean-image: $(RUNTIME) ## Write a clean copy of an image in place (no metadata, nothing after its end): make clean-image IMAGE=docs/playbooks/safety/ward-layout.png
	$(BIN)/python -m tools.clean_image $(IMAGE)

test: $(TESTING) check ## Run every check and test CI runs
	@$(BIN)/python tests/browser/browser_support.py
	$(BIN)/python -m pytest
	@$(MAKE) --no-print-directory linkcheck linkcheck-proof lint-workflows

# The site is rebuilt only when a source is newer than it. A file name make cannot list (one with ':' or
# a space) is left out here rather than stopping every target, `make check` among them, before it starts.
SITE_SOURCES := mkdocs.yml CONTRIBUTING.md $(shell find docs data network macros overrides includes checks tools/preview -type f -not -path '*/__pycache__/*' -not -name '*[:[:space:]]*' 2>/dev/null)
site/index.html: $(RUNTIME) $(SITE_SOURCES)
	@$(MAKE) --no-print-directory build

linkcheck: $(TESTING) site/index.html ## Check every internal link and #anchor of site/ (builds it if needed)
	$(BIN)/python -m tools.linkcheck site

# Builds its own copy of the site, plants faults, and checks it 20 times with every core busy.
linkcheck-proof: $(TESTING) ## Prove the link check reports exactly the planted faults, 20 runs in a row under full CPU load
	$(BIN)/python -m tools.linkcheck_proof

linkcheck-external: $(TESTING) site/index.html ## Check external links of site/ too (needs the internet; CI runs it weekly)
	$(BIN)/python -m tools.linkcheck site --external

# Both linters run even when the first fails, so one run lists every finding.
# GITHUB_DIR points them at another folder (tests/test_workflows.py does).
GITHUB_DIR ?= .github
WORKFLOW_FILES = $(wildcard $(GITHUB_DIR)/workflows/*.yml $(GITHUB_DIR)/workflows/*.yaml)
lint-workflows: $(TESTING) ## Lint the GitHub workflows with actionlint (+ shellcheck) and zizmor, offline
	@[ -n "$(WORKFLOW_FILES)" ] || { echo "make lint-workflows: no workflow in $(GITHUB_DIR)/workflows/" >&2; exit 1; }; \
	failed=0; \
	$(BIN)/actionlint -no-color -shellcheck $(BIN)/shellcheck $(WORKFLOW_FILES) || failed=1; \
	$(BIN)/zizmor --offline --quiet --no-progress --strict-collection --persona=pedantic $(GITHUB_DIR) || failed=1; \
	if [ $$failed = 1 ]; then echo "make lint-workflows: fix each finding above in $(GITHUB_DIR)/" >&2; exit 1; fi; \
	echo "make lint-workflows: actionlint and zizmor found nothing in $(GITHUB_DIR)/"

# The site's complete source, generated pages and published files included, with a plain mkdocs.yml
# (Material, the same extensions, the search plugin only): what Zensical or any engine builds (tools/plain_tree.py).
plain-tree: $(RUNTIME) ## Write the site as a plain Markdown tree any engine builds, no macros or hook: make plain-tree DIR=/tmp/plain
	@[ -n "$(DIR)" ] || { echo "make plain-tree: name the folder to write, DIR=/path" >&2; exit 2; }
	$(BIN)/python -m tools.plain_tree $(DIR)

review-report: $(RUNTIME) ## Print the Markdown report of playbooks overdue or due for review within 60 days
	$(BIN)/python -m tools.review_report

# Under GitHub Actions, every problem `make check` prints on a file's line is also an annotation on that
# line, and the job summary lists them all: tools/annotations.py runs the recipe (however it runs its checks),
# passes its output through and keeps its exit status. `private`: the venv's own set-up runs as usual.
ifeq ($(GITHUB_ACTIONS),true)
check: private SHELL := $(BIN)/python
check: private .SHELLFLAGS := -m tools.annotations /bin/sh -c
endif

# Generated networks of SIZES playbooks; writes bench/results.md and .json, fails on a missed target.
# ONLY=search measures search alone (Chromium, the relevance suite) into bench/search.md and .json;
# ONLY=preview times `make serve` after an edit alone, at 1,000 playbooks, into bench/preview.json.
SIZES ?= 100 1000 4000
bench: $(TESTING) ## Benchmark build, page weight, link check, search and preview at scale: make bench SIZES="100 1000" [PROFILE=1000] [ONLY=search|preview]
	$(BIN)/python -m tools.bench --sizes $(SIZES) $(if $(PROFILE),--profile $(PROFILE)) $(if $(ONLY),--only $(ONLY))

.PHONY: offline screenshots
offline: $(RUNTIME) ## Build the offline bundle (opens from file://, search included) into site-offline/ and site-offline.zip
	rm -rf site-offline site-offline.zip
	OFFLINE=true $(BIN)/mkdocs build --strict --clean --site-dir site-offline
	cp tools/templates/offline-README.txt site-offline/README.txt
	$(BIN)/python -m zipfile -c site-offline.zip site-offline/
	@echo "make offline: unzip site-offline.zip anywhere and open site-offline/index.html (site-offline/README.txt says how)"

screenshots: $(TESTING) ## Save PNGs of the home page, a playbook, the finder, the directory and the review dashboard (desktop, phone) and a printed checklist into screenshots/
	@$(BIN)/python tests/browser/browser_support.py
	PYTHONPATH=tests $(BIN)/python -m browser.screenshots screenshots

clean: ## Remove the built site and caches
	rm -rf site site-offline site-offline.zip .pytest_cache .ruff_cache
