"""Small helpers the course's notebooks share: MNIST loading and model evaluation.

Importing helpers first, before MXNet, lets MXNet 1.9.1 import on Python 3.12 and 3.13 and on
NumPy 2 (helpers/mxnet_compat.py); in the course's own environment that changes nothing.
"""

from importlib import import_module

from helpers.mxnet_compat import restore_names

restore_names()

# Where each public name lives. Imported on first use, so `python -m helpers.data`
# runs without importing MXNet first.
_HOMES = {
    "MnistUnavailableError": "helpers.mnist_files",
    "ensure_mnist": "helpers.mnist_files",
    "load_mnist": "helpers.data",
    "load_mnist_arrays": "helpers.data",
    "evaluate_accuracy": "helpers.evaluate",
    "evaluate_loss": "helpers.evaluate",
    "flatten_images": "helpers.evaluate",
    "seed_everything": "helpers.runtime",
    "try_gpu": "helpers.runtime",
    "interactive_plot": "helpers.widgets",
    "show_digits": "helpers.plots",
    "show_code": "helpers.display",
    "log_softmax": "helpers.losses",
    "cross_entropy": "helpers.losses",
    "random_search": "helpers.search",
    "refine": "helpers.search",
    "relative_error": "helpers.gradients",
}

__all__ = list(_HOMES)


def __getattr__(name: str):
    if name not in _HOMES:
        raise AttributeError(f"module 'helpers' has no attribute {name!r}")
    return getattr(import_module(_HOMES[name]), name)


def __dir__() -> list:
    return __all__
