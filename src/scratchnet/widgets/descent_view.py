"""What the descent widget shows: gradient descent on the loss surface of a linear neuron.

The data are chapter 2's points (`scratchnet.neuron.noisy_line` with its
default seed). The left panel draws the contours of the mean squared error
over (w, b) and the path of gradient descent on them; the right panel the
loss after each step. Whether the path converges depends on the learning
rate against the bound ``2 / lambda_max`` of `scratchnet.neuron.learning_rate_bound`.
"""
from dataclasses import dataclass

import numpy as np

from ..neuron import fit_linear, learning_rate_bound, linear_loss, noisy_line
from .render import LiveFigure, moving_title, new_figure

W_LIMITS = (-3.0, 5.0)
B_LIMITS = (-4.0, 5.0)
GRID = 121
LOSS_LIMITS = (0.1, 1e4)
MAX_STEPS = 100
START = {"learning_rate": 0.14, "w": -1.5, "b": 3.0, "steps": 30}
PATH_COLOR = "#d95f02"


def descent_data():
    """The chapter's points: x, y of shape (30,)."""
    return noisy_line()


@dataclass(frozen=True)
class DescentState:
    """Everything the descent figure shows.

    Attributes
    ----------
    learning_rate : float
    bound : float
        The largest stable learning rate, ``2 / lambda_max``.
    path : ndarray of shape (steps + 1, 2)
        (w, b) after each step, the start first.
    losses : ndarray of shape (steps + 1,)
        The loss at each point of the path.
    best : ndarray of shape (2,)
        The (w, b) of least loss (least squares).
    best_loss : float
    """

    learning_rate: float
    bound: float
    path: np.ndarray
    losses: np.ndarray
    best: np.ndarray
    best_loss: float


def least_squares(x, y):
    """The (w, b) of least mean squared error, ndarray of shape (2,)."""
    design = np.column_stack([x, np.ones_like(x)])
    return np.linalg.lstsq(design, y, rcond=None)[0]


def descent_state(learning_rate=START["learning_rate"], w=START["w"], b=START["b"],
                  steps=START["steps"]):
    """Run gradient descent from ``(w, b)`` for ``steps`` steps; return a `DescentState`."""
    if learning_rate <= 0:
        raise ValueError(f"learning_rate must be positive, got {learning_rate}")
    if not 0 <= steps <= MAX_STEPS:
        raise ValueError(f"steps must lie in 0..{MAX_STEPS}, got {steps}")
    x, y = descent_data()
    path = fit_linear(x, y, (w, b), learning_rate, int(steps))
    best = least_squares(x, y)
    return DescentState(
        learning_rate=float(learning_rate),
        bound=learning_rate_bound(x),
        path=path,
        losses=linear_loss(path[:, 0], path[:, 1], x, y),
        best=best,
        best_loss=float(linear_loss(*best, x, y)),
    )


def verdict(state):
    """Below or above the bound, in words."""
    ratio = state.learning_rate / state.bound
    if ratio >= 1:
        return "above the bound: diverges"
    if ratio > 0.5:
        return "below the bound: overshoots and zigzags in, converging"
    return "below the bound: converges"


def descent_readout(state):
    """The last point, its loss and the learning rate against the bound, as one line."""
    w, b = state.path[-1]
    steps = len(state.path) - 1
    return (
        f"learning rate {state.learning_rate:.3f}, bound 2/lambda_max = {state.bound:.3f} "
        f"({verdict(state)}); after {steps} steps w = {w:.3g}, b = {b:.3g}, "
        f"loss {state.losses[-1]:.4g} (least {state.best_loss:.4f})"
    )


class DescentPlot:
    """Loss contours over (w, b) with the descent path, and the loss per step."""

    def __init__(self):
        self.figure, (surface, curve) = new_figure(7.6, 3.4, ncols=2)
        x, y = descent_data()
        w_grid, b_grid = np.meshgrid(np.linspace(*W_LIMITS, GRID), np.linspace(*B_LIMITS, GRID))
        losses = linear_loss(w_grid, b_grid, x, y)
        surface.contourf(w_grid, b_grid, np.log10(losses), levels=20, cmap="Blues_r")
        surface.contour(w_grid, b_grid, losses, levels=np.geomspace(0.4, 200, 10),
                        colors="white", linewidths=0.6)
        best = least_squares(x, y)
        surface.plot(*best, marker="*", markersize=12, color="gold", markeredgecolor="black",
                     linestyle="")
        (self.path,) = surface.plot([], [], "-o", color=PATH_COLOR, markersize=3, linewidth=1.2)
        (self.start,) = surface.plot([], [], "o", color="white", markeredgecolor="black",
                                     markersize=7)
        surface.set(xlim=W_LIMITS, ylim=B_LIMITS, xlabel="weight w", ylabel="bias b")
        # The least loss first, so that the moving curve is drawn over it in every render.
        curve.axhline(float(linear_loss(*best, x, y)), color="gray", linestyle="--",
                      linewidth=1)
        (self.losses,) = curve.plot([], [], "-", color=PATH_COLOR)
        curve.set(xlim=(0, MAX_STEPS), ylim=LOSS_LIMITS, yscale="log", xlabel="step",
                  ylabel="mean squared error")
        for ax in (surface, curve):
            ax.xaxis.label.set_size(8)
            ax.yaxis.label.set_size(8)
            ax.tick_params(labelsize=7)
        self.title = moving_title(surface, fontsize=9)
        self.curve_title = moving_title(curve, fontsize=9)
        self.figure.subplots_adjust(left=0.08, right=0.98, top=0.88, bottom=0.15, wspace=0.3)
        self.live = LiveFigure(self.figure, [self.path, self.start, self.losses, self.title,
                                             self.curve_title])

    def show(self, state):
        """Draw ``state`` (a `DescentState`)."""
        self.path.set_data(state.path[:, 0], state.path[:, 1])
        self.start.set_data(state.path[:1, 0], state.path[:1, 1])
        self.losses.set_data(np.arange(len(state.losses)), state.losses)
        self.title.set_text(f"learning rate {state.learning_rate:.3f} "
                            f"(bound {state.bound:.3f})")
        self.curve_title.set_text(f"loss after {len(state.losses) - 1} steps: "
                                  f"{state.losses[-1]:.3g}")

    def png(self):
        """The figure as it is now, as PNG bytes (see `LiveFigure`)."""
        return self.live.png()


def descent_figure(learning_rate=START["learning_rate"], w=START["w"], b=START["b"],
                   steps=START["steps"]):
    """The descent widget's figure for these settings (its first view by default).

    Returns
    -------
    matplotlib.figure.Figure
    """
    plot = DescentPlot()
    plot.show(descent_state(learning_rate, w, b, steps))
    return plot.figure
