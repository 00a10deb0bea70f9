"""The fast `Dense` and `Network`: the first layer skips the gradient nobody uses.

A network's input is data: `Network.backward` computes dE/d(input) only to
throw it away. PyTorch skips it (the data does not require a gradient);
here `Network.fit` clears ``needs_input_grad`` on the first layer while it
trains, and `Dense` and `Conv2D` then skip their costliest product. For the
784-256-128-10 MLP of benchmarks/mlp.py that product is about 28% of an
epoch's arithmetic.
"""
from contextlib import contextmanager

import numpy as np

from .. import layers, network
from ..layers.base import check_shape


class Dense(layers.Dense):
    """Drop-in fast twin of `scratchnet.layers.Dense`: same constructor, params and results.

    Attributes
    ----------
    needs_input_grad : bool
        True by default; when False, ``backward`` skips dE/dX and returns None.
    """

    needs_input_grad = True

    def forward(self, x):
        """Y = X W + b for X of shape (N, D); returns (N, M)."""
        check_shape(self, x, ("N", self.n_in))
        self.x = x
        out = x @ self.params["W"]
        out += self.params["b"]  # in place: no second (N, M) array
        return out

    def backward(self, dout):
        """`scratchnet.layers.Dense.backward`, or None for dE/dX when it is not needed."""
        check_shape(self, dout, (len(self.x), self.n_out))
        self.grads["W"] = self.x.T @ dout
        self.grads["b"] = dout.sum(axis=0)
        if not self.needs_input_grad:
            return None
        return dout @ self.params["W"].T


class Network(network.Network):
    """`scratchnet.Network` whose `fit` spares the first layer's input gradient.

    Give it fast layers (`Dense`, `Conv2D` of this package) to benefit;
    readable layers train the same way, at their own speed.
    """

    def fit(self, x, y, epochs, learning_rate, batch_size=None, rng=None, verbose=True):
        """`scratchnet.Network.fit`, with the first layer's ``needs_input_grad`` off."""
        # Overflow inside the layers ends as a NaN or infinite loss, which
        # stop_if_diverged reports with a clearer message than NumPy's warnings.
        with np.errstate(over="ignore", invalid="ignore"), self.input_grad_off():
            return super().fit(x, y, epochs, learning_rate, batch_size=batch_size, rng=rng,
                               verbose=verbose)

    @contextmanager
    def input_grad_off(self):
        """Let the first layer skip dE/d(input) inside this block, if it can."""
        first = self.layers[0] if self.layers else None
        if not hasattr(first, "needs_input_grad"):
            yield
            return
        before = first.needs_input_grad
        first.needs_input_grad = False
        try:
            yield
        finally:
            first.needs_input_grad = before
