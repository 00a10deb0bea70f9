"""Gradient checking: compare a backward pass with centred differences."""
import numpy as np


def rel_error(a, b):
    """Relative error ``|a - b| / (|a| + |b|)`` of two arrays, in the 2-norm.

    0 when both are zero; about 1e-10 for a correct float64 gradient.
    """
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    scale = np.linalg.norm(a) + np.linalg.norm(b)
    if scale == 0.0:
        return 0.0
    return float(np.linalg.norm(a - b) / scale)


def numerical_gradient(f, x, h=1e-5):
    """Centred-difference gradient of the scalar ``f()`` with respect to ``x``.

    ``x`` is perturbed in place, one entry at a time, and restored:
    ``df/dx_i ~ (f(x + h e_i) - f(x - h e_i)) / 2h``.

    Parameters
    ----------
    f : callable
        Takes no argument, reads ``x`` and returns a float.
    x : ndarray of float64
        The array to differentiate with respect to (any shape).

    Returns
    -------
    grad : ndarray, same shape as ``x``
    """
    grad = np.zeros_like(x, dtype=np.float64)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + h
        f_plus = f()
        x[i] = old - h
        f_minus = f()
        x[i] = old
        grad[i] = (f_plus - f_minus) / (2 * h)
    return grad


def check_layer(layer, x, rng=None, h=1e-5):
    """Check a layer's ``backward`` against numerical gradients.

    The scalar checked is ``E = sum(forward(x) * dout)`` for a random
    upstream gradient ``dout``, so ``dE/dY = dout`` exactly.

    Parameters
    ----------
    layer : Layer
        Its ``forward`` must be deterministic (a ``Dropout`` needs a fixed
        mask, see its tests).
    x : ndarray of float64
        An input the layer accepts.
    rng : numpy.random.Generator, optional
        Draws ``dout``.

    Returns
    -------
    errors : dict of str to float
        ``"dx"`` and one entry per key of ``layer.params``: the relative
        error between analytic and numerical gradient.
    """
    rng = np.random.default_rng(0) if rng is None else rng
    x = np.array(x, dtype=np.float64)
    dout = rng.standard_normal(layer.forward(x).shape)
    dx = layer.backward(dout)
    analytic = {"dx": dx, **{k: g.copy() for k, g in layer.grads.items()}}

    def energy():
        return float(np.sum(layer.forward(x) * dout))

    errors = {"dx": rel_error(analytic["dx"], numerical_gradient(energy, x, h))}
    for name, param in layer.params.items():
        numeric = numerical_gradient(energy, param, h)
        errors[name] = rel_error(analytic[name], numeric)
    return errors


def check_loss(loss, loss_prime, y_true, y_pred, h=1e-5):
    """Relative error of ``loss_prime(y_true, y_pred)`` against numerical.

    Parameters
    ----------
    loss, loss_prime : callable
        ``loss(y_true, y_pred) -> float`` and its gradient with respect to
        ``y_pred``, ``loss_prime(y_true, y_pred) -> ndarray``.
    y_true : ndarray
    y_pred : ndarray of float64

    Returns
    -------
    error : float
    """
    y_pred = np.array(y_pred, dtype=np.float64)
    numeric = numerical_gradient(lambda: loss(y_true, y_pred), y_pred, h)
    return rel_error(loss_prime(y_true, y_pred), numeric)
