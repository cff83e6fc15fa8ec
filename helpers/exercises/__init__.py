"""Self-checks of the notebooks' exercises, one module per notebook.

Every check returns one line for the student: "Correct! ..." for a right answer in any form a
student would write it, "Not quite: ..." with a hint that names the mistake when it recognises
one, or "Not answered yet: ..." while the answer is still None.
"""

from __future__ import annotations

import numbers

import numpy as np

CORRECT = "Correct!"
NOT_QUITE = "Not quite:"
NOT_YET = "Not answered yet:"


def as_number(answer) -> float | None:
    """Return the answer as a float, or None when it is not a single number (a bool is not one)."""
    if isinstance(answer, bool):
        return None
    if isinstance(answer, numbers.Real):
        return float(answer)
    array = np.asarray(answer) if not isinstance(answer, str) else None
    if array is not None and array.size == 1 and np.issubdtype(array.dtype, np.number):
        return float(array.ravel()[0])
    return None


def as_vector(answer, size: int) -> np.ndarray | None:
    """Return the answer as a flat float64 array of `size` numbers, or None if it is not one."""
    if isinstance(answer, str):
        return None
    if hasattr(answer, "asnumpy"):  # an MXNet NDArray
        answer = answer.asnumpy()
    try:
        array = np.asarray(answer, dtype=np.float64)
    except (TypeError, ValueError):
        return None
    return array.ravel() if array.size == size else None


def near(value: float, target: float, *, absolute: float = 0.0, relative: float = 0.0) -> bool:
    """Return whether value is within the absolute or the relative tolerance of target."""
    return abs(value - target) <= max(absolute, relative * abs(target))


def not_a_number(example: str) -> str:
    """Return the hint for an answer that is not a single number."""
    return f"{NOT_QUITE} give a single number without quotes, for example {example}."


def read_number(answer, name: str, example: str) -> tuple[float | None, str | None]:
    """Return (the answer as a number, None), or (None, the verdict) when it is unset or not a number."""
    if answer is None:
        return None, f"{NOT_YET} set {name} to a number and run this cell again."
    value = as_number(answer)
    return (value, None) if value is not None else (None, not_a_number(example))
