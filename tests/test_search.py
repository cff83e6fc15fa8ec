"""The blind searches of helpers.search, and the float64 loss of helpers.losses."""

from __future__ import annotations

import numpy as np
import pytest
from mxnet import nd

from helpers import seed_everything
from helpers.losses import cross_entropy, log_softmax
from helpers.search import random_search, refine


def distance_to_target(W, b) -> float:
    # A loss with a known minimum: the squared distance of (W, b) from 0.5 everywhere.
    return float(((W - 0.5) ** 2).sum().asscalar() + ((b - 0.5) ** 2).sum().asscalar())


def test_random_search_keeps_the_lowest_try_with_its_own_weights_and_bias():
    seed_everything(3)
    losses, (best, W, b) = random_search(distance_to_target, 5)
    assert len(losses) == 5 and best == min(losses) and distance_to_target(W, b) == best


def test_random_search_with_the_same_seed_repeats_its_tries():
    seed_everything(3)
    first, _ = random_search(distance_to_target, 3)
    seed_everything(3)
    assert random_search(distance_to_target, 3)[0] == first


def test_random_search_refuses_zero_tries():
    with pytest.raises(ValueError, match="at least one try"):
        random_search(distance_to_target, 0)


def test_refine_never_goes_up_and_leaves_the_start_untouched():
    seed_everything(4)
    W, b = nd.zeros((10, 784)), nd.zeros(10)
    tried, kept, (loss, W_end, b_end) = refine(distance_to_target, W, b, num_steps=20, step_size=0.01)
    assert len(tried) == len(kept) == 20 and 0 < sum(kept) < 20
    assert loss == min([distance_to_target(W, b)] + [t for t, k in zip(tried, kept) if k])
    assert loss < distance_to_target(W, b) == 10 * 784 * 0.25 + 10 * 0.25  # the start is unchanged
    assert distance_to_target(W_end, b_end) == loss


def test_log_softmax_survives_huge_and_tiny_logits():
    rows = log_softmax([[1001.0, 1002.0, 1003.0, 1004.0], [-1000.0, 0.0, 1000.0, 0.0]])
    assert np.isfinite(rows).all()
    assert np.allclose(np.exp(rows).sum(axis=1), 1)
    assert rows[1, 0] == pytest.approx(-2000.0)


def test_cross_entropy_is_the_mean_minus_log_probability_of_the_labels():
    logits = np.array([[1.0, 2.0, 3.0, 4.0], [0.0, 0.0, 0.0, 0.0]])
    assert cross_entropy(logits, [3, 1]) == pytest.approx((0.44018969856119544 + np.log(4)) / 2, abs=1e-15)


def test_cross_entropy_names_a_shape_mismatch():
    with pytest.raises(ValueError, match="one label per row"):
        cross_entropy(np.zeros((3, 10)), [1, 2])


def test_relative_error_scales_by_the_largest_entry_not_entry_by_entry():
    from helpers.gradients import relative_error

    assert relative_error([1.0, 1e-9], [1.0, 0.0]) == pytest.approx(1e-9)
    assert relative_error([2.0, 0.0], [1.0, 0.0]) == 1.0
    assert relative_error([0.0], [0.0]) == 0.0
    with pytest.raises(ValueError, match="one shape"):
        relative_error([1.0, 2.0], [1.0])
