"""Accuracy and loss of a net over a whole data set, as plain Python floats."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from mxnet import gluon, nd

from helpers.data import NUM_PIXELS


def _context_of(net, data: nd.NDArray):
    """Return the context of the net's parameters, or the data's for a plain function."""
    if hasattr(net, "collect_params"):
        for param in net.collect_params().values():
            return param.list_ctx()[0]
    return data.context


def flatten_images(data: nd.NDArray) -> nd.NDArray:
    """Return a batch of 28 x 28 images as a (batch, 784) matrix, as the lecture's net expects."""
    if not isinstance(data, nd.NDArray):
        raise TypeError(f"expected an mxnet NDArray batch, got {type(data).__name__}")
    per_sample = data.size // data.shape[0] if data.ndim and data.shape[0] else 0
    if data.ndim < 2 or per_sample != NUM_PIXELS:
        raise ValueError(f"expected a batch of 28 x 28 = {NUM_PIXELS}-pixel images, such as "
                         f"(batch, 28, 28, 1) or (batch, 784); got shape {data.shape}")
    return data.reshape((-1, NUM_PIXELS))


def _batches(data_iter: Iterable, net) -> Iterable[tuple[nd.NDArray, nd.NDArray, nd.NDArray]]:
    for batch in data_iter:
        if not (isinstance(batch, (tuple, list)) and len(batch) == 2):
            raise TypeError("expected an iterator of (data, label) batches, such as load_mnist() returns")
        data, label = batch
        ctx = _context_of(net, data)
        data = flatten_images(data).as_in_context(ctx)
        yield data, label.as_in_context(ctx), net(data)


def evaluate_accuracy(data_iter: Iterable, net: Callable) -> float:
    """Return the fraction of samples whose highest-scoring class is the label."""
    correct, total = None, 0
    for _, label, output in _batches(data_iter, net):
        hits = (nd.argmax(output, axis=1) == label.astype(output.dtype)).sum()
        # Summed on the device; one transfer at the end instead of one per batch.
        correct = hits if correct is None else correct + hits
        total += label.shape[0]
    if not total:
        raise ValueError("evaluate_accuracy got an empty data iterator")
    return float(correct.asscalar()) / total


def evaluate_loss(data_iter: Iterable, net: Callable, loss_fn: Callable | None = None) -> float:
    """Return the mean per-sample loss (softmax cross-entropy unless loss_fn is given)."""
    loss_fn = loss_fn or gluon.loss.SoftmaxCrossEntropyLoss()
    summed, total = None, 0
    for _, label, output in _batches(data_iter, net):
        batch_sum = loss_fn(output, label).sum()
        summed = batch_sum if summed is None else summed + batch_sum
        total += label.shape[0]
    if not total:
        raise ValueError("evaluate_loss got an empty data iterator")
    return float(summed.asscalar()) / total
