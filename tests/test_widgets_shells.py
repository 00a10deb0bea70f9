"""The widgets without a browser: set a control, check the picture and the readout.

Every readout and every picture must be exactly what the pure functions
give for the new setting, and each widget must open on the figure that
the web book shows for it.
"""
import ipywidgets as widgets
import numpy as np
import pytest

from scratchnet.widgets import (
    conv_figure,
    conv_widget,
    loss_figure,
    loss_widget,
    mlp_figure,
    mlp_widget,
    perceptron_figure,
    perceptron_widget,
    training_figure,
    training_widget,
)
from scratchnet.widgets.controls import READOUT_CLASS
from scratchnet.widgets.conv_view import PRESETS, conv_readout, conv_state
from scratchnet.widgets.loss_view import loss_readout
from scratchnet.widgets.mlp_view import (
    flatten,
    gradient_step,
    mlp_readout,
    mlp_state,
    start_params,
    trained_params,
)
from scratchnet.widgets.perceptron_view import perceptron_readout, perceptron_state
from scratchnet.widgets.training_view import train_frames, training_readout
from widget_boxes import assert_shows, control, descendants, readout_text


def count_redraws(box):
    """A list that grows by one each time the widget's picture changes."""
    (image,) = [w for w in descendants(box) if isinstance(w, widgets.Image)]
    redraws = []
    image.observe(redraws.append, names="value")
    return redraws


@pytest.mark.parametrize("make_widget, make_figure", [
    (perceptron_widget, perceptron_figure),
    (mlp_widget, mlp_figure),
    (loss_widget, loss_figure),
    (conv_widget, conv_figure),
    (training_widget, training_figure),
])
def test_widget_opens_on_the_books_figure(make_widget, make_figure):
    assert_shows(make_widget(), make_figure())


def test_perceptron_sliders():
    box = perceptron_widget()
    control(box, "w1").value = 1.0
    control(box, "w2").value = 1.0
    control(box, "b").value = -1.5
    assert readout_text(box) == perceptron_readout(perceptron_state("and", 1.0, 1.0, -1.5))
    assert readout_text(box).endswith("accuracy 4/4")
    assert_shows(box, perceptron_figure("and", 1.0, 1.0, -1.5))
    control(box, "gate").value = "xor"
    assert readout_text(box) == perceptron_readout(perceptron_state("xor", 1.0, 1.0, -1.5))


@pytest.mark.parametrize("gate, converges", [("and", True), ("or", True), ("xor", False)])
def test_perceptron_rule_converges_except_on_xor(gate, converges):
    box = perceptron_widget(gate=gate)
    button = control(box, "one step of the rule", widgets.Button)
    (status,) = [w for w in descendants(box)
                 if isinstance(w, widgets.HTML) and READOUT_CLASS not in w._dom_classes]
    for _ in range(60):
        button.click()
        if "converged" in status.value:
            break
    assert ("converged" in status.value) == converges
    assert readout_text(box).endswith("accuracy 4/4") == converges
    state = perceptron_state(gate, *(control(box, n).value for n in ("w1", "w2", "b")))
    assert readout_text(box) == perceptron_readout(state)


def test_mlp_sliders_and_buttons():
    box = mlp_widget()
    control(box, "wout[1,0]").value = -6.0
    params = start_params()
    params["wout"][1, 0] = -6.0
    assert readout_text(box) == mlp_readout(mlp_state(params))
    assert_shows(box, mlp_figure(params))

    control(box, "start over", widgets.Button).click()
    control(box, "gradient step", widgets.Button).click()
    stepped = flatten(gradient_step(start_params(), 1.0))
    assert {name: control(box, name).value for name in stepped} == stepped

    redraws = count_redraws(box)
    control(box, "load trained weights", widgets.Button).click()
    assert len(redraws) == 1, "nine sliders changed, but the figure must be drawn once"
    assert readout_text(box) == mlp_readout(mlp_state(trained_params()))


def test_loss_slider():
    box = loss_widget()
    control(box, "p (true class)").value = 0.01
    assert readout_text(box) == loss_readout(0.01)
    assert_shows(box, loss_figure(0.01))


def test_conv_presets_and_custom_kernels():
    box = conv_widget()
    menu = control(box, "kernel", widgets.Dropdown)
    redraws = count_redraws(box)
    menu.value = "sharpen"
    assert len(redraws) == 1
    kernel = [[control(box, f"({i},{j})").value for j in range(3)] for i in range(3)]
    np.testing.assert_allclose(kernel, PRESETS["sharpen"])
    assert readout_text(box) == conv_readout(conv_state(PRESETS["sharpen"], 0))

    control(box, "(1,1)").value = 2.0
    assert menu.value == "custom"
    kernel[1][1] = 2.0
    assert readout_text(box) == conv_readout(conv_state(kernel, 0))
    control(box, "digit image").value = 7
    assert readout_text(box) == conv_readout(conv_state(kernel, 7))
    assert_shows(box, conv_figure(kernel, 7))


def test_training_replay_and_train_button():
    box = training_widget(hidden_size=8, epochs=200)
    replay = control(box, "show epoch")
    assert replay.value == 200
    frames = {f.epoch: f for f in train_frames(hidden_size=8, epochs=200)}
    replay.value = 100
    assert readout_text(box) == training_readout(frames[100])

    control(box, "hidden units").value = 4
    control(box, "epochs").value = 100
    redraws = count_redraws(box)
    control(box, "train", widgets.Button).click()
    *_, last = train_frames(hidden_size=4, epochs=100)
    assert control(box, "progress").value == 100
    assert len(redraws) == 21, "the figure should follow the run frame by frame"
    assert readout_text(box) == training_readout(last)
    assert replay.options == tuple(range(0, 101, 5)) and replay.value == 100
