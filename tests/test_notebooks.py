"""The notebooks as a whole: each runs alone and repeats its checked outputs; without data, it stops clearly.

nbval (in the same `make test`) executes every notebook once and compares it with its committed
outputs. The test here executes every notebook a second time, in a fresh kernel, in the reverse
order, and compares the checked outputs again: two independent runs, both identical to the
committed notebook, so identical to each other.
"""

from __future__ import annotations

import configparser
import os
import re
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((REPO / "notebooks").glob("[0-9][0-9]_*.ipynb"))
DATA_CALL = re.compile(r"\b(load_mnist|load_mnist_arrays|check_cache|ensure_mnist)\(")
IGNORED_MIME = ("image/png", "image/jpeg", "image/svg+xml", "application/vnd.jupyter.widget-view+json")


def sanitize_patterns() -> list[tuple[re.Pattern, str]]:
    """Return the (pattern, replacement) pairs nbval uses, from tests/nbval_sanitize.cfg."""
    config = configparser.ConfigParser()
    config.read(REPO / "tests" / "nbval_sanitize.cfg")
    return [(re.compile(config[s]["regex"]), config[s]["replace"]) for s in config.sections()]


PATTERNS = sanitize_patterns()


def clean(text: str) -> str:
    for pattern, replacement in PATTERNS:
        text = pattern.sub(replacement, text)
    return text


def is_checked(cell) -> bool:
    tags = set(cell.metadata.get("tags", []))
    return (cell.cell_type == "code" and not tags & {"nbval-ignore-output", "nbval-skip"}
            and "NBVAL_IGNORE_OUTPUT" not in cell.source and "NBVAL_SKIP" not in cell.source)


def checked_outputs(cell) -> list[tuple[str, str]]:
    """Return a cell's outputs as (kind, sanitized text) pairs, as nbval compares them."""
    found: list[tuple[str, str]] = []
    for output in cell.outputs:
        if output.output_type == "stream":
            # How a stream is cut into outputs depends on flush timing; its text does not.
            if found and found[-1][0] == output.name:
                found[-1] = (output.name, found[-1][1] + clean(output.text))
            else:
                found.append((output.name, clean(output.text)))
        elif output.output_type in ("display_data", "execute_result"):
            for mime, value in sorted(output.data.items()):
                if mime not in IGNORED_MIME:
                    found.append((mime, clean(value if isinstance(value, str) else str(value))))
        elif output.output_type == "error":
            found.append(("error", output.ename))
    return found


def execute(path: Path, env: dict[str, str] | None = None, timeout: int = 300):
    """Return the notebook executed top to bottom in a fresh kernel of this environment."""
    nb = nbformat.read(path, as_version=4)
    # The kernel is started with this interpreter's folder first on the PATH, so it is .venv's.
    saved = dict(os.environ)
    os.environ["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"
    os.environ.update(env or {})
    try:
        NotebookClient(nb, timeout=timeout, kernel_name="python3",
                       resources={"metadata": {"path": str(path.parent)}}).execute()
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return nb


def second_run_prints_the_same_checked_outputs(path: Path) -> None:
    committed = nbformat.read(path, as_version=4)
    rerun = execute(path)
    pairs = [(a, b) for a, b in zip(committed.cells, rerun.cells) if is_checked(a)]
    assert pairs, f"{path.name} has no checked outputs at all"
    for number, (before, after) in enumerate(pairs):
        assert checked_outputs(after) == checked_outputs(before), (
            f"{path.name}: checked cell {number} printed something else on a second run:\n"
            f"{before.source[:200]}")


def without_data_it_stops_at_its_first_data_cell_with_the_helpers_message(path: Path, tmp_path: Path) -> None:
    no_source = {
        "MNIST_DIR": str(tmp_path / "empty"),
        "MNIST_MIRRORS": "https://127.0.0.1:9/",
        "MNIST_PYPI_INDEX_URL": "http://127.0.0.1:9/simple/",
    }
    with pytest.raises(CellExecutionError) as failure:
        execute(path, env=no_source, timeout=120)
    assert failure.value.ename == "MnistUnavailableError"
    assert "place the files by hand" in failure.value.evalue
    nb = nbformat.read(path, as_version=4)
    first_data_cell = next(c for c in nb.cells if c.cell_type == "code" and DATA_CALL.search(c.source))
    assert first_data_cell.source.strip()[:80] in str(failure.value)


def uses_mnist(path: Path) -> bool:
    return DATA_CALL.search(path.read_text()) is not None


def notebook_test_class(path: Path) -> type:
    """Return one notebook's tests as a class: `--dist loadscope` then schedules each apart."""
    tests = {"test_second_run_prints_the_same_checked_outputs":
             lambda self: second_run_prints_the_same_checked_outputs(path)}
    if uses_mnist(path):
        tests["test_without_data_it_stops_at_its_first_data_cell_with_the_helpers_message"] = (
            lambda self, tmp_path: without_data_it_stops_at_its_first_data_cell_with_the_helpers_message(
                path, tmp_path))
    return type(f"TestNotebook{path.stem.split('_')[0]}", (), tests)


# Reverse order: a notebook must not rely on another having run before it.
for _path in NOTEBOOKS[::-1]:
    _class = notebook_test_class(_path)
    globals()[_class.__name__] = _class
