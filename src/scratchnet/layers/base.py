"""The layer protocol that every layer in the book follows."""
import numpy as np


class ShapeError(ValueError):
    """An array reached a layer or loss with a shape it cannot take."""


class Layer:
    """A building block of a network.

    ``forward(x)`` computes the output Y from the input X and caches what
    ``backward`` needs. ``backward(dout)`` receives dE/dY, fills ``grads``
    (one entry per entry of ``params``, same shape) and returns dE/dX. It
    updates nothing: changing ``params`` is the training loop's job.

    Attributes
    ----------
    params : dict of str to ndarray
        The learnable arrays, e.g. ``{"W": ..., "b": ...}``; empty if none.
    grads : dict of str to ndarray
        dE/d(param) from the last ``backward``, same keys and shapes.
    training : bool
        True in training mode; layers such as ``Dropout`` behave
        differently in evaluation mode.
    """

    def __init__(self):
        self.params = {}
        self.grads = {}
        self.training = True

    def forward(self, x):
        raise NotImplementedError

    def backward(self, dout):
        raise NotImplementedError

    def __repr__(self):
        return type(self).__name__ + "()"


def check_shape(layer, x, expected):
    """Raise `ShapeError` unless ``x`` matches ``expected``.

    Parameters
    ----------
    layer : Layer
        Named in the message.
    x : ndarray
        The array received.
    expected : tuple
        One entry per dimension: an int that must match, or a str naming a
        free dimension (``"N"``), e.g. ``("N", 4)``.
    """
    x = np.asarray(x)
    fits = x.ndim == len(expected) and all(
        isinstance(e, str) or size == e for size, e in zip(x.shape, expected)
    )
    if not fits:
        want = "(" + ", ".join(str(e) for e in expected) + ")"
        raise ShapeError(
            f"{layer!r} expects input of shape {want}, got {x.shape}"
        )


def make_rng(rng):
    """Return a NumPy Generator from a Generator, an int seed, or None.

    None gives fresh, unseeded randomness: a fixed default seed would give
    two layers built without ``rng`` the same, correlated weights. Pass a
    seed or a shared Generator to make a run reproducible.
    """
    if isinstance(rng, np.random.Generator):
        return rng
    return np.random.default_rng(rng)
