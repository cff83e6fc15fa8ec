"""Time the lecture's code against the course's, side by side, and print the ratios (`make bench`).

Each row runs the lecture's code as written (bench/lecture_code.py) and the course's code in the
same process, a few times each; the table shows the best time of each and their ratio, because
on a shared machine single times drift while ratios measured together hold. A second table times
one epoch four ways (the lecture's loop, the course's, one hybridized graph per step and NumPy, the
last two from notebook 10's cells) against the machine's floor, measured in the same run, and
checks the appendix's targets. The results are also written to build/bench/results.json. Run
with --help for the options. The exit status is 1 when the course's run fails or the four ways do
not reach the same result; a speed target missed is reported, not failed.
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
import warnings
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

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
from helpers.notebook_code import lecture_code as load_lecture_code
from helpers.notebook_code import notebook_functions

lecture_code = load_lecture_code()  # bench/lecture_code.py: the lecture's code, verbatim

REPO_ROOT = Path(__file__).resolve().parents[1]
COURSE_NOTEBOOK = REPO_ROOT / "notebooks" / "05_gradient_descent_by_hand.ipynb"
# The appendix's ways and floor, executed from its cells (their definitions only).
APPENDIX_NOTEBOOK = REPO_ROOT / "notebooks" / "10_appendix_how_fast_can_it_go.ipynb"
APPENDIX_FUNCTIONS = ("per_sample_loader", "epoch_arrays", "OneStep", "Nothing", "graph_epoch",
                      "numpy_epoch", "floor_times")
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
# The appendix's targets, against the floor for these shapes (two skinny GEMMs) measured in the same run.
TARGET_MXNET_FLOOR_RATIO = 3.0
TARGET_NUMPY_FLOOR_RATIO = 2.0
# Ways that compute the same update agree to float32 rounding: 938 steps of at most ~4e-7 each.
SAME_WEIGHTS_TOLERANCE = 1e-3
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
# The course's code, executed from its notebooks (helpers/notebook_code.py)


def load_notebook_code(path: Path, names: tuple[str, ...]) -> dict[str, Any]:
    """Return the named functions of a notebook, executed from its cells; stop with a message if it cannot."""
    if not path.is_file():
        raise SystemExit(f"error: {path.relative_to(REPO_ROOT)} is missing: the code to measure lives there")
    try:
        with quiet_stdout():
            return notebook_functions(path, names)
    except LookupError as error:
        raise SystemExit(f"error: {error}: nothing to measure") from error


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


WAY_NAMES = {
    "lecture": "the lecture's loop, as written",
    "course": "the course's loop (notebook 05's custom_train)",
    "graph": "one hybridized graph per step (notebook 10)",
    "numpy": "NumPy, preallocated buffers (notebook 10)",
}
MXNET_WAYS = ("lecture", "course", "graph")
FLOOR_NAMES = ("two skinny GEMMs", "one read of the pixels", "938 calls of an empty graph")


def params_of(net: Any) -> tuple[np.ndarray, np.ndarray]:
    """Return a Dense net's weight and bias as NumPy arrays."""
    return net.weight.data().asnumpy(), net.bias.data().asnumpy()


def bench_epoch(course_train: Callable, appendix: dict[str, Any], train: Any,
                repeats: int) -> tuple[Row, dict[str, Any]]:
    """Time one epoch four ways on the same batches, then the floor; return a row and all times."""
    # One shuffled pass of load_mnist(64, seed=0), kept: every way trains on exactly these batches.
    batches = list(train)
    lecture_code.train_data = appendix["per_sample_loader"](batches)  # the lecture's per-sample pairs
    flat = [(data.reshape((-1, NUM_PIXELS)), label) for data, label in batches]
    X_all, y_all = appendix["epoch_arrays"](batches)
    X_epoch, y_epoch = X_all.asnumpy(), y_all.asnumpy().astype(np.int64)
    step = appendix["OneStep"](LEARNING_RATE)
    step.hybridize(static_alloc=True, static_shape=True)
    nets: dict[str, Any] = {}

    def way(name: str) -> Callable[[], tuple[np.ndarray, np.ndarray]]:
        def run() -> tuple[np.ndarray, np.ndarray]:
            net = nets[name] = make_net()  # the same start for every way and every turn
            if name == "lecture":
                lecture_code.custom_train(net, epochs=1)
            elif name == "course":
                course_train(net, batches, epochs=1, learning_rate=LEARNING_RATE)
            elif name == "graph":
                W, b, _ = appendix["graph_epoch"](step, flat, net.weight.data(), net.bias.data())
                return W.asnumpy(), b.asnumpy()
            else:
                W, b = params_of(net)
                appendix["numpy_epoch"](X_epoch, y_epoch, W, b)
                return W, b
            return params_of(net)
        return run

    nothing = appendix["Nothing"]()
    nothing.hybridize(static_alloc=True, static_shape=True)
    start_net = make_net()
    W_start, W0, b0 = params_of(start_net)[0], start_net.weight.data(), start_net.bias.data()
    say(f"one epoch four ways on the same 938 batches, then the floor (two large GEMMs, one read of the "
        f"epoch's {X_epoch.nbytes / 1e6:.0f} MB, 938 empty graph calls): {repeats} turns...")
    times: dict[str, list[float]] = {name: [] for name in WAY_NAMES}
    floors: dict[str, list[float]] = {name: [] for name in FLOOR_NAMES}
    trained: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    with quiet_stdout(), warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*input to HybridBlock is not used")
        for _ in range(repeats):
            # The floor takes its turn with the ways, so that load coming and going hits all alike.
            turn, results = measure({name: way(name) for name in WAY_NAMES}, 1)
            for name in WAY_NAMES:
                times[name] += turn[name]
                trained[name] = results[name]
            for name, seconds in appendix["floor_times"](X_epoch, W_start, 1).items():
                floors[name].append(seconds)
            empty, _ = measure({"empty": lambda: appendix["graph_epoch"](nothing, flat, W0, b0)}, 1)
            floors["938 calls of an empty graph"] += empty["empty"]
    note = ("the same 938 batches for both; lecture: custom_train as written, over a DataLoader of "
            "per-sample pairs; course: notebook 05's custom_train")
    row = Row("one training epoch, hand-derived loop (784->10, batch 64, lr 0.1)", times["lecture"],
              times["course"], TARGET_EPOCH_RATIO, note)
    return row, {"times": times, "floors": floors, "trained": trained, "course_net": nets["course"]}


def same_result(trained: dict[str, tuple[np.ndarray, np.ndarray]]) -> dict[str, Any]:
    """Check that the four ways reached the same result: to float32 rounding, or (the lecture) to 2 digits."""
    images, labels = load_mnist_arrays(train=False)
    X_test = images.reshape(-1, NUM_PIXELS).astype(np.float32) / np.float32(255)
    W_ref, b_ref = trained["numpy"]
    scores = X_test @ W_ref.T + b_ref
    top_two = np.sort(scores, axis=1)[:, -2:]
    margin = top_two[:, 1] - top_two[:, 0]
    accuracy = {name: float(((X_test @ W.T + b).argmax(axis=1) == labels).mean())
                for name, (W, b) in trained.items()}
    checks = {}
    for name in ("course", "graph"):
        W, b = trained[name]
        weight_gap = float(max(np.abs(W - W_ref).max(), np.abs(b - b_ref).max()))
        # Predictions can only differ where the two best scores are closer than twice the score gap.
        near_ties = float((margin <= 2 * np.abs(X_test @ W.T + b - scores).max()).mean())
        checks[name] = {"weight_gap": weight_gap, "accuracy_bound": near_ties,
                        "ok": weight_gap < SAME_WEIGHTS_TOLERANCE
                        and abs(accuracy[name] - accuracy["numpy"]) <= near_ties}
    # The lecture's loop trains its bias 64 times too slowly (its bug): the same accuracy to 2 digits.
    checks["lecture"] = {"ok": round(accuracy["lecture"], 2) == round(accuracy["numpy"], 2)}
    return {"accuracy": accuracy, "checks": checks, "ok": all(c["ok"] for c in checks.values())}


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


def course_run_verdict(course_run: dict[str, Any]) -> str:
    """Return FAIL when the course's run failed, else PASS or MISS against the time target."""
    seconds = course_run["seconds"]
    if course_run.get("returncode", 0) != 0:
        return f"FAIL: {course_run['summary']}"
    if seconds is None:
        return ""
    if seconds <= TARGET_COURSE_SECONDS:
        return "PASS"
    return f"MISS by {seconds / TARGET_COURSE_SECONDS - 1:.0%}"


def table(rows: list[Row], course_run: dict[str, Any] | None) -> str:
    """Return the results as a Markdown table: best times, ratios and targets."""
    lines = ["| what | lecture's code as written | the course | ratio | target |",
             "|---|---|---|---|---|"]
    for row in rows:
        ratio = row.ratio()
        target = f">= {row.target_ratio:g}x: {row.verdict()}" if row.target_ratio else ""
        lines.append(f"| {row.what} | {fmt_time(best(row.lecture))} | {fmt_time(best(row.course))} | "
                     f"{f'{ratio:.1f}x faster' if ratio else '-'} | {target} |")
    if course_run is not None:
        lines.append(f"| executing the whole course ({course_run['notebooks']} notebooks, "
                     f"`{course_run['command']}`) | - | {fmt_time(course_run['seconds'])} | - | "
                     f"<= {TARGET_COURSE_SECONDS:g} s: {course_run_verdict(course_run)} |")
    return "\n".join(lines)


def floor_verdicts(times: dict[str, list[float]], floors: dict[str, list[float]]) -> dict[str, Any]:
    """Return the ratios to the floor for these shapes and the appendix's two targets, PASS or MISS."""
    bound = best(floors["two skinny GEMMs"])
    fastest_mxnet = min(MXNET_WAYS, key=lambda name: best(times[name]))
    verdicts = {}
    for key, name, target in (("mxnet", fastest_mxnet, TARGET_MXNET_FLOOR_RATIO),
                              ("numpy", "numpy", TARGET_NUMPY_FLOOR_RATIO)):
        ratio = best(times[name]) / bound
        verdicts[key] = {"way": name, "ratio": ratio, "target": target,
                         "verdict": "PASS" if ratio <= target else f"MISS by {ratio / target - 1:.0%}"}
    return verdicts


def epoch_table(epoch: dict[str, Any], verdicts: dict[str, Any], result: dict[str, Any]) -> str:
    """Return the four ways and the floor as a Markdown table: best times, ratios, targets."""
    times, floors = epoch["times"], epoch["floors"]
    bound, lecture = best(floors["two skinny GEMMs"]), best(times["lecture"])
    targets = {v["way"]: f"{'fastest MXNet way' if key == 'mxnet' else 'NumPy'} <= {v['target']:g}x the "
               f"floor for these shapes: {v['verdict']}" for key, v in verdicts.items()}
    lines = ["| one epoch, 784->10, batch 64, lr 0.1 | best time | speed-up over the lecture's | "
             "x the floor for these shapes | test accuracy | target |", "|---|---|---|---|---|---|"]
    for name, label in WAY_NAMES.items():
        t = best(times[name])
        lines.append(f"| {label} | {fmt_time(t)} | {lecture / t:.1f}x | {t / bound:.2f}x | "
                     f"{result['accuracy'][name]:.4f} | {targets.get(name, '')} |")
    floor_labels = {"two skinny GEMMs": "floor for these shapes: the epoch's products as two skinny GEMMs",
                    "one read of the pixels": "one read of the epoch's 188 MB of pixels (the bandwidth)",
                    "938 calls of an empty graph": "938 calls of an empty graph (one call a step, no work)"}
    for name, label in floor_labels.items():
        t = best(floors[name])
        lines.append(f"| {label} | {fmt_time(t)} | - | {t / bound:.2f}x | - | |")
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
    """Run every measurement, print the tables, write build/bench/results.json; return the exit code."""
    args = parse_args(argv)
    if min(args.repeats, args.data_repeats, args.jobs) < 1:
        raise SystemExit("error: --repeats, --data-repeats and --jobs must be at least 1")
    os.environ.setdefault("MPLBACKEND", "Agg")  # the notebooks' cells import pyplot; no window here
    info = machine()

    course_train = load_notebook_code(COURSE_NOTEBOOK, ("custom_train",))["custom_train"]
    appendix = load_notebook_code(APPENDIX_NOTEBOOK, APPENDIX_FUNCTIONS)
    code_source = f"cells of {COURSE_NOTEBOOK.name} and {APPENDIX_NOTEBOOK.name}"

    data_row, data = bench_data(args.data_repeats)
    epoch_row, epoch = bench_epoch(course_train, appendix, data["train"], args.repeats)
    result = same_result(epoch["trained"])
    verdicts = floor_verdicts(epoch["times"], epoch["floors"])
    eval_row, _ = bench_evaluation(epoch["course_net"], data["test"], args.repeats)
    try_row = bench_random_try(args.repeats)
    course_run = None if args.no_course else run_course(args.jobs)
    rows = [data_row, epoch_row, eval_row, try_row]

    print(f"\nThe lecture's code vs the course's: best of {args.repeats} runs per row "
          f"({args.data_repeats} for the lecture's data preparation), seed {SEED}, "
          f"{info['cpus']} CPUs, load average {info['load_average_at_start'][0]:.1f} at start.")
    if info["load_average_at_start"][0] > info["cpus"]:
        print("The machine was busy (more runnable processes than CPUs): every time is inflated, but both "
              "sides of a row ran in turns under the same load, so the ratios still compare like with like.")
    print(f"Code measured: bench/lecture_code.py and the {code_source}.\n")
    print(table(rows, course_run))
    print(f"\nTargets: data >= {TARGET_DATA_RATIO:g}x faster, epoch >= {TARGET_EPOCH_RATIO:g}x faster, "
          f"whole course <= {TARGET_COURSE_SECONDS:g} s.\n")
    print(f"How fast can it go (notebook 10): one epoch four ways on the same 938 batches, in turns, best of "
          f"{args.repeats}, against the floor measured in the same run.\n")
    print(epoch_table(epoch, verdicts, result))
    checks = result["checks"]
    print(f"\nSame result: {'PASS' if result['ok'] else 'FAIL'}. "
          "The course's loop and the graph against NumPy: "
          + "; ".join(f"{name} weights within {checks[name]['weight_gap']:.1e} "
                      f"(< {SAME_WEIGHTS_TOLERANCE:g}), accuracy within the near ties "
                      f"({checks[name]['accuracy_bound']:.4f}): {'PASS' if checks[name]['ok'] else 'FAIL'}"
                      for name in ("course", "graph"))
          + f". The lecture's loop (its bias learns 64x too slowly) the same to 2 digits: "
            f"{'PASS' if checks['lecture']['ok'] else 'FAIL'}.")
    for v in verdicts.values():
        print(f"Target: {WAY_NAMES[v['way']]} within {v['target']:g}x the floor for these shapes: "
              f"{v['ratio']:.2f}x, {v['verdict']}.")
    if course_run is not None:
        print(f"Course run: {course_run['summary']}: {course_run_verdict(course_run)}.")
        per_notebook = course_run.get("cell_seconds_per_notebook") or {}
        if per_notebook:
            print("Time per notebook (its cells' sum; two notebooks run at once): "
                  + ", ".join(f"{name.split('_')[0]} {t:.0f} s" for name, t in per_notebook.items()) + ".")

    report = {"machine": info, "seed": SEED, "code_measured": code_source,
              "rows": [{**asdict(row), "best_lecture_s": best(row.lecture), "best_course_s": best(row.course),
                        "median_lecture_s": statistics.median(row.lecture) if row.lecture else None,
                        "median_course_s": statistics.median(row.course) if row.course else None,
                        "ratio": row.ratio(), "ratio_of_medians": median_ratio(row), "verdict": row.verdict()}
                       for row in rows],
              "epoch_ways": {name: {"label": WAY_NAMES[name], "seconds": epoch["times"][name],
                                    "best_s": best(epoch["times"][name]),
                                    "test_accuracy": result["accuracy"][name]} for name in WAY_NAMES},
              "floors": {name: {"seconds": times, "best_s": best(times)}
                         for name, times in epoch["floors"].items()},
              "floor_targets": verdicts, "same_result": {"ok": result["ok"], "checks": checks},
              "course_run": course_run,
              "targets": {"data_ratio": TARGET_DATA_RATIO, "epoch_ratio": TARGET_EPOCH_RATIO,
                          "course_seconds": TARGET_COURSE_SECONDS,
                          "mxnet_floor_ratio": TARGET_MXNET_FLOOR_RATIO,
                          "numpy_floor_ratio": TARGET_NUMPY_FLOOR_RATIO}}
    RESULTS_PATH.parent.mkdir(parents=True, exist_ok=True)
    RESULTS_PATH.write_text(json.dumps(report, indent=1) + "\n")
    print(f"Written: {RESULTS_PATH.relative_to(REPO_ROOT)}")
    failures = [what for what, failed in (("the course's run", course_run is not None
                                           and course_run.get("returncode", 0) != 0),
                                          ("the same result of the four ways", not result["ok"])) if failed]
    if failures:
        print(f"FAILED: {' and '.join(failures)}.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
