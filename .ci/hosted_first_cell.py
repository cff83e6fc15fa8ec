"""A notebook opened alone on a hosted Jupyter (Colab, Kaggle): its set-up cell, run as it runs there.

Run by .ci/test_any_jupyter.sh with the Python of an environment like the host's, which has no
MXNet: `python .ci/hosted_first_cell.py Colab|Kaggle WORK`. GitHub and the MNIST mirrors are served
from this machine: the course's address is redirected to a bare clone of this repository with git's
`insteadOf`, and the mirrors to a local HTTP server (`MNIST_MIRRORS`); MXNet comes from PyPI.
It runs notebook 00's set-up cell in a fresh kernel three times, in three folders holding only the
notebook: with the clone failing, with pip failing, and as a student would, each time checking what
the student reads. It leaves WORK/content/course/ (the clone, MXNet and MNIST) for nbval's run.
"""

from __future__ import annotations

import gzip
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from jupyter_client.manager import start_new_kernel

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
from helpers.notebook_code import code_cells  # noqa: E402 - needs the repository on the path
from setup.address import repository  # noqa: E402
from tests.local_http import serve_folder  # noqa: E402

HOST_VARIABLES = {"Colab": {"COLAB_RELEASE_TAG": "release-colab-test"},
                  "Kaggle": {"KAGGLE_KERNEL_RUN_TYPE": "Interactive"}}
NOTEBOOK = REPO / "notebooks" / "00_start_here.ipynb"


def run_cell(folder: Path, env: dict, code: list[str]) -> tuple[str, str, float]:
    """Run each code in a new kernel started in folder; return its printed text, its error, the seconds."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(NOTEBOOK, folder)
    started = time.monotonic()
    manager, client = start_new_kernel(cwd=str(folder), env=env)
    printed, error = [], ""
    try:
        for source in code:
            reply = client.execute_interactive(source, timeout=600, output_hook=lambda m: (
                printed.append(m["content"].get("text", "")) if m["msg_type"] == "stream" else None))
            if reply["content"]["status"] != "ok":
                error = f"{reply['content']['ename']}: {reply['content']['evalue']}"
                break
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    return "".join(printed), error, time.monotonic() - started


def main(host: str, work: Path) -> None:
    address = f"https://github.com/{repository()}"
    bare = work / "github" / "course.git"
    subprocess.run(["git", "clone", "--quiet", "--bare", str(REPO), str(bare)], check=True)
    mirror = work / "mirror"
    mirror.mkdir()
    for path in sorted((REPO / "data" / "mnist").glob("*-ubyte")):
        (mirror / f"{path.name}.gz").write_bytes(gzip.compress(path.read_bytes(), compresslevel=1))

    def git_config(name: str, target: Path) -> str:
        config = work / name
        config.write_text(f'[url "file://{target}"]\n\tinsteadOf = {address}\n')
        return str(config)

    with serve_folder(mirror) as mirrors:
        # PYDEVD_...: the debugger of ipykernel 7 warns on stderr about Python 3.12+'s frozen modules.
        env = {**os.environ, **HOST_VARIABLES[host], "MNIST_MIRRORS": mirrors + "/",
               "PYDEVD_DISABLE_FILE_VALIDATION": "1",
               "GIT_CONFIG_GLOBAL": git_config("gitconfig", bare)}
        cell = code_cells(NOTEBOOK)[0]  # the set-up cell, the same in every notebook (tests/test_address.py)

        said, error, _ = run_cell(work / "no-github", {**env, "GIT_CONFIG_GLOBAL": git_config(
            "gitconfig-broken", work / "missing.git")}, [cell])
        assert error.startswith("RuntimeError: Could not download the course"), error
        assert "internet on?" in error and "Downloading the course" in said, (said, error)
        print(f"{host}, no GitHub: the cell says {error!r}")

        no_pypi = {**env, "PIP_CONFIG_FILE": os.devnull, "PIP_NO_INDEX": "1", "PIP_FIND_LINKS": ""}
        said, error, _ = run_cell(work / "no-pypi", no_pypi, [cell])
        assert error.startswith("RuntimeError: Could not install MXNet 1.9.1. Is this"), error
        assert "internet on?" in error and f"{host}: installing MXNet 1.9.1" in said, (said, error)
        assert "\x1b" not in error, "pip's colours would show as escape codes in the notebook"
        print(f"{host}, no PyPI: the cell says {error.splitlines()[0]!r} ... {error.splitlines()[-1]!r}")

        # As on a fresh host: no pip cache, so MXNet's 49 MB really come from PyPI.
        fresh = {**env, "PIP_NO_CACHE_DIR": "1"}
        said, error, seconds = run_cell(work / "content", fresh,
                                        [cell, "import mxnet; print(mxnet.__version__)"])
        assert not error, error
        lines = said.splitlines()
        assert lines[0] == f"Downloading the course from {address} ... done", lines
        assert re.fullmatch(rf"{host}: installing MXNet 1\.9\.1 \(.*\) \.\.\. done in \d+ s", lines[1]), lines
        assert re.fullmatch(rf"{host}: downloading the MNIST digits \(.*\) \.\.\. done in \d+ s",
                            lines[2]), lines
        assert lines[3:] == ["1.9.1"], lines
        print(f"{host}: the set-up cell printed, in {seconds:.0f} s (a new kernel included):")
        print("\n".join(f"    {line}" for line in lines[:3]))


if __name__ == "__main__":
    main(sys.argv[1], Path(sys.argv[2]))
