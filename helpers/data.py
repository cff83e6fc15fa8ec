"""MNIST for the notebooks: the images and labels as arrays, or as batches for training.

``load_mnist`` serves shuffled training batches (and a validation split) and test batches;
``load_mnist_arrays`` the raw uint8 arrays; ``read_idx`` reads one IDX file. All of them fetch and
verify the files first when needed (helpers/mnist_files.py does that part).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np

from helpers.mnist_files import (  # noqa: F401 - the names the notebooks and `make data` use
    IMAGE_MAGIC,
    LABEL_MAGIC,
    MNIST_SHA256,
    NUM_PIXELS,
    SPLIT_SIZES,
    MnistUnavailableError,
    check_cache,
    data_dir_default,
    ensure_mnist,
    main,
    sha256_of,
)


def read_idx(path: Path | str) -> np.ndarray:
    """Return the array stored in an uncompressed IDX file (uint8 images or labels)."""
    raw = Path(path).read_bytes()
    if len(raw) < 8:
        raise ValueError(f"{path}: too short to be an IDX file ({len(raw)} bytes)")
    magic, count = np.frombuffer(raw[:8], dtype=">u4")
    if magic == LABEL_MAGIC:
        shape, offset = (int(count),), 8
    elif magic == IMAGE_MAGIC:
        rows, cols = np.frombuffer(raw[8:16], dtype=">u4")
        shape, offset = (int(count), int(rows), int(cols)), 16
    else:
        raise ValueError(f"{path}: not an MNIST IDX file (magic number {magic:#010x})")
    if len(raw) - offset != int(np.prod(shape)):
        raise ValueError(f"{path}: header says shape {shape} but the file holds "
                         f"{len(raw) - offset} bytes of data; delete it and fetch again")
    return np.frombuffer(raw, dtype=np.uint8, offset=offset).reshape(shape)


def load_mnist_arrays(train: bool = True, data_dir: Path | str | None = None
                      ) -> tuple[np.ndarray, np.ndarray]:
    """Return (images, labels) as uint8 arrays of shape (N, 28, 28) and (N,), fetching MNIST if needed."""
    data_dir = Path(data_dir) if data_dir else data_dir_default()
    ensure_mnist(data_dir)
    prefix = "train" if train else "t10k"
    images = read_idx(data_dir / f"{prefix}-images-idx3-ubyte")
    labels = read_idx(data_dir / f"{prefix}-labels-idx1-ubyte")
    return images, labels


class BatchIterator:
    """Re-iterable (data, label) NDArray batches over whole arrays; reshuffled on every pass if asked.

    A class only because a training loop iterates it once per epoch; a generator would run dry.
    """

    def __init__(self, images: np.ndarray, labels: np.ndarray, batch_size: int,
                 shuffle: bool = False, seed: int | None = None, ctx=None):
        import mxnet as mx
        from mxnet import nd

        self.ctx = ctx or mx.cpu()
        # Held on the device once; a batch is then one slice or one gather, never a copy per sample.
        self.data = nd.array(images, ctx=self.ctx, dtype="float32")
        self.label = nd.array(labels, ctx=self.ctx, dtype="float32")
        self.batch_size = batch_size
        self.shuffle = shuffle
        self.num_examples = len(labels)
        self._rng = np.random.default_rng(seed)

    def __len__(self) -> int:
        return (self.num_examples + self.batch_size - 1) // self.batch_size

    def __iter__(self) -> Iterator:
        from mxnet import nd

        if not self.shuffle:
            for start in range(0, self.num_examples, self.batch_size):
                stop = start + self.batch_size
                yield self.data[start:stop], self.label[start:stop]
            return
        order = nd.array(self._rng.permutation(self.num_examples), ctx=self.ctx, dtype="int64")
        for start in range(0, self.num_examples, self.batch_size):
            batch = order[start:start + self.batch_size]
            yield nd.take(self.data, batch), nd.take(self.label, batch)


def _check_positive_int(name: str, value, allow_zero: bool = False) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be an int, got {type(value).__name__}")
    if value < 0 or (value == 0 and not allow_zero):
        raise ValueError(f"{name} must be {'>= 0' if allow_zero else '> 0'}, got {value}")


def load_mnist(batch_size: int = 64, *, validation_size: int = 0, seed: int | None = None,
               ctx=None, data_dir: Path | str | None = None) -> tuple:
    """Return (train, test) batch iterators, or (train, validation, test) when validation_size > 0.

    Images come as float32 NDArrays of shape (batch, 28, 28, 1) scaled to [0, 1], labels as
    float32, as the lecture's DataLoader gave them. The training batches are shuffled, with
    ``seed`` making the order repeatable; the validation split (the last ``validation_size``
    images of a fixed permutation of the training set) and the test set are not shuffled.
    """
    _check_positive_int("batch_size", batch_size)
    _check_positive_int("validation_size", validation_size, allow_zero=True)
    train_images, train_labels = load_mnist_arrays(True, data_dir)
    test_images, test_labels = load_mnist_arrays(False, data_dir)
    if validation_size >= len(train_labels):
        raise ValueError(f"validation_size={validation_size} leaves no training data: "
                         f"the training set has {len(train_labels)} images")

    def scaled(images: np.ndarray) -> np.ndarray:
        # Divided straight into one float32 array: no temporary copy of 188 MB.
        out = np.empty(images.shape + (1,), dtype=np.float32)
        np.divide(images[..., np.newaxis], np.float32(255), out=out)
        return out

    test = BatchIterator(scaled(test_images), test_labels, batch_size, ctx=ctx)
    if not validation_size:
        return BatchIterator(scaled(train_images), train_labels, batch_size, True, seed, ctx), test
    # A fixed permutation, so the split is the same whatever the shuffling seed.
    order = np.random.default_rng(0).permutation(len(train_labels))
    keep, held_out = order[:-validation_size], order[-validation_size:]
    train = BatchIterator(scaled(train_images[keep]), train_labels[keep], batch_size, True, seed, ctx)
    validation = BatchIterator(scaled(train_images[held_out]), train_labels[held_out], batch_size, ctx=ctx)
    return train, validation, test


if __name__ == "__main__":
    raise SystemExit(main())
