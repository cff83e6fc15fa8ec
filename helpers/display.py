"""Code from helpers/ shown in a notebook, where a student reads it."""

from __future__ import annotations

import inspect

from IPython.display import Code


def show_code(function) -> Code:
    """Return a function's source as highlighted code, for a notebook cell to display."""
    if not callable(function):
        raise TypeError(f"show_code shows a function's source; got {type(function).__name__}")
    return Code(inspect.getsource(function), language="python")
