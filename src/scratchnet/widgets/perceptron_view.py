"""The perceptron widget's NumPy reference: the line, the classes, the mistakes.

The widget computes these in JavaScript (js/perceptron.maths.js); the tests
hold its results to these.
"""
from dataclasses import dataclass

import numpy as np

from ..datasets import logic_gate
from ..perceptron import Perceptron

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
