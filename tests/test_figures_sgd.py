"""The figures of notebook 09: what they draw, and what they refuse to draw."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

from helpers.plots import plot_gradient_noise, plot_loss_slices, plot_training_curves


def test_plot_gradient_noise_draws_measured_points_the_prediction_and_the_gradient_on_log_axes():
    sizes = [16, 64, 256]
    fig = plot_gradient_noise(sizes, [2.0, 1.0, 0.5], sigma=8.0, population=50_000, full_norm=1.0)
    ax = fig.axes[0]
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log"
    prediction, measured = ax.lines[0], ax.lines[1]
    assert list(measured.get_xdata()) == sizes
    # The prediction at B = 64 is sigma / 8, times the finite-population factor.
    x, y = prediction.get_xdata(), prediction.get_ydata()
    assert np.interp(64, x, y) == pytest.approx(1.0 * np.sqrt((50_000 - 64) / 49_999), rel=1e-2)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["16", "64", "256"]
    plt.close(fig)


def test_plot_gradient_noise_refuses_mismatched_values():
    with pytest.raises(ValueError, match="one measured value"):
        plot_gradient_noise([16, 64], [1.0], sigma=1.0, population=100, full_norm=1.0)


def test_plot_training_curves_marks_each_runs_lowest_validation_loss():
    curves = {"one": ([1.0, 0.5, 0.3], [1.1, 0.7, 0.8]), "two": ([0.9, 0.4, 0.1], [1.0, 0.6, 0.65])}
    fig = plot_training_curves(np.linspace(2, 0.1, 30), 10, curves, {"one": 2, "two": 2}, batch_run="two")
    left, right = fig.axes
    assert left.get_yscale() == "log" and len(left.lines[0].get_xdata()) == 30
    markers = [line for line in right.lines if line.get_marker() == "o" and len(line.get_xdata()) == 1]
    assert [(line.get_xdata()[0], line.get_ydata()[0]) for line in markers] == [(2, 0.7), (2, 0.6)]
    plt.close(fig)


def test_plot_training_curves_refuses_runs_it_does_not_know():
    with pytest.raises(ValueError, match="name the runs"):
        plot_training_curves([1.0], 1, {"one": ([1.0], [1.0])}, {"one": 1}, batch_run="two")


def test_plot_loss_slices_draws_one_panel_per_net_with_its_chord():
    t = np.linspace(0, 1, 5)
    fig = plot_loss_slices(t, {"convex": [1, 0.6, 0.5, 0.6, 0.9], "hill": [0.1, 0.5, 1, 0.5, 0.1]})
    assert [ax.get_title() for ax in fig.axes] == ["convex", "hill"]
    chord = fig.axes[0].lines[1]
    assert list(chord.get_xdata()) == [0, 1] and list(chord.get_ydata()) == [1, 0.9]
    plt.close(fig)


def test_plot_loss_slices_needs_t_from_0_to_1_and_one_loss_per_t():
    with pytest.raises(ValueError, match="from 0"):
        plot_loss_slices([0.2, 1.0], {"net": [1, 2]})
    with pytest.raises(ValueError, match="one loss per value"):
        plot_loss_slices([0, 1], {"net": [1]})
