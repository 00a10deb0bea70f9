"""The convolution widget's Python side: its state, its text and its stored HTML."""
import html

import numpy as np
import pytest

from scratchnet.widgets import conv_widget
from scratchnet.widgets.bundle import module_source
from scratchnet.widgets.conv_view import PRESETS, conv_readout, conv_state, digit, digit_set
from scratchnet.widgets.conv_widget import KERNEL_KEYS
from widget_output import stored_state


def test_the_state_holds_the_preset_kernel_and_the_ten_digits():
    widget = conv_widget("sharpen", image_index=7)
    state = stored_state(widget)
    assert state["preset"] == "sharpen"
    assert state["image_index"] == 7
    assert [state[key] for key in KERNEL_KEYS] == np.ravel(PRESETS["sharpen"]).tolist()
    images, labels = digit_set()
    # JSON carries the pixels exactly (they are sixteenths).
    np.testing.assert_array_equal(np.array(state["images"]), images)
    assert state["labels"] == labels.tolist()
    assert state["presets"]["blur"] == [1 / 9] * 9
    np.testing.assert_array_equal(widget.kernel, PRESETS["sharpen"])


def test_the_text_follows_the_attributes():
    widget = conv_widget("identity", 2)
    widget.k11 = 0.5  # what JupyterLab does when the reader moves the slider
    widget.k01 = -1.0
    kernel = np.array([[0, -1.0, 0], [0, 0.5, 0], [0, 0, 0]])
    expected = conv_readout(conv_state(kernel, *digit(2)))
    assert widget.describe() == expected
    assert stored_state(widget)["k11"] == 0.5


def test_a_preset_set_from_python_fills_the_kernel():
    widget = conv_widget("identity")
    widget.k00 = 2.0
    widget.preset = "horizontal edges"
    np.testing.assert_array_equal(widget.kernel, PRESETS["horizontal edges"])
    widget.preset = "custom"  # keeps the kernel
    np.testing.assert_array_equal(widget.kernel, PRESETS["horizontal edges"])


def test_text_is_numpys_readout_and_has_no_memory_address():
    widget = conv_widget("blur", 4)
    expected = conv_readout(conv_state(PRESETS["blur"], *digit(4)))
    data, _ = widget._repr_mimebundle_()
    assert data["text/plain"] == f"ConvWidget: {expected}"
    assert html.escape(expected) in data["text/html"]
    assert " at 0x" not in data["text/plain"] + repr(widget)


def test_output_is_the_same_on_every_run():
    first, _ = conv_widget()._repr_mimebundle_()
    second, _ = conv_widget()._repr_mimebundle_()
    assert first["text/html"] == second["text/html"]


def test_jupyter_runs_the_same_module_as_the_page():
    assert conv_widget()._esm == module_source("conv")


def test_bad_arguments_are_named():
    with pytest.raises(ValueError, match="unknown preset 'emboss'"):
        conv_widget("emboss")
    for bad in (10, -1, 2.0, True):
        with pytest.raises(ValueError, match="image index must be an int from 0 to 9"):
            conv_widget(image_index=bad)
