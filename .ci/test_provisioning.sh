#!/usr/bin/env bash
# End to end, as on a student's machine without Python 3.11: a fresh clone, a PATH on which the only
# Pythons are 3.12 and 3.13, an empty home (no uv, no caches). `make setup` must fetch uv, install
# CPython 3.11 with it and build .venv. Then the same with provisioning made to fail (the message must
# say what was tried and what to do), a lock whose hash does not match the download (refused), and
# `make lock` (the lock regenerates byte for byte). uv cannot reach its download host here, so it is
# given a Python 3.11 built from this machine's own (.ci/python311_archive.sh) through
# UV_PYTHON_DOWNLOADS_JSON_URL, as a student behind a mirror would. Needs PyPI and pyenv's Pythons.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d /tmp/provisioning.XXXXXX)
trap 'rm -rf "$work"' EXIT
pyenv_root=${PYENV_ROOT:-$HOME/.pyenv}
fail() { echo "test_provisioning: FAILED: $*" >&2; exit 1; }
# The set-up folds its messages to 100 columns: compare with the folds undone.
expect() { tr -s '[:space:]' ' ' <"$1" | grep -qF -- "$2" || fail "$1 does not say: $2"; }
elapsed() { echo "$(( $(date +%s) - $1 )) s"; }

py312=$(ls -d "$pyenv_root"/versions/3.12.*/bin/python3.12 2>/dev/null | sort -V | tail -n 1 || true)
py313=$(ls -d "$pyenv_root"/versions/3.13.*/bin/python3.13 2>/dev/null | sort -V | tail -n 1 || true)
[ -x "$py312" ] && [ -x "$py313" ] || fail "needs Python 3.12 and 3.13 built by pyenv in $pyenv_root/versions/"

bash "$repo/.ci/python311_archive.sh" "$work/downloads" "file://$work/downloads"
arch=$(uname -m)

# The student's PATH: every tool of /usr/bin except Pythons, pips and uv, then 3.12 and 3.13 (python3).
mkdir "$work/bin" "$work/home"
for tool in /usr/bin/* /bin/*; do
  case ${tool##*/} in python* | pip* | pydoc* | idle* | 2to3* | uv | uvx) continue ;; esac
  [ -e "$work/bin/${tool##*/}" ] || ln -s "$tool" "$work/bin/${tool##*/}"
done
ln -s "$py312" "$work/bin/python3.12"
ln -s "$py313" "$work/bin/python3.13"
ln -s python3.13 "$work/bin/python3"
student=(env -i "HOME=$work/home" "PATH=$work/bin" LANG=C.UTF-8 "UV_PYTHON_DOWNLOADS_JSON_URL=file://$work/downloads/downloads.json")
# This machine's own network settings pass through (here a TLS-inspecting proxy whose certificate is
# in the system store: uv trusts only its bundled roots unless SSL_CERT_FILE says otherwise).
for name in SSL_CERT_FILE SSL_CERT_DIR HTTPS_PROXY https_proxy HTTP_PROXY http_proxy NO_PROXY no_proxy; do
  if [ -n "${!name:-}" ]; then student+=("$name=${!name}"); fi
done

git clone -q "$repo" "$work/clone"
cd "$work/clone"

echo "== make setup: only Python 3.12 and 3.13 on the PATH, no uv, empty caches"
start=$(date +%s)
"${student[@]}" make setup 2>&1 | tee "$work/setup.log"
echo "-- cold make setup took $(elapsed "$start")"
expect "$work/setup.log" "uv: not on the PATH, fetching it"
expect "$work/setup.log" "SHA-256 matches the pin"
expect "$work/setup.log" "Python 3.11: none on the PATH (found Python 3.13"
expect "$work/setup.log" "installing cpython-3.11-linux-$arch-gnu with uv"
expect "$work/setup.log" "Environment ready: .venv (Python 3.11"
base=$(.venv/bin/python -c 'import sys; print(sys.base_prefix)')
case $base in "$work/home/.local/share/uv/python/"*) ;; *) fail ".venv's Python lives in $base, not in uv's folder" ;; esac
[ ! -e "$work/home/.local/bin" ] || fail "uv python install put executables into ~/.local/bin"
smoke='import mxnet, numpy, ssl, sqlite3; assert mxnet.nd.ones((2, 3)).sum().asscalar() == 6; print("mxnet", mxnet.__version__, "numpy", numpy.__version__, "on", __import__("sys").version.split()[0])'
source=$(ls -d "$pyenv_root"/versions/3.11.* | sort -V | tail -n 1)
if unshare -m true 2>/dev/null; then
  # With the Python the archive was made from hidden, the moved copy must still start and import.
  unshare -m sh -c 'mount -t tmpfs none "$1" && exec "$2" -c "$3"' sh "$source" .venv/bin/python "$smoke"
else
  .venv/bin/python -c "$smoke"
fi

echo "== make setup again: nothing to do"
"${student[@]}" make setup 2>&1 | tee "$work/again.log"
! grep -q "Installing" "$work/again.log" || fail "a second make setup installed again"

echo "== make setup with provisioning made to fail (the download list names a missing archive)"
sed "s#file://$work/downloads/cpython-#file://$work/downloads/missing-cpython-#" \
  "$work/downloads/downloads.json" >"$work/broken.json"
if "${student[@]}" UV_PYTHON_DOWNLOADS_JSON_URL="file://$work/broken.json" UV_PYTHON_INSTALL_DIR="$work/no-pythons" \
  make setup VENV=.venv-no-python >"$work/fail.log" 2>&1; then
  cat "$work/fail.log"; fail "make setup succeeded without any way to get Python 3.11"
fi
cat "$work/fail.log"
expect "$work/fail.log" "Could not get Python 3.11. Tried: a Python 3.11 on the PATH (found: Python 3.13"
expect "$work/fail.log" "uv python install cpython-3.11-linux-$arch-gnu"
expect "$work/fail.log" "UV_PYTHON_DOWNLOADS_JSON_URL=file://$work/broken.json"
expect "$work/fail.log" "What to do:"
expect "$work/fail.log" "make setup PYTHON=/path/to/python3.11"
[ ! -e .venv-no-python/bin/python ] || fail "a failed provisioning left a half-built .venv-no-python"

echo "== make setup with a lock whose hashes are not the download's (a substituted wheel)"
cp requirements.lock "$work/requirements.lock.good"
sed -i "/^tqdm==/,/# via/ s/sha256:[0-9a-f]\{64\}/sha256:$(echo tampered | sha256sum | cut -d ' ' -f 1)/" requirements.lock
if "${student[@]}" make setup VENV=.venv-tampered >"$work/tampered.log" 2>&1; then
  cat "$work/tampered.log"; fail "make setup installed a wheel whose hash is not the lock's"
fi
cat "$work/tampered.log"
grep -qi "hash mismatch" "$work/tampered.log" || fail "uv did not report the hash mismatch"
expect "$work/tampered.log" "at $work/home/.local/share/uv/python/"  # uv's Python, never .venv's
expect "$work/tampered.log" "it was refused"
! .venv-tampered/bin/python -c 'import tqdm' 2>/dev/null || fail "the refused tqdm was installed"
cp "$work/requirements.lock.good" requirements.lock

echo "== make lock: the committed lock regenerates byte for byte"
start=$(date +%s)
"${student[@]}" make lock
git diff --exit-code requirements.lock || fail "make lock changed requirements.lock: the committed lock is stale"
echo "-- make lock took $(elapsed "$start")"

echo "test_provisioning: 5 passed, 0 failed"
