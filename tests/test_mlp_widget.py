"""The MLP widget's Python side: its state, its text and its stored HTML."""

import numpy as np
import pytest

from scratchnet import mlp
from scratchnet.widgets import mlp_widget
from scratchnet.widgets.bundle import module_source
from scratchnet.widgets.mlp_view import (
    SHAPES, WEIGHT_LIMIT, mlp_readout, mlp_state, start_params, trained_params,
)
from widget_output import stored_state


def test_the_state_is_the_arguments_as_lists_and_follows_the_attributes():
    params = mlp.init_params(2, 2, 1, np.random.default_rng(3))
    widget = mlp_widget(params, learning_rate=0.5)
    state = stored_state(widget)
    for name in SHAPES:
        assert state[name] == params[name].tolist()
        assert state["start_weights"][name] == params[name].tolist()
        assert state["trained_weights"][name] == trained_params()[name].tolist()
    assert state["learning_rate"] == 0.5
    assert state["weight_limit"] == WEIGHT_LIMIT
    widget.wh = [[1.0, -2.0], [0.5, 3.0]]  # what JupyterLab does when the reader moves sliders
    assert stored_state(widget)["wh"] == [[1.0, -2.0], [0.5, 3.0]]
    np.testing.assert_array_equal(widget.params()["wh"], [[1.0, -2.0], [0.5, 3.0]])


def test_the_default_start_is_mlp_views():
    state = stored_state(mlp_widget())
    for name, value in start_params().items():
        assert state[name] == value.tolist()


def test_text_is_numpys_readout_and_has_no_memory_address():
    widget = mlp_widget()
    expected = mlp_readout(mlp_state(start_params()))
    data, _ = widget._repr_mimebundle_()
    assert data["text/plain"] == f"MLPWidget: {expected}"
    assert expected in data["text/html"]
    assert " at 0x" not in data["text/plain"] + repr(widget)
    widget.wout = [[3.0], [-3.0]]
    assert widget.describe() == mlp_readout(mlp_state({**start_params(), "wout": np.array([[3.0], [-3.0]])}))


def test_output_is_the_same_on_every_run():
    first, _ = mlp_widget()._repr_mimebundle_()
    second, _ = mlp_widget()._repr_mimebundle_()
    assert first["text/html"] == second["text/html"]
    assert first["application/vnd.jupyter.widget-view+json"]["model_id"] != (
        second["application/vnd.jupyter.widget-view+json"]["model_id"])


def test_jupyter_runs_the_same_module_as_the_page():
    assert mlp_widget()._esm == module_source("mlp")


@pytest.mark.parametrize("kwargs, problem", [
    ({"params": {"wh": np.ones((2, 2))}}, "params lacks"),
    ({"params": {**start_params(), "wh": np.ones((3, 2))}}, r"params\['wh'\] has shape \(3, 2\)"),
    ({"params": {**start_params(), "bout": [[20.0]]}}, "sliders' range"),
    ({"learning_rate": 0.0}, "learning_rate must be a number from 0.1 to 10"),
    ({"learning_rate": float("nan")}, "learning_rate must be"),
    ({"learning_rate": "1"}, "learning_rate must be"),
])
def test_bad_arguments_are_named(kwargs, problem):
    with pytest.raises(ValueError, match=problem):
        mlp_widget(**kwargs)
