"""The sigmoid MLP widget's NumPy reference (the *_view module), checked by hand and against the package."""
import numpy as np
import pytest

from scratchnet import mlp
from scratchnet.activations import sigmoid
from scratchnet.datasets import logic_gate
from scratchnet.widgets import mlp_view


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
    assert max(np.abs(values)) <= mlp_view.WEIGHT_LIMIT


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


def test_training_from_the_start_converges_inside_the_sliders():
    params, steps, reason = mlp_view.train_until(mlp_view.start_params(), 1.0, 10_000)
    assert reason == "converged"
    state = mlp_view.mlp_state(params)
    assert state.loss < mlp_view.LOSS_GOAL
    np.testing.assert_array_equal(state.output.round(), [0, 1, 1, 0])
    # One step fewer was not yet there: training stops at the first step below the goal.
    X, y = logic_gate("xor")
    before = mlp.train(X, y, mlp_view.start_params(), steps, 1.0)[1]
    assert min(before) >= mlp_view.LOSS_GOAL
    assert max(np.abs(list(mlp_view.flatten(params).values()))) <= mlp_view.WEIGHT_LIMIT


def test_training_is_mlp_train_and_stops_before_the_limit_or_pauses():
    X, y = logic_gate("xor")
    start = mlp_view.start_params()
    params, steps, reason = mlp_view.train_until(start, 0.5, 40)
    assert (steps, reason) == (40, "paused")
    expected, _ = mlp.train(X, y, start, 40, 0.5)
    for name in mlp_view.SHAPES:
        np.testing.assert_array_equal(params[name], expected[name])
    # With a limit of 6.2 the weights (largest 6.0 at the start) soon reach it.
    params, steps, reason = mlp_view.train_until(start, 3.0, 10_000, limit=6.2)
    assert reason == "limit"
    assert max(np.abs(list(mlp_view.flatten(params).values()))) <= 6.2
    stepped = mlp_view.gradient_step(params, 3.0)
    assert max(np.abs(list(mlp_view.flatten(stepped).values()))) > 6.2


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


@pytest.mark.parametrize("params, problem", [
    ([1, 2], "must be a dict"),
    ({"wh": np.zeros((2, 2))}, r"lacks \['bh', 'wout', 'bout'\]"),
    ({**mlp_view.start_params(), "bh": np.zeros((2, 1))}, r"params\['bh'\] has shape \(2, 1\)"),
    ({**mlp_view.start_params(), "bout": [[np.nan]]}, "not finite"),
    ({**mlp_view.start_params(), "wout": [[12.0], [0.0]]}, r"leaves the sliders' range \[-10, 10\]"),
])
def test_check_params_names_the_problem(params, problem):
    with pytest.raises(ValueError, match=problem):
        mlp_view.check_params(params)


def test_check_params_takes_lists():
    checked = mlp_view.check_params({"wh": [[1, 2], [3, 4]], "bh": [[0, 0]], "wout": [[1], [1]],
                                     "bout": [[0]]})
    assert checked["wh"].dtype == float and checked["wout"].shape == (2, 1)


def test_mlp_readout():
    state = mlp_view.mlp_state(mlp_view.start_params())
    outputs = ", ".join(f"{o:.2f}" for o in state.output)
    assert mlp_view.mlp_readout(state) == (
        f"loss 0.5 sum(E^2) = {state.loss:.4f}, outputs for (0,0) (0,1) (1,0) (1,1): {outputs}")
    assert outputs == "0.24, 0.82, 0.82, 0.98"
