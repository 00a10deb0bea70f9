"""The saturation widget's NumPy reference (the *_view module), checked by hand and against the package."""
import numpy as np
import pytest

from scratchnet.activations import tanh_prime
from scratchnet.widgets.saturation_view import (
    N_EXAMPLES, N_IN, N_UNITS, THRESHOLD, percent, pre_activations, saturated_intervals,
    saturation_readout, saturation_state, standard_normals, standard_product,
)


def test_draws_are_standard_normal_and_the_product_is_a_matmul():
    draws = standard_normals(0, 45_000)
    assert abs(draws.mean()) < 0.02 and draws.std() == pytest.approx(1.0, abs=0.02)
    x0 = draws[:N_EXAMPLES * N_IN].reshape(N_EXAMPLES, N_IN)
    w0 = draws[N_EXAMPLES * N_IN:].reshape(N_IN, N_UNITS)
    np.testing.assert_allclose(standard_product(0), x0 @ w0, rtol=1e-12, atol=1e-12)
    assert not np.array_equal(standard_product(1), standard_product(0))


def test_pre_activation_spread_is_input_times_weight_times_root_fan_in():
    z = pre_activations(0.1, 2.0)
    assert np.std(z) == pytest.approx(2.0 * 0.1 * np.sqrt(N_IN), rel=0.05)
    assert np.array_equal(pre_activations(0.1, 2.0), z)  # the same draw every time


@pytest.mark.parametrize("weight_std, input_scale", [(0.0, 1.0), (0.1, -1.0)])
def test_scales_must_be_positive(weight_std, input_scale):
    with pytest.raises(ValueError, match="positive"):
        pre_activations(weight_std, input_scale)


def test_count_is_the_slopes_below_the_threshold():
    for activation, f_prime in (("tanh", lambda z: 1 - np.tanh(z) ** 2),
                                ("relu", lambda z: (z > 0).astype(float))):
        state = saturation_state(activation, 0.3, 1.0)
        z = pre_activations(0.3, 1.0)
        assert state.count == np.sum(f_prime(z) < THRESHOLD)
        assert state.fraction == state.count / state.total == np.mean(f_prime(z) < THRESHOLD)
        assert state.counts.sum() == state.total == z.size


def test_histogram_puts_the_far_values_in_the_end_bins():
    state = saturation_state("tanh", 1.0, 20.0)  # z has std about 200
    z = pre_activations(1.0, 20.0)
    assert state.counts[0] >= np.sum(z <= -8) and state.counts[-1] >= np.sum(z >= 8)
    assert state.counts.sum() == z.size
    assert state.edges[0] == -8 and state.edges[-1] == 8


def test_small_weights_do_not_saturate_and_large_ones_do():
    assert saturation_state("tanh", 0.01, 1.0).count == 0
    assert saturation_state("sigmoid", 1.0, 1.0).fraction > 0.6
    # Scaling the inputs up does what scaling the weights up does.
    assert saturation_state("tanh", 0.1, 10.0).count == saturation_state("tanh", 1.0).count
    # Half of a ReLU's inputs are negative, whatever the scale.
    assert saturation_state("relu", 0.01, 1.0).fraction == pytest.approx(0.5, abs=0.02)


def test_saturated_intervals_are_the_tails():
    grid = np.linspace(-8, 8, 1601)
    (left, right) = saturated_intervals("tanh", grid)
    assert left[0] == -8 and right[1] == 8
    assert left[1] == pytest.approx(-right[0]) and 2.9 < right[0] <= 3.0
    assert tanh_prime(right[0]) < THRESHOLD <= tanh_prime(right[0] - 0.01)
    assert saturated_intervals("relu", grid) == [(-8, 0)]


def test_unknown_activation_is_refused():
    with pytest.raises(ValueError, match="activation"):
        saturation_state("softplus", 0.1)


@pytest.mark.parametrize("count, total, text", [
    (0, 20_000, "0.0%"), (50, 20_000, "0.3%"), (150, 20_000, "0.8%"), (6456, 20_000, "32.3%"),
    (1, 3, "33.3%"), (2, 3, "66.7%"), (20_000, 20_000, "100.0%"),
])
def test_percent_rounds_halves_up(count, total, text):
    assert percent(count, total) == text


def test_readout():
    state = saturation_state("sigmoid", 0.3, 1.0)
    assert saturation_readout(state) == (
        f"sigmoid, weight std 0.3, input scale 1: z has std {state.z_std:.3g}; "
        f"{state.count} of 20000 pre-activations ({percent(state.count, 20000)}) have "
        "slope f'(z) < 0.01")
