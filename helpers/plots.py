"""Figures several notebooks draw the same way."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter


def show_digits(images: np.ndarray, labels, predictions=None, ncols: int = 10,
                title: str | None = None, scale: float = 1.0) -> plt.Figure:
    """Return a figure with a grid of 28 x 28 digits, each titled with its label (and prediction).

    ``scale`` enlarges the digits and their titles (1.0: 1.1 inches per digit).
    """
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
    fig, axes = plt.subplots(nrows, ncols, figsize=(1.1 * ncols * scale, 1.3 * nrows * scale),
                             squeeze=False)
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
        ax.set_title(text, fontsize=9 * scale, color=color)
    if title:
        fig.suptitle(title, fontsize=10 * scale)
    fig.tight_layout()
    return fig


def plot_epoch_times(seconds: dict[str, float], floors: dict[str, float], reference: str | None = None,
                     title: str = "One epoch, each way") -> plt.Figure:
    """Return horizontal bars of seconds per epoch on a log scale, with each floor as a vertical line.

    ``seconds`` maps each way to its time, drawn top to bottom in the given order; ``floors`` maps
    a label (such as "two skinny GEMMs") to a limit measured for the same work. Each bar is labelled with
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
    # Each way its own line style, so that a way hidden under another (equal accuracies) still shows.
    styles = [{"marker": "o", "ls": "-"}, {"marker": "s", "ls": "--", "markerfacecolor": "none"},
              {"marker": "^", "ls": ":"}, {"marker": "D", "ls": "-."}]
    for (name, values), style in zip(seconds.items(), styles * len(seconds)):
        left.plot(batch_sizes, values, label=name, **style)
    if floor is not None:
        left.axhline(floor, color="crimson", lw=1.5, label="floor for these shapes")
    left.set_yscale("log")
    times = [t for values in seconds.values() for t in values] + ([floor] if floor is not None else [])
    left.set_ylim(min(times) / 2, max(times) * 2)
    _label_seconds(left.yaxis, subs=(1.0, 2.0, 5.0))
    left.set_ylabel("time per epoch (log scale)")
    left.set_title("Speed")
    for (name, values), style in zip(accuracies.items(), styles * len(accuracies)):
        right.plot(batch_sizes, values, label=name, **style)
    right.set_ylabel("test accuracy after one epoch")
    right.set_title("Accuracy, learning rate fixed")
    for ax in (left, right):
        ax.set_xscale("log", base=2)
        ax.set_xticks(batch_sizes, [str(b) for b in batch_sizes])
        ax.set_xlabel("batch size")
        ax.legend(fontsize=9)
    fig.tight_layout()
    return fig


def draw_graph(nodes: dict[str, str], edges, values: dict | None = None, grads: dict | None = None,
               edge_grads: dict | None = None, *, output: str | None = None, title: str | None = None,
               ax: plt.Axes | None = None, fontsize: int = 13) -> plt.Figure:
    """Return a figure of a computational graph, left to right, with its values and gradients.

    ``nodes`` maps each node's name to the label drawn in its circle: an operation such as "+" or
    "×", or for an input its own name. ``edges`` are (source, target) pairs: the source's value is
    an input of the target. A node's column is the length of the longest path reaching it, so the
    inputs stand on the left and the output on the right; within a column nodes keep their order.

    Written in black above a node: ``name = values[name]``; in red below it:
    ``∂output/∂name = grads[name]``; in red on an edge: ``edge_grads[(source, target)]``, the
    gradient that edge carries back. ``output`` names the differentiated node (by default the one
    node without outgoing edges). Draws into ``ax`` when given, else into a new figure.
    """
    from matplotlib.patches import Circle

    names = list(nodes)
    edges = [tuple(edge) for edge in edges]
    for source, target in edges:
        if source not in nodes or target not in nodes:
            raise ValueError(f"edge {source!r} -> {target!r} names a node that is not in nodes")
    for label, table in (("values", values), ("grads", grads)):
        unknown = set(table or {}) - set(nodes)
        if unknown:
            raise ValueError(f"{label} given for nodes that are not in the graph: {sorted(unknown)}")
    if set(edge_grads or {}) - set(edges):
        raise ValueError(f"edge_grads given for edges that are not in edges: "
                         f"{sorted(set(edge_grads) - set(edges))}")
    sinks = [n for n in names if not any(source == n for source, _ in edges)]
    if output is None and grads:
        if len(sinks) != 1:
            raise ValueError(f"the graph has {len(sinks)} nodes without outgoing edges: name the output")
        output = sinks[0]

    column: dict[str, int] = {}

    def depth(name: str, path: tuple = ()) -> int:
        if name in path:
            raise ValueError(f"the graph has a cycle through {name!r}: a computation graph cannot")
        if name not in column:
            column[name] = max((depth(s, path + (name,)) + 1 for s, t in edges if t == name), default=0)
        return column[name]

    for name in names:
        depth(name)
    for name in names:  # an input stands just left of its first user, as in a circuit diagram
        users = [column[t] for s, t in edges if s == name]
        if column[name] == 0 and users:
            column[name] = min(users) - 1
    dx, dy, radius = 3.4, 2.3, 0.42
    columns = [[n for n in names if column[n] == c] for c in range(max(column.values()) + 1)]
    tallest = max(len(members) for members in columns)
    where = {n: (c * dx, dy * ((len(members) - 1) / 2 - row))
             for c, members in enumerate(columns) for row, n in enumerate(members)}
    inputs = {n for n in names if not any(t == n for _, t in edges)}
    x_range = (-1.5, (len(columns) - 1) * dx + 1.5)
    y_range = (-(tallest - 1) * dy / 2 - 1.25, (tallest - 1) * dy / 2 + 1.25)

    if ax is None:
        scale = 0.75  # inches per unit of the drawing
        fig, ax = plt.subplots(figsize=(scale * (x_range[1] - x_range[0]),
                                        scale * (y_range[1] - y_range[0]) + (0.45 if title else 0)))
        fig.subplots_adjust(left=0, right=1, bottom=0, top=1 - (0.45 / fig.get_figheight() if title else 0))
    fig = ax.figure
    for source, target in edges:
        (x0, y0), (x1, y1) = where[source], where[target]
        length = np.hypot(x1 - x0, y1 - y0)
        ux, uy = (x1 - x0) / length, (y1 - y0) / length
        ax.annotate("", xy=(x1 - radius * ux, y1 - radius * uy), xytext=(x0 + radius * ux, y0 + radius * uy),
                    arrowprops={"arrowstyle": "-|>", "color": "black", "lw": 1.4, "mutation_scale": 16,
                               "shrinkA": 0, "shrinkB": 0})
        if edge_grads and (source, target) in edge_grads:
            ax.text(x0 + 0.5 * (x1 - x0), y0 + 0.5 * (y1 - y0), _number(edge_grads[(source, target)]),
                    ha="center", va="center", fontsize=fontsize - 1, color="crimson",
                    bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "crimson"})
    for name in names:
        x, y = where[name]
        is_input = name in inputs
        ax.add_patch(Circle((x, y), radius, facecolor="#eeeeee" if is_input else "#c6dbef",
                            edgecolor="black", lw=1.2, zorder=3))
        ax.text(x, y, nodes[name], ha="center", va="center", fontsize=fontsize + (1 if is_input else 0),
                weight="bold", zorder=4)
        if values and name in values:
            ax.text(x, y + radius + 0.12, f"{name} = {_number(values[name])}", ha="center", va="bottom",
                    fontsize=fontsize, color="black")
        if grads and name in grads:
            d = "\N{PARTIAL DIFFERENTIAL}"
            ax.text(x, y - radius - 0.12, f"{d}{output}/{d}{name} = {_number(grads[name])}",
                    ha="center", va="top", fontsize=fontsize, color="crimson")
    ax.set_xlim(*x_range)
    ax.set_ylim(*y_range)
    ax.set_aspect("equal")
    ax.axis("off")
    if title:
        ax.set_title(title, fontsize=fontsize)
    return fig


def _number(value) -> str:
    """Return a value as drawn on a graph: integers without a decimal point, others to 4 digits."""
    value = float(np.asarray(value).ravel()[0]) if not isinstance(value, (int, float)) else float(value)
    if value == 0:
        return "0"  # not "-0"
    text = f"{value:.0f}" if value == round(value) and abs(value) < 1e6 else f"{value:.4g}"
    return text.replace("-", "\N{MINUS SIGN}")


def plot_weight_paths(paths: dict[str, list[float]], minimum: float, title: str) -> plt.Figure:
    """Return a figure of each run's weight against the step, every other run dashed, the minimum dotted."""
    fig, ax = plt.subplots(figsize=(9.5, 3.4))
    for i, (name, path) in enumerate(paths.items()):
        ax.plot(path, "--" if i % 2 else "-", marker="o", markersize=3, label=name)
    ax.axhline(minimum, color="grey", lw=0.8, ls=":", label=f"the minimum, w = {minimum:g}")
    steps = max(len(path) for path in paths.values()) - 1
    ax.set(xlabel="step", ylabel="w", title=title, xticks=range(0, steps + 1, 2))
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=10)
    fig.tight_layout()
    return fig


# ---------------------------------------------------------------------------------------------
# Notebook 05: a step downhill, a descent path, the gradient's chain, loss curves, the weights as templates


def draw_softmax_chain(batch: bool = False) -> plt.Figure:
    """Return a figure of the chain W, b -> z -> p -> L with each array's shape, gradients in red."""
    from matplotlib.patches import FancyBboxPatch

    if batch:  # B images as the rows of X; the loss is their mean
        boxes = {"W": ("W", "(10, 784)"), "x": ("X", "(B, 784)"), "b": ("b", "(10,)"), "z": ("Z", "(B, 10)"),
                 "p": ("P", "(B, 10)"), "L": (r"\bar L", "mean of B"), "y": ("Y", "(B, 10) one-hot")}
        forward = {"z": r"$XW^\top + b$", "p": "softmax of\neach row", "L": "cross-\nentropy"}
        grads = {"p": "-Y / (B P)", "z": "(P - Y) / B", "W": r"(P - Y)^\top X / B",
                 "b": r"\sum_n (P_n - Y_n) / B"}
        title = "A batch of B images"
    else:
        boxes = {"W": ("W", "(10, 784)"), "x": ("x", "(784,)"), "b": ("b", "(10,)"), "z": ("z", "(10,)"),
                 "p": ("p", "(10,)"), "L": ("L", "a number"), "y": ("y", "(10,) one-hot")}
        forward = {"z": "$Wx + b$", "p": "softmax", "L": "cross-\nentropy"}
        grads = {"p": "-y / p", "z": "p - y", "W": r"(p - y)\, x^\top", "b": "p - y"}
        title = "One image"
    where = {"W": (0.0, 1.5), "x": (0.0, 0.0), "b": (0.0, -1.5), "z": (3.8, 0.0), "p": (6.6, 0.0),
             "L": (9.4, 0.0), "y": (9.4, -1.5)}
    half_w, half_h = 0.62, 0.4
    fig, ax = plt.subplots(figsize=(10.5, 3.9))
    for key, (x, y) in where.items():
        name, shape = boxes[key]
        color = "#dddddd" if key in "xy" else "#c6dbef" if key in "Wb" else "#c7e9c0"
        ax.add_patch(FancyBboxPatch((x - half_w, y - half_h), 2 * half_w, 2 * half_h,
                                    boxstyle="round,pad=0.02", facecolor=color, edgecolor="black"))
        ax.text(x, y + 0.13, f"${name}$", ha="center", va="center", fontsize=14)
        ax.text(x, y - 0.2, shape, ha="center", va="center", fontsize=8.5)

    def arrow(start, end, color="black"):
        ax.annotate("", xy=end, xytext=start, arrowprops={"arrowstyle": "-|>", "color": color, "lw": 1.3,
                                                          "shrinkA": 0, "shrinkB": 0})

    def gradient(key: str, sep: str = " ") -> str:
        return rf"$\partial {boxes['L'][0]} / \partial {boxes[key][0]}$" + sep + f"$= {grads[key]}$"

    zx, _ = where["z"]
    for key in "Wxb":  # the three inputs of the layer's scores
        x, y = where[key]
        arrow((x + half_w, y), (zx - half_w, 0.3 * np.sign(y)))
    ax.text(zx - half_w - 0.25, 0.1, forward["z"], ha="right", va="bottom", fontsize=11)
    for source, target in (("z", "p"), ("p", "L")):  # forward above, the gradient back below
        x0, x1 = where[source][0] + half_w, where[target][0] - half_w
        arrow((x0, 0.15), (x1, 0.15))
        ax.text((x0 + x1) / 2, 0.22, forward[target], ha="center", va="bottom", fontsize=10)
        arrow((x1, -0.15), (x0, -0.15), color="crimson")
        ax.text((x0 + x1) / 2, -0.25, gradient(source, "\n"), ha="center", va="top", fontsize=11,
                color="crimson")
    for key in "Wb":  # the scores hand a gradient to each parameter (the image needs none)
        x, y = where[key]
        side = np.sign(y)
        arrow((zx - half_w + 0.15, side * half_h), (x + half_w, y + side * 0.25), color="crimson")
        ax.text(x + half_w + 0.15, y + side * 0.5, gradient(key) + f"   {boxes[key][1]}", ha="left",
                va="center", fontsize=11, color="crimson")
    arrow((where["y"][0], where["y"][1] + half_h), (where["L"][0], -half_h))
    ax.set_xlim(-0.8, 10.2)
    ax.set_ylim(-2.05, 2.2)
    ax.axis("off")
    ax.set_title(f"{title}: the forward pass in black, the gradients in red", fontsize=11)
    return fig


def plot_tangent_step(f, df, x0: float, learning_rate: float, label: str = "$f(x)$",
                      xlim: tuple[float, float] = (-1.6, 2.6),
                      ylim: tuple[float, float] = (0, 5)) -> plt.Figure:
    """Return a figure of f, its tangent at x0 and the gradient-descent step x0 - learning_rate * f'(x0)."""
    x1 = x0 - learning_rate * df(x0)
    xs = np.linspace(*xlim, 300)
    fig, ax = plt.subplots(figsize=(7, 4))
    ax.plot(xs, f(xs), color="black", label=label)
    near = np.linspace(x0 - 0.7, x0 + 0.5, 50)
    ax.plot(near, f(x0) + df(x0) * (near - x0), "--", color="tab:orange",
            label=f"tangent at $x_0$, slope $f'(x_0) = {df(x0):.3g}$")
    ax.plot([x0], [f(x0)], "o", color="tab:orange")
    ax.plot([x1], [f(x1)], "o", color="tab:green", label=f"after one step: $x = {x1:.3g}$")
    ax.annotate("", xy=(x1, f(x0)), xytext=(x0, f(x0)),
                arrowprops={"arrowstyle": "->", "color": "tab:green", "lw": 2})
    ax.text((x0 + x1) / 2, f(x0) + 0.15, r"$-\eta f'(x_0)$", ha="center", color="tab:green")
    ax.plot([x1, x1], [f(x0), f(x1)], ":", color="tab:green")
    ax.set(xlabel="x", ylabel="f(x)", ylim=ylim,
           title=f"One gradient-descent step from $x_0 = {x0:g}$ with $\\eta = {learning_rate:g}$")
    ax.legend(loc="upper left")
    fig.tight_layout()
    return fig


def plot_descent_path(f, path, minimum: float, title: str,
                      xlim: tuple[float, float] = (-3, 3), ylim: tuple[float, float] = (0, 8)) -> plt.Figure:
    """Return a figure of f with the points of a descent path joined in order, and the minimum marked."""
    path = np.asarray(path, dtype=float)
    fig, ax = plt.subplots(figsize=(7, 3.3))
    xs = np.linspace(*xlim, 400)
    ax.plot(xs, f(xs), color="black", label="f(x)")
    ax.plot(path, f(path), "o-", color="tab:green", alpha=0.8, label=f"{len(path) - 1} steps")
    ax.axvline(minimum, color="gray", lw=0.8, ls=":", label="minimum")
    ax.set(xlim=xlim, ylim=ylim, xlabel="x", ylabel="f(x)", title=f"{title}: ends at x = {path[-1]:.2f}")
    ax.legend(loc="upper center")
    fig.tight_layout()
    return fig


def draw_loss_curve(ax: plt.Axes, batch_losses, epoch_losses, batches_per_epoch: int, epochs: int,
                    title: str) -> None:
    """Draw into ax every batch's loss and each epoch's mean against the epoch (the training's curve)."""
    steps = np.arange(1, len(batch_losses) + 1) / batches_per_epoch
    ax.plot(steps, batch_losses, lw=0.5, alpha=0.6, label="batch loss")
    ax.plot(np.arange(1, len(epoch_losses) + 1), epoch_losses, "o-", label="epoch mean")
    ax.set(xlim=(0, epochs), ylim=(0, 2.5), xlabel="epoch", ylabel="cross-entropy loss", title=title)
    ax.legend(loc="upper right")


def plot_loss_curves(curves: dict[str, np.ndarray], batches_per_epoch: int, title: str) -> plt.Figure:
    """Return two panels against the epoch: the batch losses of two runs, and the first minus the second."""
    if len(curves) != 2 or len({len(c) for c in curves.values()}) != 1:
        raise ValueError("plot_loss_curves compares two runs with the same number of batches")
    (first, a), (second, b) = curves.items()
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    steps = np.arange(1, len(a) + 1) / batches_per_epoch
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(8, 4.2), sharex=True,
                                      gridspec_kw={"height_ratios": [2, 1]})
    top.plot(steps, a, lw=0.6, label=first)
    top.plot(steps, b, lw=0.6, ls="--", label=second)
    top.set(ylim=(0, 2.5), ylabel="batch loss", title=title)
    top.legend(loc="upper right")
    bottom.plot(steps, a - b, lw=0.5, color="tab:red")
    bottom.set(xlabel="epoch", ylabel="loss difference\n(solid − dashed)")
    bottom.ticklabel_format(axis="y", style="sci", scilimits=(0, 0))
    fig.tight_layout()
    return fig


def show_weight_templates(weights: np.ndarray,
                          title: str = "The ten rows of W, as 28 × 28 images") -> plt.Figure:
    """Return a figure of each row of a (10, 784) weight matrix as a 28 x 28 image: red > 0, blue < 0."""
    weights = np.asarray(weights)
    if weights.shape != (10, 784):
        raise ValueError(f"expected a (10, 784) weight matrix, got {weights.shape}")
    limit = np.abs(weights).max()
    fig, axes = plt.subplots(2, 5, figsize=(9, 4))
    for digit, ax in enumerate(axes.flat):
        image = ax.imshow(weights[digit].reshape(28, 28), cmap="RdBu_r", vmin=-limit, vmax=limit)
        ax.set_title(f"class {digit}")
        ax.axis("off")
    fig.colorbar(image, ax=axes, shrink=0.8, label="weight")
    fig.suptitle(title)
    return fig


def backward_walk_groups(mxnet_ops: list[str],
                         as_engine_ops: dict[str, list[str]]) -> list[tuple[list[int], list[int]]]:
    """Return plot_backward_walks' ``groups``: each MXNet operation with the engine operations it stands for.

    ``as_engine_ops`` maps an MXNet operation to the engine's operations that compute the same; an
    MXNet operation it does not name joins the group before it (the rest of the loss).
    """
    groups: list[tuple[list[int], list[int]]] = []
    engine_position = 0
    for k, op in enumerate(mxnet_ops):
        count = len(as_engine_ops.get(op, []))
        if count:
            groups.append((list(range(engine_position, engine_position + count)), [k]))
            engine_position += count
        elif groups:
            groups[-1][1].append(k)
        else:
            raise ValueError(f"MXNet operation {op!r} comes before any operation the engine has")
    return groups


def plot_backward_walks(visits, mxnet_ops: list[str], mxnet_visited: list[int],
                        groups: list[tuple[list[int], list[int]]]) -> plt.Figure:
    """Return our engine's graph above MXNet's recorded operations, each numbered by its backward visit.

    ``visits`` are the engine's tensors (with ``.op``, ``.name`` and ``.parents``) in the order its
    backward pass visited them; ``mxnet_ops`` are MXNet's operations in recording order, drawn as
    the chain they form, and ``mxnet_visited`` their positions in the order its backward pass ran
    them. ``groups`` pairs the engine's operations (positions in forward order) with the MXNet
    operations that compute the same thing; each pair shares a band of columns.
    """
    number = {id(node): k for k, node in enumerate(visits, start=1)}  # by identity
    operations = [node for node in reversed(visits) if node.parents]
    if sorted(i for engine, _ in groups for i in engine) != list(range(len(operations))) or \
            sorted(k for _, mx in groups for k in mx) != list(range(len(mxnet_ops))):
        raise ValueError("groups must hold every engine operation and every MXNet operation exactly once")
    if sorted(mxnet_visited) != list(range(len(mxnet_ops))):
        raise ValueError("mxnet_visited must name every MXNet operation exactly once")
    x_engine, x_mxnet, bands, left = {}, {}, [], 0.0
    for engine, mx in groups:
        width = max(len(engine), len(mx))
        x_engine.update({i: left + (j + 0.5) * width / len(engine) for j, i in enumerate(engine)})
        x_mxnet.update({k: left + (j + 0.5) * width / len(mx) for j, k in enumerate(mx)})
        bands.append((left, left + width))
        left += width
    from matplotlib.patches import Rectangle

    # Wide enough for the row titles however few operations there are; the axes fill the figure.
    fig, ax = plt.subplots(figsize=(max(1.05 * left + 0.5, 10.0), 4.6))
    fig.subplots_adjust(left=0.01, right=0.99, bottom=0.01, top=0.99)
    ax.set_xlim(-0.2, left + 0.2)
    ax.set_ylim(-2.95, 2.15)
    ax.axis("off")
    for k, (start, stop) in enumerate(bands):  # one shaded band per group, across both rows
        ax.add_patch(Rectangle((start + 0.04, -2.55), stop - start - 0.08, 4.25, zorder=0,
                               facecolor="#f2f2f2" if k % 2 else "#e6eef7", edgecolor="none"))

    def box(x, y, text, color):
        return ax.text(x, y, text, ha="center", va="center", fontsize=9, zorder=3,
                       bbox={"boxstyle": "round,pad=0.35", "facecolor": color, "edgecolor": "black"})

    def visit(x, y, k):
        ax.text(x, y, str(k), ha="center", va="center", color="white", fontsize=8, weight="bold", zorder=4,
                bbox={"boxstyle": "circle,pad=0.2", "facecolor": "crimson", "edgecolor": "none"})

    def arrow(source, target):
        ax.annotate("", xy=(0, 0.5), xycoords=target, xytext=(1, 0.5), textcoords=source,
                    arrowprops={"arrowstyle": "->", "color": "black"}, zorder=2)

    drawn = {}
    for i, node in enumerate(operations):
        drawn[id(node)] = box(x_engine[i], 0.0, node.op, "#c6dbef")
        visit(x_engine[i], -0.45, number[id(node)])
    mx_boxes = [box(x_mxnet[k], -1.85, name, "#fdd0a2") for k, name in enumerate(mxnet_ops)]
    for order, k in enumerate(mxnet_visited, start=1):
        visit(x_mxnet[k], -2.3, order)
    fig.canvas.draw()  # the arrows attach to the boxes' drawn outlines
    for i, node in enumerate(operations):
        leaves = [p for p in node.parents if not p.parents]
        for j, leaf in enumerate(leaves):
            x = x_engine[i] + 0.42 * (j - (len(leaves) - 1) / 2)
            ax.annotate(leaf.name or leaf.op, xy=(0.5 + 0.3 * (j - (len(leaves) - 1) / 2), 1),
                        xycoords=drawn[id(node)], xytext=(x, 1.05), textcoords="data", ha="center",
                        fontsize=9, arrowprops={"arrowstyle": "->", "color": "grey"})
            visit(x, 1.42, number[id(leaf)])
        for parent in node.parents:
            if id(parent) in drawn:
                arrow(drawn[id(parent)], drawn[id(node)])
    for source, target in zip(mx_boxes, mx_boxes[1:]):
        arrow(source, target)
    ax.text(0.1, 2.1, "Our engine: every tensor, numbered in the order backward() was seen visiting it",
            fontsize=10, va="top", weight="bold")
    ax.text(0.1, -1.12, "MXNet: the operations autograd recorded, numbered in the order its profiler saw "
            "loss.backward() run them", fontsize=10, va="top", weight="bold")
    ax.text(left / 2, -2.65, "Each shaded band: one computation, written as the engine's operations above "
            "and as MXNet's below.", fontsize=9, ha="center", va="top", style="italic")
    return fig


def plot_three_trainings(losses, names: list[str]) -> plt.Figure:
    """Return two panels against the step: each run's batch loss, and the others' loss minus the first's."""
    losses = np.asarray(losses, dtype=np.float64)
    if losses.ndim != 2 or losses.shape[1] != len(names) or len(names) < 2:
        raise ValueError("plot_three_trainings needs one column of losses per name, two names or more")
    steps = np.arange(1, len(losses) + 1)
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(8, 3.4), sharex=True,
                                      gridspec_kw={"height_ratios": [2, 1]})
    widths = [4, 2, 1]  # wide lines under narrow ones, so that lines on top of each other stay visible
    for j, name in enumerate(names):
        top.plot(steps, losses[:, j], lw=widths[j % 3], alpha=0.7, label=name)
    top.set(ylabel="batch loss", title="One net trained three ways, step by step")
    top.legend(loc="upper right", fontsize=8)
    for j, name in enumerate(names[1:], start=1):
        bottom.plot(steps, losses[:, j] - losses[:, 0], lw=1, color=f"C{j}", label=f"{name} − {names[0]}")
    bottom.set(xlabel="step", ylabel="loss difference")
    bottom.ticklabel_format(axis="y", style="sci", scilimits=(0, 0))
    bottom.legend(loc="upper left", fontsize=8)
    fig.tight_layout()
    return fig


def plot_gradient_cost(n_params, timed_backward) -> plt.Figure:
    """Return one gradient's cost in forward passes against P: finite differences' 2P and backprop's."""
    n_params = np.asarray(n_params)
    fig, ax = plt.subplots(figsize=(7.5, 3.6))
    ax.loglog(n_params, 2 * n_params, "o-", color="crimson", label="centred finite differences: 2P")
    ax.loglog(n_params, timed_backward, "o-", color="tab:blue", label="one backward pass, timed")
    ax.loglog(n_params, [2] * len(n_params), "--", color="tab:blue", label="one backward pass, counted: 2")
    ax.set(xlabel="parameters P", ylabel="cost, in forward passes", title="The cost of one gradient",
           ylim=(0.5, 1e7))
    ax.set_xticks(n_params, [f"{p:,}" for p in n_params])
    ax.minorticks_off()
    ax.legend(fontsize=8, loc="center right")
    ax.grid(alpha=0.3)
    fig.tight_layout()
    return fig


def plot_gradient_noise(batch_sizes, measured, sigma: float, population: int, full_norm: float) -> plt.Figure:
    """Return a log-log plot of the batch gradients' distance from the full gradient against the batch size.

    ``measured`` holds one root-mean-square distance per batch size; the curve is the prediction
    sigma / sqrt(B) * sqrt((N - B) / (N - 1)) for batches drawn without replacement from N = population.
    """
    sizes = np.asarray(batch_sizes, dtype=np.float64)
    if sizes.ndim != 1 or len(sizes) != len(measured) or len(sizes) < 2:
        raise ValueError("plot_gradient_noise needs one measured value for each of two or more batch sizes")
    smooth = np.geomspace(sizes.min() / 1.5, sizes.max() * 1.5, 100)
    fig, ax = plt.subplots(figsize=(7.5, 4))
    ax.plot(smooth, sigma / np.sqrt(smooth) * np.sqrt((population - smooth) / (population - 1)), "--",
            color="tab:blue", label=r"predicted: $\sigma / \sqrt{B}$ (times $\sqrt{(N-B)/(N-1)}$)")
    ax.plot(sizes, measured, "o", color="tab:orange", markersize=8, label="measured on random batches")
    ax.axhline(full_norm, color="grey", lw=1.5, label=r"length of the full gradient, $\|\nabla L\|$")
    ax.set_xscale("log", base=2)
    ax.set_yscale("log")
    ax.set_xticks(sizes, [f"{b:g}" for b in sizes])
    low, high = ax.get_ylim()
    ticks = [m * 10.0**e for e in range(int(np.floor(np.log10(low))), int(np.ceil(np.log10(high))) + 1)
             for m in (1, 2, 5) if low <= m * 10.0**e <= high]
    ax.set_yticks(ticks, [f"{v:g}" for v in ticks])
    ax.yaxis.set_minor_formatter(NullFormatter())
    ax.set(xlabel="batch size B", ylabel=r"noise $\|g_\mathcal{B} - \nabla L\|$ (RMS)",
           title="A batch gradient's distance from the full gradient")
    ax.grid(alpha=0.3, which="both")
    ax.legend(fontsize=9)
    fig.tight_layout()
    return fig


def plot_training_curves(batch_losses, batches_per_epoch: int, curves: dict[str, tuple],
                         best_epochs: dict[str, int], batch_run: str) -> plt.Figure:
    """Return two panels against the epoch: one run's batch losses; each run's training and validation loss.

    ``batch_losses`` are the losses of run ``batch_run``'s batches in training order; ``curves``
    maps each run to its (training, validation) loss after every epoch, and ``best_epochs`` to the
    epoch (counted from 1) whose validation loss is lowest, which is marked.
    """
    if batch_run not in curves or set(best_epochs) != set(curves):
        raise ValueError("batch_run and best_epochs must name the runs of curves")
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2))
    steps = np.arange(1, len(batch_losses) + 1) / batches_per_epoch
    left.plot(steps, batch_losses, lw=0.7, color="tab:grey", alpha=0.8,
              label="loss of each batch (before its step)")
    train_losses = curves[batch_run][0]
    epochs = np.arange(1, len(train_losses) + 1)
    left.plot(epochs, train_losses, "o-", color="tab:blue", markersize=3.5,
              label="all training images, after each epoch")
    left.set_yscale("log")
    left.set(xlabel="epoch", ylabel="cross-entropy loss (log scale)", title=f"{batch_run}: batch by batch")
    left.legend(fontsize=9, loc="lower left")
    for (name, (train, validation)), color in zip(curves.items(), ["tab:green", "tab:blue", "tab:purple"]):
        epochs = np.arange(1, len(train) + 1)
        right.plot(epochs, validation, "-", color=color, label=f"{name}: validation")
        right.plot(epochs, train, "--", color=color, label=f"{name}: training")
        best = best_epochs[name]
        right.plot([best], [validation[best - 1]], "o", color=color, markersize=9, markerfacecolor="white",
                   markeredgewidth=2)
    right.plot([], [], "o", color="black", markerfacecolor="white", markeredgewidth=2,
               label="lowest validation loss")
    right.set(xlabel="epoch", ylabel="cross-entropy loss", title="After each epoch", ylim=(0, None))
    right.legend(fontsize=9, loc="upper right")
    for ax in (left, right):
        ax.grid(alpha=0.3)
    fig.tight_layout()
    return fig


def plot_loss_slices(t, slices: dict[str, list[float]]) -> plt.Figure:
    """Return one panel per net: its loss on the line from weights A (t = 0) to B (t = 1), and the chord."""
    t = np.asarray(t, dtype=np.float64)
    if not slices or any(len(losses) != len(t) for losses in slices.values()):
        raise ValueError("plot_loss_slices needs, for each net, one loss per value of t")
    if t[0] != 0 or t[-1] != 1:
        raise ValueError("t must run from 0 (weights A) to 1 (weights B)")
    fig, axes = plt.subplots(1, len(slices), figsize=(5.5 * len(slices), 4), squeeze=False)
    for ax, (name, losses) in zip(axes.flat, slices.items()):
        losses = np.asarray(losses, dtype=np.float64)
        ax.plot(t, losses, "o-", markersize=3.5, color="tab:blue", label="loss along the line")
        ax.plot([0, 1], [losses[0], losses[-1]], "--", color="crimson", label="chord between the ends")
        for x, text in ((0, "A"), (1, "B")):
            ax.annotate(text, (x, losses[0 if x == 0 else -1]), xytext=(0, 8), textcoords="offset points",
                        ha="center", weight="bold")
        span = losses.max() - losses.min()
        ax.set_ylim(losses.min() - 0.15 * span, losses.max() + 0.25 * span)
        ax.set(xlabel="t, from run A (0) to run B (1)", ylabel="training loss", title=name)
        ax.grid(alpha=0.3)
        ax.legend(fontsize=9, loc="upper right")
    fig.tight_layout()
    return fig


# Notebook 07: the chain of dense layers, the graph autograd recorded, and two training runs compared.

def _net_steps(sizes) -> tuple[list[tuple[str, str, str]], list[tuple[str, str | None]]]:
    """Return the boxes (name, shapes, colour) of a chain of dense layers with ReLUs, and its arrows.

    Arrow k, from box k to box k + 1, is (forward label, backward label or None for no red arrow).
    """
    n = len(sizes) - 1
    boxes = [("$X$", f"(B, {sizes[0]})", "#dddddd")]
    arrows: list[tuple[str, str | None]] = [("", None)]  # X needs no gradient
    for i in range(1, n + 1):
        shapes = f"$W_{i}$ ({sizes[i]}, {sizes[i - 1]})\n$b_{i}$ ({sizes[i]},)"
        boxes.append((f"Dense {i}", shapes, "#c6dbef"))
        arrows.append((f"$Y_{i}$", rf"$\partial L/\partial Y_{i}$"))
        if i < n:
            boxes.append(("ReLU", "", "#fdd0a2"))
            arrows.append((f"$A_{i}$", rf"$\partial L/\partial A_{i}$"))
    boxes += [("softmax\n+ CE", "", "#c7e9c0"), ("$L$", "(mean loss)", "#dddddd")]
    arrows.append(("", "1"))  # dL/dL = 1 starts the backward pass
    return boxes, arrows


def draw_net(sizes, title: str) -> plt.Figure:
    """Return a figure of a chain of dense layers: forward arrows in black, gradients in red."""
    from matplotlib.patches import FancyBboxPatch

    if len(sizes) < 2:
        raise ValueError(f"a net needs an input size and at least one layer; got sizes {list(sizes)}")
    boxes, arrows = _net_steps(sizes)
    step, width, height = 1.5, 1.1, 0.9
    fig, ax = plt.subplots(figsize=(max(9, 0.95 * step * len(boxes)), 3.4))
    for k, (name, shapes, color) in enumerate(boxes):
        x = k * step
        ax.add_patch(FancyBboxPatch((x - width / 2, -height / 2), width, height, boxstyle="round,pad=0.02",
                                    facecolor=color, edgecolor="black"))
        ax.text(x, 0.17 if shapes else 0, name, ha="center", va="center", fontsize=10, weight="bold")
        ax.text(x, -0.15, shapes, ha="center", va="center", fontsize=8)
        if name.startswith("Dense"):  # each dense layer also sends a gradient to its own parameters
            i = name.split()[1]
            ax.annotate("", xy=(x, -1.05), xytext=(x, -height / 2),
                        arrowprops={"arrowstyle": "->", "color": "crimson"})
            ax.text(x, -1.1, rf"$\partial L/\partial W_{i}$" + "\n" + rf"$\partial L/\partial b_{i}$",
                    ha="center", va="top", fontsize=10, color="crimson")
    for k, (forward_label, backward_label) in enumerate(arrows):
        x0, x1 = k * step + width / 2, (k + 1) * step - width / 2
        ax.annotate("", xy=(x1, 0.25), xytext=(x0, 0.25), arrowprops={"arrowstyle": "->"})
        ax.text((x0 + x1) / 2, 0.32, forward_label, ha="center", va="bottom", fontsize=10)
        if backward_label is not None:
            ax.annotate("", xy=(x0, -0.25), xytext=(x1, -0.25),
                        arrowprops={"arrowstyle": "->", "color": "crimson"})
            ax.text((x0 + x1) / 2, -0.52, backward_label, ha="center", va="top", fontsize=10,
                    color="crimson")
    ax.set_xlim(-0.7, (len(boxes) - 1) * step + 0.7)
    ax.set_ylim(-1.75, 0.8)
    ax.axis("off")
    ax.set_title(title)
    return fig


def draw_gradient_chain(sizes, title: str) -> plt.Figure:
    """Return a figure of a chain of dense layers with the gradients G_i it hands back drawn on its arrows."""
    from matplotlib.patches import Circle

    n = len(sizes) - 1
    if n < 1:
        raise ValueError(f"a net needs an input size and at least one layer; got sizes {list(sizes)}")
    # Nodes left to right: (label, colour, forward label of the arrow leaving it, red label of that arrow).
    nodes = [("$X$", "#eeeeee", f"$X$\n(B, {sizes[0]})", None)]
    for i in range(1, n + 1):
        nodes.append((f"Dense\n{i}", "#c6dbef", f"$Y_{i}$\n(B, {sizes[i]})", f"$G_{i}$\n(B, {sizes[i]})"))
        if i < n:
            nodes.append(("ReLU", "#c6dbef", f"$A_{i}$\n(B, {sizes[i]})",
                          f"$G_{{{i + 1}}} W_{{{i + 1}}}$\n(B, {sizes[i]})"))
    nodes += [("softmax\n+ CE", "#c6dbef", "", "1"), ("$L$", "#eeeeee", None, None)]
    dx, radius, fontsize = 2.2, 0.55, 12
    fig, ax = plt.subplots(figsize=(0.62 * (dx * (len(nodes) - 1) + 2.4), 0.62 * 3.8 + 0.45))
    fig.subplots_adjust(left=0, right=1, bottom=0, top=1 - 0.45 / fig.get_figheight())
    arrow = {"lw": 1.4, "mutation_scale": 16, "shrinkA": 0, "shrinkB": 0}
    for k, (label, colour, forward_label, backward_label) in enumerate(nodes):
        x = k * dx
        ax.add_patch(Circle((x, 0), radius, facecolor=colour, edgecolor="black", lw=1.2, zorder=3))
        ax.text(x, 0, label, ha="center", va="center", fontsize=fontsize - (3 if "\n" in label else -1),
                weight="bold", zorder=4)
        if forward_label is None:
            continue
        x0, x1 = x + radius, x + dx - radius
        ax.annotate("", xy=(x1, 0.12), xytext=(x0, 0.12), arrowprops={"arrowstyle": "-|>", "color": "black",
                                                                      **arrow})
        ax.text((x0 + x1) / 2, 0.3, forward_label, ha="center", va="bottom", fontsize=fontsize - 2)
        if backward_label is not None:  # the gradient this arrow carries back: dL/d(what it carries)
            ax.annotate("", xy=(x0, -0.2), xytext=(x1, -0.2), arrowprops={"arrowstyle": "-|>",
                                                                          "color": "crimson", **arrow})
            ax.text((x0 + x1) / 2, -0.72, backward_label, ha="center", va="center", fontsize=fontsize - 2,
                    color="crimson", bbox={"boxstyle": "round,pad=0.2", "facecolor": "white",
                                           "edgecolor": "crimson"})
        if label.startswith("Dense"):  # each dense layer also sends a gradient to its own weights
            i = int(label.split("\n")[1])
            ax.annotate("", xy=(x, -1.55), xytext=(x, -radius), arrowprops={"arrowstyle": "-|>",
                                                                            "color": "crimson", **arrow})
            ax.text(x, -1.62, rf"$\partial L/\partial W_{i} = G_{i}^\top {'X' if i == 1 else f'A_{i - 1}'}$"
                    f"\n({sizes[i]}, {sizes[i - 1]})", ha="center", va="top", fontsize=fontsize - 2,
                    color="crimson")
        elif label == "ReLU":  # the mask of the layer below
            ax.text(x, -1.15, rf"$\odot\,\mathbf{{1}}[Y_{nodes[k - 1][0][-1]} > 0]$", ha="center", va="top",
                    fontsize=fontsize - 2, color="crimson")
    ax.set_xlim(-1.2, dx * (len(nodes) - 1) + 1.2)
    ax.set_ylim(-2.6, 1.2)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title(title, fontsize=fontsize)
    return fig


_OPERATION_LABELS = {"FullyConnected": "Dense {layer}", "Activation": "ReLU", "log_softmax": "log_\nsoftmax",
                     "pick": "pick the\ntrue class", "_mul_scalar": "× (−1)", "mean": "mean"}


def _input_names(nodes: list[dict]) -> dict[int, str]:
    """Return readable names ($X$, $W_1$, label $y$, ...) for the nameless inputs of a recorded graph."""
    names, layer = {}, 0
    for node in nodes:
        if node["op"] == "FullyConnected":
            layer += 1
            data, weight, bias = (edge[0] for edge in node["inputs"][:3])
            names.setdefault(data, "$X$")
            names[weight], names[bias] = f"$W_{layer}$", f"$b_{layer}$"
        elif node["op"] == "pick":
            names[node["inputs"][1][0]] = "label $y$"
    return names


def _operation_label(node: dict, layer: int) -> str:
    """Return the label drawn in an operation's box: the course's name for it, else MXNet's."""
    label = _OPERATION_LABELS.get(node["op"], node["op"]).format(layer=layer)
    if node["op"] == "mean":
        label += " per\nimage" if node.get("attrs", {}).get("exclude") == "True" else " over\nbatch"
    return label


def draw_recorded_graph(nodes: list[dict], title: str = "The graph autograd recorded for the net and its loss"
                        ) -> plt.Figure:
    """Return a figure of a graph autograd recorded, operations left to right, numbered in backward order.

    ``nodes`` is the "nodes" list of ``json.loads(autograd.get_symbol(loss).tojson())``: inputs have
    op "null". Each operation's inputs from outside the graph are written above it; the red numbers
    are the reverse recording order, the order in which ``loss.backward()`` visits the operations.
    """
    operations = [k for k, node in enumerate(nodes) if node["op"] != "null"]
    if not operations:
        raise ValueError("the recorded graph has no operations to draw")
    input_names = _input_names(nodes)
    fig, ax = plt.subplots(figsize=(max(9, 1.05 * len(operations) + 1), 3.8))
    ax.set_xlim(-0.7, len(operations) + 0.2)
    ax.set_ylim(-1.6, 1.5)
    ax.axis("off")
    boxes, layer = {}, 0
    for x, k in enumerate(operations):  # one box per operation, in recording order
        layer += nodes[k]["op"] == "FullyConnected"
        color = "#c6dbef" if nodes[k]["op"] == "FullyConnected" else "#eeeeee"
        boxes[k] = ax.text(x, 0, _operation_label(nodes[k], layer), ha="center", va="center", fontsize=9,
                           bbox={"boxstyle": "round", "facecolor": color})
    boxes["loss"] = ax.text(len(operations), 0, "$L$", ha="center", va="center", fontsize=13)
    fig.canvas.draw()  # the arrows below attach to the boxes' drawn outlines
    for x, k in enumerate(operations):
        inputs = [edge[0] for edge in nodes[k]["inputs"]]
        outside = [j for j in inputs if nodes[j]["op"] == "null"]
        for n_in, j in enumerate(outside):  # inputs from outside the graph, written above
            offset = 0.3 * (n_in - (len(outside) - 1) / 2)
            ax.annotate(input_names.get(j, "?"), xy=(0.5 + offset, 1), xycoords=boxes[k],
                        xytext=(x + offset, 1.0), textcoords="data", ha="center", fontsize=10,
                        arrowprops={"arrowstyle": "->", "color": "grey"})
        for j in (j for j in inputs if j in boxes):  # data flow from the operation that produced this input
            ax.annotate("", xy=(0, 0.5), xycoords=boxes[k], xytext=(1, 0.5), textcoords=boxes[j],
                        arrowprops={"arrowstyle": "->"})
    ax.annotate("", xy=(0, 0.5), xycoords=boxes["loss"], xytext=(1, 0.5), textcoords=boxes[operations[-1]],
                arrowprops={"arrowstyle": "->"})
    for order, x in enumerate(reversed(range(len(operations))), start=1):  # the backward walk
        ax.text(x, -0.7, str(order), ha="center", va="center", color="white", fontsize=10, weight="bold",
                bbox={"boxstyle": "circle", "facecolor": "crimson"})
    last = len(operations) - 1
    ax.annotate("", xy=(-0.3, -1.1), xytext=(last + 0.3, -1.1),
                arrowprops={"arrowstyle": "->", "color": "crimson"})
    ax.text(last / 2, -1.25, "loss.backward() visits the operations in this order; each turns the gradient "
            "of its output into gradients of its inputs", ha="center", va="top", fontsize=9, color="crimson")
    ax.set_title(f"{title}\n(Dense = MXNet's FullyConnected operation)", fontsize=12)
    return fig


def plot_run_gap(first: np.ndarray, second: np.ndarray, labels: tuple[str, str], bounds=(),
                 median_of: int = 0, window: int = 50) -> plt.Figure:
    """Return two panels: both runs' batch losses (moving average), and their gap per step on log scales.

    ``bounds`` are (label, value, first step, last step) tuples drawn on the gap panel as dashed
    lines over those steps (counted from 1); bounds sharing a label share a colour and a legend
    entry. ``median_of`` > 0 also draws the median gap of the last that many steps. A gap of
    exactly zero is drawn as a triangle at 1e-9, where a log scale can show it.
    """
    import itertools

    from matplotlib.ticker import NullLocator

    bounds = list(bounds)
    first, second = np.asarray(first, dtype=np.float64), np.asarray(second, dtype=np.float64)
    if first.shape != second.shape or first.ndim != 1 or len(first) < window:
        raise ValueError(f"two runs of one length, at least {window} steps, expected; got {first.shape}, "
                         f"{second.shape}")
    steps, gaps = np.arange(1, len(first) + 1), np.abs(first - second)
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4.3))
    average = np.ones(window) / window
    left.plot(steps[window - 1:], np.convolve(first, average, "valid"), label=labels[0], lw=3, alpha=0.5)
    left.plot(steps[window - 1:], np.convolve(second, average, "valid"), label=labels[1], ls="--")
    left.set(title=f"Training loss (moving average of {window} batches)", xlabel="step (batch)",
             ylabel="cross-entropy")
    left.legend(fontsize=9)
    right.loglog(steps[gaps > 0], gaps[gaps > 0], ".", ms=3, color="tab:red", label="one batch's gap")
    if (gaps == 0).any():
        right.plot(steps[gaps == 0], np.full((gaps == 0).sum(), 1e-9), "v", ms=4, color="tab:red", mfc="none",
                   label="gap exactly 0 (at 1e-9)")
    palette = itertools.cycle(["black", "tab:purple", "tab:green", "grey"])
    colours = {label: next(palette) for label in dict.fromkeys(label for label, *_ in bounds)}
    for k, (label, value, start, stop) in enumerate(bounds):
        first_use = all(label != other for other, *_ in bounds[:k])
        right.hlines(value, start, stop, colors=colours[label], linestyles="--", lw=1.8, zorder=3,
                     label=label if first_use else None)
    if median_of:
        right.hlines(np.median(gaps[-median_of:]), len(gaps) - median_of + 1, len(gaps), colors="tab:blue",
                     lw=3, zorder=3, label=f"median, last {median_of} steps")
    right.set_ylim(5e-10, max([gaps.max(), *(value for _, value, *_ in bounds)]) * 4)
    right.yaxis.set_minor_locator(NullLocator())  # nine decades: their minor ticks would only clutter
    right.set(title="The two runs' gap, per batch", xlabel="step (batch), log scale",
              ylabel="absolute difference in loss")
    for ax in (left, right):
        ax.grid(alpha=0.3)
    fig.tight_layout(rect=(0, 0.1, 1, 1))
    fig.legend(*right.get_legend_handles_labels(), loc="lower center", ncol=3, fontsize=9, frameon=False)
    return fig


# Notebook 04: the blindfolded hiker's walk on a toy surface, and random directions against the gradient.

def plot_walk(height, path: np.ndarray, tried: np.ndarray, start, title: str,
              limit: float = 3.2, levels=(0.1, 0.5, 1, 2, 4, 8, 16, 32)) -> plt.Figure:
    """Return a contour map of height(x, y) with a walk on it: the points tried and the path kept.

    ``path`` holds the kept points in order (the first is ``start``), ``tried`` every point tried;
    both are arrays of shape (n, 2). The lowest point is drawn at the origin.
    """
    path, tried = np.asarray(path, dtype=float).reshape(-1, 2), np.asarray(tried, dtype=float).reshape(-1, 2)
    grid = np.linspace(-limit, limit, 200)
    gx, gy = np.meshgrid(grid, grid)
    fig, ax = plt.subplots(figsize=(5.5, 4.5))
    contours = ax.contour(gx, gy, height(gx, gy), levels=list(levels), cmap="viridis")
    ax.clabel(contours, fontsize=7)
    ax.plot(tried[:, 0], tried[:, 1], "x", color="gray", ms=4, label="tried, rejected")
    ax.plot(path[:, 0], path[:, 1], "o-", color="tab:orange", ms=3, label="kept")
    ax.plot(*start, "ks", label="start")
    ax.plot(0, 0, "r*", ms=12, label="lowest point")
    ax.set(xlim=(-limit, limit), ylim=(-limit, limit), aspect="equal", xlabel="parameter 1",
           ylabel="parameter 2")
    ax.set_title(title, fontsize=10)
    ax.legend(loc="lower right", fontsize=8)
    return fig


def plot_cosines(few: np.ndarray, many: np.ndarray, few_dims: int, many_dims: int) -> plt.Figure:
    """Return two histograms of cosines with the downhill direction, in few and in many dimensions.

    Each panel has its own x-range, so neither is squeezed; the left panel shades the whole range of
    the right one, and the right one draws the normal density of standard deviation 1/sqrt(many_dims).
    """
    few, many = np.asarray(few, dtype=float), np.asarray(many, dtype=float)
    reach = np.ceil(np.abs(many).max() * 100) / 100  # the right panel's half-width, rounded up
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.6))
    left.hist(few, bins=np.linspace(-1, 1, 41), density=True, color="tab:blue")
    left.axvspan(-reach, reach, color="tab:orange", alpha=0.35, label=f"the right panel's range, ±{reach:g}")
    left.set_xlim(-1, 1)
    right.hist(many, bins=np.linspace(-reach, reach, 41), density=True, color="tab:blue")
    t = np.linspace(-reach, reach, 200)
    sigma = 1 / np.sqrt(many_dims)
    right.plot(t, np.exp(-t**2 / (2 * sigma**2)) / (sigma * np.sqrt(2 * np.pi)), color="crimson", ls="--",
               label=f"normal, std 1/√{many_dims:,} = {sigma:.3f}")
    right.set_xlim(-reach, reach)
    for ax, cosines, dims in ((left, few, few_dims), (right, many, many_dims)):
        ax.set_title(f"{dims:,} dimensions: std {cosines.std():.3f}", fontsize=10)
        ax.set_xlabel("cosine with the downhill direction")
        ax.set_ylabel("density")
        ax.legend(loc="upper left", fontsize=8)
    fig.suptitle(f"How well do {len(many):,} random directions point downhill?")
    fig.tight_layout()
    return fig


def plot_loss_along_lines(t, downhill, randoms, step_length: float) -> plt.Figure:
    """Return two panels of the loss change L(θ + t·d) - L(θ) along lines: the steepest d and random ones.

    ``downhill`` holds one change per value of ``t`` along d = -grad/|grad|, ``randoms`` one such row
    per random unit direction. Left: all lines on one scale, with the steepest line's chord. Right:
    the random lines alone, zoomed in, each with its chord. A dotted line marks ``step_length``.
    """
    t, downhill = np.asarray(t, dtype=float), np.asarray(downhill, dtype=float)
    randoms = np.atleast_2d(np.asarray(randoms, dtype=float))
    if downhill.shape != t.shape or randoms.shape[1] != t.size:
        raise ValueError("plot_loss_along_lines needs one loss change per value of t on every line")
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.1))
    for i, row in enumerate(randoms):
        left.plot(t, row, color="gray", lw=1, label="random directions" if i == 0 else None)
        line, = right.plot(t, row, lw=1.5)
        right.plot(t[[0, -1]], row[[0, -1]], "--", color=line.get_color(), lw=1,
                   label="chords" if i == 0 else None)
    left.plot(t, downhill, color="tab:orange", lw=2.5, label="steepest direction, -gradient")
    left.plot(t[[0, -1]], downhill[[0, -1]], "--", color="tab:orange", lw=1, label="its chord")
    left.set_title("All on one scale", fontsize=10)
    right.set_title("The random directions, zoomed in", fontsize=10)
    for ax in (left, right):
        ax.axvline(step_length, color="black", ls=":", lw=1,
                   label=f"one step of length {step_length:.1f}" if ax is left else None)
        ax.plot(0, 0, "ks", ms=5, label="where we stand" if ax is left else None)
        ax.set(xlabel="distance t moved along the direction", ylabel="change of training loss")
        ax.grid(alpha=0.3)
        ax.legend(loc="upper right" if ax is left else "upper center", fontsize=8)
    fig.tight_layout()
    return fig


def plot_refinement(tried, kept, current, title: str) -> plt.Figure:
    """Return the losses of a refinement: each step's try (kept or rejected) and the loss where we stand.

    ``tried`` and ``kept`` hold one entry per step; ``current`` holds the loss before step 1 and
    after every step (one more entry than ``tried``).
    """
    tried, kept, current = np.asarray(tried, dtype=float), np.asarray(kept, dtype=bool), np.asarray(current)
    if not tried.size == kept.size == current.size - 1:
        raise ValueError("plot_refinement needs a try and a kept flag per step, and one more current loss")
    steps = np.arange(1, tried.size + 1)
    fig, ax = plt.subplots(figsize=(7, 3.8))
    ax.plot(steps[kept], tried[kept], "o", color="tab:green", label="tried, kept")
    ax.plot(steps[~kept], tried[~kept], "x", color="gray", label="tried, rejected")
    ax.step(np.arange(tried.size + 1), current, where="post", color="tab:orange", lw=2, label="current loss")
    ax.set(xlabel="step", ylabel="training loss (cross-entropy)", title=title)
    ax.legend(loc="upper right")
    return fig


def plot_two_searches(curves: dict[str, np.ndarray], switch: int, title: str) -> plt.Figure:
    """Return each search's best loss so far, per loss evaluation, with a line after evaluation ``switch``."""
    fig, ax = plt.subplots(figsize=(7, 3.8))
    for (label, curve), style in zip(curves.items(), ("-", "--", ":")):
        ax.step(np.arange(1, len(curve) + 1), curve, where="post", lw=2, ls=style, label=label)
    ax.axvline(switch + 0.5, color="gray", ls=":", lw=1, label="refinement starts")
    ax.set(xlabel="loss evaluations", ylabel="best training loss so far", title=title)
    ax.legend(loc="upper right")
    return fig


def plot_roofline(peak_flops: float, bandwidth: float, points: dict[str, tuple[float, float]],
                  title: str = "The roofline of this machine") -> plt.Figure:
    """Return a log-log roofline: attainable FLOP/s against FLOP per byte, with measured points on it.

    ``peak_flops`` (FLOP/s) and ``bandwidth`` (bytes/s) draw the roof, min(peak, bandwidth x intensity);
    ``points`` maps a label to (intensity in FLOP/byte, achieved FLOP/s).
    """
    if peak_flops <= 0 or bandwidth <= 0 or not points:
        raise ValueError("plot_roofline needs a positive peak, a positive bandwidth and at least one point")
    if min(v for point in points.values() for v in point) <= 0:
        raise ValueError("intensities and rates must be positive to be drawn on log axes")
    ridge = peak_flops / bandwidth
    intensities = [i for i, _ in points.values()]
    low, high = min(*intensities, ridge) / 4, max(*intensities, ridge) * 4
    intensity = np.geomspace(low, high, 200)
    fig, ax = plt.subplots(figsize=(8, 4.2))
    ax.plot(intensity, np.minimum(peak_flops, bandwidth * intensity) / 1e9, color="black", lw=2,
            label=f"roof: {peak_flops / 1e9:,.0f} GFLOP/s peak, {bandwidth / 1e9:,.0f} GB/s")
    for (label, (x, rate)), marker in zip(points.items(), "osD^v<>p*"):
        ax.plot(x, rate / 1e9, marker, ms=8, label=f"{label}: {rate / 1e9:,.1f} GFLOP/s")
    ax.axvline(ridge, color="gray", ls=":", lw=1)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("arithmetic intensity (FLOP per byte read)")
    ax.set_ylabel("GFLOP/s")
    ax.set_title(title)
    ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1), fontsize=9, frameon=False)
    fig.tight_layout()
    return fig
