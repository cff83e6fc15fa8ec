"""The exercises' self-checks: every right answer, in the forms a student writes it, passes; the
mistakes each exercise is about fail, with a hint that names them.

The notebooks' own check cells are exercised again, with the answer key's answers, by
tests/test_notebooks.py.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
from mxnet import nd

from helpers.exercises import CORRECT, NOT_QUITE, NOT_YET
from helpers.exercises.backprop import check_forward_multiply_adds, check_sigmoid_backward
from helpers.exercises.engine import check_finite_difference_passes, check_overwritten_grad, check_sigmoid
from helpers.exercises.gradient_descent import check_bias_learning_rate, check_error_signal
from helpers.exercises.graph import check_accumulated_gradient, check_fan_out, check_max_routing
from helpers.exercises.one_layer_net import check_parameters_without_bias
from helpers.exercises.random_search import check_new_bests, check_scale_factor
from helpers.exercises.refinement import check_dimensions, check_downhill_share
from helpers.exercises.sgd import check_noise_shrink_factor, check_steps_per_epoch
from helpers.exercises.softmax import check_ce_from_logits, check_uniform_loss
from helpers.exercises.start_here import check_bytes_per_image

RIGHT = {
    check_bytes_per_image: [784, 784.0, np.int64(784), np.float32(784), nd.array([784])],
    check_uniform_loss: [2.3, 2.30, 2.303, 2.3026, math.log(10), -np.log(0.1), np.float32(np.log(10)),
                         -nd.log(nd.array([0.1]))],
    check_parameters_without_bias: [7840, 7840.0, 784 * 10, np.int64(7840), nd.array([7840])],
    check_new_bests: [5.19, 5.2, 5.187, sum(1 / n for n in range(1, 101)), np.float32(5.19),
                      (1 / nd.arange(1, 101)).sum()],
    check_scale_factor: [255, 255.0, np.float64(255), nd.array([255])],
    check_downhill_share: [0.5, 1 / 2, Fraction(1, 2), np.float32(0.5), nd.array([0.5])],
    check_dimensions: [1_000_000, 1e6, 10**6, 1000**2, nd.array([1e6])],
    check_error_signal: [[-0.33, 0.24, 0.09], (-0.335, 0.245, 0.09), np.array([-0.3348, 0.2447, 0.0900]),
                         np.array([[-0.33, 0.24, 0.09]]), nd.array([-0.3348, 0.2447, 0.09]),
                         [nd.array([-0.3348]), nd.array([0.2447]), nd.array([0.09])]],
    check_bias_learning_rate: [0.0016, 0.00156, 1 / 640, 0.1 / 64, 0.0015625, Fraction(1, 640),
                               nd.array([0.1]) / 64],
    check_forward_multiply_adds: [101632, 101632.0, 784 * 128 + 128 * 10, nd.array([101632])],
    check_fan_out: [[1, 2], (1.0, 2.0), np.array([1.0, 2.0]), np.array([[1, 2]]), nd.array([1, 2]),
                    [nd.array([1]), nd.array([2])], (nd.array([1.0]), 2)],
    check_max_routing: [[1, 1], (1.0, 1.0), np.array([1.0, 1.0]), nd.array([1, 1], dtype="float64"),
                        [nd.array([1]), nd.array([1])]],
    check_accumulated_gradient: [12, 12.0, np.float64(12), 3 * 2 * 2.0, nd.array([12])],
}

WRONG = {  # (answer, a fragment the hint must contain)
    check_bytes_per_image: [(47_040_016 / 60_000, "header"), (3136, "one byte"), (28, "one row"),
                            (783, "subtract"), ("784", "without quotes")],
    check_uniform_loss: [(1.0, "base 10"), (3.32, "base 2"), (0.1, "probability"), (-2.3026, "sign"),
                         (2.2, "1/10")],
    check_parameters_without_bias: [(7850, "biases"), (784, "each of the 784"), (10, "each of the 784"),
                                    (7841, "count its entries")],
    check_new_bests: [(4.19, "first try"), (math.log(100), "0.577"), (0.01, "last try alone"),
                      (10, "add up 1/n")],
    check_scale_factor: [(65025, "variance"), (math.sqrt(255), "root"), (1 / 255, "more, not less")],
    check_downhill_share: [(0.25, "-d"), (1 / math.sqrt(7850), "how steeply"), (50, "percentage")],
    check_dimensions: [(1000, "square"), (31.6, "square of"), (5000, "solve")],
    check_error_signal: [([0.33, -0.24, -0.09], "sign"), ([0.665, 0.245, 0.090], "softmax(z) itself"),
                         ([0.665, -0.755, 0.090], "where the 1"), ([-0.3, 0.2, 0.1], "two decimals"),
                         ([1, 2], "three numbers")],
    check_bias_learning_rate: [(6.4, "smaller, not larger"), (0.1, "changes the step"),
                               (0.1 / 64**2, "one division too many"), (0.05, "divides by 64 again")],
    check_forward_multiply_adds: [(100352, "one layer"), (101632 + 138, "bias"), (784 * 128 * 10, "multiply"),
                                  (101632 * 64, "one image"), (12345, "add up")],
    check_fan_out: [([2, 2], "through a + b"), ([-1, 2], "sends a directly"), ([1, -1], "only through q"),
                    ([-1, -2], "sign"), ([2, 1], "other order"), ([3, 5], "two shares"),
                    ([1, 2, 3], "two numbers"), ("1, 2", "two numbers")],
    check_max_routing: [([-2, 3], "lost"), ([-1, 4], "to both inputs"), ([0.5, 0.5], "split"),
                        ([-0.5, 2], "split"), ([0, 0], "whole gradient"), ([2, 2], "larger one"),
                        (1, "two numbers")],
    check_accumulated_gradient: [(4, "grad_req='write'"), (6, "fan-out"), (2, "fan-out"),
                                 (8, "count the calls"), (64, "do not multiply"), (10, "first"),
                                 ("12", "without quotes")],
}


def cases(table: dict) -> list:
    return [pytest.param(check, answer, id=f"{check.__name__}-{answer!r}"[:80])
            for check, answers in table.items() for answer in answers]


@pytest.mark.parametrize(("check", "answer"), cases(RIGHT))
def test_every_right_form_is_correct(check, answer):
    assert check(answer).startswith(CORRECT)


@pytest.mark.parametrize(("check", "case"), cases(WRONG))
def test_each_typical_mistake_fails_with_a_hint_that_names_it(check, case):
    answer, fragment = case
    verdict = check(answer)
    assert verdict.startswith(NOT_QUITE) and fragment in verdict, verdict


@pytest.mark.parametrize("check", list(RIGHT) + [check_ce_from_logits, check_sigmoid_backward])
def test_an_unanswered_exercise_says_so(check):
    assert check(None).startswith(NOT_YET)


def ce_right(z, c):
    m = np.max(z)
    return np.log(np.sum(np.exp(z - m))) + m - z[c]


def ce_with_logaddexp(z, c):
    return float(np.logaddexp.reduce(z) - z[c])


def ce_subtracting_the_minimum(z, c):
    m = np.min(z)
    return np.log(np.sum(np.exp(z - m))) + m - z[c]


def ce_subtracting_the_first(z, c):
    return np.log(np.sum(np.exp(z - z[0]))) + z[0] - z[c]


def ce_without_the_shift_back(z, c):
    return np.log(np.sum(np.exp(z - np.max(z))))


def ce_through_probabilities(z, c):
    p = np.exp(z - np.max(z))
    return -np.log(p[c] / p.sum())


def ce_that_raises(z, c):
    raise ValueError("not written yet")


@pytest.mark.parametrize("function", [ce_right, ce_with_logaddexp])
def test_ce_from_logits_accepts_every_overflow_safe_function(function):
    assert check_ce_from_logits(function).startswith(CORRECT)


@pytest.mark.parametrize(("function", "fragment"), [
    (ce_subtracting_the_minimum, "largest logit"), (ce_subtracting_the_first, "largest logit"),
    (ce_without_the_shift_back, "+ m - z_c"), (ce_through_probabilities, "never of a probability"),
    (ce_that_raises, "ValueError"), (lambda z, c: -ce_right(z, c), "sign"), ("not a function", "def ce"),
])
def test_ce_from_logits_rejects_the_usual_mistakes(function, fragment):
    verdict = check_ce_from_logits(function)
    assert verdict.startswith(NOT_QUITE) and fragment in verdict, verdict


def sigmoid_backward_right(grad_out, Y):
    s = nd.sigmoid(Y)
    return grad_out * s * (1 - s)


def sigmoid_backward_in_numpy(grad_out, Y):
    s = 1 / (1 + np.exp(-Y.asnumpy()))
    return grad_out.asnumpy() * s * (1 - s)


def test_sigmoid_backward_accepts_the_right_function():
    assert check_sigmoid_backward(sigmoid_backward_right).startswith(CORRECT)


def test_sigmoid_backward_refuses_a_numpy_result_that_the_notebooks_backward_could_not_use():
    verdict = check_sigmoid_backward(sigmoid_backward_in_numpy)
    assert verdict.startswith(NOT_QUITE) and "NDArray" in verdict, verdict


@pytest.mark.parametrize(("function", "fragment"), [
    (lambda g, Y: nd.sigmoid(Y) * (1 - nd.sigmoid(Y)), "by grad_out"),
    (lambda g, Y: g * Y * (1 - Y), "not to Y itself"),
    (lambda g, Y: g * nd.sigmoid(Y), "sigmoid(Y) * (1 - sigmoid(Y))"),
    (lambda g, Y: g, "relative error"),
    (lambda g, Y: g[0], "shape"),
])
def test_sigmoid_backward_rejects_the_usual_mistakes(function, fragment):
    verdict = check_sigmoid_backward(function)
    assert verdict.startswith(NOT_QUITE) and fragment in verdict, verdict


# Notebook 08: the engine's exercises.
ENGINE_RIGHT = {
    check_overwritten_grad: [3, 3.0, np.float64(3), np.array([[3.0]]), 3 + 1e-9, nd.array([3.0])],
    check_finite_difference_passes: [105300, 105_300.0, 2 * 52_650, np.int64(105300), nd.array([105300])],
}

ENGINE_WRONG = {
    check_overwritten_grad: [(6, "replaces the first"), (9, "y = x @ x"), (1, "seed"), (0, "nonzero"),
                             (12, "which write is left"), ("3", "without quotes")],
    check_finite_difference_passes: [(52_650, "two passes per parameter"), (52_651, "per parameter"),
                                     (2 * 52_544, "biases"), (105_301, "no pass at theta"),
                                     (203_540, "two-layer net"), (1000, "count the parameters")],
}


@pytest.mark.parametrize(("check", "answer"), cases(ENGINE_RIGHT))
def test_engine_right_forms_are_correct(check, answer):
    assert check(answer).startswith(CORRECT)


@pytest.mark.parametrize(("check", "case"), cases(ENGINE_WRONG))
def test_engine_mistakes_fail_with_a_hint_that_names_them(check, case):
    answer, fragment = case
    verdict = check(answer)
    assert verdict.startswith(NOT_QUITE) and fragment in verdict, verdict


@pytest.mark.parametrize("check", [*ENGINE_RIGHT, check_sigmoid])
def test_engine_unanswered_exercises_say_so(check):
    assert check(None).startswith(NOT_YET)


class Node:
    """The part of notebook 08's Tensor an operation uses: data, grad, parents and a backward rule."""

    def __init__(self, data, parents=()):
        self.data, self.parents = np.asarray(data), parents
        self.grad, self.backward_rule = np.zeros_like(self.data), None


def sigmoid_operation(forward=lambda x: 1 / (1 + np.exp(-x)), local=lambda x, s: s * (1 - s),
                      times_grad=True, accumulate=True, with_rule=True, with_parent=True):
    """Return an engine operation sigmoid(a), right by default, with one of the usual mistakes if asked."""
    def sigmoid(a):
        out = Node(forward(a.data), (a,) if with_parent else ())

        def backward_rule():
            share = local(a.data, out.data) * (out.grad if times_grad else 1)
            if accumulate:
                a.grad += share
            else:
                a.grad = share
        out.backward_rule = backward_rule if with_rule else None
        return out
    return sigmoid


def sigmoid_that_raises(a):
    raise ValueError("not written yet")


@pytest.mark.parametrize("operation", [
    sigmoid_operation(),
    sigmoid_operation(forward=lambda x: np.exp(x) / (1 + np.exp(x)), local=lambda x, s: np.exp(-x) * s**2),
])
def test_sigmoid_accepts_every_right_operation(operation):
    assert check_sigmoid(operation).startswith(CORRECT)


@pytest.mark.parametrize(("operation", "fragment"), [
    (sigmoid_operation(forward=lambda x: np.maximum(x, 0)), "1 / (1 + exp(-a))"),
    (sigmoid_operation(with_parent=False), "remember its input"),
    (sigmoid_operation(with_rule=False), "backward_rule"),
    (sigmoid_operation(accumulate=False), "+="),
    (sigmoid_operation(times_grad=False), "out.grad"),
    (sigmoid_operation(local=lambda x, s: x * (1 - x)), "not to a itself"),
    (sigmoid_operation(local=lambda x, s: s), "sigmoid(a) * (1 - sigmoid(a))"),
    (sigmoid_operation(local=lambda x, s: 1 - s), "something else"),
    (sigmoid_that_raises, "ValueError"),
    ("not a function", "def sigmoid"),
])
def test_sigmoid_rejects_the_usual_mistakes(operation, fragment):
    verdict = check_sigmoid(operation)
    assert verdict.startswith(NOT_QUITE) and fragment in verdict, verdict


# Notebook 09: mini-batch SGD.
SGD_RIGHT = {
    check_steps_per_epoch: [782, 782.0, np.int64(782), -(-50_000 // 64), np.float32(782)],
    check_noise_shrink_factor: [2, 2.0, np.float32(2), math.sqrt(64 / 16), 0.5, 1 / 2, Fraction(1, 2)],
}

SGD_WRONG = {
    check_steps_per_epoch: [(781, "last, smaller batch"), (781.25, "round up"), (938, "held out"),
                            (937, "held out"), (60_000 / 64, "held out"), (768 // 64, "768 images"),
                            (50_000, "counts images"), (50_000 * 64, "do not multiply"),
                            (100, "how many batches"), ("782", "without quotes")],
    check_noise_shrink_factor: [(4, "variance"), (0.25, "variance"), (16, "squares"), (1 / 16, "squares"),
                                (math.sqrt(2), "root too many"), (1, "does shrink"), (3, "1/sqrt(16)"),
                                (2.21 / 1.13, "looks measured"), (1.13 / 2.21, "looks measured"),
                                ("2", "without quotes")],
}


@pytest.mark.parametrize(("check", "answer"), cases(SGD_RIGHT))
def test_sgd_right_forms_are_correct(check, answer):
    assert check(answer).startswith(CORRECT)


@pytest.mark.parametrize(("check", "case"), cases(SGD_WRONG))
def test_sgd_mistakes_fail_with_a_hint_that_names_them(check, case):
    answer, fragment = case
    verdict = check(answer)
    assert verdict.startswith(NOT_QUITE) and fragment in verdict, verdict


@pytest.mark.parametrize("check", list(SGD_RIGHT))
def test_sgd_unanswered_exercises_say_so(check):
    assert check(None).startswith(NOT_YET)
