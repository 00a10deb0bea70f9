"""The fully connected layer."""
import numpy as np

from .base import Layer, check_shape, make_rng


class Dense(Layer):
    """Fully connected layer ``Y = X W + b``.

    Parameters
    ----------
    n_in, n_out : int
        Input features D and output features M.
    rng : numpy.random.Generator or int, optional
        Draws the initial weights (unseeded when omitted).
    dtype : numpy dtype, default float64
        Dtype of the parameters; feed inputs of the same dtype.

    Attributes
    ----------
    params : {"W": ndarray of shape (D, M), "b": ndarray of shape (M,)}
        W starts uniform in ``±sqrt(6 / (D + M))`` (Glorot), b at zero.
    """

    def __init__(self, n_in, n_out, rng=None, dtype=np.float64):
        super().__init__()
        self.n_in, self.n_out = n_in, n_out
        limit = np.sqrt(6 / (n_in + n_out))
        w = make_rng(rng).uniform(-limit, limit, size=(n_in, n_out))
        self.params = {"W": w.astype(dtype), "b": np.zeros(n_out, dtype=dtype)}

    def forward(self, x):
        """Y = X W + b for X of shape (N, D); returns (N, M)."""
        check_shape(self, x, ("N", self.n_in))
        self.x = x
        return x @ self.params["W"] + self.params["b"]

    def backward(self, dout):
        """Given dE/dY of shape (N, M), fill dE/dW, dE/db; return dE/dX (N, D).

        dE/dW = X^T dE/dY, dE/db = the column sums of dE/dY,
        dE/dX = dE/dY W^T.
        """
        check_shape(self, dout, (len(self.x), self.n_out))
        self.grads["W"] = self.x.T @ dout
        self.grads["b"] = dout.sum(axis=0)
        return dout @ self.params["W"].T

    def __repr__(self):
        return f"Dense({self.n_in}, {self.n_out})"
