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


def _plain(answer):
    """Return the answer with MXNet NDArrays, also inside a list or tuple, turned into NumPy arrays."""
    if hasattr(answer, "asnumpy"):  # an MXNet NDArray, such as w.grad
        return answer.asnumpy()
    if isinstance(answer, (list, tuple)):
        return [_plain(item) for item in answer]
    return answer


def as_number(answer) -> float | None:
    """Return the answer as a float, or None when it is not a single number (a bool is not one)."""
    answer = _plain(answer)
    if isinstance(answer, bool):
        return None
    if isinstance(answer, numbers.Real):
        return float(answer)
    if isinstance(answer, str):
        return None
    try:
        array = np.asarray(answer)
    except (TypeError, ValueError):
        return None
    if array.size == 1 and np.issubdtype(array.dtype, np.number):
        return float(array.ravel()[0])
    return None


def as_vector(answer, size: int) -> np.ndarray | None:
    """Return the answer as a flat float64 array of `size` numbers, or None if it is not one."""
    answer = _plain(answer)
    if isinstance(answer, str):
        return None
    if isinstance(answer, list):  # [a.grad, b.grad]: each item one number, or arrays to join
        try:
            answer = np.concatenate([np.asarray(item, dtype=np.float64).ravel() for item in answer])
        except (TypeError, ValueError):
            return None
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
