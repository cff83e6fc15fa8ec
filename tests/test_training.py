"""helpers.training's TrainingLog, and the figures notebook 05 draws with helpers.plots."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import mxnet as mx
import numpy as np
import pytest
from mxnet import autograd, gluon, nd

from helpers import seed_everything
from helpers.losses import cross_entropy
from helpers.plots import (
    plot_descent_path,
    plot_loss_curves,
    plot_tangent_step,
    show_digits,
    show_weight_templates,
)
from helpers.training import TrainingLog


def small_problem():
    """Return a fresh 6 -> 3 dense net and three batches (sizes 4, 4, 2) of a fixed toy problem."""
    seed_everything(5)
    net = gluon.nn.Dense(3, in_units=6)
    net.initialize(mx.init.Normal(0.5))
    rng = np.random.default_rng(5)
    X, y = rng.normal(size=(10, 6)).astype(np.float32), rng.integers(0, 3, size=10).astype(np.float32)
    return net, [(nd.array(X[s:s + 4]), nd.array(y[s:s + 4])) for s in (0, 4, 8)]


def sgd(net, batches, epochs: int, learning_rate: float = 0.5) -> list[float]:
    """Plain SGD on the mean softmax cross-entropy; return the loss of every batch before its step."""
    W, b = net.weight.data(), net.bias.data()
    seen = []
    for _ in range(epochs):
        for X, label in batches:
            Z = net(X)
            seen.append(cross_entropy(Z.asnumpy(), label.asnumpy()))
            grad_Z = (nd.softmax(Z, axis=1) - nd.one_hot(label, 3)) / X.shape[0]
            W -= learning_rate * nd.dot(grad_Z, X, transpose_a=True)
            b -= learning_rate * grad_Z.sum(axis=0)
    return seen


def test_the_log_keeps_each_batch_loss_from_the_scores_the_step_used():
    net, batches = small_problem()
    log = TrainingLog()
    seen = sgd(net, log.watch(net, batches, epochs=2), epochs=2)
    # float32 log_softmax against float64: oneDNN's fast exp and log are good to about 1e-5 relative.
    assert np.allclose(log.batch_losses, seen, rtol=1e-5) and len(log.batch_losses) == 6
    sizes = np.array([4, 4, 2])
    for epoch in range(2):  # an epoch's mean is over its images, not over its batches
        expected = (np.array(seen[3 * epoch:3 * epoch + 3]) * sizes).sum() / sizes.sum()
        assert log.epoch_losses[epoch] == pytest.approx(expected, rel=1e-5)


def test_the_log_copies_the_parameters_after_each_epoch():
    net, batches = small_problem()
    log = TrainingLog()
    sgd(net, log.watch(net, batches, epochs=2), epochs=2)
    (W1, b1), (W2, b2) = log.parameters
    assert (W2 == net.weight.data()).min().asscalar() == 1 and (b2 == net.bias.data()).min().asscalar() == 1
    assert (W1 != W2).max().asscalar() == 1  # a copy of epoch 1's weights, not the live array


def test_watching_leaves_the_training_unchanged_and_the_net_without_a_hook():
    net, batches = small_problem()
    sgd(net, batches, epochs=1)
    watched_net, _ = small_problem()
    sgd(watched_net, TrainingLog().watch(watched_net, batches, epochs=1), epochs=1)
    assert (net.weight.data() == watched_net.weight.data()).min().asscalar() == 1
    assert not watched_net._forward_hooks


def test_the_log_works_inside_autograd_and_records_nothing_there():
    net, batches = small_problem()
    log = TrainingLog()
    trainer = gluon.Trainer(net.collect_params(), "sgd", {"learning_rate": 0.5})
    loss_fn = gluon.loss.SoftmaxCrossEntropyLoss()
    for X, label in log.watch(net, batches, epochs=1):
        with autograd.record():
            losses = loss_fn(net(X), label)
        losses.backward()
        trainer.step(X.shape[0])
    assert len(log.batch_losses) == 3 and log.batch_losses[0] == pytest.approx(
        cross_entropy(small_problem()[0](batches[0][0]).asnumpy(), batches[0][1].asnumpy()), rel=1e-5)


def test_a_loop_that_skips_the_net_is_told_so():
    net, batches = small_problem()
    with pytest.raises(RuntimeError, match="did not run the net"):
        for _ in TrainingLog().watch(net, batches, epochs=1):
            pass
    with pytest.raises(ValueError, match="at least 1"):
        TrainingLog().watch(net, batches, epochs=0)


def test_the_progress_bar_and_curve_close_after_the_last_epoch():
    net, batches = small_problem()
    before = set(plt.get_fignums())
    log = TrainingLog()
    sgd(net, log.watch(net, batches, epochs=2, show_progress=True), epochs=2)
    assert set(plt.get_fignums()) == before and len(log.epoch_losses) == 2


def test_plot_tangent_step_and_descent_path_draw_the_step_and_every_point():
    f, df = (lambda x: x**4 / 8 - x + 2), (lambda x: x**3 / 2 - 1)
    fig = plot_tangent_step(f, df, 2.0, 0.2)
    (x1,), _ = fig.axes[0].lines[3].get_data()
    assert x1 == pytest.approx(1.4)  # 2 - 0.2 * f'(2)
    fig = plot_descent_path(f, [2.0, 1.4, 1.3], minimum=2 ** (1 / 3), title="three points")
    xs, _ = fig.axes[0].lines[1].get_data()
    assert list(xs) == [2.0, 1.4, 1.3] and fig.axes[0].get_title().endswith("ends at x = 1.30")
    plt.close("all")


def test_plot_loss_curves_draws_two_runs_and_their_difference():
    fig = plot_loss_curves({"a": [1.0, 2.0, 3.0], "b": [1.0, 1.5, 3.5]}, batches_per_epoch=3, title="t")
    _, difference = fig.axes[1].lines[0].get_data()
    assert list(difference) == [0.0, 0.5, -0.5]
    with pytest.raises(ValueError, match="two runs"):
        plot_loss_curves({"a": [1.0], "b": [1.0, 2.0]}, batches_per_epoch=1, title="t")
    plt.close("all")


def test_show_weight_templates_draws_ten_rows_on_one_symmetric_scale():
    weights = np.linspace(-1, 3, 7840).reshape(10, 784)
    fig = show_weight_templates(weights)
    images = [ax.images[0] for ax in fig.axes if ax.images]
    assert len(images) == 10 and images[0].get_clim() == (-3.0, 3.0)
    with pytest.raises(ValueError, match="10, 784"):
        show_weight_templates(weights[:5])
    plt.close("all")


def test_show_digits_scale_enlarges_the_digits_and_their_titles():
    images, labels = np.zeros((2, 28, 28)), [1, 2]
    small, large = show_digits(images, labels, ncols=2), show_digits(images, labels, ncols=2, scale=2.0)
    assert large.get_figwidth() == pytest.approx(2 * small.get_figwidth())
    assert large.axes[0].title.get_fontsize() == pytest.approx(2 * small.axes[0].title.get_fontsize())
    plt.close("all")
