"""Self-checks of notebook 01's exercises."""

from __future__ import annotations

import math

import numpy as np

from helpers.exercises import CORRECT, NOT_QUITE, NOT_YET, as_number, near, not_a_number

# Logits the check feeds to ce_from_logits: large enough to overflow a naive softmax, with the
# maximum first, last and in the middle, so subtracting the first or the smallest logit fails too.
TEST_LOGITS = [
    np.array([1001.0, 1002.0, 1003.0, 1004.0]),
    np.array([0.0, 900.0, 5.0]),
    np.array([-1000.0, 0.0, 1000.0]),
    np.array([750.0, -20.0, 3.5, 749.0]),
]


def check_uniform_loss(answer) -> str:
    """Return the verdict on the cross-entropy of a uniform guess over 10 classes."""
    if answer is None:
        return f"{NOT_YET} set uniform_loss above and run both cells again."
    value = as_number(answer)
    if value is None:
        return not_a_number("2.30")
    if near(value, math.log(10), absolute=5e-3):  # two decimals, 2.30, are enough
        return f"{CORRECT} -log(1/10) = ln 10 = 2.3026."
    if near(value, -math.log(10), absolute=5e-3):
        return f"{NOT_QUITE} check the sign: the loss is -log p, and log(1/10) is negative."
    if near(value, 1.0, absolute=5e-3):
        return f"{NOT_QUITE} that is log base 10; cross-entropy uses the natural logarithm (np.log)."
    if near(value, math.log2(10), absolute=5e-3):
        return f"{NOT_QUITE} that is log base 2; cross-entropy here uses the natural logarithm (np.log)."
    if near(value, 0.1, absolute=1e-3):
        return f"{NOT_QUITE} 0.1 is the probability of the true class; the loss is -log of it."
    return f"{NOT_QUITE} every class gets probability 1/10, and the loss is -log of the true class's share."


def _reference(z: np.ndarray, c: int) -> float:
    m = z.max()
    return float(np.log(np.exp(z - m).sum()) + m - z[c])


def _diagnose(z: np.ndarray, c: int, got: float) -> str:
    m = z.max()
    if not np.isfinite(got):
        return (f"for logits {z.tolist()} and class {c} you got {got}: an exponent overflowed, or a "
                "probability underflowed to 0 before its log. Subtract the largest logit (z.max()), "
                "not the first or the smallest, and take the log of the sum, never of a probability.")
    if near(got, float(np.log(np.exp(z - m).sum())), absolute=1e-9):
        return "you return log sum_j e^(z_j - m); do not forget the + m - z_c."
    if near(got, -_reference(z, c), absolute=1e-9):
        return "check the sign: the loss is -log softmax(z)_c, which is never negative."
    return (f"for logits {z.tolist()} and class {c} expected {_reference(z, c):.4f}, got {got:.4f}. "
            "Use log sum_j e^(z_j - m) + m - z_c with m = max_j z_j.")


def check_ce_from_logits(ce_from_logits) -> str:
    """Return the verdict on a function computing -log softmax(z)_c without the probabilities."""
    if ce_from_logits is None:
        return f"{NOT_YET} define ce_from_logits above and run both cells again."
    if not callable(ce_from_logits):
        return f"{NOT_QUITE} ce_from_logits must be a function: def ce_from_logits(z, c): ..."
    for z in TEST_LOGITS:
        for c in range(len(z)):
            try:
                with np.errstate(all="ignore"):
                    result = ce_from_logits(z.copy(), c)
            except Exception as error:  # noqa: BLE001 - any error in the student's code is reported, not raised
                return f"{NOT_QUITE} your function raised {type(error).__name__}: {error}"
            got = as_number(result)
            if got is None:
                return f"{NOT_QUITE} return one number, the loss of class c, not {type(result).__name__}."
            if not near(got, _reference(z, c), absolute=1e-9, relative=1e-12):
                return f"{NOT_QUITE} {_diagnose(z, c, got)}"
    return f"{CORRECT} Subtracting the maximum keeps every exponent at or below zero, for any logits."
