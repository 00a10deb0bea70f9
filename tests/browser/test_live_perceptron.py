"""The perceptron widget, live in the built web book and held to the NumPy package."""
import numpy as np
import pytest

from live_widgets import (
    ORIGINS, assert_page_clean, assert_usable_by_everyone, call_maths, canvas_pixels,
    chapter_url, control, open_on_a_phone, open_widget, picture_text, press, readout, rel_error,
    restore_from_code, screenshot, settle,
)
from scratchnet.widgets.perceptron_view import (
    GRID, LIMITS, START, perceptron_readout, perceptron_state, rule_step,
)

CHAPTER = "01_perceptron"
REGION_COLOURS = {0: (251, 217, 191), 1: (198, 219, 239)}
CANVAS = 300

CASES = [("and", 0.6, 0.4, -0.2), ("or", -1.3, 2.2, 0.7), ("xor", 1.0, 1.0, -0.5),
         ("and", 0.0, 0.0, 0.0), ("or", 0.25, -3.5, 1.75)]


@pytest.mark.parametrize("gate, w1, w2, b", CASES)
def test_classes_regions_and_line_equal_numpys(maths_page, gate, w1, w2, b):
    state = perceptron_state(gate, w1, w2, b)
    got = call_maths(maths_page, "perceptron", "classify", gate, w1, w2, b)
    assert [p["predicted"] for p in got["points"]] == state.predictions.tolist()
    assert got["accuracy"] == state.accuracy
    regions = np.reshape(call_maths(maths_page, "perceptron", "regions", w1, w2, b, *LIMITS, GRID),
                         (GRID, GRID))
    # Grid points exactly on the line (w.x + b is 0 up to rounding) may go either way:
    # NumPy's product rounds differently from a plain sum.
    grid = np.linspace(*LIMITS, GRID)
    g1, g2 = np.meshgrid(grid, grid)
    clear = np.abs(g1 * w1 + g2 * w2 + b) > 1e-12
    np.testing.assert_array_equal(regions[clear], state.regions[clear])
    line = call_maths(maths_page, "perceptron", "decisionLine", w1, w2, b, *LIMITS)
    if state.line[0].size == 0:
        assert line is None
    else:
        assert rel_error([line["x1"], line["x2"]], np.stack(state.line)) <= 1e-9


@pytest.mark.parametrize("gate, w1, w2, b", CASES)
@pytest.mark.parametrize("index", range(4))
@pytest.mark.parametrize("learning_rate", [1.0, 0.3])
def test_rule_step_equals_numpys(maths_page, gate, w1, w2, b, index, learning_rate):
    expected = rule_step(gate, w1, w2, b, index, learning_rate)
    got = call_maths(maths_page, "perceptron", "ruleStep", gate, w1, w2, b, index, learning_rate)
    assert got["changed"] == expected[3]
    assert rel_error([got["w1"], got["w2"], got["b"]], expected[:3]) <= 1e-9


def region_pixel(box, x1, x2):
    """The colour drawn at the point (x1, x2) of the picture."""
    low, high = LIMITS
    column = int((x1 - low) / (high - low) * CANVAS)
    row = int(CANVAS - (x2 - low) / (high - low) * CANVAS)
    return tuple(int(v) for v in canvas_pixels(box)[row, column, :3])


def expected_region(w1, w2, b, x1, x2):
    return REGION_COLOURS[int(x1 * w1 + x2 * w2 + b > 0)]


@pytest.mark.parametrize("origin", ORIGINS)
def test_keyboard_moves_every_control_and_the_page_follows_numpy(site, offline_page, origin):
    page = offline_page()
    box = open_widget(page, chapter_url(site, origin, CHAPTER), "perceptron")
    w1, w2, b = START["w1"], START["w2"], START["b"]
    assert readout(box) == perceptron_readout(perceptron_state("and", w1, w2, b))
    before = canvas_pixels(box)

    # A slider: three steps of 0.1 to the right, one down.
    press(box, "w1", "ArrowRight", 3)
    press(box, "b", "ArrowLeft")
    w1, b = 0.9, -0.3
    assert readout(box) == perceptron_readout(perceptron_state("and", w1, w2, b))
    assert control(box, "w1").evaluate("(input) => input.nextElementSibling.textContent") == "0.90"
    assert not np.array_equal(canvas_pixels(box), before), "the picture did not change"
    # Where the line moved past, the region's colour is the class NumPy predicts.
    for x1, x2 in [(0.1, 0.6), (0.45, 0.1), (1.3, 1.3), (-0.3, -0.3)]:
        assert region_pixel(box, x1, x2) == expected_region(w1, w2, b, x1, x2), (x1, x2)

    # The drop-down list: the next gate is OR.
    press(box, "gate", "ArrowDown")
    assert readout(box) == perceptron_readout(perceptron_state("or", w1, w2, b))
    assert "OR gate" in picture_text(box)

    # The button, from the keyboard: the rule's steps are NumPy's.
    step = box.get_by_role("button", name="One step of the rule")
    for index in range(4):
        step.focus()
        step.press("Enter")
        settle(box)
        w1, w2, b, changed = rule_step("or", w1, w2, b, index)
        assert readout(box) == perceptron_readout(perceptron_state("or", w1, w2, b))
        status = box.locator(".sn-status").inner_text()
        assert ("wrong, so the weights moved" in status) == changed, status
    screenshot(box, f"perceptron_{origin}")
    assert_page_clean(page)


@pytest.mark.parametrize("origin", ORIGINS)
def test_a_share_link_restores_the_state(site, offline_page, origin):
    page = offline_page()
    url = chapter_url(site, origin, CHAPTER)
    box = open_widget(page, url, "perceptron")
    press(box, "gate", "End")  # XOR
    press(box, "w2", "ArrowLeft", 5)
    shown = readout(box)
    assert shown == perceptron_readout(perceptron_state("xor", 0.6, -0.1, -0.2))
    box.get_by_role("button", name="Copy link").click()
    link = box.get_by_label("Share").input_value()
    assert link.startswith(url + "#perceptron:")

    # The link, opened afresh, shows the same state.
    other = offline_page()
    restored = open_widget(other, link, "perceptron")
    assert readout(restored) == shown
    assert control(restored, "gate").input_value() == "xor"

    # A code pasted into the box, then Enter, restores it too; a damaged one is refused.
    press(box, "w1", "Home")
    assert readout(box) != shown
    code = link.split("#", 1)[1]
    assert "Not restored" in restore_from_code(box, code[:-6])
    restore_from_code(box, code)
    assert readout(box) == shown
    assert_page_clean(page)
    assert_page_clean(other)


def test_every_control_is_labelled_and_the_widget_fits_a_phone(site, offline_page):
    page = offline_page()
    box = open_on_a_phone(page, chapter_url(site, "http", CHAPTER), "perceptron")
    assert_usable_by_everyone(box, "perceptron", pictures=1)
    assert "misclassified" in picture_text(box)
    assert_page_clean(page)
