"""Bookkeeping a training loop can be wrapped with: every batch's loss, a progress bar, a live curve.

A training loop of the course reads like the algorithm: for each epoch, for each batch, compute
the scores, the gradients and the step. To record what it does, hand it a `TrainingLog`'s
batches instead of the data itself: `batches = log.watch(net, train_data, epochs)`. They are the
same batches. While the loop iterates them, the log listens to the net (a Gluon forward hook):
the scores the loop computes for a batch give the log that batch's loss, with no extra forward
pass. It keeps the losses as MXNet arrays until the epoch ends, and then reads them all at once.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator

import matplotlib.pyplot as plt
import mxnet as mx
import numpy as np
from mxnet import autograd, nd

from helpers.plots import draw_loss_curve

BULK_SIZE = 64  # operations MXNet's engine may take in one go (mx.engine.bulk)
REDRAW_SECONDS = 4.0  # the live curve redraws at most this often, and after the last epoch


class TrainingLog:
    """The record of one training run: each batch's loss, each epoch's mean, the parameters after it."""

    def __init__(self) -> None:
        self.batch_losses: list[float] = []  # mean loss of each batch, before its step
        self.epoch_losses: list[float] = []  # mean loss of the images of each epoch
        self.parameters: list[list[nd.NDArray]] = []  # copies of the net's parameters after each epoch

    def watch(self, net, train_data: Iterable, epochs: int, show_progress: bool = False,
              title: str = "training loss") -> _Watched:
        """Return train_data's batches, which record into this log as a loop iterates them, epoch by epoch."""
        if epochs < 1:
            raise ValueError(f"epochs must be at least 1, got {epochs}")
        return _Watched(self, net, train_data, epochs, show_progress, title)


class _Watched:
    """train_data's batches, recording into a log while a loop iterates them; iterate once per epoch."""

    def __init__(self, log: TrainingLog, net, train_data: Iterable, epochs: int, show_progress: bool,
                 title: str) -> None:
        self.log, self.net, self.train_data, self.epochs, self.title = log, net, train_data, epochs, title
        self.epochs_done = 0
        self.bar = self.figure = None
        if show_progress:
            from tqdm.auto import tqdm

            self.bar = tqdm(total=epochs * len(train_data), desc=title, unit="batch")
            self.figure = _LiveCurve(title, epochs, len(train_data))

    def __len__(self) -> int:
        return len(self.train_data)

    def __iter__(self) -> Iterator[tuple[nd.NDArray, nd.NDArray]]:
        true_class_log_p, sizes, waiting = [], [], []  # waiting: the label of a batch not yet scored

        def keep_loss(block, inputs, scores) -> None:
            if waiting:  # the first forward pass on a batch: the scores its step uses
                with autograd.pause():
                    true_class_log_p.append(nd.pick(nd.log_softmax(scores, axis=1), waiting.pop(), axis=1))

        hook = self.net.register_forward_hook(keep_loss)
        try:
            with mx.engine.bulk(BULK_SIZE):  # the loop's small operations reach the engine in groups
                for data, label in self.train_data:
                    waiting.append(label)
                    sizes.append(label.shape[0])
                    yield data, label
                    if waiting:
                        raise RuntimeError("the training loop did not run the net on a batch it was given")
                    if self.bar is not None:
                        self.bar.update()
        finally:
            hook.detach()
        self._end_epoch(true_class_log_p, sizes)

    def _end_epoch(self, true_class_log_p: list[nd.NDArray], sizes: list[int]) -> None:
        """Read the epoch's losses in one transfer, keep the parameters, and show the progress."""
        losses = -nd.concat(*true_class_log_p, dim=0).asnumpy().astype(np.float64)
        starts = np.cumsum([0] + sizes[:-1])
        self.log.batch_losses.extend((np.add.reduceat(losses, starts) / sizes).tolist())
        self.log.epoch_losses.append(float(losses.mean()))
        self.log.parameters.append([p.data().copy() for p in self.net.collect_params().values()])
        self.epochs_done += 1
        last = self.epochs_done == self.epochs
        if self.bar is not None:
            self.bar.set_postfix(epoch=self.epochs_done, loss=f"{self.log.epoch_losses[-1]:.4f}")
            self.figure.update(self.log, force=last)
            if last:
                self.bar.close()
                self.figure.close()


class _LiveCurve:
    """A loss curve in the notebook's output, redrawn as training goes on."""

    def __init__(self, title: str, epochs: int, batches_per_epoch: int) -> None:
        self.title, self.epochs, self.batches_per_epoch = title, epochs, batches_per_epoch
        self.fig, self.ax = plt.subplots(figsize=(7, 2.3))
        self.handle = None
        self.drawn_at = time.perf_counter()

    def update(self, log: TrainingLog, force: bool = False) -> None:
        """Redraw the curve if REDRAW_SECONDS have passed since the last drawing, or if forced."""
        if not force and time.perf_counter() - self.drawn_at < REDRAW_SECONDS:
            return
        from IPython.display import display

        self.ax.clear()
        draw_loss_curve(self.ax, log.batch_losses, log.epoch_losses, self.batches_per_epoch, self.epochs,
                        f"{self.title}: epoch {len(log.epoch_losses)} of {self.epochs}")
        self.fig.tight_layout()
        if self.handle is None:
            self.handle = display(self.fig, display_id=True)
        else:
            self.handle.update(self.fig)
        self.drawn_at = time.perf_counter()

    def close(self) -> None:
        """Close the figure, so that the notebook does not show it a second time."""
        plt.close(self.fig)
