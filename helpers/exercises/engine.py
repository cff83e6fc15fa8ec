"""Self-checks of notebook 08's exercises."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from helpers.exercises import CORRECT, NOT_QUITE, NOT_YET, near, read_number

THREE_LAYERS = (784, 64, 32, 10)


def _sigmoid_case():
    """Return (x, R, earlier grad, MXNet's d(sum R * sigmoid(x))/dx) for one random float64 batch."""
    from mxnet import autograd, nd

    rng = np.random.default_rng(8)
    x, R, earlier = 3 * rng.standard_normal((6, 5)), rng.standard_normal((6, 5)), rng.standard_normal((6, 5))
    x_nd = nd.array(x, dtype="float64")
    x_nd.attach_grad()
    with autograd.record():
        out = nd.sigmoid(x_nd)
    out.backward(nd.array(R, dtype="float64"))
    return x, R, earlier, x_nd.grad.asnumpy()


def _close(got, expected, tolerance: float = 1e-10) -> bool:
    got = np.asarray(got, dtype=np.float64)
    return got.shape == expected.shape and np.abs(got - expected).max() <= tolerance * np.abs(expected).max()


def check_sigmoid(sigmoid) -> str:
    """Return the verdict on an engine operation sigmoid(a): its value, its parents and its backward rule."""
    if sigmoid is None:
        return f"{NOT_YET} define sigmoid(a) above, like relu, and run this cell again."
    if not callable(sigmoid):
        return f"{NOT_QUITE} sigmoid must be a function of one tensor: def sigmoid(a): ..."
    x, R, earlier, expected = _sigmoid_case()
    s = 1 / (1 + np.exp(-x))
    # A stand-in for the engine's leaf tensor: the attributes an operation reads and writes.
    a = SimpleNamespace(data=x.copy(), grad=earlier.copy(), parents=(), op="leaf", name="a",
                        backward_rule=None)
    try:
        out = sigmoid(a)
        value = np.asarray(out.data, dtype=np.float64)
    except Exception as error:  # noqa: BLE001 - any error in the student's code is reported, not raised
        return f"{NOT_QUITE} your operation raised {type(error).__name__}: {error}"
    if not _close(value, s, 1e-12):
        return f"{NOT_QUITE} the forward value must be 1 / (1 + exp(-a)), entry by entry, of a.data."
    if not any(parent is a for parent in getattr(out, "parents", ())):
        return f"{NOT_QUITE} the output must remember its input: Tensor(..., (a,), 'sigmoid')."
    if not callable(getattr(out, "backward_rule", None)):
        return f"{NOT_QUITE} give the output a backward_rule, or backward() cannot send a gradient to a."
    out.grad = R.copy()
    try:
        out.backward_rule()
        added = np.asarray(a.grad, dtype=np.float64) - earlier
    except Exception as error:  # noqa: BLE001 - any error in the student's code is reported, not raised
        return f"{NOT_QUITE} your backward rule raised {type(error).__name__}: {error}"
    if _close(added, expected):
        return f"{CORRECT} a.grad += out.grad * s * (1 - s) with s = sigmoid(a), as MXNet's autograd has it."
    if _close(a.grad, expected):
        return (f"{NOT_QUITE} add to a.grad (+=) instead of replacing it: a tensor used twice needs the "
                "sum of both gradients.")
    mistakes = [(s * (1 - s), "multiply the sigmoid's derivative by out.grad, the gradient from above."),
                (R * x * (1 - x), "apply s(1 - s) to s = sigmoid(a) (out.data), not to a itself."),
                (R * s, "the sigmoid's derivative is sigmoid(a) * (1 - sigmoid(a)).")]
    for candidate, hint in mistakes:
        if _close(added, candidate, 1e-8):
            return f"{NOT_QUITE} {hint}"
    return (f"{NOT_QUITE} the rule must add out.grad * s * (1 - s), with s = sigmoid(a), to a.grad; yours "
            "adds something else.")


def check_overwritten_grad(answer) -> str:
    """Return the verdict on x.grad for y = x @ x, x = [[3]], when matmul's rule assigns instead of adding."""
    value, verdict = read_number(answer, "overwritten_grad", "4.0")
    if verdict:
        return verdict
    if near(value, 3, absolute=1e-6):
        return (f"{CORRECT} a.grad = 1 * 3 = 3, then b.grad = 3 * 1 = 3 replaces it: a and b are both x, "
                "so the second write wins and half of dy/dx = 6 is lost.")
    if near(value, 6, absolute=1e-6):
        return (f"{NOT_QUITE} 6 = 2x is the right gradient, which += gives; with =, the second assignment "
                "replaces the first instead of adding to it.")
    if near(value, 9, absolute=1e-6):
        return f"{NOT_QUITE} 9 is y = x @ x itself; the question asks for x.grad."
    if near(value, 1, absolute=1e-6):
        return (f"{NOT_QUITE} 1 is the seed dy/dy; each assignment multiplies it by the other factor of the "
                "product, which is also x.")
    if near(value, 0, absolute=1e-6):
        return f"{NOT_QUITE} both assignments write a nonzero number; which one is left at the end?"
    return (f"{NOT_QUITE} write out the two assignments of matmul's rule with a = b = x and out.grad = 1: "
            "what does each write, and which write is left?")


def _parameters(sizes) -> tuple[int, int]:
    weights = sum(n_in * n_out for n_in, n_out in zip(sizes, sizes[1:]))
    return weights, weights + sum(sizes[1:])


def check_finite_difference_passes(answer) -> str:
    """Return the verdict on the forward passes of a centred finite-difference gradient of 784-64-32-10."""
    value, verdict = read_number(answer, "finite_difference_passes", "123456")
    if verdict:
        return verdict
    weights, parameters = _parameters(THREE_LAYERS)
    if value == 2 * parameters:
        return (f"{CORRECT} {parameters:,} parameters, two forward passes each: {2 * parameters:,}. One "
                "backward pass costs about two.")
    if value in (parameters, parameters + 1):
        return (f"{NOT_QUITE} that is one pass per parameter; a centred difference evaluates the loss at "
                "theta + h and at theta - h, two passes per parameter.")
    if value in (2 * weights, weights):
        return f"{NOT_QUITE} the biases are parameters too: each layer has one per output unit."
    if value == 2 * parameters + 1:
        return f"{NOT_QUITE} a centred difference needs no pass at theta itself: just the two nudged ones."
    if value == 2 * _parameters((784, 128, 10))[1]:
        return f"{NOT_QUITE} that is the two-layer net; the question is about 784 -> 64 -> 32 -> 10."
    return (f"{NOT_QUITE} count the parameters (n_in * n_out + n_out per layer) and multiply by the passes "
            "each one needs.")
