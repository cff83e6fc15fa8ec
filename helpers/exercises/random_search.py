"""Self-checks of notebook 03's exercises."""

from __future__ import annotations

import math

from helpers.exercises import CORRECT, NOT_QUITE, NOT_YET, as_number, near, not_a_number


def check_small_weights_loss(answer) -> str:
    """Return the verdict on the loss of random weights drawn with standard deviation 0.01."""
    if answer is None:
        return f"{NOT_YET} set answer_small_weights to a number and run this cell again."
    value = as_number(answer)
    if value is None:
        return not_a_number("3.14")
    if near(value, math.log(10), absolute=0.05):  # asked for two decimals
        return f"{CORRECT} Tiny logits make the softmax nearly uniform, so the loss is -ln(1/10) = ln 10."
    if 8 <= value <= 20:
        return (f"{NOT_QUITE} about 14 is the loss of weights drawn from N(0, 1). With sigma = 0.01 the "
                "logits are a hundred times smaller: what does the softmax give then?")
    return (f"{NOT_QUITE} with sigma = 0.01 the logits have a standard deviation of only about 0.09: "
            "what does the softmax give then, and what is -log of it?")


def check_scale_factor(answer) -> str:
    """Return the verdict on how much the logits' spread grows when pixels are not divided by 255."""
    if answer is None:
        return f"{NOT_YET} set answer_scale_factor to a number and run this cell again."
    value = as_number(answer)
    if value is None:
        return not_a_number("10")
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
