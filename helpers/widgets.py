"""Interactive figures that still make sense where widgets cannot run (static slides, saved HTML)."""

from __future__ import annotations

import base64
import io
from collections.abc import Callable
from unittest import mock

import ipywidgets as widgets
import matplotlib.pyplot as plt
from IPython.display import display

STATIC_NOTE = "Interactive figure: run this notebook in JupyterLab to move its controls."


def _png_of_current_figures(plot: Callable[..., None], values: dict) -> bytes:
    """Return a PNG of what plot(**values) draws, without showing it."""
    with plt.ioff(), mock.patch.object(plt, "show"):
        before = set(plt.get_fignums())
        plot(**values)
        new = [n for n in plt.get_fignums() if n not in before] or plt.get_fignums()[-1:]
        if not new:
            raise ValueError("the plot function drew no matplotlib figure")
        buffer = io.BytesIO()
        plt.figure(new[-1]).savefig(buffer, format="png", dpi=100, bbox_inches="tight")
        for n in new:
            plt.close(n)
    return buffer.getvalue()


class _FirstDrawInState(widgets.interactive):
    """An interactive whose first drawing goes into the widget's own output, not the cell's.

    ipywidgets draws once while the widget is built; shown live, that drawing lands in the
    cell next to our picture, so a viewer without a widget manager (RISE's slideshow app)
    would show the plot twice. Here the first drawing is kept as a PNG in the widget's state.
    """

    first_png: str | None = None

    def update(self, *args) -> None:
        if self.first_png is not None:
            super().update(*args)
            return
        self.kwargs = {w._kwarg: w.get_interact_value() for w in self.kwargs_widgets}
        self.first_png = base64.b64encode(_png_of_current_figures(self.f, self.kwargs)).decode()
        self.out.outputs = ({"output_type": "display_data", "metadata": {},
                             "data": {"image/png": self.first_png, "text/plain": "<Figure>"}},)


def interactive_plot(plot: Callable[..., None], **controls) -> widgets.interactive:
    """Show controls bound to plot(**values), and return the widget.

    Viewers without a widget manager (static slides, a slideshow app without ipywidgets,
    GitHub) show a picture of the default state instead of the widget's text repr.
    """
    if not callable(plot):
        raise TypeError(f"plot must be a function that draws a figure, got {type(plot).__name__}")
    if not controls:
        raise ValueError("interactive_plot needs at least one control, e.g. step=(0.01, 1.0)")
    widget = _FirstDrawInState(plot, **controls)
    if widget.first_png is None:  # ipywidgets 7 (Colab's) draws first when displayed, not when built
        widget.update()
    # The widget view as ipywidgets 8's _repr_mimebundle_ writes it; ipywidgets 7 (Colab's) has no
    # such method, and both speak version 2 of the widget-view format.
    view = {"version_major": 2, "version_minor": 0, "model_id": widget.model_id}
    display({"application/vnd.jupyter.widget-view+json": view, "text/plain": STATIC_NOTE,
             "image/png": widget.first_png}, raw=True)
    return widget
