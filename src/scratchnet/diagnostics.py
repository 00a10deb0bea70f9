"""Looking inside a network: what its layers compute and how much gradient they get."""
import numpy as np

from .layers import Activation, Dense


def collapse_linear(W1, b1, W2, b2):
    """The one linear layer equal to two stacked ones, with no activation between.

    ``(x W1 + b1) W2 + b2 = x (W1 W2) + (b1 W2 + b2)``.

    Parameters
    ----------
    W1 : ndarray of shape (D, H)
    b1 : ndarray of shape (H,)
    W2 : ndarray of shape (H, M)
    b2 : ndarray of shape (M,)

    Returns
    -------
    W : ndarray of shape (D, M)
    b : ndarray of shape (M,)
    """
    return W1 @ W2, b1 @ W2 + b2


def saturated_fraction(z, f_prime, threshold=0.01):
    """The fraction of pre-activations where the activation's slope is below ``threshold``.

    There the backward pass multiplies the gradient by almost nothing.

    Parameters
    ----------
    z : ndarray of any shape
        Pre-activations, e.g. (N, H): one entry per example and unit.
    f_prime : callable
        The activation's derivative, e.g. `scratchnet.activations.tanh_prime`.
    threshold : float

    Returns
    -------
    float
        Between 0 and 1.
    """
    return float(np.mean(f_prime(z) < threshold))


def activation_stds(network, x):
    """The standard deviation of each activation layer's output for the batch ``x``.

    Parameters
    ----------
    network : scratchnet.Network
    x : ndarray of shape (N, D)

    Returns
    -------
    list of float
        One per `Activation` layer, from the input side.
    """
    stds = []
    for layer in network.layers:
        x = layer.forward(x)
        if isinstance(layer, Activation):
            stds.append(float(np.std(x)))
    return stds


def gradient_norms(network, x, y):
    """The norm of dE/dW of each dense layer after one backward pass on ``(x, y)``.

    Parameters
    ----------
    network : scratchnet.Network
        With its loss set (`Network.use`).
    x : ndarray of shape (N, D)
    y : ndarray
        Targets in the form the loss expects.

    Returns
    -------
    list of float
        ``||dE/dW||`` (the square root of the sum of squares) of each
        `Dense` layer, from the input side.
    """
    out = network.forward(x)
    network.backward(network.loss_prime(y, out))
    return [float(np.linalg.norm(layer.grads["W"])) for layer in network.layers
            if isinstance(layer, Dense)]
