"""Weight initialisation: where a network's weights start.

Each function returns a fresh weight matrix of shape (n_in, n_out), to put
in a `Dense` layer's ``params["W"]``. The scaled ones keep the variance of
a layer's pre-activations equal to that of its inputs: for
``z = sum_i w_i x_i`` over n_in independent terms with zero-mean weights,
``Var(z) = n_in Var(w) E[x^2]``.
"""
import numpy as np


def constant(shape, value):
    """Every weight equal to ``value``: the start that never breaks symmetry.

    Parameters
    ----------
    shape : tuple of int
        E.g. (n_in, n_out).
    value : float

    Returns
    -------
    W : ndarray of the given shape
    """
    return np.full(shape, float(value))


def normal(shape, std, rng=None):
    """Independent draws from a normal distribution with mean 0 and spread ``std``.

    Parameters
    ----------
    shape : tuple of int
    std : float
        The standard deviation, the same whatever the layer's size
        (e.g. the once common 0.01).
    rng : numpy.random.Generator or int, optional

    Returns
    -------
    W : ndarray of the given shape
    """
    return np.random.default_rng(rng).normal(0.0, std, size=shape)


def xavier(n_in, n_out, rng=None):
    """Glorot (Xavier) normal initialisation, for tanh and sigmoid layers.

    Var(W) = 2 / (n_in + n_out): the compromise between 1 / n_in, which
    keeps the forward signal's variance, and 1 / n_out, which keeps the
    backward gradient's.

    Parameters
    ----------
    n_in, n_out : int
        Inputs D and outputs M of the layer.
    rng : numpy.random.Generator or int, optional

    Returns
    -------
    W : ndarray of shape (n_in, n_out)
    """
    return normal((n_in, n_out), np.sqrt(2.0 / (n_in + n_out)), rng)


def he(n_in, n_out, rng=None):
    """He (Kaiming) normal initialisation, for ReLU layers.

    Var(W) = 2 / n_in: a ReLU zeroes half of its inputs, which halves
    E[x^2] for the next layer, and the factor 2 makes up for it.

    Parameters
    ----------
    n_in, n_out : int
        Inputs D and outputs M of the layer.
    rng : numpy.random.Generator or int, optional

    Returns
    -------
    W : ndarray of shape (n_in, n_out)
    """
    return normal((n_in, n_out), np.sqrt(2.0 / n_in), rng)
