"""Self-checks of notebook 06's exercises: gradients on a graph of simple nodes."""

from __future__ import annotations

import numpy as np

from helpers.exercises import CORRECT, NOT_QUITE, NOT_YET, as_number, as_vector, near, not_a_number

# Exercise 1: g = (a + b) * a at a = 2, b = -3; q = a + b = -1.
# dg/da = (through q) a * 1 + (directly, the multiply's other input) q = 2 + (-1) = 1; dg/db = a = 2.
FAN_OUT = np.array([1.0, 2.0])
# Exercise 2: f = max(x * y, x + y) at x = 3, y = -2: x * y = -6 loses to x + y = 1.
MAX_ROUTING = np.array([1.0, 1.0])
# Exercise 3: f = w * w at w = 2, three backward() calls with grad_req='add': 3 * (w + w) = 12.
ACCUMULATED = 12.0


def _pair(answer, variable: str):
    """Return (the answer as two numbers, None) or (None, the verdict for an answer of another form)."""
    if answer is None:
        return None, f"{NOT_YET} assign your two numbers to {variable}, e.g. [1.5, -2]."
    pair = as_vector(answer, 2)
    if pair is None:
        return None, f"{NOT_QUITE} give two numbers in brackets, [first, second], for example [1.5, -2]."
    return pair, None


def _is(pair: np.ndarray, target) -> bool:
    return bool(np.allclose(pair, target, rtol=0, atol=1e-6))


def check_fan_out(answer) -> str:
    """Return the verdict on [dg/da, dg/db] for g = (a + b) * a at a = 2, b = -3."""
    pair, verdict = _pair(answer, "answer_1")
    if verdict:
        return verdict
    if _is(pair, FAN_OUT):
        return (f"{CORRECT} a is used twice: 2 comes back through a + b and -1 straight from the "
                "multiply, and 2 + (-1) = 1; b only reaches g through a + b, which hands it 2.")
    if _is(pair, [2.0, 2.0]):
        return (f"{NOT_QUITE} dg/db is right, but a is used twice: you kept only the share that comes "
                "back through a + b. Add the share the multiply sends a directly.")
    if _is(pair, [-1.0, 2.0]):
        return (f"{NOT_QUITE} dg/db is right, but a is used twice: you kept only the share the multiply "
                "sends a directly. Add the share that comes back through a + b.")
    if _is(pair[1:], [-1.0]):
        return (f"{NOT_QUITE} b reaches g only through q = a + b; the multiply sends q its other "
                "input, a = 2, and the add hands that to b unchanged.")
    if _is(pair, -FAN_OUT):
        return f"{NOT_QUITE} check the sign: each node multiplies by its local derivative, nothing more."
    if _is(pair, FAN_OUT[::-1]):
        return (f"{NOT_QUITE} the right numbers in the other order: the question asks for "
                "[dg/da, dg/db], a first.")
    return (f"{NOT_QUITE} name q = a + b, so g = q * a. The multiply sends q the value of a and sends a "
            "the value of q; the add hands q's gradient to a and to b. a gets two shares: add them.")


def check_max_routing(answer) -> str:
    """Return the verdict on [df/dx, df/dy] for f = max(x * y, x + y) at x = 3, y = -2."""
    pair, verdict = _pair(answer, "answer_2")
    if verdict:
        return verdict
    if _is(pair, MAX_ROUTING):
        return (f"{CORRECT} x * y = -6 loses to x + y = 1, so the max node sends its gradient 1 to the "
                "add node, which hands it to x and y; the multiply receives 0 and sends 0 on.")
    if _is(pair, [-2.0, 3.0]):
        return (f"{NOT_QUITE} that is the gradient of x * y, the input that lost: at x = 3, y = -2, "
                "x * y = -6 and x + y = 1. The max node routes its gradient to the winner.")
    if _is(pair, [-1.0, 4.0]):
        return (f"{NOT_QUITE} you sent the gradient to both inputs of the max node. It goes to the winner "
                "only; the other input gets 0.")
    if _is(pair, [-0.5, 2.0]) or _is(pair, [0.5, 0.5]):  # split between both inputs (and then passed on)
        return f"{NOT_QUITE} the max node does not split its gradient: all of it goes to the winner."
    if _is(pair, [0.0, 0.0]):
        return f"{NOT_QUITE} one input of the max node wins, and it receives the whole gradient, 1."
    return (f"{NOT_QUITE} first compute both inputs of the max node at x = 3, y = -2; the larger one gets "
            "the gradient 1, the other 0. Then pass it back through that node to x and y.")


def check_accumulated_gradient(answer) -> str:
    """Return the verdict on w.grad after three backward() calls of f = w * w at w = 2, grad_req='add'."""
    if answer is None:
        return f"{NOT_YET} assign a number to answer_3."
    value = as_number(answer)
    if value is None:
        return not_a_number("7.5")
    if near(value, ACCUMULATED, absolute=1e-6):
        return (f"{CORRECT} each call adds d(w * w)/dw = w + w = 4 (w is used twice, by one multiply), "
                "and three calls add up to 12.")
    if near(value, 4.0, absolute=1e-6):
        return (f"{NOT_QUITE} 4 is the gradient of one call, what grad_req='write' would hold. With 'add' "
                "each call adds to what .grad already holds.")
    if near(value, 6.0, absolute=1e-6) or near(value, 2.0, absolute=1e-6):
        return (f"{NOT_QUITE} w enters the multiply twice, so each call's gradient is w + w = 4, not w: "
                "fan-out sums.")
    if near(value, 8.0, absolute=1e-6):
        return f"{NOT_QUITE} count the calls: backward() ran three times, each adding 4."
    if near(value, 64.0, absolute=1e-6):
        return f"{NOT_QUITE} the calls' gradients add up; they do not multiply."
    return (f"{NOT_QUITE} find the gradient of one call first (f = w * w uses w twice), then remember "
            "that 'add' sums the calls.")
