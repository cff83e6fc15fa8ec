"""The two blind searches of notebooks 03 to 05, written once, and the way down that they miss.

Notebook 03 teaches random search and notebook 04 refinement, each with this code on screen
(`show_code`); the later notebooks call the same functions. Both draw from MXNet's generator, so
seed it first (`seed_everything`) and the same calls give the same tries.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
from mxnet import autograd, nd

SHAPES = ((10, 784), (10,))  # the lecture's one-layer net: W and b
LossOf = Callable[[nd.NDArray, nd.NDArray], float]
Point = tuple[float, nd.NDArray, nd.NDArray]  # a loss and the W, b that give it


def random_search(loss_of: LossOf, num_tries: int, scale: float = 1.0) -> tuple[list[float], Point]:
    """Return the loss of every try and the best (loss, W, b) of num_tries draws from N(0, scale^2)."""
    if num_tries < 1:
        raise ValueError(f"random_search needs at least one try, got num_tries={num_tries}")
    losses, best = [], (math.inf, None, None)
    for _ in range(num_tries):
        W = nd.random.normal(0, scale, shape=SHAPES[0])
        b = nd.random.normal(0, scale, shape=SHAPES[1])
        losses.append(loss_of(W, b))
        if losses[-1] < best[0]:  # remember this W *and* this b
            best = (losses[-1], W, b)
    return losses, best


def refine(loss_of: LossOf, W: nd.NDArray, b: nd.NDArray, num_steps: int,
           step_size: float) -> tuple[list[float], list[bool], Point]:
    """Return every tried loss, which steps were kept, and the (loss, W, b) reached by random steps."""
    current = (loss_of(W, b), W.copy(), b.copy())  # our own copies: never the net's live arrays
    tried, kept = [], []
    for _ in range(num_steps):
        W_try = current[1] + step_size * nd.random.normal(0, 1, shape=W.shape)
        b_try = current[2] + step_size * nd.random.normal(0, 1, shape=b.shape)
        tried.append(loss_of(W_try, b_try))
        kept.append(tried[-1] < current[0])  # compare with where we stand, not with infinity
        if kept[-1]:
            current = (tried[-1], W_try, b_try)
    return tried, kept, current


def downhill_direction(net, loss_fn, X: nd.NDArray, y: nd.NDArray) -> np.ndarray:
    """Return -grad / |grad| of the net's mean loss on (X, y), its weight then its bias, as one flat vector.

    The steepest way down from the net's current weights; notebook 04 uses it before notebook 05
    teaches how it is computed (here MXNet's autograd computes it).
    """
    with autograd.record():
        loss = loss_fn(net(X), y).mean()
    loss.backward()
    grad = np.concatenate([net.weight.grad().asnumpy().ravel(), net.bias.grad().asnumpy().ravel()])
    return -grad / np.linalg.norm(grad)
