"""The saturation widget, live in the built web book and held to the NumPy package."""
import numpy as np
import pytest

from live_widgets import (
    ORIGINS, assert_page_clean, assert_usable_by_everyone, call_maths, chapter_url, control,
    hex_rgb, open_on_a_phone, open_widget, picture_data, picture_text, pixels_at, press,
    readout, redraw_times, rel_error, restore_from_code, screenshot,
)
from scratchnet.widgets.saturation_view import (
    ACTIVATIONS, BINS, GRID, N_EXAMPLES, N_IN, N_UNITS, START, THRESHOLD, Z_LIMIT, percent,
    pre_activations, saturated_intervals, saturation_readout, saturation_state, standard_normals,
    standard_product, uniforms,
)

CHAPTER = "05_activations"
# The picture's geometry and colours, as js/saturation.js draws them.
LEFT, RIGHT = 48, 508
HISTOGRAM = (26, 136)
CURVES = (150, 336)
CURVE_RANGES = {"sigmoid": (-0.15, 1.25), "tanh": (-1.2, 1.25), "relu": (-0.5, 4.3)}
BAR, SHADE, WHITE = hex_rgb("#525252"), hex_rgb("#fdd0a2"), np.array([255, 255, 255])

CASES = [("tanh", 0.3, 1.0, 0), ("sigmoid", 1.0, 1.0, 0), ("relu", 0.01, 1.0, 0),
         ("tanh", 0.126, 20.0, 0), ("sigmoid", 0.001, 0.1, 0), ("tanh", 0.447, 3.16, 5)]
Z_POINTS = [-800.0, -30.0, -8.0, -2.5, -1e-3, 0.0, 1e-3, 0.5, 3.0, 10.0, 30.0, 800.0]


def assert_close(got, expected):
    """Relative error at most 1e-9; a slope near 0 (1 - tanh**2 at large z) is held to 1e-15 absolute."""
    np.testing.assert_allclose(np.asarray(got, dtype=float), expected, rtol=1e-9, atol=1e-15)


def test_the_random_draws_and_the_standard_product_equal_numpys(maths_page):
    assert call_maths(maths_page, "saturation", "uniforms", 3, 1000) == uniforms(3, 1000).tolist()
    assert rel_error(call_maths(maths_page, "saturation", "standardNormals", 0, 4000),
                     standard_normals(0, 4000)) <= 1e-9
    for seed in (0, 5):
        product = call_maths(maths_page, "saturation", "standardProduct", seed)
        assert rel_error(np.reshape(product, (N_EXAMPLES, N_UNITS)), standard_product(seed)) <= 1e-9
    z = call_maths(maths_page, "saturation", "preActivations", 0.447, 3.16, 0)
    assert rel_error(z, pre_activations(0.447, 3.16).ravel()) <= 1e-9


@pytest.mark.parametrize("activation", sorted(ACTIVATIONS))
def test_activations_and_slopes_equal_numpys(maths_page, activation):
    f, f_prime = ACTIVATIONS[activation]
    z = np.concatenate([Z_POINTS, np.linspace(-Z_LIMIT, Z_LIMIT, GRID)])
    assert_close(call_maths(maths_page, "saturation", "activate", activation, z.tolist()), f(z))
    assert_close(call_maths(maths_page, "saturation", "slopes", activation, z.tolist()), f_prime(z))
    grid = np.linspace(-Z_LIMIT, Z_LIMIT, GRID)
    got = call_maths(maths_page, "saturation", "saturatedIntervals", activation, grid.tolist())
    assert [tuple(pair) for pair in got] == saturated_intervals(activation, grid)


@pytest.mark.parametrize("activation, weight_std, input_scale, seed", CASES)
def test_histogram_and_saturated_count_equal_numpys(maths_page, activation, weight_std,
                                                    input_scale, seed):
    state = saturation_state(activation, weight_std, input_scale, seed)
    got = call_maths(maths_page, "saturation", "saturationState", activation, weight_std,
                     input_scale, seed)
    assert got["counts"] == state.counts.tolist()
    assert (got["count"], got["total"]) == (state.count, state.total)
    assert rel_error(got["zStd"], state.z_std) <= 1e-9
    assert rel_error(got["edges"], state.edges) <= 1e-9


def test_values_on_the_bin_edges_fall_where_numpy_puts_them(maths_page):
    edges = np.linspace(-Z_LIMIT, Z_LIMIT, BINS + 1)
    values = np.concatenate([edges, np.nextafter(edges, -np.inf), np.nextafter(edges, np.inf),
                             [-1e9, 1e9, -np.finfo(float).tiny]])
    got = call_maths(maths_page, "saturation", "histogram", values.tolist(), BINS, -Z_LIMIT, Z_LIMIT)
    counts, _ = np.histogram(np.clip(values, -Z_LIMIT, Z_LIMIT), bins=BINS, range=(-Z_LIMIT, Z_LIMIT))
    assert got["counts"] == counts.tolist()


def test_numbers_are_written_as_python_writes_them(maths_page):
    values = [0.001, 0.00012345, 0.000012345, 0.3, 1.0, 3.0344, 9.996, 19.95, 123.4, 1234.5, 20.0]
    assert [call_maths(maths_page, "saturation", "formatG", v) for v in values] == [
        format(v, ".3g") for v in values]
    pairs = [(0, 20000), (50, 20000), (150, 20000), (6456, 20000), (1, 3), (20000, 20000)]
    assert [call_maths(maths_page, "saturation", "percent", *pair) for pair in pairs] == [
        percent(*pair) for pair in pairs]


def x_of(z):
    return LEFT + (z + Z_LIMIT) / (2 * Z_LIMIT) * (RIGHT - LEFT)


def y_of(value, activation):
    low, high = CURVE_RANGES[activation]
    top, bottom = CURVES
    return bottom - (value - low) / (high - low) * (bottom - top)


def assert_draws(box, state):
    """The histogram's bars have NumPy's heights, and the shade lies where NumPy's slope is small."""
    checks = []  # (row, column), expected colour, whether it must be that colour, what it is
    top, bottom = HISTOGRAM
    tallest = (bottom - top) * 0.92
    for i in np.argsort(state.counts)[-12:]:  # the tallest bars
        column = x_of((state.edges[i] + state.edges[i + 1]) / 2)
        height = state.counts[i] / state.counts.max() * tallest
        if height >= 4:
            checks.append(((bottom - height / 2, column), BAR, True, f"inside bar {i}"))
        if height <= tallest - 4:
            checks.append(((bottom - height - 3, column), BAR, False, f"above bar {i}"))
    f, f_prime = ACTIVATIONS[state.activation]
    low, high = CURVE_RANGES[state.activation]
    for z in (-6.5, -0.6, 0.7, 6.5):
        # A height in the panel where neither curve (nor the zero line) passes.
        free = next(v for v in np.linspace(low + 0.1, high - 0.1, 9)
                    if min(abs(v - f(z)), abs(v - f_prime(z)), abs(v)) > 0.2 * (high - low))
        expected = SHADE if f_prime(z) < THRESHOLD else WHITE
        checks.append(((y_of(free, state.activation), x_of(z)), expected, True, f"shade at z={z}"))
    colours = pixels_at(box, [point for point, *_ in checks])
    for colour, (_, expected, same, what) in zip(colours, checks):
        assert np.array_equal(colour, expected) == same, (what, colour)


def slider_value(box, label):
    return control(box, label).evaluate("(input) => input.nextElementSibling.textContent")


@pytest.mark.parametrize("origin", ORIGINS)
def test_keyboard_moves_every_control_and_the_page_follows_numpy(site, offline_page, origin):
    page = offline_page()
    box = open_widget(page, chapter_url(site, origin, CHAPTER), "saturation")
    activation, weight_std, input_scale = START["activation"], START["weight_std"], START["input_scale"]
    state = saturation_state(activation, weight_std, input_scale)
    assert readout(box) == saturation_readout(state)
    assert_draws(box, state)
    before = picture_data(box)

    # The drop-down list: after tanh comes ReLU.
    press(box, "activation", "ArrowDown")
    state = saturation_state("relu", weight_std, input_scale)
    assert readout(box) == saturation_readout(state)
    assert "ReLU and its slope" in picture_text(box)
    assert_draws(box, state)

    # A logarithmic slider: 0.3 sits between the steps 10^-0.5 and 10^-0.45; three steps
    # right reach 10^-0.35 = 0.447 (three significant digits).
    press(box, "weight std", "ArrowRight", 3)
    assert slider_value(box, "weight std") == "0.447"
    press(box, "input scale", "End")
    assert slider_value(box, "input scale") == "20"
    state = saturation_state("relu", 0.447, 20.0)
    assert readout(box) == saturation_readout(state)
    press(box, "activation", "Home")
    press(box, "input scale", "PageDown")
    input_scale = float(slider_value(box, "input scale"))
    assert 2 < input_scale < 20
    state = saturation_state("sigmoid", 0.447, input_scale)
    assert readout(box) == saturation_readout(state)
    assert f"{state.count} of the pre-activations" in picture_text(box)
    assert_draws(box, state)
    assert picture_data(box) != before, "the picture did not change"
    screenshot(box, f"saturation_{origin}")
    assert_page_clean(page)


def test_a_slider_move_redraws_within_16_ms(site, offline_page):
    page = offline_page()
    box = open_widget(page, chapter_url(site, "http", CHAPTER), "saturation")
    times = redraw_times(control(box, "weight std"), [-2 + (i % 20) * 0.1 for i in range(30)])
    assert np.median(times) < 16, times
    assert_page_clean(page)


@pytest.mark.parametrize("origin", ORIGINS)
def test_a_share_link_restores_the_state(site, offline_page, origin):
    page = offline_page()
    url = chapter_url(site, origin, CHAPTER)
    box = open_widget(page, url, "saturation")
    press(box, "activation", "ArrowUp")  # sigmoid
    press(box, "input scale", "ArrowLeft", 4)
    shown = readout(box)
    assert shown.startswith("sigmoid, weight std 0.3, input scale 0.631:")
    box.get_by_role("button", name="Copy link").click()
    link = box.get_by_label("Share").input_value()
    assert link.startswith(url + "#saturation:")

    other = offline_page()
    restored = open_widget(other, link, "saturation")
    assert readout(restored) == shown
    assert control(restored, "activation").input_value() == "sigmoid"

    press(box, "weight std", "Home")
    assert readout(box) != shown
    assert "Not restored" in restore_from_code(box, link.split("#", 1)[1][:-5])
    restore_from_code(box, link.split("#", 1)[1])
    assert readout(box) == shown
    assert_page_clean(page)
    assert_page_clean(other)


def test_every_control_is_labelled_and_the_widget_fits_a_phone(site, offline_page):
    page = offline_page()
    box = open_on_a_phone(page, chapter_url(site, "http", CHAPTER), "saturation")
    assert_usable_by_everyone(box, "saturation", pictures=1)
    assert f"{N_IN} inputs and {N_UNITS} units" in picture_text(box)
    assert_page_clean(page)
