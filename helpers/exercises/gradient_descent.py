"""Self-checks of notebook 05's exercises."""

from __future__ import annotations

import numpy as np

from helpers.exercises import CORRECT, NOT_QUITE, NOT_YET, as_number, as_vector, near, not_a_number

SCORES, TRUE_CLASS = np.array([2.0, 1.0, 0.0]), 0
BATCH_SIZE, LEARNING_RATE = 64, 0.1


def _softmax(z: np.ndarray) -> np.ndarray:
    exps = np.exp(z - z.max())
    return exps / exps.sum()


def check_error_signal(answer) -> str:
    """Return the verdict on dL/dz for scores (2, 1, 0) and true class 0."""
    if answer is None:
        return f"{NOT_YET} assign your three numbers to answer_1."
    vector = as_vector(answer, 3)
    if vector is None:
        return (f"{NOT_QUITE} the gradient has one entry per score: three numbers, "
                "e.g. np.array([0.1, 0.2, 0.3]).")
    p = _softmax(SCORES)
    expected = p - np.eye(3)[TRUE_CLASS]
    gap = np.abs(vector - expected).max()
    if gap <= 0.0051:  # right to two decimals, as pencil and paper would give it
        shown = ", ".join(f"{v:.4f}" for v in expected)
        return f"{CORRECT} dL/dz = softmax(z) - y = ({shown})."
    if gap <= 0.051:
        return f"{NOT_QUITE} close, but round to two decimals at least: one decimal is too coarse to check."
    if np.abs(vector + expected).max() <= 0.0051:
        return f"{NOT_QUITE} check the sign: it is softmax(z) minus the one-hot label, not the reverse."
    if np.abs(vector - p).max() <= 0.0051:
        return f"{NOT_QUITE} that is softmax(z) itself; subtract the one-hot label y (a 1 at class 0)."
    if abs(vector.sum()) <= 0.011:
        return f"{NOT_QUITE} the entries sum to 0 as they should; check where the 1 is subtracted (class 0)."
    return f"{NOT_QUITE} softmax the scores, then subtract 1 at the true class. The entries sum to 0."


def check_bias_learning_rate(answer) -> str:
    """Return the verdict on the bias's effective learning rate in the lecture's code."""
    if answer is None:
        return f"{NOT_YET} assign a number to answer_2."
    value = as_number(answer)
    if value is None:
        return not_a_number("0.05 or 1/20")
    expected = LEARNING_RATE / BATCH_SIZE
    if near(value, expected, relative=0.04):  # 0.0016, 0.00156, 1/640, 0.0015625
        return f"{CORRECT} 0.1 / 64 = 0.0015625: the bias learned 64 times more slowly than the weights."
    if near(value, LEARNING_RATE * BATCH_SIZE, relative=0.04):
        return f"{NOT_QUITE} dividing by the batch size makes the step smaller, not larger."
    if near(value, LEARNING_RATE / BATCH_SIZE**2, relative=0.04):
        return (f"{NOT_QUITE} one division too many: the right gradient already has its 1/64, so only the "
                "second division changes the effective learning rate.")
    if near(value, LEARNING_RATE, relative=0.04):
        return (f"{NOT_QUITE} the extra division by 64 changes the step: delta_cross_entropy divides, "
                "and so does nd.mean.")
    return f"{NOT_QUITE} delta_cross_entropy already divides by 64; nd.mean divides by 64 again."
