"""The notebooks as a whole: a second run on other CPU kernels, the answer key, and a stop without data.

nbval (in the same `make test`) executes every notebook once, with this machine's own kernels, and
compares it with its committed outputs. The tests here execute every notebook a second time, in a
fresh kernel, in the reverse order, with oneDNN capped below this machine's instruction set and
OpenBLAS pinned to an older core type (tests/cpu_kernels.py), and compare the checked outputs
again: two runs on different float32 kernels, both identical to the committed notebook.

In that second run's kernel, after the notebook's last cell, the notebook's answer file
(notebooks/answers/) runs: every self-check must print "Correct!" for the key's answer, also given
as MXNet NDArrays, and reject typical wrong answers, and every open solution's asserts must hold.
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

from helpers.exercises import CORRECT
from tests import cpu_kernels

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((REPO / "notebooks").glob("[0-9][0-9]_*.ipynb"))
ANSWERS = REPO / "notebooks" / "answers"
DATA_CALL = re.compile(r"\b(load_mnist|load_mnist_arrays|check_cache|ensure_mnist)\(")
IGNORED_MIME = ("image/png", "image/jpeg", "image/svg+xml", "application/vnd.jupyter.widget-view+json")
CHECK_CALL = re.compile(r"^print\((check_\w+)\((\w+)\)\)$", re.MULTILINE)
EXERCISE = re.compile(r"^## Exercise (\d+)\b", re.MULTILINE)
PYTHON_BLOCK = re.compile(r"^```python\n(.*?)^```$", re.MULTILINE | re.DOTALL)

# Typical wrong answers to each self-checked exercise, injected in place of the key's answer; the
# check must not say "Correct!" and its hint must contain the fragment.
WRONG_ANSWERS: dict[tuple[str, str], list[tuple[str, str]]] = {
    ("00", "bytes_per_image"): [("47_040_016 / 60_000", "header"), ("4 * 784", "one byte")],
    ("01", "uniform_loss"): [("np.log10(10)", "base 10"), ("0.1", "probability")],
    ("01", "ce_from_logits"): [
        ("lambda z, c: np.log(np.sum(np.exp(z - z.min()))) + z.min() - z[c]", "largest logit"),
        ("lambda z, c: np.log(np.sum(np.exp(z - z[0]))) + z[0] - z[c]", "largest logit"),
        ("lambda z, c: -np.log(softmax_vectorised(z)[c])", "overflowed")],
    ("02", "parameters_without_bias"): [("7850", "biases"), ("784", "each of the 784")],
    ("03", "answer_new_bests"): [("math.log(100)", "0.577"),
                                 ("sum(1 / n for n in range(2, 101))", "first try")],
    ("03", "answer_scale_factor"): [("255 ** 2", "variance"), ("255 ** 0.5", "root")],
    ("04", "answer_downhill_share"): [("1 / 7850 ** 0.5", "how steeply"), ("50", "percentage")],
    ("04", "answer_dimensions"): [("1000", "square"), ("1000 ** 0.5", "square of")],
    ("05", "answer_1"): [("np.array([0.33, -0.24, -0.09])", "sign"),
                         ("softmax_np(np.array([2.0, 1.0, 0.0]))", "softmax(z) itself")],
    ("05", "answer_2"): [("0.1 * 64", "smaller, not larger"), ("0.1 / 64 / 64", "one division too many")],
    ("06", "answer_1"): [("[2, 2]", "kept only the share that comes back"),
                         ("[-1, 2]", "kept only the share the multiply")],
    ("06", "answer_2"): [("[-2, 3]", "the input that lost"), ("[-1, 4]", "to both inputs")],
    ("06", "answer_3"): [("4", "grad_req='write'"), ("6", "fan-out")],
    ("07", "sigmoid_backward"): [("lambda grad_out, Y: nd.sigmoid(Y) * (1 - nd.sigmoid(Y))", "grad_out"),
                                 ("lambda grad_out, Y: grad_out * Y * (1 - Y)", "not to Y itself")],
    ("07", "forward_multiply_adds"): [("784 * 128", "one layer"), ("784 * 128 * 10", "multiply")],
    ("08", "sigmoid"): [("relu", "1 / (1 + exp(-a))"),
                        ("lambda a: Tensor(1 / (1 + np.exp(-a.data)), (a,), 'sigmoid')", "backward_rule")],
    ("08", "overwritten_grad"): [("6", "replaces the first"), ("9", "y = x @ x")],
    ("08", "finite_difference_passes"): [("52_650", "two passes per parameter"), ("2 * 52_544", "biases")],
    ("09", "answer_steps"): [("50_000 // 64", "last, smaller batch"), ("60_000 // 64 + 1", "held out")],
    ("09", "answer_noise_factor"): [("64 / 16", "variance"), ("(64 / 16) ** 2", "squares")],
}


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


def stdout_of(cell) -> str:
    return "".join(output.text for output in cell.outputs if output.output_type == "stream")


class LiveNotebook:
    """A notebook executed top to bottom in a fresh kernel that stays open for more code."""

    def __init__(self, path: Path, env: dict[str, str] | None = None, timeout: int = 300):
        self.path, self.env, self.timeout = path, env or {}, timeout
        self.nb = nbformat.read(path, as_version=4)
        self.client = NotebookClient(self.nb, timeout=timeout, kernel_name="python3",
                                     resources={"metadata": {"path": str(path.parent)}})

    def __enter__(self) -> LiveNotebook:
        # The kernel starts with this interpreter's folder first on the PATH, so it is .venv's.
        self.saved = dict(os.environ)
        os.environ["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"
        os.environ.update(self.env)
        self.kernel = self.client.setup_kernel()
        self.kernel.__enter__()
        try:
            for index, cell in enumerate(list(self.nb.cells)):
                self.client.execute_cell(cell, index)
        except BaseException:
            self.__exit__(*sys.exc_info())
            raise
        return self

    def __exit__(self, *exc_info) -> None:
        try:
            self.kernel.__exit__(*exc_info)
        finally:
            os.environ.clear()
            os.environ.update(self.saved)

    def run(self, source: str) -> str:
        """Run code in the notebook's kernel; return what it printed (a failure raises)."""
        cell = nbformat.v4.new_code_cell(source)
        self.nb.cells.append(cell)
        self.client.execute_cell(cell, len(self.nb.cells) - 1)
        return stdout_of(cell)


def answer_sections(path: Path) -> dict[int, list[str]]:
    """Return the python blocks of each `## Exercise N` section of a notebook's answer file."""
    text = (ANSWERS / f"{path.stem}.md").read_text()
    starts = list(EXERCISE.finditer(text)) + [None]
    return {int(start.group(1)): PYTHON_BLOCK.findall(text[start.end():end.start() if end else None])
            for start, end in zip(starts, starts[1:])}


def check_cells(path: Path) -> dict[str, str]:
    """Return the source of each self-check cell of a notebook, by the variable it checks."""
    nb = nbformat.read(path, as_version=4)
    return {match.group(2): cell.source for cell in nb.cells if cell.cell_type == "code"
            for match in CHECK_CALL.finditer(cell.source)}


def key_section_of(sections: dict[int, list[str]], variable: str) -> list[int]:
    assigns = re.compile(rf"^(def {variable}\(|{variable}\s*=)", re.MULTILINE)
    return [n for n, blocks in sections.items() if any(assigns.search(block) for block in blocks)]


def kernels_for(path: Path) -> dict[str, str]:
    """Return the capped kernel settings of this notebook's second run (they alternate by notebook)."""
    settings = cpu_kernels.capped_settings()
    return settings[NOTEBOOKS[::-1].index(path) % len(settings)]


@pytest.fixture(scope="class")
def second_run(request):
    """Yield the notebook executed again under capped kernels, with its kernel still open."""
    path, caps = request.cls.path, kernels_for(request.cls.path)
    # One OpenMP thread as well: oneDNN splits its sums across threads, another source of rounding,
    # and two notebooks run at once on two cores.
    env = {**caps, "OMP_NUM_THREADS": "1"}
    used = cpu_kernels.kernels_under(env)
    native_level = cpu_kernels.level_of(cpu_kernels.native()["onednn"])
    if caps:  # the cap must really have taken effect, or this run proves nothing
        assert cpu_kernels.level_of(used["onednn"]) < native_level, (env, used)
    settings = " ".join(f"{name}={value}" for name, value in env.items())
    with LiveNotebook(path, env=env) as live:
        live.kernels = f"{path.stem[:2]}: {cpu_kernels.describe(used)} ({settings})"
        yield live


def second_run_prints_the_same_checked_outputs(live: LiveNotebook, request) -> None:
    request.node.user_properties.append(("kernels", live.kernels))
    committed = nbformat.read(live.path, as_version=4)
    pairs = [(a, b) for a, b in zip(committed.cells, live.nb.cells) if is_checked(a)]
    assert pairs, f"{live.path.name} has no checked outputs at all"
    for number, (before, after) in enumerate(pairs):
        assert checked_outputs(after) == checked_outputs(before), (
            f"{live.path.name}: checked cell {number} printed something else on a second run "
            f"({live.kernels}):\n{before.source[:200]}")


def ndarray_forms(live: LiveNotebook, variable: str) -> list[str]:
    """Return the key's answer as the MXNet NDArrays a student would type (none for a function)."""
    values = live.run(f"import numpy as _np\nprint(None if callable({variable}) else "
                      f"_np.asarray({variable}, dtype='float64').ravel().tolist())").strip()
    if values == "None":
        return []
    setup = "__import__('mxnet').nd"
    forms = [f"{setup}.array({values}, dtype='float64')"]
    if values.count(",") >= 1:  # several numbers: also a list of one-number NDArrays, like [a.grad, b.grad]
        forms.append(f"[{setup}.array([v], dtype='float64') for v in {values}]")
    return forms


def answer_key_passes_every_check_and_the_wrong_answers_fail(live: LiveNotebook) -> None:
    sections, checks = answer_sections(live.path), check_cells(live.path)
    prefix = live.path.stem[:2]
    for number, blocks in sorted(sections.items()):
        for block in blocks:
            live.run(block)
        for variable in [v for v in checks if key_section_of(sections, v) == [number]]:
            verdict = live.run(checks[variable])
            assert verdict.startswith(CORRECT), f"{prefix} exercise {number}: the key's answer: {verdict!r}"
            for form in ndarray_forms(live, variable):
                verdict = live.run(f"{variable} = {form}\n{checks[variable]}")
                assert verdict.startswith(CORRECT), f"{prefix} exercise {number}: {form}: {verdict!r}"
            for wrong, hint in WRONG_ANSWERS[(prefix, variable)]:
                verdict = live.run(f"{variable} = {wrong}\n{checks[variable]}")
                assert not verdict.startswith(CORRECT) and hint in verdict, (
                    f"{prefix} exercise {number}: {variable} = {wrong} got {verdict!r}")


def without_data_it_stops_at_its_first_data_cell_with_the_helpers_message(path: Path, tmp_path: Path) -> None:
    no_source = {
        "MNIST_DIR": str(tmp_path / "empty"),
        "MNIST_MIRRORS": "https://127.0.0.1:9/",
        "MNIST_PYPI_INDEX_URL": "http://127.0.0.1:9/simple/",
    }
    with pytest.raises(CellExecutionError) as failure, LiveNotebook(path, env=no_source, timeout=120):
        pass
    assert failure.value.ename == "MnistUnavailableError"
    assert "place the files by hand" in failure.value.evalue
    nb = nbformat.read(path, as_version=4)
    first_data_cell = next(c for c in nb.cells if c.cell_type == "code" and DATA_CALL.search(c.source))
    assert first_data_cell.source.strip()[:80] in str(failure.value)


def uses_mnist(path: Path) -> bool:
    return DATA_CALL.search(path.read_text()) is not None


def notebook_test_class(path: Path) -> type:
    """Return one notebook's tests as a class: `--dist loadscope` then runs each class on one worker."""
    tests = {
        "path": path,
        "test_second_run_on_other_kernels_prints_the_same_checked_outputs":
            lambda self, second_run, request: second_run_prints_the_same_checked_outputs(second_run, request),
        "test_answer_key_passes_every_check_and_the_wrong_answers_fail":
            lambda self, second_run: answer_key_passes_every_check_and_the_wrong_answers_fail(second_run),
    }
    if uses_mnist(path):
        tests["test_without_data_it_stops_at_its_first_data_cell_with_the_helpers_message"] = (
            lambda self, tmp_path: without_data_it_stops_at_its_first_data_cell_with_the_helpers_message(
                path, tmp_path))
    return type(f"TestNotebook{path.stem.split('_')[0]}", (), tests)


# Reverse order: a notebook must not rely on another having run before it.
for _path in NOTEBOOKS[::-1]:
    _class = notebook_test_class(_path)
    globals()[_class.__name__] = _class


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem[:2] for p in NOTEBOOKS])
def test_every_notebook_has_an_answer_file_with_one_key_per_self_check(path):
    assert (ANSWERS / f"{path.stem}.md").is_file(), f"write notebooks/answers/{path.stem}.md"
    sections = answer_sections(path)
    assert sorted(sections) == list(range(1, len(sections) + 1)), "exercises numbered 1, 2, 3, ..."
    for variable in check_cells(path):
        assert len(key_section_of(sections, variable)) == 1, f"one key section must set {variable}"
        assert len(WRONG_ANSWERS.get((path.stem[:2], variable), [])) >= 2, f"two wrong answers for {variable}"
