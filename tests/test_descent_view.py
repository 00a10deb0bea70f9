"""The descent widget's NumPy reference (the *_view module), by hand and against the package."""
import numpy as np
import pytest

from scratchnet.neuron import learning_rate_bound, linear_loss, noisy_line
from scratchnet.widgets import descent_view


def test_first_step_by_hand():
    x, y = noisy_line()
    state = descent_view.descent_state(learning_rate=0.1, w=1.0, b=0.0, steps=1)
    error = 1.0 * x - y
    expected = [1.0 - 0.1 * 2 * np.mean(error * x), 0.0 - 0.1 * 2 * np.mean(error)]
    np.testing.assert_allclose(state.path[1], expected)
    np.testing.assert_allclose(state.losses, linear_loss(state.path[:, 0], state.path[:, 1], x, y))


def test_bound_and_least_squares():
    x, y = noisy_line()
    state = descent_view.descent_state()
    assert state.bound == learning_rate_bound(x)
    # At the least-squares point both gradients vanish.
    w, b = state.best
    np.testing.assert_allclose([np.mean((w * x + b - y) * x), np.mean(w * x + b - y)], 0,
                               atol=1e-12)
    assert state.losses[-1] >= state.best_loss


@pytest.mark.parametrize("factor, verdict", [(0.3, "converges"), (0.8, "zigzags"),
                                             (1.05, "diverges")])
def test_verdict_follows_the_bound(factor, verdict):
    bound = descent_view.descent_state().bound
    state = descent_view.descent_state(learning_rate=factor * bound, steps=100)
    assert verdict in descent_view.verdict(state)
    assert (state.losses[-1] < state.best_loss + 1e-3) == (factor < 1)


def test_state_rejects_bad_settings():
    with pytest.raises(ValueError, match="learning_rate"):
        descent_view.descent_state(learning_rate=0.0)
    with pytest.raises(ValueError, match="steps"):
        descent_view.descent_state(steps=descent_view.MAX_STEPS + 1)


def test_readout():
    text = descent_view.descent_readout(descent_view.descent_state(steps=0))
    assert text == ("learning rate 0.140, bound 2/lambda_max = 0.291 (below the bound: converges);"
                    " after 0 steps w = -1.5, b = 3, loss 19.97 (least 0.3157)")


def test_a_huge_learning_rate_overflows_quietly_and_the_readout_says_so():
    with np.errstate(all="raise"):  # no warning escapes descent_state
        state = descent_view.descent_state(learning_rate=200.0, steps=100)
    # The loss overflows first (at step 49), then w and b (99), then inf - inf is nan.
    assert np.isinf(state.losses[49]) and np.isinf(state.path[99]).all()
    assert np.isnan(state.path[-1]).all() and np.isnan(state.losses[-1])
    assert descent_view.descent_readout(state).endswith(
        "after 100 steps w = nan, b = nan, loss nan (least 0.3157)")


def test_data_can_be_given():
    x, y = noisy_line()
    given = descent_view.descent_state(0.2, 0.5, -1.0, 20, data=(list(x), list(y)))
    np.testing.assert_array_equal(given.path, descent_view.descent_state(0.2, 0.5, -1.0, 20).path)


def test_loss_surface_is_linear_loss_on_the_maps_grid():
    x, y = noisy_line()
    surface = descent_view.loss_surface(columns=5, rows=4)
    assert surface.shape == (4, 5)
    # Row 1 is the second b of the grid, column 4 the last w.
    b = np.linspace(*descent_view.B_LIMITS, 4)[1]
    assert surface[1, 4] == linear_loss(descent_view.W_LIMITS[1], b, x, y)
    assert surface.min() > descent_view.descent_state().best_loss
