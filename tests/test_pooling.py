import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scratchnet.gradcheck import check_layer
from scratchnet.layers.base import ShapeError
from scratchnet.layers.pooling import MaxPool2D

# (kernel, stride, input shape): non-overlapping, overlapping (stride < kernel),
# gaps (stride > kernel), sizes the windows do not divide, batch 1..3.
CASES = [
    (2, None, (2, 3, 4, 6)),
    (2, None, (1, 2, 5, 7)),
    (3, None, (3, 1, 7, 6)),
    (2, 1, (2, 2, 5, 4)),
    (3, 1, (1, 3, 6, 5)),
    (3, 2, (2, 2, 7, 8)),
    (2, 3, (3, 2, 7, 5)),
    (1, 1, (2, 2, 3, 4)),
]


def naive_max_pool(x, kernel, stride):
    """Reference: the definition, one window at a time."""
    n, c, height, width = x.shape
    out = np.zeros((n, c, 1 + (height - kernel) // stride, 1 + (width - kernel) // stride))
    for i in range(n):
        for j in range(c):
            for r in range(out.shape[2]):
                for s in range(out.shape[3]):
                    out[i, j, r, s] = x[i, j, r * stride:r * stride + kernel,
                                        s * stride:s * stride + kernel].max()
    return out


@pytest.mark.parametrize("kernel, stride, shape", CASES)
def test_max_pool_passes_the_gradient_check(kernel, stride, shape):
    # Random normal data has no ties, so the max is differentiable at x.
    rng = np.random.default_rng(kernel * 10 + (stride or 0))
    errors = check_layer(MaxPool2D(kernel, stride), rng.normal(size=shape), rng)
    assert set(errors) == {"dx"}
    assert errors["dx"] < 1e-6, errors


@pytest.mark.parametrize("kernel, stride, shape", CASES)
def test_max_pool_forward_matches_the_naive_loops(kernel, stride, shape):
    x = np.random.default_rng(1).normal(size=shape)
    expected = naive_max_pool(x, kernel, kernel if stride is None else stride)
    np.testing.assert_array_equal(MaxPool2D(kernel, stride).forward(x), expected)


def test_max_pool_worked_example():
    x = np.array([[[[1.0, 3.0, 2.0, 0.0],
                    [4.0, 2.0, 1.0, 5.0],
                    [0.0, 1.0, 7.0, 2.0],
                    [6.0, 2.0, 3.0, 3.0]]]])
    layer = MaxPool2D(2)
    np.testing.assert_array_equal(layer.forward(x), [[[[4.0, 5.0], [6.0, 7.0]]]])
    dx = layer.backward(np.array([[[[10.0, 20.0], [30.0, 40.0]]]]))
    np.testing.assert_array_equal(dx, [[[[0.0, 0.0, 0.0, 0.0],
                                         [10.0, 0.0, 0.0, 20.0],
                                         [0.0, 0.0, 40.0, 0.0],
                                         [30.0, 0.0, 0.0, 0.0]]]])


def test_overlapping_windows_add_up_at_a_shared_maximum():
    # Stride 1: all four 2x2 windows contain the 5 in the centre.
    x = np.array([[[[1.0, 2.0, 1.0], [0.0, 5.0, 0.0], [1.0, 0.0, 3.0]]]])
    layer = MaxPool2D(2, stride=1)
    np.testing.assert_array_equal(layer.forward(x), [[[[5.0, 5.0], [5.0, 5.0]]]])
    dx = layer.backward(np.array([[[[1.0, 2.0], [3.0, 4.0]]]]))
    np.testing.assert_array_equal(dx, [[[[0.0, 0.0, 0.0], [0.0, 10.0, 0.0], [0.0, 0.0, 0.0]]]])


def test_ties_send_the_gradient_to_the_first_maximum_only():
    x = np.array([[[[2.0, 2.0], [1.0, 2.0]], [[0.0, 0.0], [0.0, 0.0]]]])
    layer = MaxPool2D(2)
    layer.forward(x)
    dx = layer.backward(np.array([[[[1.0]], [[1.0]]]]))
    np.testing.assert_array_equal(dx, [[[[1.0, 0.0], [0.0, 0.0]], [[1.0, 0.0], [0.0, 0.0]]]])


def test_max_pool_keeps_float32():
    x = np.random.default_rng(2).normal(size=(2, 3, 6, 5)).astype(np.float32)
    layer = MaxPool2D(3, stride=2)
    y = layer.forward(x)
    dx = layer.backward(np.ones_like(y))
    assert y.dtype == dx.dtype == np.float32
    assert dx.shape == x.shape and layer.params == {} and layer.grads == {}


def test_max_pool_repr_and_default_stride():
    assert repr(MaxPool2D(2)) == "MaxPool2D(kernel_size=2, stride=2)"
    assert repr(MaxPool2D(3, stride=1)) == "MaxPool2D(kernel_size=3, stride=1)"


def test_max_pool_shape_errors_name_the_layer_and_both_shapes():
    layer = MaxPool2D(3)
    with pytest.raises(ShapeError, match=r"MaxPool2D\(kernel_size=3, stride=3\) expects input "
                                         r"of shape \(N, C, H, W\), got \(4, 4\)"):
        layer.forward(np.zeros((4, 4)))
    with pytest.raises(ShapeError, match=r"MaxPool2D\(kernel_size=3, stride=3\): a 3x3 kernel "
                                         r"does not fit in images of 4x2"):
        layer.forward(np.zeros((1, 1, 4, 2)))
    layer.forward(np.zeros((2, 1, 6, 6)))
    with pytest.raises(ShapeError, match=r"\(2, 1, 2, 2\), got \(2, 1, 3, 3\)"):
        layer.backward(np.zeros((2, 1, 3, 3)))


@pytest.mark.parametrize("arguments, message", [
    ((0,), "kernel_size must be an int >= 1, got 0"),
    ((2.0,), "kernel_size must be an int >= 1, got 2.0"),
    ((2, 0), "stride must be an int >= 1, got 0"),
])
def test_max_pool_rejects_bad_arguments(arguments, message):
    with pytest.raises(ValueError, match=message):
        MaxPool2D(*arguments)


@settings(max_examples=40, deadline=None)
@given(n=st.integers(1, 3), c=st.integers(1, 3), h=st.integers(1, 9), w=st.integers(1, 9),
       kernel=st.integers(1, 4), stride=st.one_of(st.none(), st.integers(1, 3)))
def test_max_pool_output_shape_follows_the_formula(n, c, h, w, kernel, stride):
    layer = MaxPool2D(kernel, stride)
    step = kernel if stride is None else stride
    x = np.zeros((n, c, h, w))
    if min(h, w) < kernel:
        with pytest.raises(ShapeError, match="does not fit"):
            layer.forward(x)
        return
    out = layer.forward(x)
    assert out.shape == (n, c, 1 + (h - kernel) // step, 1 + (w - kernel) // step)
    # The same count, independently: the window start positions that fit.
    assert out.shape[2:] == (len(range(0, h - kernel + 1, step)), len(range(0, w - kernel + 1, step)))
    # All entries tie (zeros), yet each window passes on its gradient exactly once.
    dx = layer.backward(np.ones_like(out))
    assert dx.shape == x.shape and dx.sum() == out.size
