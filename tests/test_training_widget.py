"""The training widget's Python side: its state, its text and its stored HTML."""

import numpy as np
import pytest

from scratchnet.widgets import training_widget
from scratchnet.widgets.bundle import module_source
from scratchnet.widgets.training_view import (
    START, as_arrays, as_lists, init_params, make_data, network_params, build_network,
    train_epochs, training_readout,
)
from widget_output import stored_state


def test_the_state_is_the_settings_and_the_seeds_starting_weights():
    widget = training_widget("circles", learning_rate=0.3, hidden_size=5, batch_size=30, seed=7)
    state = stored_state(widget)
    assert {key: state[key] for key in ("dataset", "learning_rate", "hidden_size", "batch_size",
                                        "seed", "epoch")} == {
        "dataset": "circles", "learning_rate": 0.3, "hidden_size": 5, "batch_size": 30,
        "seed": 7, "epoch": 0}
    # JSON carries the float64 weights exactly.
    for name, value in as_arrays(state["params"]).items():
        np.testing.assert_array_equal(value, init_params(5, 7)[name])


def test_defaults_are_the_start():
    state = stored_state(training_widget())
    assert {key: state[key] for key in START} == START


def test_text_is_numpys_readout_and_follows_the_attributes():
    widget = training_widget("xor", hidden_size=4, seed=2)
    expected = training_readout("xor", 2, as_lists(init_params(4, 2)), 0)
    assert expected.startswith("epoch 0: loss ")
    data, _ = widget._repr_mimebundle_()
    assert data["text/plain"] == f"TrainingWidget: {expected}"
    assert expected in data["text/html"]
    assert " at 0x" not in data["text/plain"] + repr(widget)

    # What JupyterLab does when the page pauses after training: new weights and epoch.
    X, y = make_data("xor", 2)
    net = build_network(widget.params)
    train_epochs(net, X, y, 2, 0, 5, 0.1, 10)
    widget.params = as_lists(network_params(net))
    widget.epoch = 5
    trained = training_readout("xor", 2, widget.params, 5)
    assert trained.startswith("epoch 5: ") and trained != expected
    assert widget.describe() == trained
    assert stored_state(widget)["epoch"] == 5


def test_output_is_the_same_on_every_run():
    first, _ = training_widget()._repr_mimebundle_()
    second, _ = training_widget()._repr_mimebundle_()
    assert first["text/html"] == second["text/html"]


def test_jupyter_runs_the_same_module_as_the_page():
    assert training_widget()._esm == module_source("training")


@pytest.mark.parametrize("arguments, message", [
    ({"dataset": "moons"}, "unknown data set 'moons'"),
    ({"learning_rate": 0.05}, r"learning_rate must be one of \[0.001, "),
    ({"batch_size": 7}, r"batch_size must be one of \[1, 10, 30, 100, 300\], got 7"),
    ({"hidden_size": 0}, "hidden_size must be a whole number from 1 to 16, got 0"),
    ({"seed": 100}, "seed must be a whole number from 0 to 99, got 100"),
])
def test_bad_settings_are_named(arguments, message):
    with pytest.raises(ValueError, match=message):
        training_widget(**arguments)
