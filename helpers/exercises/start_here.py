"""Self-checks of notebook 00's exercises."""

from __future__ import annotations

from helpers.data import NUM_PIXELS, SPLIT_SIZES
from helpers.exercises import CORRECT, NOT_QUITE, NOT_YET, as_number, near, not_a_number

HEADER_BYTES = 16


def check_bytes_per_image(answer) -> str:
    """Return the verdict on the number of bytes one training image takes in its file."""
    if answer is None:
        return f"{NOT_YET} set bytes_per_image above and run both cells again."
    value = as_number(answer)
    if value is None:
        return not_a_number("784")
    file_size = HEADER_BYTES + SPLIT_SIZES["train"] * NUM_PIXELS
    if value == NUM_PIXELS:
        return f"{CORRECT} One byte per pixel, 28 x 28 = {NUM_PIXELS} pixels."
    if near(value, file_size / SPLIT_SIZES["train"], absolute=0.01):
        return f"{NOT_QUITE} subtract the {HEADER_BYTES} header bytes before dividing by the 60,000 images."
    if value == 4 * NUM_PIXELS:
        return f"{NOT_QUITE} the file stores each pixel in one byte (0 to 255), not as a 4-byte float."
    if value == 28:
        return f"{NOT_QUITE} 28 bytes is one row of pixels; an image has 28 rows of 28."
    if value in (file_size, file_size - HEADER_BYTES):
        return f"{NOT_QUITE} that is the whole file; divide its image bytes by the 60,000 images."
    return f"{NOT_QUITE} subtract the {HEADER_BYTES} header bytes and divide by the 60,000 images."
