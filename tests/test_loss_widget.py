"""The loss widget's Python side: its state, its text and its stored HTML."""
import html

import pytest

from scratchnet.widgets.bundle import module_source
from scratchnet.widgets.loss_view import loss_readout
from scratchnet.widgets.loss_widget import loss_widget
from widget_output import stored_state


def test_the_state_is_the_argument_and_follows_the_attribute():
    widget = loss_widget(p=0.3)
    assert stored_state(widget) == {"p": 0.3, "p_range": [0.01, 0.99], "p_step": 0.01}
    widget.p = 0.75  # what JupyterLab does when the reader moves the slider
    assert stored_state(widget)["p"] == 0.75


def test_p_is_rounded_to_the_sliders_step():
    assert loss_widget(p=0.123).p == 0.12


def test_text_is_numpys_readout():
    widget = loss_widget(p=0.1)
    data, _ = widget._repr_mimebundle_()
    assert data["text/plain"] == f"LossWidget: {loss_readout(0.1)}"
    assert html.escape(loss_readout(0.1)) in data["text/html"]
    assert " at 0x" not in repr(widget)


def test_output_is_the_same_on_every_run():
    assert loss_widget()._repr_mimebundle_()[0]["text/html"] == (
        loss_widget()._repr_mimebundle_()[0]["text/html"])


def test_jupyter_runs_the_same_module_as_the_page():
    assert loss_widget()._esm == module_source("loss")


@pytest.mark.parametrize("p", [0.0, 0.005, 0.995, 1.0])
def test_a_p_the_slider_cannot_reach_is_refused(p):
    with pytest.raises(ValueError, match="p must lie between 0.01 and 0.99"):
        loss_widget(p=p)
