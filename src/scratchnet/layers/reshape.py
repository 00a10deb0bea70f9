"""Flatten: from images to the rows a Dense layer takes."""
import numpy as np

from .base import Layer, ShapeError, check_shape


class Flatten(Layer):
    """Reshape (N, d_1, ..., d_k) to (N, d_1 * ... * d_k); backward undoes it."""

    def forward(self, x):
        """Flatten X of shape (N, d_1, ..., d_k) to (N, D)."""
        x = np.asarray(x)
        if x.ndim < 2:
            raise ShapeError(f"{self!r} expects input of shape (N, d_1, ..., d_k), got {x.shape}")
        self.x_shape = x.shape
        return x.reshape(len(x), -1)

    def backward(self, dout):
        """Given dE/dY of shape (N, D), return dE/dX of the input's shape."""
        n = self.x_shape[0]
        check_shape(self, dout, (n, int(np.prod(self.x_shape[1:]))))
        return dout.reshape(self.x_shape)
