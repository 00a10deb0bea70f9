"""The saturation widget's NumPy reference: an activation's slope where its inputs land.

One dense layer with `N_IN` inputs and `N_UNITS` units gets a batch of
`N_EXAMPLES` standard-normal inputs, multiplied by an input scale, and
weights drawn with a chosen standard deviation. Its pre-activations
``z = x W`` then have a spread of about ``input_scale * weight_std *
sqrt(N_IN)``. The widget shows where they land (top) on the activation and
its slope (bottom), and counts the pre-activations whose slope is below
`THRESHOLD`: there the backward pass lets almost no gradient through.

The widget computes all this in JavaScript (js/saturation.maths.js); the
tests hold its results to these functions.
"""
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .. import activations
from ..diagnostics import saturated_fraction
from .seeded import uniforms

ACTIVATIONS = {
    "sigmoid": (activations.sigmoid, activations.sigmoid_prime),
    "tanh": (activations.tanh, activations.tanh_prime),
    "relu": (activations.relu, activations.relu_prime),
}
LABELS = {"sigmoid": "sigmoid", "tanh": "tanh", "relu": "ReLU"}
N_IN, N_UNITS, N_EXAMPLES = 100, 50, 400
THRESHOLD = 0.01
Z_LIMIT = 8.0
BINS = 81
# The grid on which the activation, its slope and the shaded stretches are drawn.
GRID = 801
START = {"activation": "tanh", "weight_std": 0.3, "input_scale": 1.0, "seed": 0}
# The sliders' ranges (logarithmic: the scales span decades).
WEIGHT_STD_RANGE = (0.001, 1.0)
INPUT_SCALE_RANGE = (0.1, 20.0)
# Normal draws are rounded to a multiple of this, so that a last-bit difference
# between the browser's Math.log and NumPy's cannot change a single draw.
QUANTUM = 2.0 ** -24

def standard_normals(seed, n):
    """``n`` standard-normal draws, as js/saturation.maths.js makes them.

    Box-Muller on pairs of `uniforms` (common.js's ``normal``), rounded to a
    multiple of `QUANTUM`.

    Returns
    -------
    ndarray of shape (n,)
    """
    u = uniforms(seed, 2 * n).reshape(n, 2)
    z = np.sqrt(-2 * np.log(1 - u[:, 0])) * np.cos(2 * np.pi * u[:, 1])
    return np.floor(z / QUANTUM + 0.5) * QUANTUM


@lru_cache(maxsize=4)
def standard_product(seed=START["seed"]):
    """``x0 @ w0`` for standard-normal ``x0`` and ``w0``, fixed by ``seed``; scales multiply it.

    The sum runs over the inputs in order, as the browser's loop does, so the
    two agree to the last bit (a BLAS matmul may add in another order).

    Returns
    -------
    ndarray of shape (N_EXAMPLES, N_UNITS)
    """
    draws = standard_normals(seed, N_EXAMPLES * N_IN + N_IN * N_UNITS)
    x0 = draws[:N_EXAMPLES * N_IN].reshape(N_EXAMPLES, N_IN)
    w0 = draws[N_EXAMPLES * N_IN:].reshape(N_IN, N_UNITS)
    product = np.zeros((N_EXAMPLES, N_UNITS))
    for k in range(N_IN):
        product += x0[:, k:k + 1] * w0[k]
    product.setflags(write=False)
    return product


def pre_activations(weight_std, input_scale=1.0, seed=START["seed"]):
    """The layer's pre-activations for the given scales.

    Parameters
    ----------
    weight_std : float
        Standard deviation of the weights.
    input_scale : float
        Standard deviation of the inputs.
    seed : int
        Fixes the standard-normal draws.

    Returns
    -------
    z : ndarray of shape (N_EXAMPLES, N_UNITS)
    """
    if weight_std <= 0 or input_scale <= 0:
        raise ValueError("weight_std and input_scale must be positive, "
                         f"got {weight_std} and {input_scale}")
    return input_scale * weight_std * standard_product(seed)


@dataclass(frozen=True)
class SaturationState:
    """Everything the picture and the readout show for one setting.

    Attributes
    ----------
    activation : str
    weight_std, input_scale : float
    z_std : float
        Standard deviation of the pre-activations.
    count : int
        How many pre-activations have a slope below `THRESHOLD`.
    total : int
        How many pre-activations there are (N_EXAMPLES * N_UNITS).
    fraction : float
        ``count / total``.
    edges : ndarray of shape (BINS + 1,)
        The histogram's bin edges across ``±Z_LIMIT``.
    counts : ndarray of int, shape (BINS,)
        Pre-activations per bin; values beyond ``±Z_LIMIT`` fall in the end bins.
    """

    activation: str
    weight_std: float
    input_scale: float
    z_std: float
    count: int
    total: int
    fraction: float
    edges: np.ndarray
    counts: np.ndarray


def saturation_state(activation, weight_std, input_scale=1.0, seed=START["seed"], bins=BINS):
    """Pre-activations, their histogram and the saturated count for one setting.

    Parameters
    ----------
    activation : {"sigmoid", "tanh", "relu"}
    weight_std, input_scale : float
    seed : int
    bins : int
        Histogram bins across ``±Z_LIMIT``.

    Returns
    -------
    SaturationState
    """
    if activation not in ACTIVATIONS:
        raise ValueError(f"activation must be one of {sorted(ACTIVATIONS)}, got {activation!r}")
    z = pre_activations(weight_std, input_scale, seed)
    f_prime = ACTIVATIONS[activation][1]
    counts, edges = np.histogram(np.clip(z, -Z_LIMIT, Z_LIMIT), bins=bins,
                                 range=(-Z_LIMIT, Z_LIMIT))
    return SaturationState(
        activation=activation, weight_std=float(weight_std), input_scale=float(input_scale),
        z_std=float(np.std(z)),
        count=int(np.count_nonzero(f_prime(z) < THRESHOLD)), total=z.size,
        fraction=saturated_fraction(z, f_prime, THRESHOLD),
        edges=edges, counts=counts,
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


def percent(count, total):
    """``count / total`` as a percentage with one decimal, halves rounded up.

    Done in integers, so the browser's text (which rounds ties otherwise than
    Python's format) is the same.
    """
    tenths = (2000 * count + total) // (2 * total)
    return f"{tenths // 10}.{tenths % 10}%"


def saturation_readout(state):
    """The key numbers of ``state`` as one line of text."""
    return (f"{LABELS[state.activation]}, weight std {state.weight_std:.3g}, input scale "
            f"{state.input_scale:.3g}: z has std {state.z_std:.3g}; {state.count} of "
            f"{state.total} pre-activations ({percent(state.count, state.total)}) have "
            f"slope f'(z) < {THRESHOLD}")
