"""evaluate_accuracy and evaluate_loss on a tiny net whose answers are known."""

from __future__ import annotations

import math

import mxnet as mx
import numpy as np
import pytest
from mxnet import gluon, nd

from helpers import evaluate_accuracy, evaluate_loss, flatten_images, seed_everything, try_gpu


def batches_where_pixel_k_is_lit(labels: list[int], lit: list[int], batch_size: int = 2):
    """Return (data, label) batches of 28 x 28 images in which only pixel `lit[i]` is on."""
    images = np.zeros((len(labels), 28, 28, 1), dtype=np.float32)
    for i, k in enumerate(lit):
        images[i].flat[k] = 1.0
    data, label = nd.array(images), nd.array(labels)
    return [(data[i:i + batch_size], label[i:i + batch_size]) for i in range(0, len(labels), batch_size)]


def pixel_reader() -> gluon.nn.Dense:
    """Return a 784 -> 10 net whose score for class k is pixel k: it predicts the lit pixel."""
    net = gluon.nn.Dense(10, in_units=784)
    net.initialize()
    weight = np.zeros((10, 784), dtype=np.float32)
    weight[np.arange(10), np.arange(10)] = 1.0
    net.weight.set_data(nd.array(weight))
    net.bias.set_data(nd.zeros(10))
    return net


def test_accuracy_counts_the_argmax_hits():
    batches = batches_where_pixel_k_is_lit(labels=[0, 1, 2, 3, 4], lit=[0, 1, 2, 9, 4])
    assert evaluate_accuracy(batches, pixel_reader()) == pytest.approx(4 / 5)


def test_loss_of_equal_scores_is_log_ten():
    batches = batches_where_pixel_k_is_lit(labels=[3, 5, 7], lit=[700, 701, 702])
    assert evaluate_loss(batches, pixel_reader()) == pytest.approx(math.log(10), rel=1e-5)


def test_loss_is_the_mean_per_sample_cross_entropy():
    batches = batches_where_pixel_k_is_lit(labels=[0, 1, 2], lit=[0, 5, 700], batch_size=2)
    # Per sample: the lit class scores 1, the rest 0 (or all 0 for pixel 700).
    right = -math.log(math.e / (math.e + 9))
    wrong = -math.log(1 / (math.e + 9))
    expected = (right + wrong + math.log(10)) / 3
    assert evaluate_loss(batches, pixel_reader()) == pytest.approx(expected, rel=1e-5)


def test_a_plain_function_works_as_a_net():
    batches = batches_where_pixel_k_is_lit(labels=[2, 2], lit=[2, 2])
    assert evaluate_accuracy(batches, lambda x: nd.dot(x, pixel_reader().weight.data().T)) == 1.0


def test_wrong_shapes_and_inputs_get_clear_errors():
    with pytest.raises(ValueError, match="784-pixel images"):
        evaluate_accuracy([(nd.zeros((2, 10)), nd.zeros(2))], pixel_reader())
    with pytest.raises(TypeError, match=r"\(data, label\) batches"):
        evaluate_accuracy([nd.zeros((2, 784))], pixel_reader())
    with pytest.raises(ValueError, match="empty"):
        evaluate_loss([], pixel_reader())
    with pytest.raises(TypeError, match="NDArray"):
        flatten_images(np.zeros((2, 784)))


def test_flatten_accepts_the_lectures_layouts():
    assert flatten_images(nd.zeros((3, 28, 28, 1))).shape == (3, 784)
    assert flatten_images(nd.zeros((3, 784))).shape == (3, 784)


def test_seed_everything_makes_draws_repeatable():
    seed_everything(11)
    first = (np.random.rand(), nd.random.normal(shape=3).asnumpy())
    seed_everything(11)
    second = (np.random.rand(), nd.random.normal(shape=3).asnumpy())
    assert first[0] == second[0] and np.array_equal(first[1], second[1])
    with pytest.raises(TypeError):
        seed_everything("11")
    with pytest.raises(ValueError):
        seed_everything(-1)


def test_try_gpu_falls_back_to_the_cpu_here():
    expected = mx.gpu(0) if mx.context.num_gpus() else mx.cpu()
    assert try_gpu() == expected
