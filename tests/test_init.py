"""Weight initialisers and the diagnostics of chapter 5: statistics and identities."""
import numpy as np
import pytest

from scratchnet import Network, init
from scratchnet.activations import relu_prime, sigmoid_prime, tanh_prime
from scratchnet.diagnostics import (
    activation_stds,
    collapse_linear,
    gradient_norms,
    saturated_fraction,
)
from scratchnet.layers import Dense, ReLU, Tanh
from scratchnet.losses import mse, mse_prime


def test_constant_fills_every_weight():
    W = init.constant((3, 4), 0.5)
    assert W.shape == (3, 4) and np.all(W == 0.5)


@pytest.mark.parametrize("make, variance", [
    (lambda n_in, n_out, rng: init.normal((n_in, n_out), 0.01, rng), lambda n_in, n_out: 1e-4),
    (init.xavier, lambda n_in, n_out: 2 / (n_in + n_out)),
    (init.he, lambda n_in, n_out: 2 / n_in),
])
@pytest.mark.parametrize("n_in, n_out", [(400, 100), (100, 400)])
def test_initialisers_have_mean_zero_and_their_variance(make, variance, n_in, n_out):
    W = make(n_in, n_out, np.random.default_rng(0))
    assert W.shape == (n_in, n_out)
    target = variance(n_in, n_out)
    assert abs(W.mean()) < 5 * np.sqrt(target / W.size)
    assert W.var() == pytest.approx(target, rel=0.03)


@pytest.mark.parametrize("make", [init.xavier, init.he])
def test_initialisers_follow_the_generator(make):
    assert np.array_equal(make(5, 3, np.random.default_rng(7)), make(5, 3, 7))
    assert not np.array_equal(make(5, 3, 7), make(5, 3, 8))


def test_he_keeps_the_mean_square_through_relu_layers():
    # The derivation's claim: E[x^2] stays put from layer to layer (up to sampling noise).
    rng = np.random.default_rng(1)
    x = rng.normal(size=(2000, 256))
    first = np.mean(np.maximum(x @ init.he(256, 256, rng), 0) ** 2)
    for _ in range(5):
        x = np.maximum(x @ init.he(256, 256, rng), 0)
    assert np.mean(x ** 2) == pytest.approx(first, rel=0.3)


def test_two_linear_layers_collapse_into_one():
    rng = np.random.default_rng(2)
    first, second = Dense(4, 6, rng=rng), Dense(6, 3, rng=rng)
    first.params["b"] = rng.normal(size=6)
    second.params["b"] = rng.normal(size=3)
    x = rng.normal(size=(5, 4))
    W, b = collapse_linear(first.params["W"], first.params["b"],
                           second.params["W"], second.params["b"])
    assert W.shape == (4, 3) and b.shape == (3,)
    np.testing.assert_allclose(x @ W + b, second.forward(first.forward(x)), atol=1e-12)


def test_saturated_fraction_by_hand():
    z = np.array([[-10.0, -1.0, 0.0, 0.5], [2.0, 3.0, 6.0, 10.0]])
    # tanh'(z) < 0.01 for |z| > 2.99; sigmoid'(z) < 0.01 for |z| > 4.59; relu'(z) = 0 for z <= 0.
    assert saturated_fraction(z, tanh_prime) == 4 / 8
    assert saturated_fraction(z, sigmoid_prime) == 3 / 8
    assert saturated_fraction(z, relu_prime) == 3 / 8
    assert saturated_fraction(z, tanh_prime, threshold=0.5) == 6 / 8


def test_activation_stds_and_gradient_norms_per_layer():
    rng = np.random.default_rng(3)
    net = Network([Dense(3, 4, rng=rng), Tanh(), Dense(4, 4, rng=rng), ReLU(),
                   Dense(4, 1, rng=rng)])
    net.use(mse, mse_prime)
    x, y = rng.normal(size=(6, 3)), rng.normal(size=(6, 1))
    h1 = np.tanh(x @ net.layers[0].params["W"])
    h2 = np.maximum(h1 @ net.layers[2].params["W"], 0)
    assert activation_stds(net, x) == pytest.approx([h1.std(), h2.std()])
    norms = gradient_norms(net, x, y)
    assert len(norms) == 3
    # The last layer's dE/dW = h2^T dE/dout, written out by hand.
    dout = mse_prime(y, h2 @ net.layers[4].params["W"])
    assert norms[2] == pytest.approx(np.linalg.norm(h2.T @ dout))
