"""What the loss widget shows: MSE against cross-entropy for one prediction.

One output unit ``p = sigmoid(z)`` predicts the probability of the true
class (target 1). Both losses are taken from `scratchnet.losses`; their
gradients with respect to the logit ``z`` follow by the chain rule,
``dE/dz = dE/dp * sigmoid'(z)``. That is the signal that reaches the
weights: for MSE the sigmoid's slope ``p (1 - p)`` shrinks it to nothing
when ``p`` is near 0, the worst case; for cross-entropy it is ``p - 1``.
"""
from dataclasses import dataclass

import numpy as np

from ..activations import sigmoid_prime
from ..losses import binary_cross_entropy, binary_cross_entropy_prime, mse, mse_prime
from .render import LiveFigure, new_figure

P_RANGE = (0.01, 0.99)
START_P = 0.1
MSE_COLOR, CE_COLOR = "#7570b3", "#d95f02"


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


def loss_readout(p):
    """The four numbers at ``p``, as one line of text."""
    v = loss_values(p)
    return (
        f"p = {p:.2f}: MSE {v['mse']:.4f} (dE/dz {v['mse_grad']:.4f}), "
        f"cross-entropy {v['cross_entropy']:.4f} (dE/dz {v['cross_entropy_grad']:.4f})"
    )


class LossPlot:
    """Loss against ``p`` on the left, the size of dE/dz on the right."""

    def __init__(self):
        self.figure, (losses, grads) = new_figure(6.2, 3.0, ncols=2)
        curves = loss_curves()
        self.markers = {}
        for key, color, label in (("mse", MSE_COLOR, "MSE"),
                                  ("cross_entropy", CE_COLOR, "cross-entropy")):
            losses.plot(curves.p, curves.values[key], color=color, label=label)
            grads.plot(curves.p, np.abs(curves.values[key + "_grad"]), color=color, label=label)
            (self.markers[key],) = losses.plot([], [], "o", color=color)
            (self.markers[key + "_grad"],) = grads.plot([], [], "o", color=color)
        # Drop lines from each panel's higher marker to the p axis; a line the full
        # height of the panel would cross the legend.
        self.cursors = [ax.plot([], [], color="gray", linewidth=1)[0] for ax in (losses, grads)]
        losses.set(xlabel="p, predicted probability of the true class", ylabel="loss E",
                   xlim=(0, 1), ylim=(0, 5))
        grads.set(xlabel="p", ylabel="|dE/dz|, the signal to the weights", xlim=(0, 1),
                  ylim=(0, 1.05))
        losses.legend(loc="upper right", fontsize=8, frameon=False)
        for ax in (losses, grads):
            ax.xaxis.label.set_size(8)
            ax.yaxis.label.set_size(8)
        self.title = self.figure.suptitle("", fontsize=10)
        self.figure.subplots_adjust(left=0.09, right=0.98, top=0.88, bottom=0.16, wspace=0.3)
        self.live = LiveFigure(self.figure, [*self.markers.values(), *self.cursors, self.title])

    def show(self, p):
        """Mark the prediction ``p`` on every curve."""
        values = loss_values(p)
        for key, marker in self.markers.items():
            value = values[key]
            marker.set_data([p], [abs(value) if key.endswith("_grad") else value])
        heights = (max(values["mse"], values["cross_entropy"]),
                   max(abs(values["mse_grad"]), abs(values["cross_entropy_grad"])))
        for cursor, height in zip(self.cursors, heights):
            cursor.set_data([p, p], [0, height])
        self.title.set_text(
            f"p = {p:.2f}: |dE/dz| = {abs(values['cross_entropy_grad']):.3f} for "
            f"cross-entropy, {abs(values['mse_grad']):.3f} for MSE"
        )

    def png(self):
        """The figure as it is now, as PNG bytes (see `LiveFigure`)."""
        return self.live.png()


def loss_figure(p=START_P):
    """The loss widget's figure at ``p`` (its first view by default).

    Returns
    -------
    matplotlib.figure.Figure
    """
    plot = LossPlot()
    plot.show(p)
    return plot.figure
