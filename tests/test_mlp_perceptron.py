import numpy as np
import pytest

from scratchnet import mlp
from scratchnet.activations import sigmoid
from scratchnet.datasets import logic_gate, walkthrough
from scratchnet.perceptron import Perceptron, step


@pytest.mark.parametrize("seed", range(5))
def test_walkthrough_reproduces_the_published_outputs(seed):
    # Published after 5000 epochs at lr 0.1: about 0.98, 0.97, 0.04.
    X, y = walkthrough()
    params = mlp.init_params(4, 3, 1, np.random.default_rng(seed))
    params, history = mlp.train(X, y, params, epochs=5000, lr=0.1)
    _, output = mlp.forward(X, params)
    np.testing.assert_allclose(output.ravel(), [0.98, 0.97, 0.04], atol=0.02)
    assert history[-1] < history[0] / 50


def test_iteration_names_every_matrix_and_matches_the_walkthrough_by_hand():
    X, y = walkthrough()
    params = mlp.init_params(4, 3, 1)
    s = mlp.iteration(X, y, params, lr=0.1)
    h = sigmoid(X @ params["wh"] + params["bh"])
    out = sigmoid(h @ params["wout"] + params["bout"])
    d_output = (y - out) * out * (1 - out)
    d_hidden = d_output @ params["wout"].T * h * (1 - h)
    np.testing.assert_allclose(s["output"], out)
    np.testing.assert_allclose(s["d_output"], d_output)
    np.testing.assert_allclose(s["d_hiddenlayer"], d_hidden)
    np.testing.assert_allclose(s["wout"], params["wout"] + 0.1 * h.T @ d_output)
    np.testing.assert_allclose(s["bh"], params["bh"] + 0.1 * d_hidden.sum(axis=0))
    assert list(s) == [
        "hidden_layer_input", "hiddenlayer_activations", "output_layer_input", "output",
        "E", "slope_output_layer", "slope_hidden_layer", "d_output",
        "Error_at_hidden_layer", "d_hiddenlayer", "wout", "bout", "wh", "bh"]
    assert s["wh"].shape == (4, 3) and s["bh"].shape == (1, 3)


def test_walkthrough_update_is_gradient_descent_on_half_the_squared_error():
    X, y = walkthrough()
    params = mlp.init_params(4, 3, 1, np.random.default_rng(1))
    s = mlp.iteration(X, y, params, lr=1.0)

    def error(p):
        return 0.5 * np.sum((y - mlp.forward(X, p)[1]) ** 2)

    h = 1e-6
    for name in ("wh", "bh", "wout", "bout"):
        step_taken = s[name] - params[name]
        numeric = np.zeros_like(params[name])
        for i in np.ndindex(numeric.shape):
            plus = {k: v.copy() for k, v in params.items()}
            minus = {k: v.copy() for k, v in params.items()}
            plus[name][i] += h
            minus[name][i] -= h
            numeric[i] = (error(plus) - error(minus)) / (2 * h)
        np.testing.assert_allclose(step_taken, -numeric, rtol=1e-5, atol=1e-10)


def test_step_function_and_the_threshold_example():
    # x1 + x2 + x3 > 0 weighted by 2, 3, 4.
    w = np.array([2, 3, 4])
    assert step(np.array([1, 0, 0]) @ w - 3) == 0
    assert step(np.array([0, 1, 1]) @ w - 3) == 1
    np.testing.assert_array_equal(step(np.array([-1.0, 0.0, 0.5])), [0, 0, 1])


@pytest.mark.parametrize("gate", ["and", "or"])
def test_perceptron_learns_linearly_separable_gates(gate):
    X, y = logic_gate(gate)
    p = Perceptron(2)
    mistakes = p.fit(X, y, epochs=20)
    assert mistakes[-1] == 0
    np.testing.assert_array_equal(p.predict(X), y.ravel())


def test_perceptron_never_converges_on_xor():
    X, y = logic_gate("xor")
    p = Perceptron(2)
    mistakes = p.fit(X, y, epochs=50)
    assert len(mistakes) == 50 and min(mistakes) > 0
    assert np.sum(p.predict(X) == y.ravel()) <= 3


def test_perceptron_rule_by_hand():
    p = Perceptron(2, learning_rate=0.5)
    assert p.update([1.0, 1.0], 1)  # predicted 0, target 1: w += 0.5 * x
    np.testing.assert_array_equal(p.w, [0.5, 0.5])
    assert p.b == 0.5
    assert not p.update([1.0, 1.0], 1)  # now right: nothing moves
    with pytest.raises(ValueError, match=r"shape \(N, 2\), got \(4, 3\)"):
        p.predict(np.zeros((4, 3)))
