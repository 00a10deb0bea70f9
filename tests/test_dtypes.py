"""float32 in, float32 through: no layer or loss promotes to float64 by accident."""
import numpy as np
import pytest

from scratchnet import Network
from scratchnet.datasets import one_hot
from scratchnet.layers import (Conv2D, Dense, Dropout, Flatten, MaxPool2D, ReLU, Sigmoid,
                               Tanh)
from scratchnet.losses import (binary_cross_entropy_prime, cross_entropy_prime, mse_prime,
                               softmax_cross_entropy, softmax_cross_entropy_prime)

F32 = np.float32


def every_layer_network(rng):
    """A float32 CNN with one of every layer: (N, 1, 6, 6) images, 3 classes."""
    return Network([
        Conv2D(1, 4, 3, padding=1, rng=rng, dtype=F32), ReLU(),  # (N, 4, 6, 6)
        MaxPool2D(2),                                            # (N, 4, 3, 3)
        Dropout(0.25, rng=rng),
        Flatten(),                                               # (N, 36)
        Dense(36, 8, rng=rng, dtype=F32), Tanh(),
        Dense(8, 8, rng=rng, dtype=F32), Sigmoid(),
        Dense(8, 3, rng=rng, dtype=F32),
    ])


def test_every_output_gradient_and_grad_of_a_float32_network_is_float32():
    rng = np.random.default_rng(0)
    net = every_layer_network(rng)
    x = rng.standard_normal((5, 1, 6, 6)).astype(F32)
    labels = rng.integers(0, 3, 5)
    out = x
    for layer in net.layers:
        out = layer.forward(out)
        assert out.dtype == F32, f"{layer!r} forward gave {out.dtype}"
    dout = softmax_cross_entropy_prime(labels, out)
    assert dout.dtype == F32 and dout.shape == out.shape
    for layer in reversed(net.layers):
        dout = layer.backward(dout)
        assert dout.dtype == F32, f"{layer!r} backward gave {dout.dtype}"
    assert dout.shape == x.shape
    params = [(layer, name) for layer in net.layers for name in layer.params]
    assert len(params) == 8  # W and b of the convolution and the three Dense layers
    for layer, name in params:
        assert layer.params[name].dtype == F32
        assert layer.grads[name].dtype == F32, f"{layer!r} grads[{name!r}]"


@pytest.mark.parametrize("loss_prime, targets", [
    (mse_prime, "one-hot"),
    (binary_cross_entropy_prime, "one-hot"),
    (cross_entropy_prime, "one-hot"),
    (cross_entropy_prime, "labels"),
    (softmax_cross_entropy_prime, "one-hot"),
    (softmax_cross_entropy_prime, "labels"),
])
def test_loss_gradients_keep_the_prediction_dtype_even_with_float64_targets(loss_prime, targets):
    rng = np.random.default_rng(1)
    labels = rng.integers(0, 4, 6)
    y_true = one_hot(labels, 4) if targets == "one-hot" else labels
    assert targets == "labels" or y_true.dtype == np.float64  # the accident being guarded
    y_pred = rng.uniform(0.05, 0.95, (6, 4)).astype(F32)
    grad = loss_prime(y_true, y_pred)
    assert grad.dtype == F32 and grad.shape == y_pred.shape
    # Same values as in float64, to float32 precision.
    expected = loss_prime(y_true, y_pred.astype(np.float64))
    np.testing.assert_allclose(grad, expected, rtol=1e-5, atol=1e-7)


@pytest.mark.parametrize("targets", ["labels", "one-hot"])
def test_fit_keeps_float32_parameters_and_gradients(targets):
    rng = np.random.default_rng(2)
    net = every_layer_network(rng)
    net.use(softmax_cross_entropy, softmax_cross_entropy_prime)
    x = rng.standard_normal((20, 1, 6, 6)).astype(F32)
    labels = rng.integers(0, 3, 20)
    y = one_hot(labels, 3) if targets == "one-hot" else labels
    before = [layer.params["W"].copy() for layer in net.layers if "W" in layer.params]
    history = net.fit(x, y, epochs=2, learning_rate=0.1, batch_size=8, rng=rng, verbose=False)
    assert len(history) == 2 and all(np.isfinite(history))
    after = [layer.params["W"] for layer in net.layers if "W" in layer.params]
    assert all(not np.array_equal(a, b) for a, b in zip(after, before))  # it trained
    for layer in net.layers:
        for name in layer.params:
            # In-place updates would hide a float64 gradient; the grads show it.
            assert layer.params[name].dtype == F32
            assert layer.grads[name].dtype == F32, f"{layer!r} grads[{name!r}]"
    assert net.predict(x).dtype == F32


def test_max_pool_remembers_winners_of_windows_larger_than_16x16():
    # 17 * 17 = 289 offsets need more than one byte.
    x = np.zeros((1, 1, 17, 17), dtype=F32)
    x[0, 0, 16, 15] = 1.0
    layer = MaxPool2D(17)
    assert layer.forward(x).item() == 1.0
    dx = layer.backward(np.full((1, 1, 1, 1), 3.0, dtype=F32))
    assert dx.dtype == F32
    assert dx[0, 0, 16, 15] == 3.0 and dx.sum() == 3.0
