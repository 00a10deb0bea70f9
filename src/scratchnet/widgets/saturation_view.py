"""What the saturation widget shows: an activation's slope where its inputs land.

One dense layer with `N_IN` inputs and `N_UNITS` units gets a batch of
`N_EXAMPLES` standard-normal inputs, multiplied by an input scale, and
weights drawn with a chosen standard deviation. Its pre-activations
``z = x W`` then have a spread of about ``input_scale * weight_std *
sqrt(N_IN)``. The figure shows where they land (top) on the activation and
its derivative (bottom), and counts the units whose slope is below
`THRESHOLD`: there the backward pass lets almost no gradient through.
"""
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from .. import activations
from ..diagnostics import saturated_fraction
from .render import DPI, LiveFigure, moving_title

ACTIVATIONS = {
    "sigmoid": (activations.sigmoid, activations.sigmoid_prime),
    "tanh": (activations.tanh, activations.tanh_prime),
    "relu": (activations.relu, activations.relu_prime),
}
LABELS = {"sigmoid": "sigmoid", "tanh": "tanh", "relu": "ReLU"}
N_IN, N_UNITS, N_EXAMPLES = 100, 50, 400
THRESHOLD = 0.01
Z_LIMIT = 8.0
START = {"activation": "tanh", "weight_std": 0.3, "input_scale": 1.0}
SATURATED_COLOR = "#fdd0a2"


@lru_cache(maxsize=1)
def _standard_product():
    """``x0 @ w0`` for standard-normal draws, fixed once; scales multiply it."""
    rng = np.random.default_rng(0)
    x0 = rng.normal(size=(N_EXAMPLES, N_IN))
    w0 = rng.normal(size=(N_IN, N_UNITS))
    product = x0 @ w0
    product.setflags(write=False)
    return product


def pre_activations(weight_std, input_scale=1.0):
    """The layer's pre-activations for the given scales.

    Parameters
    ----------
    weight_std : float
        Standard deviation of the weights.
    input_scale : float
        Standard deviation of the inputs.

    Returns
    -------
    z : ndarray of shape (N_EXAMPLES, N_UNITS)
    """
    if weight_std <= 0 or input_scale <= 0:
        raise ValueError("weight_std and input_scale must be positive, "
                         f"got {weight_std} and {input_scale}")
    return input_scale * weight_std * _standard_product()


@dataclass(frozen=True)
class SaturationState:
    """Everything the figure and the readout show for one setting."""

    activation: str
    weight_std: float
    input_scale: float
    z_std: float
    fraction: float
    bin_centres: np.ndarray
    counts: np.ndarray


def saturation_state(activation, weight_std, input_scale=1.0, bins=81):
    """Pre-activations, their histogram and the saturated fraction for one setting.

    Parameters
    ----------
    activation : {"sigmoid", "tanh", "relu"}
    weight_std, input_scale : float
    bins : int
        Histogram bins across ``±Z_LIMIT``; values beyond fall in the end bins.

    Returns
    -------
    SaturationState
    """
    if activation not in ACTIVATIONS:
        raise ValueError(f"activation must be one of {sorted(ACTIVATIONS)}, got {activation!r}")
    z = pre_activations(weight_std, input_scale)
    counts, edges = np.histogram(np.clip(z, -Z_LIMIT, Z_LIMIT), bins=bins,
                                 range=(-Z_LIMIT, Z_LIMIT))
    return SaturationState(
        activation=activation, weight_std=weight_std, input_scale=input_scale,
        z_std=float(np.std(z)),
        fraction=saturated_fraction(z, ACTIVATIONS[activation][1], THRESHOLD),
        bin_centres=(edges[:-1] + edges[1:]) / 2, counts=counts,
    )


def saturated_intervals(activation, grid):
    """The stretches of ``grid`` where the activation's slope is below `THRESHOLD`.

    Returns
    -------
    list of (float, float)
        Each interval's ends, in order.
    """
    slow = ACTIVATIONS[activation][1](grid) < THRESHOLD
    intervals, start = [], None
    for i, flag in enumerate(slow):
        if flag and start is None:
            start = grid[i]
        if start is not None and (i == len(grid) - 1 or not slow[i + 1]):
            intervals.append((float(start), float(grid[i])))
            start = None
    return intervals


def saturation_readout(state):
    """The key numbers of ``state`` as one line of text."""
    return (f"{LABELS[state.activation]}, weight std {state.weight_std:.3g}, input scale "
            f"{state.input_scale:.3g}: pre-activations have std {state.z_std:.3g}; "
            f"{state.fraction:.1%} of them get a slope f'(z) < {THRESHOLD}")


class SaturationPlot:
    """Where the pre-activations land (top), the activation and its slope (bottom)."""

    def __init__(self):
        self.figure = Figure(figsize=(6.4, 4.4), dpi=DPI)
        FigureCanvasAgg(self.figure)
        top, bottom = self.figure.subplots(2, 1, sharex=True,
                                           gridspec_kw={"height_ratios": [1, 1.4]})
        self.axes = (top, bottom)
        self.grid = np.linspace(-Z_LIMIT, Z_LIMIT, 801)
        (self.histogram,) = top.plot([], [], drawstyle="steps-mid", color="0.25")
        (self.f_line,) = bottom.plot([], [], color="#2166ac", label="f(z)")
        (self.slope_line,) = bottom.plot([], [], color="#d95f02", label="f'(z)")
        # Two shaded stretches per panel at most (both tails of sigmoid and tanh).
        self.shades = [ax.axvspan(0, 0, color=SATURATED_COLOR, zorder=0, visible=False)
                       for ax in self.axes for _ in range(2)]
        top.set(ylim=(0, 1.1), yticks=[], ylabel="share of z\n(peak = 1)")
        bottom.set(xlim=(-Z_LIMIT, Z_LIMIT), xlabel=f"pre-activation z (beyond ±{Z_LIMIT:g} "
                   "drawn at the edges)")
        # Still artists over the shaded stretches; they must be redrawn with them.
        on_top = [bottom.axhline(0, color="0.8", linewidth=0.8, zorder=0.5),
                  top.text(0.99, 0.95, f"shaded: f'(z) < {THRESHOLD}", transform=top.transAxes,
                           ha="right", va="top", fontsize=8, color="0.3"),
                  bottom.legend(loc="upper left", fontsize=8, frameon=False)]
        for ax in self.axes:
            ax.xaxis.label.set_size(8)
            ax.yaxis.label.set_size(8)
        self.title = moving_title(top)
        self.activation = None
        self.figure.subplots_adjust(left=0.12, right=0.97, top=0.9, bottom=0.12, hspace=0.12)
        self.live = LiveFigure(self.figure, [self.histogram, self.f_line, self.slope_line,
                                             *self.shades, self.title, *on_top])

    def show(self, state):
        """Draw ``state`` (a `SaturationState`)."""
        if state.activation != self.activation:
            self._show_activation(state.activation)
        peak = max(int(state.counts.max()), 1)
        self.histogram.set_data(state.bin_centres, state.counts / peak)
        self.title.set_text(f"z std {state.z_std:.3g}: {state.fraction:.1%} of units "
                            f"have f'(z) < {THRESHOLD}")

    def _show_activation(self, activation):
        f, f_prime = ACTIVATIONS[activation]
        self.f_line.set_data(self.grid, f(self.grid))
        self.slope_line.set_data(self.grid, f_prime(self.grid))
        intervals = saturated_intervals(activation, self.grid)
        for i, ax in enumerate(self.axes):
            for j, shade in enumerate(self.shades[2 * i:2 * i + 2]):
                shade.set_visible(j < len(intervals))
                if j < len(intervals):
                    low, high = intervals[j]
                    shade.set_x(low)
                    shade.set_width(high - low)
        low = -0.1 if activation == "sigmoid" else -1.1
        self.axes[1].set_ylim(low, 1.6 if activation != "relu" else 4.0)
        self.activation = activation
        self.live.invalidate()

    def png(self):
        """The figure as it is now, as PNG bytes (see `LiveFigure`)."""
        return self.live.png()


def saturation_figure(activation=START["activation"], weight_std=START["weight_std"],
                      input_scale=START["input_scale"]):
    """The saturation widget's figure for one setting (its first view by default).

    Returns
    -------
    matplotlib.figure.Figure
    """
    plot = SaturationPlot()
    plot.show(saturation_state(activation, weight_std, input_scale))
    return plot.figure
