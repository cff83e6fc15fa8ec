"""Self-checks of notebook 03's exercises."""

from __future__ import annotations

import math

from helpers.exercises import CORRECT, NOT_QUITE, near, read_number


def check_new_bests(answer) -> str:
    """Return the verdict on the expected number of new bests in a search of 100 tries."""
    value, verdict = read_number(answer, "answer_new_bests", "3.14")
    if verdict:
        return verdict
    expected = sum(1 / n for n in range(1, 101))  # 5.187: the 100th harmonic number
    if near(value, expected, absolute=0.02):  # asked for two decimals
        return (f"{CORRECT} The expected count is the sum of the chances, 1 + 1/2 + ... + 1/100 = 5.19: "
                "a hundred tries bring only about five improvements, ever more rarely.")
    if near(value, expected - 1, absolute=0.02):
        return f"{NOT_QUITE} count the first try too: it is always a new best."
    if near(value, math.log(100), absolute=0.02):
        return (f"{NOT_QUITE} ln 100 is close, but the sum of 1/n runs about 0.577 above ln N "
                "(Euler's constant): add up the chances exactly.")
    if near(value, 0.01, absolute=1e-3):
        return f"{NOT_QUITE} 1/100 is the chance for the last try alone; add up the chances of every try."
    return (f"{NOT_QUITE} a count of events is the sum of their chances: add up 1/n for every try "
            "n = 1 to 100.")


def check_scale_factor(answer) -> str:
    """Return the verdict on how much the logits' spread grows when pixels are not divided by 255."""
    value, verdict = read_number(answer, "answer_scale_factor", "10")
    if verdict:
        return verdict
    if near(value, 255, absolute=0.5):
        return (f"{CORRECT} The std is sqrt(sum x_j^2): multiply every x_j by 255 and it grows 255-fold, "
                "and so would the loss of a random try (about 255 x 14).")
    if near(value, 255**2, relative=0.01):
        return f"{NOT_QUITE} 255^2 is how the variance grows; the standard deviation is its square root."
    if near(value, math.sqrt(255), relative=0.01):
        return f"{NOT_QUITE} every pixel x_j grows 255-fold, so sum x_j^2 grows 255^2-fold: take its root."
    if value < 1:
        return f"{NOT_QUITE} without the division the pixels are larger, so the logits spread more, not less."
    return f"{NOT_QUITE} write the std of z_k as a function of the pixels x_j, then multiply each x_j by 255."
