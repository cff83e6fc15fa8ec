"""The figure notebook 06 draws with a helper: the weight of a few descent runs against the step."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

from helpers.plots import plot_weight_paths


def test_plot_weight_paths_draws_one_line_per_run_and_the_minimum():
    runs = {"write": [0.0, 0.6, 1.08], "add, zeroed": [0.0, 0.6, 1.08], "add, never zeroed": [0.0, 0.6, 1.68]}
    fig = plot_weight_paths(runs, minimum=3, title="descent")
    ax = fig.axes[0]
    labels = [line.get_label() for line in ax.lines]
    assert labels == [*runs, "the minimum, w = 3"]
    assert [line.get_linestyle() for line in ax.lines[:3]] == ["-", "--", "-"]
    assert list(ax.lines[2].get_ydata()) == runs["add, never zeroed"]
    assert ax.get_title() == "descent" and ax.get_xlabel() == "step"
    plt.close(fig)
