"""What a hosted notebook (Colab, Kaggle) lacks: MXNet 1.9.1 and MNIST, fetched with a line per step.

Every notebook's set-up cell (its first code cell) calls `prepare()`. In the course's own environment,
or in any Jupyter that has MXNet, it does nothing and prints nothing. This is plumbing.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from helpers.mnist_files import MnistUnavailableError, check_cache, ensure_mnist

MXNET_REQUIREMENT = Path(__file__).with_name("hosted-requirements.txt")
KAGGLE_INTERNET = "On Kaggle, switch Internet on in the side panel (it needs a verified phone number)."
NOT_INSTALLED = ("MXNet is not installed in this notebook's Python. Install it by running "
                 "`%pip install --no-deps mxnet==1.9.1` in a cell (and numpy, matplotlib, ipywidgets and "
                 "tqdm if missing), then restart the kernel and run this cell again (docs/setup.md).")


def host() -> str | None:
    """Return "Colab" or "Kaggle" when the kernel runs there, else None."""
    if "COLAB_RELEASE_TAG" in os.environ or "google.colab" in sys.modules:
        return "Colab"
    if "KAGGLE_KERNEL_RUN_TYPE" in os.environ:
        return "Kaggle"
    return None


def network_hint() -> str:
    """Return what to check when a download failed, for the host the kernel runs on."""
    kaggle = f" {KAGGLE_INTERNET}" if host() == "Kaggle" else ""
    return f"Is this notebook's internet on?{kaggle} Then run this cell again."


def install_mxnet() -> None:
    """Install MXNet 1.9.1 with pip, without its dependencies, its wheel checked against its SHA-256."""
    command = [sys.executable, "-m", "pip", "install", "--quiet", "--no-color", "--disable-pip-version-check",
               "--no-deps", "--require-hashes", "-r", str(MXNET_REQUIREMENT)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        said = "\n".join(done.stderr.strip().splitlines()[-6:])  # pip's last lines carry the reason
        raise RuntimeError(f"Could not install MXNet 1.9.1. {network_hint()}\npip said:\n{said}")
    importlib.invalidate_caches()  # so the new package is found by this running kernel


def fetch_mnist() -> None:
    """Fetch and verify the four MNIST files (into the course's data/mnist)."""
    try:
        ensure_mnist(quiet=True)
    except MnistUnavailableError as error:
        raise MnistUnavailableError(f"Could not download MNIST. {network_hint()}\n{error}") from None


def step(what: str, action: Callable[[], None]) -> None:
    """Run action after printing what it does; print how long it took (a failure raises instead)."""
    print(f"{what} ...", end=" ", flush=True)
    started = time.monotonic()
    action()
    print(f"done in {time.monotonic() - started:.0f} s", flush=True)


def prepare() -> None:
    """On Colab or Kaggle install MXNet and fetch MNIST if missing; elsewhere stop if MXNet is missing.

    Only on those hosts does anything download, so the hints name their switches, not proxies.
    """
    where = host()
    if importlib.util.find_spec("mxnet") is None:
        if where is None:
            raise ModuleNotFoundError(NOT_INSTALLED)
        step(f"{where}: installing MXNet 1.9.1 (49 MB, verified)", install_mxnet)
    if where is not None and check_cache():
        step(f"{where}: downloading the MNIST digits (11 MB, verified)", fetch_mnist)
