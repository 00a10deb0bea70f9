"""What the convolution widget shows: a digit, a 3x3 kernel's feature map, and its max-pool."""
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ..datasets import digits
from ..layers import Conv2D, MaxPool2D
from .render import LiveFigure, moving_title, new_figure

PRESETS = {
    "identity": [[0, 0, 0], [0, 1, 0], [0, 0, 0]],
    "vertical edges": [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]],
    "horizontal edges": [[-1, -2, -1], [0, 0, 0], [1, 2, 1]],
    "blur": [[1 / 9] * 3] * 3,
    "sharpen": [[0, -1, 0], [-1, 5, -1], [0, -1, 0]],
}
START = {"preset": "vertical edges", "image_index": 0}


@lru_cache(maxsize=1)
def _digit_images():
    images, _, labels, _ = digits(images=True)
    images.setflags(write=False)
    return images, labels


def digit_image(index):
    """Training image ``index`` of `scratchnet.datasets.digits`.

    Returns
    -------
    image : ndarray of shape (1, 8, 8)
        Pixels in [0, 1], one channel.
    label : int
    """
    images, labels = _digit_images()
    if not 0 <= index < len(images):
        raise ValueError(f"image index must lie in 0..{len(images) - 1}, got {index}")
    return images[index], int(labels[index])


def n_images():
    """How many digit images `digit_image` can return."""
    return len(_digit_images()[0])


@dataclass(frozen=True)
class ConvState:
    """Everything the convolution figure shows.

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


def conv_state(kernel, image_index=START["image_index"]):
    """Apply a `Conv2D` holding ``kernel`` (padding 1, no bias), then `MaxPool2D(2)`.

    Parameters
    ----------
    kernel : array_like of shape (3, 3)
    image_index : int

    Returns
    -------
    ConvState
    """
    kernel = np.asarray(kernel, dtype=float)
    if kernel.shape != (3, 3):
        raise ValueError(f"the kernel must have shape (3, 3), got {kernel.shape}")
    image, label = digit_image(image_index)
    conv = Conv2D(1, 1, kernel_size=3, padding=1)
    conv.params["W"][0, 0] = kernel
    feature_map = conv.forward(image[None])
    pooled = MaxPool2D(2).forward(feature_map)
    return ConvState(image=image[0], label=label, kernel=kernel,
                     feature_map=feature_map[0, 0], pooled=pooled[0, 0])


def conv_readout(state):
    """The ranges of the feature map and the pooled map, as one line of text."""
    fmap, pooled = state.feature_map, state.pooled
    return (
        f"digit {state.label}: feature map from {fmap.min():.2f} to {fmap.max():.2f}, "
        f"after 2x2 max-pooling from {pooled.min():.2f} to {pooled.max():.2f}"
    )


def colour_limit(feature_map):
    """The colour scale of both maps: -limit to limit, so that white means 0.

    Rounded up to a multiple of 0.5, so that a small change of the kernel
    keeps the scale (and the colour bar) as it was.
    """
    return max(float(np.ceil(2 * np.abs(feature_map).max()) / 2), 0.5)


class ConvPlot:
    """Three panels: the digit, the feature map, the pooled map."""

    def __init__(self):
        self.figure, axes = new_figure(7.0, 2.5, ncols=3)
        # Three equal squares and a colour bar, placed by hand: the default
        # layout would shrink the panels that share the colour bar.
        for left, ax in zip((0.02, 0.31, 0.60), axes):
            ax.set_position([left, 0.05, 0.257, 0.72])
        self.image = axes[0].imshow(np.zeros((8, 8)), cmap="gray_r", vmin=0, vmax=1)
        self.feature_map = axes[1].imshow(np.zeros((8, 8)), cmap="RdBu_r", vmin=-1, vmax=1)
        self.pooled = axes[2].imshow(np.zeros((4, 4)), cmap="RdBu_r", vmin=-1, vmax=1)
        self.title = moving_title(axes[0])
        axes[1].set_title("feature map (8x8)", fontsize=9)
        axes[2].set_title("max-pooled (4x4)", fontsize=9)
        for ax in axes:
            ax.set(xticks=[], yticks=[])
        colour_bar_axes = self.figure.add_axes([0.88, 0.08, 0.02, 0.66])
        self.figure.colorbar(self.feature_map, cax=colour_bar_axes)
        self.live = LiveFigure(self.figure, [self.image, self.feature_map, self.pooled, self.title])

    def show(self, state):
        """Draw ``state`` (a `ConvState`)."""
        self.image.set_data(state.image)
        self.feature_map.set_data(state.feature_map)
        self.pooled.set_data(state.pooled)
        limit = colour_limit(state.feature_map)
        if self.feature_map.get_clim() != (-limit, limit):
            # The colour bar's ticks are part of the background.
            self.live.invalidate()
            for artist in (self.feature_map, self.pooled):
                artist.set_clim(-limit, limit)
        self.title.set_text(f"input: a {state.label} (8x8)")

    def png(self):
        """The figure as it is now, as PNG bytes (see `LiveFigure`)."""
        return self.live.png()


def conv_figure(kernel=None, image_index=START["image_index"]):
    """The convolution widget's figure (its first view by default: the start preset).

    Parameters
    ----------
    kernel : array_like of shape (3, 3), optional
        Defaults to the preset ``START["preset"]``.

    Returns
    -------
    matplotlib.figure.Figure
    """
    plot = ConvPlot()
    plot.show(conv_state(PRESETS[START["preset"]] if kernel is None else kernel, image_index))
    return plot.figure
