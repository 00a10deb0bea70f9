"""The sigmoid MLP widget's NumPy reference (the *_view module), checked by hand and against the package."""
import io

import numpy as np
import pytest
from PIL import Image
from scipy.signal import correlate2d

from scratchnet import mlp
from scratchnet.activations import sigmoid
from scratchnet.datasets import logic_gate
from scratchnet.gradcheck import numerical_gradient
from scratchnet.losses import binary_cross_entropy, mse
from scratchnet.widgets import conv_view, loss_view, mlp_view, perceptron_view, training_view
from scratchnet.widgets.mlp_widget import WEIGHT_RANGE as MLP_RANGE
from scratchnet.widgets.perceptron_widget import WEIGHT_RANGE as PERCEPTRON_RANGE
from scratchnet.widgets.render import png_bytes


def test_flatten_round_trip_and_missing_names():
    params = mlp.init_params(2, 2, 1, np.random.default_rng(3))
    back = mlp_view.unflatten(mlp_view.flatten(params))
    for name in mlp_view.SHAPES:
        np.testing.assert_array_equal(back[name], params[name])
    values = mlp_view.flatten(params)
    del values["bout[0,0]"]
    with pytest.raises(ValueError, match=r"bout\[0,0\]"):
        mlp_view.unflatten(values)


def test_trained_weights_solve_xor_and_fit_the_sliders():
    state = mlp_view.mlp_state(mlp_view.trained_params())
    np.testing.assert_array_equal(state.output.round(), [0, 1, 1, 0])
    assert state.loss < 0.01
    values = list(mlp_view.flatten(mlp_view.trained_params()).values())
    assert MLP_RANGE[0] <= min(values) and max(values) <= MLP_RANGE[1]


def test_start_gets_one_one_wrong():
    state = mlp_view.mlp_state(mlp_view.start_params())
    np.testing.assert_array_equal(state.output.round(), [0, 1, 1, 1])


def test_gradient_steps_are_the_walkthroughs_and_reduce_the_loss():
    X, y = logic_gate("xor")
    params = mlp_view.start_params()
    stepped = mlp_view.gradient_step(params, 1.0)
    reference = mlp.iteration(X, y, params, 1.0)
    for name in mlp_view.SHAPES:
        np.testing.assert_array_equal(stepped[name], reference[name])
    assert mlp_view.mlp_state(stepped).loss < mlp_view.mlp_state(params).loss


def test_boundaries_are_where_activations_are_one_half():
    params = mlp_view.start_params()
    state = mlp_view.mlp_state(params)
    for j, (x1, x2) in enumerate(state.hidden_lines):
        points = np.column_stack([x1, x2])
        np.testing.assert_allclose(
            sigmoid(points @ params["wh"][:, j] + params["bh"][0, j]), 0.5)
    h = np.column_stack(state.output_line)
    np.testing.assert_allclose(sigmoid(h @ params["wout"] + params["bout"]), 0.5)


def test_surfaces_are_the_networks_output():
    params = mlp_view.trained_params()
    state = mlp_view.mlp_state(params)
    low, high = mlp_view.LIMITS
    corners = np.array([[low, low], [high, low], [low, high]])
    _, out = mlp.forward(corners, params)
    np.testing.assert_allclose(
        [state.surface[0, 0], state.surface[0, -1], state.surface[-1, 0]], out.ravel())
    hidden_low = mlp_view.HIDDEN_LIMITS[0]
    np.testing.assert_allclose(
        state.hidden_surface[0, 0],
        sigmoid(hidden_low * params["wout"].sum() + params["bout"][0, 0]))
