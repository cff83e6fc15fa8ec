"""Where to compute and how to make every random draw repeatable."""

from __future__ import annotations

import random

import mxnet as mx
import numpy as np


def try_gpu() -> mx.Context:
    """Return the first GPU's context when MXNet sees one, else the CPU's."""
    try:
        if mx.context.num_gpus() > 0:
            return mx.gpu(0)
    except mx.base.MXNetError:
        pass  # a CPU-only build of MXNet raises instead of answering 0
    return mx.cpu()


def seed_everything(seed: int) -> None:
    """Seed Python's, NumPy's and MXNet's random generators with one number."""
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        raise TypeError(f"seed must be an int, got {type(seed).__name__}")
    if not 0 <= seed < 2**32:
        raise ValueError(f"seed must be in [0, 2**32), got {seed}")
    random.seed(seed)
    np.random.seed(seed)
    mx.random.seed(int(seed))
