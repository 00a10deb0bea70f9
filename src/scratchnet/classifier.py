"""A two-layer classifier in one class, with its gradient by hand and by numbers.

The network is ``softmax(sigmoid(X W1 + b1) W2 + b2)``: D inputs, H sigmoid
hidden units, C classes. Unlike `scratchnet.network.Network`, it is not built
from layers: the whole forward and backward pass sit in one method each, so
a reader can follow every array from the input to the loss and back.
"""
import numpy as np

from . import gradcheck
from .activations import sigmoid, sigmoid_prime, softmax
from .layers.base import make_rng
from .losses import cross_entropy, softmax_cross_entropy_prime


class TwoLayerNet:
    """A sigmoid hidden layer and a softmax output, trained on cross-entropy.

    Parameters
    ----------
    input_size, hidden_size, output_size : int
        Inputs D, hidden units H and classes C.
    weight_init_std : float, default 0.01
        Standard deviation of the normal initial weights; biases start at 0.
    rng : numpy.random.Generator or int, optional
        Draws the initial weights (unseeded when omitted).

    Attributes
    ----------
    params : dict of str to ndarray
        ``W1`` (D, H), ``b1`` (H,), ``W2`` (H, C), ``b2`` (C,).

    Notes
    -----
    Targets ``t`` are integer labels of shape (N,) or one-hot rows (N, C).
    """

    def __init__(self, input_size, hidden_size, output_size, weight_init_std=0.01, rng=None):
        rng = make_rng(rng)
        self.params = {
            "W1": weight_init_std * rng.standard_normal((input_size, hidden_size)),
            "b1": np.zeros(hidden_size),
            "W2": weight_init_std * rng.standard_normal((hidden_size, output_size)),
            "b2": np.zeros(output_size),
        }

    def predict(self, x):
        """Class probabilities for a batch.

        Parameters
        ----------
        x : ndarray of shape (N, D)

        Returns
        -------
        p : ndarray of shape (N, C)
            Each row sums to 1.
        """
        p = self.params
        a1 = sigmoid(x @ p["W1"] + p["b1"])  # (N, H)
        return softmax(a1 @ p["W2"] + p["b2"])

    def loss(self, x, t):
        """Mean cross-entropy of the predictions, a float.

        Parameters
        ----------
        x : ndarray of shape (N, D)
        t : ndarray of shape (N,) integer labels, or (N, C) one-hot
        """
        return cross_entropy(t, self.predict(x))

    def accuracy(self, x, t):
        """Fraction of examples whose most probable class is the true one.

        Parameters
        ----------
        x : ndarray of shape (N, D)
        t : ndarray of shape (N,) integer labels, or (N, C) one-hot

        Returns
        -------
        float
            Between 0 and 1.
        """
        labels = t if t.ndim == 1 else t.argmax(axis=1)
        return float(np.mean(self.predict(x).argmax(axis=1) == labels))

    def numerical_gradient(self, x, t):
        """Gradient of `loss` by centred differences, one parameter entry at a time.

        Slow (two forward passes per entry) but hard to get wrong: the
        oracle against which `gradient` is checked.

        Returns
        -------
        grads : dict of str to ndarray
            Same keys and shapes as ``params``.
        """
        return {name: gradcheck.numerical_gradient(lambda: self.loss(x, t), param)
                for name, param in self.params.items()}

    def gradient(self, x, t):
        """Gradient of `loss` by backpropagation.

        Parameters
        ----------
        x : ndarray of shape (N, D)
        t : ndarray of shape (N,) integer labels, or (N, C) one-hot

        Returns
        -------
        grads : dict of str to ndarray
            ``W1`` (D, H), ``b1`` (H,), ``W2`` (H, C), ``b2`` (C,).
        """
        p = self.params
        z1 = x @ p["W1"] + p["b1"]  # (N, H)
        a1 = sigmoid(z1)
        z2 = a1 @ p["W2"] + p["b2"]  # (N, C), the logits
        dz2 = softmax_cross_entropy_prime(t, z2)  # (P - Y) / N
        da1 = dz2 @ p["W2"].T  # (N, H)
        dz1 = da1 * sigmoid_prime(z1)
        return {"W1": x.T @ dz1, "b1": dz1.sum(axis=0),
                "W2": a1.T @ dz2, "b2": dz2.sum(axis=0)}


def train(net, x, t, epochs, learning_rate, batch_size, rng=None, x_test=None, t_test=None):
    """Minibatch stochastic gradient descent, with the accuracies after each epoch.

    Parameters
    ----------
    net : TwoLayerNet
        Updated in place.
    x : ndarray of shape (N, D)
    t : ndarray of shape (N,) integer labels, or (N, C) one-hot
    epochs, batch_size : int
    learning_rate : float
    rng : numpy.random.Generator or int, optional
        Shuffles the examples afresh each epoch.
    x_test, t_test : ndarray, optional
        A held-out set, measured after each epoch too.

    Returns
    -------
    history : dict of str to list of float
        ``"loss"`` (training loss), ``"train"`` and ``"test"`` (accuracies),
        one entry per epoch (``"test"`` stays empty without a test set).
    """
    rng = make_rng(rng)
    history = {"loss": [], "train": [], "test": []}
    for _ in range(epochs):
        order = rng.permutation(len(x))
        for start in range(0, len(x), batch_size):
            batch = order[start:start + batch_size]
            grads = net.gradient(x[batch], t[batch])
            for name, param in net.params.items():
                param -= learning_rate * grads[name]
        history["loss"].append(net.loss(x, t))
        history["train"].append(net.accuracy(x, t))
        if x_test is not None:
            history["test"].append(net.accuracy(x_test, t_test))
    return history
