"""The figures of notebook 08: what they draw, and what they refuse to draw."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

from helpers.plots import backward_walk_groups, plot_gradient_cost, plot_three_trainings


def test_plot_three_trainings_draws_every_run_and_the_differences_from_the_first():
    losses = np.column_stack([np.linspace(2, 0.5, 20)] * 3) + np.array([0, 1e-5, -1e-5])
    fig = plot_three_trainings(losses, ["engine", "07 by hand", "MXNet"])
    top, bottom = fig.axes
    assert [line.get_label() for line in top.lines] == ["engine", "07 by hand", "MXNet"]
    assert len(bottom.lines) == 2
    assert np.allclose(bottom.lines[0].get_ydata(), 1e-5) and np.allclose(bottom.lines[1].get_ydata(), -1e-5)
    plt.close(fig)
    with pytest.raises(ValueError, match="one column of losses per name"):
        plot_three_trainings(losses, ["engine", "MXNet"])


def test_plot_gradient_cost_draws_2p_against_the_backward_pass_on_log_axes():
    fig = plot_gradient_cost([100, 1000], [1.5, 2.5])
    ax = fig.axes[0]
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log"
    assert list(ax.lines[0].get_ydata()) == [200, 2000]
    assert list(ax.lines[1].get_ydata()) == [1.5, 2.5]
    plt.close(fig)


def test_backward_walk_groups_pairs_each_mxnet_operation_with_the_engine_operations_it_stands_for():
    as_engine = {"FullyConnected": ["matmul", "add"], "Activation": ["relu"],
                 "log_softmax": ["cross_entropy"]}
    ops = ["FullyConnected", "Activation", "FullyConnected", "log_softmax", "pick", "mean"]
    expected = [([0, 1], [0]), ([2], [1]), ([3, 4], [2]), ([5], [3, 4, 5])]
    assert backward_walk_groups(ops, as_engine) == expected
    with pytest.raises(ValueError, match="before any operation"):
        backward_walk_groups(["pick", "FullyConnected"], as_engine)
