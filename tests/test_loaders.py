"""load_mnist: shapes, values, label counts, deterministic shuffling and a clean validation split."""

from __future__ import annotations

import collections

import numpy as np
import pytest

from helpers import load_mnist, load_mnist_arrays

# Per-digit counts of the canonical MNIST files.
TRAIN_COUNTS = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]
TEST_COUNTS = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]


@pytest.fixture(scope="module")
def loaders():
    return load_mnist(64, seed=7)


def test_batches_have_the_lectures_shapes_and_types(loaders):
    train, test = loaders
    data, label = next(iter(train))
    assert data.shape == (64, 28, 28, 1) and data.dtype == np.float32
    assert label.shape == (64,) and label.dtype == np.float32
    assert train.num_examples == 60_000 and len(train) == 938
    assert test.num_examples == 10_000 and len(test) == 157
    sizes = [d.shape[0] for d, _ in test]
    assert sizes[-1] == 10_000 % 64 and sum(sizes) == 10_000


def test_pixels_are_scaled_to_the_unit_interval(loaders):
    _, test = loaders
    assert float(test.data.min().asscalar()) == 0.0
    assert float(test.data.max().asscalar()) == 1.0


def test_label_counts_are_mnists(loaders):
    train, test = loaders
    for split, expected in ((train, TRAIN_COUNTS), (test, TEST_COUNTS)):
        labels = np.concatenate([label.asnumpy() for _, label in split]).astype(int)
        assert np.bincount(labels, minlength=10).tolist() == expected


def test_raw_arrays_are_uint8_images(loaders):
    images, labels = load_mnist_arrays(train=False)
    assert images.shape == (10_000, 28, 28) and images.dtype == np.uint8
    assert labels.dtype == np.uint8 and set(np.unique(labels)) == set(range(10))


def test_shuffling_is_repeatable_with_a_seed_and_changes_each_epoch():
    first = [label.asnumpy() for _, label in load_mnist(64, seed=3)[0]]
    again = [label.asnumpy() for _, label in load_mnist(64, seed=3)[0]]
    train_other, _ = load_mnist(64, seed=4)
    other = [label.asnumpy() for _, label in train_other]
    assert all(np.array_equal(a, b) for a, b in zip(first, again))
    assert not np.array_equal(first[0], other[0])
    second_epoch = [label.asnumpy() for _, label in train_other]
    assert not np.array_equal(other[0], second_epoch[0])


def test_test_set_is_not_shuffled(loaders):
    _, test = loaders
    _, labels = load_mnist_arrays(train=False)
    first_batch = next(iter(test))[1].asnumpy()
    assert np.array_equal(first_batch, labels[:64])


def test_validation_split_is_disjoint_from_what_remains():
    train, validation, test = load_mnist(100, validation_size=10_000, seed=0)
    assert (train.num_examples, validation.num_examples, test.num_examples) == (50_000, 10_000, 10_000)

    def rows(split) -> collections.Counter:
        pixels = (split.data.asnumpy().reshape(split.num_examples, -1) * 255).round().astype(np.uint8)
        return collections.Counter(row.tobytes() for row in pixels)

    images, _ = load_mnist_arrays(train=True)
    everything = collections.Counter(row.tobytes() for row in images.reshape(60_000, -1))
    # Together the two parts are exactly the training set: nothing shared, nothing lost.
    assert rows(train) + rows(validation) == everything


def test_validation_split_does_not_depend_on_the_shuffling_seed():
    a = load_mnist(64, validation_size=500, seed=1)[1]
    b = load_mnist(64, validation_size=500, seed=2)[1]
    assert np.array_equal(a.label.asnumpy(), b.label.asnumpy())


@pytest.mark.parametrize(
    ("kwargs", "error", "words"),
    [
        ({"batch_size": 0}, ValueError, "batch_size must be > 0"),
        ({"batch_size": -5}, ValueError, "batch_size must be > 0"),
        ({"batch_size": 1.5}, TypeError, "batch_size must be an int"),
        ({"batch_size": 64, "validation_size": 60_000}, ValueError, "leaves no training data"),
        ({"batch_size": 64, "validation_size": -1}, ValueError, "validation_size must be >= 0"),
    ],
)
def test_bad_arguments_get_a_clear_error(kwargs, error, words):
    with pytest.raises(error, match=words):
        load_mnist(**kwargs)
