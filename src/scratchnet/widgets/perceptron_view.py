"""What the perceptron widget shows: the line, the classes, the mistakes."""
from dataclasses import dataclass

import numpy as np

from matplotlib.lines import Line2D

from ..datasets import logic_gate
from ..perceptron import Perceptron
from .render import CLASS_COLORS, REGION_CMAP, LiveFigure, moving_title, new_figure

# The plotted square around the four inputs of a logic gate.
LIMITS = (-0.5, 1.5)
GRID = 81

# The widget's starting point: a line that gets two of AND's four points
# right, so there is something to fix by hand or by the rule.
START = {"gate": "and", "w1": 0.6, "w2": 0.4, "b": -0.2}


@dataclass(frozen=True)
class PerceptronState:
    """Everything the perceptron figure shows.

    Attributes
    ----------
    gate : str
        "and", "or" or "xor".
    w1, w2, b : float
        The weights and the bias.
    X : ndarray of shape (4, 2)
        The gate's inputs.
    y : ndarray of int, shape (4,)
        The gate's outputs (the classes).
    predictions : ndarray of int, shape (4,)
    misclassified : ndarray of bool, shape (4,)
    accuracy : float
        Fraction of the four points classified right.
    line : tuple of two ndarrays of shape (2,) or (0,)
        x1 and x2 at the two ends of the decision line; empty when w = 0.
    regions : ndarray of int, shape (GRID, GRID)
        The class predicted on a grid over `LIMITS` (row i is x2 = grid[i]).
    """

    gate: str
    w1: float
    w2: float
    b: float
    X: np.ndarray
    y: np.ndarray
    predictions: np.ndarray
    misclassified: np.ndarray
    accuracy: float
    line: tuple
    regions: np.ndarray


def make_perceptron(w1, w2, b, learning_rate=1.0):
    """A `Perceptron` with two inputs and the given weights and bias."""
    unit = Perceptron(2, learning_rate=learning_rate)
    unit.w[:] = (w1, w2)
    unit.b = float(b)
    return unit


def decision_line(w1, w2, b, limits=LIMITS):
    """The two ends of the line ``w1 x1 + w2 x2 + b = 0`` across the plot.

    Solves for whichever coordinate the line is steeper in, so vertical
    and horizontal lines both work.

    Returns
    -------
    x1, x2 : ndarray of shape (2,), or of shape (0,) when w1 = w2 = 0
        (then the output is the same everywhere and there is no line).
    """
    low, high = limits
    if w1 == 0 and w2 == 0:
        return np.empty(0), np.empty(0)
    if abs(w2) >= abs(w1):
        x1 = np.array([low, high])
        return x1, -(w1 * x1 + b) / w2
    x2 = np.array([low, high])
    return -(w2 * x2 + b) / w1, x2


def perceptron_state(gate, w1, w2, b):
    """Classify the gate's four inputs with ``step(w . x + b)``.

    Returns
    -------
    PerceptronState
    """
    X, y = logic_gate(gate)
    y = y.ravel().astype(int)
    unit = make_perceptron(w1, w2, b)
    predictions = unit.predict(X)
    grid = np.linspace(*LIMITS, GRID)
    g1, g2 = np.meshgrid(grid, grid)
    regions = unit.predict(np.column_stack([g1.ravel(), g2.ravel()]))
    return PerceptronState(
        gate=gate.lower(),
        w1=float(w1),
        w2=float(w2),
        b=float(b),
        X=X,
        y=y,
        predictions=predictions,
        misclassified=predictions != y,
        accuracy=float(np.mean(predictions == y)),
        line=decision_line(w1, w2, b),
        regions=regions.reshape(GRID, GRID),
    )


def rule_step(gate, w1, w2, b, index, learning_rate=1.0):
    """Apply the perceptron rule once, to example ``index`` of the gate.

    Returns
    -------
    w1, w2, b : float
        The weights and bias after the update.
    changed : bool
        False when the example was already classified right.
    """
    X, y = logic_gate(gate)
    unit = make_perceptron(w1, w2, b, learning_rate)
    changed = unit.update(X[index], y[index])
    return float(unit.w[0]), float(unit.w[1]), float(unit.b), bool(changed)


def perceptron_readout(state):
    """The line's equation and the accuracy, as one line of text."""
    right = int(round(state.accuracy * len(state.y)))
    return (
        f"{state.gate.upper()}: line {state.w1:.2f} x1 {_signed(state.w2)} x2 {_signed(state.b)}"
        f" = 0, accuracy {right}/{len(state.y)}"
    )


def _signed(value):
    """``+ 0.40`` or ``- 0.20``, to write a sum of terms."""
    return f"{'-' if value < 0 else '+'} {abs(value):.2f}"


class PerceptronPlot:
    """The gate's points, the decision line and the predicted regions.

    Created once; `show` moves the existing artists to a new state.
    """

    def __init__(self):
        self.figure, (ax,) = new_figure(3.4, 3.6)
        self.regions = ax.imshow(
            np.zeros((GRID, GRID)),
            extent=(*LIMITS, *LIMITS),
            origin="lower",
            cmap=REGION_CMAP,
            vmin=0,
            vmax=1,
            interpolation="nearest",
        )
        (self.line,) = ax.plot([], [], color="black", linewidth=2)
        self.points = [
            ax.scatter([], [], s=110, color=color, marker=marker, edgecolors="black", zorder=3)
            for color, marker in zip(CLASS_COLORS, "os")
        ]
        self.mistakes = ax.scatter([], [], s=420, facecolors="none", edgecolors="crimson",
                                   linewidths=2, zorder=4)
        ax.set(xlim=LIMITS, ylim=LIMITS, xticks=[0, 1], yticks=[0, 1], aspect="equal",
               xlabel="$x_1$", ylabel="$x_2$")
        self.title = moving_title(ax, fontsize=10)
        handles = [
            Line2D([], [], linestyle="", marker=marker, markersize=8, color=color,
                   markeredgecolor="black", label=f"class {label}")
            for label, (color, marker) in enumerate(zip(CLASS_COLORS, "os"))
        ]
        handles.append(Line2D([], [], linestyle="", marker="o", markersize=11, markeredgewidth=2,
                              markerfacecolor="none", color="crimson", label="misclassified"))
        self.figure.legend(handles=handles, loc="lower center", ncol=3, fontsize=8,
                           frameon=False, handletextpad=0.1, columnspacing=0.8)
        self.figure.subplots_adjust(left=0.16, right=0.96, top=0.9, bottom=0.2)
        self.live = LiveFigure(self.figure, [self.regions, self.line, *self.points,
                                             self.mistakes, self.title])

    def show(self, state):
        """Draw ``state`` (a `PerceptronState`)."""
        self.regions.set_data(state.regions)
        self.line.set_data(*state.line)
        for label, points in enumerate(self.points):
            points.set_offsets(state.X[state.y == label])
        self.mistakes.set_offsets(state.X[state.misclassified].reshape(-1, 2))
        right = int(round(state.accuracy * len(state.y)))
        self.title.set_text(f"{state.gate.upper()}: {right} of {len(state.y)} right")

    def png(self):
        """The figure as it is now, as PNG bytes (see `LiveFigure`)."""
        return self.live.png()


def perceptron_figure(gate=START["gate"], w1=START["w1"], w2=START["w2"], b=START["b"]):
    """The perceptron widget's figure for these settings (its first view by default).

    Returns
    -------
    matplotlib.figure.Figure
    """
    plot = PerceptronPlot()
    plot.show(perceptron_state(gate, w1, w2, b))
    return plot.figure
