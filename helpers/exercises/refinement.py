"""Self-checks of notebook 04's exercises."""

from __future__ import annotations

from helpers.exercises import CORRECT, NOT_QUITE, near, read_number


def check_downhill_share(answer) -> str:
    """Return the verdict on the share of random directions with a negative slope."""
    value, verdict = read_number(answer, "answer_downhill_share", "0.25 or 1/4")
    if verdict:
        return verdict
    if near(value, 0.5, absolute=0.005):
        return (f"{CORRECT} d and -d are equally likely, so exactly half point downhill, in any dimension; "
                "what shrinks with the dimension is how *much* they point downhill.")
    if near(value, 50, absolute=0.5):
        return f"{NOT_QUITE} right idea, but give it as a fraction between 0 and 1, not as a percentage."
    if value < 0.1:
        return (f"{NOT_QUITE} that is how steeply a random direction points downhill (about 1/sqrt(n)), "
                "not how many directions point downhill at all. If d is random, so is -d.")
    return f"{NOT_QUITE} if d is a random direction, so is -d. What happens to the sign of the slope?"


def check_dimensions(answer) -> str:
    """Return the verdict on the dimension at which a random cosine is typically 0.001."""
    value, verdict = read_number(answer, "answer_dimensions", "10_000 or 1e4")
    if verdict:
        return verdict
    if near(value, 1e6, relative=1e-3):
        return f"{CORRECT} 1/sqrt(n) = 0.001 needs n = 1,000,000: a modest modern net has that many weights."
    if near(value, 1e3, relative=1e-3):
        return f"{NOT_QUITE} that solves 1/n = 0.001; the cosine falls like 1/sqrt(n), so square instead."
    if near(value, 1e3**0.5, relative=1e-2):
        return f"{NOT_QUITE} the cosine falls like 1/sqrt(n): n is the square of 1/0.001, not its root."
    return f"{NOT_QUITE} solve 1 / sqrt(n) = 0.001 for n."
