"""Time the lecture's code against the course's, side by side, and print the ratios (`make bench`).

Each row runs the lecture's code as written (bench/lecture_code.py) and the course's code in the
same process, a few times each; the table shows the best time of each and their ratio, because
on a shared machine single times drift while ratios measured together hold. The results are also
written to build/bench/results.json. Run with --help for the options.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import io
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import lecture_code  # bench/lecture_code.py: the lecture's code, verbatim
import numpy as np
from mxnet import nd

from helpers import (
    evaluate_accuracy,
    evaluate_loss,
    load_mnist,
    load_mnist_arrays,
    seed_everything,
)
from helpers.data import MNIST_SHA256, NUM_PIXELS, data_dir_default, ensure_mnist

REPO_ROOT = Path(__file__).resolve().parents[1]
COURSE_NOTEBOOK = REPO_ROOT / "notebooks" / "05_gradient_descent_by_hand.ipynb"
COURSE_FUNCTIONS = ("delta_cross_entropy", "delta_matrix_mul", "custom_train")
RESULTS_PATH = REPO_ROOT / "build" / "bench" / "results.json"

SEED = 0
BATCH_SIZE = 64
LEARNING_RATE = 0.1
VALIDATION_SIZE = 10_000
NUM_CLASSES = 10

# The targets: the lecture's time divided by the course's must reach these.
TARGET_DATA_RATIO = 20.0
TARGET_EPOCH_RATIO = 2.5
TARGET_COURSE_SECONDS = 60.0
COURSE_RUN_TIMEOUT_S = 900
# A line of `pytest --durations=0`: "3.21s call     notebooks/05_x.ipynb::Cell 12".
DURATION_LINE = re.compile(r"^([\d.]+)s \w+\s+notebooks/(\S+?\.ipynb)::", re.MULTILINE)


@dataclass
class Row:
    """One line of the table: the times of each side (seconds, every repeat) and the target."""

    what: str
    lecture: list[float] | None
    course: list[float] | None
    target_ratio: float | None = None
    note: str = ""

    def ratio(self) -> float | None:
        """Return best lecture time / best course time, or None when a side is missing."""
        if not self.lecture or not self.course:
            return None
        return min(self.lecture) / min(self.course)

    def verdict(self) -> str:
        """Return PASS, or MISS and by how much, against the target ratio; '' when there is none."""
        ratio = self.ratio()
        if self.target_ratio is None or ratio is None:
            return ""
        return "PASS" if ratio >= self.target_ratio else f"MISS by {1 - ratio / self.target_ratio:.0%}"


def say(message: str) -> None:
    """Report progress on stderr, so that stdout holds only the results."""
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def measure(fns: dict[str, Callable[[], Any]], repeats: int) -> tuple[dict[str, list[float]], dict[str, Any]]:
    """Time each fn `repeats` times, taking turns; return the times and the last result of each."""
    times: dict[str, list[float]] = {name: [] for name in fns}
    results: dict[str, Any] = {}
    for _ in range(repeats):
        # Turns, not one side's runs then the other's: load that comes and goes hits both alike.
        for name, fn in fns.items():
            start = time.perf_counter()
            results[name] = fn()
            # MXNet queues work and returns at once; the clock stops when the queue is empty.
            nd.waitall()
            times[name].append(time.perf_counter() - start)
    return times, results


@contextlib.contextmanager
def quiet_stdout() -> Iterator[None]:
    """Swallow what the measured code prints (the lecture's loop prints every epoch)."""
    with contextlib.redirect_stdout(io.StringIO()):
        yield


# ---------------------------------------------------------------------------------------------
# The lecture's MNIST, offline


def write_gzipped_copies(source: Path, target: Path) -> None:
    """Write <name>.gz of each verified MNIST file into target, as MXNet's MNIST class expects."""
    for name in MNIST_SHA256:
        # Level 6 gives files about the size of the published .gz, so gunzipping costs the same.
        with open(source / name, "rb") as raw, gzip.open(target / f"{name}.gz", "wb", compresslevel=6) as gz:
            shutil.copyfileobj(raw, gz, 1 << 20)


@contextlib.contextmanager
def offline_mnist() -> Iterator[None]:
    """Make MXNet's MNIST class read <root>/<name>.gz instead of downloading it."""
    from mxnet.gluon.data.vision import datasets

    def local_file(url: str, path: str | None = None, **_: Any) -> str:
        # MXNet skips its download only when a file with the published .gz's SHA-1 is there; our
        # copies hold the same verified bytes under another gzip header, so find them by name.
        found = os.path.join(path or ".", url.rsplit("/", 1)[-1])
        if not os.path.isfile(found):
            raise FileNotFoundError(f"{found}: no gzipped MNIST copy (the benchmark never downloads)")
        return found

    original = datasets.download
    datasets.download = local_file
    try:
        yield
    finally:
        datasets.download = original


# ---------------------------------------------------------------------------------------------
# The course's loop, executed from its notebook


def notebook_code_cells(path: Path) -> list[str]:
    """Return the source of every code cell of a notebook, in order."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return ["".join(cell["source"]) for cell in cells if cell["cell_type"] == "code"]


def load_course_functions(path: Path) -> tuple[dict[str, Callable], str]:
    """Exec the notebook's cells defining COURSE_FUNCTIONS; return them and where they came from."""
    if not path.is_file():
        raise SystemExit(f"error: {path.relative_to(REPO_ROOT)} is missing: the course's loop lives there")
    cells = notebook_code_cells(path)
    chosen = {}
    for name in COURSE_FUNCTIONS:
        defining = [src for src in cells if re.search(rf"^def {name}\(", src, re.MULTILINE)]
        if not defining:
            raise SystemExit(f"error: {path.name} has no cell defining {name}(): nothing to measure")
        chosen[name] = defining[0]  # the first definition is the one the text teaches
    # The cells run on the names the notebook's first cell (its imports) defines; IPython
    # magics are dropped from that cell only, because plain Python cannot run them.
    imports = "\n".join(line for line in cells[0].splitlines() if not line.lstrip().startswith(("%", "!")))
    namespace: dict[str, Any] = {"__name__": "course_notebook_05"}
    with quiet_stdout():
        exec(compile(imports, f"{path.name}:first cell", "exec"), namespace)  # noqa: S102 - our own notebook
        for name, source in chosen.items():
            # Exactly the cell's source, as a student reads it.
            exec(compile(source, f"{path.name}:{name}", "exec"), namespace)  # noqa: S102 - our own notebook
    return {name: namespace[name] for name in COURSE_FUNCTIONS}, f"cells of {path.name}"


# ---------------------------------------------------------------------------------------------
# The reference floor: the same epoch in vectorised NumPy


def numpy_epoch(images: np.ndarray, labels: np.ndarray, weight: np.ndarray, bias: np.ndarray,
                rng: np.random.Generator) -> float:
    """Run one epoch of the same SGD on (N, 784) float32 images, updating in place; return the mean loss."""
    total = 0.0
    order = rng.permutation(len(labels))
    for start in range(0, len(labels), BATCH_SIZE):
        batch = order[start:start + BATCH_SIZE]
        x, y, rows = images[batch], labels[batch], np.arange(len(batch))
        scores = x @ weight.T + bias
        scores -= scores.max(axis=1, keepdims=True)
        log_norm = np.log(np.exp(scores).sum(axis=1))
        total += float((log_norm - scores[rows, y]).sum())
        grad = np.exp(scores - log_norm[:, None])
        grad[rows, y] -= 1.0
        grad /= len(batch)
        weight -= LEARNING_RATE * (grad.T @ x)
        bias -= LEARNING_RATE * grad.sum(axis=0)
    return total / len(labels)


# ---------------------------------------------------------------------------------------------
# The measurements


def make_net() -> Any:
    """Return the lecture's net, 784 -> 10 with bias, drawn from N(0, 0.01^2) after seeding."""
    seed_everything(SEED)
    return lecture_code.make_net()


def bench_data(repeats: int) -> tuple[Row, dict[str, Any]]:
    """Time preparing MNIST for training: the lecture's per-sample lists vs load_mnist."""
    ensure_mnist(quiet=True)
    # The lecture's side runs MXNet's own MNIST class on gzipped copies of our verified files
    # (written to a temporary folder, untimed), so its gunzip, parse and per-sample list are all
    # MXNet's code as the lecture ran it; only the download is replaced (offline_mnist).
    with tempfile.TemporaryDirectory(prefix="bench-mnist-gz-") as gz_dir:
        say("writing gzipped copies of data/mnist for MXNet's MNIST class (not timed)...")
        write_gzipped_copies(data_dir_default(), Path(gz_dir))
        say(f"preparing data, {repeats} turns of the lecture's way (about 10 s each) and the course's...")
        seed_everything(SEED)
        with offline_mnist():
            times, results = measure({"lecture": lambda: lecture_code.load_data(gz_dir),
                                      "course": lambda: load_mnist(BATCH_SIZE, seed=SEED)}, repeats)
    row = Row("preparing MNIST for training (train + test)", times["lecture"], times["course"],
              TARGET_DATA_RATIO, "lecture: MXNet's MNIST class reads gzipped copies of data/mnist, "
              "lists of 70,000 per-sample arrays, DataLoaders; course: load_mnist(64, seed=0)")
    train, test = results["course"]
    return row, {"train": train, "test": test}


def bench_epoch(course_train: Callable, train: Any, repeats: int) -> tuple[Row, Row, dict[str, Any]]:
    """Time one epoch of the hand-derived loop: the lecture's, the course's, and NumPy's."""
    lecture_net, course_net = make_net(), make_net()
    images, labels = load_mnist_arrays(train=True)
    images = images.reshape(-1, NUM_PIXELS).astype(np.float32) / 255.0
    labels = labels.astype(np.int64)
    rng = np.random.default_rng(SEED)
    weight = rng.normal(0.0, 0.01, (NUM_CLASSES, NUM_PIXELS)).astype(np.float32)
    bias = np.zeros(NUM_CLASSES, np.float32)
    say(f"one epoch: {repeats} turns of the lecture's loop, the course's and NumPy's...")
    seed_everything(SEED)  # the lecture's DataLoader shuffles with np.random
    with quiet_stdout():
        times, _ = measure({
            "lecture": lambda: lecture_code.custom_train(lecture_net, epochs=1),
            "course": lambda: course_train(course_net, train, epochs=1, learning_rate=LEARNING_RATE,
                                           show_progress=False),
            "numpy": lambda: numpy_epoch(images, labels, weight, bias, rng),
        }, repeats)
    epoch = Row("one training epoch, hand-derived loop (784->10, batch 64, lr 0.1)", times["lecture"],
                times["course"], TARGET_EPOCH_RATIO,
                "lecture: custom_train as written; course: notebook 05's custom_train, show_progress=False "
                "(no bar, no live plot)")
    floor = Row("the same epoch in vectorised NumPy (reference floor)", None, times["numpy"])
    trained = {"lecture": lecture_net, "course": course_net, "numpy": (weight, bias), "epochs": repeats}
    return epoch, floor, trained


def bench_evaluation(net: Any, test: Any, repeats: int) -> tuple[Row, float]:
    """Time one evaluation of the test set: mx.metric.Accuracy over a DataLoader vs the helper."""
    say(f"one evaluation of the test set: {repeats} turns each...")
    times, results = measure({
        "lecture": lambda: lecture_code.evaluate_accuracy(lecture_code.test_data, net),
        "course": lambda: evaluate_accuracy(test, net),
    }, repeats)
    # The same net through both: they must agree, or the two times measure different work.
    if abs(results["lecture"] - results["course"]) > 1e-9:
        raise AssertionError(f"the two evaluations disagree: {results['lecture']} vs {results['course']}")
    row = Row("one evaluation of the test set (accuracy, 10,000 images)", times["lecture"], times["course"],
              note="lecture: mx.metric.Accuracy over its DataLoader; course: helpers.evaluate_accuracy")
    return row, results["course"]


def bench_random_try(repeats: int) -> Row:
    """Time one random-search try: new weights by set_data, then the loss over 10,000 images."""
    _, validation, _ = load_mnist(BATCH_SIZE, validation_size=VALIDATION_SIZE, seed=SEED)
    net = make_net()

    def course_try() -> float:
        # The same draws and set_data as the lecture's try; the loss on the validation split.
        net.weight.set_data(nd.random.normal(shape=net.weight.shape))
        net.bias.set_data(nd.random.normal(shape=net.bias.shape))
        return evaluate_loss(validation, net)

    say(f"one random-search try: {repeats} turns each...")
    times, _ = measure({"lecture": lambda: lecture_code.random_search_try(net), "course": course_try},
                       repeats)
    return Row("one random-search try (set_data + loss over 10,000 images)", times["lecture"],
               times["course"], note="lecture: mx.metric.Loss over the test DataLoader; "
                                     "course: evaluate_loss on a 10k validation iterator")


def numpy_accuracy(weight: np.ndarray, bias: np.ndarray) -> float:
    """Return the test accuracy of the NumPy-trained weights."""
    images, labels = load_mnist_arrays(train=False)
    scores = images.reshape(-1, NUM_PIXELS).astype(np.float32) / 255.0 @ weight.T + bias
    return float((scores.argmax(axis=1) == labels).mean())


def seconds_per_notebook(pytest_output: str) -> dict[str, float]:
    """Sum pytest's --durations lines per notebook: where the course's time goes."""
    totals: dict[str, float] = {}
    for seconds, notebook in DURATION_LINE.findall(pytest_output):
        totals[notebook] = totals.get(notebook, 0.0) + float(seconds)
    return dict(sorted(totals.items()))


def run_course(jobs: int) -> dict[str, Any]:
    """Execute every notebook under nbval with pytest-xdist; return the wall time and the outcome."""
    notebooks = sorted((REPO_ROOT / "notebooks").glob("*.ipynb"))
    args = ["-n", str(jobs), "--dist", "loadfile", "-q", "notebooks"]
    report: dict[str, Any] = {"command": " ".join(["pytest", *args]), "notebooks": len(notebooks)}
    if not notebooks:
        return {**report, "seconds": None, "summary": "no notebooks"}
    say(f"executing the whole course: {len(notebooks)} notebooks, `{report['command']}` "
        "(nbval, as `make test` runs them)...")
    start = time.perf_counter()
    # --durations=0 lists every cell's time, summed per notebook below; it does not slow the run.
    result = subprocess.run([sys.executable, "-m", "pytest", *args, "--durations=0"], cwd=REPO_ROOT,
                            capture_output=True, text=True, timeout=COURSE_RUN_TIMEOUT_S, check=False)
    seconds = time.perf_counter() - start
    lines = result.stdout.strip().splitlines()
    return {**report, "seconds": seconds, "returncode": result.returncode,
            "summary": lines[-1] if lines else result.stderr.strip()[-300:],
            "cell_seconds_per_notebook": seconds_per_notebook(result.stdout)}


# ---------------------------------------------------------------------------------------------
# Reporting


def fmt_time(seconds: float | None) -> str:
    """Return a time in s or ms with three significant figures, or a dash."""
    if seconds is None:
        return "-"
    return f"{seconds:.3g} s" if seconds >= 1 else f"{seconds * 1000:.3g} ms"


def median_ratio(row: Row) -> float | None:
    """Return median lecture time / median course time: a second view of the same runs."""
    if not row.lecture or not row.course:
        return None
    return statistics.median(row.lecture) / statistics.median(row.course)


def best(times: list[float] | None) -> float | None:
    """Return the shortest of the times (the run the shared machine disturbed least), or None."""
    return min(times) if times else None


def table(rows: list[Row], floor: Row, epoch: Row, course_run: dict[str, Any] | None) -> str:
    """Return the results as a Markdown table: best times, ratios and targets."""
    lines = ["| what | lecture's code as written | the course | ratio | target |",
             "|---|---|---|---|---|"]
    for row in rows:
        ratio = row.ratio()
        target = f">= {row.target_ratio:g}x: {row.verdict()}" if row.target_ratio else ""
        lines.append(f"| {row.what} | {fmt_time(best(row.lecture))} | {fmt_time(best(row.course))} | "
                     f"{f'{ratio:.1f}x faster' if ratio else '-'} | {target} |")
    numpy_s = best(floor.course)
    lines.append(f"| {floor.what} | - | {fmt_time(numpy_s)} (NumPy) | course's epoch "
                 f"{best(epoch.course) / numpy_s:.1f}x NumPy's, "
                 f"lecture's {best(epoch.lecture) / numpy_s:.1f}x | |")
    if course_run is not None:
        seconds = course_run["seconds"]
        verdict = "" if seconds is None else ("PASS" if seconds <= TARGET_COURSE_SECONDS
                                              else f"MISS by {seconds / TARGET_COURSE_SECONDS - 1:.0%}")
        lines.append(f"| executing the whole course ({course_run['notebooks']} notebooks, "
                     f"`{course_run['command']}`) | - | {fmt_time(seconds)} | - | "
                     f"<= {TARGET_COURSE_SECONDS:g} s: {verdict} |")
    return "\n".join(lines)


def machine() -> dict[str, Any]:
    """Return what the numbers depend on: CPUs, load, library versions."""
    import mxnet as mx

    return {"python": platform.python_version(), "mxnet": mx.__version__, "numpy": np.__version__,
            "platform": platform.platform(), "cpus": os.cpu_count(),
            "load_average_at_start": list(os.getloadavg())}


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Return the command-line options."""
    parser = argparse.ArgumentParser(prog="bench/benchmark.py", description=__doc__.split("\n")[0])
    parser.add_argument("--no-course", action="store_true",
                        help="skip executing the whole course (the slowest row, about a minute)")
    parser.add_argument("--repeats", type=int, default=5,
                        help="runs of each fast measurement; the best counts (default 5)")
    parser.add_argument("--data-repeats", type=int, default=2,
                        help="runs of the lecture's 10-second data preparation (default 2)")
    parser.add_argument("--jobs", type=int, default=2, help="pytest-xdist workers for the course run")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run every measurement, print the table, write build/bench/results.json; return the exit code."""
    args = parse_args(argv)
    if min(args.repeats, args.data_repeats, args.jobs) < 1:
        raise SystemExit("error: --repeats, --data-repeats and --jobs must be at least 1")
    os.environ.setdefault("MPLBACKEND", "Agg")  # the notebook's cells import pyplot; no window here
    info = machine()

    course_fns, course_source = load_course_functions(COURSE_NOTEBOOK)
    course_train = course_fns["custom_train"]

    data_row, data = bench_data(args.data_repeats)
    epoch_row, floor_row, trained = bench_epoch(course_train, data["train"], args.repeats)
    eval_row, course_accuracy = bench_evaluation(trained["course"], data["test"], args.repeats)
    try_row = bench_random_try(args.repeats)
    course_run = None if args.no_course else run_course(args.jobs)

    sanity = {"epochs_trained": trained["epochs"],
              "test_accuracy_lecture_loop": evaluate_accuracy(data["test"], trained["lecture"]),
              "test_accuracy_course_loop": course_accuracy,
              "test_accuracy_numpy_loop": numpy_accuracy(*trained["numpy"])}
    rows = [data_row, epoch_row, eval_row, try_row]

    print(f"\nThe lecture's code vs the course's: best of {args.repeats} runs per row "
          f"({args.data_repeats} for the lecture's data preparation), seed {SEED}, "
          f"{info['cpus']} CPUs, load average {info['load_average_at_start'][0]:.1f} at start.")
    if info["load_average_at_start"][0] > info["cpus"]:
        print("The machine was busy (more runnable processes than CPUs): every time is inflated, but both "
              "sides of a row ran in turns under the same load, so the ratios still compare like with like.")
    print(f"Course loop: {course_source}.\n")
    print(table(rows, floor_row, epoch_row, course_run))
    print(f"\nTargets: data >= {TARGET_DATA_RATIO:g}x faster, epoch >= {TARGET_EPOCH_RATIO:g}x faster, "
          f"whole course <= {TARGET_COURSE_SECONDS:g} s.")
    print("Same work on both sides: after {epochs_trained} epochs, test accuracy lecture loop "
          "{test_accuracy_lecture_loop:.4f}, course loop {test_accuracy_course_loop:.4f}, "
          "NumPy {test_accuracy_numpy_loop:.4f}.".format(**sanity))
    if course_run is not None:
        print(f"Course run: {course_run['summary']}.")
        per_notebook = course_run.get("cell_seconds_per_notebook") or {}
        if per_notebook:
            print("Time per notebook (its cells' sum; two notebooks run at once): "
                  + ", ".join(f"{name.split('_')[0]} {t:.0f} s" for name, t in per_notebook.items()) + ".")

    report = {"machine": info, "seed": SEED, "course_loop": course_source, "sanity": sanity,
              "rows": [{**asdict(row), "best_lecture_s": best(row.lecture), "best_course_s": best(row.course),
                        "median_lecture_s": statistics.median(row.lecture) if row.lecture else None,
                        "median_course_s": statistics.median(row.course) if row.course else None,
                        "ratio": row.ratio(), "ratio_of_medians": median_ratio(row), "verdict": row.verdict()}
                       for row in [*rows, floor_row]],
              "course_run": course_run,
              "targets": {"data_ratio": TARGET_DATA_RATIO, "epoch_ratio": TARGET_EPOCH_RATIO,
                          "course_seconds": TARGET_COURSE_SECONDS}}
    RESULTS_PATH.parent.mkdir(parents=True, exist_ok=True)
    RESULTS_PATH.write_text(json.dumps(report, indent=1) + "\n")
    print(f"Written: {RESULTS_PATH.relative_to(REPO_ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
