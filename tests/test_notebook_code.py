"""helpers.notebook_code and the appendix's figures: code loaded from where it lives, drawn as promised."""

from __future__ import annotations

import inspect
import sys

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from helpers.notebook_code import LECTURE_CODE, lecture_code, notebook_functions
from helpers.plots import plot_batch_sizes, plot_epoch_times, plot_roofline


@pytest.fixture()
def notebook(tmp_path):
    """A notebook whose cells define functions between statements that must not run when loaded."""
    cells = [
        new_code_cell("%matplotlib inline\nimport math\n\nSCALE = 2"),
        new_markdown_cell("def not_code(): a markdown cell is never run"),
        new_code_cell("def double(x):\n    return SCALE * x\n\n\nraise RuntimeError('the notebook work')"),
        new_code_cell("OFFSET = 1\nresult = undefined_name + 1\n\n\ndef area(r):\n"
                      "    return double(math.pi * r * r) / SCALE + OFFSET - 1"),
        new_code_cell("class Shape:\n    def size(self):\n        return double(3)"),
        new_code_cell("def halve(x):\n    return double(x) / 4\n\n\nprint(undefined_name)"),
        new_code_cell("def shrink(x, how=halve):\n    return how(x)\n\n\n"
                      "class Square(Shape):\n    def side(self, by=halve):\n        return by(self.size())"),
    ]
    path = tmp_path / "99_example.ipynb"
    nbformat.write(new_notebook(cells=cells), path)
    return path


def test_a_function_comes_with_the_functions_and_constants_it_uses_and_nothing_the_cells_do(notebook):
    area = notebook_functions(notebook, ["area"])["area"]
    assert area(1.0) == pytest.approx(3.141592653589793)


def test_classes_load_too_and_their_methods_find_what_they_call(notebook):
    shape = notebook_functions(notebook, ["Shape"])["Shape"]()
    assert shape.size() == 6


def test_what_a_definition_reads_as_it_is_defined_is_loaded_first_with_what_that_calls(notebook):
    # A default argument (halve) and a base class (Shape) must exist when the def or class runs;
    # halve in turn calls double, from another cell, only when it is called.
    loaded = notebook_functions(notebook, ["shrink", "Square"])
    assert loaded["shrink"](8.0) == 4.0
    assert loaded["Square"]().side() == 3.0


def test_notebook_07s_backward_loads_with_relu_backward_its_default_activation():
    backward = notebook_functions("07_backpropagation_and_autograd", ["backward"])["backward"]
    default = inspect.signature(backward).parameters["activation_backward"].default
    assert default.__name__ == "relu_backward" and "delta_cross_entropy" in backward.__globals__


def test_a_name_no_cell_defines_is_an_error_that_names_it(notebook):
    with pytest.raises(LookupError, match="not_code"):
        notebook_functions(notebook, ["not_code"])


def test_notebook_05s_training_loop_loads_with_the_call_the_appendix_makes():
    custom_train = notebook_functions("05_gradient_descent_by_hand", ["custom_train"])["custom_train"]
    assert list(inspect.signature(custom_train).parameters)[:4] == ["net", "train_data", "epochs",
                                                                    "learning_rate"]


def test_the_lecture_code_is_bench_lecture_code_imported_once():
    module = lecture_code()
    assert module is lecture_code() is sys.modules["lecture_code"]
    assert module.__file__ == str(LECTURE_CODE)
    assert callable(module.custom_train) and module.learning_rate == 0.1


def test_plot_epoch_times_draws_a_bar_per_way_on_a_log_axis_and_a_line_per_floor():
    fig = plot_epoch_times({"slow": 2.0, "fast": 0.2}, {"arithmetic bound": 0.1, "memory bound": 0.01})
    ax = fig.axes[0]
    assert ax.get_xscale() == "log"
    height = {label.get_text(): label.get_position()[1] for label in ax.get_yticklabels()}
    assert height["slow"] > height["fast"]  # drawn top to bottom in the given order
    assert len(ax.patches) == 2 and len(ax.lines) == 2
    assert any("(20.0x)" in t.get_text() for t in ax.texts)  # 2 s is 20 times the highest floor
    plt.close(fig)


def test_plot_epoch_times_refuses_what_it_cannot_draw():
    with pytest.raises(ValueError, match="at least one"):
        plot_epoch_times({}, {"floor": 1.0})
    with pytest.raises(ValueError, match="positive"):
        plot_epoch_times({"way": 0.0}, {"floor": 1.0})
    with pytest.raises(ValueError, match="not one of the floors"):
        plot_epoch_times({"way": 1.0}, {"floor": 1.0}, reference="ceiling")


def test_plot_batch_sizes_draws_speed_and_accuracy_against_the_batch_size():
    seconds, accuracies = {"a": [0.5, 0.3], "b": [0.2, 0.2]}, {"a": [0.91, 0.90], "b": [0.91, 0.90]}
    fig = plot_batch_sizes([32, 64], seconds, accuracies, floor=0.1)
    speed, accuracy = fig.axes
    assert speed.get_yscale() == "log" and speed.get_xscale() == accuracy.get_xscale() == "log"
    assert len(speed.lines) == 3 and len(accuracy.lines) == 2
    plt.close(fig)
    with pytest.raises(ValueError, match="one value per batch size"):
        plot_batch_sizes([32, 64], {"a": [0.5]}, {"a": [0.9, 0.9]})


def test_plot_roofline_draws_the_roof_bending_at_the_ridge_and_a_point_per_measurement():
    fig = plot_roofline(100e9, 10e9, {"square": (340.0, 90e9), "epoch": (5.0, 10e9)})
    ax = fig.axes[0]
    assert ax.get_xscale() == ax.get_yscale() == "log"
    roof = ax.lines[0]
    x, y = roof.get_xdata(), roof.get_ydata()
    assert abs(y.max() - 100) < 1e-9 and abs(y[0] - 10 * x[0]) < 1e-9  # flat at the peak, bandwidth below
    assert [line.get_label().split(":")[0] for line in ax.lines[1:3]] == ["square", "epoch"]
    plt.close(fig)
    with pytest.raises(ValueError, match="positive"):
        plot_roofline(100e9, 10e9, {"epoch": (0.0, 1e9)})
    with pytest.raises(ValueError, match="at least one point"):
        plot_roofline(100e9, 10e9, {})
