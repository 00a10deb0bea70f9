"""The one-hidden-layer sigmoid MLP of the classic walkthrough.

Names follow the walkthrough exactly (``wh``, ``bh``, ``wout``, ``bout``,
``E = y - output``, slopes taken from the activations), so the book can
show each matrix under the name a reader has seen. Note the sign: with
``E = y - output`` the updates *add* ``lr * gradient-like`` terms, which
is gradient descent on the squared error ``0.5 * sum((y - output)**2)``.
"""
import numpy as np

from .activations import sigmoid


def sigmoid_slope(a):
    """Slope of the sigmoid from its *activation* ``a = sigmoid(z)``: a (1 - a).

    The walkthrough's ``derivatives_sigmoid``. Compare
    `scratchnet.activations.sigmoid_prime`, which takes ``z`` itself.
    """
    return a * (1 - a)


def init_params(n_input, n_hidden, n_output, rng=None):
    """Uniform [0, 1) initial weights and biases, as the walkthrough draws them.

    Returns
    -------
    params : dict
        ``wh`` (n_input, n_hidden), ``bh`` (1, n_hidden),
        ``wout`` (n_hidden, n_output), ``bout`` (1, n_output).
    """
    rng = np.random.default_rng(0) if rng is None else rng
    return {
        "wh": rng.uniform(size=(n_input, n_hidden)),
        "bh": rng.uniform(size=(1, n_hidden)),
        "wout": rng.uniform(size=(n_hidden, n_output)),
        "bout": rng.uniform(size=(1, n_output)),
    }


def forward(X, params):
    """Forward propagation.

    Parameters
    ----------
    X : ndarray of shape (N, D)
    params : dict from `init_params`

    Returns
    -------
    hiddenlayer_activations : ndarray of shape (N, H)
    output : ndarray of shape (N, O)
    """
    hiddenlayer_activations = sigmoid(X @ params["wh"] + params["bh"])
    output = sigmoid(hiddenlayer_activations @ params["wout"] + params["bout"])
    return hiddenlayer_activations, output


def iteration(X, y, params, lr):
    """One full iteration (forward, backward, update), every matrix by name.

    ``params`` is not modified; the updated parameters are returned under
    their own names.

    Parameters
    ----------
    X : ndarray of shape (N, D)
    y : ndarray of shape (N, O)
    params : dict with ``wh``, ``bh``, ``wout``, ``bout``
    lr : float

    Returns
    -------
    steps : dict of str to ndarray
        In computation order: ``hidden_layer_input``,
        ``hiddenlayer_activations``, ``output_layer_input``, ``output``,
        ``E``, ``slope_output_layer``, ``slope_hidden_layer``,
        ``d_output``, ``Error_at_hidden_layer``, ``d_hiddenlayer``,
        then the updated ``wout``, ``bout``, ``wh``, ``bh``.
    """
    s = {}
    s["hidden_layer_input"] = X @ params["wh"] + params["bh"]
    s["hiddenlayer_activations"] = sigmoid(s["hidden_layer_input"])
    s["output_layer_input"] = s["hiddenlayer_activations"] @ params["wout"] + params["bout"]
    s["output"] = sigmoid(s["output_layer_input"])
    s["E"] = y - s["output"]
    s["slope_output_layer"] = sigmoid_slope(s["output"])
    s["slope_hidden_layer"] = sigmoid_slope(s["hiddenlayer_activations"])
    s["d_output"] = s["E"] * s["slope_output_layer"]
    s["Error_at_hidden_layer"] = s["d_output"] @ params["wout"].T
    s["d_hiddenlayer"] = s["Error_at_hidden_layer"] * s["slope_hidden_layer"]
    s["wout"] = params["wout"] + s["hiddenlayer_activations"].T @ s["d_output"] * lr
    s["bout"] = params["bout"] + np.sum(s["d_output"], axis=0, keepdims=True) * lr
    s["wh"] = params["wh"] + X.T @ s["d_hiddenlayer"] * lr
    s["bh"] = params["bh"] + np.sum(s["d_hiddenlayer"], axis=0, keepdims=True) * lr
    return s


def train(X, y, params, epochs, lr):
    """Full-batch gradient descent for ``epochs`` iterations.

    Returns
    -------
    params : dict
        The trained parameters (new arrays; the input dict is untouched).
    history : list of float
        The squared error ``0.5 * sum(E**2)`` before each iteration.
    """
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    if len(X) != len(y):
        raise ValueError(f"X has {len(X)} samples but y has {len(y)}")
    history = []
    for _ in range(epochs):
        s = iteration(X, y, params, lr)
        history.append(0.5 * float(np.sum(s["E"] ** 2)))
        params = {name: s[name] for name in ("wh", "bh", "wout", "bout")}
    return params, history
