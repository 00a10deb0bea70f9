"""The perceptron widget's Python side: its state, its text and its stored HTML."""

import pytest

from scratchnet.widgets import perceptron_widget
from scratchnet.widgets.bundle import module_source
from scratchnet.widgets.perceptron_view import perceptron_readout, perceptron_state
from widget_output import stored_state


def test_the_state_is_the_arguments_and_follows_the_attributes():
    widget = perceptron_widget("OR", w1=1.5, w2=-0.5, b=0.25, learning_rate=0.5)
    state = stored_state(widget)
    assert {key: state[key] for key in ("gate", "w1", "w2", "b", "learning_rate")} == {
        "gate": "or", "w1": 1.5, "w2": -0.5, "b": 0.25, "learning_rate": 0.5}
    widget.w1 = -2.0  # what JupyterLab does when the reader moves the slider
    assert stored_state(widget)["w1"] == -2.0


def test_text_is_numpys_readout_and_has_no_memory_address():
    widget = perceptron_widget("xor", 1.0, 1.0, -0.5)
    expected = perceptron_readout(perceptron_state("xor", 1.0, 1.0, -0.5))
    data, _ = widget._repr_mimebundle_()
    assert data["text/plain"] == f"PerceptronWidget: {expected}"
    assert expected in data["text/html"]
    assert " at 0x" not in data["text/plain"] + repr(widget)


def test_output_is_the_same_on_every_run():
    first, _ = perceptron_widget()._repr_mimebundle_()
    second, _ = perceptron_widget()._repr_mimebundle_()
    assert first["text/html"] == second["text/html"]
    assert first["application/vnd.jupyter.widget-view+json"]["model_id"] != (
        second["application/vnd.jupyter.widget-view+json"]["model_id"])


def test_jupyter_runs_the_same_module_as_the_page():
    assert perceptron_widget()._esm == module_source("perceptron")


def test_an_unknown_gate_is_named():
    with pytest.raises(ValueError, match="unknown gate 'nand'"):
        perceptron_widget("nand")
