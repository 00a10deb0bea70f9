"""The convolution widget's NumPy reference (the *_view module), checked by hand and against the package."""
import io

import numpy as np
import pytest
from PIL import Image
from scipy.signal import correlate2d

from scratchnet import mlp
from scratchnet.activations import sigmoid
from scratchnet.datasets import logic_gate
from scratchnet.gradcheck import numerical_gradient
from scratchnet.losses import binary_cross_entropy, mse
from scratchnet.widgets import conv_view, loss_view, mlp_view, perceptron_view, training_view
from scratchnet.widgets.mlp_widget import WEIGHT_RANGE as MLP_RANGE
from scratchnet.widgets.perceptron_widget import WEIGHT_RANGE as PERCEPTRON_RANGE
from scratchnet.widgets.render import png_bytes


def test_identity_kernel_keeps_the_image_and_pooling_takes_block_maxima():
    state = conv_view.conv_state(conv_view.PRESETS["identity"], 5)
    image, _ = conv_view.digit_image(5)
    np.testing.assert_allclose(state.feature_map, image[0])
    np.testing.assert_allclose(state.pooled, image[0].reshape(4, 2, 4, 2).max(axis=(1, 3)))


def test_feature_map_is_scipys_cross_correlation():
    kernel = np.random.default_rng(0).normal(size=(3, 3))
    state = conv_view.conv_state(kernel, 11)
    np.testing.assert_allclose(state.feature_map,
                               correlate2d(state.image, kernel, mode="same"), atol=1e-12)


def test_blur_averages_the_neighbourhood():
    state = conv_view.conv_state(conv_view.PRESETS["blur"], 0)
    padded = np.pad(state.image, 1)
    assert state.feature_map[3, 4] == pytest.approx(padded[3:6, 4:7].mean())


def test_colour_scale_is_symmetric_and_rounded_up():
    assert conv_view.colour_limit(np.array([[0.3, -1.2], [0.0, 1.0]])) == 1.5
    assert conv_view.colour_limit(np.array([[2.0]])) == 2.0
    assert conv_view.colour_limit(np.zeros((8, 8))) == 0.5


def test_conv_rejects_bad_kernels_and_indices():
    with pytest.raises(ValueError, match=r"shape \(3, 3\)"):
        conv_view.conv_state(np.ones((2, 2)))
    with pytest.raises(ValueError, match="image index"):
        conv_view.conv_state(conv_view.PRESETS["blur"], conv_view.n_images())


def test_conv_readout():
    state = conv_view.conv_state(conv_view.PRESETS["identity"], 0)
    assert conv_view.conv_readout(state) == (
        f"digit {state.label}: feature map from 0.00 to {state.image.max():.2f}, "
        f"after 2x2 max-pooling from {state.pooled.min():.2f} to {state.image.max():.2f}"
    )
