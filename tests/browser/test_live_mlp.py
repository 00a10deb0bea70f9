"""The sigmoid-MLP widget, live in the built web book and held to the NumPy package."""
import base64
import json

import numpy as np
import pytest

from live_widgets import (
    ORIGINS, assert_page_clean, assert_usable_by_everyone, call_maths, canvas_pixels,
    chapter_url, control, open_on_a_phone, open_widget, picture_text, press, readout,
    redraw_times, rel_error, restore_from_code, screenshot, settle,
)
from scratchnet import mlp
from scratchnet.datasets import logic_gate
from scratchnet.widgets.mlp_view import (
    GRID, HIDDEN_LIMITS, LIMITS, LOSS_GOAL, SHAPES, WEIGHT_LIMIT, gradient_step, mlp_readout,
    mlp_state, start_params, train_until, trained_params,
)

CHAPTER = "03_mlp"
# Where js/mlp.js draws the field in its 300-pixel canvases: left, top, size.
PLOT = (26, 20, 260)
TOLERANCE = 1e-9

# The walkthrough's own data, for a 4-3-1 network: the JavaScript is not only for 2-2-1.
WALKTHROUGH_X = np.array([[1, 0, 1, 0], [1, 0, 1, 1], [0, 1, 0, 1]], dtype=float)
WALKTHROUGH_Y = np.array([[1], [1], [0]], dtype=float)


def params_cases():
    rng = np.random.default_rng(7)
    return {
        "start": start_params(),
        "trained": trained_params(),
        "uniform": mlp.init_params(2, 2, 1, np.random.default_rng(3)),
        "normal": {name: rng.normal(scale=3, size=shape) for name, shape in SHAPES.items()},
    }


CASES = params_cases()


def lists(params):
    return {name: np.asarray(value).tolist() for name, value in params.items()}


def data(case):
    """(X, y, params): XOR for the 2-2-1 cases, the walkthrough's data for "walkthrough"."""
    if case == "walkthrough":
        return WALKTHROUGH_X, WALKTHROUGH_Y, mlp.init_params(4, 3, 1, np.random.default_rng(4))
    return (*logic_gate("xor"), CASES[case])


@pytest.mark.parametrize("case", [*CASES, "walkthrough"])
def test_forward_equals_numpys(maths_page, case):
    X, _, params = data(case)
    hidden, output = mlp.forward(X, params)
    got = call_maths(maths_page, "mlp", "forward", X.tolist(), lists(params))
    assert rel_error(got["hidden"], hidden) <= TOLERANCE
    assert rel_error(got["output"], output) <= TOLERANCE


@pytest.mark.parametrize("case", [*CASES, "walkthrough"])
@pytest.mark.parametrize("lr", [0.1, 1.0, 3.7])
def test_iteration_equals_numpys_deltas_gradients_and_updates(maths_page, case, lr):
    X, y, params = data(case)
    expected = mlp.iteration(X, y, params, lr)
    got = call_maths(maths_page, "mlp", "iteration", X.tolist(), y.tolist(), lists(params), lr)
    assert list(got) == list(expected)  # the same matrices, in the same order
    for name, value in expected.items():
        assert rel_error(got[name], value) <= TOLERANCE, name


@pytest.mark.parametrize("case", ["start", "uniform", "walkthrough"])
def test_a_hundred_iterations_equal_mlp_train(maths_page, case):
    X, y, params = data(case)
    trained, history = mlp.train(X, y, params, 100, 1.0)
    got = call_maths(maths_page, "mlp", "train", X.tolist(), y.tolist(), lists(params), 100, 1.0)
    assert rel_error(got["history"], history) <= TOLERANCE
    for name in SHAPES:
        assert rel_error(got["params"][name], trained[name]) <= TOLERANCE, name


@pytest.mark.parametrize("case", CASES)
def test_gradient_step_and_training_equal_the_views(maths_page, case):
    params = CASES[case]
    stepped = gradient_step(params, 2.5)
    got = call_maths(maths_page, "mlp", "gradientStep", lists(params), 2.5)
    for name in SHAPES:
        assert rel_error(got[name], stepped[name]) <= TOLERANCE, name
    for max_steps, limit in [(300, WEIGHT_LIMIT), (5000, WEIGHT_LIMIT), (5000, 6.2)]:
        expected, steps, reason = train_until(params, 1.0, max_steps, LOSS_GOAL, limit)
        got = call_maths(maths_page, "mlp", "trainUntil", lists(params), 1.0, max_steps, LOSS_GOAL, limit)
        assert (got["steps"], got["reason"]) == (steps, reason)
        for name in SHAPES:
            assert rel_error(got["params"][name], expected[name]) <= TOLERANCE, name


@pytest.mark.parametrize("case", CASES)
def test_what_the_pictures_show_equals_numpys(maths_page, case):
    params = CASES[case]
    state = mlp_state(params)
    got = call_maths(maths_page, "mlp", "xorState", lists(params))
    assert rel_error(got["hidden"], state.hidden) <= TOLERANCE
    assert rel_error(got["output"], state.output) <= TOLERANCE
    assert rel_error(got["loss"], state.loss) <= TOLERANCE
    surface = call_maths(maths_page, "mlp", "surface", lists(params), *LIMITS, GRID)
    assert rel_error(np.reshape(surface, (GRID, GRID)), state.surface) <= TOLERANCE
    hidden = call_maths(maths_page, "mlp", "hiddenSurface", lists(params), *HIDDEN_LIMITS, GRID)
    assert rel_error(np.reshape(hidden, (GRID, GRID)), state.hidden_surface) <= TOLERANCE
    lines = call_maths(maths_page, "mlp", "boundaries", lists(params), LIMITS, HIDDEN_LIMITS)
    for line, expected in zip([*lines["hidden"], lines["output"]], [*state.hidden_lines, state.output_line]):
        assert rel_error([line["x1"], line["x2"]], np.stack(expected)) <= TOLERANCE


def output_colour(value):
    """The colour js/mlp.js gives an output: orange at 0, white at 1/2, blue at 1."""
    v = np.floor(value * 255 + 0.5) / 255
    start, t = ((244, 165, 130), 1 - 2 * v) if v < 0.5 else ((146, 197, 222), 2 * v - 1)
    return np.floor(255 + (np.array(start) - 255) * t + 0.5)


def assert_field_is_numpys(box, params):
    """The left picture's colours are NumPy's outputs, away from the lines, points and labels."""
    pixels = canvas_pixels(box, 0)[..., :3].astype(int)
    surface = mlp_state(params).surface
    cells = np.random.default_rng(0).integers(0, GRID, size=(200, 2))
    matches = 0
    for i, j in cells:
        left, top, size = PLOT
        row = int(top + (GRID - 1 - i + 0.5) * size / GRID)
        column = int(left + (j + 0.5) * size / GRID)
        matches += np.abs(pixels[row, column] - output_colour(surface[i, j])).max() <= 1
    assert matches >= 180, f"only {matches} of 200 pixels have NumPy's colour"


def shared_state(box):
    """The state in the widget's share code (all the digits, unlike the sliders)."""
    code = box.get_by_label("Share").input_value().split("#")[-1].split(":", 1)[1]
    state = json.loads(base64.urlsafe_b64decode(code + "=" * (-len(code) % 4)))
    return {name: np.array(state[name]) for name in SHAPES}, state["learning_rate"]


def steps_taken(box):
    return int(box.locator(".sn-steps").inner_text().rsplit(" ", 1)[1])


def assert_shows(box, params):
    assert readout(box) == mlp_readout(mlp_state(params))
    shown, _ = shared_state(box)
    for name in SHAPES:
        assert rel_error(shown[name], params[name]) <= TOLERANCE, name


def wait_for_button(box, name):
    box.get_by_role("button", name=name, exact=True).wait_for(timeout=30_000)
    settle(box)


@pytest.mark.parametrize("origin", ORIGINS)
def test_keyboard_moves_every_control_and_the_page_follows_numpy(site, offline_page, origin):
    page = offline_page()
    box = open_widget(page, chapter_url(site, origin, CHAPTER), "mlp")
    params = start_params()
    assert_shows(box, params)
    assert_field_is_numpys(box, params)
    before = canvas_pixels(box, 0), canvas_pixels(box, 1)

    # A weight's slider: one output weight from 3 to -3 (Chromium's Page Down moves a
    # tenth of the range, 2) makes the network compute XOR; another weight three steps up.
    press(box, "wout[1,0]", "PageDown", 3)
    press(box, "wh[0,0]", "ArrowRight", 3)
    params = {**params, "wout": np.array([[3.0], [-3.0]]), "wh": np.array([[4.3, 4.0], [4.0, 4.0]])}
    assert_shows(box, params)
    assert control(box, "wout[1,0]").evaluate("(input) => input.nextElementSibling.textContent") == "-3.00"
    after = canvas_pixels(box, 0), canvas_pixels(box, 1)
    assert not np.array_equal(after[0], before[0]) and not np.array_equal(after[1], before[1])
    assert_field_is_numpys(box, params)
    assert "4 of 4 on the right side" in picture_text(box, 0)
    assert "4.30 x1 + 4.00 x2 - 2.00 = 0" in picture_text(box, 0)
    assert "3.00 h1 - 3.00 h2 - 1.50 = 0" in picture_text(box, 1)

    # The learning rate's slider, then one gradient step from the keyboard.
    press(box, "learning rate", "ArrowRight", 10)
    assert control(box, "learning rate").evaluate("(input) => input.nextElementSibling.textContent") == "2.00"
    step = box.get_by_role("button", name="Gradient step", exact=True)
    step.focus()
    step.press("Enter")
    settle(box)
    stepped = gradient_step(params, 2.0)
    assert_shows(box, stepped)
    loss = f"{mlp_state(params).loss:.4f} to {mlp_state(stepped).loss:.4f}"
    assert loss in box.locator(".sn-status").inner_text()
    assert steps_taken(box) == 1

    # Training runs to the goal, animated, and stops where NumPy's training stops.
    box.get_by_role("button", name="Train", exact=True).press("Enter")
    wait_for_button(box, "Train")
    trained, steps, reason = train_until(stepped, 2.0, 10_000)
    assert reason == "converged" and steps > 100
    assert_shows(box, trained)
    assert steps_taken(box) == 1 + steps
    assert f"after {steps} steps: the loss is below" in box.locator(".sn-status").inner_text()

    # The presets.
    box.get_by_role("button", name="Trained weights", exact=True).press("Enter")
    settle(box)
    assert_shows(box, trained_params())
    assert steps_taken(box) == 0
    box.get_by_role("button", name="Start weights", exact=True).press("Enter")
    settle(box)
    assert_shows(box, start_params())
    screenshot(box, f"mlp_{origin}")
    assert_page_clean(page)


def test_training_stops_and_continues(site, offline_page):
    page = offline_page()
    box = open_widget(page, chapter_url(site, "http", CHAPTER), "mlp")
    press(box, "learning rate", "ArrowRight", 20)
    box.get_by_role("button", name="Train", exact=True).press("Enter")
    page.wait_for_timeout(150)
    box.get_by_role("button", name="Stop", exact=True).press("Enter")
    settle(box)
    stopped = steps_taken(box)
    assert 0 < stopped
    params, _ = mlp.train(*logic_gate("xor"), start_params(), stopped, 3.0)
    assert_shows(box, params)
    assert "press Continue" in box.locator(".sn-status").inner_text()
    box.get_by_role("button", name="Continue", exact=True).press("Enter")
    wait_for_button(box, "Train")
    trained, steps, _ = train_until(start_params(), 3.0, 10_000)
    assert steps_taken(box) == steps > stopped
    assert_shows(box, trained)
    assert_page_clean(page)


@pytest.mark.parametrize("origin", ORIGINS)
def test_a_share_link_restores_the_state(site, offline_page, origin):
    page = offline_page()
    url = chapter_url(site, origin, CHAPTER)
    box = open_widget(page, url, "mlp")
    press(box, "bh[0,1]", "ArrowRight", 7)
    press(box, "learning rate", "End")
    box.get_by_role("button", name="Gradient step", exact=True).press("Enter")
    settle(box)
    shown = readout(box)
    params = gradient_step({**start_params(), "bh": np.array([[-2.0, -5.3]])}, 10.0)
    assert shown == mlp_readout(mlp_state(params))
    box.get_by_role("button", name="Copy link", exact=True).click()
    link = box.get_by_label("Share").input_value()
    assert link.startswith(url + "#mlp:")

    # The link, opened afresh, shows the same state, with every digit.
    other = offline_page()
    restored = open_widget(other, link, "mlp")
    assert_shows(restored, params)
    assert shared_state(restored)[1] == 10.0
    assert control(restored, "learning rate").evaluate("(input) => input.nextElementSibling.textContent") == "10.00"

    # A code pasted into the box, then Enter, restores it too; a damaged one is refused.
    box.get_by_role("button", name="Start weights", exact=True).press("Enter")
    settle(box)
    assert readout(box) != shown
    code = link.split("#", 1)[1]
    assert "Not restored" in restore_from_code(box, code[:-6])
    bad = {**lists(params), "wh": [[1.0, 2.0]], "learning_rate": 1.0}
    assert "wh must be 2x2 numbers" in restore_from_code(
        box, "mlp:" + base64.urlsafe_b64encode(json.dumps(bad).encode()).decode().rstrip("="))
    restore_from_code(box, code)
    assert readout(box) == shown
    assert_page_clean(page)
    assert_page_clean(other)


def test_every_control_is_labelled_and_the_widget_fits_a_phone(site, offline_page):
    page = offline_page()
    box = open_on_a_phone(page, chapter_url(site, "http", CHAPTER), "mlp")
    assert_usable_by_everyone(box, "mlp", pictures=2)
    labels = box.locator("input[type=range]").evaluate_all(
        "(nodes) => nodes.map((n) => n.labels[0].textContent)")
    assert labels == ["wh[0,0]", "wh[0,1]", "wh[1,0]", "wh[1,1]", "bh[0,0]", "bh[0,1]",
                      "wout[0,0]", "wout[1,0]", "bout[0,0]", "learning rate"]
    assert "(1,1) has target 0, output 0.98, on the wrong side of one half" in picture_text(box, 0)
    assert "hidden activations" in picture_text(box, 1)
    assert box.locator("[aria-live]").count() >= 3
    assert_page_clean(page)


def test_a_slider_move_redraws_within_16_ms(site, offline_page):
    page = offline_page()
    box = open_widget(page, chapter_url(site, "http", CHAPTER), "mlp")
    # One step up and back, 40 times.
    target = control(box, "wh[1,1]")
    start, step = float(target.input_value()), float(target.get_attribute("step"))
    times = redraw_times(target, [start + step * (k % 2 == 0) for k in range(40)])
    assert np.median(times) < 16, times
    assert_page_clean(page)
