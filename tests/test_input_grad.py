"""scratchnet.fast.Network skips dE/d(input) of the first layer, as PyTorch does, and changes nothing else."""
import numpy as np
import pytest

from scratchnet.fast import Conv2D, Dense, Network
from scratchnet.layers import Flatten, ReLU
from scratchnet.losses import softmax_cross_entropy, softmax_cross_entropy_prime


def dense_network(seed=0):
    rng = np.random.default_rng(seed)
    net = Network([Dense(5, 4, rng=rng), ReLU(), Dense(4, 3, rng=rng)])
    net.use(softmax_cross_entropy, softmax_cross_entropy_prime)
    return net


def conv_network(seed=0):
    rng = np.random.default_rng(seed)
    net = Network([Conv2D(2, 3, 3, padding=1, rng=rng), ReLU(), Flatten(), Dense(48, 3, rng=rng)])
    net.use(softmax_cross_entropy, softmax_cross_entropy_prime)
    return net


@pytest.mark.parametrize("make, shape", [(dense_network, (6, 5)), (conv_network, (6, 2, 4, 4))])
def test_skipping_the_input_gradient_leaves_every_parameter_gradient_unchanged(make, shape):
    rng = np.random.default_rng(1)
    x, labels = rng.standard_normal(shape), rng.integers(0, 3, 6)
    full, lean = make(), make()
    dx = full.backward(softmax_cross_entropy_prime(labels, full.forward(x)))
    assert dx.shape == x.shape
    with lean.input_grad_off():
        assert lean.layers[0].needs_input_grad is False
        assert lean.backward(softmax_cross_entropy_prime(labels, lean.forward(x))) is None
    assert lean.layers[0].needs_input_grad is True
    for a, b in zip(full.layers, lean.layers):
        for name in a.grads:
            np.testing.assert_array_equal(a.grads[name], b.grads[name])


def test_fit_trains_exactly_as_with_the_input_gradient():
    rng = np.random.default_rng(2)
    x, labels = rng.standard_normal((12, 5)), rng.integers(0, 3, 12)
    lean = dense_network()
    history = lean.fit(x, labels, epochs=3, learning_rate=0.1, batch_size=4, rng=3, verbose=False)
    assert lean.layers[0].needs_input_grad is True  # restored after fit

    # The same training by hand, with every layer's full backward.
    full = dense_network()
    order_rng = np.random.default_rng(3)
    for _ in range(3):
        order = order_rng.permutation(12)
        for start in range(0, 12, 4):
            batch = order[start:start + 4]
            out = full.forward(x[batch])
            assert full.backward(softmax_cross_entropy_prime(labels[batch], out)).shape == (4, 5)
            full.step(0.1)
    for a, b in zip(full.layers, lean.layers):
        for name in a.params:
            np.testing.assert_allclose(b.params[name], a.params[name], rtol=1e-12, atol=1e-12)
    assert len(history) == 3


def test_a_first_layer_without_the_switch_still_trains():
    rng = np.random.default_rng(4)
    net = Network([Flatten(), Dense(8, 3, rng=rng)])
    net.use(softmax_cross_entropy, softmax_cross_entropy_prime)
    x, labels = rng.standard_normal((6, 2, 4)), rng.integers(0, 3, 6)
    history = net.fit(x, labels, epochs=5, learning_rate=0.5, rng=0, verbose=False)
    assert history[-1] < history[0]
    assert net.backward(softmax_cross_entropy_prime(labels, net.forward(x))).shape == x.shape


def test_the_switch_is_restored_when_training_fails():
    net = dense_network()
    net.layers[0].needs_input_grad = True
    with pytest.raises(ValueError, match="x has 6 samples but y has 5"):
        net.fit(np.zeros((6, 5)), np.zeros(5, dtype=int), epochs=1, learning_rate=0.1)
    with pytest.raises(ValueError, match="labels must lie in 0..2"):  # raised inside the loop
        net.fit(np.zeros((6, 5)), np.full(6, 7), epochs=1, learning_rate=0.1, verbose=False)
    assert net.layers[0].needs_input_grad is True
