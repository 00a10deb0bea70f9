"""The descent widget, live in the built web book and held to the NumPy package."""
import base64
import json

import numpy as np
import pytest

from live_widgets import (
    ORIGINS, assert_page_clean, assert_usable_by_everyone, call_maths, chapter_url, control,
    hex_rgb, open_on_a_phone, open_widget, picture_text, pixels_at, press, readout,
    redraw_times, rel_error, restore_from_code, screenshot, settle,
)
from scratchnet.neuron import (
    fit_linear, learning_rate_bound, linear_loss, linear_loss_and_gradients,
)
from scratchnet.widgets import descent_widget
from scratchnet.widgets.descent_view import (
    B_LIMITS, FIELD_COLUMNS, FIELD_ROWS, START, W_LIMITS, descent_data, descent_readout,
    descent_state, least_squares, loss_surface,
)

CHAPTER = "02_one_neuron"
X, Y = (values.tolist() for values in descent_data())
# The map's plot area in canvas pixels (js/descent.js: MAP).
MAP_LEFT, MAP_TOP = 46, 26
PATH_COLOUR = hex_rgb("#d95f02")

POINTS = [(-1.5, 3.0), (0.3, 0.2), (1.996, -0.83), (5.0, -4.0), (-2.75, 4.6), (1e6, -3e5)]
# Slow, just below 1/lambda_max, zigzagging in, just above the bound, the slider's top,
# and far above it, where the loss overflows to inf and then w and b to inf and nan.
LEARNING_RATES = [0.02, 0.14, 0.27, 0.3, 0.35, 200.0]


def assert_same(got, expected, tolerance=1e-9):
    """Equal to NumPy: the same nan and inf entries, the finite ones within `tolerance`."""
    got = np.asarray(got, dtype=float)
    expected = np.asarray(expected, dtype=float)
    assert got.shape == expected.shape
    np.testing.assert_array_equal(np.isnan(got), np.isnan(expected))
    finite = np.isfinite(expected)
    np.testing.assert_array_equal(got[~finite & ~np.isnan(expected)],
                                  expected[~finite & ~np.isnan(expected)])
    assert rel_error(got[finite], expected[finite]) <= tolerance


@pytest.mark.parametrize("w, b", POINTS)
def test_loss_and_gradients_equal_numpys(maths_page, w, b):
    got = call_maths(maths_page, "descent", "linearLossAndGradients", w, b, X, Y)
    expected = linear_loss_and_gradients(w, b, np.array(X), np.array(Y))
    assert rel_error([got["loss"], got["dw"], got["db"]], expected) <= 1e-9
    loss = call_maths(maths_page, "descent", "linearLoss", w, b, X, Y)
    assert rel_error(loss, linear_loss(w, b, np.array(X), np.array(Y))) <= 1e-9


@pytest.mark.parametrize("learning_rate", LEARNING_RATES)
@pytest.mark.parametrize("start", [(START["w"], START["b"]), (4.5, -3.5)])
def test_path_losses_and_readout_equal_numpys(maths_page, learning_rate, start):
    expected = descent_state(learning_rate, *start, 100)
    path = call_maths(maths_page, "descent", "fitLinear", X, Y, list(start), learning_rate, 100)
    with np.errstate(over="ignore", invalid="ignore"):  # at 200 it overflows, as the JS does
        assert_same(path, fit_linear(np.array(X), np.array(Y), start, learning_rate, 100))
    got = call_maths(maths_page, "descent", "descentState", X, Y, learning_rate, *start, 100)
    assert_same(got["path"], expected.path)
    assert_same(got["losses"], expected.losses)
    assert rel_error(got["bound"], expected.bound) <= 1e-9
    assert rel_error(got["best"], expected.best) <= 1e-9
    assert rel_error(got["bestLoss"], expected.best_loss) <= 1e-9
    for steps in (0, 1, 49, 99, 100):  # before and after the overflows at 200
        state = call_maths(maths_page, "descent", "descentState", X, Y, learning_rate, *start, steps)
        assert call_maths(maths_page, "descent", "readoutText", state) == descent_readout(
            descent_state(learning_rate, *start, steps))


def test_bound_least_squares_and_the_maps_losses_equal_numpys(maths_page):
    assert rel_error(call_maths(maths_page, "descent", "learningRateBound", X),
                     learning_rate_bound(np.array(X))) <= 1e-9
    assert rel_error(call_maths(maths_page, "descent", "leastSquares", X, Y),
                     least_squares(np.array(X), np.array(Y))) <= 1e-9
    surface = call_maths(maths_page, "descent", "lossSurface", X, Y, W_LIMITS, B_LIMITS,
                         FIELD_COLUMNS, FIELD_ROWS)
    assert rel_error(np.reshape(surface, (FIELD_ROWS, FIELD_COLUMNS)), loss_surface()) <= 1e-9


def test_number_formats_equal_pythons(maths_page):
    rng = np.random.default_rng(2)
    values = np.concatenate([rng.normal(size=40) * 10.0 ** rng.integers(-7, 9, size=40),
                             [0.0, -0.0, 1.0, 3.0, 1e-4, 9.99999e-5, 123456.7, -2e300, np.inf,
                              -np.inf, np.nan, 0.31571234, 19.97]]).tolist()
    for precision in (3, 4):
        got = maths_page.evaluate(
            "([values, p]) => values.map((v) => scratchnet.widgets.descent.maths.formatG(v, p))",
            [values, precision])
        assert got == [format(v, f".{precision}g") for v in values]
    got = maths_page.evaluate(
        "(values) => values.map((v) => scratchnet.widgets.descent.maths.formatFixed(v, 3))", values)
    assert got == [format(v, ".3f") for v in values]


def page_state(**settings):
    """The state the chapter's widget cell hands the page, with ``settings`` changed."""
    widget = descent_widget()
    return {**widget.state(), **settings}


def test_inf_and_nan_are_drawn_and_read_out_without_errors(maths_page):
    """A state no slider reaches (a share code from elsewhere): the path overflows."""
    errors = []
    maths_page.on("pageerror", lambda error: errors.append(str(error)))
    state = page_state(learning_rate=200.0, steps=100)
    shown = maths_page.evaluate("""(state) => {
        const el = document.createElement("div");
        document.body.append(el);
        scratchnet.widgets.descent.render({ model: new scratchnet.PageModel(state), el });
        const labels = [...el.querySelectorAll("canvas")].map((c) => c.getAttribute("aria-label"));
        return [el.querySelector(".sn-readout").textContent, labels];
    }""", state)
    expected = descent_state(200.0, START["w"], START["b"], 100)
    assert shown[0] == descent_readout(expected)
    assert "leaves the map at step 1" in shown[1][0]
    assert "Its numbers overflow at step 99" in shown[1][0]
    assert "nan after 100 steps" in shown[1][1]
    assert errors == []


def map_pixel(box, w, b):
    """The colour drawn at (w, b) of the map."""
    column = MAP_LEFT + (w - W_LIMITS[0]) / (W_LIMITS[1] - W_LIMITS[0]) * FIELD_COLUMNS
    row = MAP_TOP + FIELD_ROWS - (b - B_LIMITS[0]) / (B_LIMITS[1] - B_LIMITS[0]) * FIELD_ROWS
    return pixels_at(box, [(row, column)])[0]


def digest(box):
    """A checksum of the map's pixels, computed in the page (cheaper than fetching them)."""
    return box.locator("canvas").first.evaluate("""(canvas) => {
        const data = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
        let hash = 0;
        for (let i = 0; i < data.length; i += 1) hash = (Math.imul(hash, 31) + data[i]) | 0;
        return hash;
    }""")


def assert_shows(box, learning_rate, w, b, steps):
    """The readout, the text alternative and the path's two ends are NumPy's."""
    state = descent_state(learning_rate, w, b, steps)
    assert readout(box) == descent_readout(state)
    assert f"after {steps} steps is at w = {state.path[-1, 0]:.3g}" in picture_text(box)
    assert f"{state.losses[-1]:.4g} after {steps} steps" in picture_text(box, 1)
    np.testing.assert_array_equal(map_pixel(box, w, b), [255, 255, 255])  # the start
    end = state.path[-1]
    if steps and W_LIMITS[0] < end[0] < W_LIMITS[1] and B_LIMITS[0] < end[1] < B_LIMITS[1]:
        np.testing.assert_array_equal(map_pixel(box, *end), PATH_COLOUR)


@pytest.mark.parametrize("origin", ORIGINS)
def test_keyboard_moves_every_control_and_the_page_follows_numpy(site, offline_page, origin):
    page = offline_page()
    box = open_widget(page, chapter_url(site, origin, CHAPTER), "descent")
    settings = dict(START)
    assert_shows(box, **settings)
    before = digest(box)

    press(box, "learning rate", "ArrowRight", 4)
    assert control(box, "learning rate").input_value() == "0.16"
    press(box, "steps", "End")
    press(box, "start w", "ArrowLeft", 5)
    press(box, "start b", "ArrowDown", 10)
    settings.update(learning_rate=0.16, steps=100, w=-2.0, b=2.0)
    assert_shows(box, **settings)
    assert digest(box) != before, "the map did not change"
    assert control(box, "start w").evaluate("(input) => input.nextElementSibling.textContent") == "-2.00"

    # Past the bound the path zigzags off the map, and the map says where.
    press(box, "learning rate", "End")
    settings.update(learning_rate=0.35)
    assert_shows(box, **settings)
    path = descent_state(**settings).path
    away = int(np.argmax((path[:, 0] > W_LIMITS[1]) | (path[:, 0] < W_LIMITS[0])
                         | (path[:, 1] > B_LIMITS[1]) | (path[:, 1] < B_LIMITS[0])))
    assert "diverges" in readout(box)
    assert f"The path leaves the map at step {away}." in picture_text(box)
    screenshot(box, f"descent_{origin}")

    press(box, "steps", "Home")
    settings.update(steps=0)
    assert_shows(box, **settings)
    assert_page_clean(page)


def test_a_click_on_the_map_moves_the_start_and_a_slider_redraws_fast(site, offline_page):
    page = offline_page()
    box = open_widget(page, chapter_url(site, "http", CHAPTER), "descent")
    canvas = box.locator("canvas").first
    scale = canvas.evaluate("(c) => c.clientWidth / c.width")
    w, b = 0.5, -1.0
    column = MAP_LEFT + (w - W_LIMITS[0]) / 8 * FIELD_COLUMNS
    row = MAP_TOP + FIELD_ROWS - (b - B_LIMITS[0]) / 9 * FIELD_ROWS
    canvas.click(position={"x": column * scale, "y": row * scale})
    settle(box)
    assert_shows(box, START["learning_rate"], w, b, START["steps"])
    assert control(box, "start b").evaluate("(input) => input.nextElementSibling.textContent") == "-1.00"

    # A slider move, from the input event to the redrawn map, curve and readout (median of 60).
    median = np.median(redraw_times(control(box, "steps"), [40 + (k % 60) for k in range(60)]))
    assert median < 16, f"a redraw took {median:.1f} ms"
    assert_page_clean(page)


@pytest.mark.parametrize("origin", ORIGINS)
def test_a_share_link_restores_the_state(site, offline_page, origin):
    page = offline_page()
    url = chapter_url(site, origin, CHAPTER)
    box = open_widget(page, url, "descent")
    press(box, "learning rate", "ArrowRight", 10)
    press(box, "start w", "ArrowRight", 20)
    press(box, "steps", "ArrowLeft", 3)
    shown = readout(box)
    assert shown == descent_readout(descent_state(0.19, 0.5, 3.0, 27))
    box.get_by_role("button", name="Copy link").click()
    link = box.get_by_label("Share").input_value()
    assert link.startswith(url + "#descent:")

    other = offline_page()
    restored = open_widget(other, link, "descent")
    assert readout(restored) == shown
    assert control(restored, "steps").input_value() == "27"

    # A code pasted into the box restores it too; a damaged one, or one out of range, is refused.
    press(box, "steps", "Home")
    assert readout(box) != shown
    code = link.split("#", 1)[1]
    assert "Not restored" in restore_from_code(box, code[:-6])
    too_fast = json.dumps({"learning_rate": 5.0, "w": 0.0, "b": 0.0, "steps": 10}).encode()
    assert restore_from_code(
        box, "descent:" + base64.urlsafe_b64encode(too_fast).decode().rstrip("=")) == (
        "Not restored: learning rate out of range.")
    restore_from_code(box, code)
    assert readout(box) == shown
    assert_page_clean(page)
    assert_page_clean(other)


def test_every_control_is_labelled_and_the_widget_fits_a_phone(site, offline_page):
    page = offline_page()
    box = open_on_a_phone(page, chapter_url(site, "http", CHAPTER), "descent")
    assert_usable_by_everyone(box, "descent", pictures=2)
    assert "Gradient descent starts at w = -1.5, b = 3" in picture_text(box)
    assert_page_clean(page)
