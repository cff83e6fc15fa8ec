"""Notebook 05's drawing of the chain W, b -> z -> p -> L: every array with its shape, every gradient."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest

from helpers.plots import draw_softmax_chain


@pytest.mark.parametrize("batch, shapes, gradient", [
    (False, ["(10, 784)", "(784,)", "(10,)", "a number"], r"(p - y)\, x^\top"),
    (True, ["(10, 784)", "(B, 784)", "(B, 10)", "mean of B"], r"(P - Y)^\top X / B"),
])
def test_the_chain_names_each_shape_and_the_weight_gradient(batch, shapes, gradient):
    fig = draw_softmax_chain(batch)
    texts = " ".join(text.get_text() for text in fig.axes[0].texts)
    assert all(shape in texts for shape in shapes)
    assert gradient in texts and "softmax" in texts
    red = [text for text in fig.axes[0].texts if text.get_color() == "crimson"]
    assert len(red) == 4  # dL/dp, dL/dz, dL/dW, dL/db: none for the image
    plt.close(fig)
