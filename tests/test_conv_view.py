"""The convolution widget's NumPy reference (the *_view module), checked by hand and against the package."""
import numpy as np
import pytest
from scipy.signal import correlate2d

from scratchnet.datasets import digits
from scratchnet.widgets import conv_view


def test_the_ten_digits_are_the_first_training_image_of_each_class():
    images, labels = conv_view.digit_set()
    X_train, _, y_train, _ = digits(images=True)
    assert images.shape == (10, 8, 8)
    np.testing.assert_array_equal(labels, np.arange(10))
    for d in range(10):
        first = np.flatnonzero(y_train == d)[0]
        np.testing.assert_array_equal(images[d], X_train[first, 0])
    # Sixteenths: exact in binary, so the JSON the page receives holds the same numbers.
    np.testing.assert_array_equal(images * 16, np.round(images * 16))


def test_identity_kernel_keeps_the_image_and_pooling_takes_block_maxima():
    image, label = conv_view.digit(5)
    state = conv_view.conv_state(conv_view.PRESETS["identity"], image, label)
    assert state.label == 5
    np.testing.assert_array_equal(state.feature_map, image)
    np.testing.assert_array_equal(state.pooled, image.reshape(4, 2, 4, 2).max(axis=(1, 3)))


@pytest.mark.parametrize("index", [0, 3, 8])
def test_feature_map_is_scipys_cross_correlation(index):
    kernel = np.random.default_rng(index).normal(size=(3, 3))
    state = conv_view.conv_state(kernel, *conv_view.digit(index))
    np.testing.assert_allclose(state.feature_map,
                               correlate2d(state.image, kernel, mode="same"), rtol=1e-12, atol=1e-14)


def test_blur_averages_the_neighbourhood():
    state = conv_view.conv_state(conv_view.PRESETS["blur"], *conv_view.digit(0))
    padded = np.pad(state.image, 1)
    assert state.feature_map[3, 4] == pytest.approx(padded[3:6, 4:7].mean())


def test_colour_scale_is_symmetric_and_rounded_up():
    assert conv_view.colour_limit(np.array([[0.3, -1.2], [0.0, 1.0]])) == 1.5
    assert conv_view.colour_limit(np.array([[2.0]])) == 2.0
    assert conv_view.colour_limit(np.zeros((8, 8))) == 0.5


def test_colours_run_from_blue_through_white_to_red():
    assert conv_view.map_colour(-2.0, 1.5) == conv_view.NEGATIVE
    assert conv_view.map_colour(0.0, 1.5) == conv_view.ZERO
    assert conv_view.map_colour(1.5, 1.5) == conv_view.POSITIVE
    # Halfway to red: each channel halfway, rounded half up.
    assert conv_view.map_colour(0.75, 1.5) == (213, 136, 145)
    assert conv_view.pixel_colour(0.0) == (255, 255, 255)
    assert conv_view.pixel_colour(1.0) == (0, 0, 0)
    assert conv_view.pixel_colour(0.5) == (128, 128, 128)


def test_conv_rejects_bad_kernels_images_and_indices():
    image, label = conv_view.digit(0)
    with pytest.raises(ValueError, match=r"kernel must have shape \(3, 3\)"):
        conv_view.conv_state(np.ones((2, 2)), image, label)
    with pytest.raises(ValueError, match=r"image must have shape \(8, 8\)"):
        conv_view.conv_state(np.ones((3, 3)), np.ones((7, 8)), label)
    with pytest.raises(ValueError, match="image index must be an int from 0 to 9"):
        conv_view.digit(10)


def test_conv_readout():
    state = conv_view.conv_state(conv_view.PRESETS["identity"], *conv_view.digit(0))
    assert conv_view.conv_readout(state) == (
        f"digit 0: feature map from 0.00 to {state.image.max():.2f}, "
        f"after 2x2 max-pooling from {state.pooled.min():.2f} to {state.image.max():.2f}"
    )


def test_readout_never_shows_minus_zero():
    state = conv_view.conv_state(-np.eye(3), np.zeros((8, 8)), 0)
    assert conv_view.conv_readout(state) == (
        "digit 0: feature map from 0.00 to 0.00, after 2x2 max-pooling from 0.00 to 0.00")
