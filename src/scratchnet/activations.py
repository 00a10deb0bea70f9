"""Activation functions and their derivatives.

Each ``*_prime(z)`` takes the pre-activation ``z`` (the layer's input), as
the chain rule needs: ``dE/dz = dE/da * f'(z)``. The classic walkthrough
instead writes the sigmoid's slope from the activation, ``a * (1 - a)``
with ``a = sigmoid(z)``; that form lives in `scratchnet.mlp.sigmoid_slope`.
Mixing the two up (``sigmoid_prime(sigmoid(z))``) is a classic bug.
"""
import numpy as np


def sigmoid(z):
    """Logistic function ``1 / (1 + exp(-z))``, element-wise, without overflow."""
    z = np.asarray(z)
    # exp of a large positive number overflows; only ever exponentiate -|z|.
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


def sigmoid_prime(z):
    """Derivative of `sigmoid` at the pre-activation ``z``: s(z) (1 - s(z))."""
    s = sigmoid(z)
    return s * (1 - s)


def tanh(z):
    """Hyperbolic tangent, element-wise."""
    return np.tanh(z)


def tanh_prime(z):
    """Derivative of `tanh` at the pre-activation ``z``: 1 - tanh(z)**2."""
    return 1 - np.tanh(z) ** 2


def relu(z):
    """Rectified linear unit ``max(z, 0)``, element-wise."""
    return np.maximum(z, 0)


def relu_prime(z):
    """Derivative of `relu` at ``z``: 1 where z > 0, else 0 (0 at the kink)."""
    z = np.asarray(z)
    return (z > 0).astype(z.dtype if z.dtype.kind == "f" else np.float64)


def softmax(z):
    """Row-wise softmax of logits.

    Parameters
    ----------
    z : ndarray of shape (N, C)

    Returns
    -------
    p : ndarray of shape (N, C)
        Each row is positive and sums to 1. Subtracting the row's maximum
        first changes nothing mathematically but keeps ``exp`` from
        overflowing.
    """
    z = np.asarray(z)
    e = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)
