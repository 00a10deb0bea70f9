import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scratchnet.activations import sigmoid, sigmoid_prime
from scratchnet.gradcheck import check_layer
from scratchnet.layers import Activation, Dense, ReLU, ShapeError, Sigmoid, Tanh


@pytest.mark.parametrize("n, d, m", [(1, 1, 1), (3, 4, 2), (5, 2, 7)])
def test_dense_passes_the_gradient_check(n, d, m):
    rng = np.random.default_rng(n + d + m)
    layer = Dense(d, m, rng=rng)
    layer.params["b"] = rng.normal(size=m)
    errors = check_layer(layer, rng.normal(size=(n, d)), rng)
    assert set(errors) == {"dx", "W", "b"}
    assert max(errors.values()) < 1e-6, errors


@pytest.mark.parametrize("layer_class", [Sigmoid, Tanh, ReLU])
def test_activation_layers_pass_the_gradient_check(layer_class):
    rng = np.random.default_rng(7)
    errors = check_layer(layer_class(), rng.normal(size=(4, 5)), rng)
    assert errors["dx"] < 1e-6


def test_gradient_check_rejects_the_slope_of_the_wrong_quantity():
    # sigmoid_prime applied to the activation instead of the pre-activation.
    wrong = Activation(sigmoid, lambda z: sigmoid_prime(sigmoid(z)))
    rng = np.random.default_rng(8)
    assert check_layer(wrong, rng.normal(size=(4, 5)), rng)["dx"] > 1e-2


def test_dense_worked_example():
    layer = Dense(2, 1)
    layer.params["W"] = np.array([[2.0], [3.0]])
    layer.params["b"] = np.array([1.0])
    x = np.array([[1.0, 1.0], [0.0, 2.0]])
    np.testing.assert_array_equal(layer.forward(x), [[6.0], [7.0]])
    dx = layer.backward(np.array([[1.0], [-1.0]]))
    np.testing.assert_array_equal(dx, [[2.0, 3.0], [-2.0, -3.0]])
    np.testing.assert_array_equal(layer.grads["W"], [[1.0], [-1.0]])  # x^T dout
    np.testing.assert_array_equal(layer.grads["b"], [0.0])


def test_backward_fills_grads_but_updates_nothing():
    rng = np.random.default_rng(9)
    layer = Dense(3, 2, rng=rng)
    before = {k: v.copy() for k, v in layer.params.items()}
    layer.forward(rng.normal(size=(4, 3)))
    layer.backward(rng.normal(size=(4, 2)))
    for name in before:
        np.testing.assert_array_equal(layer.params[name], before[name])
        assert layer.grads[name].shape == layer.params[name].shape


def test_dense_keeps_float32():
    layer = Dense(3, 2, dtype=np.float32)
    y = layer.forward(np.ones((4, 3), dtype=np.float32))
    dx = layer.backward(np.ones((4, 2), dtype=np.float32))
    assert y.dtype == dx.dtype == np.float32
    assert all(g.dtype == np.float32 for g in layer.grads.values())


def test_wrong_shapes_name_the_layer_and_both_shapes():
    layer = Dense(4, 3)
    with pytest.raises(ShapeError, match=r"Dense\(4, 3\) expects input of shape \(N, 4\), got \(5, 2\)"):
        layer.forward(np.zeros((5, 2)))
    with pytest.raises(ShapeError, match=r"got \(4,\)"):
        layer.forward(np.zeros(4))
    layer.forward(np.zeros((5, 4)))
    with pytest.raises(ShapeError, match=r"\(5, 3\), got \(5, 2\)"):
        layer.backward(np.zeros((5, 2)))
    tanh = Tanh()
    tanh.forward(np.zeros((2, 3)))
    with pytest.raises(ValueError, match=r"Tanh\(\)\.backward expects dout of shape \(2, 3\)"):
        tanh.backward(np.zeros((3, 2)))


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 6), st.integers(1, 6), st.integers(1, 6))
def test_dense_shapes(n, d, m):
    layer = Dense(d, m)
    assert layer.forward(np.ones((n, d))).shape == (n, m)
    assert layer.backward(np.ones((n, m))).shape == (n, d)
