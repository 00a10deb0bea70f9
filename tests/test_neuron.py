"""The one-neuron module: gradients against centred differences, descent against theory."""
import numpy as np
import pytest

from scratchnet.activations import sigmoid
from scratchnet.gradcheck import numerical_gradient, rel_error
from scratchnet.losses import binary_cross_entropy
from scratchnet.neuron import (fit_linear, fit_logistic, gradient_descent, learning_rate_bound,
                               linear_hessian, linear_loss, linear_loss_and_gradients,
                               logistic_loss_and_gradients, noisy_line, squared_error_graph,
                               two_blobs)


def numerical_wb(loss, w, b):
    """Centred differences of ``loss(w, b)`` with respect to w (any shape) and the float b."""
    w = np.array(w, dtype=float)
    b = np.array([b], dtype=float)
    dw = numerical_gradient(lambda: loss(w if w.ndim else float(w), b[0]), w)
    db = numerical_gradient(lambda: loss(w if w.ndim else float(w), b[0]), b)
    return dw, db[0]


def test_linear_worked_example():
    # y_hat = (1, 3) against y = (0, 0): errors 1 and 3.
    loss, dw, db = linear_loss_and_gradients(1.0, 1.0, np.array([0.0, 2.0]), np.zeros(2))
    assert loss == 5.0  # (1 + 9) / 2
    assert dw == 6.0  # 2 * (1*0 + 3*2) / 2
    assert db == 4.0  # 2 * (1 + 3) / 2


@pytest.mark.parametrize("seed", range(3))
def test_linear_gradients_match_centred_differences(seed):
    rng = np.random.default_rng(seed)
    x, y = noisy_line(rng=rng)
    w, b = rng.normal(size=2)
    _, dw, db = linear_loss_and_gradients(w, b, x, y)
    num_dw, num_db = numerical_wb(lambda w, b: linear_loss_and_gradients(w, b, x, y)[0], w, b)
    assert rel_error([dw, db], [num_dw, num_db]) < 1e-8


def test_linear_loss_on_a_grid_is_the_loss_at_each_point():
    x, y = noisy_line()
    w, b = np.meshgrid([-1.0, 0.5, 2.0], [0.0, 1.0])
    grid = linear_loss(w, b, x, y)
    assert grid.shape == (2, 3)
    for i, j in np.ndindex(grid.shape):
        assert grid[i, j] == pytest.approx(linear_loss_and_gradients(w[i, j], b[i, j], x, y)[0])


def test_hessian_is_the_derivative_of_the_gradient():
    x, y = noisy_line()
    h = 1e-4
    columns = []
    for dw, db in ((h, 0), (0, h)):
        plus = np.array(linear_loss_and_gradients(0.3 + dw, -0.2 + db, x, y)[1:])
        minus = np.array(linear_loss_and_gradients(0.3 - dw, -0.2 - db, x, y)[1:])
        columns.append((plus - minus) / (2 * h))
    np.testing.assert_allclose(np.column_stack(columns), linear_hessian(x), rtol=1e-7)


def test_gradient_descent_path_by_hand():
    # L = p^2 / 2 has gradient p: each step multiplies p by (1 - learning_rate).
    path = gradient_descent(lambda p: p, [4.0, -2.0], 0.25, 3)
    np.testing.assert_allclose(path, [[4, -2], [3, -1.5], [2.25, -1.125], [1.6875, -0.84375]])
    assert gradient_descent(lambda p: p, [1.0], 0.5, 0).shape == (1, 1)


@pytest.mark.parametrize("factor, converges", [(0.5, True), (0.95, True), (1.05, False)])
def test_learning_rate_bound_separates_convergence_from_divergence(factor, converges):
    x, y = noisy_line()
    design = np.column_stack([x, np.ones_like(x)])
    best = np.linalg.lstsq(design, y, rcond=None)[0]
    path = fit_linear(x, y, (-1.5, 3.0), factor * learning_rate_bound(x), 400)
    distance = np.linalg.norm(path[-1] - best)
    assert (distance < 1e-3) == converges
    if not converges:
        assert distance > np.linalg.norm(path[0] - best)


def test_graph_backward_matches_the_worked_example_and_differences():
    values, grads = squared_error_graph(0.5, 1.0, 2.0, 3.0)
    assert values == {"w": 0.5, "x": 2.0, "b": 1.0, "y": 3.0, "u": 1.0, "y_hat": 2.0,
                      "e": -1.0, "L": 1.0}
    assert (grads["w"], grads["x"], grads["b"], grads["y"]) == (-4.0, -1.0, -2.0, 2.0)
    inputs = np.array([0.5, 1.0, 2.0, 3.0])
    numerical = numerical_gradient(lambda: squared_error_graph(*inputs)[0]["L"], inputs)
    np.testing.assert_allclose(numerical, [grads[k] for k in "wbxy"], rtol=1e-8)


@pytest.mark.parametrize("seed", range(3))
def test_logistic_gradients_match_centred_differences(seed):
    rng = np.random.default_rng(seed)
    x, y = two_blobs(n_per_class=7, rng=rng)
    w, b = rng.normal(size=2), float(rng.normal())
    loss, dw, db = logistic_loss_and_gradients(w, b, x, y)
    assert loss == pytest.approx(binary_cross_entropy(y, sigmoid(x @ w + b)))
    assert dw.shape == (2,)
    num_dw, num_db = numerical_wb(lambda w, b: logistic_loss_and_gradients(w, b, x, y)[0], w, b)
    assert rel_error(np.append(dw, db), np.append(num_dw, num_db)) < 1e-8


def test_fit_logistic_separates_the_blobs_and_lowers_the_loss():
    x, y = two_blobs(distance=4.0, rng=np.random.default_rng(1))
    path = fit_logistic(x, y, learning_rate=0.5, steps=200)
    assert path.shape == (201, 3)
    losses = [logistic_loss_and_gradients(p[:2], p[2], x, y)[0] for p in path]
    assert losses[0] == pytest.approx(np.log(2))
    assert np.all(np.diff(losses) < 0)
    w, b = path[-1, :2], path[-1, 2]
    assert np.mean((x @ w + b > 0) == y) > 0.95


def test_data_are_seeded():
    np.testing.assert_array_equal(noisy_line()[0], noisy_line()[0])
    x, y = two_blobs(n_per_class=5)
    assert x.shape == (10, 2) and y.tolist() == [0.0] * 5 + [1.0] * 5
