"""Figures several notebooks draw the same way."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter


def show_digits(images: np.ndarray, labels, predictions=None, ncols: int = 10,
                title: str | None = None) -> plt.Figure:
    """Return a figure with a grid of 28 x 28 digits, each titled with its label (and prediction)."""
    images = np.asarray(images)
    if images.ndim == 2 and images.shape[1] == 784:
        images = images.reshape(-1, 28, 28)
    images = images.reshape(images.shape[0], 28, 28) if images.ndim == 4 else images
    if images.ndim != 3 or images.shape[1:] != (28, 28):
        raise ValueError(f"expected images of shape (N, 28, 28) or (N, 784), got {images.shape}")
    if len(labels) != len(images) or (predictions is not None and len(predictions) != len(images)):
        raise ValueError("labels (and predictions) must have one entry per image")
    if not isinstance(ncols, int) or ncols < 1:
        raise ValueError(f"ncols must be a positive int, got {ncols!r}")
    nrows = -(-len(images) // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(1.1 * ncols, 1.3 * nrows), squeeze=False)
    for i, ax in enumerate(axes.flat):
        ax.axis("off")
        if i >= len(images):
            continue
        ax.imshow(images[i], cmap="gray_r")
        text = f"{int(labels[i])}"
        color = "black"
        if predictions is not None:
            text = f"{int(labels[i])} → {int(predictions[i])}"
            color = "black" if int(labels[i]) == int(predictions[i]) else "crimson"
        ax.set_title(text, fontsize=9, color=color)
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


def plot_epoch_times(seconds: dict[str, float], floors: dict[str, float], reference: str | None = None,
                     title: str = "One epoch, each way") -> plt.Figure:
    """Return horizontal bars of seconds per epoch on a log scale, with each floor as a vertical line.

    ``seconds`` maps each way to its time, drawn top to bottom in the given order; ``floors`` maps
    a label (such as "arithmetic bound") to a time that way cannot beat. Each bar is labelled with
    its time and its multiple of the floor named ``reference`` (by default the highest floor).
    """
    if not seconds or not floors:
        raise ValueError("plot_epoch_times needs at least one way and one floor")
    if min([*seconds.values(), *floors.values()]) <= 0:
        raise ValueError("times must be positive to be drawn on a log scale")
    reference = max(floors, key=floors.get) if reference is None else reference
    if reference not in floors:
        raise ValueError(f"reference {reference!r} is not one of the floors: {', '.join(floors)}")
    names = list(seconds)
    floor = floors[reference]
    fig, ax = plt.subplots(figsize=(8, 0.55 * len(names) + 2.0))
    positions = np.arange(len(names))[::-1]
    ax.barh(positions, [seconds[n] for n in names], color="tab:blue", height=0.6)
    for y, name in zip(positions, names):
        ax.text(seconds[name] * 1.08, y, f"{seconds[name] * 1000:,.0f} ms  ({seconds[name] / floor:.1f}x)",
                va="center", fontsize=9)
    for (label, value), style in zip(sorted(floors.items(), key=lambda kv: -kv[1]), ["-", "--", ":", "-."]):
        ax.axvline(value, color="crimson", ls=style, lw=1.5, label=f"{label}: {value * 1000:,.0f} ms")
    ax.set_yticks(positions, names)
    ax.set_xscale("log")
    low = min([*seconds.values(), *floors.values()])
    ax.set_xlim(low / 2, max(seconds.values()) * 6)
    _label_seconds(ax.xaxis)
    ax.set_xlabel(f"time per epoch (log scale); (Nx): N times the {reference}")
    ax.set_title(title)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.22), ncol=len(floors), fontsize=9, frameon=False)
    fig.tight_layout()
    return fig


def _label_seconds(axis, subs: tuple[float, ...] = (1.0,)) -> None:
    """Label a log-scaled axis of seconds as "10 ms", "1 s", ...: at each decade times ``subs``."""
    axis.set_major_locator(LogLocator(base=10, subs=subs))
    axis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g} s" if v >= 1 else f"{v * 1000:g} ms"))
    axis.set_minor_formatter(NullFormatter())


def plot_batch_sizes(batch_sizes, seconds: dict[str, list[float]], accuracies: dict[str, list[float]],
                     floor: float | None = None) -> plt.Figure:
    """Return two panels against the batch size (log scale): seconds per epoch, and accuracy after it.

    ``seconds`` and ``accuracies`` map each way to one value per batch size; ``floor``, when given,
    is drawn as a horizontal line on the time panel.
    """
    batch_sizes = list(batch_sizes)
    for table in (seconds, accuracies):
        if not table or any(len(values) != len(batch_sizes) for values in table.values()):
            raise ValueError("seconds and accuracies need one value per batch size for each way")
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.8))
    for name, values in seconds.items():
        left.plot(batch_sizes, values, "o-", label=name)
    if floor is not None:
        left.axhline(floor, color="crimson", lw=1.5, label="floor (arithmetic bound)")
    left.set_yscale("log")
    times = [t for values in seconds.values() for t in values] + ([floor] if floor is not None else [])
    left.set_ylim(min(times) / 2, max(times) * 2)
    _label_seconds(left.yaxis, subs=(1.0, 2.0, 5.0))
    left.set_ylabel("time per epoch (log scale)")
    left.set_title("Speed")
    for name, values in accuracies.items():
        right.plot(batch_sizes, values, "o-", label=name)
    right.set_ylabel("test accuracy after one epoch")
    right.set_title("Accuracy, learning rate fixed")
    for ax in (left, right):
        ax.set_xscale("log", base=2)
        ax.set_xticks(batch_sizes, [str(b) for b in batch_sizes])
        ax.set_xlabel("batch size")
        ax.legend(fontsize=9)
    fig.tight_layout()
    return fig
