"""The training widget's NumPy reference: the data, the 2-H-H-1 network, its readout.

The widget trains in the page (js/training.maths.js), in the manner of the
TensorFlow Playground; the tests hold its data, weights, passes and steps to
these functions and to `scratchnet.network.Network`. The data and the starting
weights come from the same seeded generator as the page's (mulberry32 and
Box-Muller, ported from js/common.js), so a seed gives the same numbers here.
"""
import math

import numpy as np

from ..layers import Dense, Sigmoid, Tanh
from ..losses import binary_cross_entropy, binary_cross_entropy_prime
from ..network import Network
from .seeded import normal, random_generator

DATASETS = ("xor", "circles", "spirals")
POINTS = 300  # per data set, half of each class
NOISE = {"xor": 0.2, "circles": 0.08, "spirals": 0.04}
LEARNING_RATES = (0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
BATCH_SIZES = (1, 10, 30, 100, POINTS)  # POINTS: full batch
HIDDEN_RANGE = (1, 16)
SEED_RANGE = (0, 99)
LIMITS = (-1.3, 1.3)  # the square drawn, in both coordinates
GRID = 61  # the decision regions: the output on GRID x GRID points
START = {"dataset": "spirals", "learning_rate": 0.1, "hidden_size": 8, "batch_size": 10,
         "seed": 0}
PARAM_NAMES = ("W1", "b1", "W2", "b2", "W3", "b3")

def stream(seed, index):
    """The generator of stream ``index`` of ``seed``: 0 the data, 1 the weights, 2 + e epoch e's order."""
    return random_generator((seed * 0x9E3779B1 + index) & 0xFFFFFFFF)


def make_data(dataset, seed):
    """The data set ``dataset`` drawn from ``seed``, as the page draws it.

    Returns
    -------
    X : ndarray of shape (POINTS, 2)
    y : ndarray of shape (POINTS, 1)
        The classes, 0.0 or 1.0; the first half of the points are class 0.
    """
    if dataset not in DATASETS:
        raise ValueError(f"unknown data set {dataset!r}; choose one of {list(DATASETS)}")
    random = stream(seed, 0)
    noise = NOISE[dataset]
    half = POINTS // 2
    X = np.empty((POINTS, 2))
    y = np.repeat([0.0, 1.0], half).reshape(POINTS, 1)
    for n in range(POINTS):
        label, i = divmod(n, half)
        if dataset == "xor":
            # Four clusters; class 1 where the signs of x1 and x2 differ, as XOR(x1 > 0, x2 > 0).
            s1 = 1 if i % 2 else -1
            s2 = s1 if label == 0 else -s1
            c1, c2 = 0.5 * s1, 0.5 * s2
        elif dataset == "circles":
            # Class 1 inside radius 0.5, class 0 on a ring from 0.8 to 1.1.
            radius = 0.5 * random() if label else 0.8 + 0.3 * random()
            angle = 2 * math.pi * random()
            c1, c2 = radius * math.sin(angle), radius * math.cos(angle)
        else:
            # Two arms, each turning 1.75 times around the centre, half a turn apart.
            t = i / half
            angle = 1.75 * 2 * math.pi * t + math.pi * label
            c1, c2 = t * math.sin(angle), t * math.cos(angle)
        X[n, 0] = c1 + noise * normal(random)
        X[n, 1] = c2 + noise * normal(random)
    return X, y


def init_params(hidden_size, seed):
    """Starting weights of Dense(2, H), Dense(H, H), Dense(H, 1), drawn from ``seed``.

    Dense's formula, W uniform in ±sqrt(6 / (D + M)) and b = 0, with the page's
    generator (W row by row, then the next layer's).

    Returns
    -------
    dict of str to ndarray
        W1 (2, H), b1 (H,), W2 (H, H), b2 (H,), W3 (H, 1), b3 (1,).
    """
    check_hidden_size(hidden_size)
    random = stream(seed, 1)
    params = {}
    sizes = [2, hidden_size, hidden_size, 1]
    for k, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:]), start=1):
        limit = math.sqrt(6 / (n_in + n_out))
        # numpy's uniform(low, high): low + (high - low) * u
        W = [-limit + (limit - -limit) * random() for _ in range(n_in * n_out)]
        params[f"W{k}"] = np.array(W).reshape(n_in, n_out)
        params[f"b{k}"] = np.zeros(n_out)
    return params


def check_hidden_size(hidden_size):
    low, high = HIDDEN_RANGE
    if not (isinstance(hidden_size, (int, np.integer)) and low <= hidden_size <= high):
        raise ValueError(f"hidden_size must be a whole number from {low} to {high}, "
                         f"got {hidden_size!r}")


def as_arrays(params):
    """Parameters from the widget's state (flat lists) as arrays of the layers' shapes."""
    hidden = len(params["b1"])
    shapes = {"W1": (2, hidden), "b1": (hidden,), "W2": (hidden, hidden), "b2": (hidden,),
              "W3": (hidden, 1), "b3": (1,)}
    return {name: np.array(params[name], dtype=float).reshape(shapes[name])
            for name in PARAM_NAMES}


def as_lists(params):
    """Parameters as the widget's state holds them: flat lists, row by row."""
    return {name: np.asarray(params[name], dtype=float).ravel().tolist() for name in PARAM_NAMES}


def build_network(params):
    """Dense(2, H), Tanh, Dense(H, H), Tanh, Dense(H, 1), Sigmoid with binary cross-entropy.

    Parameters
    ----------
    params : dict
        W1, b1, W2, b2, W3, b3, as arrays or as the widget's flat lists (copied).
    """
    params = as_arrays(params)
    hidden = len(params["b1"])
    net = Network([Dense(2, hidden, rng=0), Tanh(), Dense(hidden, hidden, rng=0), Tanh(),
                   Dense(hidden, 1, rng=0), Sigmoid()])
    for k, dense in enumerate(net.layers[::2], start=1):
        dense.params["W"][...] = params[f"W{k}"]
        dense.params["b"][...] = params[f"b{k}"]
    net.use(binary_cross_entropy, binary_cross_entropy_prime)
    return net


def network_params(net):
    """The parameters of a network from `build_network`, as a dict of copies."""
    return {f"{name}{k}": dense.params[name].copy()
            for k, dense in enumerate(net.layers[::2], start=1) for name in ("W", "b")}


def shuffle_order(seed, epoch, n=POINTS):
    """The order in which epoch number ``epoch`` (from 0) visits the points (Fisher-Yates).

    Returns
    -------
    ndarray of int, shape (n,)
    """
    random = stream(seed, 2 + epoch)
    order = list(range(n))
    for i in range(n - 1, 0, -1):
        j = math.floor(random() * (i + 1))
        order[i], order[j] = order[j], order[i]
    return np.array(order)


class FixedOrder(np.random.Generator):
    """A Generator whose ``permutation`` returns a given order: `Network.fit` then visits
    the points in the page's order."""

    def __init__(self, order):
        super().__init__(np.random.PCG64(0))
        self.order = np.asarray(order)

    def permutation(self, n):
        if n != len(self.order):
            raise ValueError(f"the order has {len(self.order)} entries, not {n}")
        return self.order.copy()


def train_epochs(net, X, y, seed, first_epoch, epochs, learning_rate, batch_size):
    """Train ``net`` in place as the page does, epoch ``first_epoch`` onwards.

    Each epoch is `Network.fit` for one epoch over `shuffle_order` (or, when
    ``batch_size`` covers the data, the data in order, as ``fit`` does).

    Returns
    -------
    list of float
        ``fit``'s loss of each epoch (the mean of the batch losses).
    """
    history = []
    for epoch in range(first_epoch, first_epoch + epochs):
        order = FixedOrder(shuffle_order(seed, epoch, len(X)))
        history += net.fit(X, y, epochs=1, learning_rate=learning_rate, batch_size=batch_size,
                           rng=order, verbose=False)
    return history


def evaluate(params, X, y):
    """Loss and number of points classified right (output above 0.5 means class 1).

    Returns
    -------
    loss : float
    right : int
    """
    p = build_network(params).predict(X)
    return binary_cross_entropy(y, p), int(np.sum((p > 0.5) == (y == 1)))


def regions(params, limits=LIMITS, size=GRID):
    """The network's output on a size x size grid over ``limits`` squared.

    Returns
    -------
    ndarray of shape (size, size)
        Row i is x2 = grid[i], column j is x1 = grid[j].
    """
    axis = np.linspace(*limits, size)
    g1, g2 = np.meshgrid(axis, axis)
    points = np.column_stack([g1.ravel(), g2.ravel()])
    return build_network(params).predict(points).reshape(size, size)


def training_readout(dataset, seed, params, epoch):
    """The widget's line of text: ``epoch N: loss L, accuracy A% (right/points)``."""
    X, y = make_data(dataset, seed)
    loss, right = evaluate(params, X, y)
    return f"epoch {epoch}: loss {loss:.4f}, accuracy {100 * right / len(y):.1f}% ({right}/{len(y)})"
