"""What the loss widget shows: MSE against cross-entropy for one prediction.

One output unit ``p = sigmoid(z)`` predicts the probability of the true
class (target 1). Both losses are taken from `scratchnet.losses`; their
gradients with respect to the logit ``z`` follow by the chain rule,
``dE/dz = dE/dp * sigmoid'(z)``. That is the signal that reaches the
weights: for MSE the sigmoid's slope ``p (1 - p)`` shrinks it to nothing
when ``p`` is near 0, the worst case; for cross-entropy it is ``p - 1``.

The widget computes these in JavaScript (js/loss.maths.js); the tests hold
its results to these functions.
"""
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import numpy as np

from ..activations import sigmoid_prime
from ..losses import binary_cross_entropy, binary_cross_entropy_prime, mse, mse_prime

# The slider's range and step.
P_RANGE = (0.01, 0.99)
P_STEP = 0.01
START_P = 0.1


def logit(p):
    """The logit z with ``sigmoid(z) = p``."""
    return np.log(p / (1 - p))


def loss_values(p):
    """Both losses and their gradients for a prediction ``p`` of a true class.

    Parameters
    ----------
    p : float
        Predicted probability of the true class, in (0, 1).

    Returns
    -------
    dict of str to float
        ``mse``, ``cross_entropy`` (the losses), ``mse_grad``,
        ``cross_entropy_grad`` (their gradients dE/dz at the logit).
    """
    if not 0 < p < 1:
        raise ValueError(f"p must lie strictly between 0 and 1, got {p}")
    y_true, y_pred = np.ones((1, 1)), np.full((1, 1), p)
    slope = float(sigmoid_prime(logit(p)))
    return {
        "mse": mse(y_true, y_pred),
        "cross_entropy": binary_cross_entropy(y_true, y_pred),
        "mse_grad": float(mse_prime(y_true, y_pred)[0, 0]) * slope,
        "cross_entropy_grad": float(binary_cross_entropy_prime(y_true, y_pred)[0, 0]) * slope,
    }


@dataclass(frozen=True)
class LossCurves:
    """The curves over ``P_RANGE``: the ``p`` axis and one array per `loss_values` key."""

    p: np.ndarray
    values: dict


def loss_curves(n=199):
    """`loss_values` at ``n`` evenly spaced ``p`` across `P_RANGE`."""
    p = np.linspace(*P_RANGE, n)
    rows = [loss_values(v) for v in p]
    return LossCurves(p=p, values={key: np.array([r[key] for r in rows]) for key in rows[0]})


def fixed(value, digits):
    """``value`` with ``digits`` decimals, a tie rounded away from zero.

    As JavaScript's ``toFixed`` does, so the widget's text is the same in the
    browser; Python's format rounds a tie to even (-0.28125 gives -0.2812).
    """
    return str(Decimal(value).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP))


def loss_readout(p):
    """The four numbers at ``p``, as one line of text."""
    v = {key: fixed(value, 4) for key, value in loss_values(p).items()}
    return (
        f"p = {fixed(p, 2)}: MSE {v['mse']} (dE/dz {v['mse_grad']}), "
        f"cross-entropy {v['cross_entropy']} (dE/dz {v['cross_entropy_grad']})"
    )
