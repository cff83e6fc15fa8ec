"""Figures several notebooks draw the same way."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np


def show_digits(images: np.ndarray, labels, predictions=None, ncols: int = 10,
                title: str | None = None) -> plt.Figure:
    """Return a figure with a grid of 28 x 28 digits, each titled with its label (and prediction)."""
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
    fig, axes = plt.subplots(nrows, ncols, figsize=(1.1 * ncols, 1.3 * nrows), squeeze=False)
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
        ax.set_title(text, fontsize=9, color=color)
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig
