"""The saturation widget: its pure view (numbers, figure) and its ipywidgets shell."""

import numpy as np
import pytest

from scratchnet.widgets import saturation_figure, saturation_widget
from scratchnet.widgets.saturation_view import (
    N_IN,
    THRESHOLD,
    pre_activations,
    saturated_intervals,
    saturation_readout,
    saturation_state,
)
from widget_boxes import assert_shows, control, readout_text


def test_pre_activation_spread_is_input_times_weight_times_root_fan_in():
    z = pre_activations(0.1, 2.0)
    assert np.std(z) == pytest.approx(2.0 * 0.1 * np.sqrt(N_IN), rel=0.05)
    assert np.array_equal(pre_activations(0.1, 2.0), z)  # the same draw every time


@pytest.mark.parametrize("weight_std, input_scale", [(0.0, 1.0), (0.1, -1.0)])
def test_scales_must_be_positive(weight_std, input_scale):
    with pytest.raises(ValueError, match="positive"):
        pre_activations(weight_std, input_scale)


def test_fraction_counts_slopes_below_the_threshold():
    for activation, f_prime in (("tanh", lambda z: 1 - np.tanh(z) ** 2),
                                ("relu", lambda z: (z > 0).astype(float))):
        state = saturation_state(activation, 0.3, 1.0)
        z = pre_activations(0.3, 1.0)
        assert state.fraction == np.mean(f_prime(z) < THRESHOLD)
        assert state.counts.sum() == z.size


def test_small_weights_do_not_saturate_and_large_ones_do():
    assert saturation_state("tanh", 0.01, 1.0).fraction == 0.0
    assert saturation_state("sigmoid", 1.0, 1.0).fraction > 0.6
    # Scaling the inputs up does what scaling the weights up does.
    scaled_inputs, scaled_weights = saturation_state("tanh", 0.1, 10.0), saturation_state("tanh", 1.0)
    assert scaled_inputs.fraction == scaled_weights.fraction
    # Half of a ReLU's inputs are negative, whatever the scale.
    assert saturation_state("relu", 0.01, 1.0).fraction == pytest.approx(0.5, abs=0.02)


def test_saturated_intervals_are_the_tails():
    grid = np.linspace(-8, 8, 1601)
    (left, right) = saturated_intervals("tanh", grid)
    assert left[0] == -8 and right[1] == 8
    assert left[1] == pytest.approx(-right[0]) and 2.9 < right[0] <= 3.0
    assert saturated_intervals("relu", grid) == [(-8, 0)]


def test_unknown_activation_is_refused():
    with pytest.raises(ValueError, match="activation"):
        saturation_state("softplus", 0.1)


def test_readout():
    state = saturation_state("sigmoid", 0.3, 1.0)
    assert saturation_readout(state) == (
        f"sigmoid, weight std 0.3, input scale 1: pre-activations have std "
        f"{state.z_std:.3g}; {state.fraction:.1%} of them get a slope f'(z) < 0.01")


def test_widget_opens_on_the_books_figure():
    assert_shows(saturation_widget(), saturation_figure())


def test_controls_redraw_picture_and_readout():
    box = saturation_widget()
    control(box, "activation").value = "relu"
    control(box, "weight std").value = 0.1
    control(box, "input scale").value = 2.0
    assert readout_text(box) == saturation_readout(saturation_state("relu", 0.1, 2.0))
    assert_shows(box, saturation_figure("relu", 0.1, 2.0))


def test_plot_draws_the_histogram_and_the_activation():
    from scratchnet.widgets.saturation_view import SaturationPlot

    plot = SaturationPlot()
    state = saturation_state("sigmoid", 0.3, 1.0)
    plot.show(state)
    heights = plot.histogram.get_ydata()
    assert heights.max() == 1.0
    np.testing.assert_allclose(heights * state.counts.max(), state.counts)
    z, f = plot.f_line.get_data()
    np.testing.assert_allclose(f, 1 / (1 + np.exp(-z)))
    shaded = [(s.get_x(), s.get_x() + s.get_width()) for s in plot.shades[:2]]
    assert shaded == saturated_intervals("sigmoid", z)
