"""The loss widget's NumPy reference (the *_view module), checked by hand and against the package."""
import numpy as np
import pytest

from scratchnet.activations import sigmoid
from scratchnet.gradcheck import numerical_gradient
from scratchnet.losses import binary_cross_entropy, mse
from scratchnet.widgets import loss_view


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


def test_curves_are_loss_values_across_the_range():
    curves = loss_view.loss_curves(5)
    np.testing.assert_allclose(curves.p, [0.01, 0.255, 0.5, 0.745, 0.99])
    assert curves.values["mse"][2] == loss_view.loss_values(0.5)["mse"]
    # Cross-entropy's push on the logit is p - 1; MSE's is 2 (p - 1) p (1 - p).
    p = curves.p
    np.testing.assert_allclose(curves.values["cross_entropy_grad"], p - 1, rtol=1e-12)
    np.testing.assert_allclose(curves.values["mse_grad"], 2 * (p - 1) * p * (1 - p), rtol=1e-12)


def test_loss_readout():
    assert loss_view.loss_readout(0.5) == (
        "p = 0.50: MSE 0.2500 (dE/dz -0.2500), cross-entropy 0.6931 (dE/dz -0.5000)"
    )


def test_readout_rounds_a_tie_away_from_zero_as_the_browser_does():
    # At p = 0.25, MSE's dE/dz is 2 (0.25 - 1) 0.25 (1 - 0.25) = -0.28125 exactly.
    assert loss_view.loss_values(0.25)["mse_grad"] == -0.28125
    assert "(dE/dz -0.2813)" in loss_view.loss_readout(0.25)
    assert loss_view.fixed(-0.00001, 4) == "-0.0000" and loss_view.fixed(2.5, 0) == "3"
