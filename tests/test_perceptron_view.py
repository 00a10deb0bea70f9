"""The perceptron widget's NumPy reference (the *_view module), checked by hand and against the package."""
import numpy as np
import pytest

from scratchnet.widgets import perceptron_view
from scratchnet.widgets.perceptron_widget import WEIGHT_LIMIT


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
            assert max(abs(w1), abs(w2), abs(b)) <= WEIGHT_LIMIT


def test_perceptron_readout():
    state = perceptron_view.perceptron_state("and", 1.0, 1.0, -1.5)
    assert perceptron_view.perceptron_readout(state) == (
        "AND: line 1.00 x1 + 1.00 x2 - 1.50 = 0, accuracy 4/4"
    )
