"""Each layer of scratchnet.fast against its readable twin: same results, every gradient."""
import numpy as np
import pytest

from scratchnet import fast, layers
from scratchnet.network import Network
from scratchnet.losses import softmax_cross_entropy, softmax_cross_entropy_prime

# Relative tolerance per dtype: the twins add the same terms in different orders.
RTOL = {np.float64: 1e-12, np.float32: 1e-5}


def run(layer, x, dout):
    """Output, dE/dX and every parameter gradient of one forward and backward pass."""
    out = layer.forward(x)
    dx = layer.backward(dout)
    return {"out": out, "dx": dx, **{"d" + name: grad for name, grad in layer.grads.items()}}


def assert_twins(readable, quick, x, rng, dtype):
    """Give both layers the same input and dE/dY; compare everything they return."""
    dout = rng.standard_normal(readable.forward(x).shape).astype(dtype)
    expected, got = run(readable, x, dout), run(quick, x, dout)
    assert got.keys() == expected.keys()
    for name in expected:
        assert got[name].dtype == expected[name].dtype == dtype, name
        assert got[name].shape == expected[name].shape, name
        scale = np.max(np.abs(expected[name]), initial=1.0)
        np.testing.assert_allclose(got[name], expected[name], rtol=RTOL[dtype],
                                   atol=RTOL[dtype] * scale, err_msg=name)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("stride", [1, 2, 3])
@pytest.mark.parametrize("padding", [0, 1, 2])
@pytest.mark.parametrize("kernel", [1, 3, 4])
def test_conv2d_equals_its_readable_twin(dtype, stride, padding, kernel):
    rng = np.random.default_rng(100 * stride + 10 * padding + kernel)
    readable = layers.Conv2D(3, 5, kernel, stride=stride, padding=padding, rng=1, dtype=dtype)
    quick = fast.Conv2D(3, 5, kernel, stride=stride, padding=padding, rng=1, dtype=dtype)
    readable.params["b"] = rng.standard_normal(5).astype(dtype)
    quick.params = {name: value.copy() for name, value in readable.params.items()}
    x = rng.standard_normal((4, 3, 9, 8)).astype(dtype)  # H != W, neither divisible by all strides
    assert_twins(readable, quick, x, rng, dtype)


def test_the_twins_draw_the_same_initial_weights():
    for readable, quick in [(layers.Conv2D(2, 3, 3, rng=5), fast.Conv2D(2, 3, 3, rng=5)),
                            (layers.Dense(4, 3, rng=5), fast.Dense(4, 3, rng=5))]:
        assert repr(readable) == repr(quick)
        for name in readable.params:
            np.testing.assert_array_equal(readable.params[name], quick.params[name])


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("kernel, stride", [(2, 2), (3, 2), (2, 1), (3, 3), (1, 1)])
def test_maxpool_equals_its_readable_twin(dtype, kernel, stride):
    rng = np.random.default_rng(10 * kernel + stride)
    x = rng.standard_normal((3, 2, 9, 7)).astype(dtype)
    assert_twins(layers.MaxPool2D(kernel, stride), fast.MaxPool2D(kernel, stride), x, rng, dtype)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("kernel, stride", [(2, 2), (3, 2), (3, 1)])
def test_maxpool_twins_route_tied_maxima_to_the_same_first_entry(dtype, kernel, stride):
    # Few distinct values, so most windows hold several equal maxima.
    rng = np.random.default_rng(kernel * stride)
    x = rng.integers(0, 3, (2, 3, 8, 8)).astype(dtype)
    assert_twins(layers.MaxPool2D(kernel, stride), fast.MaxPool2D(kernel, stride), x, rng, dtype)
    # And the readable one sends each window's gradient to its first maximum in reading order.
    pool = layers.MaxPool2D(2)
    pool.forward(np.ones((1, 1, 2, 2), dtype=dtype))
    np.testing.assert_array_equal(pool.backward(np.full((1, 1, 1, 1), 5, dtype=dtype)),
                                  [[[[5, 0], [0, 0]]]])


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_dense_equals_its_readable_twin_and_can_skip_dx(dtype):
    rng = np.random.default_rng(3)
    readable, quick = layers.Dense(6, 4, rng=2, dtype=dtype), fast.Dense(6, 4, rng=2, dtype=dtype)
    readable.params["b"] = rng.standard_normal(4).astype(dtype)
    quick.params = {name: value.copy() for name, value in readable.params.items()}
    x = rng.standard_normal((5, 6)).astype(dtype)
    assert_twins(readable, quick, x, rng, dtype)
    quick.needs_input_grad = False
    quick.forward(x)
    assert quick.backward(np.ones((5, 4), dtype=dtype)) is None
    assert quick.grads["W"].shape == (6, 4)


def make_networks(make_layers):
    """The same network twice: readable `Network` with readable layers, and the fast one."""
    nets = []
    for kind, net_class in ((layers, Network), (fast, fast.Network)):
        net = net_class(make_layers(kind))
        net.use(softmax_cross_entropy, softmax_cross_entropy_prime)
        nets.append(net)
    return nets


def conv_layers(kind):
    rng = np.random.default_rng(7)
    return [kind.Conv2D(1, 4, 3, padding=1, rng=rng), layers.ReLU(), kind.MaxPool2D(2),
            layers.Flatten(), kind.Dense(4 * 4 * 4, 3, rng=rng)]


def test_fast_network_trains_exactly_as_the_readable_one():
    rng = np.random.default_rng(8)
    x, labels = rng.standard_normal((20, 1, 8, 8)), rng.integers(0, 3, 20)
    readable, quick = make_networks(conv_layers)
    history = readable.fit(x, labels, epochs=3, learning_rate=0.05, batch_size=6, rng=1,
                           verbose=False)
    fast_history = quick.fit(x, labels, epochs=3, learning_rate=0.05, batch_size=6, rng=1,
                             verbose=False)
    np.testing.assert_allclose(fast_history, history, rtol=1e-12)
    for a, b in zip(readable.layers, quick.layers):
        for name in a.params:
            np.testing.assert_allclose(b.params[name], a.params[name], rtol=1e-12, atol=1e-12)
    assert quick.layers[0].needs_input_grad is True  # switched back on after fit


def test_fast_network_refuses_bad_data_as_the_readable_one_does():
    for net in make_networks(conv_layers):
        x = np.zeros((4, 1, 8, 8))
        x[2, 0, 3, 3] = np.nan
        with pytest.raises(ValueError, match="x contains NaN or infinite values"):
            net.fit(x, np.zeros(4, dtype=int), epochs=1, learning_rate=0.1)
        with pytest.raises(ValueError, match="x has 4 samples but y has 3"):
            net.fit(np.zeros((4, 1, 8, 8)), np.zeros(3, dtype=int), epochs=1, learning_rate=0.1)
