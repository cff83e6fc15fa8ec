"""Self-checks of notebook 09's exercises."""

from __future__ import annotations

import math

from helpers.exercises import CORRECT, NOT_QUITE, near, read_number

TRAINING_IMAGES, BATCH_SIZE, SUBSET_IMAGES = 50_000, 64, 768
SMALL_BATCH, LARGE_BATCH = 16, 64


def check_steps_per_epoch(answer) -> str:
    """Return the verdict on the number of steps in one epoch of 50,000 images in batches of 64."""
    value, verdict = read_number(answer, "answer_steps", "100")
    if verdict:
        return verdict
    full, rest = divmod(TRAINING_IMAGES, BATCH_SIZE)
    if value == full + (rest > 0):
        return (f"{CORRECT} {full} full batches of 64 and a last one of {rest}: {full + 1} steps, "
                "each image used once.")
    if value == full:
        return (f"{NOT_QUITE} {full} full batches leave {rest} images over; they form a last, smaller batch, "
                "and that batch is a step too.")
    if near(value, TRAINING_IMAGES / BATCH_SIZE, absolute=0.01):
        return (f"{NOT_QUITE} {TRAINING_IMAGES:,} / {BATCH_SIZE} = {TRAINING_IMAGES / BATCH_SIZE:g} batches, "
                f"but a step takes a whole batch: the {rest} images left over are one more step: round up.")
    if value in (937, 938) or near(value, 60_000 / BATCH_SIZE, absolute=0.01):  # 60,000 / 64 = 937.5
        return (f"{NOT_QUITE} that is notebook 05's epoch over all 60,000 images; here 10,000 are held out "
                "for validation and never trained on.")
    if value == SUBSET_IMAGES // BATCH_SIZE:
        return (f"{NOT_QUITE} that is an epoch of the {SUBSET_IMAGES} images section 2 trains on; the "
                f"question asks about the whole training split, all {TRAINING_IMAGES:,} images.")
    if value == TRAINING_IMAGES:
        return f"{NOT_QUITE} that counts images; a step takes a batch of {BATCH_SIZE} of them at once."
    if value == TRAINING_IMAGES * BATCH_SIZE:
        return f"{NOT_QUITE} divide the number of images by the batch size, do not multiply."
    return (f"{NOT_QUITE} one step per batch: how many batches of {BATCH_SIZE} do "
            f"{TRAINING_IMAGES:,} images make?")


def check_noise_shrink_factor(answer) -> str:
    """Return the verdict on the factor by which gradient noise shrinks when the batch grows from 16 to 64."""
    value, verdict = read_number(answer, "answer_noise_factor", "3")
    if verdict:
        return verdict
    growth = LARGE_BATCH / SMALL_BATCH
    factor = math.sqrt(growth)

    def is_either_within(target: float, relative: float) -> bool:  # the factor, or its inverse
        return near(value, target, relative=relative) or near(value, 1 / target, relative=relative)

    def is_either(target: float) -> bool:
        return is_either_within(target, 0.01)

    if near(value, factor, relative=0.01):
        return (f"{CORRECT} the noise goes like 1/sqrt(B): a batch {growth:g} times larger is "
                f"sqrt({growth:g}) = {factor:g} times less noisy, for {growth:g} times the work per step.")
    if near(value, 1 / factor, relative=0.01):
        return (f"{CORRECT} the noise is multiplied by 1/sqrt({growth:g}) = {1 / factor:g}: it shrinks by a "
                f"factor of {factor:g}.")
    if is_either_within(factor, 0.1):
        return (f"{NOT_QUITE} close, but that looks measured: 40 random batches per size leave a few per "
                f"cent of scatter in the table. The law 1/sqrt(B) gives it exactly: sqrt({growth:g}).")
    if is_either(growth):
        return (f"{NOT_QUITE} {growth:g} is how much the batch, and the variance of its gradient, change; "
                "the noise is a standard deviation, the square root of the variance.")
    if is_either(growth**2):
        return f"{NOT_QUITE} that squares the batch's growth; the noise goes like 1/sqrt(B): take a root."
    if is_either(math.sqrt(factor)):
        return f"{NOT_QUITE} one root too many: the batch grows {growth:g} times, take sqrt({growth:g})."
    if near(value, 1, relative=0.01):
        return f"{NOT_QUITE} the noise does shrink: the mean of more per-image gradients scatters less."
    return (f"{NOT_QUITE} the noise goes like 1/sqrt(B): compare 1/sqrt({SMALL_BATCH}) with "
            f"1/sqrt({LARGE_BATCH}).")
