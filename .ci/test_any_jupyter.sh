#!/usr/bin/env bash
# The notebooks outside the course's own environment, as a student who brings a Jupyter has them:
# Colab's versions (Python 3.13, NumPy 2.1.3, ipywidgets 7.7.1, Matplotlib 3.10.0, ipykernel 6.17.1)
# and Kaggle's (Python 3.12, NumPy 2.0.2), MXNet 1.9.1 installed with --no-deps, no .pth file and no
# `pip install -e .`: each notebook's first cell must find helpers/ and let MXNet import. Every
# notebook runs under nbval with its committed outputs compared. Needs PyPI and pyenv's Pythons, and
# MNIST in data/ (`make data`).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d /tmp/any-jupyter.XXXXXX)
trap 'rm -rf "$work"' EXIT
pyenv_root=${PYENV_ROOT:-$HOME/.pyenv}
fail() { echo "test_any_jupyter: FAILED: $*" >&2; exit 1; }

run() {  # run NAME PYTHON_MINOR PACKAGES...
  local name=$1 minor=$2
  shift 2
  local python
  python=$(ls -d "$pyenv_root"/versions/"$minor".*/bin/python"$minor" 2>/dev/null | sort -V | tail -n 1 || true)
  [ -x "$python" ] || fail "needs Python $minor built by pyenv in $pyenv_root/versions/"
  local started=$SECONDS
  echo "== $name: Python $("$python" -c 'import platform; print(platform.python_version())'), $*"
  "$python" -m venv "$work/$name"
  "$work/$name/bin/python" -m pip install -q --disable-pip-version-check "$@" \
    nbval==0.11.0 pytest==9.2.0 pytest-xdist==3.8.0 tqdm requests graphviz
  # MXNet's metadata asks for numpy < 2; it runs on NumPy 2 once helpers/ has restored a few names.
  "$work/$name/bin/python" -m pip install -q --disable-pip-version-check --no-deps mxnet==1.9.1
  (cd "$work" && "$work/$name/bin/python" -c \
    'import importlib.util, sys; sys.exit(importlib.util.find_spec("helpers") is not None)') \
    || fail "$name: helpers/ is importable without the notebooks' first cell; the test would prove nothing"
  (cd "$repo" && "$work/$name/bin/python" -m pytest -p no:cacheprovider -o addopts="" -q -n 2 --dist loadscope \
    --nbval --nbval-current-env --nbval-sanitize-with=tests/nbval_sanitize.cfg --nbval-cell-timeout=300 \
    notebooks/) || fail "$name: a notebook failed or printed something else"
  echo "== $name: every notebook passed ($((SECONDS - started)) s)"
}

run colab 3.13 numpy==2.1.3 ipywidgets==7.7.1 matplotlib==3.10.0 ipykernel==6.17.1
run kaggle 3.12 numpy==2.0.2 ipywidgets==8.1.9 matplotlib==3.10.8 ipykernel==7.4.0
