"""The descent widget's NumPy reference: gradient descent on a linear neuron's loss surface.

The data are chapter 2's points (`scratchnet.neuron.noisy_line` with its
default seed). The widget draws the mean squared error over (w, b) as a
colour field, the path of gradient descent on it, and the loss after each
step; it computes them in JavaScript (js/descent.maths.js), and the tests
hold its results to these. Whether the path converges depends on the
learning rate against the bound ``2 / lambda_max`` of
`scratchnet.neuron.learning_rate_bound`.
"""
from dataclasses import dataclass

import numpy as np

from ..neuron import fit_linear, learning_rate_bound, linear_loss, noisy_line

# The map's extent in w and b (also the ranges of the start's sliders).
W_LIMITS = (-3.0, 5.0)
B_LIMITS = (-4.0, 5.0)
# The loss field's grid: one value per pixel of the widget's 320 x 360 map,
# so that w and b have the same scale (40 pixels per unit).
FIELD_COLUMNS = 320
FIELD_ROWS = 360
MAX_STEPS = 100
# From a tenth of the bound (slow) to a little above it (diverges).
LEARNING_RATE_RANGE = (0.005, 0.35)
START = {"learning_rate": 0.14, "w": -1.5, "b": 3.0, "steps": 30}


def descent_data():
    """The chapter's points: x, y of shape (30,)."""
    return noisy_line()


@dataclass(frozen=True)
class DescentState:
    """Everything the descent widget shows.

    Attributes
    ----------
    learning_rate : float
    bound : float
        The largest stable learning rate, ``2 / lambda_max``.
    path : ndarray of shape (steps + 1, 2)
        (w, b) after each step, the start first (inf or nan once it diverges far enough).
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
                  steps=START["steps"], data=None):
    """Run gradient descent from ``(w, b)`` for ``steps`` steps; return a `DescentState`.

    ``data`` is ``(x, y)``, each of shape (N,); by default the chapter's points.
    A learning rate far above the bound overflows to inf and then nan, as
    floating point does; that is a result to show, not an error.
    """
    if not learning_rate > 0:
        raise ValueError(f"learning_rate must be positive, got {learning_rate}")
    if not 0 <= steps <= MAX_STEPS:
        raise ValueError(f"steps must lie in 0..{MAX_STEPS}, got {steps}")
    x, y = descent_data() if data is None else (np.asarray(data[0]), np.asarray(data[1]))
    with np.errstate(over="ignore", invalid="ignore"):
        path = fit_linear(x, y, (w, b), learning_rate, int(steps))
        losses = linear_loss(path[:, 0], path[:, 1], x, y)
    best = least_squares(x, y)
    return DescentState(
        learning_rate=float(learning_rate),
        bound=learning_rate_bound(x),
        path=path,
        losses=losses,
        best=best,
        best_loss=float(linear_loss(*best, x, y)),
    )


def loss_surface(data=None, columns=FIELD_COLUMNS, rows=FIELD_ROWS):
    """The loss over the map: ndarray of shape (rows, columns), row i at b = b_grid[i].

    The grids are ``np.linspace(*W_LIMITS, columns)`` and ``np.linspace(*B_LIMITS, rows)``.
    """
    x, y = descent_data() if data is None else data
    w_grid, b_grid = np.meshgrid(np.linspace(*W_LIMITS, columns), np.linspace(*B_LIMITS, rows))
    return linear_loss(w_grid, b_grid, x, y)


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
