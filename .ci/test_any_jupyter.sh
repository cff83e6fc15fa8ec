#!/usr/bin/env bash
# The notebooks outside the course's own environment, as a student on Colab or Kaggle has them:
# Colab's versions (Python 3.13, NumPy 2.1.3, ipywidgets 7.7.1, Matplotlib 3.10.0, ipykernel 6.17.1)
# and Kaggle's (Python 3.12, NumPy 2.0.2), with no MXNet, no .pth file and no `pip install -e .`.
# Each notebook is opened alone, as "Open in Colab" opens it: its set-up cell must clone the course,
# install MXNet 1.9.1 by hash and fetch MNIST (.ci/hosted_first_cell.py runs it, GitHub and the MNIST
# mirrors served from this machine), then every notebook runs under nbval with its committed outputs
# compared; on the Colab-like one, the interactive figures are then drawn by ipywidgets 7's front end
# (.ci/widgets_ipywidgets7.py). Needs PyPI, pyenv's Pythons, git, Chromium, and MNIST in data/.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d /tmp/any-jupyter.XXXXXX)
trap 'rm -rf "$work"' EXIT
pyenv_root=${PYENV_ROOT:-$HOME/.pyenv}
fail() { echo "test_any_jupyter: FAILED: $*" >&2; exit 1; }

run() {  # run HOST PYTHON_MINOR PACKAGES...
  local host=$1 minor=$2
  shift 2
  local python venv=$work/$host/venv content=$work/$host/content
  python=$(ls -d "$pyenv_root"/versions/"$minor".*/bin/python"$minor" 2>/dev/null | sort -V | tail -n 1 || true)
  [ -x "$python" ] || fail "needs Python $minor built by pyenv in $pyenv_root/versions/"
  local started=$SECONDS
  echo "== $host: Python $("$python" -c 'import platform; print(platform.python_version())'), $*, no MXNet"
  mkdir -p "$work/$host"
  "$python" -m venv "$venv"
  "$venv/bin/python" -m pip install -q --disable-pip-version-check "$@" \
    nbval==0.11.0 pytest==9.2.0 pytest-xdist==3.8.0 tqdm requests graphviz 2>&1 \
    | { grep -v "^WARNING: Location 'file:" || true; }  # this machine's pip.conf names absent folders
  "$venv/bin/python" "$repo/.ci/hosted_first_cell.py" "$host" "$work/$host" \
    || fail "$host: a notebook's set-up cell did not do what a student needs"
  # Every notebook alone beside the course the set-up cell fetched, as each opens on the host.
  cp "$repo"/notebooks/[0-9][0-9]_*.ipynb "$content/"
  [ ! -e "$content/../helpers" ] || fail "$host: helpers/ beside the notebooks would prove nothing"
  local variable
  variable=$([ "$host" = Colab ] && echo COLAB_RELEASE_TAG=test || echo KAGGLE_KERNEL_RUN_TYPE=Interactive)
  (cd "$content" && env "$variable" PYDEVD_DISABLE_FILE_VALIDATION=1 "$venv/bin/python" -m pytest -p no:cacheprovider -o addopts="" \
    --rootdir=. -q -n 2 --dist loadscope --nbval --nbval-current-env \
    --nbval-sanitize-with="$repo/tests/nbval_sanitize.cfg" --nbval-cell-timeout=300 \
    [0-9][0-9]_*.ipynb) || fail "$host: a notebook failed or printed something else"
  if [ "$host" = Colab ]; then
    # The interactive figures drawn by ipywidgets 7's own front end, in Colab's classic Notebook
    # 6.5.7 (it needs setuptools' distutils on Python 3.13, which Colab has). Needs Chromium.
    "$venv/bin/python" -m pip install -q --disable-pip-version-check notebook==6.5.7 \
      widgetsnbextension==3.6.1 setuptools==75.2.0 playwright==1.65.2 2>&1 \
      | { grep -v "^WARNING: Location 'file:" || true; }
    "$venv/bin/python" "$repo/.ci/widgets_ipywidgets7.py" "$content/course" "$repo/build/browser/ipywidgets7" \
      || fail "$host: an interactive figure is not drawn live by ipywidgets 7 (screenshots in build/browser/ipywidgets7)"
  fi
  echo "== $host: every notebook passed ($((SECONDS - started)) s)"
}

run Colab 3.13 numpy==2.1.3 ipywidgets==7.7.1 matplotlib==3.10.0 ipykernel==6.17.1
run Kaggle 3.12 numpy==2.0.2 ipywidgets==8.1.9 matplotlib==3.10.8 ipykernel==7.4.0
