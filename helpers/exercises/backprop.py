"""Self-checks of notebook 07's exercises."""

from __future__ import annotations

import numpy as np

from helpers.exercises import CORRECT, NOT_QUITE, NOT_YET, read_number

TWO_LAYERS = (784, 128, 10)


def _sigmoid_cases():
    """Return (grad_out, Y, dL/dY from autograd) for one random float64 batch."""
    from mxnet import autograd, nd

    rng = np.random.default_rng(7)
    grad_out = nd.array(rng.standard_normal((8, 16)), dtype="float64")
    Y = nd.array(3 * rng.standard_normal((8, 16)), dtype="float64")
    Y.attach_grad()
    with autograd.record():
        activation = nd.sigmoid(Y)
    activation.backward(grad_out)
    return grad_out, Y.detach(), Y.grad.asnumpy()


def _as_array(result) -> np.ndarray | None:
    if hasattr(result, "asnumpy"):
        result = result.asnumpy()
    try:
        return np.asarray(result, dtype=np.float64)
    except (TypeError, ValueError):
        return None


def check_sigmoid_backward(sigmoid_backward) -> str:
    """Return the verdict on a function turning dL/dsigmoid(Y) into dL/dY, compared with autograd."""
    if sigmoid_backward is None:
        return f"{NOT_YET} define sigmoid_backward(grad_out, Y) above and run this cell again."
    if not callable(sigmoid_backward):
        return f"{NOT_QUITE} sigmoid_backward must be a function: def sigmoid_backward(grad_out, Y): ..."
    grad_out, Y, expected = _sigmoid_cases()
    try:
        result = sigmoid_backward(grad_out, Y)
    except Exception as error:  # noqa: BLE001 - any error in the student's code is reported, not raised
        return f"{NOT_QUITE} your function raised {type(error).__name__}: {error}"
    # The notebook's backward multiplies the result with other NDArrays, which a NumPy array cannot join.
    if not hasattr(result, "asnumpy"):
        return (f"{NOT_QUITE} return an MXNet NDArray, as backward() will use it with other NDArrays: "
                f"compute it with nd operations (nd.sigmoid), not NumPy "
                f"(you returned {type(result).__name__}).")
    got = _as_array(result)
    if got is None or got.shape != expected.shape:
        return f"{NOT_QUITE} return an array of the shape of Y, {expected.shape}."
    G, y = grad_out.asnumpy(), Y.asnumpy()
    s = 1 / (1 + np.exp(-y))
    worst = np.abs(got - expected).max() / np.abs(expected).max()
    if worst < 1e-10:  # float64: both compute the same product, rounded differently at most
        return f"{CORRECT} dL/dY = grad_out * sigmoid(Y) * (1 - sigmoid(Y)), as autograd computes it."
    mistakes = [(s * (1 - s), "multiply the sigmoid's derivative by grad_out, the gradient from above."),
                (G * y * (1 - y), "apply sigma' = s(1 - s) to s = sigmoid(Y), not to Y itself."),
                (G * s, "the derivative of the sigmoid is sigmoid(Y) * (1 - sigmoid(Y)).")]
    for candidate, hint in mistakes:
        if np.allclose(got, candidate, rtol=1e-8, atol=1e-12):
            return f"{NOT_QUITE} {hint}"
    return (f"{NOT_QUITE} relative error {worst:.1e} against autograd: multiply grad_out by the sigmoid's "
            "derivative at Y, that is sigmoid(Y) * (1 - sigmoid(Y)).")


def check_forward_multiply_adds(answer) -> str:
    """Return the verdict on the multiply-adds of one image through the 784 -> 128 -> 10 net."""
    value, verdict = read_number(answer, "forward_multiply_adds", "123456")
    if verdict:
        return verdict
    layers = [n_in * n_out for n_in, n_out in zip(TWO_LAYERS, TWO_LAYERS[1:])]
    if value == sum(layers):
        return (f"{CORRECT} 784 x 128 + 128 x 10 = {sum(layers):,}. The backward pass costs about twice "
                "that: one product for dL/dW, one for G W.")
    if value in layers:
        return f"{NOT_QUITE} that is one layer; the image goes through both, so add them up."
    if value == sum(layers) + sum(TWO_LAYERS[1:]):
        return f"{NOT_QUITE} count the matrix products only; the bias additions are not multiply-adds."
    if value == TWO_LAYERS[0] * TWO_LAYERS[1] * TWO_LAYERS[2]:
        return f"{NOT_QUITE} the layers' costs add up, they do not multiply."
    if value % 64 == 0 and value // 64 == sum(layers):
        return f"{NOT_QUITE} that is a batch of 64; the question asks for one image."
    return (f"{NOT_QUITE} each dense layer with n_in inputs and n_out outputs costs n_in * n_out "
            "multiply-adds per image; add up both layers.")
