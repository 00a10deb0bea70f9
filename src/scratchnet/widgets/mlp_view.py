"""The sigmoid-MLP widget's NumPy reference: a 2-2-1 network of the walkthrough on XOR.

The widget computes these in JavaScript (js/mlp.maths.js); the tests hold
its results to these and to `scratchnet.mlp`.
"""
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .. import mlp
from ..activations import sigmoid
from ..datasets import logic_gate
from .perceptron_view import decision_line

SHAPES = {"wh": (2, 2), "bh": (1, 2), "wout": (2, 1), "bout": (1, 1)}
LIMITS = (-0.5, 1.5)
HIDDEN_LIMITS = (-0.05, 1.05)
GRID = 121
# The sliders run from -WEIGHT_LIMIT to WEIGHT_LIMIT, and training stops
# before a step would take a weight past it.
WEIGHT_LIMIT = 10.0
# Training stops once the loss is below this: the four outputs are then
# within about 0.03 of their targets.
LOSS_GOAL = 0.001
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


def check_params(params):
    """The parameters as float arrays, or a ValueError naming what is wrong.

    Parameters
    ----------
    params : dict
        ``wh`` (2, 2), ``bh`` (1, 2), ``wout`` (2, 1), ``bout`` (1, 1):
        arrays or nested lists, every entry finite and within the sliders'
        range [-WEIGHT_LIMIT, WEIGHT_LIMIT].

    Returns
    -------
    params : dict of str to ndarray
    """
    if not isinstance(params, dict):
        raise ValueError(f"params must be a dict with keys {list(SHAPES)}, not {type(params).__name__}")
    missing = [name for name in SHAPES if name not in params]
    if missing:
        raise ValueError(f"params lacks {missing}; it needs {list(SHAPES)}")
    checked = {}
    for name, shape in SHAPES.items():
        value = np.asarray(params[name], dtype=float)
        if value.shape != shape:
            raise ValueError(f"params[{name!r}] has shape {value.shape}; a 2-2-1 network needs {shape}")
        if not np.all(np.isfinite(value)):
            raise ValueError(f"params[{name!r}] holds a value that is not finite: {value.tolist()}")
        if np.max(np.abs(value)) > WEIGHT_LIMIT:
            raise ValueError(f"params[{name!r}] = {value.tolist()} leaves the sliders' range "
                             f"[-{WEIGHT_LIMIT:g}, {WEIGHT_LIMIT:g}]")
        checked[name] = value
    return checked


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


def train_until(params, learning_rate, max_steps, goal=LOSS_GOAL, limit=WEIGHT_LIMIT):
    """What the widget's *train* button does: gradient steps on XOR until one of three stops.

    Before each step: stop if the loss is below ``goal`` ("converged"), or if
    the step would take a weight past ``limit`` ("limit", the step is not
    taken); after ``max_steps`` steps, stop ("paused").

    Returns
    -------
    params : dict
        The parameters where training stopped.
    steps : int
        The gradient steps taken.
    reason : {"converged", "limit", "paused"}
    """
    X, y = logic_gate("xor")
    for steps in range(max_steps):
        s = mlp.iteration(X, y, params, learning_rate)
        if 0.5 * float(np.sum(s["E"] ** 2)) < goal:
            return params, steps, "converged"
        stepped = {name: s[name] for name in SHAPES}
        if max(np.max(np.abs(value)) for value in stepped.values()) > limit:
            return params, steps, "limit"
        params = stepped
    return params, max_steps, "paused"


@dataclass(frozen=True)
class MLPState:
    """Everything the MLP widget's pictures show.

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
