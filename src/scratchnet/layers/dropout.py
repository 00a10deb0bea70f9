"""Inverted dropout: a random mask in training, the identity in evaluation."""
import numpy as np

from .base import Layer, make_rng


class Dropout(Layer):
    """Zero each input with probability ``p`` during training.

    The kept inputs are scaled by ``1 / (1 - p)`` (inverted dropout), so
    the expected output equals the input and evaluation mode
    (``training = False``) is simply the identity.

    Parameters
    ----------
    p : float
        Probability of dropping an input, ``0 <= p < 1``.
    rng : numpy.random.Generator or int, optional
        Draws the masks (unseeded when omitted); a fresh mask on every
        forward pass in training mode.
    """

    def __init__(self, p, rng=None):
        super().__init__()
        if isinstance(p, bool) or not isinstance(p, (int, float, np.number)) or not 0 <= p < 1:
            raise ValueError(f"Dropout probability p must be a number with 0 <= p < 1, got {p!r}")
        self.p = float(p)
        self.rng = make_rng(rng)

    def forward(self, x):
        """Y = X * mask / (1 - p) in training, Y = X in evaluation; any shape."""
        if not self.training:
            self.mask = None
            return x
        keep = self.rng.random(x.shape) >= self.p
        self.mask = keep.astype(x.dtype) / (1 - self.p)
        return x * self.mask

    def backward(self, dout):
        """dE/dX = dE/dY * mask / (1 - p), the same scaled mask (dE/dY in evaluation)."""
        if self.mask is None:
            return dout
        if dout.shape != self.mask.shape:
            raise ValueError(
                f"{self!r}.backward expects dout of shape {self.mask.shape}, got {dout.shape}"
            )
        return dout * self.mask

    def __repr__(self):
        return f"Dropout(p={self.p})"
