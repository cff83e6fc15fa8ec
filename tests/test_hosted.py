"""helpers.hosted: on Colab and Kaggle MXNet is installed by hash and MNIST fetched; elsewhere nothing.

The whole set-up cell, run as on Colab and Kaggle with GitHub and MNIST served locally, is
.ci/test_any_jupyter.sh's; these test each piece, and the failures a student can meet.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from helpers import hosted

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def nowhere(monkeypatch):
    """A kernel on no host."""
    for name in ("COLAB_RELEASE_TAG", "KAGGLE_KERNEL_RUN_TYPE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delitem(__import__("sys").modules, "google.colab", raising=False)


def test_the_host_is_told_by_its_environment(monkeypatch, nowhere):
    assert hosted.host() is None
    monkeypatch.setenv("KAGGLE_KERNEL_RUN_TYPE", "Interactive")
    assert hosted.host() == "Kaggle"
    monkeypatch.setenv("COLAB_RELEASE_TAG", "release-colab_20260819")
    assert hosted.host() == "Colab"


def test_with_mxnet_and_on_no_host_it_does_nothing(nowhere, capsys, monkeypatch):
    monkeypatch.setattr(hosted, "install_mxnet", lambda: pytest.fail("installed MXNet"))
    monkeypatch.setattr(hosted, "fetch_mnist", lambda: pytest.fail("fetched MNIST"))
    hosted.prepare()
    assert capsys.readouterr().out == ""


def test_without_mxnet_on_no_host_it_says_what_to_install(nowhere, monkeypatch):
    monkeypatch.setattr(hosted.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(ModuleNotFoundError, match=re.escape("%pip install --no-deps mxnet==1.9.1")):
        hosted.prepare()


def test_on_a_host_each_missing_piece_is_a_line(monkeypatch, capsys, nowhere):
    monkeypatch.setenv("COLAB_RELEASE_TAG", "x")
    monkeypatch.setattr(hosted.importlib.util, "find_spec", lambda name: None)
    monkeypatch.setattr(hosted, "check_cache", lambda: ["train-images-idx3-ubyte"])
    done = []
    monkeypatch.setattr(hosted, "install_mxnet", lambda: done.append("mxnet"))
    monkeypatch.setattr(hosted, "fetch_mnist", lambda: done.append("mnist"))
    hosted.prepare()
    lines = capsys.readouterr().out.splitlines()
    assert done == ["mxnet", "mnist"]
    assert re.fullmatch(r"Colab: installing MXNet 1\.9\.1 \(.*\) \.\.\. done in \d+ s", lines[0])
    assert re.fullmatch(r"Colab: downloading the MNIST digits \(.*\) \.\.\. done in \d+ s", lines[1])


def test_a_failed_install_says_why_and_what_to_check(monkeypatch, nowhere):
    monkeypatch.setenv("KAGGLE_KERNEL_RUN_TYPE", "Interactive")
    failed = subprocess.CompletedProcess([], 1, "", "ERROR: Could not find a version that satisfies "
                                         "the requirement mxnet==1.9.1\nERROR: No matching distribution")
    monkeypatch.setattr(hosted.subprocess, "run", lambda *a, **k: failed)
    with pytest.raises(RuntimeError) as raised:
        hosted.install_mxnet()
    message = str(raised.value)
    assert message.startswith("Could not install MXNet 1.9.1. Is this notebook's internet on? On Kaggle")
    assert message.endswith("pip said:\nERROR: Could not find a version that satisfies the requirement "
                            "mxnet==1.9.1\nERROR: No matching distribution")


def test_the_install_is_pinned_by_the_locks_hashes():
    def hashes(text: str) -> set[str]:
        block = re.search(r"^mxnet==1\.9\.1\b.*?(?=^\S|\Z)", text, re.M | re.S).group(0)
        return set(re.findall(r"--hash=sha256:([0-9a-f]{64})", block))

    ours = hashes(hosted.MXNET_REQUIREMENT.read_text())
    assert ours and ours == hashes((ROOT / "requirements.lock").read_text())


def test_a_failed_mnist_download_puts_what_to_check_first(monkeypatch, nowhere):
    monkeypatch.setenv("COLAB_RELEASE_TAG", "x")

    def unreachable(**_):
        raise hosted.MnistUnavailableError("MNIST: no source could provide the files:\n  mirror: URLError")

    monkeypatch.setattr(hosted, "ensure_mnist", unreachable)
    with pytest.raises(hosted.MnistUnavailableError) as raised:
        hosted.fetch_mnist()
    assert str(raised.value).startswith("Could not download MNIST. Is this notebook's internet on? Then run")
    assert "URLError" in str(raised.value)
