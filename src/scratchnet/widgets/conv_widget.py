"""The convolution widget: a 3x3 kernel, by sliders or presets, over a digit."""
import numpy as np
import traitlets

from .bundle import module_source
from .conv_view import PRESETS, START, conv_readout, conv_state, digit_set
from .live import LiveWidget

# The kernel sliders run from -KERNEL_LIMIT to KERNEL_LIMIT (sharpen's centre is 5).
KERNEL_LIMIT = 5.0
CUSTOM = "custom"
# The nine kernel entries' attribute names, row by row: k00 is the top left.
KERNEL_KEYS = tuple(f"k{i}{j}" for i in range(3) for j in range(3))


def _kernel_trait():
    return traitlets.Float(0.0).tag(sync=True)


class ConvWidget(LiveWidget):
    """Nine sliders for a 3x3 kernel, a preset menu and a choice of ten digits.

    The page slides the kernel over the digit (``Conv2D`` with padding 1, no
    bias), shows the feature map and its ``MaxPool2D(2)``; the maths and the
    drawing run in ``js/conv*.js``. Moving a kernel slider by hand switches
    the menu to "custom". The digits' pixels travel in the state
    (``images``, ``labels``), so the web page needs no data file.
    """

    name = "conv"
    _esm = module_source("conv")
    preset = traitlets.Unicode(START["preset"]).tag(sync=True)
    k00, k01, k02 = _kernel_trait(), _kernel_trait(), _kernel_trait()
    k10, k11, k12 = _kernel_trait(), _kernel_trait(), _kernel_trait()
    k20, k21, k22 = _kernel_trait(), _kernel_trait(), _kernel_trait()
    image_index = traitlets.Int(START["image_index"]).tag(sync=True)
    kernel_limit = traitlets.Float(KERNEL_LIMIT).tag(sync=True)
    # The digits, as nested lists: images[d][row][column], pixels in [0, 1].
    images = traitlets.List().tag(sync=True)
    labels = traitlets.List().tag(sync=True)
    presets = traitlets.Dict().tag(sync=True)

    @traitlets.observe("preset")
    def _fill_preset(self, change):
        # As the page does: a preset sets the nine entries (so `describe` follows it
        # even before the page has answered, or with no page at all).
        if change["new"] in PRESETS:
            for key, value in zip(KERNEL_KEYS, np.ravel(PRESETS[change["new"]])):
                setattr(self, key, float(value))

    @property
    def kernel(self):
        """The kernel as it is now, an ndarray of shape (3, 3)."""
        return np.reshape([getattr(self, key) for key in KERNEL_KEYS], (3, 3))

    def describe(self):
        index = self.image_index
        return conv_readout(conv_state(self.kernel, self.images[index], self.labels[index]))


def conv_widget(preset=START["preset"], image_index=START["image_index"]):
    """The convolution widget, starting with a preset kernel on one of ten digits.

    Parameters
    ----------
    preset : str
        A key of `conv_view.PRESETS`, the kernel to start with.
    image_index : int
        Which digit to start with, 0 to 9 (image d of `conv_view.digit_set` shows a d).

    Returns
    -------
    ConvWidget
    """
    if preset not in PRESETS:
        raise ValueError(f"unknown preset {preset!r}; choose one of {sorted(PRESETS)}")
    if isinstance(image_index, bool) or not isinstance(image_index, (int, np.integer)) \
            or not 0 <= image_index < 10:
        raise ValueError(f"the image index must be an int from 0 to 9, got {image_index!r}")
    images, labels = digit_set()
    kernel = np.asarray(PRESETS[preset], dtype=float).ravel()
    return ConvWidget(
        preset=preset, image_index=int(image_index),
        images=images.tolist(), labels=labels.tolist(),
        presets={name: np.asarray(k, dtype=float).ravel().tolist() for name, k in PRESETS.items()},
        **{key: float(value) for key, value in zip(KERNEL_KEYS, kernel)},
    )
