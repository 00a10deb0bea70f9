"""The convolution widget, live in the built web book and held to the NumPy package."""
import numpy as np
import pytest
from scipy.signal import correlate2d

from live_widgets import (
    ORIGINS, assert_page_clean, assert_usable_by_everyone, call_maths, chapter_url, control,
    open_on_a_phone, open_widget, picture_text, press, readout, redraw_times, rel_error,
    restore_from_code, screenshot,
)
from scratchnet.layers import Conv2D, MaxPool2D
from scratchnet.widgets.conv_view import (
    PRESETS, START, colour_limit, conv_readout, conv_state, digit, map_colour, pixel_colour,
)

CHAPTER = "08_convolution"

KERNELS = {
    **PRESETS,
    "normal": np.random.default_rng(0).normal(size=(3, 3)),
    "large normal": 4 * np.random.default_rng(1).normal(size=(3, 3)),
    "tenths": np.round(np.random.default_rng(2).uniform(-5, 5, size=(3, 3)), 1),
}


def js_state(page, kernel, image):
    got = call_maths(page, "conv", "convState", np.ravel(kernel).tolist(), np.ravel(image).tolist())
    return np.reshape(got["featureMap"], (8, 8)), np.reshape(got["pooled"], (4, 4))


@pytest.mark.parametrize("name", KERNELS)
@pytest.mark.parametrize("index", [0, 3, 8])
def test_feature_map_and_pooling_equal_the_layers(maths_page, name, index):
    kernel = KERNELS[name]
    state = conv_state(kernel, *digit(index))
    feature_map, pooled = js_state(maths_page, kernel, state.image)
    assert rel_error(feature_map, state.feature_map) <= 1e-9
    assert rel_error(feature_map, correlate2d(state.image, kernel, mode="same")) <= 1e-9
    assert rel_error(pooled, state.pooled) <= 1e-9
    assert call_maths(maths_page, "conv", "colourLimit", feature_map.ravel().tolist()) == (
        colour_limit(state.feature_map))


def test_correlate_and_max_pool_equal_the_layers_on_other_shapes(maths_page):
    rng = np.random.default_rng(3)
    x = rng.normal(size=(1, 1, 7, 9))
    for size, padding in [(3, 0), (5, 2), (2, 1)]:
        conv = Conv2D(1, 1, kernel_size=size, padding=padding, rng=rng)
        expected = conv.forward(x)[0, 0]
        got = call_maths(maths_page, "conv", "correlate", x.ravel().tolist(), 7, 9,
                         conv.params["W"].ravel().tolist(), size, padding)
        assert rel_error(np.reshape(got, expected.shape), expected) <= 1e-9
    for size in (2, 3):
        expected = MaxPool2D(size).forward(x)[0, 0]
        got = call_maths(maths_page, "conv", "maxPool", x.ravel().tolist(), 7, 9, size)
        assert rel_error(np.reshape(got, expected.shape), expected) <= 1e-9


def test_readout_text_equals_numpys_also_on_rounding_ties(maths_page):
    # Pixels are sixteenths, so the identity kernel gives maps with exact ties such
    # as 0.125, where JavaScript's toFixed and Python's format would differ.
    values = [0.125, -0.125, 0.375, 2.625, -0.0, 0.0, -0.001, 1.005, 2.675, 0.0625, 7.5]
    for value in values:
        assert call_maths(maths_page, "conv", "formatFixed", value, 2) == f"{value:.2f}", value
        assert call_maths(maths_page, "conv", "formatFixed", value, 1) == f"{value:.1f}", value
    for index in range(10):
        for name in ("identity", "blur", "normal"):
            state = conv_state(KERNELS[name], *digit(index))
            got = call_maths(maths_page, "conv", "readoutText", state.label,
                             state.feature_map.ravel().tolist(), state.pooled.ravel().tolist())
            assert got == conv_readout(state)


def test_colours_equal_numpys(maths_page):
    for limit in (0.5, 1.5, 4.0):
        for value in np.linspace(-5, 5, 41):
            got = call_maths(maths_page, "conv", "mapColour", value, limit)
            assert tuple(got) == map_colour(value, limit), (value, limit)
    for value in np.arange(17) / 16:
        assert tuple(call_maths(maths_page, "conv", "pixelColour", value)) == pixel_colour(value)


def cell_colours(box, index, cells):
    """The (r, g, b) of each cell of canvas ``index`` (cells ``cells`` x ``cells``), read near
    its top-left corner, away from the numbers written on the pooled map."""
    return box.locator("canvas").nth(index).evaluate("""(canvas, cells) => {
        const side = canvas.width / cells;
        const data = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
        const colours = [];
        for (let r = 0; r < cells; r += 1) {
            for (let c = 0; c < cells; c += 1) {
                const at = ((r * side + 3) * canvas.width + c * side + 3) * 4;
                colours.push([data[at], data[at + 1], data[at + 2]]);
            }
        }
        return colours;
    }""", cells)


def assert_drawn(box, kernel, index):
    """Each picture's cells have the colours NumPy's values give."""
    state = conv_state(kernel, *digit(index))
    limit = colour_limit(state.feature_map)
    pictures = [(0, state.image, pixel_colour), (1, state.feature_map, lambda v: map_colour(v, limit)),
                (2, state.pooled, lambda v: map_colour(v, limit))]
    for canvas, values, colour in pictures:
        got = [tuple(rgb) for rgb in cell_colours(box, canvas, len(values))]
        expected = [colour(v) for v in values.ravel()]
        assert got == expected, f"canvas {canvas}"


def expected_readout(kernel, index):
    return conv_readout(conv_state(kernel, *digit(index)))


@pytest.mark.parametrize("origin", ORIGINS)
def test_keyboard_moves_every_control_and_the_page_follows_numpy(site, offline_page, origin):
    page = offline_page()
    box = open_widget(page, chapter_url(site, origin, CHAPTER), "conv")
    kernel = np.array(PRESETS[START["preset"]], dtype=float)
    index = START["image_index"]
    assert readout(box) == expected_readout(kernel, index)
    assert_drawn(box, kernel, index)
    before = cell_colours(box, 1, 8)

    # A slider: three steps of 0.1 to the right; the menu becomes "custom".
    press(box, "k[1,1]", "ArrowRight", 3)
    press(box, "k[0,2]", "PageDown")
    kernel[1, 1], kernel[0, 2] = 0.3, 0.0
    assert readout(box) == expected_readout(kernel, index)
    assert control(box, "k[1,1]").evaluate("(input) => input.nextElementSibling.textContent") == "0.30"
    assert control(box, "kernel").input_value() == "custom"
    assert cell_colours(box, 1, 8) != before, "the feature map did not change"
    assert_drawn(box, kernel, index)

    # The preset menu: up from "custom" is "sharpen", which fills the nine sliders.
    press(box, "kernel", "ArrowUp")
    kernel = np.array(PRESETS["sharpen"], dtype=float)
    assert readout(box) == expected_readout(kernel, index)
    assert control(box, "k[1,1]").evaluate("(input) => input.nextElementSibling.textContent") == "5.00"
    assert_drawn(box, kernel, index)

    # The digit menu: the next digit is a 1.
    press(box, "digit", "ArrowDown")
    index = 1
    assert readout(box) == expected_readout(kernel, index)
    assert "handwritten 1" in picture_text(box, 0)
    state = conv_state(kernel, *digit(index))
    assert f"row 1: {' '.join(f'{v + 0.0:.2f}' for v in state.pooled[0])};" in picture_text(box, 2)
    assert_drawn(box, kernel, index)
    screenshot(box, f"conv_{origin}")
    assert_page_clean(page)


@pytest.mark.parametrize("origin", ORIGINS)
def test_a_share_link_restores_the_state(site, offline_page, origin):
    page = offline_page()
    url = chapter_url(site, origin, CHAPTER)
    box = open_widget(page, url, "conv")
    press(box, "digit", "End")  # a 9
    press(box, "kernel", "Home")  # identity
    press(box, "k[2,0]", "ArrowLeft", 4)
    kernel = np.array(PRESETS["identity"], dtype=float)
    kernel[2, 0] = -0.4
    shown = readout(box)
    assert shown == expected_readout(kernel, 9)
    box.get_by_role("button", name="Copy link").click()
    link = box.get_by_label("Share").input_value()
    assert link.startswith(url + "#conv:")

    # The link, opened afresh, shows the same state.
    other = offline_page()
    restored = open_widget(other, link, "conv")
    assert readout(restored) == shown
    assert control(restored, "kernel").input_value() == "custom"
    assert control(restored, "digit").input_value() == "9"
    assert_drawn(restored, kernel, 9)

    # A code pasted into the box, then Enter, restores it too; a damaged one is refused.
    press(box, "kernel", "ArrowUp")  # sharpen
    assert readout(box) != shown
    code = link.split("#", 1)[1]
    assert "Not restored" in restore_from_code(box, code[:-6])
    restore_from_code(box, code)
    assert readout(box) == shown
    assert control(box, "kernel").input_value() == "custom"
    assert_page_clean(page)
    assert_page_clean(other)


def test_a_slider_move_redraws_within_a_frame(site, offline_page):
    page = offline_page()
    box = open_widget(page, chapter_url(site, "http", CHAPTER), "conv")
    # Each move: the input event, the model's listeners, then the queued redraw.
    times = redraw_times(control(box, "k[0,0]"), [((k % 20) - 10) / 4 for k in range(60)])
    assert np.median(times) < 16, f"a redraw took {np.median(times):.1f} ms"


def test_every_control_is_labelled_and_the_widget_fits_a_phone(site, offline_page):
    page = offline_page()
    box = open_on_a_phone(page, chapter_url(site, "http", CHAPTER), "conv")
    assert_usable_by_everyone(box, "conv", pictures=3)
    assert box.locator("input[type=range]").count() == 9
    assert "Feature map, 8 by 8" in picture_text(box, 1)
    assert_page_clean(page)
