"""show_digits and interactive_plot: what they draw and what static viewers get."""

from __future__ import annotations

import base64
from unittest import mock

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

from helpers import interactive_plot, show_digits
from helpers.widgets import STATIC_NOTE


def test_show_digits_titles_each_digit_and_marks_mistakes_in_red():
    images = np.zeros((3, 28, 28), dtype=np.uint8)
    fig = show_digits(images, labels=[1, 2, 3], predictions=[1, 7, 3], ncols=2)
    titles = [ax.get_title() for ax in fig.axes if ax.get_title()]
    assert titles == ["1 → 1", "2 → 7", "3 → 3"]
    assert matplotlib.colors.to_hex(fig.axes[1].title.get_color()) == matplotlib.colors.to_hex("crimson")
    plt.close(fig)


def test_show_digits_refuses_images_of_the_wrong_shape():
    with pytest.raises(ValueError, match="28, 28"):
        show_digits(np.zeros((2, 10, 10)), labels=[0, 1])
    with pytest.raises(ValueError, match="one entry per image"):
        show_digits(np.zeros((2, 784)), labels=[0])


def test_interactive_plot_offers_a_picture_and_a_note_to_static_viewers():
    def plot(step: float) -> None:
        fig, ax = plt.subplots()
        ax.plot([0, 1], [0, step])
        plt.show()

    shown = []
    with mock.patch("helpers.widgets.display", lambda bundle, raw: shown.append(bundle)):
        widget = interactive_plot(plot, step=(0.0, 1.0))
    bundle = shown[0]
    assert bundle["text/plain"] == STATIC_NOTE
    assert base64.b64decode(bundle["image/png"]).startswith(b"\x89PNG")
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert widget.kwargs == {"step": 0.5}
    # The first drawing became the picture and was closed: nothing leaks into the notebook.
    assert plt.get_fignums() == []
    assert widget.out.outputs[0]["data"]["image/png"] == bundle["image/png"]


def test_interactive_plot_refuses_bad_arguments():
    with pytest.raises(TypeError):
        interactive_plot("not a function", step=(0.0, 1.0))
    with pytest.raises(ValueError, match="at least one control"):
        interactive_plot(lambda: None)
