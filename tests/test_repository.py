"""Rules the repository keeps: Jupyter always behind its token, nothing loaded is unpickled or evaluated."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CODE_GLOBS = ["helpers/**/*.py", "tests/**/*.py", "bench/*.py", "setup/*.py", "slides/*.py",
              "slides/lab_settings/*.json", "notebooks/*.ipynb"]
TEXT_FILES = [p for p in [REPO / "Makefile", REPO / "postBuild", REPO / ".ci" / "run",
                          *(path for pattern in CODE_GLOBS for path in REPO.glob(pattern))]
              if p.is_file() and p != Path(__file__)]

AUTH_OFF = re.compile(r"""token\s*=\s*(''|""|\\?"\\?")|password_required\s*=\s*False|disable_check_xsrf"""
                      r"""|ip\s*=\s*0\.0\.0\.0|allow_remote_access""", re.IGNORECASE)
UNSAFE_LOADING = re.compile(r"\bpickle\b|allow_pickle\s*=\s*True|\beval\(|\bnp\.load\(|torch\.load\(")


def test_no_file_turns_jupyter_authentication_off_or_listens_beyond_this_machine():
    offenders = [f"{p.relative_to(REPO)}: {m.group(0)}" for p in TEXT_FILES
                 for m in AUTH_OFF.finditer(p.read_text(errors="replace"))]
    assert offenders == []


def test_make_lab_binds_to_the_loopback_address():
    lab_recipe = re.search(r"^lab:.*?(?=^\S)", (REPO / "Makefile").read_text(), re.MULTILINE | re.DOTALL)
    assert lab_recipe and "--ServerApp.ip=127.0.0.1" in lab_recipe.group(0)


def test_nothing_the_course_loads_is_unpickled_or_evaluated():
    course_code = [p for p in TEXT_FILES if "bench" not in p.parts]
    offenders = [f"{p.relative_to(REPO)}: {m.group(0)}" for p in course_code
                 for m in UNSAFE_LOADING.finditer(p.read_text(errors="replace"))]
    assert offenders == []


def test_every_download_is_verified_before_it_is_written():
    source = (REPO / "helpers" / "mnist_files.py").read_text()
    # Each write of fetched bytes goes through _atomic_write with the file's published digest.
    assert source.count("_atomic_write(data_dir / name, payload, sha256=MNIST_SHA256[name])") == 2
