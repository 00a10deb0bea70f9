import numpy as np
import pytest

from scratchnet.gradcheck import check_layer
from scratchnet.layers.base import ShapeError
from scratchnet.layers.reshape import Flatten


@pytest.mark.parametrize("shape", [(1, 3), (2, 3, 4), (3, 2, 4, 5)])
def test_flatten_passes_the_gradient_check(shape):
    rng = np.random.default_rng(len(shape))
    errors = check_layer(Flatten(), rng.normal(size=shape), rng)
    assert set(errors) == {"dx"}
    assert errors["dx"] < 1e-6, errors


def test_flatten_keeps_each_sample_in_its_row_and_backward_restores_the_shape():
    x = np.arange(2 * 3 * 2 * 2, dtype=np.float64).reshape(2, 3, 2, 2)
    layer = Flatten()
    y = layer.forward(x)
    np.testing.assert_array_equal(y, [np.arange(12), np.arange(12, 24)])
    np.testing.assert_array_equal(layer.backward(y), x)


def test_flatten_keeps_float32():
    layer = Flatten()
    y = layer.forward(np.ones((2, 3, 4), dtype=np.float32))
    assert y.dtype == layer.backward(y).dtype == np.float32


def test_flatten_shape_errors_name_the_layer_and_both_shapes():
    layer = Flatten()
    expects = r"Flatten\(\) expects input of shape "
    with pytest.raises(ShapeError, match=expects + r"\(N, d_1, \.\.\., d_k\), got \(5,\)"):
        layer.forward(np.zeros(5))
    layer.forward(np.zeros((2, 3, 4)))
    with pytest.raises(ShapeError, match=expects + r"\(2, 12\), got \(2, 3, 4\)"):
        layer.backward(np.zeros((2, 3, 4)))
