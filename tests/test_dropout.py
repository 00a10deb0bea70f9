import numpy as np
import pytest

from scratchnet.gradcheck import check_layer
from scratchnet.layers.dropout import Dropout


class FixedMaskDropout(Dropout):
    """Dropout that draws the same mask on every forward pass.

    check_layer calls forward once per perturbed entry; a fresh mask each time
    would make the layer a different function at every call. Re-seeding the
    layer's own generator before each draw keeps the code under test unchanged
    while fixing the mask.
    """

    def __init__(self, p, seed):
        super().__init__(p)
        self.seed = seed

    def forward(self, x):
        self.rng = np.random.default_rng(self.seed)
        return super().forward(x)


@pytest.mark.parametrize("p, shape", [(0.0, (3, 4)), (0.3, (4, 5)), (0.5, (2, 3, 4, 4)),
                                      (0.9, (5, 6))])
def test_dropout_passes_the_gradient_check_in_training(p, shape):
    rng = np.random.default_rng(int(p * 10))
    layer = FixedMaskDropout(p, seed=1)
    errors = check_layer(layer, rng.normal(size=shape), rng)
    assert set(errors) == {"dx"}
    assert errors["dx"] < 1e-6, errors


def test_dropout_passes_the_gradient_check_in_evaluation():
    rng = np.random.default_rng(2)
    layer = Dropout(0.5)
    layer.training = False
    assert check_layer(layer, rng.normal(size=(3, 4)), rng)["dx"] < 1e-6


@pytest.mark.parametrize("p", [0.1, 0.5, 0.8])
def test_dropout_drops_a_fraction_p_and_keeps_the_mean(p):
    layer = Dropout(p, rng=np.random.default_rng(3))
    y = layer.forward(np.ones((400, 500)))
    assert abs(np.mean(y == 0) - p) < 0.005
    np.testing.assert_allclose(y[y != 0], 1 / (1 - p))  # kept inputs are scaled
    assert abs(y.mean() - 1) < 0.02  # so the expected value is the input's


def test_dropout_backward_uses_the_forward_mask():
    rng = np.random.default_rng(4)
    layer = Dropout(0.5, rng=rng)
    x = rng.normal(size=(6, 7))
    y = layer.forward(x)
    dout = rng.normal(size=x.shape)
    dx = layer.backward(dout)
    np.testing.assert_array_equal(dx == 0, y == 0)
    np.testing.assert_allclose(dx[y != 0], 2 * dout[y != 0])


def test_dropout_draws_a_fresh_mask_each_pass_and_is_seeded():
    x = np.ones((20, 30))
    layer = Dropout(0.5, rng=5)
    first, second = layer.forward(x), layer.forward(x)
    assert not np.array_equal(first, second)
    np.testing.assert_array_equal(Dropout(0.5, rng=5).forward(x), first)


def test_dropout_is_the_identity_in_evaluation():
    layer = Dropout(0.7)
    layer.training = False
    x = np.random.default_rng(6).normal(size=(5, 3))
    np.testing.assert_array_equal(layer.forward(x), x)
    dout = np.ones_like(x)
    np.testing.assert_array_equal(layer.backward(dout), dout)


def test_dropout_keeps_float32():
    layer = Dropout(0.3)
    y = layer.forward(np.ones((4, 5), dtype=np.float32))
    dx = layer.backward(np.ones((4, 5), dtype=np.float32))
    assert y.dtype == dx.dtype == np.float32


@pytest.mark.parametrize("p", [1.0, -0.1, 1.5, float("nan"), "0.5", None, True])
def test_dropout_rejects_a_bad_probability(p):
    with pytest.raises(ValueError, match=r"0 <= p < 1, got"):
        Dropout(p)


def test_dropout_backward_checks_the_shape():
    layer = Dropout(0.5)
    layer.forward(np.ones((2, 3)))
    message = r"Dropout\(p=0.5\)\.backward expects dout of shape \(2, 3\), got \(3, 2\)"
    with pytest.raises(ValueError, match=message):
        layer.backward(np.ones((3, 2)))
