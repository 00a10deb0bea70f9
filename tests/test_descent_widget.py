"""The descent widget's Python side: its state, its text and its stored HTML."""
import html

import numpy as np
import pytest

from scratchnet.neuron import noisy_line
from scratchnet.widgets import descent_widget
from scratchnet.widgets.bundle import module_source
from scratchnet.widgets.descent_view import descent_readout, descent_state
from widget_output import stored_state


def test_the_state_is_the_arguments_and_follows_the_attributes():
    widget = descent_widget(learning_rate=0.2, w=0.5, b=-1.5, steps=12)
    state = stored_state(widget)
    assert {key: state[key] for key in ("learning_rate", "w", "b", "steps")} == {
        "learning_rate": 0.2, "w": 0.5, "b": -1.5, "steps": 12}
    widget.steps = 40  # what JupyterLab does when the reader moves the slider
    assert stored_state(widget)["steps"] == 40
    assert widget.describe() == descent_readout(descent_state(0.2, 0.5, -1.5, 40))


def test_the_page_gets_numpys_data_to_the_last_bit():
    state = stored_state(descent_widget())
    x, y = noisy_line()
    # JSON keeps a float's shortest exact form, so the page's numbers are these.
    np.testing.assert_array_equal(state["x"], x)
    np.testing.assert_array_equal(state["y"], y)
    assert state["w_limits"] == [-3.0, 5.0] and state["b_limits"] == [-4.0, 5.0]


def test_text_is_numpys_readout_and_has_no_memory_address():
    widget = descent_widget(0.3, 0.0, -2.0, 12)
    expected = descent_readout(descent_state(0.3, 0.0, -2.0, 12))
    data, _ = widget._repr_mimebundle_()
    assert data["text/plain"] == f"DescentWidget: {expected}"
    assert html.escape(expected) in data["text/html"]
    assert " at 0x" not in data["text/plain"] + repr(widget)


def test_output_is_the_same_on_every_run():
    first, _ = descent_widget()._repr_mimebundle_()
    second, _ = descent_widget()._repr_mimebundle_()
    assert first["text/html"] == second["text/html"]


def test_jupyter_runs_the_same_module_as_the_page():
    assert descent_widget()._esm == module_source("descent")


@pytest.mark.parametrize("arguments, message", [
    ({"learning_rate": 0.0}, "learning_rate must be a number from 0.005 to 0.35"),
    ({"learning_rate": 1.0}, "learning_rate must be"),
    ({"w": 6.0}, r"w must be a number from -3.0 to 5.0 \(the slider's range\), got 6.0"),
    ({"b": float("nan")}, "b must be"),
    ({"steps": 101}, "steps must be a whole number from 0 to 100, got 101"),
    ({"steps": 2.5}, "steps must be a whole number"),
])
def test_bad_arguments_are_named(arguments, message):
    with pytest.raises(ValueError, match=message):
        descent_widget(**arguments)
