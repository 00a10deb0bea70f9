"""The perceptron: a weighted sum, a threshold, and a learning rule."""
import numpy as np


def step(z):
    """Heaviside step: 1 where ``z > 0``, else 0 (as integers)."""
    return (np.asarray(z) > 0).astype(int)


class Perceptron:
    """A single threshold unit ``y = step(x . w + b)``.

    Parameters
    ----------
    n_inputs : int
        Number of inputs D.
    learning_rate : float, default 1.0

    Attributes
    ----------
    w : ndarray of shape (D,)
        Weights, starting at zero.
    b : float
        Bias (minus the threshold), starting at zero.
    """

    def __init__(self, n_inputs, learning_rate=1.0):
        self.w = np.zeros(n_inputs)
        self.b = 0.0
        self.learning_rate = learning_rate

    def predict(self, x):
        """Outputs 0 or 1 for ``x`` of shape (N, D); returns shape (N,)."""
        x = np.asarray(x, dtype=float)
        if x.ndim != 2 or x.shape[1] != len(self.w):
            raise ValueError(
                f"Perceptron expects x of shape (N, {len(self.w)}), got {x.shape}"
            )
        return step(x @ self.w + self.b)

    def update(self, x_i, y_i):
        """Apply the perceptron rule to one example; return True if it changed anything.

        ``w += lr (y - y_hat) x`` and ``b += lr (y - y_hat)``: nothing moves
        when the prediction is right.
        """
        x_i = np.asarray(x_i, dtype=float)
        error = float(np.ravel(y_i)[0]) - self.predict(x_i[None, :])[0]
        self.w += self.learning_rate * error * x_i
        self.b += self.learning_rate * error
        return bool(error != 0)

    def fit(self, x, y, epochs=100):
        """Sweep the examples in order until an epoch makes no mistake.

        Parameters
        ----------
        x : ndarray of shape (N, D)
        y : ndarray of shape (N,) or (N, 1) of 0/1 labels
        epochs : int
            Upper bound on the sweeps (XOR never converges).

        Returns
        -------
        mistakes : list of int
            The number of updates made in each epoch; it ends with 0 when
            the data were learned.
        """
        x = np.asarray(x, dtype=float)
        y = np.ravel(y)
        if len(x) != len(y):
            raise ValueError(f"x has {len(x)} samples but y has {len(y)}")
        mistakes = []
        for _ in range(epochs):
            mistakes.append(sum(self.update(x_i, y_i) for x_i, y_i in zip(x, y)))
            if mistakes[-1] == 0:
                break
        return mistakes
