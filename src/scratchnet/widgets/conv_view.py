"""The convolution widget's NumPy reference: a digit, a 3x3 kernel's feature map, and its max-pool.

The widget computes these in JavaScript (js/conv.maths.js); the tests hold
its results, and the colours it draws, to these.
"""
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ..datasets import digits
from ..layers import Conv2D, MaxPool2D

PRESETS = {
    "identity": [[0, 0, 0], [0, 1, 0], [0, 0, 0]],
    "vertical edges": [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]],
    "horizontal edges": [[-1, -2, -1], [0, 0, 0], [1, 2, 1]],
    "blur": [[1 / 9] * 3] * 3,
    "sharpen": [[0, -1, 0], [-1, 5, -1], [0, -1, 0]],
}
START = {"preset": "vertical edges", "image_index": 0}

# The colours of the drawing: the digit from white (0) to black (1); the maps
# from blue (-limit) through near-white (0) to red (+limit), as matplotlib's RdBu_r.
NEGATIVE, ZERO, POSITIVE = (33, 102, 172), (247, 247, 247), (178, 24, 43)


@lru_cache(maxsize=1)
def digit_set():
    """The widget's ten digits: the first training image of each class, 0 to 9.

    Returns
    -------
    images : ndarray of shape (10, 8, 8)
        Pixels in [0, 1] (multiples of 1/16), from `scratchnet.datasets.digits`;
        ``images[d]`` shows the digit d.
    labels : ndarray of int, shape (10,)
        ``arange(10)``.
    """
    images, _, labels, _ = digits(images=True)
    first = [int(np.flatnonzero(labels == digit)[0]) for digit in range(10)]
    chosen = images[first, 0]
    chosen.setflags(write=False)
    return chosen, labels[first]


def digit(index):
    """Image ``index`` of `digit_set`, and its label.

    Returns
    -------
    image : ndarray of shape (8, 8)
    label : int
    """
    images, labels = digit_set()
    if isinstance(index, bool) or not isinstance(index, (int, np.integer)) or not 0 <= index < 10:
        raise ValueError(f"the image index must be an int from 0 to 9, got {index!r}")
    return images[index], int(labels[index])


@dataclass(frozen=True)
class ConvState:
    """Everything the convolution widget shows.

    Attributes
    ----------
    image : ndarray of shape (8, 8)
    label : int
        The digit in the image.
    kernel : ndarray of shape (3, 3)
    feature_map : ndarray of shape (8, 8)
        The kernel slid over the image padded with one ring of zeros.
    pooled : ndarray of shape (4, 4)
        The maximum of each 2x2 block of the feature map.
    """

    image: np.ndarray
    label: int
    kernel: np.ndarray
    feature_map: np.ndarray
    pooled: np.ndarray


def conv_state(kernel, image, label):
    """Apply a `Conv2D` holding ``kernel`` (padding 1, no bias), then `MaxPool2D(2)`.

    Parameters
    ----------
    kernel : array_like of shape (3, 3)
    image : array_like of shape (8, 8)
    label : int

    Returns
    -------
    ConvState
    """
    kernel = np.asarray(kernel, dtype=float)
    image = np.asarray(image, dtype=float)
    if kernel.shape != (3, 3):
        raise ValueError(f"the kernel must have shape (3, 3), got {kernel.shape}")
    if image.shape != (8, 8):
        raise ValueError(f"the image must have shape (8, 8), got {image.shape}")
    conv = Conv2D(1, 1, kernel_size=3, padding=1)
    conv.params["W"][0, 0] = kernel
    feature_map = conv.forward(image[None, None])
    pooled = MaxPool2D(2).forward(feature_map)
    return ConvState(image=image, label=int(label), kernel=kernel,
                     feature_map=feature_map[0, 0], pooled=pooled[0, 0])


def conv_readout(state):
    """The ranges of the feature map and the pooled map, as one line of text."""
    # + 0.0 turns -0.0 into 0.0, so that a zero never reads "-0.00".
    low, high, pooled_low, pooled_high = (
        float(v) + 0.0 for v in (state.feature_map.min(), state.feature_map.max(),
                                 state.pooled.min(), state.pooled.max()))
    return (
        f"digit {state.label}: feature map from {low:.2f} to {high:.2f}, "
        f"after 2x2 max-pooling from {pooled_low:.2f} to {pooled_high:.2f}"
    )


def colour_limit(feature_map):
    """The colour scale of both maps: -limit to limit, so that the middle colour means 0.

    Rounded up to a multiple of 0.5, so that a small change of the kernel
    keeps the scale (and the colour bar) as it was.
    """
    return max(float(np.ceil(2 * np.abs(feature_map).max()) / 2), 0.5)


def _blend(start, end, t):
    # floor(x + 0.5), as the JavaScript's Math.round (Python's round() rounds ties to even).
    return tuple(int(np.floor(a + (b - a) * t + 0.5)) for a, b in zip(start, end))


def map_colour(value, limit):
    """The (r, g, b) the widget draws for a feature map value on the scale -limit..limit."""
    t = min(abs(value) / limit, 1.0)
    return _blend(ZERO, POSITIVE if value > 0 else NEGATIVE, t)


def pixel_colour(value):
    """The (r, g, b) the widget draws for a pixel of the digit in [0, 1]: white to black."""
    return _blend((255, 255, 255), (0, 0, 0), min(max(value, 0.0), 1.0))
