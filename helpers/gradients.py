"""One measure of how far apart two gradients are, for every gradient check of the course."""

from __future__ import annotations

import numpy as np


def relative_error(a, b) -> float:
    """Return the largest |a - b| over the largest |b|: 0 for equal arrays, about 1 for unrelated ones.

    Dividing entry by entry would blow up where b is near zero, where rounding alone is a
    sizeable fraction of the value; dividing by the largest entry does not.
    """
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"relative_error compares arrays of one shape; got {a.shape} and {b.shape}")
    scale = np.abs(b).max() if b.size else 0.0
    if scale == 0:
        return 0.0 if np.array_equal(a, b) else float("inf")
    return float(np.abs(a - b).max() / scale)
