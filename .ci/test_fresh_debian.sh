#!/usr/bin/env bash
# End to end on a fresh Debian 13, which ships Python 3.13 only: debootstrap builds a minimal system,
# and in a chroot of it a new user with sudo runs README.md's Debian and Ubuntu steps word for word
# (the code block after "<!-- debian-steps"), except that the clone comes from this repository and
# `make lab` (a server) gives way to `make setup data` and `make test-fast`, which must pass.
# Needs root, Debian's mirror and PyPI; about four minutes. uv's Python download host is out of reach
# here, so uv is pointed at a stand-in (.ci/python311_archive.sh) with UV_PYTHON_DOWNLOADS_JSON_URL.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
suite=${DEBIAN_SUITE:-trixie}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
[ "$(id -u)" = 0 ] || { echo "test_fresh_debian: needs root (debootstrap, chroot)." >&2; exit 1; }
work=$(mktemp -d /var/tmp/fresh-debian.XXXXXX)
root=$work/root
unmount_all() {
  for point in "$root/dev/shm" "$root/dev/pts" "$root/proc"; do
    if mountpoint -q "$point" 2>/dev/null; then umount "$point" || umount -l "$point"; fi
  done
}
cleanup() {
  unmount_all
  # Only once nothing is mounted inside, and never across into another file system.
  if grep -qF " $root/" /proc/mounts; then
    echo "test_fresh_debian: $root still has mounts; left in place." >&2
  else
    rm -rf --one-file-system "$work"
  fi
}
trap cleanup EXIT
step() { echo "== $1 ($(( $(date +%s) - start )) s so far)"; }
start=$(date +%s)

if ! command -v debootstrap >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap
fi
step "debootstrap $suite (minimal, with sudo for the user who follows the README)"
debootstrap --variant=minbase --include=sudo "$suite" "$root" "$mirror" >"$work/debootstrap.log" 2>&1 \
  || { tail -n 20 "$work/debootstrap.log"; exit 1; }
cp /etc/resolv.conf "$root/etc/resolv.conf"
# This machine reaches the outside through a TLS-inspecting proxy: the chroot trusts the certificates
# the host added (none on an ordinary machine); its ca-certificates package picks them up.
mkdir -p "$root/usr/local/share/ca-certificates"
cp /usr/local/share/ca-certificates/*.crt "$root/usr/local/share/ca-certificates/" 2>/dev/null || true
mount -t proc proc "$root/proc"
mount -t devpts -o newinstance,ptmxmode=0666 devpts "$root/dev/pts"
mount -t tmpfs tmpfs "$root/dev/shm"
chroot "$root" useradd --create-home --shell /bin/bash --groups sudo student
echo "student ALL=(ALL) NOPASSWD: ALL" >"$root/etc/sudoers.d/student"
chmod 0440 "$root/etc/sudoers.d/student"
# Stands in for the repository's public URL; owned by the student, as a clone they can read.
git clone -q --bare "$repo" "$root/srv/backprop-course.git"
chroot "$root" chown -R student:student /srv/backprop-course.git
bash "$repo/.ci/python311_archive.sh" "$root/opt/python-downloads" "file:///opt/python-downloads"

# The README's block, as written; only the clone's URL and the final `make lab` are replaced.
awk '/^<!-- debian-steps/ {found=1; next} found && /^```/ {if (inside) exit; inside=1; next} inside' \
  "$repo/README.md" >"$work/readme-steps.sh"
grep -q '^make lab$' "$work/readme-steps.sh" && grep -q '^git clone ' "$work/readme-steps.sh" \
  || { echo "test_fresh_debian: README.md's Debian block is not where this test expects it:"; cat "$work/readme-steps.sh"; exit 1; }
{
  sed -e 's#^git clone [^ ]*#git clone /srv/backprop-course.git#' -e '/^make lab$/d' "$work/readme-steps.sh"
  echo 'make setup data'
  echo 'make test-fast'
} >"$root/home/student/steps.sh"
echo "-- the steps, as the student runs them:"
cat "$root/home/student/steps.sh"

step "README steps in the chroot, as user student"
env_for_student=(HOME=/home/student USER=student LOGNAME=student PATH=/usr/local/bin:/usr/bin:/bin
                 LANG=C.UTF-8 UV_PYTHON_DOWNLOADS_JSON_URL=file:///opt/python-downloads/downloads.json)
# uv trusts only its bundled certificates unless SSL_CERT_FILE names others: here, the proxy's.
if [ -n "${SSL_CERT_FILE:-}" ]; then env_for_student+=(SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt); fi
chroot "$root" /usr/bin/env -i "${env_for_student[@]}" /usr/sbin/runuser -u student -- \
  bash -c 'cd ~ && bash -euxo pipefail steps.sh' 2>&1 | tee "$work/steps.log"
grep -q "installing cpython-3.11-linux-$(uname -m)-gnu with uv" <(tr -s '[:space:]' ' ' <"$work/steps.log") \
  || { echo "test_fresh_debian: FAILED: make setup did not install Python 3.11 with uv"; exit 1; }
step "done"
echo "test_fresh_debian: 1 passed, 0 failed"
