"""Notebook 04's loss-along-lines figure, and the steepest direction it draws."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

from helpers.plots import plot_loss_along_lines, plot_refinement, plot_two_searches


def test_plot_loss_along_lines_puts_every_line_left_and_only_the_random_ones_right():
    t = np.linspace(-2, 2, 9)
    randoms = [0.1 * t**2 + 0.01 * t, 0.1 * t**2 - 0.02 * t]
    fig = plot_loss_along_lines(t, t**2 - 3 * t, randoms, step_length=2.0)
    left, right = fig.axes
    labels = [line.get_label() for line in left.get_lines()]
    assert "steepest direction, -gradient" in labels and "its chord" in labels
    np.testing.assert_allclose(right.get_lines()[0].get_ydata(), randoms[0])  # zoomed: random lines only
    assert right.get_ylim()[1] < 1  # not squeezed by the steepest line, which reaches 10
    plt.close(fig)
    with pytest.raises(ValueError, match="one loss change per value of t"):
        plot_loss_along_lines(t, t[:-1], randoms, 2.0)


def test_downhill_direction_is_a_unit_vector_that_lowers_the_loss():
    import mxnet as mx
    from mxnet import gluon, nd

    from helpers.search import downhill_direction

    mx.random.seed(0)
    net = gluon.nn.Dense(3, in_units=4)
    net.initialize(mx.init.Normal(1.0))
    loss_fn = gluon.loss.SoftmaxCrossEntropyLoss()
    X, y = nd.random.normal(shape=(8, 4)), nd.array([0, 1, 2, 0, 1, 2, 0, 1])
    before = loss_fn(net(X), y).mean().asscalar()
    d = downhill_direction(net, loss_fn, X, y)
    assert d.shape == (3 * 4 + 3,) and np.linalg.norm(d) == pytest.approx(1, rel=1e-5)
    net.weight.set_data(net.weight.data() + 1e-3 * nd.array(d[:12].reshape(3, 4)))
    net.bias.set_data(net.bias.data() + 1e-3 * nd.array(d[12:]))
    assert loss_fn(net(X), y).mean().asscalar() < before


def test_plot_refinement_marks_kept_and_rejected_tries_and_steps_the_current_loss():
    fig = plot_refinement([5.0, 3.0, 4.0], [False, True, False], [4.0, 4.0, 3.0, 3.0], "three steps")
    (ax,) = fig.axes
    kept, rejected, current = ax.get_lines()
    assert list(kept.get_ydata()) == [3.0] and list(rejected.get_ydata()) == [5.0, 4.0]
    assert list(current.get_ydata())[-1] == 3.0 and ax.get_title() == "three steps"
    plt.close(fig)
    with pytest.raises(ValueError, match="one more current loss"):
        plot_refinement([5.0], [False], [4.0], "wrong")


def test_plot_two_searches_draws_one_curve_per_search_and_the_switch():
    curves = {"search": np.array([3.0, 2.0, 2.0]), "refine": np.array([3.0, 2.5, 1.0])}
    fig = plot_two_searches(curves, 1, "same budget")
    (ax,) = fig.axes
    labels = [line.get_label() for line in ax.get_lines()]
    assert labels == ["search", "refine", "refinement starts"]
    assert list(ax.get_lines()[2].get_xdata()) == [1.5, 1.5]
    plt.close(fig)
