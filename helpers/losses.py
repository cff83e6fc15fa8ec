"""Softmax cross-entropy in float64 NumPy, written once for every notebook that needs it."""

from __future__ import annotations

import numpy as np


def log_softmax(logits) -> np.ndarray:
    """Return log softmax of each row (the last axis) in float64, without overflow or underflow."""
    z = np.asarray(logits, dtype=np.float64)
    shifted = z - z.max(axis=-1, keepdims=True)  # the largest exponent is e^0 = 1
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


def cross_entropy(logits, labels) -> float:
    """Return the mean softmax cross-entropy of a batch of logits (rows) and their class labels."""
    log_p = log_softmax(logits)
    labels = np.asarray(labels).astype(int).ravel()
    if log_p.ndim != 2 or log_p.shape[0] != labels.size:
        raise ValueError(f"expected logits of shape (batch, classes) and one label per row; "
                         f"got {log_p.shape} and {labels.size} labels")
    return float(-log_p[np.arange(labels.size), labels].mean())
