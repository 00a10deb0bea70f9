"""The training widget, live in the built web book and held to scratchnet's Network."""
import math

import numpy as np
import pytest

from live_widgets import (
    ORIGINS, assert_page_clean, assert_usable_by_everyone, call_maths, canvas_pixels,
    chapter_url, control, open_on_a_phone, open_widget, picture_text, press, readout, rel_error,
    restore_from_code, screenshot, settle,
)
from scratchnet.losses import binary_cross_entropy
from scratchnet.widgets import training_view as tv
from scratchnet.widgets import training_widget

CHAPTER = "04_layers"
SIZE = 300  # the regions' canvas, in pixels


def flat(params):
    return tv.as_lists(params)


def some_params(hidden, seed):
    """Weights and biases away from the starting ones (biases not zero), as lists."""
    rng = np.random.default_rng(seed)
    return flat({name: value + rng.normal(scale=0.5, size=value.shape)
                 for name, value in tv.init_params(hidden, seed).items()})


def assert_params_close(got, expected, tolerance=1e-9):
    for name in tv.PARAM_NAMES:
        error = rel_error(got[name], np.ravel(expected[name]))
        assert error <= tolerance, f"{name}: relative error {error:.1e}"


@pytest.mark.parametrize("dataset", tv.DATASETS)
@pytest.mark.parametrize("seed", [0, 41])
def test_data_weights_and_order_equal_pythons(maths_page, dataset, seed):
    X, y = tv.make_data(dataset, seed)
    got = call_maths(maths_page, "training", "makeData", dataset, seed)
    assert rel_error(got["X"], X.ravel()) <= 1e-12
    assert got["y"] == y.ravel().tolist()
    hidden = 3 if seed else 16
    assert_params_close(call_maths(maths_page, "training", "initParams", hidden, seed),
                        tv.init_params(hidden, seed), 0.0)
    assert call_maths(maths_page, "training", "shuffleOrder", seed, 5, tv.POINTS) == (
        tv.shuffle_order(seed, 5).tolist())


CASES = [("spirals", 8, 0), ("xor", 3, 1), ("circles", 16, 2)]


@pytest.mark.parametrize("dataset, hidden, seed", CASES)
def test_forward_pass_and_loss_equal_the_networks(maths_page, dataset, hidden, seed):
    X, y = tv.make_data(dataset, seed)
    params = some_params(hidden, seed)
    net = tv.build_network(params)
    expected = net.forward(X)
    got = call_maths(maths_page, "training", "forward", params, X.ravel().tolist())
    assert rel_error(got["p"], expected.ravel()) <= 1e-9
    # The hidden activations: the outputs of the two Tanh layers.
    assert rel_error(got["a1"], net.layers[1].forward(net.layers[0].forward(X)).ravel()) <= 1e-9
    a2 = net.layers[3].forward(net.layers[2].forward(net.layers[1].forward(
        net.layers[0].forward(X))))
    assert rel_error(got["a2"], a2.ravel()) <= 1e-9
    scores = call_maths(maths_page, "training", "evaluate", params, X.ravel().tolist(),
                        y.ravel().tolist())
    assert rel_error(scores["loss"], binary_cross_entropy(y, expected)) <= 1e-9
    assert scores["right"] == tv.evaluate(params, X, y)[1]


@pytest.mark.parametrize("dataset, hidden, seed", CASES)
@pytest.mark.parametrize("rows", [slice(0, 10), slice(None)])
def test_backward_pass_equals_the_networks_gradients(maths_page, dataset, hidden, seed, rows):
    X, y = tv.make_data(dataset, seed)
    X, y = X[rows], y[rows]
    params = some_params(hidden, seed)
    net = tv.build_network(params)
    out = net.forward(X)
    net.backward(net.loss_prime(y, out))
    got = call_maths(maths_page, "training", "gradients", params, X.ravel().tolist(),
                     y.ravel().tolist())
    assert rel_error(got["loss"], net.loss(y, out)) <= 1e-9
    expected = {f"{name}{k}": dense.grads[name]
                for k, dense in enumerate(net.layers[::2], start=1) for name in ("W", "b")}
    assert_params_close(got["grads"], expected)


@pytest.mark.parametrize("dataset, hidden, seed", CASES)
def test_one_training_step_equals_the_networks(maths_page, dataset, hidden, seed):
    X, y = tv.make_data(dataset, seed)
    batch = tv.shuffle_order(seed, 0)[:10]
    params = some_params(hidden, seed)
    net = tv.build_network(params)
    out = net.forward(X[batch])
    net.backward(net.loss_prime(y[batch], out))
    net.step(0.3)
    got = call_maths(maths_page, "training", "trainStep", params, X[batch].ravel().tolist(),
                     y[batch].ravel().tolist(), 0.3)
    assert rel_error(got["loss"], net.loss(y[batch], out)) <= 1e-9
    assert_params_close(got["params"], tv.network_params(net))


@pytest.mark.parametrize("dataset, hidden, seed", CASES)
@pytest.mark.parametrize("batch_size", [1, 10, 300])
def test_one_epoch_equals_fit(maths_page, dataset, hidden, seed, batch_size):
    X, y = tv.make_data(dataset, seed)
    params = some_params(hidden, seed)
    order = tv.shuffle_order(seed, 3)
    net = tv.build_network(params)
    # fit draws its order from the generator; FixedOrder hands it the page's (fit ignores
    # it for the full batch, and so does the page).
    history = net.fit(X, y, epochs=1, learning_rate=0.1, batch_size=batch_size,
                      rng=tv.FixedOrder(order), verbose=False)
    got = call_maths(maths_page, "training", "runEpoch", params, X.ravel().tolist(),
                     y.ravel().tolist(), order.tolist(), 0.1, batch_size)
    assert rel_error(got["loss"], history[0]) <= 1e-9
    assert_params_close(got["params"], tv.network_params(net))


@pytest.mark.parametrize("hidden, seed", [(2, 0), (8, 5)])
def test_regions_are_the_networks_output_on_the_grid(maths_page, hidden, seed):
    params = some_params(hidden, seed)
    got = call_maths(maths_page, "training", "regions", params, *tv.LIMITS, tv.GRID)
    assert rel_error(got, tv.regions(params).ravel()) <= 1e-9


# The page's epochs, in a loop as the widget runs them (shuffle, epoch, next epoch).
TRAIN_JS = """([dataset, learningRate, hidden, batchSize, seed, marks]) => {
    const m = scratchnet.widgets.training.maths;
    const data = m.makeData(dataset, seed);
    let params = m.initParams(hidden, seed);
    const out = [];
    let epoch = 0;
    for (const mark of marks) {
        for (; epoch < mark; epoch += 1) {
            const order = m.shuffleOrder(seed, epoch, data.y.length);
            params = m.runEpoch(params, data.X, data.y, order, learningRate, batchSize).params;
        }
        out.push(m.evaluate(params, data.X, data.y));
    }
    return out;
}"""


def train_in_page(page, dataset="spirals", learning_rate=0.1, hidden=8, batch_size=10, seed=0,
                  marks=(3000,)):
    """(loss, right) after each of ``marks`` epochs, trained by the page's maths."""
    results = page.evaluate(TRAIN_JS, [dataset, learning_rate, hidden, batch_size, seed,
                                       list(marks)])
    return [(r["loss"], r["right"]) for r in results]


def test_twenty_epochs_in_the_page_equal_pythons(maths_page):
    X, y = tv.make_data("circles", 3)
    net = tv.build_network(tv.init_params(5, 3))
    tv.train_epochs(net, X, y, seed=3, first_epoch=0, epochs=20, learning_rate=0.3,
                    batch_size=30)
    expected = tv.evaluate(tv.network_params(net), X, y)
    (got,) = train_in_page(maths_page, "circles", 0.3, 5, 30, 3, [20])
    assert rel_error(got[0], expected[0]) <= 1e-9 and got[1] == expected[1]


def test_chapter_4s_claims_hold(maths_page):
    """What "Try it" in 04_layers says about the settings it suggests."""
    start = train_in_page(maths_page, marks=(200, 400, 1200))
    assert all(0.655 < loss < 0.665 for loss, _ in start[:2])
    assert start[2][1] == 287
    # One unit per layer: a straight boundary; XOR three points in four, for good.
    line = train_in_page(maths_page, "xor", hidden=1, marks=(1000, 3000))
    assert [right for _, right in line] == [221, 221]
    assert 284 <= train_in_page(maths_page, "xor", hidden=2)[0][1] <= 290
    assert train_in_page(maths_page, "xor", hidden=3)[0][1] >= 298
    assert train_in_page(maths_page, "circles", hidden=3)[0][1] == 300
    assert train_in_page(maths_page, hidden=6, marks=(2000,))[0][1] >= 288
    assert train_in_page(maths_page, hidden=5, marks=(2000,))[0][1] < 270


def test_chapter_9s_claims_hold(maths_page):
    """What "Try it" in 09_putting_it_together says, learning rate by learning rate."""
    def run(**settings):
        return train_in_page(maths_page, **settings)

    assert all(0.655 < loss < 0.67 for loss, _ in run(learning_rate=0.003, marks=(400, 3000)))
    slow = run(learning_rate=0.03, marks=(700, 1000, 3000))
    assert slow[0][0] > 0.65 > 0.62 > slow[1][0] and slow[2][0] == pytest.approx(0.12, abs=0.005)
    assert slow[2][1] == 287
    good = run(learning_rate=0.1, marks=(400, 500, 1500))
    assert good[0][0] > 0.655 and good[1][0] < 0.64 and good[2][0] < 0.1 and good[2][1] == 290
    assert all(0.655 < loss < 0.67 for loss, _ in run(learning_rate=0.3, marks=(500, 1500, 3000)))
    erratic = run(learning_rate=1, marks=(800, 2000))
    assert erratic[0][0] == pytest.approx(0.43, abs=0.005)
    assert erratic[1][0] == pytest.approx(0.91, abs=0.005)
    wild = [loss for loss, _ in run(learning_rate=3, marks=range(200, 3001, 200))]
    assert min(wild) > 0.7 and max(wild) < 4.5 and max(wild) > 3.5
    broken = run(learning_rate=10, marks=(100, 3000))
    assert all(right == 150 and loss == pytest.approx(-math.log(1e-12) / 2, rel=1e-3)
               for loss, right in broken)
    noisy = run(batch_size=1, marks=(600, 2000))
    assert noisy[0][0] == pytest.approx(0.39, abs=0.005)
    assert noisy[1][0] == pytest.approx(0.69, abs=0.005)
    assert 0.655 < run(batch_size=300)[0][0] < 0.665
    assert run(hidden=6, marks=(2000,))[0][1] == 290
    assert all(250 <= right <= 270 for _, right in (run(hidden=4)[0], run(hidden=5)[0]))
    assert 215 <= run(hidden=3)[0][1] <= 225
    assert 0.655 < run(seed=3)[0][0] < 0.67


def test_training_saves_to_the_kernel_when_it_pauses_not_every_frame(maths_page):
    # In Jupyter every save_changes is a message to the kernel.
    state = training_widget().state()
    during, after, epochs = maths_page.evaluate("""async (state) => {
        const model = new scratchnet.PageModel(state);
        let saves = 0;
        model.save_changes = () => { saves += 1; };
        const el = document.createElement("div");
        document.body.append(el);
        const stop = scratchnet.widgets.training.render({ model, el });
        const button = el.querySelector(".sn-buttons button");
        button.click();
        await new Promise((done) => setTimeout(done, 1000));
        const during = saves;
        button.click();
        const after = saves;
        stop();
        el.remove();
        return [during, after, model.get("epoch")];
    }""", state)
    assert epochs > 30
    assert (during, after) == (0, 1)


def grid_colour(p):
    """The regions' colour for output p, as js/training.js computes it."""
    p = math.floor(p * 255 + 0.5) / 255
    end = (246, 170, 120) if p < 0.5 else (140, 185, 225)
    weight = abs(2 * p - 1)
    return tuple(math.floor(250 + (e - 250) * weight + 0.5) for e in end)


def assert_regions_drawn(box, dataset, seed, params):
    """Grid cells far from every point show the colour of NumPy's output there."""
    X, _ = tv.make_data(dataset, seed)
    low, high = tv.LIMITS
    points = (X - low) / (high - low) * SIZE
    values = tv.regions(params)
    pixels = canvas_pixels(box)
    cell = SIZE / tv.GRID
    checked = 0
    for i in range(0, tv.GRID, 3):
        for j in range(0, tv.GRID, 3):
            x, y_up = (j + 0.5) * cell, (i + 0.5) * cell
            if np.min(np.hypot(points[:, 0] - x, points[:, 1] - y_up)) < 8:
                continue
            row, column = int(SIZE - y_up), int(x)
            assert tuple(pixels[row, column, :3]) == grid_colour(values[i, j]), (i, j)
            checked += 1
    assert checked > 100


def trained(dataset, seed, hidden, steps):
    """Python's params after ``steps``: a list of (epochs, learning_rate, batch_size)."""
    X, y = tv.make_data(dataset, seed)
    net = tv.build_network(tv.init_params(hidden, seed))
    epoch = 0
    for epochs, learning_rate, batch_size in steps:
        tv.train_epochs(net, X, y, seed, epoch, epochs, learning_rate, batch_size)
        epoch += epochs
    return tv.as_lists(tv.network_params(net)), epoch


def one_epoch(box):
    button = box.get_by_role("button", name="One epoch")
    button.focus()
    button.press("Enter")
    settle(box)


@pytest.mark.parametrize("origin", ORIGINS)
def test_keyboard_moves_every_control_and_the_page_follows_numpy(site, offline_page, origin):
    page = offline_page()
    box = open_widget(page, chapter_url(site, origin, CHAPTER), "training")
    start = tv.as_lists(tv.init_params(8, 0))
    assert readout(box) == tv.training_readout("spirals", 0, start, 0)
    assert_regions_drawn(box, "spirals", 0, start)
    before = canvas_pixels(box)

    # The buttons, from the keyboard: two epochs are Network.fit's two epochs.
    one_epoch(box)
    one_epoch(box)
    params, epoch = trained("spirals", 0, 8, [(2, 0.1, 10)])
    assert readout(box) == tv.training_readout("spirals", 0, params, 2)
    assert not np.array_equal(canvas_pixels(box), before), "the regions did not change"
    assert "after 2 epochs" in picture_text(box)

    # The drop-down lists: learning rate 0.3 and batches of 30, then one more epoch.
    press(box, "learning rate", "ArrowDown")
    press(box, "batch size", "ArrowDown")
    assert control(box, "learning rate").input_value() == "0.3"
    one_epoch(box)
    params, epoch = trained("spirals", 0, 8, [(2, 0.1, 10), (1, 0.3, 30)])
    assert readout(box) == tv.training_readout("spirals", 0, params, 3)
    assert_regions_drawn(box, "spirals", 0, params)

    # A slider: fewer hidden units start again, from the seed's weights for that size.
    press(box, "hidden units", "ArrowLeft", 3)
    assert control(box, "hidden units").evaluate("(input) => input.nextElementSibling.textContent") == "5"
    assert readout(box) == tv.training_readout("spirals", 0, tv.as_lists(tv.init_params(5, 0)), 0)
    assert "2-5-5-1 network" in picture_text(box)

    # Another data set and another seed: new points, fresh weights.
    press(box, "data set", "ArrowUp")  # circles
    press(box, "seed", "ArrowRight", 2)
    fresh = tv.as_lists(tv.init_params(5, 2))
    assert readout(box) == tv.training_readout("circles", 2, fresh, 0)
    assert_regions_drawn(box, "circles", 2, fresh)
    one_epoch(box)
    params, _ = trained("circles", 2, 5, [(1, 0.3, 30)])
    assert readout(box) == tv.training_readout("circles", 2, params, 1)

    # Reset: back to epoch 0 and the starting weights, the settings kept.
    reset = box.get_by_role("button", name="Reset")
    reset.focus()
    reset.press("Enter")
    settle(box)
    assert readout(box) == tv.training_readout("circles", 2, fresh, 0)
    screenshot(box, f"training_{origin}")
    assert_page_clean(page)


def test_training_runs_live_and_equals_numpy(site, offline_page):
    page = offline_page()
    box = open_widget(page, chapter_url(site, "http", CHAPTER), "training")
    curve = canvas_pixels(box, 1)
    train = box.locator(".sn-buttons button").first  # "Train", then "Pause"
    assert train.inner_text() == "Train"
    train.focus()
    train.press("Enter")
    assert train.inner_text() == "Pause"
    page.wait_for_timeout(800)
    assert box.locator(".sn-readout").get_attribute("aria-live") == "off"
    train.press("Enter")  # pause
    settle(box)
    assert train.inner_text() == "Train"
    assert box.locator(".sn-readout").get_attribute("aria-live") == "polite"
    epoch = int(readout(box).split(":")[0].removeprefix("epoch "))
    assert epoch > 30
    params, _ = trained("spirals", 0, 8, [(epoch, 0.1, 10)])
    assert readout(box) == tv.training_readout("spirals", 0, params, epoch)
    assert_regions_drawn(box, "spirals", 0, params)
    assert not np.array_equal(canvas_pixels(box, 1), curve), "the loss curve did not change"
    assert f"at epoch {epoch}" in picture_text(box, 1)
    screenshot(box, "training_trained")
    assert_page_clean(page)


def test_spirals_train_at_30_epochs_a_second_or_more_while_drawing(site, offline_page):
    page = offline_page()
    box = open_widget(page, chapter_url(site, "http", CHAPTER), "training")
    page.evaluate("""() => { window.frames_drawn = 0;
        const count = () => { window.frames_drawn += 1; requestAnimationFrame(count); };
        requestAnimationFrame(count); }""")
    box.get_by_role("button", name="Train").click()
    page.wait_for_timeout(3000)
    epochs, frames = page.evaluate("""() => [document.querySelector(
        '.scratchnet-live[data-widget="training"] .sn-readout').textContent, window.frames_drawn]""")
    box.get_by_role("button", name="Pause").click()
    per_second = int(epochs.split(":")[0].removeprefix("epoch ")) / 3
    assert per_second >= 30, f"{per_second:.0f} epochs a second"
    assert frames / 3 >= 20, f"{frames / 3:.0f} frames a second"
    assert_page_clean(page)


@pytest.mark.parametrize("origin", ORIGINS)
def test_a_share_link_restores_the_weights_and_the_epoch(site, offline_page, origin):
    page = offline_page()
    url = chapter_url(site, origin, CHAPTER)
    box = open_widget(page, url, "training")
    press(box, "data set", "Home")  # XOR
    press(box, "hidden units", "ArrowLeft", 4)
    one_epoch(box)
    one_epoch(box)
    shown = readout(box)
    params, _ = trained("xor", 0, 4, [(2, 0.1, 10)])
    assert shown == tv.training_readout("xor", 0, params, 2)
    box.get_by_role("button", name="Copy link").click()
    link = box.get_by_label("Share").input_value()
    assert link.startswith(url + "#training:")

    # The link, opened afresh, shows the same network, and trains on from there as NumPy does.
    other = offline_page()
    restored = open_widget(other, link, "training")
    assert readout(restored) == shown
    assert control(restored, "data set").input_value() == "xor"
    one_epoch(restored)
    params, _ = trained("xor", 0, 4, [(3, 0.1, 10)])
    assert readout(restored) == tv.training_readout("xor", 0, params, 3)

    # A code pasted into the box, then Enter, restores it too; a damaged one is refused.
    box.get_by_role("button", name="Reset").click()
    settle(box)
    assert readout(box) != shown
    code = link.split("#", 1)[1]
    assert "Not restored" in restore_from_code(box, code[:-6])
    restore_from_code(box, code)
    assert readout(box) == shown
    assert_page_clean(page)
    assert_page_clean(other)


def test_every_control_is_labelled_and_the_widget_fits_a_phone(site, offline_page):
    page = offline_page()
    box = open_on_a_phone(page, chapter_url(site, "http", "09_putting_it_together"), "training")
    assert_usable_by_everyone(box, "training", pictures=2)
    assert control(box, "learning rate").input_value() == "0.003"
    assert [name.strip() for name in box.locator("button").all_inner_texts()] == [
        "Train", "One epoch", "Reset", "Copy link", "Restore"]
    assert "spirals data set" in picture_text(box)
    assert "loss curve" in picture_text(box, 1)
    assert_page_clean(page)
