import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.signal import convolve2d, correlate2d

from scratchnet.gradcheck import check_layer
from scratchnet.layers.base import ShapeError
from scratchnet.layers.conv import Conv2D

# Every (kernel, stride, padding) with kernel 1..3, stride 1..2, padding 0..2,
# each on its own input shape (N, C, H, W): batch 1..3, rectangular images.
SHAPES = [(1, 2, 5, 4), (2, 3, 4, 6), (3, 1, 6, 5), (2, 2, 3, 7), (1, 3, 7, 3), (3, 2, 4, 4)]
CASES = [
    (kernel, stride, padding, SHAPES[i % len(SHAPES)], 1 + i % 3)
    for i, (kernel, stride, padding) in enumerate(itertools.product([1, 2, 3], [1, 2], [0, 1, 2]))
]


def random_conv(in_channels, out_channels, kernel, stride, padding, rng):
    layer = Conv2D(in_channels, out_channels, kernel, stride=stride, padding=padding, rng=rng)
    layer.params["b"] = rng.normal(size=out_channels)
    return layer


def naive_conv2d(x, w, b, stride, padding):
    """Reference: the definition, one output number at a time."""
    n, _, height, width = x.shape
    f, _, k, _ = w.shape
    x = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    out_h = 1 + (height + 2 * padding - k) // stride
    out_w = 1 + (width + 2 * padding - k) // stride
    out = np.zeros((n, f, out_h, out_w))
    for i in range(n):
        for j in range(f):
            for r in range(out_h):
                for s in range(out_w):
                    patch = x[i, :, r * stride:r * stride + k, s * stride:s * stride + k]
                    out[i, j, r, s] = np.sum(patch * w[j]) + b[j]
    return out


@pytest.mark.parametrize("kernel, stride, padding, shape, out_channels", CASES)
def test_conv_passes_the_gradient_check(kernel, stride, padding, shape, out_channels):
    rng = np.random.default_rng(kernel * 100 + stride * 10 + padding)
    layer = random_conv(shape[1], out_channels, kernel, stride, padding, rng)
    errors = check_layer(layer, rng.normal(size=shape), rng)
    assert set(errors) == {"dx", "W", "b"}
    assert max(errors.values()) < 1e-6, errors


@pytest.mark.parametrize("kernel, stride, padding, shape, out_channels", CASES)
def test_conv_forward_matches_the_naive_loops(kernel, stride, padding, shape, out_channels):
    rng = np.random.default_rng(1)
    layer = random_conv(shape[1], out_channels, kernel, stride, padding, rng)
    x = rng.normal(size=shape)
    expected = naive_conv2d(x, layer.params["W"], layer.params["b"], stride, padding)
    np.testing.assert_allclose(layer.forward(x), expected, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("stride, padding", [(1, 0), (1, 2), (2, 0), (2, 1)])
def test_conv_forward_matches_scipy_correlate2d(stride, padding):
    rng = np.random.default_rng(2)
    layer = random_conv(3, 2, 3, stride, padding, rng)
    x = rng.normal(size=(2, 3, 7, 6))
    x_padded = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    w, b = layer.params["W"], layer.params["b"]
    # correlate2d slides with stride 1; a strided layer keeps every stride-th output.
    expected = np.array([
        [sum(correlate2d(x_padded[n, c], w[f, c], mode="valid") for c in range(3)) + b[f]
         for f in range(2)]
        for n in range(2)
    ])[:, :, ::stride, ::stride]
    np.testing.assert_allclose(layer.forward(x), expected, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("padding", [0, 1])
def test_conv_backward_matches_scipy(padding):
    # Stride 1: dW[f, c] correlates the input with dout, and dx is the full
    # convolution of dout with the filter (convolve2d flips the filter itself).
    rng = np.random.default_rng(3)
    layer = random_conv(2, 3, 3, 1, padding, rng)
    x = rng.normal(size=(2, 2, 6, 5))
    dout = rng.normal(size=layer.forward(x).shape)
    dx = layer.backward(dout)
    w = layer.params["W"]
    x_padded = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    dw = np.array([[sum(correlate2d(x_padded[n, c], dout[n, f], mode="valid") for n in range(2))
                    for c in range(2)] for f in range(3)])
    dx_padded = np.array([[sum(convolve2d(dout[n, f], w[f, c], mode="full") for f in range(3))
                           for c in range(2)] for n in range(2)])
    np.testing.assert_allclose(layer.grads["W"], dw, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(layer.grads["b"], dout.sum(axis=(0, 2, 3)), rtol=1e-12)
    np.testing.assert_allclose(dx, dx_padded[:, :, padding:padding + 6, padding:padding + 5],
                               rtol=1e-12, atol=1e-12)


def hand_example_layer(stride=1, padding=0):
    layer = Conv2D(1, 1, 2, stride=stride, padding=padding)
    layer.params["W"] = np.array([[[[1.0, 2.0], [3.0, 4.0]]]])
    layer.params["b"] = np.array([1.0])
    return layer


X_HAND = np.arange(1.0, 10.0).reshape(1, 1, 3, 3)  # [[1, 2, 3], [4, 5, 6], [7, 8, 9]]


def test_conv_worked_example():
    layer = hand_example_layer()
    # Top-left window [[1, 2], [4, 5]]: 1*1 + 2*2 + 3*4 + 4*5 + 1 = 38.
    np.testing.assert_array_equal(layer.forward(X_HAND), [[[[38.0, 48.0], [68.0, 78.0]]]])
    dx = layer.backward(np.ones((1, 1, 2, 2)))
    # Each pixel collects the weights of the windows that read it: the centre is in all four.
    np.testing.assert_array_equal(dx, [[[[1.0, 3.0, 2.0], [4.0, 10.0, 6.0], [3.0, 7.0, 4.0]]]])
    # dW sums the four windows; db counts the four outputs.
    np.testing.assert_array_equal(layer.grads["W"], [[[[12.0, 16.0], [24.0, 28.0]]]])
    np.testing.assert_array_equal(layer.grads["b"], [4.0])


def test_conv_worked_example_with_stride_and_padding():
    layer = hand_example_layer(stride=2, padding=1)
    # Padded to 5x5; windows start at rows/columns 0 and 2, so the last padded row
    # and column are never read. Window (0, 1) is [[0, 0], [2, 3]]: 3*2 + 4*3 + 1 = 19.
    np.testing.assert_array_equal(layer.forward(X_HAND), [[[[5.0, 19.0], [37.0, 78.0]]]])
    dx = layer.backward(np.array([[[[1.0, 10.0], [100.0, 1000.0]]]]))
    np.testing.assert_array_equal(
        dx, [[[[4.0, 30.0, 40.0], [200.0, 1000.0, 2000.0], [400.0, 3000.0, 4000.0]]]]
    )


class ClassicBiasConv2D(Conv2D):
    """A classic from-scratch tutorial's convolution, bias bug included (stride 1, no padding).

    Loops as in the tutorial, where ``depth`` is the number of filters F and
    ``input_depth`` the number of input channels C. The forward pass adds the
    bias inside the loop over the input depth, so C times; the backward pass
    returns ``depth * sum(dout)`` as the bias gradient. The kernel parts are right.
    """

    def forward(self, x):
        self.input = x
        n, input_depth, height, width = x.shape
        depth, k = self.out_channels, self.kernel_size
        output = np.zeros((n, depth, height - k + 1, width - k + 1))
        for s in range(n):
            for i in range(depth):
                for j in range(input_depth):
                    output[s, i] += correlate2d(x[s, j], self.params["W"][i, j], mode="valid")
                    output[s, i] += self.params["b"][i]  # the bug: once per input channel
        return output

    def backward(self, dout):
        n, input_depth = self.input.shape[:2]
        depth = self.out_channels
        kernels_gradient = np.zeros_like(self.params["W"])
        input_gradient = np.zeros_like(self.input)
        for s in range(n):
            for i in range(depth):
                for j in range(input_depth):
                    kernels_gradient[i, j] += correlate2d(self.input[s, j], dout[s, i], mode="valid")
                    input_gradient[s, j] += convolve2d(dout[s, i], self.params["W"][i, j], mode="full")
        self.grads["W"] = kernels_gradient
        self.grads["b"] = depth * dout.sum(axis=(0, 2, 3))  # the bug: times the depth
        return input_gradient


def test_gradient_check_rejects_the_classic_bias_bug():
    rng = np.random.default_rng(4)
    x = rng.normal(size=(2, 2, 5, 4))
    correct = random_conv(2, 3, 3, 1, 0, rng)
    buggy = ClassicBiasConv2D(2, 3, 3)
    buggy.params = {name: value.copy() for name, value in correct.params.items()}

    assert max(check_layer(correct, x, np.random.default_rng(5)).values()) < 1e-6
    errors = check_layer(buggy, x, np.random.default_rng(5))
    assert errors["dx"] < 1e-6 and errors["W"] < 1e-6  # the kernel part is right...
    assert errors["b"] > 1e-2, errors  # ...the bias gradient is not: 3 * sum vs 2 * sum
    # The forward pass is wrong too, by (C - 1) * b: a reference comparison catches
    # that, a gradient check alone cannot.
    difference = buggy.forward(x) - correct.forward(x)
    np.testing.assert_allclose(difference, np.broadcast_to(correct.params["b"][:, None, None],
                                                           difference.shape), rtol=1e-12)


def test_conv_keeps_float32():
    rng = np.random.default_rng(6)
    layer = Conv2D(2, 3, 3, stride=2, padding=1, rng=rng, dtype=np.float32)
    assert all(p.dtype == np.float32 for p in layer.params.values())
    x = rng.normal(size=(2, 2, 6, 5)).astype(np.float32)
    y = layer.forward(x)
    dx = layer.backward(np.ones_like(y))
    assert y.dtype == dx.dtype == np.float32
    assert all(g.dtype == np.float32 for g in layer.grads.values())
    assert dx.shape == x.shape


def test_conv_grads_match_params_and_backward_updates_nothing():
    rng = np.random.default_rng(7)
    layer = Conv2D(3, 4, 2, rng=rng)
    before = {k: v.copy() for k, v in layer.params.items()}
    layer.backward(np.ones_like(layer.forward(rng.normal(size=(2, 3, 5, 5)))))
    assert set(layer.grads) == set(layer.params)
    for name in before:
        np.testing.assert_array_equal(layer.params[name], before[name])
        assert layer.grads[name].shape == layer.params[name].shape


def test_conv_initial_weights_are_seeded_and_he_scaled():
    w = Conv2D(16, 32, 3, rng=0).params["W"]
    np.testing.assert_array_equal(w, Conv2D(16, 32, 3, rng=0).params["W"])
    assert not np.array_equal(w, Conv2D(16, 32, 3, rng=1).params["W"])
    assert w.shape == (32, 16, 3, 3)
    assert abs(w.std() - np.sqrt(2 / (16 * 9))) < 0.01
    np.testing.assert_array_equal(Conv2D(16, 32, 3).params["b"], np.zeros(32))


def test_conv_repr():
    assert repr(Conv2D(1, 8, 3, padding=1)) == "Conv2D(1, 8, kernel_size=3, stride=1, padding=1)"


def test_conv_shape_errors_name_the_layer_and_both_shapes():
    layer = Conv2D(3, 8, 3)
    expects = r"Conv2D\(3, 8, kernel_size=3, stride=1, padding=0\) expects input of shape "
    with pytest.raises(ShapeError, match=expects + r"\(N, 3, H, W\), got \(3, 5, 5\)"):
        layer.forward(np.zeros((3, 5, 5)))
    with pytest.raises(ShapeError, match=expects + r"\(N, 3, H, W\), got \(2, 1, 5, 5\)"):
        layer.forward(np.zeros((2, 1, 5, 5)))
    with pytest.raises(ShapeError, match=r"padding=0\): a 3x3 kernel does not fit in images of 2x5"):
        layer.forward(np.zeros((1, 3, 2, 5)))
    assert Conv2D(3, 8, 3, padding=1).forward(np.zeros((1, 3, 1, 1))).shape == (1, 8, 1, 1)
    layer.forward(np.zeros((2, 3, 5, 5)))
    with pytest.raises(ShapeError, match=r"\(2, 8, 3, 3\), got \(2, 8, 3, 4\)"):
        layer.backward(np.zeros((2, 8, 3, 4)))


@pytest.mark.parametrize("arguments, message", [
    ((0, 8, 3), "in_channels must be an int >= 1, got 0"),
    ((1, 8, 2.5), "kernel_size must be an int >= 1, got 2.5"),
    ((1, 8, (3, 3)), r"kernel_size must be an int >= 1, got \(3, 3\)"),
    ((1, 8, 3, 0), "stride must be an int >= 1, got 0"),
    ((1, 8, 3, 1, -1), "padding must be an int >= 0, got -1"),
])
def test_conv_rejects_bad_arguments(arguments, message):
    with pytest.raises(ValueError, match=message):
        Conv2D(*arguments)


@settings(max_examples=40, deadline=None)
@given(n=st.integers(1, 3), c=st.integers(1, 3), f=st.integers(1, 3), h=st.integers(1, 9),
       w=st.integers(1, 9), kernel=st.integers(1, 4), stride=st.integers(1, 3),
       padding=st.integers(0, 2))
def test_conv_output_shape_follows_the_formula(n, c, f, h, w, kernel, stride, padding):
    layer = Conv2D(c, f, kernel, stride=stride, padding=padding)
    x = np.zeros((n, c, h, w))
    if min(h, w) + 2 * padding < kernel:
        with pytest.raises(ShapeError, match="does not fit"):
            layer.forward(x)
        return
    out = layer.forward(x)
    assert out.shape == (n, f, 1 + (h + 2 * padding - kernel) // stride,
                         1 + (w + 2 * padding - kernel) // stride)
    # The same count, independently: the window start positions that fit.
    assert out.shape[2:] == (len(range(0, h + 2 * padding - kernel + 1, stride)),
                             len(range(0, w + 2 * padding - kernel + 1, stride)))
    assert layer.backward(np.ones_like(out)).shape == x.shape
