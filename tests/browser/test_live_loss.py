"""The loss widget, live in the built web book and held to the NumPy package."""
import numpy as np
import pytest

from live_widgets import (
    ORIGINS, assert_page_clean, assert_usable_by_everyone, call_maths, chapter_url, control,
    hex_rgb, open_on_a_phone, open_widget, picture_data, picture_text, pixels_at, press,
    readout, redraw_times, rel_error, restore_from_code, screenshot,
)
from scratchnet.widgets.loss_view import P_RANGE, START_P, logit, loss_curves, loss_readout, loss_values

CHAPTER = "06_losses"
# js/loss.js's names for loss_values' keys.
KEYS = {"mse": "mse", "cross_entropy": "crossEntropy", "mse_grad": "mseGrad",
        "cross_entropy_grad": "crossEntropyGrad"}
# The panels' geometry and colours, as js/loss.js draws them.
WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM = 300, 250, 42, 10, 24, 40
PANEL_HIGH = (5.0, 1.05)
COLOURS = {"mse": hex_rgb("#7570b3"), "cross_entropy": hex_rgb("#d95f02")}
SLIDER_PS = np.round(np.arange(1, 100) / 100, 2)


@pytest.mark.parametrize("p", [1e-9, 0.01, 0.1, 0.37, 0.5, 0.73, 0.99, 1 - 1e-9])
def test_loss_values_equal_numpys(maths_page, p):
    got = call_maths(maths_page, "loss", "lossValues", p)
    for key, value in loss_values(p).items():
        assert rel_error(got[KEYS[key]], value) <= 1e-9, key
    assert rel_error(call_maths(maths_page, "loss", "logit", p), logit(p)) <= 1e-9


def test_curves_equal_numpys(maths_page):
    curves = loss_curves()
    got = call_maths(maths_page, "loss", "lossCurves", *P_RANGE, len(curves.p))
    assert rel_error(got["p"], curves.p) <= 1e-9
    for key, values in curves.values.items():
        assert rel_error(got[KEYS[key]], values) <= 1e-9, key


def test_the_readout_is_numpys_at_every_slider_position(maths_page):
    got = maths_page.evaluate("(ps) => ps.map(scratchnet.widgets.loss.maths.readoutText)",
                              SLIDER_PS.tolist())
    assert got == [loss_readout(p) for p in SLIDER_PS]


def point(panel, p, value):
    """The pixel (row, column) of (p, value) in picture number ``panel``."""
    x = LEFT + p * (WIDTH - RIGHT - LEFT)
    y = HEIGHT - BOTTOM - value / PANEL_HIGH[panel] * (HEIGHT - BOTTOM - TOP)
    return y, x


def assert_marks(box, p):
    """Each curve has its marker (a dot of its colour) at NumPy's value for ``p``."""
    values = loss_values(p)
    curves = loss_curves()
    for panel, suffix in ((0, ""), (1, "_grad")):
        points, expected = [], []
        for name, colour in COLOURS.items():
            y, x = point(panel, p, abs(values[name + suffix]))
            # Step off the curve (drawn in the same colour) across it: sideways where it is
            # steep on the picture, up and down where it is flat.
            slope = np.gradient(np.abs(curves.values[name + suffix]), curves.p)
            steep = abs(np.interp(p, curves.p, slope)) * (HEIGHT - BOTTOM - TOP) / PANEL_HIGH[panel] > (
                WIDTH - RIGHT - LEFT)
            for dy, dx in ([(0, -3), (0, 3)] if steep else [(-3, 0), (3, 0)]):
                points.append((y + dy, x + dx))
                expected.append(colour)
        np.testing.assert_array_equal(pixels_at(box, points, panel), expected, err_msg=f"picture {panel}")


@pytest.mark.parametrize("origin", ORIGINS)
def test_keyboard_moves_the_slider_and_the_page_follows_numpy(site, offline_page, origin):
    page = offline_page()
    box = open_widget(page, chapter_url(site, origin, CHAPTER), "loss")
    assert readout(box) == loss_readout(START_P)
    assert_marks(box, START_P)
    before = [picture_data(box, i) for i in range(2)]

    press(box, "p (true class)", "ArrowRight", 5)
    assert readout(box) == loss_readout(0.15)
    shown = control(box, "p (true class)").evaluate("(input) => input.nextElementSibling.textContent")
    assert shown == "0.15"
    assert_marks(box, 0.15)
    for i in range(2):
        assert picture_data(box, i) != before[i], f"picture {i} did not change"
    assert "At p = 0.15" in picture_text(box, 0) and "At p = 0.15" in picture_text(box, 1)
    screenshot(box, f"loss_{origin}")

    press(box, "p (true class)", "End")
    assert readout(box) == loss_readout(0.99)
    press(box, "p (true class)", "PageDown")
    shown = float(control(box, "p (true class)").input_value())
    assert readout(box) == loss_readout(shown)
    assert_page_clean(page)


def test_a_slider_move_redraws_within_16_ms(site, offline_page):
    page = offline_page()
    box = open_widget(page, chapter_url(site, "http", CHAPTER), "loss")
    times = redraw_times(control(box, "p (true class)"), [0.05 + (i % 20) * 0.04 for i in range(30)])
    assert np.median(times) < 16, times
    assert_page_clean(page)


@pytest.mark.parametrize("origin", ORIGINS)
def test_a_share_link_restores_the_state(site, offline_page, origin):
    page = offline_page()
    url = chapter_url(site, origin, CHAPTER)
    box = open_widget(page, url, "loss")
    press(box, "p (true class)", "ArrowRight", 27)
    shown = readout(box)
    assert shown == loss_readout(0.37)
    box.get_by_role("button", name="Copy link").click()
    link = box.get_by_label("Share").input_value()
    assert link.startswith(url + "#loss:")

    other = offline_page()
    restored = open_widget(other, link, "loss")
    assert readout(restored) == shown

    press(box, "p (true class)", "Home")
    assert readout(box) != shown
    out_of_range = "loss:eyJwIjogMS41fQ"  # {"p": 1.5}
    assert "Not restored: p must lie between" in restore_from_code(box, out_of_range)
    restore_from_code(box, link.split("#", 1)[1])
    assert readout(box) == shown
    assert_page_clean(page)
    assert_page_clean(other)


def test_every_control_is_labelled_and_the_widget_fits_a_phone(site, offline_page):
    page = offline_page()
    box = open_on_a_phone(page, chapter_url(site, "http", CHAPTER), "loss")
    assert_usable_by_everyone(box, "loss", pictures=2)
    assert "cross-entropy" in picture_text(box, 0) and "logit" in picture_text(box, 1)
    assert_page_clean(page)
