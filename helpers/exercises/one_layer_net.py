"""Self-checks of notebook 02's exercises."""

from __future__ import annotations

from helpers.data import NUM_PIXELS
from helpers.exercises import CORRECT, NOT_QUITE, NOT_YET, as_number, not_a_number

NUM_CLASSES = 10


def check_parameters_without_bias(answer) -> str:
    """Return the verdict on the number of parameters of the 784 -> 10 net without its bias."""
    if answer is None:
        return f"{NOT_YET} set parameters_without_bias above and run both cells again."
    value = as_number(answer)
    if value is None:
        return not_a_number("1234")
    weights = NUM_PIXELS * NUM_CLASSES
    if value == weights:
        return f"{CORRECT} One weight per pixel per class: 784 x 10 = 7,840."
    if value == weights + NUM_CLASSES:
        return f"{NOT_QUITE} 7,850 still counts the 10 biases; leave them out."
    if value in (NUM_PIXELS, NUM_CLASSES):
        return f"{NOT_QUITE} every one of the 10 classes has its own weight for each of the 784 pixels."
    return f"{NOT_QUITE} W has one row per class and one column per pixel; count its entries."
