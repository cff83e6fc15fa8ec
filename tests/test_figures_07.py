"""Notebook 07's chain of dense layers with the gradients G_i drawn on it."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest


def test_draw_gradient_chain_labels_each_hand_down_with_its_gradient_and_shape():
    from helpers.plots import draw_gradient_chain

    fig = draw_gradient_chain([784, 64, 32, 10], "three layers")
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert {"$G_3$\n(B, 10)", "$G_2$\n(B, 32)", "$G_1$\n(B, 64)"} <= set(texts)
    assert {"$G_{3} W_{3}$\n(B, 32)", "$G_{2} W_{2}$\n(B, 64)"} <= set(texts)  # through W, before the ReLU
    assert sum(r"\partial L/\partial W_" in t for t in texts) == 3 and texts.count("ReLU") == 2
    assert len(fig.axes[0].patches) == 8  # X, three dense layers, two ReLUs, softmax + CE, L
    plt.close(fig)
    with pytest.raises(ValueError, match="at least one layer"):
        draw_gradient_chain([784], "no layer")
