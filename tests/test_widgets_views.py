"""The pure functions behind the widgets, checked by hand and against the package."""
import io

import numpy as np
import pytest
from PIL import Image
from scipy.signal import correlate2d

from scratchnet import mlp
from scratchnet.activations import sigmoid
from scratchnet.datasets import logic_gate
from scratchnet.gradcheck import numerical_gradient
from scratchnet.losses import binary_cross_entropy, mse
from scratchnet.widgets import conv_view, loss_view, mlp_view, perceptron_view, training_view
from scratchnet.widgets.mlp_widget import WEIGHT_RANGE as MLP_RANGE
from scratchnet.widgets.perceptron_widget import WEIGHT_RANGE as PERCEPTRON_RANGE
from scratchnet.widgets.render import png_bytes


# --- perceptron ---

def test_line_x1_plus_x2_at_1_5_classifies_and_perfectly():
    state = perceptron_view.perceptron_state("and", 1.0, 1.0, -1.5)
    assert state.accuracy == 1.0
    assert not state.misclassified.any()
    x1, x2 = state.line
    np.testing.assert_allclose(x1 + x2 - 1.5, 0.0, atol=1e-12)


def test_start_gets_two_of_four_wrong_on_and():
    state = perceptron_view.perceptron_state(**perceptron_view.START)
    # (0,1) and (1,0) lie above 0.6 x1 + 0.4 x2 - 0.2 = 0 but AND gives 0 there.
    np.testing.assert_array_equal(state.misclassified, [False, True, True, False])
    assert state.accuracy == 0.5


@pytest.mark.parametrize("w1, w2, b", [(2.0, 0.0, -1.0), (0.0, -1.0, 0.5), (1.0, -3.0, 0.2)])
def test_decision_line_ends_lie_on_the_line(w1, w2, b):
    x1, x2 = perceptron_view.decision_line(w1, w2, b)
    assert x1.shape == x2.shape == (2,)
    np.testing.assert_allclose(w1 * x1 + w2 * x2 + b, 0.0, atol=1e-12)


def test_no_line_when_both_weights_are_zero():
    x1, x2 = perceptron_view.decision_line(0.0, 0.0, 1.0)
    assert x1.size == x2.size == 0


def test_regions_follow_the_sign_of_the_weighted_sum():
    w1, w2, b = 0.7, -1.2, 0.3
    state = perceptron_view.perceptron_state("or", w1, w2, b)
    grid = np.linspace(*perceptron_view.LIMITS, perceptron_view.GRID)
    weighted_sum = w1 * grid[None, :] + w2 * grid[:, None] + b
    # Grid points on the line itself may round either way.
    clear = np.abs(weighted_sum) > 1e-9
    np.testing.assert_array_equal(state.regions[clear], (weighted_sum[clear] > 0).astype(int))


def test_no_line_separates_xor():
    values = np.linspace(-2, 2, 17)
    best = max(
        perceptron_view.perceptron_state("xor", w1, w2, b).accuracy
        for w1 in values for w2 in values for b in values
    )
    assert best == 0.75


def test_rule_step_by_hand():
    # (1,1) has target 1 on AND; step(0) = 0 is wrong, so w += x and b += 1.
    assert perceptron_view.rule_step("and", 0.0, 0.0, 0.0, 3) == (1.0, 1.0, 1.0, True)
    # (0,0) has target 0 and step(0) = 0 is right: nothing moves.
    assert perceptron_view.rule_step("and", 0.0, 0.0, 0.0, 0) == (0.0, 0.0, 0.0, False)
    # With learning rate 0.5 a wrong prediction of 1 on (1,0) for AND moves by -0.5 x.
    assert perceptron_view.rule_step("and", 1.0, 0.0, 0.0, 2, 0.5) == (0.5, 0.0, -0.5, True)


def test_rule_stays_inside_the_sliders_range():
    for gate in ("and", "or", "xor"):
        w1, w2, b = (perceptron_view.START[k] for k in ("w1", "w2", "b"))
        for step in range(60):
            w1, w2, b, _ = perceptron_view.rule_step(gate, w1, w2, b, step % 4)
            assert PERCEPTRON_RANGE[0] <= min(w1, w2, b)
            assert max(w1, w2, b) <= PERCEPTRON_RANGE[1]


def test_perceptron_readout():
    state = perceptron_view.perceptron_state("and", 1.0, 1.0, -1.5)
    assert perceptron_view.perceptron_readout(state) == (
        "AND: line 1.00 x1 + 1.00 x2 - 1.50 = 0, accuracy 4/4"
    )


def test_perceptron_plot_shows_the_state():
    plot = perceptron_view.PerceptronPlot()
    state = perceptron_view.perceptron_state(**perceptron_view.START)
    plot.show(state)
    np.testing.assert_allclose(np.column_stack(plot.line.get_data()),
                               np.column_stack(state.line))
    np.testing.assert_array_equal(plot.mistakes.get_offsets(), state.X[state.misclassified])
    np.testing.assert_array_equal(plot.regions.get_array(), state.regions)


# --- sigmoid MLP on XOR ---

def test_flatten_round_trip_and_missing_names():
    params = mlp.init_params(2, 2, 1, np.random.default_rng(3))
    back = mlp_view.unflatten(mlp_view.flatten(params))
    for name in mlp_view.SHAPES:
        np.testing.assert_array_equal(back[name], params[name])
    values = mlp_view.flatten(params)
    del values["bout[0,0]"]
    with pytest.raises(ValueError, match=r"bout\[0,0\]"):
        mlp_view.unflatten(values)


def test_trained_weights_solve_xor_and_fit_the_sliders():
    state = mlp_view.mlp_state(mlp_view.trained_params())
    np.testing.assert_array_equal(state.output.round(), [0, 1, 1, 0])
    assert state.loss < 0.01
    values = list(mlp_view.flatten(mlp_view.trained_params()).values())
    assert MLP_RANGE[0] <= min(values) and max(values) <= MLP_RANGE[1]


def test_start_gets_one_one_wrong():
    state = mlp_view.mlp_state(mlp_view.start_params())
    np.testing.assert_array_equal(state.output.round(), [0, 1, 1, 1])


def test_gradient_steps_are_the_walkthroughs_and_reduce_the_loss():
    X, y = logic_gate("xor")
    params = mlp_view.start_params()
    stepped = mlp_view.gradient_step(params, 1.0)
    reference = mlp.iteration(X, y, params, 1.0)
    for name in mlp_view.SHAPES:
        np.testing.assert_array_equal(stepped[name], reference[name])
    assert mlp_view.mlp_state(stepped).loss < mlp_view.mlp_state(params).loss


def test_boundaries_are_where_activations_are_one_half():
    params = mlp_view.start_params()
    state = mlp_view.mlp_state(params)
    for j, (x1, x2) in enumerate(state.hidden_lines):
        points = np.column_stack([x1, x2])
        np.testing.assert_allclose(
            sigmoid(points @ params["wh"][:, j] + params["bh"][0, j]), 0.5)
    h = np.column_stack(state.output_line)
    np.testing.assert_allclose(sigmoid(h @ params["wout"] + params["bout"]), 0.5)


def test_surfaces_are_the_networks_output():
    params = mlp_view.trained_params()
    state = mlp_view.mlp_state(params)
    low, high = mlp_view.LIMITS
    corners = np.array([[low, low], [high, low], [low, high]])
    _, out = mlp.forward(corners, params)
    np.testing.assert_allclose(
        [state.surface[0, 0], state.surface[0, -1], state.surface[-1, 0]], out.ravel())
    hidden_low = mlp_view.HIDDEN_LIMITS[0]
    np.testing.assert_allclose(
        state.hidden_surface[0, 0],
        sigmoid(hidden_low * params["wout"].sum() + params["bout"][0, 0]))


# --- losses ---

def test_loss_values_by_hand_at_one_half():
    v = loss_view.loss_values(0.5)
    assert v["mse"] == pytest.approx(0.25)
    assert v["cross_entropy"] == pytest.approx(np.log(2))
    # dE/dz = dE/dp * p (1 - p): 2 (0.5 - 1) * 0.25 and (0.5 - 1).
    assert v["mse_grad"] == pytest.approx(-0.25)
    assert v["cross_entropy_grad"] == pytest.approx(-0.5)


def test_cross_entropy_keeps_learning_when_badly_wrong():
    v = loss_view.loss_values(0.01)
    assert abs(v["cross_entropy_grad"]) > 10 * abs(v["mse_grad"])
    assert abs(v["cross_entropy_grad"]) > 0.9


@pytest.mark.parametrize("p", [0.03, 0.3, 0.8])
def test_logit_gradients_match_numerical_ones(p):
    z = np.array([loss_view.logit(p)])
    ones = np.ones((1, 1))
    for loss, key in ((mse, "mse_grad"), (binary_cross_entropy, "cross_entropy_grad")):
        numerical = numerical_gradient(lambda: loss(ones, sigmoid(z).reshape(1, 1)), z)
        assert loss_view.loss_values(p)[key] == pytest.approx(numerical[0], rel=1e-6)


@pytest.mark.parametrize("p", [0.0, 1.0, -0.1])
def test_loss_values_reject_impossible_probabilities(p):
    with pytest.raises(ValueError, match="between 0 and 1"):
        loss_view.loss_values(p)


def test_loss_readout():
    assert loss_view.loss_readout(0.5) == (
        "p = 0.50: MSE 0.2500 (dE/dz -0.2500), cross-entropy 0.6931 (dE/dz -0.5000)"
    )


# --- convolution ---

def test_identity_kernel_keeps_the_image_and_pooling_takes_block_maxima():
    state = conv_view.conv_state(conv_view.PRESETS["identity"], 5)
    image, _ = conv_view.digit_image(5)
    np.testing.assert_allclose(state.feature_map, image[0])
    np.testing.assert_allclose(state.pooled, image[0].reshape(4, 2, 4, 2).max(axis=(1, 3)))


def test_feature_map_is_scipys_cross_correlation():
    kernel = np.random.default_rng(0).normal(size=(3, 3))
    state = conv_view.conv_state(kernel, 11)
    np.testing.assert_allclose(state.feature_map,
                               correlate2d(state.image, kernel, mode="same"), atol=1e-12)


def test_blur_averages_the_neighbourhood():
    state = conv_view.conv_state(conv_view.PRESETS["blur"], 0)
    padded = np.pad(state.image, 1)
    assert state.feature_map[3, 4] == pytest.approx(padded[3:6, 4:7].mean())


def test_colour_scale_is_symmetric_and_rounded_up():
    assert conv_view.colour_limit(np.array([[0.3, -1.2], [0.0, 1.0]])) == 1.5
    assert conv_view.colour_limit(np.array([[2.0]])) == 2.0
    assert conv_view.colour_limit(np.zeros((8, 8))) == 0.5


def test_conv_rejects_bad_kernels_and_indices():
    with pytest.raises(ValueError, match=r"shape \(3, 3\)"):
        conv_view.conv_state(np.ones((2, 2)))
    with pytest.raises(ValueError, match="image index"):
        conv_view.conv_state(conv_view.PRESETS["blur"], conv_view.n_images())


def test_conv_readout():
    state = conv_view.conv_state(conv_view.PRESETS["identity"], 0)
    assert conv_view.conv_readout(state) == (
        f"digit {state.label}: feature map from 0.00 to {state.image.max():.2f}, "
        f"after 2x2 max-pooling from {state.pooled.min():.2f} to {state.image.max():.2f}"
    )


# --- training ---

@pytest.fixture(scope="module")
def frames():
    return list(training_view.train_frames(learning_rate=1.0, hidden_size=16, epochs=400))


def test_frames_cover_the_run(frames):
    assert [f.epoch for f in frames] == list(range(0, 401, 20))
    for frame in frames:
        assert frame.history.shape == (frame.epoch,)
        assert frame.regions.shape == (training_view.GRID, training_view.GRID)
    assert frames[-1].loss < frames[0].loss
    assert frames[-1].accuracy > 0.6 > frames[0].accuracy


def test_frames_are_deterministic(frames):
    again = list(training_view.train_frames(learning_rate=1.0, hidden_size=16, epochs=400))
    assert [f.loss for f in again] == [f.loss for f in frames]
    np.testing.assert_array_equal(again[-1].regions, frames[-1].regions)


def test_regions_are_the_predicted_classes():
    net = training_view.build_network(8)
    frame = next(training_view.train_frames(hidden_size=8))
    corner = np.array([[training_view.LIMITS[0], training_view.LIMITS[1]]])
    assert frame.regions[-1, 0] == net.predict(corner).argmax()


def test_short_runs_give_one_frame_per_epoch():
    epochs = [f.epoch for f in training_view.train_frames(epochs=5, n_frames=20)]
    assert epochs == [0, 1, 2, 3, 4, 5]


def test_training_rejects_bad_settings():
    with pytest.raises(ValueError, match="epochs"):
        next(training_view.train_frames(epochs=0))
    with pytest.raises(ValueError, match="hidden_size"):
        training_view.build_network(0)


# --- figures for the book, and the widgets' fast redraw ---

def pixels(png):
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGBA"))


@pytest.mark.parametrize("plot, states", [
    (perceptron_view.PerceptronPlot,
     [perceptron_view.perceptron_state(*args)
      for args in [("and", 0.6, 0.4, -0.2), ("xor", 1, 1, -0.5), ("or", 0, 0, 1)]]),
    (mlp_view.MLPPlot, [mlp_view.mlp_state(mlp_view.start_params()),
                        mlp_view.mlp_state(mlp_view.trained_params())]),
    (loss_view.LossPlot, [0.1, 0.5, 0.95]),
    (conv_view.ConvPlot, [conv_view.conv_state(conv_view.PRESETS[name])
                          for name in ("identity", "blur", "sharpen")]),
    (training_view.TrainingPlot, list(training_view.train_frames(epochs=40, n_frames=2))),
])
def test_redrawing_only_what_moves_gives_the_whole_drawing(plot, states):
    plot = plot()
    for state in states:
        plot.show(state)
        fast, whole = pixels(plot.png()), pixels(png_bytes(plot.figure))
        # A pixel or two may differ where a tick mark meets an image.
        assert np.mean(np.any(fast != whole, axis=-1)) <= 1e-4


@pytest.mark.parametrize("make", [
    perceptron_view.perceptron_figure, mlp_view.mlp_figure, loss_view.loss_figure,
    conv_view.conv_figure,
])
def test_figures_render_the_same_bytes_every_time(make):
    first = png_bytes(make())
    assert first.startswith(b"\x89PNG")
    assert png_bytes(make()) == first
