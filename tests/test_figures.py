"""show_digits and interactive_plot: what they draw and what static viewers get."""

from __future__ import annotations

import base64
import warnings
from unittest import mock

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

from helpers import interactive_plot, show_digits
from helpers.widgets import STATIC_NOTE


def test_show_digits_titles_each_digit_and_marks_mistakes_in_red():
    images = np.zeros((3, 28, 28), dtype=np.uint8)
    fig = show_digits(images, labels=[1, 2, 3], predictions=[1, 7, 3], ncols=2)
    titles = [ax.get_title() for ax in fig.axes if ax.get_title()]
    assert titles == ["1 → 1", "2 → 7", "3 → 3"]
    assert matplotlib.colors.to_hex(fig.axes[1].title.get_color()) == matplotlib.colors.to_hex("crimson")
    plt.close(fig)


def test_show_digits_refuses_images_of_the_wrong_shape():
    with pytest.raises(ValueError, match="28, 28"):
        show_digits(np.zeros((2, 10, 10)), labels=[0, 1])
    with pytest.raises(ValueError, match="one entry per image"):
        show_digits(np.zeros((2, 784)), labels=[0])


def test_interactive_plot_offers_a_picture_and_a_note_to_static_viewers():
    def plot(step: float) -> None:
        fig, ax = plt.subplots()
        ax.plot([0, 1], [0, step])
        plt.show()

    shown = []
    with mock.patch("helpers.widgets.display", lambda bundle, raw: shown.append(bundle)):
        widget = interactive_plot(plot, step=(0.0, 1.0))
    bundle = shown[0]
    assert bundle["text/plain"] == STATIC_NOTE
    assert base64.b64decode(bundle["image/png"]).startswith(b"\x89PNG")
    # The widget view written by hand, as ipywidgets 8 writes it, so that ipywidgets 7 (Colab's) shows it too.
    assert bundle["application/vnd.jupyter.widget-view+json"] == {
        "version_major": 2, "version_minor": 0, "model_id": widget.model_id}
    assert widget.kwargs == {"step": 0.5}
    # The first drawing became the picture and was closed: nothing leaks into the notebook.
    assert plt.get_fignums() == []
    assert widget.out.outputs[0]["data"]["image/png"] == bundle["image/png"]


def test_interactive_plot_draws_first_where_ipywidgets_would_wait_for_display(monkeypatch):
    # ipywidgets 7 (Colab's) leaves the first drawing to display time, which interactive_plot
    # skips by writing the view itself: without a drawing of its own, the picture would be empty
    # and the live widget would show no plot until a control moved (seen in ipywidgets 7's front end).
    import ipywidgets

    from helpers.widgets import _FirstDrawInState

    real_init = ipywidgets.interactive.__init__

    def init_as_ipywidgets_7(self, *args, **kwargs):
        with mock.patch.object(_FirstDrawInState, "update", lambda self, *a: None):
            real_init(self, *args, **kwargs)

    monkeypatch.setattr(ipywidgets.interactive, "__init__", init_as_ipywidgets_7)
    shown = []
    with mock.patch("helpers.widgets.display", lambda bundle, raw: shown.append(bundle)):
        widget = interactive_plot(lambda step: plt.plot([0, step]), step=(0.0, 1.0))
    assert base64.b64decode(shown[0]["image/png"]).startswith(b"\x89PNG")
    assert widget.out.outputs[0]["data"]["image/png"] == shown[0]["image/png"]
    assert plt.get_fignums() == []


def test_interactive_plot_refuses_bad_arguments():
    with pytest.raises(TypeError):
        interactive_plot("not a function", step=(0.0, 1.0))
    with pytest.raises(ValueError, match="at least one control"):
        interactive_plot(lambda: None)


def _texts(fig) -> dict[str, str]:
    """Return every text drawn on a figure's axes, mapped to its colour."""
    return {t.get_text(): matplotlib.colors.to_hex(t.get_color()) for ax in fig.axes for t in ax.texts}


def test_draw_graph_writes_values_in_black_and_gradients_in_red():
    from helpers.plots import draw_graph

    nodes = {"x": "x", "y": "y", "q": "+", "z": "z", "f": "×"}
    edges = [("x", "q"), ("y", "q"), ("q", "f"), ("z", "f")]
    fig = draw_graph(nodes, edges, values={"x": 3, "y": -1.0, "q": 2, "z": 4, "f": 8},
                     grads={"x": 4, "f": 1.0}, edge_grads={("q", "f"): 4, ("z", "f"): 2.5})
    texts = _texts(fig)
    black, red = matplotlib.colors.to_hex("black"), matplotlib.colors.to_hex("crimson")
    assert texts["x = 3"] == texts["y = \N{MINUS SIGN}1"] == texts["f = 8"] == black
    assert texts["\N{PARTIAL DIFFERENTIAL}f/\N{PARTIAL DIFFERENTIAL}x = 4"] == red
    assert texts["\N{PARTIAL DIFFERENTIAL}f/\N{PARTIAL DIFFERENTIAL}f = 1"] == red
    assert texts["2.5"] == red and "+" in texts and "×" in texts
    assert len(fig.axes[0].patches) == len(nodes)  # one circle per node
    plt.close(fig)


def test_draw_graph_lays_out_inputs_left_of_their_first_user_and_the_output_right():
    from helpers.plots import draw_graph

    fig = draw_graph({"x": "x", "y": "y", "q": "+", "z": "z", "f": "×"},
                     [("x", "q"), ("y", "q"), ("q", "f"), ("z", "f")])
    centres = {t.get_text(): t.get_position()[0] for t in fig.axes[0].texts}
    assert centres["x"] == centres["y"] < centres["+"] == centres["z"] < centres["×"]
    plt.close(fig)


def test_draw_graph_refuses_what_is_not_a_graph_of_its_nodes():
    from helpers.plots import draw_graph

    with pytest.raises(ValueError, match="not in nodes"):
        draw_graph({"x": "x"}, [("x", "y")])
    with pytest.raises(ValueError, match="cycle"):
        draw_graph({"a": "+", "b": "+"}, [("a", "b"), ("b", "a")])
    with pytest.raises(ValueError, match="name the output"):
        draw_graph({"x": "x", "a": "+", "b": "+"}, [("x", "a"), ("x", "b")], grads={"x": 1})
    with pytest.raises(ValueError, match="not in the graph"):
        draw_graph({"x": "x"}, [], values={"w": 1})


def test_draw_net_draws_one_box_per_step_and_a_weight_gradient_per_layer():
    from helpers.plots import draw_net

    fig = draw_net([784, 64, 32, 10], "three layers")
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert [t for t in texts if t.startswith("Dense")] == ["Dense 1", "Dense 2", "Dense 3"]
    assert texts.count("ReLU") == 2 and sum(r"\partial L/\partial W_" in t for t in texts) == 3
    assert len(fig.axes[0].patches) == 8  # X, three dense layers, two ReLUs, softmax + CE, L
    plt.close(fig)
    with pytest.raises(ValueError, match="at least one layer"):
        draw_net([784], "no layer")


def test_draw_recorded_graph_names_the_inputs_and_numbers_the_backward_walk_from_the_right():
    from helpers.plots import draw_recorded_graph

    nodes = [{"op": "null", "inputs": []}, {"op": "null", "inputs": []}, {"op": "null", "inputs": []},
             {"op": "FullyConnected", "inputs": [[0, 0, 0], [1, 0, 0], [2, 0, 0]]},
             {"op": "null", "inputs": []}, {"op": "pick", "inputs": [[3, 0, 0], [4, 0, 0]]},
             {"op": "mean", "inputs": [[5, 0, 0]], "attrs": {}}]
    fig = draw_recorded_graph(nodes)
    texts = {t.get_text(): t.get_position()[0] for t in fig.axes[0].texts}
    assert {"Dense 1", "pick the\ntrue class", "mean over\nbatch"} <= set(texts)
    assert {"$X$", "$W_1$", "$b_1$", "label $y$"} <= set(texts)  # the nameless inputs, named
    assert [texts["1"], texts["2"], texts["3"]] == [2, 1, 0]  # the last operation is visited first
    plt.close(fig)
    with pytest.raises(ValueError, match="no operations"):
        draw_recorded_graph([{"op": "null", "inputs": []}])


def test_plot_run_gap_draws_each_bound_once_in_the_legend_and_refuses_runs_of_two_lengths():
    from helpers.plots import plot_run_gap

    first = np.linspace(2, 1, 60)
    second = first + np.r_[np.zeros(30), np.full(30, 1e-3)]
    fig = plot_run_gap(first, second, ("by hand", "autograd"), window=5, median_of=10,
                       bounds=[("start", 1e-5, 1, 10), ("median", 1e-4, 51, 60), ("median", 1e-2, 51, 60)])
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert legend == ["one batch's gap", "gap exactly 0 (at 1e-9)", "start", "median",
                      "median, last 10 steps"]
    plt.close(fig)
    with pytest.raises(ValueError, match="one length"):
        plot_run_gap(np.ones(60), np.ones(61), ("a", "b"))


def test_plot_backward_walks_numbers_every_tensor_and_every_mxnet_operation():
    from types import SimpleNamespace

    from helpers.plots import plot_backward_walks

    def node(op, name="", parents=()):
        return SimpleNamespace(op=op, name=name, parents=parents)

    x, w = node("leaf", "x"), node("leaf", "W")
    product = node("matmul", parents=(x, w))
    loss = node("cross_entropy", parents=(product,))
    visits = [loss, product, w, x]  # the order a backward pass visits them
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a layout matplotlib cannot apply is a figure drawn wrong
        fig = plot_backward_walks(visits, ["FullyConnected", "log_softmax", "mean"], [2, 1, 0],
                                  groups=[([0], [0]), ([1], [1, 2])])
        fig.canvas.draw()
    numbers = sorted(t.get_text() for t in fig.axes[0].texts if t.get_text().isdigit())
    assert numbers == sorted(["1", "2", "3", "4", "1", "2", "3"])  # four tensors, three MXNet operations
    renderer, width = fig.canvas.get_renderer(), fig.bbox.width
    titles = [t for t in fig.axes[0].texts if t.get_text().startswith(("Our engine", "MXNet:"))]
    assert len(titles) == 2 and all(t.get_window_extent(renderer).x1 <= width for t in titles)  # not cut off
    plt.close(fig)
    with pytest.raises(ValueError, match="exactly once"):
        plot_backward_walks(visits, ["FullyConnected", "mean"], [1, 0], groups=[([0], [0]), ([1], [0])])


def test_plot_walk_draws_the_points_tried_and_the_path_kept():
    from helpers.plots import plot_walk

    path, tried = np.array([[-2.0, 2.0], [-1.0, 1.0]]), np.array([[-3.0, 3.0], [-1.0, 1.0]])
    fig = plot_walk(lambda x, y: x**2 + y**2, path, tried, path[0], "a walk")
    ax = fig.axes[0]
    assert [line.get_label() for line in ax.get_lines()][:2] == ["tried, rejected", "kept"]
    np.testing.assert_array_equal(ax.get_lines()[1].get_xydata(), path)
    assert ax.get_title() == "a walk"
    plt.close(fig)


def test_plot_cosines_gives_each_panel_its_own_range():
    from helpers.plots import plot_cosines

    rng = np.random.default_rng(0)
    fig = plot_cosines(rng.uniform(-1, 1, 500), rng.normal(0, 0.01, 500), 2, 10_000)
    left, right = fig.axes
    assert left.get_xlim() == (-1.0, 1.0)
    assert 0.02 < right.get_xlim()[1] <= 0.1  # its own range: not squeezed into the left panel's
    assert "10,000 dimensions" in right.get_title()
    plt.close(fig)
