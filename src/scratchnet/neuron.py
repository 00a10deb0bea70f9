"""One neuron that learns: a linear neuron and a sigmoid neuron, trained by gradient descent.

The linear neuron ``y_hat = w x + b`` is fitted to points ``(x, y)`` on the
mean squared error; the sigmoid neuron ``p = sigmoid(x . w + b)`` separates
two classes on the binary cross-entropy. Each ``*_loss_and_gradients``
returns the loss and its gradients with respect to ``w`` and ``b``, and
`gradient_descent` walks downhill on any of them.
"""
import numpy as np

from .activations import sigmoid
from .losses import binary_cross_entropy


def noisy_line(n=30, slope=2.0, intercept=-1.0, noise=0.6, rng=None):
    """Points scattered around the line ``y = slope x + intercept``.

    Returns
    -------
    x : ndarray of shape (N,)
        Uniform on [-1, 3].
    y : ndarray of shape (N,)
        ``slope * x + intercept`` plus Gaussian noise of standard deviation ``noise``.
    """
    rng = np.random.default_rng(0) if rng is None else rng
    x = rng.uniform(-1.0, 3.0, size=n)
    y = slope * x + intercept + rng.normal(scale=noise, size=n)
    return x, y


def two_blobs(n_per_class=50, distance=3.0, rng=None):
    """Two round Gaussian clouds in the plane, class 0 and class 1.

    Returns
    -------
    x : ndarray of shape (2 * n_per_class, 2)
        Class 0 centred at (0, 0), class 1 at ``distance`` along the diagonal.
    y : ndarray of shape (2 * n_per_class,)
        Labels 0.0 and 1.0.
    """
    rng = np.random.default_rng(0) if rng is None else rng
    centre = distance * np.array([1.0, 1.0]) / np.sqrt(2)
    x0 = rng.normal(size=(n_per_class, 2))
    x1 = rng.normal(size=(n_per_class, 2)) + centre
    y = np.repeat([0.0, 1.0], n_per_class)
    return np.vstack([x0, x1]), y


def linear_loss(w, b, x, y):
    """Mean squared error of ``y_hat = w x + b``, for one (w, b) or a whole grid of them.

    Parameters
    ----------
    w, b : float or ndarray of shape (R, S)
        The neuron's weight and bias; arrays give the loss at every grid point.
    x, y : ndarray of shape (N,)

    Returns
    -------
    float or ndarray of shape (R, S)
    """
    w, b = np.asarray(w, dtype=float), np.asarray(b, dtype=float)
    error = w[..., None] * x + b[..., None] - y  # (R, S, N)
    return np.mean(error ** 2, axis=-1)


def linear_loss_and_gradients(w, b, x, y):
    """The mean squared error of ``y_hat = w x + b`` and its gradients.

    Parameters
    ----------
    w, b : float
    x, y : ndarray of shape (N,)

    Returns
    -------
    loss : float
        ``mean((w x + b - y)**2)``.
    dw, db : float
        dL/dw ``= 2 mean((y_hat - y) x)`` and dL/db ``= 2 mean(y_hat - y)``.
    """
    error = w * x + b - y  # y_hat - y, shape (N,)
    loss = np.mean(error ** 2)
    dw = 2 * np.mean(error * x)
    db = 2 * np.mean(error)
    return float(loss), float(dw), float(db)


def gradient_descent(grad_fn, start, learning_rate, steps):
    """Take ``steps`` steps downhill from ``start``: ``point -= learning_rate * grad_fn(point)``.

    Parameters
    ----------
    grad_fn : callable
        ``grad_fn(point)`` returns the gradient of the loss at ``point``,
        an array-like of shape (P,).
    start : array-like of shape (P,)
        The first point, e.g. ``(w, b)``.
    learning_rate : float
    steps : int

    Returns
    -------
    path : ndarray of shape (steps + 1, P)
        ``path[0]`` is ``start``, ``path[k]`` the point after k steps.
    """
    point = np.array(start, dtype=float)
    path = [point]
    for _ in range(steps):
        point = point - learning_rate * np.asarray(grad_fn(point), dtype=float)
        path.append(point)
    return np.array(path)


def linear_hessian(x):
    """The matrix of second derivatives of `linear_loss` with respect to (w, b).

    The loss is quadratic in (w, b), so its Hessian is the same everywhere
    and depends on the inputs ``x`` (N,) only.

    Returns
    -------
    ndarray of shape (2, 2)
        ``2 [[mean(x**2), mean(x)], [mean(x), 1]]``.
    """
    return 2 * np.array([[np.mean(x ** 2), np.mean(x)], [np.mean(x), 1.0]])


def learning_rate_bound(x):
    """The largest stable learning rate for `linear_loss` on inputs ``x`` (N,).

    Gradient descent on a quadratic converges for every start exactly when
    ``learning_rate < 2 / lambda_max``, the largest eigenvalue of `linear_hessian`.

    Returns
    -------
    float
    """
    return float(2 / np.linalg.eigvalsh(linear_hessian(x)).max())


def squared_error_graph(w, b, x, y):
    """Forward and backward through ``L = (w x + b - y)**2`` for one example, node by node.

    Parameters
    ----------
    w, b, x, y : float

    Returns
    -------
    values : dict of str to float
        Each node's value, from the forward pass: ``u = w x``,
        ``y_hat = u + b``, ``e = y_hat - y``, ``L = e**2``.
    grads : dict of str to float
        dL/d(node) for every node and input, from the backward pass.
    """
    u = w * x
    y_hat = u + b
    e = y_hat - y
    loss = e ** 2
    # Backward: each gradient is the local derivative times the gradient from above.
    d_loss = 1.0
    d_e = 2 * e * d_loss
    d_y_hat = 1.0 * d_e
    d_y = -1.0 * d_e
    d_u = 1.0 * d_y_hat
    d_b = 1.0 * d_y_hat
    d_w = x * d_u
    d_x = w * d_u
    values = {"w": w, "x": x, "b": b, "y": y, "u": u, "y_hat": y_hat, "e": e, "L": loss}
    grads = {"w": d_w, "x": d_x, "b": d_b, "y": d_y, "u": d_u, "y_hat": d_y_hat, "e": d_e,
             "L": d_loss}
    return values, grads


def logistic_loss_and_gradients(w, b, x, y):
    """The binary cross-entropy of ``p = sigmoid(x . w + b)`` and its gradients.

    Parameters
    ----------
    w : ndarray of shape (D,)
    b : float
    x : ndarray of shape (N, D)
    y : ndarray of shape (N,)
        Labels 0 or 1.

    Returns
    -------
    loss : float
        ``-mean(y log p + (1 - y) log(1 - p))``.
    dw : ndarray of shape (D,)
    db : float
        Through dL/dz_n ``= (p_n - y_n) / N`` at each pre-activation ``z_n``.
    """
    p = sigmoid(x @ w + b)  # (N,)
    loss = binary_cross_entropy(y, p)
    dz = (p - y) / len(y)  # (N,)
    dw = x.T @ dz  # (D,)
    db = np.sum(dz)
    return loss, dw, float(db)


def fit_logistic(x, y, learning_rate=0.5, steps=200):
    """Train a sigmoid neuron from ``w = 0, b = 0`` by full-batch gradient descent.

    Parameters
    ----------
    x : ndarray of shape (N, D)
    y : ndarray of shape (N,)
    learning_rate : float
    steps : int

    Returns
    -------
    path : ndarray of shape (steps + 1, D + 1)
        Each row is ``(w_1, ..., w_D, b)``; the last row is the trained neuron.
    """
    def grad_fn(point):
        _, dw, db = logistic_loss_and_gradients(point[:-1], point[-1], x, y)
        return np.append(dw, db)

    return gradient_descent(grad_fn, np.zeros(x.shape[1] + 1), learning_rate, steps)


def fit_linear(x, y, start, learning_rate, steps):
    """Gradient descent on `linear_loss` from ``start = (w, b)``.

    Parameters
    ----------
    x, y : ndarray of shape (N,)
    start : tuple of float
        The first ``(w, b)``.
    learning_rate : float
    steps : int

    Returns
    -------
    path : ndarray of shape (steps + 1, 2)
        The ``(w, b)`` after each step, ``start`` first.
    """
    def grad_fn(point):
        _, dw, db = linear_loss_and_gradients(point[0], point[1], x, y)
        return dw, db

    return gradient_descent(grad_fn, start, learning_rate, steps)
