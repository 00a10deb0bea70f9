"""The saturation widget's Python side: its state, its text and its stored HTML."""
import html

import pytest

from scratchnet.widgets.bundle import module_source
from scratchnet.widgets.saturation_view import saturation_readout, saturation_state
from scratchnet.widgets.saturation_widget import saturation_widget
from widget_output import stored_state


def test_the_state_is_the_arguments_and_follows_the_attributes():
    widget = saturation_widget("ReLU", weight_std=0.05, input_scale=2.5, seed=7)
    state = stored_state(widget)
    assert {key: state[key] for key in ("activation", "weight_std", "input_scale", "seed")} == {
        "activation": "relu", "weight_std": 0.05, "input_scale": 2.5, "seed": 7}
    assert state["weight_std_range"] == [0.001, 1.0] and state["input_scale_range"] == [0.1, 20.0]
    widget.input_scale = 10.0  # what JupyterLab does when the reader moves the slider
    assert stored_state(widget)["input_scale"] == 10.0


def test_scales_keep_three_significant_digits_as_the_sliders_do():
    widget = saturation_widget(weight_std=0.123456, input_scale=1.98765)
    assert (widget.weight_std, widget.input_scale) == (0.123, 1.99)


def test_text_is_numpys_readout_and_has_no_memory_address():
    widget = saturation_widget("sigmoid", 0.5, 3.0)
    expected = saturation_readout(saturation_state("sigmoid", 0.5, 3.0))
    data, _ = widget._repr_mimebundle_()
    assert data["text/plain"] == f"SaturationWidget: {expected}"
    assert html.escape(expected) in data["text/html"]
    assert " at 0x" not in data["text/plain"] + repr(widget)


def test_output_is_the_same_on_every_run():
    first, _ = saturation_widget()._repr_mimebundle_()
    second, _ = saturation_widget()._repr_mimebundle_()
    assert first["text/html"] == second["text/html"]


def test_jupyter_runs_the_same_module_as_the_page():
    assert saturation_widget()._esm == module_source("saturation")


@pytest.mark.parametrize("arguments, problem", [
    ({"activation": "softplus"}, "activation must be one of"),
    ({"weight_std": 0.0}, "weight_std must lie between 0.001 and 1"),
    ({"input_scale": 50.0}, "input_scale must lie between 0.1 and 20"),
    ({"seed": -1}, "seed must be an integer"),
])
def test_bad_arguments_are_named(arguments, problem):
    with pytest.raises(ValueError, match=problem):
        saturation_widget(**arguments)
