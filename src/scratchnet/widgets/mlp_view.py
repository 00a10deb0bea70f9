"""What the sigmoid-MLP widget shows: a 2-2-1 network of the walkthrough on XOR."""
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.lines import Line2D

from .. import mlp
from ..activations import sigmoid
from ..datasets import logic_gate
from .perceptron_view import decision_line
from .render import CLASS_COLORS, LiveFigure, new_figure

SHAPES = {"wh": (2, 2), "bh": (1, 2), "wout": (2, 1), "bout": (1, 1)}
LIMITS = (-0.5, 1.5)
HIDDEN_LIMITS = (-0.05, 1.05)
GRID = 61
# Output 0 is orange (class 0), 1 is blue (class 1), 0.5 is white.
OUTPUT_CMAP = LinearSegmentedColormap.from_list("output", ["#f4a582", "white", "#92c5de"])
# Seed 0 trains to a solution of XOR (some seeds get stuck in a local minimum),
# and 2000 epochs at this rate keep every weight inside the sliders' range.
SEED = 0
TRAIN_EPOCHS = 2000
TRAIN_LR = 1.0


def parameter_names():
    """One name per scalar parameter, e.g. ``"wh[0,1]"``, in a fixed order."""
    return [
        f"{name}[{i},{j}]"
        for name, shape in SHAPES.items()
        for i in range(shape[0])
        for j in range(shape[1])
    ]


def flatten(params):
    """The parameter dict as ``{"wh[0,0]": float, ...}``."""
    return {
        f"{name}[{i},{j}]": float(params[name][i, j])
        for name, shape in SHAPES.items()
        for i in range(shape[0])
        for j in range(shape[1])
    }


def unflatten(values):
    """Inverse of `flatten`: ``{"wh[0,0]": float, ...}`` to the parameter dict."""
    missing = set(parameter_names()) - set(values)
    if missing:
        raise ValueError(f"missing parameters: {sorted(missing)}")
    return {
        name: np.array([[values[f"{name}[{i},{j}]"] for j in range(shape[1])]
                        for i in range(shape[0])])
        for name, shape in SHAPES.items()
    }


def start_params():
    """The widget's first view: hidden units that compute OR and AND, output OR.

    The hidden boundaries are already where XOR needs them, but the output
    adds the two units up, so (1, 1) comes out wrong: a learner can fix it
    with one output weight, or with gradient steps (which from here reach
    XOR, where more saturated starts stall in a local minimum).
    """
    return {
        "wh": np.array([[4.0, 4.0], [4.0, 4.0]]),
        "bh": np.array([[-2.0, -6.0]]),
        "wout": np.array([[3.0], [3.0]]),
        "bout": np.array([[-1.5]]),
    }


@lru_cache(maxsize=1)
def _trained():
    X, y = logic_gate("xor")
    start = mlp.init_params(2, 2, 1, np.random.default_rng(SEED))
    params, _ = mlp.train(X, y, start, TRAIN_EPOCHS, TRAIN_LR)
    return flatten(params)


def trained_params():
    """Weights that solve XOR, trained by `mlp.train` from the walkthrough's random start.

    Computed on the first call (a fraction of a second), then remembered.
    """
    return unflatten(_trained())


def gradient_step(params, learning_rate):
    """One `mlp.iteration` on XOR; returns the updated parameter dict."""
    X, y = logic_gate("xor")
    steps = mlp.iteration(X, y, params, learning_rate)
    return {name: steps[name] for name in SHAPES}


@dataclass(frozen=True)
class MLPState:
    """Everything the MLP figure shows.

    Attributes
    ----------
    params : dict
        ``wh`` (2, 2), ``bh`` (1, 2), ``wout`` (2, 1), ``bout`` (1, 1).
    X : ndarray of shape (4, 2)
    y : ndarray of int, shape (4,)
    hidden : ndarray of shape (4, 2)
        The hidden activations of the four inputs.
    output : ndarray of shape (4,)
    loss : float
        The walkthrough's squared error ``0.5 * sum(E**2)``.
    surface : ndarray of shape (GRID, GRID)
        The output over the input square `LIMITS` (row i is x2 = grid[i]).
    hidden_surface : ndarray of shape (GRID, GRID)
        The output as a function of the hidden activations over `HIDDEN_LIMITS`.
    hidden_lines : list of two (x1, x2) pairs
        Where each hidden unit's activation is 0.5, in the input plane.
    output_line : (h1, h2) pair
        Where the output is 0.5, in the hidden plane.
    """

    params: dict
    X: np.ndarray
    y: np.ndarray
    hidden: np.ndarray
    output: np.ndarray
    loss: float
    surface: np.ndarray
    hidden_surface: np.ndarray
    hidden_lines: list
    output_line: tuple


def _grid(limits):
    axis = np.linspace(*limits, GRID)
    g1, g2 = np.meshgrid(axis, axis)
    return np.column_stack([g1.ravel(), g2.ravel()])


def mlp_state(params):
    """Run the network on XOR and on grids over the input and hidden planes.

    Returns
    -------
    MLPState
    """
    X, y = logic_gate("xor")
    hidden, output = mlp.forward(X, params)
    _, surface = mlp.forward(_grid(LIMITS), params)
    hidden_surface = sigmoid(_grid(HIDDEN_LIMITS) @ params["wout"] + params["bout"])
    wh, bh, wout, bout = (params[name] for name in SHAPES)
    return MLPState(
        params=params,
        X=X,
        y=y.ravel().astype(int),
        hidden=hidden,
        output=output.ravel(),
        loss=0.5 * float(np.sum((y - output) ** 2)),
        surface=surface.reshape(GRID, GRID),
        hidden_surface=hidden_surface.reshape(GRID, GRID),
        hidden_lines=[decision_line(wh[0, j], wh[1, j], bh[0, j], LIMITS) for j in range(2)],
        output_line=decision_line(wout[0, 0], wout[1, 0], bout[0, 0], HIDDEN_LIMITS),
    )


def mlp_readout(state):
    """The loss and the four outputs, as one line of text."""
    outputs = ", ".join(f"{o:.2f}" for o in state.output)
    return f"loss 0.5 sum(E^2) = {state.loss:.4f}, outputs for (0,0) (0,1) (1,0) (1,1): {outputs}"


class MLPPlot:
    """The input plane (output surface, hidden boundaries) and the hidden plane."""

    def __init__(self):
        self.figure, (inputs, hiddens) = new_figure(6.2, 3.5, ncols=2)
        blank = np.zeros((GRID, GRID))
        style = {"origin": "lower", "cmap": OUTPUT_CMAP, "vmin": 0, "vmax": 1}
        self.surface = inputs.imshow(blank, extent=(*LIMITS, *LIMITS), **style)
        self.hidden_surface = hiddens.imshow(blank, extent=(*HIDDEN_LIMITS, *HIDDEN_LIMITS),
                                             **style)
        self.hidden_lines = [
            inputs.plot([], [], color="black", linestyle=dash, linewidth=1.5)[0]
            for dash in ("--", ":")
        ]
        (self.output_line,) = hiddens.plot([], [], color="black", linewidth=1.5)
        self.points = []
        for ax in (inputs, hiddens):
            self.points.append([
                ax.scatter([], [], s=80, color=color, marker=marker, edgecolors="black", zorder=3)
                for color, marker in zip(CLASS_COLORS, "os")
            ])
        inputs.set(xlim=LIMITS, ylim=LIMITS, xticks=[0, 1], yticks=[0, 1], aspect="equal",
                   xlabel="$x_1$", ylabel="$x_2$")
        inputs.set_title("inputs: output, hidden boundaries", fontsize=9)
        hiddens.set(xlim=HIDDEN_LIMITS, ylim=HIDDEN_LIMITS, xticks=[0, 1], yticks=[0, 1],
                    aspect="equal", xlabel="$h_1$", ylabel="$h_2$")
        hiddens.set_title("hidden activations: output", fontsize=9)
        self.title = self.figure.suptitle("", fontsize=10)
        handles = [
            Line2D([], [], color="black", linestyle="--", label="$h_1 = 0.5$"),
            Line2D([], [], color="black", linestyle=":", label="$h_2 = 0.5$"),
            Line2D([], [], color="black", label="output = 0.5"),
        ]
        self.figure.legend(handles=handles, loc="lower center", ncol=3, fontsize=8,
                           frameon=False)
        self.figure.subplots_adjust(left=0.08, right=0.98, top=0.86, bottom=0.2, wspace=0.3)
        self.live = LiveFigure(self.figure, [
            self.surface, self.hidden_surface, *self.hidden_lines, self.output_line,
            *self.points[0], *self.points[1], self.title,
        ])

    def show(self, state):
        """Draw ``state`` (an `MLPState`)."""
        self.surface.set_data(state.surface)
        self.hidden_surface.set_data(state.hidden_surface)
        for line, ends in zip(self.hidden_lines, state.hidden_lines):
            line.set_data(*ends)
        self.output_line.set_data(*state.output_line)
        for label in (0, 1):
            self.points[0][label].set_offsets(state.X[state.y == label])
            self.points[1][label].set_offsets(state.hidden[state.y == label])
        self.title.set_text(f"XOR, loss 0.5 sum(E²) = {state.loss:.4f}")

    def png(self):
        """The figure as it is now, as PNG bytes (see `LiveFigure`)."""
        return self.live.png()


def mlp_figure(params=None):
    """The MLP widget's figure for ``params`` (default: its first view, `start_params`).

    Returns
    -------
    matplotlib.figure.Figure
    """
    plot = MLPPlot()
    plot.show(mlp_state(start_params() if params is None else params))
    return plot.figure
